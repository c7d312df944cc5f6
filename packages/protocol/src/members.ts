import * as z from 'zod/mini';
import type { CallContext } from './adapter.js';
import { MemberCard } from './community.js';
import { Role } from './member.js';
import type { Page } from './page.js';
import { Cursor, PageSize, pageOf } from './page.js';

const MemberId = z.string().check(z.minLength(1, 'Say which member.'), z.maxLength(128));

export const MemberRefInput = z.object({ memberId: MemberId });
export type MemberRefInput = z.input<typeof MemberRefInput>;

export const ListMembersInput = z.object({
  /** Matches display names, case-insensitively, anywhere in the name (CJK included). */
  query: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  /** Only members whose role (an assigned role, else the claimed one) is this. */
  role: z.optional(Role),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListMembersInput = z.input<typeof ListMembersInput>;

export const SetRoleInput = z.object({
  memberId: MemberId,
  /** The role to assign; null clears an assigned role, so the role the host site claims applies again. */
  role: z.nullable(Role),
  /** Why, for the audit log. */
  reason: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});
export type SetRoleInput = z.input<typeof SetRoleInput>;

export const SetTitleInput = z.object({
  memberId: MemberId,
  /** null takes the title away. */
  title: z.nullable(z.string().check(z.trim(), z.minLength(1, 'A title needs text.'), z.maxLength(24))),
});
export type SetTitleInput = z.input<typeof SetTitleInput>;

/** Output of `listMembers`. */
export const MemberCardPage = pageOf(MemberCard);

/**
 * Member cards, roles and titles.
 *
 * @example
 * const card = await adapter.members!.getCard({ memberId: 'u1' }, { viewer });
 * const staff = await adapter.members!.listMembers({ role: 'moderator' }, { viewer: admin });
 * await adapter.members!.setRole({ memberId: 'u1', role: 'volunteer', reason: 'Runs the Tuesday Q&A' }, { viewer: admin });
 */
export interface MembersAdapter {
  /** A member's card: points, level, title, badges, joined date. `not_found` for someone never seen. */
  getCard(input: MemberRefInput, ctx: CallContext): Promise<MemberCard>;
  /** Members by name or role, newest first, in cursor pages (volunteers and up: permission `review`). */
  listMembers(input: ListMembersInput, ctx: CallContext): Promise<Page<MemberCard>>;
  /**
   * Assigns a role, overriding the claimed one from the next call on (admins up to
   * moderator, owners up to admin; only owners change the role of someone ranked as high as
   * themselves; nobody their own). Audited.
   */
  setRole(input: SetRoleInput, ctx: CallContext): Promise<MemberCard>;
  /** Grants or removes a title (admins: permission `manage`). Audited. */
  setTitle(input: SetTitleInput, ctx: CallContext): Promise<MemberCard>;
}

/** Realtime events about members, on `memberChannel(memberId)`. */
export const MEMBER_EVENTS = [
  z.object({
    type: z.literal('member.changed'),
    id: z.string(),
    channel: z.string(),
    memberId: z.string(),
    /** What changed. */
    change: z.enum(['role', 'title', 'profile']),
    /** The card as anyone sees it (no mute or ban times). */
    card: MemberCard,
  }),
] as const;
