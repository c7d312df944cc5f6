import {
  type Collection,
  type CollectionName,
  type IdempotencyRecord,
  type ListRootsQuery,
  type NewPostRecord,
  type PostPatch,
  type PostRecord,
  type ReactionRecord,
  type Records,
  type Store,
  type ThreadRecord,
  jsonCopy,
} from '@hearth/engine';
import type { PostStatus } from '@hearth/protocol';
import { SqlCollection, type CollectionAccess } from './sql-collection.js';
import type { Conn, Driver, TxConn } from './driver.js';
import { PendingWrites } from './pending-writes.js';
import { postSeqsOf, type PostSeqs } from './post-seqs.js';
import { ReadBatch } from './read-batch.js';

const POST_COLUMNS = 'id, thread_id, parent_id, root_id, depth, reply_to, body, author, created_at, edited_at, status, reactions, score, seq';
/** What an insert sets (after `community`); `reactions` and `score` start at their defaults. */
const POST_INSERT_COLUMNS = ['id', 'thread_id', 'parent_id', 'root_id', 'depth', 'reply_to', 'body', 'author', 'created_at', 'edited_at', 'status', 'seq'] as const;

interface PostRow {
  id: string;
  thread_id: string;
  parent_id: string | null;
  root_id: string | null;
  depth: number;
  reply_to: PostRecord['replyTo'];
  body: string;
  author: PostRecord['author'];
  created_at: number | string;
  edited_at: number | string | null;
  status: PostStatus;
  reactions: Record<string, number>;
  score: number;
  seq: number | string;
}

/**
 * The engine's `Store` over SQL, for one community: every statement filters on (and every
 * row carries) `community`, so one community never sees another's rows. Each method is one
 * statement. Writes made on the store itself run in a transaction of their own; on a
 * transaction's handle they join that transaction (see `Driver.transaction` for how
 * concurrent transactions are kept serial), and those whose outcome nothing waits on
 * (idempotency records, collection appends, updates of records the transaction has) are
 * held and sent together before the next statement on their tables or at commit (see
 * `PendingWrites`).
 */
export class SqlStore implements Store {
  readonly community: string;
  #driver: Driver;
  /** The open transaction's connection on a handle; the driver itself on the store. */
  #conn: Conn;
  #inTransaction: boolean;
  #access: CollectionAccess;
  #pending: PendingWrites | undefined;
  #reads: ReadBatch | undefined;
  #seqs: PostSeqs;
  #collections = new Map<CollectionName, unknown>();

