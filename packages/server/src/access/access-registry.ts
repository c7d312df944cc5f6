// What each request needs of a community's stored access settings, kept briefly per instance.
import { createHash } from 'node:crypto';
import type { CommunityConfig } from '../contracts.js';
import type { AccessRecord, AccessStore } from './access-store.js';

/**
 * How long an instance uses its copy of a community's access settings before reading them
 * again. A change made on this instance applies at once; one made on another instance
 * applies here within this bound (docs/server.md#access-settings).
 */
export const ACCESS_TTL_MS = 2_000;

/** A community's stored access settings as the authenticator and CORS use them. */
export interface AccessSnapshot {
  /** The stored revision; a token verified under another one is checked again. */
  readonly revision: number;
  /** Origins saved in the console. */
  readonly origins: readonly string[];
  /** HS256 secrets saved in the console, each accepted until `until` (ms; null: no end). */
  readonly secrets: ReadonlyArray<{ secret: string; until: number | null }>;
  readonly jwksUrl: string | null;
  readonly issuer: string | null;
  readonly audience: string | null;
  /** Console admin keys by the hex SHA-256 of the key. */
  readonly keys: ReadonlyMap<string, { id: string; name: string }>;
}

/** No stored settings: the config's alone are in force. */
export const NO_ACCESS: AccessSnapshot = { revision: 0, origins: [], secrets: [], jwksUrl: null, issuer: null, audience: null, keys: new Map() };

/** Hex SHA-256 of an admin key, as `admin_keys.key_hash` keeps it. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The snapshot of a stored record and its keys. */
export function snapshotOf(record: AccessRecord, keys: ReadonlyArray<{ id: string; name: string; hash: string }>): AccessSnapshot {
  const secrets: Array<{ secret: string; until: number | null }> = [];
  if (record.secret) secrets.push({ secret: record.secret.value, until: null });
  if (record.previousSecret) secrets.push({ secret: record.previousSecret.value, until: record.previousSecret.expiresAt });
  return {
    revision: record.revision,
    origins: record.origins,
    secrets,
    jwksUrl: record.jwks.url,
    issuer: record.jwks.issuer,
    audience: record.jwks.audience,
    keys: new Map(keys.map((key) => [key.hash, { id: key.id, name: key.name }])),
  };
}

/**
 * The origins in force: the config's while the console lists none; once it lists some, the
 * config's named origins and the console's (a `*` in the config is the open default the
 * console's list replaces, a `*` in the console's list opens it again).
 */
export function effectiveOrigins(config: CommunityConfig, snapshot: AccessSnapshot): string[] {
  if (snapshot.origins.length === 0) return [...config.origins];
  return [...new Set([...config.origins.filter((origin) => origin !== '*'), ...snapshot.origins])];
}

/** Whether `origin` may use a community whose origins in force are `origins`. */
export function originAllowed(origins: readonly string[], origin: string): boolean {
  return origins.includes('*') || origins.includes(origin);
}

interface Entry {
  snapshot: Promise<AccessSnapshot>;
  expiresAt: number;
}

/**
 * Each community's stored access settings, read once per `ACCESS_TTL_MS` per instance (the
 * reads of one moment share one query) and dropped at once when this instance changes them.
 * Without a store (a database that keeps none) every community has `NO_ACCESS`.
 */
export class AccessRegistry {
  #store: AccessStore | null;
  #clock: () => number;
  #entries = new Map<string, Entry>();
  #touched = new Map<string, number>();
  #onError: (error: unknown) => void;

  constructor(store: AccessStore | null, options: { clock?: () => number; onError?: (error: unknown) => void } = {}) {
    this.#store = store;
    this.#clock = options.clock ?? Date.now;
    this.#onError = options.onError ?? (() => {});
  }

  /** Whether settings can be kept (the database has a store for them). */
  get store(): AccessStore | null {
    return this.#store;
  }

  /** The community's snapshot, read again when older than `ACCESS_TTL_MS` or changed here. */
  get(community: string): Promise<AccessSnapshot> {
    const store = this.#store;
    if (!store) return Promise.resolve(NO_ACCESS);
    const now = this.#clock();
    const entry = this.#entries.get(community);
    if (entry && now < entry.expiresAt) return entry.snapshot;
    const snapshot = store.read(community).then(({ record, keys }) => snapshotOf(record, keys));
    const fresh: Entry = { snapshot, expiresAt: now + ACCESS_TTL_MS };
    this.#entries.set(community, fresh);
    // A failed read is not kept: the next request asks again.
    snapshot.catch(() => {
      if (this.#entries.get(community) === fresh) this.#entries.delete(community);
    });
    return snapshot;
  }

  /** Drops this instance's copy, so the next request reads what was just committed. */
  changed(community: string): void {
    this.#entries.delete(community);
  }

  /** Notes a console key's use, writing at most once a minute per key from this instance. */
  used(community: string, id: string): void {
    const store = this.#store;
    if (!store) return;
    const now = this.#clock();
    const key = `${community}\u0000${id}`;
    if (now - (this.#touched.get(key) ?? -Infinity) < 60_000) return;
    this.#touched.set(key, now);
    store.touch(community, id, now).catch(this.#onError);
  }
}
