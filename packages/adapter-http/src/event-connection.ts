import { EVENTS_PATH, HTTP_HEADERS, eventsQuery } from '@hearth/protocol';
import type { Http } from './request.js';
import { checkEvent } from './schemas.js';
import { SseParser, type SseMessage } from './sse-parser.js';
import type { Channels } from './subscriptions.js';
import { backoff } from './wait.js';

/** Nothing at all (not even the 15 s ping) for this long means the connection is dead. */
export const WATCHDOG_MS = 45_000;
/** The first reconnect waits up to this long (unless the server sent `retry:`); each further one up to twice as long. */
const RECONNECT_BASE_MS = 1000;
const RECONNECT_CAP_MS = 30_000;

/** The channels as one comparable string. */
function keyOf(channels: string[]): string {
  return [...channels].sort().join('\n');
}

/**
 * One Server-Sent Events connection for every channel an adapter listens to, read with
 * fetch (not EventSource) so it can send the Authorization header. A change of channels, or
 * of the viewer a subscription named, reopens it; a drop, or a watchdog that heard nothing for 45 s, reconnects it with
 * backoff and jitter. Both resume with `Last-Event-ID`.
 */
export class EventConnection {
  #http: Http;
  #channels: Channels;
  /** The connection now open, opening or waiting to reconnect; null when stopped. */
  #current: AbortController | null = null;
  /** The channels `#current` is for. */
  #open = '';
  /** The token `#current` sent. */
  #openToken: string | undefined;
  #lastEventId = '';
  #retryBase = RECONNECT_BASE_MS;
  /** Set after a 401 was answered with an at-once retry on a refreshed token; cleared once a stream opens. */
  #refreshed = false;
  #attempt = 0;
  #reconnect: ReturnType<typeof setTimeout> | undefined;
  #watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(http: Http, channels: Channels) {
    this.#http = http;
    this.#channels = channels;
  }

  /** Opens, reopens or closes the stream to match the channels listened to now, and who listens. */
  update(): void {
    const channels = this.#channels.list();
    const same = keyOf(channels) === this.#open && this.#http.tokens.stream() === this.#openToken;
    if (same && (this.#current || !channels.length)) return this.#channels.opened();
    this.stop();
    if (channels.length) void this.#connect();
    else this.#channels.opened();
  }

  /** Closes the stream and cancels any reconnect. */
  stop(): void {
    const current = this.#current;
    this.#current = null;
    this.#open = '';
    current?.abort();
    clearTimeout(this.#reconnect);
    clearTimeout(this.#watchdog);
  }

  /** (Re)starts the watchdog: a connection silent for WATCHDOG_MS is dropped and reopened. */
  #arm(connection: AbortController): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = setTimeout(() => connection.abort(), WATCHDOG_MS);
  }

  async #connect(): Promise<void> {
    const connection = new AbortController();
    const channels = this.#channels.list();
    this.#current = connection;
    this.#open = keyOf(channels);
    this.#arm(connection);
    let retryNow = false;
    const token = this.#http.tokens.stream();
    // Judged for the token sent: the viewer named now may differ by the time the answer comes.
    const refreshable = this.#http.tokens.streamRefreshable;
    // Another viewer's first 401 gets its at-once retry too.
    if (token !== this.#openToken) this.#refreshed = false;
    this.#openToken = token;
    try {
      const response = await this.#request(channels, token, connection.signal);
      if (response.ok) {
        this.#refreshed = false;
        this.#channels.opened();
      }
      // A 401 asks the host for a new token; only the first retry in a row goes at once, so a
      // host handing out tokens the server refuses meets the usual backoff, not a loop.
      if (response.status === 401 && token && refreshable) {
        retryNow = (await this.#http.tokens.refresh(token)) !== null && !this.#refreshed;
        this.#refreshed = true;
      }
      if (response.ok && response.body) await this.#read(response.body, connection);
      else void response.body?.cancel();
    } catch {
      // A drop, a network failure, the watchdog or a stop: reconnect unless stopped.
    }
    if (this.#current !== connection) return;
    // Failed or dropped: writes waiting for the stream go ahead rather than wait for a reconnect.
    this.#channels.opened();
    clearTimeout(this.#watchdog);
    const delay = retryNow ? 0 : backoff(this.#attempt++, this.#retryBase, RECONNECT_CAP_MS);
    this.#reconnect = setTimeout(() => void this.#connect(), delay);
  }

  #request(channels: string[], token: string | undefined, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (token) headers[HTTP_HEADERS.authorization] = `Bearer ${token}`;
    if (this.#http.community) headers[HTTP_HEADERS.community] = this.#http.community;
    if (this.#lastEventId) headers[HTTP_HEADERS.lastEventId] = this.#lastEventId;
    return this.#http.fetch(this.#http.endpoint + EVENTS_PATH + eventsQuery(channels), { headers, cache: 'no-store', signal });
  }

  /** Reads the stream until it ends, handing each event to its channel's listeners. */
  async #read(body: ReadableStream<Uint8Array>, connection: AbortController): Promise<void> {
    const parser = new SseParser((message) => this.#dispatch(message), this.#lastEventId);
    const decoder = new TextDecoder();
    const reader = body.getReader();
    connection.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      // Anything at all, a ping included, proves the connection alive.
      this.#arm(connection);
      this.#attempt = 0;
      parser.push(decoder.decode(chunk.value, { stream: true }));
      this.#lastEventId = parser.lastEventId;
      if (parser.retry !== undefined) this.#retryBase = parser.retry;
    }
  }

  #dispatch(message: SseMessage): void {
    let event;
    try {
      event = checkEvent(JSON.parse(message.data));
    } catch (error) {
      console.warn('Hearth: ignored an event from the community server.', error);
      return;
    }
    this.#channels.deliver(event);
  }
}
