import * as z from 'zod/mini';
import { IdempotencyKey } from './comments.js';
import { httpUrlOf } from './http-url.js';
import type { EmptyInput } from './community.js';
import type { CallContext } from './adapter.js';

// Who may reach a community and how: the origins allowed to embed it, the sign-in (SSO) secret
// or key set, and the admin API keys. A server keeps them; docs/server.md#access-settings.

const ORIGIN = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/** `*` (any origin) or `http(s)://host[:port]`, with no path, query or trailing slash. */
export const AccessOrigin = z.string().check(
  z.trim(),
  z.refine((value) => value === '*' || ORIGIN.test(value), 'Write an origin as https://host or https://host:port, with no path, query or trailing slash (or * for any origin).'),
);

/** Where a setting comes from: saved in the console, or the server's config file (read-only there). */
export const AccessSource = z.enum(['console', 'config']);
export type AccessSource = z.infer<typeof AccessSource>;

/** An admin API key as admins see it: never the key itself after it was made. */
export const AdminKeySummary = z.object({
  /** `config:<name>` for a key from the config file. */
  id: z.string(),
  name: z.string(),
  source: AccessSource,
  /** When it was made in the console; null for a config key. */
  createdAt: z.nullable(z.string()),
  /** Who made it (a display name), null for a config key. */
  createdBy: z.nullable(z.string()),
  /** When it last signed a request in, to the minute; null if never (or not tracked, for config keys). */
  lastUsedAt: z.nullable(z.string()),
});
export type AdminKeySummary = z.infer<typeof AdminKeySummary>;

/** A key just made, with its value: shown this once. */
export const AdminKeyCreated = z.extend(AdminKeySummary, { key: z.string() });
export type AdminKeyCreated = z.infer<typeof AdminKeyCreated>;

/** How members' sign-in tokens are checked. */
export const SsoState = z.object({
  /** An HS256 shared secret is set in the server config. */
  configSecret: z.boolean(),
  /** When the console's secret was made; null when the console keeps none. */
  secretCreatedAt: z.nullable(z.string()),
  /** Until when the secret rotated out is still accepted beside the new one; null when none is. */
  previousSecretExpiresAt: z.nullable(z.string()),
  /** The key set (JWKS) URL in force, with its issuer and audience checks, and where they come from. */
  jwksUrl: z.nullable(z.string()),
  issuer: z.nullable(z.string()),
  audience: z.nullable(z.string()),
  jwksSource: z.nullable(AccessSource),
  /** Whether a token's `role` claim counts (config only). */
  trustRole: z.boolean(),
  /** Whether the viewer may change any of this (owners only). */
  canChange: z.boolean(),
});
export type SsoState = z.infer<typeof SsoState>;

/** A community's access settings, each part marked with where it comes from. */
export const AccessSettings = z.object({
  /** Origins from the server config, always in force except `*`, which a console list replaces. */
  configOrigins: z.array(z.string()),
  /** Origins saved in the console; empty leaves the config's list in force alone. */
  origins: z.array(z.string()),
  /** What is in force: any origin (`*`), or these. */
  effectiveOrigins: z.array(z.string()),
  sso: SsoState,
  /** Config keys first, then the console's by name. */
  adminKeys: z.array(AdminKeySummary),
  /** The admin key the viewer signed in with, if they did. */
  currentKeyId: z.nullable(z.string()),
});
export type AccessSettings = z.infer<typeof AccessSettings>;

export const SetOriginsInput = z.object({
  origins: z.array(AccessOrigin).check(z.maxLength(100, 'At most 100 origins.')),
});
export type SetOriginsInput = z.input<typeof SetOriginsInput>;

