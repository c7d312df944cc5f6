import { randomUUID } from 'node:crypto';
import type { CommunityEvent } from '@hearth/protocol';
import type { EventBus } from '../contracts.js';
import { connectRedis } from './redis.js';

type BusListener = (community: string, event: CommunityEvent) => void;

/** The Redis pub/sub channel instances share unless told otherwise. */
export const DEFAULT_BUS_CHANNEL = 'hearth:events';

/** Options of the Redis event bus. */
export interface RedisBusOptions {
  /** The pub/sub channel every instance of one deployment shares; `hearth:events` by default. */
  channel?: string;
  /** Hears dropped connections, failed publishes and malformed messages; logs to stderr by default. */
  onError?: (error: Error) => void;
}

/** What travels on the Redis channel: the event, its community, and which instance sent it. */
interface Envelope {
  origin: string;
  community: string;
  event: CommunityEvent;
}

const logError = (error: Error) => console.error('Hearth event bus:', error.message);

/** The listeners of one bus; one listener that throws does not keep the event from the others. */
class Listeners {
  #set = new Set<BusListener>();
  #onError: (error: Error) => void;

  constructor(onError: (error: Error) => void) {
    this.#onError = onError;
  }

  add(listener: BusListener): () => void {
    // A wrapper per call, so subscribing the same function twice hears events twice and each unsubscribe removes one.
    const entry: BusListener = (community, event) => listener(community, event);
    this.#set.add(entry);
    return () => void this.#set.delete(entry);
  }

  deliver(community: string, event: CommunityEvent): void {
    for (const listener of [...this.#set]) {
      try {
        listener(community, event);
      } catch (error) {
        this.#onError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  clear(): void {
    this.#set.clear();
  }
}

/**
 * The bus of a single instance (no `REDIS_URL`): events reach this process's subscribers,
 * synchronously and in the order published.
 */
export function createLocalBus(): EventBus {
  const listeners = new Listeners(logError);
  return {
    publish: (community, event) => listeners.deliver(community, event),
    subscribe: (listener) => listeners.add(listener),
    close: async () => listeners.clear(),
  };
}

/**
 * The bus of many instances sharing Redis at `url`: every event published on any instance
 * reaches every instance's subscribers exactly once. Events published here are delivered
 * to local subscribers at once and their echo from Redis is ignored, so this instance's
 * own streams never wait on Redis nor see an event twice. Rejects when Redis cannot be
 * reached at start; later drops are reconnected by the Redis client, and events published
 * while Redis is down reach only this instance.
 */
export async function createRedisBus(url: string, options: RedisBusOptions = {}): Promise<EventBus> {
  const channel = options.channel ?? DEFAULT_BUS_CHANNEL;
  const onError = options.onError ?? logError;
  const origin = randomUUID();
  const listeners = new Listeners(onError);
  const publisher = await connectRedis(url, 'publishing events', onError);
  let subscriber;
  try {
    subscriber = await connectRedis(url, 'hearing events', onError);
    await subscriber.subscribe(channel, (message) => {
      const envelope = parseEnvelope(message);
      if (!envelope) onError(new Error(`Ignored a malformed message on the Redis channel ${channel}.`));
      else if (envelope.origin !== origin) listeners.deliver(envelope.community, envelope.event);
    });
  } catch (error) {
    publisher.destroy();
    subscriber?.destroy();
    throw error;
  }
  const sub = subscriber;
  let closed = false;
  return {
    publish(community, event) {
      if (closed) throw new Error('The event bus is closed.');
      listeners.deliver(community, event);
      const envelope: Envelope = { origin, community, event };
      publisher.publish(channel, JSON.stringify(envelope)).catch((error: unknown) => {
        onError(new Error(`An event of ${community} reached only this instance: ${error instanceof Error ? error.message : String(error)}`));
      });
    },
    subscribe: (listener) => listeners.add(listener),
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      await Promise.all([sub.close(), publisher.close()]);
    },
  };
}

/** The envelope in `message`, or null when it is not one. */
function parseEnvelope(message: string): Envelope | null {
  try {
    const value = JSON.parse(message) as Partial<Envelope> | null;
    const event = value?.event as Partial<CommunityEvent> | undefined;
    if (typeof value?.origin !== 'string' || typeof value.community !== 'string') return null;
    if (typeof event?.type !== 'string' || typeof event.id !== 'string' || typeof event.channel !== 'string') return null;
    return value as Envelope;
  } catch {
    return null;
  }
}
