// Kept free of zod so browser code that only needs channel names does not pull the
// event schemas into its bundle (module-level schemas are not tree-shakeable).

/** The realtime channel for one thread's comments. */
export function threadChannel(threadKey: string): string {
  return `thread:${threadKey}`;
}
