// Kept free of zod so browser code that only needs channel names does not pull the
// event schemas into its bundle (module-level schemas are not tree-shakeable).

/** The realtime channel for one thread's comments. */
export function threadChannel(threadKey: string): string {
  return `thread:${threadKey}`;
}

// Widgets subscribe to these two; beside threadChannel they share the chunk every widget
// already loads instead of a chunk of their own shared with the lazily loaded engine.

/** The realtime channel of one poll's results. */
export function pollChannel(pollId: string): string {
  return `poll:${pollId}`;
}

/** The realtime channel of the leaderboard and check-ins. */
export function leaderboardChannel(): string {
  return 'leaderboard';
}