  constructor(driver: Driver, community: string, tx?: TxConn) {
    this.#driver = driver;
    this.community = community;
    this.#conn = tx ?? driver;
    this.#inTransaction = tx !== undefined;
    this.#pending = tx ? new PendingWrites(community, tx) : undefined;
    this.#reads = tx ? new ReadBatch(community, tx) : undefined;
    this.#seqs = postSeqsOf(driver);
    this.#access = {
      community,
      conn: this.#conn,
      one: (sql) => this.#one(sql),
      write: (write) => this.#write(write),
      ...(this.#pending ? { seen: new Map<string, unknown>(), pending: this.#pending } : {}),
    };
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#inTransaction) return Promise.reject(new Error('Store.transaction is not re-entrant: call methods on the handle you were given.'));
    return this.#driver.transaction(async (conn) => {
      const handle = new SqlStore(this.#driver, this.community, conn);
      try {
        const result = await fn(handle);
        // What `fn` left held goes out with COMMIT; a clash there fails the transaction.
        await handle.#pending!.flush(true);
        return result;
      } finally {
        // A write held through this handle later would never be sent: it throws instead.
        handle.#pending!.close();
      }
    });
  }

  async getThread(id: string): Promise<ThreadRecord | null> {
    const row = await this.#one<ThreadRow>((p) => `SELECT to_jsonb(t) AS r FROM (SELECT id, key, locked, created_at FROM threads WHERE community = $1 AND id = ${p(id)}) AS t`);
    return row ? toThread(row) : null;
  }

  async getThreadByKey(key: string): Promise<ThreadRecord | null> {
    const row = await this.#one<ThreadRow>((p) => `SELECT to_jsonb(t) AS r FROM (SELECT id, key, locked, created_at FROM threads WHERE community = $1 AND key = ${p(key)}) AS t`);
    return row ? toThread(row) : null;
  }

  insertThread(thread: ThreadRecord): Promise<void> {
    return this.#write(async (c) => {
      const rows = await c.query('INSERT INTO threads (community, id, key, locked, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1', [
        this.community,
        thread.id,
        thread.key,
        thread.locked,
        thread.createdAt,
      ]);
      if (rows.length === 0) throw new Error(`Thread ${thread.id} (${thread.key}) already exists.`);
    });
  }

  setThreadLocked(id: string, locked: boolean): Promise<void> {
    return this.#write(async (c) => {
      const rows = await c.query('UPDATE threads SET locked = $3 WHERE community = $1 AND id = $2 RETURNING 1', [this.community, id, locked]);
      if (rows.length === 0) throw new Error(`No thread ${id}.`);
    });
  }

  async getPost(id: string): Promise<PostRecord | null> {
    const ready = this.#postsReady();
    if (ready) await ready;
    const row = await this.#one<PostRow>((p) => `SELECT to_jsonb(t) AS r FROM (SELECT ${POST_COLUMNS} FROM posts WHERE community = $1 AND id = ${p(id)}) AS t`);
    return row ? toPost(row) : null;
  }

  insertPost(post: NewPostRecord): Promise<PostRecord> {
    const seq = this.#seqs.take(this.#conn);
    return typeof seq === 'number' ? this.#insertPost(post, seq) : seq.then((taken) => this.#insertPost(post, taken));
  }

  /**
   * Stores a post under a `seq` already taken. In a transaction the insert is held with its
   * other writes (nothing waits on its outcome: the id is fresh, and a clash fails the commit).
   */
  async #insertPost(post: NewPostRecord, seq: number): Promise<PostRecord> {
    const stored: PostRecord = { ...jsonCopy(post), reactions: {}, score: 0, seq };
    const values = [post.id, post.threadId, post.parentId, post.rootId, post.depth, JSON.stringify(post.replyTo), post.body, JSON.stringify(post.author), post.createdAt, post.editedAt, post.status, seq];
    const exists = () => new Error(`Post ${post.id} already exists.`);
    if (this.#pending) {
      this.#pending.insert('posts', post.id, POST_INSERT_COLUMNS, values, exists);
      return stored;
    }
    return this.#write(async (c) => {
      const rows = await c.query(
        `INSERT INTO posts (community, ${POST_INSERT_COLUMNS.join(', ')}) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::jsonb, $10, $11, $12, $13) ON CONFLICT (community, id) DO NOTHING RETURNING 1`,
        [this.community, ...values],
      );
      if (rows.length === 0) throw exists();
      return stored;
    });
  }

  updatePost(id: string, patch: PostPatch): Promise<PostRecord> {
    const params: unknown[] = [this.community, id];
    const set: string[] = [];
    if (patch.body !== undefined) set.push(`body = $${params.push(patch.body)}`);
    if (patch.status !== undefined) set.push(`status = $${params.push(patch.status)}`);
    if (patch.editedAt !== undefined) set.push(`edited_at = $${params.push(patch.editedAt)}::bigint`);
    if (patch.author !== undefined) set.push(`author = $${params.push(JSON.stringify(patch.author))}::jsonb`);
    if (patch.replyTo !== undefined) set.push(`reply_to = $${params.push(JSON.stringify(patch.replyTo))}::jsonb`);
    if (set.length === 0) set.push('body = body');
    return this.#write(async (c) => {
      await this.#postsReady();
      const rows = await c.query<PostRow>(`UPDATE posts SET ${set.join(', ')} WHERE community = $1 AND id = $2 RETURNING ${POST_COLUMNS}`, params);
      if (rows.length === 0) throw new Error(`No post ${id}.`);
      return toPost(rows[0]!);
    });
  }

  async listRoots(query: ListRootsQuery): Promise<PostRecord[]> {
    const params: unknown[] = [this.community, query.threadId];
    const after = query.after;
    let sql = `SELECT ${POST_COLUMNS} FROM posts WHERE community = $1 AND thread_id = $2 AND parent_id IS NULL`;
    if (query.sort === 'top') {
      if (after) sql += ` AND (-score, created_at, seq) > (-($${params.push(after.score)}::integer), $${params.push(after.createdAt)}::bigint, $${params.push(after.seq)}::bigint)`;
      sql += ' ORDER BY -score, created_at, seq';
    } else {
      const newest = query.sort === 'newest';
      if (after) sql += ` AND (created_at, seq) ${newest ? '<' : '>'} ($${params.push(after.createdAt)}::bigint, $${params.push(after.seq)}::bigint)`;
      sql += newest ? ' ORDER BY created_at DESC, seq DESC' : ' ORDER BY created_at, seq';
    }
    sql += ` LIMIT $${params.push(query.limit)}`;
    await this.#postsReady();
    return (await this.#conn.query<PostRow>(sql, params)).map(toPost);
  }

  async listDescendants(rootIds: readonly string[]): Promise<PostRecord[]> {
    if (rootIds.length === 0) return [];
    await this.#postsReady();
    const rows = await this.#conn.query<PostRow>(`SELECT ${POST_COLUMNS} FROM posts WHERE community = $1 AND root_id = ANY($2::text[]) ORDER BY created_at, seq`, [this.community, [...rootIds]]);
    return rows.map(toPost);
  }

  async countPosts(threadId: string, status: PostStatus): Promise<number> {
    await this.#postsReady();
    const rows = await this.#conn.query<{ n: number }>('SELECT count(*)::int AS n FROM posts WHERE community = $1 AND thread_id = $2 AND status = $3', [this.community, threadId, status]);
    return rows[0]!.n;
  }

  toggleReaction(reaction: ReactionRecord): Promise<{ active: boolean; count: number }> {
    return this.#write(async (c) => {
      await this.#postsReady();
      // One statement: remove the reaction if present, else add it, then move the post's counts.
      const rows = await c.query<{ active: boolean; count: number }>(
        `WITH post AS (SELECT 1 FROM posts WHERE community = $1 AND id = $2),
         removed AS (
           DELETE FROM reactions WHERE community = $1 AND post_id = $2 AND member_id = $3 AND emoji = $4 AND EXISTS (SELECT 1 FROM post) RETURNING 1
         ),
         added AS (
           INSERT INTO reactions (community, post_id, member_id, emoji, created_at)
           SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM post) AND NOT EXISTS (SELECT 1 FROM removed) RETURNING 1
         ),
         delta AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM added) THEN 1 ELSE -1 END AS d)
         UPDATE posts p SET
           reactions = CASE WHEN coalesce((p.reactions->>$4::text)::integer, 0) + delta.d = 0 THEN p.reactions - $4::text
                       ELSE jsonb_set(p.reactions, ARRAY[$4::text], to_jsonb(coalesce((p.reactions->>$4::text)::integer, 0) + delta.d)) END,
           score = p.score + delta.d
         FROM delta WHERE p.community = $1 AND p.id = $2
         RETURNING delta.d > 0 AS active, coalesce((p.reactions->>$4::text)::integer, 0) AS count`,
        [this.community, reaction.postId, reaction.memberId, reaction.emoji, reaction.createdAt],
      );
      if (rows.length === 0) throw new Error(`No post ${reaction.postId}.`);
      return { active: rows[0]!.active, count: rows[0]!.count };
    });
  }

  async listMemberReactions(memberId: string, postIds: readonly string[]): Promise<ReactionRecord[]> {
    if (postIds.length === 0) return [];
    const rows = await this.#conn.query<{ post_id: string; member_id: string; emoji: string; created_at: number | string }>(
      'SELECT post_id, member_id, emoji, created_at FROM reactions WHERE community = $1 AND member_id = $2 AND post_id = ANY($3::text[])',
      [this.community, memberId, [...postIds]],
    );
    return rows.map(toReaction);
  }

  async listReactions(postIds: readonly string[]): Promise<ReactionRecord[]> {
    if (postIds.length === 0) return [];
    const rows = await this.#conn.query<{ post_id: string; member_id: string; emoji: string; created_at: number | string }>(
      'SELECT post_id, member_id, emoji, created_at FROM reactions WHERE community = $1 AND post_id = ANY($2::text[])',
      [this.community, [...postIds]],
    );
    return rows.map(toReaction);
  }

  async getIdempotency(actorId: string, key: string): Promise<IdempotencyRecord | null> {
    // Awaited only when there is something to send, so the read joins others asked with it (see `ReadBatch`).
    const ready = this.#pending?.ready('idempotency');
    if (ready) await ready;
    const row = await this.#one<{ fingerprint: string; post_id: string; created_at: number | string }>(
      (p) => `SELECT to_jsonb(t) AS r FROM (SELECT fingerprint, post_id, created_at FROM idempotency WHERE community = $1 AND actor_id = ${p(actorId)} AND key = ${p(key)}) AS t`,
    );
    return row ? { actorId, key, fingerprint: row.fingerprint, postId: row.post_id, createdAt: Number(row.created_at) } : null;
  }

  async insertIdempotency(record: IdempotencyRecord): Promise<void> {
    const used = () => new Error(`Idempotency key ${record.key} already used.`);
    if (this.#pending) {
      const values = [record.actorId, record.key, record.fingerprint, record.postId, record.createdAt];
      this.#pending.insert('idempotency', JSON.stringify([record.actorId, record.key]), ['actor_id', 'key', 'fingerprint', 'post_id', 'created_at'], values, used);
      return;
    }
    return this.#write(async (c) => {
      const rows = await c.query(
        'INSERT INTO idempotency (community, actor_id, key, fingerprint, post_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1',
        [this.community, record.actorId, record.key, record.fingerprint, record.postId, record.createdAt],
      );
      if (rows.length === 0) throw used();
    });
  }

  collection<N extends CollectionName>(name: N): Collection<Records[N]> {
    // The engine asks for the same few collections many times a write.
    let collection = this.#collections.get(name);
    if (!collection) this.#collections.set(name, (collection = new SqlCollection<Records[N]>(name, this.#access)));
    return collection as Collection<Records[N]>;
  }

  /** Sends held writes before a statement on `posts`, when any are on it (a held post insert). */
  #postsReady(): Promise<void> | undefined {
    return this.#pending?.ready('posts');
  }

  /** One row by key: batched with the reads asked at the same time on a transaction's handle. */
  #one<R>(sql: (param: (value: unknown) => string) => string): Promise<R | null> {
    if (this.#reads) return this.#reads.one<R>(sql);
    const values: unknown[] = [this.community];
    return this.#conn.query<{ r: R }>(sql((value) => `$${values.push(value)}`), values).then((rows) => rows[0]?.r ?? null);
  }

  /** Runs a write on the open transaction, or (on the store itself) in a transaction of its own. */
  #write<R>(write: (conn: Conn) => Promise<R>): Promise<R> {
    return this.#inTransaction ? write(this.#conn) : this.#driver.transaction(write);
  }
}

interface ThreadRow {
  id: string;
  key: string;
  locked: boolean;
  created_at: number | string;
}

function toReaction(row: { post_id: string; member_id: string; emoji: string; created_at: number | string }): ReactionRecord {
  return { postId: row.post_id, memberId: row.member_id, emoji: row.emoji, createdAt: Number(row.created_at) };
}

function toThread(row: ThreadRow): ThreadRecord {
  return { id: row.id, key: row.key, locked: row.locked, createdAt: Number(row.created_at) };
}

function toPost(row: PostRow): PostRecord {
  return {
    id: row.id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    rootId: row.root_id,
    depth: row.depth,
    replyTo: row.reply_to,
    body: row.body,
    author: row.author,
    createdAt: Number(row.created_at),
    editedAt: row.edited_at === null ? null : Number(row.edited_at),
    status: row.status,
    reactions: row.reactions,
    score: row.score,
    seq: Number(row.seq),
  };
}
