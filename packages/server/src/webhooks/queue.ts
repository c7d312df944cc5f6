import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord } from '@hearth/engine';
import type { Driver } from '../db/driver.js';

/** A delivery an instance now holds, with the endpoint it goes to (null when that was deleted). */
export interface ClaimedDelivery {
  community: string;
  /** The row as the claim left it: `dueAt` is the end of the hold and `claim` its token. */
  delivery: WebhookDeliveryRecord;
  endpoint: WebhookEndpointRecord | null;
}

/** What `claim` takes. */
export interface ClaimOptions {
  /** The current time (ms): deliveries with `dueAt` at or before it are taken. */
  now: number;
  /** The most to take. */
  limit: number;
  /** How long the hold lasts (ms); after it the delivery is due again, for another instance to take. */
  leaseMs: number;
  /** The hold's token; only a settle with the same token applies. */
  claim: string;
}

/** How one attempt ended, for `settle`. */
export interface SettleOutcome {
  /** Appended to the delivery's attempts. */
  attempt: WebhookAttemptRecord;
  /** `pending` to try again at `dueAt`; `succeeded` or `failed` when done. */
  status: 'pending' | 'succeeded' | 'failed';
  /** When it is next due (ms); kept for the record when it is done. */
  dueAt: number;
}

/** Where the webhook worker takes its deliveries from and reports back to. */
export interface WebhookQueue {
  /** Takes up to `limit` due deliveries, soonest first, that no other holder has. */
  claim(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  /** Records an attempt, if the delivery is still pending under hold `claim`; returns whether it was. */
  settle(community: string, id: string, claim: string, outcome: SettleOutcome): Promise<boolean>;
}

/**
 * One statement: lock the due rows no one else is locking (two instances polling at once take
 * different ones), push their `dueAt` to the end of the hold, and join each to its endpoint in
 * its own community. The scan is the `webhook_deliveries_due` partial index.
 */
const CLAIM = `
WITH due AS (
  SELECT community, id, data -> 'dueAt' AS due_at
  FROM webhook_deliveries
  WHERE (data ->> 'status') = 'pending' AND (data -> 'dueAt') <= to_jsonb($1::bigint)
  ORDER BY (data -> 'dueAt'), community, id
  LIMIT $2
  FOR UPDATE SKIP LOCKED
), taken AS (
  UPDATE webhook_deliveries AS d
  SET data = d.data || jsonb_build_object('dueAt', $3::bigint, 'claim', $4::text)
  FROM due
  WHERE d.community = due.community AND d.id = due.id
  RETURNING d.community, d.data, due.due_at
)
SELECT t.community, t.data AS delivery, w.data AS endpoint
FROM taken AS t
LEFT JOIN webhooks AS w ON w.community = t.community AND w.id = (t.data ->> 'endpointId')
ORDER BY t.due_at, t.community, (t.data ->> 'id')`;

/**
 * Applies only while the row is pending under the same hold: an admin may have retried the
 * delivery meanwhile, or the hold ran out and another instance took it. On PostgreSQL a settle
 * racing such a change waits for its row lock and then re-checks this condition.
 */
const SETTLE = `
UPDATE webhook_deliveries
SET data = data || jsonb_build_object(
  'attempts', COALESCE(data -> 'attempts', '[]'::jsonb) || jsonb_build_array($4::jsonb),
  'status', $5::text,
  'dueAt', $6::bigint,
  'claim', NULL::text)
WHERE community = $1 AND id = $2 AND (data ->> 'claim') = $3 AND (data ->> 'status') = 'pending'
RETURNING 1`;

/**
 * The webhook outbox in SQL (tables `webhook_deliveries` and `webhooks`), shared by every
 * instance on the database. A delivery is taken by one instance at a time for a lease: an
 * instance that dies holding one lets it fall due again when the lease ends. Each call is one
 * statement outside any transaction, so it works the same on PGlite and PostgreSQL.
 *
 * @example
 * const queue = new SqlWebhookQueue(driver);
 * const taken = await queue.claim({ now: Date.now(), limit: 8, leaseMs: 60_000, claim: randomUUID() });
 */
export class SqlWebhookQueue implements WebhookQueue {
  #driver: Driver;

  constructor(driver: Driver) {
    this.#driver = driver;
  }

  async claim({ now, limit, leaseMs, claim }: ClaimOptions): Promise<ClaimedDelivery[]> {
    if (!Number.isSafeInteger(now) || !Number.isSafeInteger(leaseMs) || leaseMs <= 0) {
      throw new Error(`Claiming webhook deliveries takes whole milliseconds: now ${now}, leaseMs ${leaseMs} (above 0).`);
    }
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Claiming webhook deliveries takes a limit of at least 1, not ${limit}.`);
    const rows = await this.#driver.query<ClaimedDelivery>(CLAIM, [now, limit, now + leaseMs, claim]);
    return rows.map((row) => ({ community: row.community, delivery: row.delivery, endpoint: row.endpoint ?? null }));
  }

  async settle(community: string, id: string, claim: string, outcome: SettleOutcome): Promise<boolean> {
    if (!Number.isSafeInteger(outcome.dueAt)) throw new Error(`A settled webhook delivery's dueAt is whole milliseconds, not ${outcome.dueAt}.`);
    const rows = await this.#driver.query(SETTLE, [community, id, claim, JSON.stringify(outcome.attempt), outcome.status, outcome.dueAt]);
    return rows.length > 0;
  }
}
