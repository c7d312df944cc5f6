import { POST_STATUSES, ROLES, type PostStatus } from '@hearth/protocol';
import type {
  IdempotencyRecord,
  ListRootsQuery,
  NewPostRecord,
  PostPatch,
  PostRecord,
  ReactionRecord,
  RootKey,
  Store,
  ThreadRecord,
} from './store.js';
import { DuplicateRecordError, applyQuery, matches, type Collection, type FindQuery, type Where } from './collections.js';
import { COLLECTION_NAMES, type CollectionName, type Records } from './records.js';
import { deepFreeze } from './core/json-copy.js';

/** Everything a `MemoryStore` holds, as plain JSON. */
export interface MemorySnapshot {
  /** 2 since generic collections; version 1 snapshots (comments only) still load. */
  version: 2;
  threads: ThreadRecord[];
  posts: PostRecord[];
  reactions: ReactionRecord[];
  idempotency: IdempotencyRecord[];
  /** The next `seq` to hand out. */
  nextSeq: number;
  /** Every generic collection's records, by collection name. */
  collections: { [N in CollectionName]?: Array<Records[N]> };
}

type AnyRecord = { id: string } & Record<string, unknown>;

const SEP = '\u0000';

/** The store's data. Records in it are never changed in place, only replaced. */
interface Tables {
  threads: Map<string, ThreadRecord>;
  threadIdByKey: Map<string, string>;
  posts: Map<string, PostRecord>;
  reactions: Map<string, ReactionRecord>;
  idempotency: Map<string, IdempotencyRecord>;
  /** The next `seq` to hand out. */
  nextSeq: number;
  /** Generic collections by name; each Map is copied on a transaction's first write to it. */
  collections: Map<string, Map<string, AnyRecord>>;
}

/**
 * A `Store` in plain Maps, for demos, tests and the memory adapter. Transactions are
 * serialised, roll back on a throw, and stay invisible to other readers until they commit;
 * `toJSON`/`fromJSON` round-trip everything.
 *
 * @example
 * const store = new MemoryStore();
 * localStorage.setItem('hearth', JSON.stringify(store));
 * const again = MemoryStore.fromJSON(JSON.parse(localStorage.getItem('hearth')!));
 */
export class MemoryStore implements Store {
  #t: Tables = toTables({ version: 2, threads: [], posts: [], reactions: [], idempotency: [], nextSeq: 1, collections: {} });
  /** On a transaction's handle: collections already copied into the draft. */
  #copied = new Set<string>();
  /** Set on a transaction's handle: its tables are a private draft, written in place. */
  #draft: { open: boolean } | null = null;
  #lock: Promise<unknown> = Promise.resolve();

  /** Rebuilds a store from `toJSON()` output; throws a TypeError when the snapshot is malformed. */
  static fromJSON(json: unknown): MemoryStore {
    const store = new MemoryStore();
    store.load(json);
    return store;
  }

  /** True when nothing has been stored yet. */
  get isEmpty(): boolean {
    return this.#t.threads.size === 0 && this.#t.posts.size === 0 && [...this.#t.collections.values()].every((c) => c.size === 0);
  }

  /**
   * Replaces everything with a snapshot; throws a TypeError (and keeps the old data) when it
   * is malformed. To replace data atomically with other writes, call it on a transaction's
   * handle: a transaction running meanwhile would otherwise commit over it.
   */
  load(json: unknown): void {
    this.#t = toTables(checkSnapshot(json));
  }

  /** A deep copy of everything, fit for `JSON.stringify` and `fromJSON`. */
  toJSON(): MemorySnapshot {
    const t = this.#t;
    const collections: Record<string, AnyRecord[]> = {};
    for (const [name, records] of t.collections) if (records.size > 0) collections[name] = [...records.values()];
    return structuredClone({
      version: 2,
      threads: [...t.threads.values()],
      posts: [...t.posts.values()],
      reactions: [...t.reactions.values()],
      idempotency: [...t.idempotency.values()],
      nextSeq: t.nextSeq,
      collections,
    }) as MemorySnapshot;
  }

