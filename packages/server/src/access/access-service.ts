// The `access` operations: what admins and owners change of who may reach a community.
import { randomBytes } from 'node:crypto';
import {
  AdminKeyRefInput,
  CreateAdminKeyInput,
  EmptyInput,
  HearthError,
  RotateSsoSecretInput,
  SetJwksInput,
  SetOriginsInput,
  allows,
  parseInput,
  type AccessSettings,
  type AdminKeyCreated,
  type AdminKeySummary,
  type SsoSecretRotated,
  type Viewer,
} from '@hearth/protocol';
import type { CommunityConfig } from '../contracts.js';
import type { AccessRecord, AdminKeyRecord, AccessStore } from './access-store.js';
import { effectiveOrigins, keyHash, snapshotOf, type AccessRegistry } from './access-registry.js';

/** How long the secret rotated out stays accepted unless the owner says otherwise: 7 days. */
export const DEFAULT_SSO_GRACE_MS = 7 * 86_400_000;

/** Who asks: the viewer as authenticated, with the role the community gave them. */
export interface AccessActor {
  viewer: Viewer | null;
  role: Viewer['role'];
}

/** Something worth a line in the server's log: who changed what of whose access. */
export type AccessLog = (entry: { community: string; actor: string; action: string; detail?: string }) => void;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * The access operations of the HTTP binding, over the database's `AccessStore`. Admins and
 * owners (`manage`) change origins and admin keys; only owners change how sign-in tokens are
 * checked, since whoever holds the SSO secret or names the key set can sign in as anyone,
 * owners included. Each change drops this instance's cached copy before it answers.
 */
export class AccessService {
  #store: AccessStore;
  #registry: AccessRegistry;
  #clock: () => number;
  #log: AccessLog;

  constructor(store: AccessStore, registry: AccessRegistry, options: { clock?: () => number; log?: AccessLog } = {}) {
    this.#store = store;
    this.#registry = registry;
    this.#clock = options.clock ?? Date.now;
    this.#log = options.log ?? (() => {});
  }

