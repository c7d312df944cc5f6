import { ERROR_CODES, GUEST_SESSION_PATH, HTTP_HEADERS, HearthError, codeOfStatus, httpRoute, readQuery, type CallContext, type ErrorCode, type OperationKey } from '@hearth/protocol';
import type { Tokens } from './tokens.js';
import { backoff, sleep } from './wait.js';

/** The response checks and the event stream, loaded lazily (see lazy.ts). */
export type Lazy = typeof import('./lazy.js');

/** What every request of one adapter shares. */
export interface Http {
  /** The server's base URL, without a trailing slash. */
  endpoint: string;
  community: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  retries: number;
  tokens: Tokens;
  /** Resolves when the event stream has caught up with the latest subscribe (writes wait for it). */
  streamReady: () => Promise<void>;
  /** The lazily loaded part, requested when the adapter was made. */
  lazy: Promise<Lazy>;
}

/** What `call` sends besides the table's operations: a guest session, to `GUEST_SESSION_PATH`. */
export type Op = OperationKey | 'openGuestSession';

/** The first retry waits up to this long; each further one up to twice as long. */
const RETRY_BASE_MS = 300;
/** No wait between retries is longer; a `Retry-After` beyond it is left to the caller. */
const RETRY_CAP_MS = 10_000;
/** Statuses that say "try again shortly": gateways, an overloaded server, a rate limit. */
const TRANSIENT = [429, 502, 503, 504];

/** One answer, read whole within the timeout. */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** A failed attempt, and whether it may be retried: after `waitMs`, or after a backoff when null. */
interface Failure {
  error: HearthError;
  retry?: { waitMs: number | null };
}

/** The headers of one request, per the binding. */
function headersFor(http: Http, token: string | undefined, ctx: CallContext, key: string | undefined, write: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (write) headers['content-type'] = 'application/json';
  if (token) headers[HTTP_HEADERS.authorization] = `Bearer ${token}`;
  if (ctx.viewer?.variant) headers[HTTP_HEADERS.variant] = ctx.viewer.variant;
  if (http.community) headers[HTTP_HEADERS.community] = http.community;
  if (key) headers[HTTP_HEADERS.idempotencyKey] = key;
  return headers;
}

/** The write's idempotency key, when its input carries one. */
function keyOf(input: unknown): string | undefined {
  const key = (input as { idempotencyKey?: unknown } | null)?.idempotencyKey;
  return typeof key === 'string' ? key : undefined;
}

/** JSON text parsed, or `undefined` when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `Retry-After` (seconds, or an HTTP date) in milliseconds. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get(HTTP_HEADERS.retryAfter);
  if (!value) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** The HearthError an error answer stands for: its JSON error body, or else its status. */
export function errorOf(op: string, answer: Answer): HearthError {
  const body = (parseJson(answer.text) as { error?: { code?: unknown } } | undefined)?.error;
  const error =
    body && typeof body === 'object'
      ? HearthError.fromJSON({ ...body, code: ERROR_CODES.includes(body.code as ErrorCode) ? body.code : codeOfStatus(answer.status) })
      : new HearthError(codeOfStatus(answer.status), `The community server could not answer ${op} (HTTP ${answer.status}).`);
  const wait = answer.status === 429 ? retryAfterMs(answer.headers) : undefined;
  if (wait !== undefined && error.details.retryAfterMs === undefined) error.details.retryAfterMs = wait;
  return error;
}

/**
 * Sends one request and reads its answer, all within `timeoutMs`. A failed network is
 * `unavailable` (retryable); so is a timeout (not retried: the server may still be working
 * on it); an abort through `signal` rethrows the signal's reason (an `AbortError`).
 */
async function exchange(http: Http, url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Answer | Failure> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, http.timeoutMs);
  try {
    if (signal?.aborted) throw signal.reason;
    const response = await http.fetch(url, { ...init, signal: controller.signal });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timedOut) return { error: new HearthError('unavailable', `The community server did not answer within ${http.timeoutMs / 1000} s.`, { timeout: true }) };
    return { error: new HearthError('unavailable', 'Could not reach the community server. Check the connection and try again.', { network: true }), retry: { waitMs: null } };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** Turns an answer into the checked result, or a failure saying whether to retry. */
async function settle(http: Http, op: Op, answer: Answer): Promise<{ value: unknown } | Failure> {
  if (answer.status < 200 || answer.status > 299) {
    const error = errorOf(op, answer);
    if (!TRANSIENT.includes(answer.status)) return { error };
    const wait = error.details.retryAfterMs;
    // A server asking for a longer pause than we would sit through gets its answer passed on.
    return wait !== undefined && wait > RETRY_CAP_MS ? { error } : { error, retry: { waitMs: wait ?? null } };
  }
  const value = parseJson(answer.text);
  if (value === undefined) return { error: new HearthError('unavailable', `The community server answered ${op} with something that is not JSON.`) };
  let lazy: Lazy;
  try {
    lazy = await http.lazy;
  } catch {
    return { error: new HearthError('unavailable', 'Could not load the checks for the community server’s answers.') };
  }
  try {
    return { value: lazy.checkOutput(op, value) };
  } catch (error) {
    return { error: error as HearthError };
  }
}

/**
 * Calls one operation over HTTP: routes it, sends the viewer's token, refreshes an expired
 * token once, retries what is safe to retry, and checks the answer against the schema.
 * Reads and writes carrying an idempotency key (sent with the same key) are retried on a
 * network failure, 502/503/504 and 429; nothing else is, and no 4xx but those.
 * A guest viewer's calls carry their own token only, never the host's nor its refresh; so
 * does opening a guest session (with the guest's token, a rename keeps the guest's id).
 */
export async function call(http: Http, op: Op, input: unknown, ctx: CallContext): Promise<unknown> {
  const guest = op === 'openGuestSession';
  const { method, path } = guest ? { method: 'POST', path: GUEST_SESSION_PATH } : httpRoute(op);
  const write = method === 'POST';
  const key = write ? keyOf(input) : undefined;
  const url = http.endpoint + path + (write ? '' : readQuery(input));
  const body = write ? JSON.stringify(input) : undefined;
  const retryable = !write || key !== undefined;
  const asGuest = ctx.viewer?.role === 'guest';
  let token = asGuest ? ctx.viewer!.token : guest ? undefined : http.tokens.pick(ctx.viewer?.token);
  // A guest's token is never refreshed through the host (whose refresh signs in its own users).
  let refreshed = asGuest || guest;
  if (write && !guest) await http.streamReady();
  for (let attempt = 0; ; attempt++) {
    const answer = await exchange(http, url, { method, headers: headersFor(http, token, ctx, key, write), body }, ctx.signal);
    if ('status' in answer && answer.status === 401 && token && http.tokens.canRefresh && !refreshed) {
      refreshed = true;
      const fresh = await http.tokens.refresh(token);
      if (!fresh) throw new HearthError('unauthorized', 'Your session has expired. Sign in again to continue.', { refreshed: false });
      token = fresh;
      attempt -= 1; // a refresh is not one of the retries
      continue;
    }
    const outcome = 'status' in answer ? await settle(http, op, answer) : answer;
    if ('value' in outcome) return outcome.value;
    if (!outcome.retry || !retryable || attempt >= http.retries) throw outcome.error;
    await sleep(outcome.retry.waitMs ?? backoff(attempt, RETRY_BASE_MS, RETRY_CAP_MS), ctx.signal);
  }
}
