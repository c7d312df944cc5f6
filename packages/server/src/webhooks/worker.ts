import { randomUUID } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WebhookAttemptRecord } from '@hearth/engine';
import type { ClaimedDelivery, WebhookQueue } from './queue.js';
import { signWebhook, type WebhookHeaders } from './signature.js';

/**
 * How long to wait after failed attempt 1, 2, … 7 before the next (the Standard Webhooks /
 * Svix schedule): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. Eight attempts in all over about
 * 27.6 hours; when the eighth fails too the delivery is `failed`.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];

/** The part of a pino logger the worker uses. */
export interface WebhookWorkerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** How a `WebhookWorker` delivers. */
export interface WebhookWorkerOptions {
  /** Where deliveries come from (a `SqlWebhookQueue`). */
  queue: WebhookQueue;
  /** The time (ms); `Date.now` unless a test moves it. */
  clock?: () => number;
  /** Told about failed attempts (never with a secret or a body) and about queue errors. */
  logger?: WebhookWorkerLogger;
  /** How often `start` looks for due deliveries when the last look found less than a batch (ms); 1000. */
  pollMs?: number;
  /** Deliveries claimed and sent at once; 8. */
  concurrency?: number;
  /** How long one request may take, body included (ms); 10,000. */
  timeoutMs?: number;
  /** How long a claimed delivery stays this instance's before another may take it (ms); 60,000, and above `timeoutMs`. */
  leaseMs?: number;
  /** The wait after each failed attempt (ms); its length plus one is the number of attempts. `RETRY_SCHEDULE_MS`. */
  schedule?: readonly number[];
  /**
   * Sends to loopback, private, link-local and unique-local addresses too. Off by default, so an
   * admin cannot point an endpoint at the instance's own network (169.254.169.254, the database…).
   */
  allowPrivateAddresses?: boolean;
}

/** Response bodies are read and dropped, at most this much of each. */
const MAX_RESPONSE_BYTES = 64 * 1024;

const USER_AGENT = 'Hearth-Webhooks/1';