  /**
   * Runs `fn` on a private draft (the handle is a `MemoryStore`, so `toJSON`/`load` work on
   * it too) and swaps it in whole on commit, so readers of the store see every write of the
   * transaction or none. Copying the Maps costs O(records) per transaction, like one
   * `listRoots` call already does.
   */
  async transaction<T>(fn: (tx: MemoryStore) => Promise<T>): Promise<T> {
    return this.#serial(async () => {
      const tx = new MemoryStore();
      const draft = { open: true };
      tx.#draft = draft;
      const t = this.#t;
      tx.#t = {
        ...t,
        threads: new Map(t.threads),
        threadIdByKey: new Map(t.threadIdByKey),
        posts: new Map(t.posts),
        reactions: new Map(t.reactions),
        idempotency: new Map(t.idempotency),
        collections: new Map(t.collections),
      };
      try {
        const result = await fn(tx);
        this.#t = tx.#t;
        return result;
      } finally {
        // A handle kept past the end must not write into tables that are now live.
        draft.open = false;
      }
    });
  }

  async getThread(id: string): Promise<ThreadRecord | null> {
    return copy(this.#t.threads.get(id));
  }

  async getThreadByKey(key: string): Promise<ThreadRecord | null> {
    const id = this.#t.threadIdByKey.get(key);
    return id === undefined ? null : copy(this.#t.threads.get(id));
  }

  insertThread(thread: ThreadRecord): Promise<void> {
    return this.#write((t) => {
      if (t.threads.has(thread.id) || t.threadIdByKey.has(thread.key)) {
        throw new Error(`Thread ${thread.id} (${thread.key}) already exists.`);
      }
      t.threads.set(thread.id, structuredClone(thread));
      t.threadIdByKey.set(thread.key, thread.id);
    });
  }

  setThreadLocked(id: string, locked: boolean): Promise<void> {
    return this.#write((t) => {
      const thread = t.threads.get(id);
      if (!thread) throw new Error(`No thread ${id}.`);
      t.threads.set(id, { ...thread, locked });
    });
  }

  async getPost(id: string): Promise<PostRecord | null> {
    return copy(this.#t.posts.get(id));
  }

  insertPost(post: NewPostRecord): Promise<PostRecord> {
    return this.#write((t) => {
      if (t.posts.has(post.id)) throw new Error(`Post ${post.id} already exists.`);
      const record: PostRecord = { ...structuredClone(post), reactions: {}, score: 0, seq: t.nextSeq };
      t.nextSeq += 1;
      t.posts.set(post.id, record);
      return copy(record)!;
    });
  }

  updatePost(id: string, patch: PostPatch): Promise<PostRecord> {
    return this.#write((t) => {
      const post = t.posts.get(id);
      if (!post) throw new Error(`No post ${id}.`);
      const next: PostRecord = { ...post, ...structuredClone(patch) };
      t.posts.set(id, next);
      return copy(next)!;
    });
  }

  async listRoots(query: ListRootsQuery): Promise<PostRecord[]> {
    const compare = ROOT_ORDER[query.sort];
    const after = query.after;
    const roots = [...this.#t.posts.values()]
      .filter((p) => p.threadId === query.threadId && p.parentId === null)
      .filter((p) => after === null || compare(p, after) > 0)
      .sort(compare);
    return structuredClone(roots.slice(0, query.limit)).map(deepFreeze);
  }

  async listDescendants(rootIds: readonly string[]): Promise<PostRecord[]> {
    const wanted = new Set(rootIds);
    const found = [...this.#t.posts.values()].filter((p) => p.rootId !== null && wanted.has(p.rootId));
    return structuredClone(found.sort(ROOT_ORDER.oldest)).map(deepFreeze);
  }

  async countPosts(threadId: string, status: PostStatus): Promise<number> {
    let count = 0;
    for (const post of this.#t.posts.values()) if (post.threadId === threadId && post.status === status) count += 1;
    return count;
  }

  toggleReaction(reaction: ReactionRecord): Promise<{ active: boolean; count: number }> {
    return this.#write((t) => {
      const post = t.posts.get(reaction.postId);
      if (!post) throw new Error(`No post ${reaction.postId}.`);
      const key = reactionKey(reaction);
      const active = !t.reactions.delete(key);
      if (active) t.reactions.set(key, structuredClone(reaction));
      const count = (post.reactions[reaction.emoji] ?? 0) + (active ? 1 : -1);
      const reactions = { ...post.reactions, [reaction.emoji]: count };
      if (count === 0) delete reactions[reaction.emoji];
      t.posts.set(post.id, { ...post, reactions, score: post.score + (active ? 1 : -1) });
      return { active, count };
    });
  }

  async listMemberReactions(memberId: string, postIds: readonly string[]): Promise<ReactionRecord[]> {
    const wanted = new Set(postIds);
    const found = [...this.#t.reactions.values()].filter((r) => r.memberId === memberId && wanted.has(r.postId));
    return structuredClone(found);
  }

  async listReactions(postIds: readonly string[]): Promise<ReactionRecord[]> {
    const wanted = new Set(postIds);
    return structuredClone([...this.#t.reactions.values()].filter((r) => wanted.has(r.postId)));
  }

  async getIdempotency(actorId: string, key: string): Promise<IdempotencyRecord | null> {
    return copy(this.#t.idempotency.get(idempotencyKey(actorId, key)));
  }

  insertIdempotency(record: IdempotencyRecord): Promise<void> {
    return this.#write((t) => {
      const key = idempotencyKey(record.actorId, record.key);
      if (t.idempotency.has(key)) throw new Error(`Idempotency key ${record.key} already used.`);
      t.idempotency.set(key, structuredClone(record));
    });
  }

  collection<N extends CollectionName>(name: N): Collection<Records[N]> {
    return new MemoryCollection<Records[N]>(name, {
      read: () => (this.#t.collections.get(name) ?? EMPTY) as unknown as Map<string, Records[N]>,
      write: (fn) =>
        this.#write((t) => {
          let records = t.collections.get(name);
          // A draft shares the live Maps until it first writes to one; copy it then.
          if (!records) t.collections.set(name, (records = new Map()));
          else if (this.#draft && !this.#copied.has(name)) t.collections.set(name, (records = new Map(records)));
          if (this.#draft) this.#copied.add(name);
          return fn(records as unknown as Map<string, Records[N]>);
        }),
    });
  }

  /**
   * Runs one synchronous (so atomic) write: on a transaction's handle straight into its
   * draft; on the store after any running transaction, which would otherwise commit over it.
   */
  async #write<T>(write: (t: Tables) => T): Promise<T> {
    if (!this.#draft) return this.#serial(() => write(this.#t));
    if (!this.#draft.open) throw new Error('The transaction has already finished.');
    return write(this.#t);
  }

  #serial<T>(run: () => T | Promise<T>): Promise<T> {
    const result = this.#lock.then(run, run);
    this.#lock = result.catch(() => undefined);
    return result;
  }
}

const EMPTY: Map<string, AnyRecord> = new Map();

/** How a collection reads its Map and writes it atomically (into a draft when in a transaction). */
interface CollectionAccess<T> {
  read: () => Map<string, T>;
  write: <R>(fn: (records: Map<string, T>) => R) => Promise<R>;
}

/** One generic collection of a `MemoryStore` (or of its transaction's draft). */
class MemoryCollection<T extends { id: string }> implements Collection<T> {
  #name: string;
  #tables: CollectionAccess<T>;

  constructor(name: string, tables: CollectionAccess<T>) {
    this.#name = name;
    this.#tables = tables;
  }

  async get(id: string): Promise<T | null> {
    return copy(this.#tables.read().get(id));
  }

  async getMany(ids: readonly string[]): Promise<T[]> {
    const records = this.#tables.read();
    return structuredClone(ids.flatMap((id) => (records.has(id) ? [records.get(id)!] : []))).map(deepFreeze);
  }

  insert(record: T): Promise<void> {
    return this.#tables.write((records) => {
      if (records.has(record.id)) throw new DuplicateRecordError(this.#name, record.id);
      records.set(record.id, structuredClone(record));
    });
  }

  append(record: T): Promise<void> {
    return this.#tables.write((records) => {
      if (records.has(record.id)) throw new Error(`${this.#name}: a record with id "${record.id}" already exists.`);
      records.set(record.id, structuredClone(record));
    });
  }

  put(record: T): Promise<void> {
    return this.#tables.write((records) => {
      records.set(record.id, structuredClone(record));
    });
  }

  update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T> {
    return this.#tables.write((records) => {
      const record = records.get(id);
      if (!record) throw new Error(`${this.#name}: no record with id "${id}".`);
      const next = { ...record, ...structuredClone(patch), id } as T;
      records.set(id, next);
      return copy(next)!;
    });
  }

  remove(id: string): Promise<boolean> {
    return this.#tables.write((records) => records.delete(id));
  }

  async find(query?: FindQuery<T>): Promise<T[]> {
    return structuredClone(applyQuery(this.#tables.read().values(), query)).map(deepFreeze);
  }

  async count(where?: Where<T>): Promise<number> {
    let n = 0;
    for (const record of this.#tables.read().values()) if (matches(record, where)) n += 1;
    return n;
  }
}

function toTables(snapshot: MemorySnapshot): Tables {
  return {
    collections: new Map(Object.entries(snapshot.collections ?? {}).map(([name, records]) => [name, new Map((records as unknown as AnyRecord[]).map((r) => [r.id, r]))])),
    threads: new Map(snapshot.threads.map((t) => [t.id, t])),
    threadIdByKey: new Map(snapshot.threads.map((t) => [t.key, t.id])),
    posts: new Map(snapshot.posts.map((p) => [p.id, p])),
    reactions: new Map(snapshot.reactions.map((r) => [reactionKey(r), r])),
    idempotency: new Map(snapshot.idempotency.map((r) => [idempotencyKey(r.actorId, r.key), r])),
    nextSeq: Math.max(snapshot.nextSeq, ...snapshot.posts.map((p) => p.seq + 1)),
  };
}

/** Each comparator sorts ascending in the sort's order, so "after" means `compare(p, key) > 0`. */
const ROOT_ORDER: Record<ListRootsQuery['sort'], (a: RootKey, b: RootKey) => number> = {
  oldest: (a, b) => a.createdAt - b.createdAt || a.seq - b.seq,
  newest: (a, b) => b.createdAt - a.createdAt || b.seq - a.seq,
  top: (a, b) => b.score - a.score || a.createdAt - b.createdAt || a.seq - b.seq,
};

function reactionKey(r: Pick<ReactionRecord, 'postId' | 'memberId' | 'emoji'>): string {
  return [r.postId, r.memberId, r.emoji].join(SEP);
}

function idempotencyKey(actorId: string, key: string): string {
  return actorId + SEP + key;
}

/** A stored record as callers get it: a frozen copy (see `Store`). */
function copy<T>(value: T | undefined): T | null {
  return value === undefined ? null : deepFreeze(structuredClone(value));
}

// Snapshots come back from localStorage, which anything on the origin can write to,
// so every record is checked before the store trusts it.
function checkSnapshot(json: unknown): MemorySnapshot {
  const root = record(json, 'snapshot');
  if (root.version !== 1 && root.version !== 2) throw new TypeError('Unknown snapshot version.');
  const threads = list(root.threads, 'threads').map((t, i) => {
    const r = record(t, `threads.${i}`);
    return {
      id: str(r.id, `threads.${i}.id`),
      key: str(r.key, `threads.${i}.key`),
      locked: bool(r.locked, `threads.${i}.locked`),
      createdAt: num(r.createdAt, `threads.${i}.createdAt`),
    };
  });
  const posts = list(root.posts, 'posts').map((p, i) => checkPost(p, `posts.${i}`));
  const reactions = list(root.reactions, 'reactions').map((x, i) => {
    const r = record(x, `reactions.${i}`);
    return {
      postId: str(r.postId, `reactions.${i}.postId`),
      memberId: str(r.memberId, `reactions.${i}.memberId`),
      emoji: str(r.emoji, `reactions.${i}.emoji`),
      createdAt: num(r.createdAt, `reactions.${i}.createdAt`),
    };
  });
  const idempotency = list(root.idempotency, 'idempotency').map((x, i) => {
    const r = record(x, `idempotency.${i}`);
    return {
      actorId: str(r.actorId, `idempotency.${i}.actorId`),
      key: str(r.key, `idempotency.${i}.key`),
      fingerprint: str(r.fingerprint, `idempotency.${i}.fingerprint`),
      postId: str(r.postId, `idempotency.${i}.postId`),
      createdAt: num(r.createdAt, `idempotency.${i}.createdAt`),
    };
  });
  const collections: Record<string, AnyRecord[]> = {};
  if (root.version === 2) {
    const given = record(root.collections, 'collections');
    for (const [name, records] of Object.entries(given)) {
      // Names this version does not know are dropped rather than trusted.
      if (!(COLLECTION_NAMES as readonly string[]).includes(name)) continue;
      collections[name] = list(records, `collections.${name}`).map((x, i) => {
        const r = record(x, `collections.${name}.${i}`);
        str(r.id, `collections.${name}.${i}.id`);
        return r as AnyRecord;
      });
    }
  }
  return { version: 2, threads, posts, reactions, idempotency, nextSeq: num(root.nextSeq, 'nextSeq'), collections };
}

function checkPost(value: unknown, at: string): PostRecord {
  const p = record(value, at);
  const author = record(p.author, `${at}.author`);
  const role = author.role;
  if (!(ROLES as readonly unknown[]).includes(role)) throw new TypeError(`${at}.author.role is not a role.`);
  if (!(POST_STATUSES as readonly unknown[]).includes(p.status)) throw new TypeError(`${at}.status is not a status.`);
  const reactions = record(p.reactions, `${at}.reactions`);
  for (const [emoji, count] of Object.entries(reactions)) num(count, `${at}.reactions.${emoji}`);
  let replyTo: PostRecord['replyTo'] = null;
  if (p.replyTo !== null) {
    const r = record(p.replyTo, `${at}.replyTo`);
    replyTo = { id: str(r.id, `${at}.replyTo.id`), authorName: str(r.authorName, `${at}.replyTo.authorName`) };
  }
  return {
    id: str(p.id, `${at}.id`),
    threadId: str(p.threadId, `${at}.threadId`),
    parentId: p.parentId === null ? null : str(p.parentId, `${at}.parentId`),
    rootId: p.rootId === null ? null : str(p.rootId, `${at}.rootId`),
    depth: num(p.depth, `${at}.depth`),
    replyTo,
    body: str(p.body, `${at}.body`),
    author: {
      id: str(author.id, `${at}.author.id`),
      displayName: str(author.displayName, `${at}.author.displayName`),
      avatarUrl: author.avatarUrl === null ? null : str(author.avatarUrl, `${at}.author.avatarUrl`),
      role: role as PostRecord['author']['role'],
    },
    createdAt: num(p.createdAt, `${at}.createdAt`),
    editedAt: p.editedAt === null ? null : num(p.editedAt, `${at}.editedAt`),
    status: p.status as PostStatus,
    reactions: reactions as Record<string, number>,
    score: num(p.score, `${at}.score`),
    seq: num(p.seq, `${at}.seq`),
  };
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${at} is not an object.`);
  return value as Record<string, unknown>;
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${at} is not an array.`);
  return value;
}

function str(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new TypeError(`${at} is not a string.`);
  return value;
}

function num(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${at} is not a number.`);
  return value;
}

function bool(value: unknown, at: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${at} is not a boolean.`);
  return value;
}
