import * as z from 'zod/mini';
import { ROLES, type Role as RoleName } from './roles.js';

/** A member's role, one of `ROLES`. */
export const Role = z.enum(ROLES);
export type Role = RoleName;

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
  /** The experiment variant the host assigned this viewer; carried on every analytics event. */
  variant: z.optional(z.string().check(z.maxLength(64))),
});
export type Viewer = z.infer<typeof Viewer>;
