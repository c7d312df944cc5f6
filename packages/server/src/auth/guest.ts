// Guest tokens: signed by the server itself with a key only valid in one community.
import { createHmac, randomBytes } from 'node:crypto';

/** The `iss` of every guest token this server signs. */
export const GUEST_ISSUER = 'hearth:guest';

/** How long a guest session lasts. */
export const GUEST_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The `aud` of a guest token for `community`; a token for one community never passes in another. */
export function guestAudience(community: string): string {
  return `hearth:community:${community}`;
}

/** The HS256 key for `community`'s guest tokens, derived from the server's guest secret. */
export function guestKey(secret: string, community: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', secret).update(`hearth guest token key\0${community}`).digest());
}

/** A fresh guest id, `guest-` and 22 random base64url characters. */
export function guestId(): string {
  return `guest-${randomBytes(16).toString('base64url')}`;
}

/** Whether `id` has the shape of an id `guestId` made. */
export function isGuestId(id: string): boolean {
  return /^guest-[\w-]{22}$/.test(id);
}
