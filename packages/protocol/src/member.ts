import * as z from 'zod/mini';

/** Roles from most to least powerful. `guest` is an unauthenticated visitor with a name. */
export const ROLES = ['owner', 'admin', 'moderator', 'volunteer', 'member', 'guest'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** True when `role` is `atLeast` or more powerful. */
export function roleAtLeast(role: Role, atLeast: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(atLeast);
}

/** A community member as others see them. */
export const Member = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  displayName: z.string().check(z.minLength(1), z.maxLength(64)),
  avatarUrl: z.nullable(z.string().check(z.maxLength(2048))),
  role: Role,
});
export type Member = z.infer<typeof Member>;

/**
 * Who is acting. An HTTP backend trusts only `token`; the memory adapter (no backend,
 * demos and tests) takes the claims as given.
 */
export const Viewer = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  displayName: z.string().check(z.minLength(1), z.maxLength(64)),
  avatarUrl: z.optional(z.nullable(z.string().check(z.maxLength(2048)))),
  role: z.optional(Role),
  token: z.optional(z.string()),
});
export type Viewer = z.infer<typeof Viewer>;
