import type { CommentSettings, Role } from '@hearth/protocol';
import { createEngine, type Store } from '@hearth/engine';
import { applyCommunitySeed, type MemorySeedCommunity } from './community-seed.js';

/** Someone in the demo data. */
export interface MemorySeedMember {
  id: string;
  displayName: string;
  avatarUrl?: string | null;
  role?: Role;
  /** When they joined, in days before the adapter's clock at start-up (default: their first post). */
  joinedDaysAgo?: number;
  /** The experiment variant the host assigned them (`Viewer.variant`): every write of theirs carries it. */
  variant?: string;
  /**
   * Days after joining on which they came back and checked in (`[1, 7, 30]`): the history the
   * analytics' retention reads. Each must be a whole day from 1 up to, not including,
   * `joinedDaysAgo`, so every visit lies before today.
   */
  returns?: number[];
}

/** One comment of the demo data, with its replies. */
export interface MemorySeedComment {
  /** A member id from `MemorySeed.members`. */
  author: string;
  /** Markdown. */
  body: string;
  /** When it was written, relative to the adapter's clock at start-up. */
  minutesAgo: number;
  /** Who reacted: emoji to member ids. Emojis outside the configured set are skipped. */
  reactions?: Record<string, string[]>;
  replies?: MemorySeedComment[];
}

/** One thread of the demo data. */
export interface MemorySeedThread {
  key: string;
  comments: MemorySeedComment[];
  /** Lock the thread after seeding it. */
  locked?: boolean;
}

/**
 * Demo data for an empty store: members and threads of comments with replies and
 * reactions. Written through the engine, so every rule (depth, lengths) applies.
 */
export interface MemorySeed {
  members: MemorySeedMember[];
  threads: MemorySeedThread[];
  /** Feed posts, questions with answers and bounties, polls, feedback and check-ins. */
  community?: MemorySeedCommunity;
}

const DAY = 24 * 60 * 60_000;

/** Throws a TypeError when a comment names a member the seed does not list. */
export function checkSeed(seed: MemorySeed): void {
  const ids = new Set(seed.members.map((m) => m.id));
  for (const member of seed.members) {
    for (const day of member.returns ?? []) {
      if (member.joinedDaysAgo === undefined) throw new TypeError(`Seed member "${member.id}" has returns but no joinedDaysAgo to count them from.`);
      if (!Number.isInteger(day) || day < 1 || day >= member.joinedDaysAgo) {
        throw new TypeError(`Seed member "${member.id}" returns on day ${day}: use whole days from 1 to ${member.joinedDaysAgo - 1}, before today.`);
      }
    }
  }
  const walk = (comments: MemorySeedComment[], at: string): void =>
    comments.forEach((comment, i) => {
      if (!ids.has(comment.author)) throw new TypeError(`Seed ${at}.${i} names an unknown author "${comment.author}".`);
      for (const who of Object.values(comment.reactions ?? {}).flat()) {
        if (!ids.has(who)) throw new TypeError(`Seed ${at}.${i} has a reaction from an unknown member "${who}".`);
      }
      walk(comment.replies ?? [], `${at}.${i}.replies`);
    });
  seed.threads.forEach((thread, i) => walk(thread.comments, `threads.${i}.comments`));
}

/**
 * Writes a seed into any engine Store (the memory store, or a server's SQL store for its
 * demo), dating each comment `minutesAgo` before `now`.
 */
export async function applySeed(store: Store, seed: MemorySeed, options: { now: number; settings?: Partial<CommentSettings> }): Promise<void> {
  let at = options.now;
  // The seed may name the next id (a poll a page refers to); every other id stays random.
  let named: string | null = null;
  const ids = () => {
    const id = named ?? crypto.randomUUID();
    named = null;
    return id;
  };
  const engine = createEngine({ store, settings: options.settings, clock: () => at, ids });
  const members = new Map(seed.members.map((m) => [m.id, m]));
  const owner = { id: 'hearth-seed', displayName: 'Seed', role: 'owner' as const };
  let n = 0;

  const write = async (threadKey: string, comment: MemorySeedComment, parentId: string | null): Promise<void> => {
    at = options.now - comment.minutesAgo * 60_000;
    const author = members.get(comment.author)!;
    const post = await engine.createComment({ threadKey, parentId, body: comment.body, idempotencyKey: `seed-${(n += 1)}-${threadKey}`.slice(0, 128) }, author);
    for (const [emoji, who] of Object.entries(comment.reactions ?? {})) {
      if (!engine.settings.reactions.includes(emoji)) continue;
      for (const id of who) await engine.toggleReaction({ postId: post.id, emoji }, members.get(id)!);
    }
    for (const reply of comment.replies ?? []) await write(threadKey, reply, post.id);
  };

  // Members join first (a member joins with their first act), then the community, which
  // reaches further back than the comment threads, so every card's joined date comes before
  // everything its member wrote.
  for (const member of seed.members) {
    if (member.joinedDaysAgo === undefined) continue;
    at = options.now - member.joinedDaysAgo * DAY;
    await engine.community.updateProfile({}, member);
    // Each return is a check-in at the time of day they joined, n calendar days later.
    for (const day of [...new Set(member.returns ?? [])].sort((a, b) => a - b)) {
      at = options.now - (member.joinedDaysAgo - day) * DAY;
      await engine.gamification.checkIn({}, member);
    }
  }
  if (seed.community) {
    const clock = { at: (minutesAgo: number) => void (at = options.now - minutesAgo * 60_000), name: (id: string) => void (named = id) };
    await applyCommunitySeed(engine, seed.community, members, clock, async (threadKey, comments) => {
      for (const comment of comments) await write(threadKey, comment, null);
    });
    at = options.now;
  }
  for (const thread of seed.threads) {
    for (const comment of thread.comments) await write(thread.key, comment, null);
    if (thread.locked) await engine.lockThread({ threadKey: thread.key, locked: true }, owner);
  }
}
