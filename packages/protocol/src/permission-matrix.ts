// Apart from permissions.ts: widgets check `allows` eagerly, and the meanings are for docs and
// consoles only, so they stay out of every widget's bundle.
import { ROLES, type Role } from './roles.js';
import { PERMISSION_NAMES, allows, type Permission } from './permissions.js';

/** What each action means, one line each; `docs/permissions.md` prints these beside the table. */
export const PERMISSION_MEANINGS: Record<Permission, string> = {
  read: 'Read published content, polls, leaderboards and member cards.',
  comment: 'Write comments and replies.',
  post: 'Start feed posts and ask questions.',
  announce: 'Post with kind `announcement`.',
  react: 'React, vote on questions and answers, upvote feedback.',
  vote_poll: 'Cast a poll ballot.',
  send_feedback: 'Send feedback.',
  check_in: 'Check in for the day.',
  report: 'Report content to the moderators.',
  offer_bounty: 'Offer a points bounty on one\'s own question.',
  create_poll: 'Create polls.',
  review: 'See the review queue, reports, the zero-reply queue and the member list; approve held posts.',
  moderate: 'Hide, restore and delete others\' content; lock, move, close duplicates.',
  curate: 'Pin and feature posts.',
  discipline: 'Mute and ban members.',
  triage_feedback: 'Change a feedback item\'s status with an official reply.',
  view_insights: 'Read the audit log and analytics.',
  manage: 'Change community settings, spaces and points rules; adjust points; grant titles.',
  assign_roles: 'Change members\' roles.',
};

/** The table as rows of booleans in `ROLES` order, with each action's meaning, for docs and tests. */
export function permissionMatrix(): Array<{ action: Permission; meaning: string; roles: Record<Role, boolean> }> {
  return PERMISSION_NAMES.map((action) => ({
    action,
    meaning: PERMISSION_MEANINGS[action],
    roles: Object.fromEntries(ROLES.map((role) => [role, allows(role, action)])) as Record<Role, boolean>,
  }));
}

