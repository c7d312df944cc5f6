import { createClient } from 'redis';

/** How long the first connection may take before start-up fails. */
const CONNECT_TIMEOUT_MS = 5000;
/** The longest wait between reconnect attempts once the server has been reached. */
const RECONNECT_CAP_MS = 5000;

/**
 * Connects to Redis at `url`. Start-up fails at once with a message naming the URL's host
 * when Redis cannot be reached; after the first connection, drops are retried by the
 * client with backoff and reported to `onError` (never left to crash the process). With
 * `offlineQueue: false`, commands sent while disconnected reject at once.
 */
export async function connectRedis(url: string, purpose: string, onError: (error: Error) => void, { offlineQueue = true } = {}) {
  let ready = false;
  const client = createClient({
    url,
    // Without the queue, a command while disconnected fails at once instead of waiting for the reconnect.
    disableOfflineQueue: !offlineQueue,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries, cause) => (ready ? Math.min(100 * 2 ** retries, RECONNECT_CAP_MS) : cause),
    },
  });
  client.on('error', (error: Error) => {
    if (ready) onError(error);
  });
  client.on('ready', () => {
    ready = true;
  });
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new Error(`Could not connect to Redis at ${hostOf(url)} for ${purpose}: ${error instanceof Error ? error.message : String(error)}. Check REDIS_URL.`);
  }
  return client;
}

/** A connected node-redis client. */
export type RedisClient = Awaited<ReturnType<typeof connectRedis>>;

/** The URL without credentials, fit for a log line. */
function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an invalid URL';
  }
}
