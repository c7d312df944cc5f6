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

/**
 * Actions guests may take only where the community turns a setting on (a key of
 * `CommunitySettings`); `core.require` checks these on top of the table.
 */
export const GUEST_CONDITIONS = {
  comment: 'guestPosting',
  vote_poll: 'pollGuests',
  send_feedback: 'feedbackGuests',
} as const satisfies Partial<Record<Permission, string>>;

/** Whether `role` may do `action` by the table alone. */
export function allows(role: Role, action: Permission): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/**
 * The most powerful role `role` may hand out with `members.setRole`: owners up to admin,
 * admins up to moderator, nobody else anything. Owner is never assigned; the host site
 * names its owners.
 */
export function highestAssignable(role: Role): Role | null {
  if (role === 'owner') return 'admin';
  if (role === 'admin') return 'moderator';
  return null;
}

/** The roles `role` may hand out, most powerful first (empty when it may assign none). */
export function assignableRoles(role: Role): Role[] {
  const top = highestAssignable(role);
  return top === null ? [] : ROLES.slice(ROLES.indexOf(top));
}

/** True when `a` ranks strictly above `b` (owner above admin above moderator ...). */
export function outranks(a: Role, b: Role): boolean {
  return ROLES.indexOf(a) < ROLES.indexOf(b);
}

/**
 * Why `actor` may not move a member from role `from` to role `to`, or null when they may.
 * Nobody changes their own role; only owners change the role of someone ranked as high as
 * themselves; the new role must be one the actor may hand out.
 */
export function roleChangeRefusal(actor: { id: string; role: Role }, target: { id: string; role: Role }, to: Role): string | null {
  if (!allows(actor.role, 'assign_roles')) return 'Only admins can change roles.';
  if (actor.id === target.id) return 'You cannot change your own role.';
  if (actor.role !== 'owner' && !outranks(actor.role, target.role)) return `Only an owner can change the role of ${article(target.role)} ${target.role}.`;
  if (!assignableRoles(actor.role).includes(to)) return `${capitalize(article(actor.role))} ${actor.role} can assign roles up to ${highestAssignable(actor.role)}, not ${to}.`;
  return null;
}

function article(role: Role): string {
  return /^[aeiou]/.test(role) ? 'an' : 'a';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
