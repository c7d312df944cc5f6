import type { MemorySnapshot } from '@hearth/engine';

type Post = MemorySnapshot['posts'][number];
type Status = Post['status'];

/** On a true conflict the more restrictive status wins; nothing can bring a deleted post back. */
const RANK: Record<Status, number> = { published: 0, pending: 1, hidden: 2, deleted: 3 };

/**
 * Merges this tab's data (`mine`) with what storage holds now (`theirs`), record by record,
 * against `base`: the stored snapshot this tab last read or wrote, null when it has none.
 * Records carry no version, so the base is what tells a stale copy from a change: for each
 * field, a side that still holds the base value takes the other side's, and only when both
 * changed it does a rule decide.
 *
 * - Threads by key. A key created in both tabs under two ids keeps the earlier-created id
 *   (then the smaller id) and moves the other's posts to it. `locked`: lock wins a conflict.
 * - Posts by id, never dropped. Body and `editedAt` as one: the later `editedAt ?? createdAt`
 *   wins a conflict (a tie keeps theirs). Status: deleted > hidden > pending > published wins
 *   a conflict, and a deleted post's body stays empty. An older copy undoes nothing, since
 *   it still holds the base value.
 * - Reactions by (post, member, emoji): a removal is a change from the base, so it wins over
 *   a copy that still has the reaction, with no tombstone. Without a base (first sync) both
 *   sides' reactions are kept: a reaction may come back, but no accepted write is lost.
 * - Idempotency records by (actor, key), never dropped; on a clash the earlier one.
 * - Records of the engine's other collections by id, field by field where both sides changed
 *   one (this tab's value wins a field both changed); a removal is a change like any other.
 * - Derived fields are rebuilt: reaction counts and score from the reaction rows, and `seq`
 *   kept as stored for posts in `theirs` while this tab's other posts follow in their order.
 *
 * When `mine` adds nothing to `base`, the result equals `theirs`, so two tabs stop re-saving.
 */
export function mergeSnapshots(base: MemorySnapshot | null, mine: MemorySnapshot, theirs: MemorySnapshot): MemorySnapshot {
  // Threads: by id first, then by key.
  const baseThreads = index(base?.threads ?? [], (t) => t.id);
  const mineThreads = index(mine.threads, (t) => t.id);
  const theirThreads = index(theirs.threads, (t) => t.id);
  const byKey = new Map<string, MemorySnapshot['threads'][number]>();
  const moved = new Map<string, string>();
  for (const t of union(theirThreads, mineThreads)) {
    const m = mineThreads.get(t.id);
    const thread = m ? { ...t, locked: pick(baseThreads.get(t.id)?.locked, m.locked, t.locked, (x, y) => x || y) } : t;
    const other = byKey.get(thread.key);
    if (!other) byKey.set(thread.key, thread);
    else if (other.createdAt < thread.createdAt || (other.createdAt === thread.createdAt && other.id < thread.id)) moved.set(thread.id, other.id);
    else {
      moved.set(other.id, thread.id);
      byKey.set(thread.key, thread);
    }
  }

  // Reactions: presence by key.
  const reactionKey = (r: MemorySnapshot['reactions'][number]) => `${r.postId}\u0000${r.memberId}\u0000${r.emoji}`;
  const baseReactions = index(base?.reactions ?? [], reactionKey);
  const mineReactions = index(mine.reactions, reactionKey);
  const theirReactions = index(theirs.reactions, reactionKey);
  const reactions = union(theirReactions, mineReactions).filter((r) => {
    const key = reactionKey(r);
    return pick(baseReactions.has(key), mineReactions.has(key), theirReactions.has(key), (x) => x);
  });
  const counts = new Map<string, Record<string, number>>();
  for (const r of reactions) {
    const count = counts.get(r.postId) ?? {};
    count[r.emoji] = (count[r.emoji] ?? 0) + 1;
    counts.set(r.postId, count);
  }

  // Posts: field by field, then re-pointed, renumbered and recounted.
  const basePosts = index(base?.posts ?? [], (p) => p.id);
  const minePosts = index(mine.posts, (p) => p.id);
  const theirPosts = index(theirs.posts, (p) => p.id);
  let seq = Math.max(theirs.nextSeq, ...theirs.posts.map((p) => p.seq + 1));
  const edit = (p: Post) => ({ body: p.body, editedAt: p.editedAt, at: p.editedAt ?? p.createdAt });
  const posts = union(theirPosts, new Map([...minePosts].sort(([, a], [, b]) => a.seq - b.seq))).map((t): Post => {
    const m = minePosts.get(t.id);
    const b = basePosts.get(t.id);
    let post = t;
    if (!theirPosts.has(t.id)) post = { ...t, seq: seq++ };
    else if (m) {
      const status = pick(b?.status, m.status, t.status, (x, y) => (RANK[x] > RANK[y] ? x : y));
      const { body, editedAt } = pick(b && edit(b), edit(m), edit(t), (x, y) => (x.at > y.at ? x : y));
      post = { ...t, body: status === 'deleted' ? '' : body, editedAt, status };
    }
    const count = counts.get(post.id) ?? {};
    const score = Object.values(count).reduce((sum, n) => sum + n, 0);
    return { ...post, threadId: moved.get(post.threadId) ?? post.threadId, reactions: count, score };
  });

  // Idempotency records: union.
  const idempotencyKey = (r: MemorySnapshot['idempotency'][number]) => `${r.actorId}\u0000${r.key}`;
  const mineKeys = index(mine.idempotency, idempotencyKey);
  const theirKeys = index(theirs.idempotency, idempotencyKey);
  const idempotency = union(theirKeys, mineKeys).map((t) => {
    const m = mineKeys.get(idempotencyKey(t));
    return m && m.createdAt < t.createdAt ? m : t;
  });

  // Generic collections: record by record. A record only one side changed takes that side's
  // copy; where both changed it, field by field, so two writes to different fields (a title
  // granted in one tab, a post counted in the other) both survive, and where both changed one
  // field this tab's value wins. A removal is a change from the base like any other.
  const collections: Record<string, Array<{ id: string }>> = {};
  const names = new Set([...Object.keys(mine.collections ?? {}), ...Object.keys(theirs.collections ?? {})]);
  for (const name of names) {
    const of = (s: MemorySnapshot | null) => index(((s?.collections ?? {}) as Record<string, Array<{ id: string }>>)[name] ?? [], (r) => r.id);
    const [b, m, t] = [of(base), of(mine), of(theirs)];
    const ids = new Set([...t.keys(), ...m.keys()]);
    const merged: Array<{ id: string }> = [];
    for (const id of ids) {
      const kept = pick<{ id: string } | undefined>(b.get(id), m.get(id), t.get(id), (x, y) => (x && y ? mergeFields(b.get(id), x, y) : (x ?? y)));
      if (kept) merged.push(kept);
    }
    if (merged.length > 0) collections[name] = merged;
  }

  return { version: 2, threads: [...byKey.values()], posts, reactions, idempotency, nextSeq: seq, collections } as MemorySnapshot;
}

