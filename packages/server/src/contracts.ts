// The seams between the server's parts: the database, identity, configuration, realtime
// and protection each live in their own folder and meet the HTTP app only through these.
import type { CommentSettings, CommunityEvent, CommunitySettings, Viewer } from '@hearth/protocol';
import type { Store } from '@hearth/engine';
import type { WebhookQueue } from './webhooks/queue.js';
import type { AccessStore } from './access/access-store.js';

/** One database (PGlite in a data folder, or PostgreSQL), migrated and ready. */
export interface Database {
  /** `pglite` for the embedded database, `postgres` for `DATABASE_URL`. */
  readonly kind: 'pglite' | 'postgres';
  /** The engine's Store for one community; every row it reads or writes is that community's. */
  storeFor(community: string): Store;
  /** Resolves when the database answers a trivial query; rejects otherwise (for `/readyz`). */
  ping(): Promise<void>;
  /**
   * A secret shared by every instance on this database, made once on first use (for signing
   * guest tokens when the config names none).
   */
  sharedSecret(name: string): Promise<string>;
  /** The outgoing webhook deliveries of every community, for the webhook worker to take and settle. */
  webhookQueue(): WebhookQueue;
  /**
   * The access settings operators keep (origins, SSO secret or key set, admin keys); a
   * database without it leaves each community's config alone in force.
   */
  access?(): AccessStore;
  /** Closes connections once in-flight queries finish. */
  close(): Promise<void>;
}

/** How one server instance fans events out to every instance (itself included). */
export interface EventBus {
  /** Sends a committed write's event to every instance's subscribers. */
  publish(community: string, event: CommunityEvent): void;
  /** Hears every event any instance published; returns the unsubscribe. */
  subscribe(listener: (community: string, event: CommunityEvent) => void): () => void;
  close(): Promise<void>;
}

/** A token bucket's shape: `capacity` requests at once, refilled at `refillPerSecond`. */
export interface BucketRule {
  capacity: number;
  refillPerSecond: number;
}

/** Takes tokens from named buckets; shared across instances when Redis backs it. */
export interface RateLimiter {
  /** Takes one token from `key`'s bucket; when empty, how long until one is back. */
  take(key: string, rule: BucketRule): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  close(): Promise<void>;
}

/** Identity settings of one community. */
export interface CommunityAuthConfig {
  /** HS256 shared secret the host site signs member tokens with. */
  secret?: string;
  /** A JWKS URL for RS256/ES256/EdDSA tokens the host site signs. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Whether the token's `role` claim is honoured; otherwise every token is a `member`. */
  trustRole: boolean;
}

/** One community this server hosts. */
export interface CommunityConfig {
  /** The id clients send in `Hearth-Community`; lowercase letters, digits and dashes. */
  id: string;
  name: string;
  auth: CommunityAuthConfig;
  /** Guest sessions (a name, optional email) may be opened. */
  guests: boolean;
  /** Origins allowed to embed the widgets (CORS); `*` allows any. */
  origins: string[];
  /** Keys for server-to-server calls; a call with one acts as an admin named `name`. */
  adminKeys: Array<{ name: string; key: string }>;
  /** The community's settings until an admin changes them. */
  settings?: Partial<CommunitySettings>;
  /** Comment rules (lengths, edit window, depth). */
  comments?: Partial<CommentSettings>;
}

/** Everything the server reads from the environment and `hearth.config.json`. */
export interface ServerConfig {
  port: number;
  host: string;
  /** The PGlite data folder, used when `databaseUrl` is absent. */
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Read the client's address from `X-Forwarded-For` (behind a load balancer). */
  trustProxy: boolean;
  /** Signs guest tokens; when absent, a secret kept in the database is used. */
  secret?: string;
  /**
   * Token buckets: `write` per operation, per member and per IP (each write operation has its
   * own, so posting does not use up reacting); `read` per IP for reads and event streams;
   * `guest` per IP for opening guest sessions.
   */
  rateLimits: { write: BucketRule; read: BucketRule; guest: BucketRule };
  /** The communities this server hosts; the first is used when a request names none. */
  communities: CommunityConfig[];
  /** Serves `/demo/token` to mint member tokens for the demo community (never in production). */
  demo: boolean;
  /**
   * Processes `hearth-server` runs on this machine (node:cluster, sharing one port); above 1
   * needs `databaseUrl` and `redisUrl`, which is where they share their state.
   */
  workers: number;
  /**
   * Lets webhooks reach loopback, private and link-local addresses (a receiver on this
   * machine or network). Off by default, so an endpoint URL cannot reach internal services.
   */
  webhooksPrivateAddresses: boolean;
}

/** Turns the `Authorization` header into the viewer a request acts as. */
export interface Authenticator {
  /**
   * The viewer for `authorization` (`Bearer <jwt>`, a guest token or an admin key), or null
   * without the header. Rejects with HearthError `unauthorized` for a bad, expired or foreign
   * token, naming why in the message.
   */
  authenticate(community: CommunityConfig, authorization: string | null): Promise<Viewer | null>;
  /**
   * Opens a guest session where the community allows it; rejects with `forbidden` otherwise.
   * `input` is the request body as sent (`{ displayName, email? }`), checked here.
   * Given the request's `existing` viewer and that is a guest of this community, the new
   * session keeps its id (a rename), so the guest still owns what they wrote.
   */
  openGuestSession(
    community: CommunityConfig,
    input: unknown,
    existing?: Viewer | null,
  ): Promise<{ token: string; viewer: Viewer; expiresAt: string }>;
}
