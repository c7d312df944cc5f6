// Identity: member tokens from the host site, guest sessions, and admin keys, per community.
import { HearthError, ROLES, countChars, type Role, type Viewer } from '@hearth/protocol';
import { SignJWT, createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import * as z from 'zod';
import type { Authenticator, CommunityConfig } from '../contracts.js';
import { adminKeyViewer } from './admin-keys.js';
import { NO_ACCESS, keyHash, type AccessSnapshot } from '../access/access-registry.js';
import { fromJose, rejected } from './errors.js';
import { GUEST_ISSUER, GUEST_TTL_SECONDS, guestAudience, guestId, guestKey, isGuestId } from './guest.js';

/** Signing algorithms accepted from a community's key set (JWKS); HS256 only with its `secret`. */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Clock skew tolerated on `exp` and `nbf`, in seconds. */
const CLOCK_TOLERANCE = 30;

const GuestInput = z.object({
  displayName: z.string().transform((name) => name.trim()).refine((name) => name.length > 0 && countChars(name) <= 64),
  email: z.string().trim().max(254).pipe(z.union([z.literal(''), z.email()])).optional(),
});

const encoder = new TextEncoder();

/** How many verified member tokens each community remembers. */
const VERIFIED_TOKENS = 10_000;

/** Options for `createAuthenticator`. */
export interface AuthenticatorOptions {
  /** Signs guest tokens; a function is called once, on the first guest token signed or checked. */
  guestSecret: string | (() => Promise<string>);
  /** Milliseconds since the epoch; `Date.now` unless a test controls time. */
  clock?: () => number;
  /** Fetches JWKS documents; the global `fetch` by default. */
  fetch?: typeof fetch;
  /**
   * The access settings the console saved for a community (its secrets, key set and admin
   * keys), used beside the config's; none unless given.
   */
  access?: (community: string) => Promise<AccessSnapshot>;
  /** Told when a console admin key signs a request in (to note its last use). */
  onKeyUsed?: (community: string, id: string) => void;
}

/**
 * The server's `Authenticator`. A `Bearer` value is, in order: one of the community's admin
 * keys; a guest token this server signed for this community; or a member token the host site
 * signed with the community's HS256 `secret` or a key in its `jwksUrl` set. Anything else is
 * rejected as `unauthorized` with a message naming why; an expired token says
 * "Your session has expired; sign in again." with `details.reason` `expired`. A member token
 * once verified is remembered until it expires, so repeated calls skip the signature check.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const clock = options.clock ?? Date.now;
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  let secret: Promise<string> | null = null;
  // Member tokens already verified, per community, until they expire: a widget sends the same
  // token with every call, and checking its signature each time is a tenth of a read's work.
  // A token is remembered under the stored access revision it was verified with, and only until
  // the secret that verified it stops being accepted: a rotation or a new key set checks it again.
  const verified = new WeakMap<CommunityConfig, Map<string, { viewer: Viewer; expiresAt: number; revision: number }>>();
  const remember = (community: CommunityConfig, token: string, viewer: Viewer, exp: number | undefined, access: AccessSnapshot, until: number | null): void => {
    let tokens = verified.get(community);
    if (!tokens) verified.set(community, (tokens = new Map()));
    if (tokens.size >= VERIFIED_TOKENS) tokens.delete(tokens.keys().next().value!);
    if (exp !== undefined) tokens.set(token, { viewer, expiresAt: Math.min(exp * 1000, until ?? Infinity), revision: access.revision });
  };
  const recall = (community: CommunityConfig, token: string, access: AccessSnapshot): Viewer | null => {
    const tokens = verified.get(community);
    const hit = tokens?.get(token);
    if (!hit) return null;
    if (clock() >= hit.expiresAt || hit.revision !== access.revision) {
      tokens!.delete(token);
      return null;
    }
    return { ...hit.viewer };
  };

  const guestSecret = (): Promise<string> => {
    if (typeof options.guestSecret === 'string') return Promise.resolve(options.guestSecret);
    secret ??= options.guestSecret().catch((error: unknown) => {
      secret = null;
      throw error;
    });
    return secret;
  };

  const keySet = (url: string) => {
    let set = keySets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), options.fetch ? { [customFetch]: options.fetch } : {});
      keySets.set(url, set);
    }
    return set;
  };

  const verifyGuest = async (community: CommunityConfig, token: string, payload: JWTPayload): Promise<Viewer> => {
    const audience = guestAudience(community.id);
    if (payload.aud !== audience) throw rejected('This guest session is not for this community; open a guest session here.', 'foreign');
    if (!community.guests) throw rejected('This community does not allow guest sessions any more; sign in instead.', 'guests_closed');
    const key = guestKey(await guestSecret(), community.id);
    const { payload: claims } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: GUEST_ISSUER,
      audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE,
      currentDate: new Date(clock()),
    }).catch((error: unknown) => {
      throw fromJose(error, 'guest');
    });
    if (typeof claims.name !== 'string' || !claims.sub?.startsWith('guest-')) throw rejected('This guest token is malformed: it lacks a guest id or name.', 'malformed');
    return { id: claims.sub, displayName: claims.name, avatarUrl: null, role: 'guest' };
  };

  const verifyMember = async (community: CommunityConfig, token: string, alg: string | undefined, access: AccessSnapshot): Promise<Viewer> => {
    const { auth } = community;
    if (!alg || alg === 'none') throw rejected('Unsigned tokens (alg "none") are not accepted.', 'algorithm');
    let verification: Promise<{ payload: JWTPayload }>;
    const now = clock();
    const issuer = auth.issuer ?? access.issuer ?? undefined;
    const audience = auth.audience ?? access.audience ?? undefined;
    const jwksUrl = auth.jwksUrl ?? access.jwksUrl ?? undefined;
    // The config's secret, then the console's, then the one it rotated out while still accepted.
    const secrets = [...(auth.secret ? [{ secret: auth.secret, until: null }] : []), ...access.secrets.filter((s) => s.until === null || now < s.until)];
    let until: number | null = null;
    const claims = {
      issuer,
      audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE,
      currentDate: new Date(now),
    };
    if (alg === 'HS256' && secrets.length > 0) {
      verification = (async () => {
        for (const [i, candidate] of secrets.entries()) {
          try {
            const result = await jwtVerify(token, encoder.encode(candidate.secret), { ...claims, algorithms: ['HS256'] });
            until = candidate.until;
            return result;
          } catch (error) {
            // A signature another secret may match: try the next; anything else is this token's fault.
            if (i === secrets.length - 1 || (error as { code?: string }).code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw error;
          }
        }
        throw new Error('unreachable');
      })();
    } else if (alg !== 'HS256' && jwksUrl) {
      verification = jwtVerify(token, keySet(jwksUrl), { ...claims, algorithms: ASYMMETRIC });
    } else {
      const accepted = [secrets.length > 0 && 'HS256', jwksUrl && 'its key set (JWKS)'].filter(Boolean).join(' or ');
      throw rejected(
        accepted
          ? `This community accepts member tokens signed with ${accepted}, not ${JSON.stringify(alg)}.`
          : 'This community does not accept member tokens (it has no secret or jwksUrl configured).',
        'algorithm',
      );
    }
    const { payload } = await verification.catch((error: unknown) => {
      throw fromJose(error, 'member');
    });
    const viewer = memberViewer(community, payload);
    remember(community, token, viewer, payload.exp, access, until);
    return { ...viewer };
  };

  return {
    async authenticate(community, authorization) {
      if (authorization === null || authorization.trim() === '') return null;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
      if (!match) {
        if (/^Bearer$/i.test(authorization.trim())) throw rejected('The Authorization header has no token after "Bearer".', 'malformed');
        const scheme = authorization.trim().split(/\s+/)[0];
        throw rejected(`The Authorization header must be "Bearer <token>", not a ${JSON.stringify(scheme)} header.`, 'malformed');
      }
      const token = match[1]!;
      // A member token verified before (until it expires) needs no hashing, decoding or checking again.
      const access = options.access ? await options.access(community.id) : NO_ACCESS;
      const known = recall(community, token, access);
      if (known) return known;
      const admin = adminKeyViewer(community, token);
      if (admin) return admin;
      const stored = access.keys.size > 0 ? access.keys.get(keyHash(token)) : undefined;
      if (stored) {
        options.onKeyUsed?.(community.id, stored.id);
        return { id: `key:${stored.name}`, displayName: stored.name, avatarUrl: null, role: 'admin' };
      }
      let alg: string | undefined;
      let payload: JWTPayload;
      try {
        alg = decodeProtectedHeader(token).alg;
        payload = decodeJwt(token);
      } catch {
        throw rejected('The bearer token is neither a JWT nor an admin key of this community.', 'malformed');
      }
      if (payload.iss === GUEST_ISSUER) return verifyGuest(community, token, payload);
      return verifyMember(community, token, alg, access);
    },

    async openGuestSession(community, input, existing) {
      if (!community.guests) throw new HearthError('forbidden', 'This community does not allow guest sessions; sign in to take part.');
      const parsed = GuestInput.safeParse(input ?? {});
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]!.path[0] ?? 'displayName');
        throw field === 'email'
          ? HearthError.validation('email', 'Enter a valid email address, or leave it empty.')
          : HearthError.validation('displayName', 'Enter a name of 1 to 64 characters.');
      }
      const { displayName, email } = parsed.data;
      const now = Math.floor(clock() / 1000);
      const exp = now + GUEST_TTL_SECONDS;
      // The viewer was authenticated in this community, so a guest's id is this community's.
      const id = existing?.role === 'guest' && isGuestId(existing.id) ? existing.id : guestId();
      const token = await new SignJWT({ name: displayName, ...(email && { email }) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(GUEST_ISSUER)
        .setAudience(guestAudience(community.id))
        .setSubject(id)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(guestKey(await guestSecret(), community.id));
      return { token, viewer: { id, displayName, avatarUrl: null, role: 'guest' }, expiresAt: new Date(exp * 1000).toISOString() };
    },
  };
}

/** The viewer a verified member token names; `role` only counts when the community trusts it. */
function memberViewer(community: CommunityConfig, payload: JWTPayload): Viewer {
  const id = payload.sub;
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) throw rejected('This token\'s "sub" claim must be a member id of 1 to 128 characters.', 'malformed');
  const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim() : id;
  const avatar = [payload.picture, payload.avatar].find((value): value is string => typeof value === 'string' && value.length > 0 && value.length <= 2048);
  const role = community.auth.trustRole && (ROLES as readonly unknown[]).includes(payload.role) ? (payload.role as Role) : 'member';
  return { id, displayName: Array.from(name).slice(0, 64).join(''), avatarUrl: avatar ?? null, role };
}

/** Claims a member token may carry; any other claims are kept as given. */
export interface MemberClaims {
  sub: string;
  name?: string;
  picture?: string;
  avatar?: string;
  role?: string;
  iss?: string;
  aud?: string;
  [claim: string]: unknown;
}

/**
 * An HS256 member token like a host site would sign, valid for `ttlSeconds` (for tests and the
 * demo's `/demo/token`; real host sites sign their own).
 *
 * @example
 * const token = await signMemberToken(community.auth.secret!, { sub: 'u1', name: 'Ada' }, 3600);
 */
export async function signMemberToken(secret: string, claims: MemberClaims, ttlSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now).setExpirationTime(now + ttlSeconds).sign(encoder.encode(secret));
}