/** IPv4 ranges webhooks never go to unless `allowPrivateAddresses`. */
const PRIVATE_IPV4: ReadonlyArray<[address: string, prefix: number]> = [
  ['0.0.0.0', 8], // "this network", with the unspecified 0.0.0.0
  ['127.0.0.0', 8], // loopback
  ['10.0.0.0', 8], // private
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['192.0.0.0', 24], // IETF protocol assignments
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

/** `a.b.c.d` as the two 16-bit IPv6 groups that carry it. */
function ipv4Groups(address: string): string {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * Every address webhooks never go to unless `allowPrivateAddresses`: the IPv4 ranges (which
 * BlockList also matches in their IPv4-mapped form, `::ffff:10.0.0.1`), the same ranges
 * carried inside IPv6 (NAT64, IPv4-compatible, SIIT, 6to4), and IPv6's own.
 */
const PRIVATE = new BlockList();
for (const [address, prefix] of PRIVATE_IPV4) {
  const groups = ipv4Groups(address);
  PRIVATE.addSubnet(address, prefix, 'ipv4');
  PRIVATE.addSubnet(`64:ff9b::${groups}`, 96 + prefix, 'ipv6'); // NAT64
  PRIVATE.addSubnet(`::${groups}`, 96 + prefix, 'ipv6'); // IPv4-compatible (deprecated)
  PRIVATE.addSubnet(`::ffff:0:${groups}`, 96 + prefix, 'ipv6'); // IPv4-translated (SIIT)
  PRIVATE.addSubnet(`2002:${groups}::`, 16 + prefix, 'ipv6'); // 6to4
}
PRIVATE.addSubnet('64:ff9b:1::', 48, 'ipv6'); // local-use NAT64
PRIVATE.addAddress('::1', 'ipv6'); // loopback (:: itself is in the IPv4-compatible 0.0.0.0/8)
PRIVATE.addSubnet('fe80::', 10, 'ipv6'); // link-local
PRIVATE.addSubnet('fec0::', 10, 'ipv6'); // site-local (deprecated, still routed by some)
PRIVATE.addSubnet('fc00::', 7, 'ipv6'); // unique-local
PRIVATE.addSubnet('ff00::', 8, 'ipv6'); // multicast

/** Whether `address` (an IP literal) is one webhooks are not sent to by default, IPv4 carried inside IPv6 included. */
export function isPrivate(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why a delivery was not sent. It names the host as the admin wrote it, never the address it
 * resolved to: the delivery log is an admin's to read, and the instance's network is not.
 */
function refused(host: string): Error {
  return new Error(`Refused to connect to ${host}: it is, or resolves to, a loopback, private or link-local address, where webhooks are not sent.`);
}

/**
 * `dns.lookup` that fails for private addresses. Node calls it as it connects, and connects to
 * exactly what it returns, so a name re-pointed between a check and the connection (DNS
 * rebinding) cannot slip through. With `all` (Node's happy-eyeballs) any private address among
 * the answers refuses the lot.
 */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options as LookupOptions, (error, address: string | LookupAddress[], family?: number) => {
    if (error) return callback(error, address, family);
    const addresses = typeof address === 'string' ? [address] : address.map((a) => a.address);
    const bad = addresses.find(isPrivate);
    if (bad !== undefined) return callback(refused(hostname), address, family);
    callback(null, address, family);
  });
};

/** What one request came to. */
interface Answer {
  status: number | null;
  error: string | null;
}

/**
 * Delivers the webhook outbox: claims due deliveries from the queue, POSTs each to its
 * endpoint signed per Standard Webhooks (see `signWebhook`), and records the attempt. A 2xx
 * answer succeeds; anything else (another status, a redirect, which is not followed, a
 * network error, a timeout, a private address) is a failed attempt, tried again after the next
 * wait in `schedule` until the schedule runs out and the delivery is `failed`. Deliveries to a
 * deleted or turned-off endpoint fail without a request, except `webhook.test`, which an admin
 * sends to check an endpoint and which goes even to a turned-off one.
 *
 * Every instance can run one: a delivery is held by one worker at a time, for `leaseMs`.
 * Delivery is at least once: a worker that dies after the receiver answered but before
 * recording it leaves the delivery to be sent again after the lease, with the same
 * `webhook-id` for the receiver to drop the repeat.
 *
 * @example
 * const worker = new WebhookWorker({ queue: new SqlWebhookQueue(driver), logger });
 * worker.start();
 * // on shutdown
 * await worker.stop();
 */
export class WebhookWorker {
  #queue: WebhookQueue;
  #clock: () => number;
  #logger: WebhookWorkerLogger | undefined;
  #pollMs: number;
  #concurrency: number;
  #timeoutMs: number;
  #leaseMs: number;
  #schedule: readonly number[];
  #allowPrivate: boolean;
  #running = false;
  /** Bumped by each start and stop, so a poll from before a stop does not carry on after a restart. */
  #generation = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Every delivery being sent (from polls and from `runOnce` calls), and the claims being made. */
  #inFlight = new Set<Promise<unknown>>();
  /** Deliveries being sent now; polls claim only as many as leave this under `concurrency`. */
  #active = 0;
  /** A poll's claim is on its way; `#refill`: another poll came meanwhile. */
  #claiming = false;
  #refill = false;

  constructor(options: WebhookWorkerOptions) {
    this.#queue = options.queue;
    this.#clock = options.clock ?? Date.now;
    this.#logger = options.logger;
    this.#pollMs = positive('pollMs', options.pollMs ?? 1000);
    this.#concurrency = positive('concurrency', options.concurrency ?? 8);
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? 10_000);
    this.#leaseMs = positive('leaseMs', options.leaseMs ?? 60_000);
    this.#schedule = options.schedule ?? RETRY_SCHEDULE_MS;
    this.#allowPrivate = options.allowPrivateAddresses ?? false;
    if (!Number.isInteger(this.#concurrency)) throw new Error(`WebhookWorker: concurrency is a whole number of deliveries, not ${this.#concurrency}.`);
    // A request still running when its lease ends could be sent a second time by another instance.
    if (this.#leaseMs <= this.#timeoutMs) {
      throw new Error(`WebhookWorker: leaseMs (${this.#leaseMs}) must be longer than timeoutMs (${this.#timeoutMs}), or another instance may send a delivery still in flight.`);
    }
    if (this.#schedule.some((wait) => !Number.isSafeInteger(wait) || wait < 0)) {
      throw new Error('WebhookWorker: schedule lists the waits between attempts in whole milliseconds, none negative.');
    }
  }

  /**
   * Starts polling: now, then every `pollMs`, claiming as many due deliveries as there are free
   * slots (`concurrency`), and again as soon as one finishes, so a slow endpoint holds one slot
   * while the others keep moving. Timers do not keep the process alive.
   */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#generation += 1;
    this.#poll(this.#generation, 0);
  }

  /** Stops polling and resolves once every delivery in flight is recorded. Safe to call more than once. */
  async stop(): Promise<void> {
    if (this.#running) {
      this.#running = false;
      this.#generation += 1;
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // Deliveries claimed by a poll that was running when stop came are sent and recorded too.
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Claims one batch of due deliveries (up to `concurrency`), delivers them at once and records
   * each attempt; resolves with how many it attempted once all are recorded. Rejects only when
   * claiming fails. For tests and scripts; `start` keeps the slots full instead.
   */
  runOnce(): Promise<number> {
    return this.#track(
      (async () => {
        const taken = await this.#claim(this.#concurrency);
        await Promise.all(taken.map(([item, claim]) => this.#track(this.#deliverOne(item, claim))));
        return taken.length;
      })(),
    );
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight.add(work);
    const done = () => this.#inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  async #claim(limit: number): Promise<Array<[ClaimedDelivery, string]>> {
    const claim = randomUUID();
    const taken = await this.#queue.claim({ now: this.#clock(), limit, leaseMs: this.#leaseMs, claim });
    return taken.map((item) => [item, claim]);
  }

  #poll(generation: number, delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#fill(generation);
    }, delay);
    this.#timer.unref();
  }

  /** Claims as many due deliveries as there are free slots, and starts sending each. */
  #fill(generation: number): void {
    // One claim at a time, so slots are never counted twice; a call meanwhile asks for another after it.
    if (this.#claiming) {
      this.#refill = true;
      return;
    }
    const free = this.#concurrency - this.#active;
    if (free <= 0) return; // A finishing delivery calls again.
    this.#claiming = true;
    this.#track(this.#claim(free)).then(
      (taken) => {
        this.#claiming = false;
        for (const [item, claim] of taken) {
          this.#active += 1;
          void this.#track(this.#deliverOne(item, claim)).finally(() => {
            this.#active -= 1;
            this.#next(generation, 0);
          });
        }
        if (this.#refill) {
          this.#refill = false;
          this.#next(generation, 0);
        } else if (taken.length < free) {
          // Nothing more is due: look again after the poll interval.
          this.#next(generation, this.#pollMs);
        }
      },
      (error: unknown) => {
        this.#claiming = false;
        this.#logger?.error({ err: error }, 'Could not claim webhook deliveries; trying again at the next poll.');
        this.#next(generation, this.#pollMs);
      },
    );
  }

  #next(generation: number, delay: number): void {
    if (this.#running && generation === this.#generation) this.#poll(generation, delay);
  }

  /** Attempts one delivery and records the attempt; never rejects (a lost record is retried after the lease). */
  async #deliverOne({ community, delivery, endpoint }: ClaimedDelivery, claim: string): Promise<void> {
    const at = this.#clock();
    const started = performance.now();
    // Nothing is sent to a deleted or turned-off endpoint, and retrying would not change that.
    const undeliverable = endpoint === null ? 'The endpoint was deleted.' : !endpoint.enabled && delivery.event !== 'webhook.test' ? 'The endpoint is turned off.' : null;
    let answer: Answer = { status: null, error: undeliverable };
    if (endpoint !== null && undeliverable === null) {
      try {
        const body = JSON.stringify({ type: delivery.payload.type, timestamp: delivery.payload.timestamp, community, data: delivery.payload.data });
        const secrets = endpoint.secrets.filter((s) => s.expiresAt === null || s.expiresAt > at).map((s) => s.secret);
        answer = await this.#post(endpoint.url, body, signWebhook({ id: delivery.id, at, body, secrets }));
      } catch (error) {
        answer = { status: null, error: (error as Error).message };
      }
    }
    const attempt: WebhookAttemptRecord = { at, durationMs: Math.round(performance.now() - started), status: answer.status, error: answer.error };
    const wait = this.#schedule[delivery.attempts.length];
    const status = answer.error === null ? 'succeeded' : undeliverable !== null || wait === undefined ? 'failed' : 'pending';
    const finishedAt = this.#clock();
    const dueAt = status === 'pending' ? finishedAt + wait! : finishedAt;
    if (status !== 'succeeded') {
      const retry = status === 'pending';
      this.#logger?.warn(
        { community, deliveryId: delivery.id, endpointId: delivery.endpointId, event: delivery.event, attempt: delivery.attempts.length + 1, status: answer.status, error: answer.error, ...(retry ? { nextAttemptAt: new Date(dueAt).toISOString() } : {}) },
        retry ? 'A webhook delivery attempt failed; it will be tried again.' : 'A webhook delivery failed for good.',
      );
    }
    try {
      const applied = await this.#queue.settle(community, delivery.id, claim, { attempt, status, dueAt });
      if (!applied) {
        this.#logger?.info({ community, deliveryId: delivery.id }, 'A webhook delivery changed while it was being sent (retried by an admin, or taken by another instance after the lease); this attempt was not recorded.');
      }
    } catch (error) {
      this.#logger?.error({ community, deliveryId: delivery.id, err: error }, 'Could not record a webhook delivery attempt; it will be sent again once its lease ends.');
    }
  }

  /** POSTs `body` to `url`; resolves with the status, or with why there was none. Never rejects. */
  #post(url: string, body: string, signature: WebhookHeaders): Promise<Answer> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve({ status: null, error: `The endpoint URL "${url}" is not a valid URL.` });
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return Promise.resolve({ status: null, error: `The endpoint URL must be http:// or https://, not ${target.protocol}//.` });
    }
    // Node connects to an IP literal without a lookup, so those are checked here.
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!this.#allowPrivate && isPrivate(host)) return Promise.resolve({ status: null, error: refused(host).message });

    return new Promise<Answer>((resolve) => {
      let status: number | null = null;
      let response: IncomingMessage | undefined;
      let request: ClientRequest | undefined;
      let settled = false;
      const finish = (answer: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        // Drops the connection, and with it whatever of the body is still coming.
        request?.destroy();
        resolve(answer);
      };
      const deadline = setTimeout(() => {
        // The status counts once it came, even when the body then dawdles.
        finish(status === null ? { status: null, error: `Timed out after ${this.#timeoutMs / 1000} s.` } : answerFor(status, response));
      }, this.#timeoutMs);
      deadline.unref();
      try {
        request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': USER_AGENT, ...signature },
          // A connection per delivery: each goes through the address check, and none idles between polls.
          agent: false,
          ...(this.#allowPrivate ? {} : { lookup: publicLookup }),
        });
      } catch (error) {
        finish({ status: null, error: (error as Error).message });
        return;
      }
      request.on('response', (res) => {
        response = res;
        status = res.statusCode ?? null;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read >= MAX_RESPONSE_BYTES) finish(answerFor(status, res));
        });
        const done = () => finish(answerFor(status, res));
        res.on('end', done).on('error', done).on('close', done);
      });
      request.on('error', (error) => finish(status === null ? { status: null, error: error.message } : answerFor(status, response)));
      request.end(body);
    });
  }
}

/** What a response's status means for the delivery. */
function answerFor(status: number | null, response: IncomingMessage | undefined): Answer {
  if (status === null) return { status, error: 'The endpoint sent no status.' };
  if (status >= 200 && status < 300) return { status, error: null };
  if (status >= 300 && status < 400) {
    const location = response?.headers.location;
    return { status, error: location ? `HTTP ${status}: redirected to ${location.slice(0, 500)}, which is not followed.` : `HTTP ${status}: a redirect, which is not followed.` };
  }
  return { status, error: `HTTP ${status}` };
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`WebhookWorker: ${name} must be a number above 0, not ${value}.`);
  return value;
}