export const CreateAdminKeyInput = z.object({
  name: z.string().check(
    z.trim(),
    z.minLength(1, 'Name the key (what uses it: "crm-sync", "zapier").'),
    z.maxLength(64, 'A key name is at most 64 characters.'),
    z.refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'A key name cannot hold control characters.'),
  ),
  idempotencyKey: IdempotencyKey,
});
export type CreateAdminKeyInput = z.input<typeof CreateAdminKeyInput>;

export const AdminKeyRefInput = z.object({ id: z.string().check(z.minLength(1, 'Say which key.'), z.maxLength(128)) });
export type AdminKeyRefInput = z.input<typeof AdminKeyRefInput>;

/** Longest the previous SSO secret may stay accepted after a rotation: 30 days. */
export const MAX_SSO_GRACE_MS = 30 * 86_400_000;

export const RotateSsoSecretInput = z.object({
  /** How long the secret rotated out is still accepted (7 days unless given; 0 ends it now). */
  graceMs: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(MAX_SSO_GRACE_MS, 'The previous secret can stay accepted for at most 30 days.'))),
});
export type RotateSsoSecretInput = z.input<typeof RotateSsoSecretInput>;

/** The new secret, shown once, and the state after the rotation. */
export const SsoSecretRotated = z.object({ secret: z.string(), access: AccessSettings });
export type SsoSecretRotated = z.infer<typeof SsoSecretRotated>;

const Optional = (max: number, what: string) => z.nullable(z.string().check(z.trim(), z.maxLength(max, `${what} is at most ${max} characters.`)));

export const SetJwksInput = z.object({
  /** The key set URL, or null to stop using one from the console. */
  jwksUrl: z.nullable(
    z.string().check(
      z.trim(),
      z.maxLength(2000, 'A key set URL is at most 2,000 characters.'),
      z.refine((value) => {
        const url = httpUrlOf(value);
        return url !== null && url.username === '' && url.password === '';
      }, 'The key set (JWKS) URL must be an absolute http:// or https:// URL without a user name or password.'),
    ),
  ),
  /** The `iss` tokens must carry; null or empty checks none. */
  issuer: z.optional(Optional(500, 'An issuer')),
  /** The `aud` tokens must carry; null or empty checks none. */
  audience: z.optional(Optional(500, 'An audience')),
});
export type SetJwksInput = z.input<typeof SetJwksInput>;

/**
 * A server's access settings of one community (capability `access`): embedding origins, the
 * sign-in secret or key set, and admin API keys. Admins and owners; the sign-in parts owners only.
 *
 * @example
 * const made = await adapter.access!.createAdminKey({ name: 'crm-sync', idempotencyKey }, { viewer });
 * showOnce(made.key);
 */
export interface AccessAdapter {
  /** Every access setting, with where each comes from. */
  getAccess(input: EmptyInput, ctx: CallContext): Promise<AccessSettings>;
  /** Replaces the console's origin list (the config's stays in force). */
  setOrigins(input: SetOriginsInput, ctx: CallContext): Promise<AccessSettings>;
  /** Makes an admin key; its value comes back this once. */
  createAdminKey(input: CreateAdminKeyInput, ctx: CallContext): Promise<AdminKeyCreated>;
  /** Revokes a console key at once; config keys are refused. */
  revokeAdminKey(input: AdminKeyRefInput, ctx: CallContext): Promise<AccessSettings>;
  /** Makes a new HS256 secret (shown once); the previous one is still accepted for `graceMs` (owners). */
  rotateSsoSecret(input: RotateSsoSecretInput, ctx: CallContext): Promise<SsoSecretRotated>;
  /** Stops accepting the secret rotated out (owners). */
  endSsoRotation(input: EmptyInput, ctx: CallContext): Promise<AccessSettings>;
  /** Forgets the console's secret, current and previous (owners). */
  removeSsoSecret(input: EmptyInput, ctx: CallContext): Promise<AccessSettings>;
  /** Sets or clears the key set URL, issuer and audience (owners). */
  setJwks(input: SetJwksInput, ctx: CallContext): Promise<AccessSettings>;
}
