import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { HTTP_HEADERS, HearthError, PING_INTERVAL_MS, type CommunityEvent, type Viewer } from '@hearth/protocol';
import type { EventBus } from '../contracts.js';
import type { ReplayBuffer } from './replay.js';
import { visibleTo } from './visibility.js';

export { visibleTo } from './visibility.js';

/** A stream whose client reads this far behind is ended; the client resumes with `Last-Event-ID`. */
export const DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;
const HIGH_WATER_MARK = 64 * 1024;

/** Options of the event streams. */
export interface EventStreamOptions {
  /** Every instance's events arrive through it. */
  bus: EventBus;
  /** Fed from the bus by the streams (do not push into it yourself); resumes reconnecting clients. */
  buffer: ReplayBuffer;
  /** How often a quiet stream sends `: ping`; `PING_INTERVAL_MS` (15 s) by default. */
  pingMs?: number;
  /** Whether a viewer may receive an event; `visibleTo` by default. */
  visible?: (event: CommunityEvent, viewer: Viewer | null) => boolean;
  /** A client this many bytes behind is cut off to reconnect; 1 MiB by default. */
  maxQueuedBytes?: number;
}

/** The `GET /v1/events` streams of one server instance. */
export interface EventStreams {
  /**
   * Opens a Server-Sent Events stream of `community`'s events on `channels` that `viewer`
   * may see: `: ok` at once, then what the client missed since `Last-Event-ID` (header, or
   * `lastEventId` query), then each event live as `id:`/`data:`, with `: ping` while quiet.
   * An id the buffer does not hold gets a `stream.reset` per channel instead, telling the client
   * to fetch again.
   * Throws HearthError `validation` without channels and `unavailable` once draining.
   */
  handle(c: Context, community: string, channels: string[], viewer: Viewer | null): Response;
  /** How many streams are open now. */
  readonly size: number;
  /** Ends every open stream cleanly (clients reconnect elsewhere) and refuses new ones. */
  drainStreams(): Promise<void>;
  /** Drains and stops listening to the bus. */
  close(): Promise<void>;
}

interface OpenStream {
  community: string;
  channels: Set<string>;
  viewer: Viewer | null;
  write(text: string): void;
  end(): void;
}

const encoder = new TextEncoder();

/** One event as the stream sends it. */
function frame(event: CommunityEvent): string {
  return `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * The event streams of one instance, following the binding's `GET /v1/events`: listens to
 * the bus, keeps the replay buffer, and fans each event out to the open streams of its
 * community and channel whose viewer may see it.
 *
 * @example
 * const streams = createEventStreams({ bus, buffer: new ReplayBuffer() });
 * app.get(EVENTS_PATH, (c) => streams.handle(c, community, c.req.queries('channel') ?? [], viewer));
 * // on SIGTERM: await streams.drainStreams();
 */
export function createEventStreams(options: EventStreamOptions): EventStreams {
  const { bus, buffer } = options;
  const pingMs = options.pingMs ?? PING_INTERVAL_MS;
  const visible = options.visible ?? visibleTo;
  const maxQueued = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
  const open = new Set<OpenStream>();
  let draining = false;

  const unsubscribe = bus.subscribe((community, event) => {
    buffer.push(community, event);
    for (const stream of open) {
      if (stream.community === community && stream.channels.has(event.channel) && visible(event, stream.viewer)) stream.write(frame(event));
    }
  });

  function handle(c: Context, community: string, channels: string[], viewer: Viewer | null): Response {
    if (draining) throw new HearthError('unavailable', 'This server is shutting down; reconnect to reach another.');
    if (!channels.length) throw HearthError.validation('channel', 'Name at least one channel to listen to: /v1/events?channel=…');
    const wanted = new Set(channels);
    const lastEventId = c.req.header(HTTP_HEADERS.lastEventId) || c.req.query('lastEventId') || '';
    const signal = c.req.raw.signal;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let ping: ReturnType<typeof setInterval> | undefined;
    let ended = false;

    const stream: OpenStream = {
      community,
      channels: wanted,
      viewer,
      write(text) {
        if (ended) return;
        controller.enqueue(encoder.encode(text));
        if (HIGH_WATER_MARK - (controller.desiredSize ?? HIGH_WATER_MARK) > maxQueued) stream.end();
      },
      end() {
        finish();
        try {
          controller.close();
        } catch {
          // Already closed or cancelled by the client.
        }
      },
    };
    const finish = () => {
      if (ended) return;
      ended = true;
      clearInterval(ping);
      open.delete(stream);
      signal.removeEventListener('abort', stream.end);
    };

    const body = new ReadableStream<Uint8Array>(
      {
        start(c) {
          controller = c;
        },
        cancel: finish,
      },
      new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_MARK }),
    );
    stream.write(': ok\n\n');
    if (lastEventId) {
      const missed = buffer.after(community, lastEventId, wanted);
      if (missed) {
        for (const event of missed) if (visible(event, viewer)) stream.write(frame(event));
      } else {
        // This instance never saw that event (it restarted, or the event is older than the buffer):
        // the client is told to fetch again. No `id:`, so it keeps resuming from what it last had.
        for (const channel of wanted) stream.write(`data: ${JSON.stringify({ type: 'stream.reset', id: randomUUID(), channel })}\n\n`);
      }
    }
    if (!ended) {
      open.add(stream);
      ping = setInterval(() => stream.write(': ping\n\n'), pingMs);
      signal.addEventListener('abort', stream.end, { once: true });
    }
    return c.body(body, 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
  }

  async function drainStreams(): Promise<void> {
    draining = true;
    for (const stream of [...open]) stream.end();
  }

  return {
    handle,
    get size() {
      return open.size;
    },
    drainStreams,
    async close() {
      await drainStreams();
      unsubscribe();
    },
  };
}