  /** Runs operation `method` (`getAccess`, `setOrigins`, …) for `actor` in `config`'s community. */
  async call(method: string, config: CommunityConfig, input: unknown, actor: AccessActor): Promise<unknown> {
    switch (method) {
      case 'getAccess':
        parseInput(EmptyInput, input);
        return this.#view(config, actor);
      case 'setOrigins':
        return this.#setOrigins(config, parseInput(SetOriginsInput, input), actor);
      case 'createAdminKey':
        return this.#createKey(config, parseInput(CreateAdminKeyInput, input), actor);
      case 'revokeAdminKey':
        return this.#revokeKey(config, parseInput(AdminKeyRefInput, input), actor);
      case 'rotateSsoSecret':
        return this.#rotate(config, parseInput(RotateSsoSecretInput, input), actor);
      case 'endSsoRotation':
        parseInput(EmptyInput, input);
        return this.#ssoChange(config, actor, 'ended the SSO secret rotation', (record) => {
          if (!record.previousSecret) throw new HearthError('conflict', 'No secret is being rotated out: there is nothing to end.');
          return { previousSecret: null };
        });
      case 'removeSsoSecret':
        parseInput(EmptyInput, input);
        return this.#ssoChange(config, actor, 'removed the SSO secret', (record) => {
          if (!record.secret && !record.previousSecret) throw new HearthError('conflict', 'The console keeps no SSO secret for this community: there is nothing to remove.');
          return { secret: null, previousSecret: null };
        });
      case 'setJwks':
        return this.#setJwks(config, parseInput(SetJwksInput, input), actor);
      default:
        throw new HearthError('not_found', `There is no operation "access.${method}".`);
    }
  }

  #require(actor: AccessActor, owner: boolean): string {
    if (!actor.viewer) throw new HearthError('unauthorized', 'Sign in as an admin or owner to change access settings.');
    if (owner && actor.role !== 'owner') {
      throw new HearthError('forbidden', 'Only owners may change how sign-in tokens are checked: whoever holds the SSO secret or names the key set can sign in as anyone.');
    }
    if (!allows(actor.role ?? 'member', 'manage')) throw new HearthError('forbidden', 'Only admins and owners may see and change access settings.');
    return actor.viewer.displayName;
  }

  async #view(config: CommunityConfig, actor: AccessActor): Promise<AccessSettings> {
    this.#require(actor, false);
    const { record, keys } = await this.#store.read(config.id);
    return this.#present(config, record, keys, actor);
  }

  #present(config: CommunityConfig, record: AccessRecord, keys: AdminKeyRecord[], actor: AccessActor): AccessSettings {
    const now = this.#clock();
    const { auth } = config;
    const fromConfig: AdminKeySummary[] = config.adminKeys.map((key) => ({ id: `config:${key.name}`, name: key.name, source: 'config', createdAt: null, createdBy: null, lastUsedAt: null }));
    const fromConsole: AdminKeySummary[] = keys.map((key) => ({
      id: key.id,
      name: key.name,
      source: 'console',
      createdAt: iso(key.createdAt),
      createdBy: key.createdBy,
      lastUsedAt: iso(key.lastUsedAt),
    }));
    const viewerId = actor.viewer?.id ?? '';
    const current = viewerId.startsWith('key:') ? [...fromConfig, ...fromConsole].find((key) => `key:${key.name}` === viewerId) : undefined;
    const previous = record.previousSecret && record.previousSecret.expiresAt > now ? record.previousSecret : null;
    return {
      configOrigins: [...config.origins],
      origins: [...record.origins],
      effectiveOrigins: effectiveOrigins(config, snapshotOf(record, [])),
      sso: {
        configSecret: Boolean(auth.secret),
        secretCreatedAt: iso(record.secret?.createdAt ?? null),
        previousSecretExpiresAt: iso(previous?.expiresAt ?? null),
        jwksUrl: auth.jwksUrl ?? record.jwks.url,
        issuer: auth.issuer ?? record.jwks.issuer,
        audience: auth.audience ?? record.jwks.audience,
        jwksSource: auth.jwksUrl ? 'config' : record.jwks.url ? 'console' : null,
        trustRole: auth.trustRole,
        canChange: actor.role === 'owner',
      },
      adminKeys: [...fromConfig, ...fromConsole],
      currentKeyId: current?.id ?? null,
    };
  }

  /** Runs one change for `actor`, drops the cached copy, logs it, and answers the new state. */
  async #change(config: CommunityConfig, actor: AccessActor, owner: boolean, action: string, fn: (record: AccessRecord, keys: AdminKeyRecord[]) => { patch?: Partial<AccessRecord>; add?: AdminKeyRecord; remove?: string; detail?: string }) {
    const who = this.#require(actor, owner);
    const state = await this.#store.change(config.id, ({ record, keys }) => {
      const change = fn(record, keys);
      const nextKeys = [...keys.filter((key) => key.id !== change.remove), ...(change.add ? [change.add] : [])].sort((a, b) => (a.name < b.name ? -1 : 1));
      return { ...change, result: { record: { ...record, ...change.patch, revision: record.revision + 1 }, keys: nextKeys, detail: change.detail } };
    });
    this.#registry.changed(config.id);
    this.#log({ community: config.id, actor: who, action, ...(state.detail ? { detail: state.detail } : {}) });
    return state;
  }

  async #setOrigins(config: CommunityConfig, input: SetOriginsInput, actor: AccessActor): Promise<AccessSettings> {
    const origins = [...new Set(input.origins.map((origin) => origin.replace(/\/+$/, '').toLowerCase()))];
    const state = await this.#change(config, actor, false, 'set the allowed origins', () => ({ patch: { origins }, detail: origins.join(' ') || '(none: the config\'s)' }));
    return this.#present(config, state.record, state.keys, actor);
  }

  async #createKey(config: CommunityConfig, input: CreateAdminKeyInput, actor: AccessActor): Promise<AdminKeyCreated> {
    const key = `hk_${randomBytes(32).toString('base64url')}`;
    const now = this.#clock();
    const made: AdminKeyRecord = {
      id: `k_${randomBytes(9).toString('base64url')}`,
      name: input.name,
      hash: keyHash(key),
      idempotencyKey: input.idempotencyKey,
      createdAt: now,
      createdBy: actor.viewer?.displayName ?? null,
      lastUsedAt: null,
    };
    await this.#change(config, actor, false, 'created an admin key', (_record, keys) => {
      const again = keys.find((existing) => existing.idempotencyKey === input.idempotencyKey);
      if (again) {
        // The key's value was shown once and is not kept, so a repeat cannot show it again.
        throw new HearthError('conflict', `The key "${again.name}" was already made by this request, and its value is shown only once. If it was not copied, revoke it and make another.`, { id: again.id });
      }
      if (config.adminKeys.some((existing) => existing.name === input.name) || keys.some((existing) => existing.name === input.name)) {
        throw HearthError.validation('name', `A key named "${input.name}" exists already; choose another name.`);
      }
      return { add: made, detail: input.name };
    });
    return { id: made.id, name: made.name, source: 'console', createdAt: iso(now), createdBy: made.createdBy, lastUsedAt: null, key };
  }

  async #revokeKey(config: CommunityConfig, input: AdminKeyRefInput, actor: AccessActor): Promise<AccessSettings> {
    if (input.id.startsWith('config:')) {
      this.#require(actor, false);
      throw new HearthError('forbidden', `The key "${input.id.slice('config:'.length)}" comes from the server config (hearth.config.json); remove it there and restart the server.`);
    }
    const state = await this.#change(config, actor, false, 'revoked an admin key', (_record, keys) => {
      const key = keys.find((existing) => existing.id === input.id);
      if (!key) throw new HearthError('not_found', 'There is no such admin key; it may have been revoked already.', { id: input.id });
      return { remove: key.id, detail: key.name };
    });
    return this.#present(config, state.record, state.keys, actor);
  }

  async #rotate(config: CommunityConfig, input: RotateSsoSecretInput, actor: AccessActor): Promise<SsoSecretRotated> {
    const secret = randomBytes(32).toString('base64url');
    const now = this.#clock();
    const grace = input.graceMs ?? DEFAULT_SSO_GRACE_MS;
    const state = await this.#change(config, actor, true, 'rotated the SSO secret', (record) => ({
      patch: {
        secret: { value: secret, createdAt: now },
        // Only the secret in force moves to the grace slot: one rotated out before is dropped.
        previousSecret: record.secret && grace > 0 ? { value: record.secret.value, expiresAt: now + grace } : null,
      },
      detail: `previous accepted for ${Math.round(grace / 3_600_000)} h`,
    }));
    return { secret, access: this.#present(config, state.record, state.keys, actor) };
  }

  async #ssoChange(config: CommunityConfig, actor: AccessActor, action: string, patch: (record: AccessRecord) => Partial<AccessRecord>): Promise<AccessSettings> {
    const state = await this.#change(config, actor, true, action, (record) => {
      // A rotated-out secret past its grace is as good as gone.
      const live = record.previousSecret && record.previousSecret.expiresAt > this.#clock() ? record : { ...record, previousSecret: null };
      return { patch: patch(live) };
    });
    return this.#present(config, state.record, state.keys, actor);
  }

  async #setJwks(config: CommunityConfig, input: SetJwksInput, actor: AccessActor): Promise<AccessSettings> {
    const { auth } = config;
    const url = input.jwksUrl || null;
    const issuer = input.issuer || null;
    const audience = input.audience || null;
    const owned = (field: 'jwksUrl' | 'issuer' | 'audience', value: string | null) => {
      if (auth[field] && value !== null && value !== auth[field]) throw HearthError.validation(field, `The server config sets auth.${field}; change it in hearth.config.json.`);
    };
    this.#require(actor, true);
    owned('jwksUrl', url);
    owned('issuer', issuer);
    owned('audience', audience);
    const state = await this.#change(config, actor, true, 'set the key set (JWKS)', () => ({
      patch: { jwks: { url: auth.jwksUrl ? null : url, issuer: auth.issuer ? null : issuer, audience: auth.audience ? null : audience } },
      detail: url ?? '(none)',
    }));
    return this.#present(config, state.record, state.keys, actor);
  }
}