/**
 * Counts the engine keeps on a record in step with rows (replies, votes, reactions, a
 * member's published posts). When both tabs moved one, both moves count: the base plus each
 * side's change, the way the rows themselves merge.
 */
const COUNTERS = new Set(['replyCount', 'score', 'up', 'down', 'publishedCount']);

/** Per-emoji reaction counts kept on a record; merged per emoji like `COUNTERS`. */
const COUNT_MAPS = new Set(['reactions']);

/**
 * One record both sides changed: each top-level field by `pick`. On a conflict, counters add
 * both sides' changes, times (`…At`) keep the later, and anything else takes this tab's
 * value. Without a base (both created it) this tab's copy whole, not a blend of two.
 */
function mergeFields<R extends { id: string }>(base: R | undefined, mine: R, theirs: R): R {
  if (!base) return mine;
  const b = base as Record<string, unknown>;
  const m = mine as Record<string, unknown>;
  const t = theirs as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(m), ...Object.keys(t)])) {
    const value = pick(b[key], m[key], t[key], (x, y) => conflict(key, b[key], x, y));
    if (value !== undefined) merged[key] = value;
  }
  return merged as R;
}

function conflict(key: string, base: unknown, mine: unknown, theirs: unknown): unknown {
  const number = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (COUNTERS.has(key) && number(base) && number(mine) && number(theirs)) {
    const sum = mine + theirs - base;
    return key === 'score' ? sum : Math.max(0, sum);
  }
  if (COUNT_MAPS.has(key) && isCounts(base) && isCounts(mine) && isCounts(theirs)) {
    const out: Record<string, number> = {};
    for (const k of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      const n = (mine[k] ?? 0) + (theirs[k] ?? 0) - (base[k] ?? 0);
      if (n > 0) out[k] = n;
    }
    return out;
  }
  if (key.endsWith('At') && number(mine) && number(theirs)) return Math.max(mine, theirs);
  return mine;
}

function isCounts(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((n) => typeof n === 'number');
}

/** Deep equality of JSON values, ignoring the order of object keys. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return Array.isArray(a) === Array.isArray(b) && keys.length === Object.keys(y).length && keys.every((k) => k in y && same(x[k], y[k]));
}

/** Theirs where mine still holds the base value, mine where theirs does, else the tie-break. */
function pick<V>(base: V | undefined, mine: V, theirs: V, tie: (mine: V, theirs: V) => V): V {
  return same(base, mine) ? theirs : same(base, theirs) ? mine : tie(mine, theirs);
}

function index<T>(list: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(list.map((item) => [key(item), item]));
}

/** Every record of `theirs` in its order, then those only `mine` has. */
function union<T>(theirs: Map<string, T>, mine: Map<string, T>): T[] {
  return [...theirs.values(), ...[...mine].filter(([key]) => !theirs.has(key)).map(([, item]) => item)];
}
