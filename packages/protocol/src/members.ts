import * as z from 'zod/mini';
import type { CallContext } from './adapter.js';
import type { MemberCard } from './community.js';
import { Role } from './member.js';
import type { Page } from './page.js';
import { Cursor, PageSize } from './page.js';

// Filled by the members work: more inputs, `MEMBER_EVENTS`.

const MemberId = z.string().check(z.minLength(1, 'Say which member.'), z.maxLength(128));

export const MemberRefInput = z.object({ memberId: MemberId });
export type MemberRefInput = z.input<typeof MemberRefInput>;

export const ListMembersInput = z.object({
  /** Matches display names, case-insensitively. */
  query: z.optional(z.string().check(z.maxLength(100))),
  role: z.optional(Role),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListMembersInput = z.input<typeof ListMembersInput>;

export const SetRoleInput = z.object({ memberId: MemberId, role: Role, reason: z.optional(z.string().check(z.maxLength(500))) });
export type SetRoleInput = z.input<typeof SetRoleInput>;

export const SetTitleInput = z.object({
  memberId: MemberId,
  /** null takes the title away. */
  title: z.nullable(z.string().check(z.trim(), z.minLength(1, 'A title needs text.'), z.maxLength(24))),
});
export type SetTitleInput = z.input<typeof SetTitleInput>;

/**
 * Member cards, roles and titles.
 *
 * @example
 * const card = await adapter.members!.getCard({ memberId: 'u1' }, { viewer });
 */
export interface MembersAdapter {
  /** A member's card: points, level, title, badges, joined date. `not_found` for someone never seen. */
  getCard(input: MemberRefInput, ctx: CallContext): Promise<MemberCard>;
  /** Members by name or role, newest first (moderators and up). */
  listMembers(input: ListMembersInput, ctx: CallContext): Promise<Page<MemberCard>>;
  /** Assigns a role (admins up to moderator, owners up to admin). Audited. */
  setRole(input: SetRoleInput, ctx: CallContext): Promise<MemberCard>;
  /** Grants or removes a title (admins). Audited. */
  setTitle(input: SetTitleInput, ctx: CallContext): Promise<MemberCard>;
}

/** Realtime events about members. */
export const MEMBER_EVENTS = [
  z.object({ type: z.literal('member.changed'), id: z.string(), channel: z.string(), memberId: z.string() }),
] as const;
