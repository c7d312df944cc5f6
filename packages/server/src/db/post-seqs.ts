import type { Conn, Driver } from './driver.js';

/**
 * Hands out posts' `seq` values (their tie-break after `created_at`) from blocks this
 * process takes from the `post_seqs` sequence (migration 0004): the sequence moves by a whole
 * block per `nextval`, and the values up to the next block are this process's alone. So an
 * insert carries its seq instead of asking for one back, and can wait to go out with the
 * transaction's other writes; one statement in a thousand creates takes the next block.
 * Values are unique across instances; within one they rise in the order taken. A block a
 * process stops with is left unused.
 */
export class PostSeqs {
  #next = 0;
  #end = 0;

  /** The next value; a promise when a new block must be taken first (through `conn`). */
  take(conn: Conn): number | Promise<number> {
    return this.#next < this.#end ? this.#next++ : this.#refill(conn);
  }

  async #refill(conn: Conn): Promise<number> {
    const [row] = await conn.query<{ first: string; size: string }>(
      "SELECT nextval('post_seqs') AS first, (SELECT seqincrement FROM pg_sequence WHERE seqrelid = 'post_seqs'::regclass) AS size",
    );
    // Two takers may refill at once: the first block back is used, the other only if that one ran out meanwhile.
    if (this.#next >= this.#end) {
      this.#next = Number(row!.first);
      this.#end = this.#next + Number(row!.size);
    }
    return this.take(conn);
  }
}

const kept = new WeakMap<Driver, PostSeqs>();

/** The one `PostSeqs` of a database connection (all communities' stores share it). */
export function postSeqsOf(driver: Driver): PostSeqs {
  let seqs = kept.get(driver);
  if (!seqs) kept.set(driver, (seqs = new PostSeqs()));
  return seqs;
}
