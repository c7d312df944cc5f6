// The access settings operators keep in the database (migration 0007): one row per community in
// `access_settings`, one per admin key in `admin_keys` (its SHA-256 digest, never the key).
import type { Driver, Conn } from '../db/driver.js';

/** A community's stored access settings; an empty record when nothing was saved. */
export interface AccessRecord {
  origins: string[];
  secret: { value: string; createdAt: number } | null;
  previousSecret: { value: string; expiresAt: number } | null;
  jwks: { url: string | null; issuer: string | null; audience: string | null };
  /** Up by one with every change, admin keys' included; 0 before the first. */
  revision: number;
}

/** One admin key made in the console. */
export interface AdminKeyRecord {
  id: string;
  name: string;
  /** Hex SHA-256 of the key. */
  hash: string;
  createdAt: number;
  createdBy: string | null;
  lastUsedAt: number | null;
  idempotencyKey: string | null;
}

/** The parts of the settings row a change may set. */
export type AccessPatch = Partial<Omit<AccessRecord, 'revision'>>;

/** Where the access settings live: read, changed in a transaction, and a key's last use noted. */
export interface AccessStore {
  /** The community's settings and keys, as committed. */
  read(community: string): Promise<{ record: AccessRecord; keys: AdminKeyRecord[] }>;
  /**
   * Runs `fn` in one transaction over the current settings and keys; the patch it returns is
   * saved, `add`/`remove` applied, and the revision goes up by one. Whatever `fn` throws
   * rolls everything back.
   */
  change<T>(community: string, fn: (current: { record: AccessRecord; keys: AdminKeyRecord[] }) => Promise<AccessChange<T>> | AccessChange<T>): Promise<T>;
  /** Notes that `id` signed a request in at `at`, unless it did within the last minute. */
  touch(community: string, id: string, at: number): Promise<void>;
}

/** What one change does, and what it resolves to. */
export interface AccessChange<T> {
  patch?: AccessPatch;
  add?: AdminKeyRecord;
  remove?: string;
  result: T;
}

const EMPTY: AccessRecord = { origins: [], secret: null, previousSecret: null, jwks: { url: null, issuer: null, audience: null }, revision: 0 };

interface SettingsRow {
  origins: string[] | string;
  sso_secret: string | null;
  sso_secret_created_at: string | number | null;
  sso_previous_secret: string | null;
  sso_previous_expires_at: string | number | null;
  jwks_url: string | null;
  jwks_issuer: string | null;
  jwks_audience: string | null;
  revision: string | number;
}

interface KeyRow {
  id: string;
  name: string;
  key_hash: string;
  idempotency_key: string | null;
  created_at: string | number;
  created_by: string | null;
  last_used_at: string | number | null;
}

const num = (value: string | number | null): number | null => (value === null ? null : Number(value));

function recordOf(row: SettingsRow | undefined): AccessRecord {
  if (!row) return EMPTY;
  const origins = typeof row.origins === 'string' ? (JSON.parse(row.origins) as string[]) : row.origins;
  return {
    origins,
    secret: row.sso_secret === null ? null : { value: row.sso_secret, createdAt: num(row.sso_secret_created_at)! },
    previousSecret: row.sso_previous_secret === null ? null : { value: row.sso_previous_secret, expiresAt: num(row.sso_previous_expires_at)! },
    jwks: { url: row.jwks_url, issuer: row.jwks_issuer, audience: row.jwks_audience },
    revision: Number(row.revision),
  };
}

function keyOf(row: KeyRow): AdminKeyRecord {
  return {
    id: row.id,
    name: row.name,
    hash: row.key_hash,
    idempotencyKey: row.idempotency_key,
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    lastUsedAt: num(row.last_used_at),
  };
}

async function readWith(conn: Conn, community: string, lock: boolean) {
  const [settings] = await conn.query<SettingsRow>(`SELECT * FROM access_settings WHERE community = $1${lock ? ' FOR UPDATE' : ''}`, [community]);
  const keys = await conn.query<KeyRow>('SELECT id, name, key_hash, idempotency_key, created_at, created_by, last_used_at FROM admin_keys WHERE community = $1 ORDER BY name', [community]);
  return { record: recordOf(settings), keys: keys.map(keyOf) };
}

/** The access settings in the server's SQL database (PGlite or PostgreSQL). */
export class SqlAccessStore implements AccessStore {
  #driver: Driver;

  constructor(driver: Driver) {
    this.#driver = driver;
  }

  read(community: string) {
    return readWith(this.#driver, community, false);
  }

  change<T>(community: string, fn: (current: { record: AccessRecord; keys: AdminKeyRecord[] }) => Promise<AccessChange<T>> | AccessChange<T>): Promise<T> {
    return this.#driver.transaction(async (conn) => {
      // The row exists before it is locked, so two first changes at once queue up on it.
      await conn.query('INSERT INTO access_settings (community) VALUES ($1) ON CONFLICT (community) DO NOTHING', [community]);
      const current = await readWith(conn, community, true);
      const change = await fn(current);
      const next = { ...current.record, ...change.patch };
      await conn.query(
        `UPDATE access_settings SET origins = $2::jsonb, sso_secret = $3, sso_secret_created_at = $4, sso_previous_secret = $5, sso_previous_expires_at = $6,
           jwks_url = $7, jwks_issuer = $8, jwks_audience = $9, revision = revision + 1 WHERE community = $1`,
        [
          community,
          JSON.stringify(next.origins),
          next.secret?.value ?? null,
          next.secret?.createdAt ?? null,
          next.previousSecret?.value ?? null,
          next.previousSecret?.expiresAt ?? null,
          next.jwks.url,
          next.jwks.issuer,
          next.jwks.audience,
        ],
      );
      if (change.add) {
        const key = change.add;
        await conn.query(
          'INSERT INTO admin_keys (community, id, name, key_hash, idempotency_key, created_at, created_by, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)',
          [community, key.id, key.name, key.hash, key.idempotencyKey, key.createdAt, key.createdBy],
        );
      }
      if (change.remove) await conn.query('DELETE FROM admin_keys WHERE community = $1 AND id = $2', [community, change.remove]);
      return change.result;
    });
  }

  async touch(community: string, id: string, at: number): Promise<void> {
    await this.#driver.query('UPDATE admin_keys SET last_used_at = $3 WHERE community = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at < $4)', [community, id, at, at - 60_000]);
  }
}
