// Kept free of zod so browser code that only compares roles does not pull the schemas
// into its bundle (module-level schemas are not tree-shakeable); member.ts builds the
// `Role` schema from this list.

/** Roles from most to least powerful. `guest` is an unauthenticated visitor with a name. */
export const ROLES = ['owner', 'admin', 'moderator', 'volunteer', 'member', 'guest'] as const;

/** One of `ROLES`. */
export type Role = (typeof ROLES)[number];

/** True when `role` is `atLeast` or more powerful. */
export function roleAtLeast(role: Role, atLeast: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(atLeast);
}
