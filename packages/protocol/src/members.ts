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

export const ExportDataInput = z.object({ memberId: MemberId });
export type ExportDataInput = z.input<typeof ExportDataInput>;

/**
 * The parts of a member's data export, each a list of stored records (times as ISO strings):
 * what they wrote, what they did, what the community recorded about them.
 */
export const MEMBER_EXPORT_SECTIONS = [
  /** Page comments and replies (feed post replies included). */
  'comments',
  /** Feed posts and questions. */
  'posts',
  'answers',
  'feedback',
  /** Polls they created. */
  'polls',
  /** Emoji reactions on comments and feed posts. */
  'reactions',
  /** Votes on questions and answers. */
  'votes',
  /** Upvotes on feedback. */
  'feedbackVotes',
  /** Poll ballots. */
  'ballots',
  /** Reports they filed. */
  'reports',
  /** Bounties they offered or were paid. */
  'bounties',
  /** The points ledger: every movement of their points, with its rule and reason. */
  'ledger',
  'badges',
  'checkins',
  /** Moderation and admin actions on them (mutes, bans, roles, titles, points, badges). */
  'moderation',
  /** Actions they took as staff. */
  'actions',
  /** Status changes and official replies they made on feedback, as staff. */
  'feedbackUpdates',
  /** The analytics events of what they did. */
  'activity',
] as const;
export type MemberExportSection = (typeof MEMBER_EXPORT_SECTIONS)[number];

const ExportRecords = z.array(z.record(z.string(), z.unknown()));

/** Output of `exportData`: everything the community stores about one member, as JSON. */
export const MemberExport = z.object({
  /** The shape of this document, for whoever reads it later. */
  format: z.literal('hearth.member-export.v1'),
  exportedAt: z.string(),
  memberId: z.string(),
  /** The member's card as staff see it. */
  card: MemberCard,
  /** The member record as stored: name, avatar, roles, profile, title, counts, mute and ban. */
  member: z.record(z.string(), z.unknown()),
  ...Object.fromEntries(MEMBER_EXPORT_SECTIONS.map((section) => [section, ExportRecords])) as Record<MemberExportSection, typeof ExportRecords>,
});
export type MemberExport = z.infer<typeof MemberExport>;

/** What happens to an erased member's content: kept under a neutral author, or removed as a deletion removes it. */
export const ERASE_CONTENT = ['anonymise', 'remove'] as const;
export const EraseContent = z.enum(ERASE_CONTENT);
export type EraseContent = z.infer<typeof EraseContent>;

/** The name erased members' kept content shows under. */
export const ERASED_MEMBER_NAME = 'Deleted member';

export const EraseMemberInput = z.object({
  memberId: MemberId,
  /** `anonymise`: their content stays under "Deleted member"; `remove`: it is deleted too (replies by others stay). */
  content: EraseContent,
});
export type EraseMemberInput = z.input<typeof EraseMemberInput>;

/** Output of `eraseMember`: what the erasure did. */
export const EraseMemberResult = z.object({
  memberId: z.string(),
  content: EraseContent,
  /** When the erasure ran (the first time, for a repeat). */
  erasedAt: z.string(),
  /** True when the member had been erased already: this call changed nothing. */
  alreadyErased: z.boolean(),
  /** How many records of each kind were removed or anonymised (`comments`, `ledger`, ...). */
  counts: z.record(z.string(), z.number()),
});
export type EraseMemberResult = z.infer<typeof EraseMemberResult>;

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
  /** Everything stored about one member, as JSON (admins: `manage`; GDPR access). Audited, without the data. */
  exportData(input: ExportDataInput, ctx: CallContext): Promise<MemberExport>;
  /**
   * Erases a member (admins: `manage`; GDPR erasure): their record, profile, points, badges,
   * check-ins go; their content stays under "Deleted member" or is removed, and votes,
   * reactions and ballots stay counted under a new anonymous id. Owners cannot be erased.
   * A repeat changes nothing and says `alreadyErased`. Audited without personal data.
   */
  eraseMember(input: EraseMemberInput, ctx: CallContext): Promise<EraseMemberResult>;
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
