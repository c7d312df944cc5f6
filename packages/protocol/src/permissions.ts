// Kept free of zod so widgets can decide what to show without bundling the schemas.
import { ROLES, type Role } from './roles.js';

/**
 * Everything a role may or may not do, one row per action. The engine enforces exactly
 * this table (`docs/permissions.md` prints it) and widgets read it to leave out what the
 * viewer cannot do. Some rows have extra conditions the table cannot show (guests only
 * where the community allows them; nobody acts on staff above their own role); the
 * engine checks those on top.
 */
export const PERMISSIONS = {
  /** Read published content, polls, leaderboards, profiles. */
  read: ['owner', 'admin', 'moderator', 'volunteer', 'member', 'guest'],
  /** Write comments and replies (guests when `guestPosting` is on). */
  comment: ['owner', 'admin', 'moderator', 'volunteer', 'member', 'guest'],
  /** Start feed posts and ask questions. */
  post: ['owner', 'admin', 'moderator', 'volunteer', 'member'],
  /** Post with kind `announcement`. */
  announce: ['owner', 'admin', 'moderator'],
  /** React, vote on answers and questions, upvote feedback. */
  react: ['owner', 'admin', 'moderator', 'volunteer', 'member'],
  /** Cast a poll ballot (guests when `pollGuests` is on). */
  vote_poll: ['owner', 'admin', 'moderator', 'volunteer', 'member', 'guest'],
  /** Send feedback (guests when `feedbackGuests` is on). */
  send_feedback: ['owner', 'admin', 'moderator', 'volunteer', 'member', 'guest'],
  /** Daily check-in. */
  check_in: ['owner', 'admin', 'moderator', 'volunteer', 'member'],
  /** Report content. */
  report: ['owner', 'admin', 'moderator', 'volunteer', 'member'],
  /** Offer a bounty on one's own question. */
  offer_bounty: ['owner', 'admin', 'moderator', 'volunteer', 'member'],
  /** Create polls. */
  create_poll: ['owner', 'admin', 'moderator'],
  /** See the pending queue, reports, the zero-reply queue; approve held posts. */
  review: ['owner', 'admin', 'moderator', 'volunteer'],
  /** Hide, restore, delete others' content, lock, move, close duplicates. */
  moderate: ['owner', 'admin', 'moderator'],
  /** Pin and feature posts. */
  curate: ['owner', 'admin', 'moderator'],
  /** Mute and ban members (never staff of a higher or equal role). */
  discipline: ['owner', 'admin', 'moderator'],
  /** Change a feedback item's status with an official reply. */
  triage_feedback: ['owner', 'admin', 'moderator'],
  /** Read the audit log and analytics. */
  view_insights: ['owner', 'admin', 'moderator'],
  /** Change community settings, spaces, points rules; adjust points; grant titles. */
  manage: ['owner', 'admin'],
  /** Change members' roles (admins up to moderator; owners up to admin). */
  assign_roles: ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

/** One row of `PERMISSIONS`. */
export type Permission = keyof typeof PERMISSIONS;

/** Every action, in table order. */
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether `role` may do `action` by the table alone. */
export function allows(role: Role, action: Permission): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** The table as rows of booleans in `ROLES` order, for docs and tests. */
export function permissionMatrix(): Array<{ action: Permission; roles: Record<Role, boolean> }> {
  return PERMISSION_NAMES.map((action) => ({
    action,
    roles: Object.fromEntries(ROLES.map((role) => [role, allows(role, action)])) as Record<Role, boolean>,
  }));
}
