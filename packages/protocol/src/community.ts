import * as z from 'zod/mini';
import { CONTENT_TYPES, POINT_RULES } from './community-defaults.js';
import { Member } from './member.js';
import type { CallContext } from './adapter.js';

/** What a piece of content is: a page comment, a feed post or question, an answer, a feedback item. */
export const ContentType = z.enum(CONTENT_TYPES);
export type ContentType = z.infer<typeof ContentType>;

/** Names one piece of content anywhere in the community. */
export const ContentRef = z.object({
  type: ContentType,
  id: z.string().check(z.minLength(1, 'Say which item.'), z.maxLength(128)),
});
export type ContentRef = z.infer<typeof ContentRef>;

/** Which points rule an entry of the ledger came from. */
export const PointRule = z.enum(POINT_RULES);
export type PointRule = z.infer<typeof PointRule>;

/** One level: reached at `minPoints` lifetime points. */
export const Level = z.object({
  level: z.number().check(z.int(), z.minimum(1)),
  minPoints: z.number().check(z.int(), z.nonnegative()),
  name: z.string().check(z.minLength(1), z.maxLength(40)),
  /** Names by language tag (`zh-CN`, `zh-TW`), falling back to `name`. */
  names: z.record(z.string(), z.string().check(z.maxLength(40))),
});
export type Level = z.infer<typeof Level>;

const Points = z.number().check(z.int(), z.minimum(-10_000), z.maximum(10_000));

/** What each rule earns, and the caps. */
export const PointsSettings = z.object({
  /** Points per rule; rules not listed earn nothing. */
  rules: z.record(z.string(), Points),
  /** Most points one member earns in one calendar day (admin adjustments and bounties aside). */
  dailyCap: z.number().check(z.int(), z.nonnegative()),
  /** Most points a day from reactions and upvotes received. */
  reactionDailyCap: z.number().check(z.int(), z.nonnegative()),
  /** Streak lengths (days) that earn a bonus, with the bonus. */
  streakBonuses: z.array(z.object({ days: z.number().check(z.int(), z.minimum(2)), points: Points })),
  /** Levels by lifetime points, lowest first; the first starts at 0. */
  levels: z.array(Level).check(z.minLength(1)),
});
export type PointsSettings = z.infer<typeof PointsSettings>;

/** An onboarding profile field a community may ask for on a member's first post. */
export const PROFILE_FIELDS = ['headline', 'industry', 'expertise', 'interests'] as const;
export const ProfileField = z.enum(PROFILE_FIELDS);
export type ProfileField = z.infer<typeof ProfileField>;

/** Flood rules: the same text twice within a window, or too many posts in a minute. */
export const FloodSettings = z.object({
  duplicateWindowMs: z.number().check(z.int(), z.nonnegative()),
  maxPostsPerMinute: z.number().check(z.int(), z.minimum(1)),
});
export type FloodSettings = z.infer<typeof FloodSettings>;

/**
 * Everything an admin tunes per community. The engine's defaults are
 * `DEFAULT_COMMUNITY_SETTINGS`; `community.updateSettings` changes any subset.
 */
export const CommunitySettings = z.object({
  /** Shown on every widget's "rules" link; Markdown. */
  rulesText: z.string().check(z.maxLength(20_000)),
  /** IANA time zone for calendar days (check-ins, daily caps, leaderboards). */
  timeZone: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Guests (role `guest`) may comment. */
  guestPosting: z.boolean(),
  /** Guests may cast poll ballots (deduplicated by their guest id). */
  pollGuests: z.boolean(),
  /** Guests may send feedback (with an optional email). */
  feedbackGuests: z.boolean(),
  /** `pre`: every post waits for review; `post`: published at once, reviewed after. */
  moderation: z.enum(['pre', 'post']),
  /** A member's first N posts wait for review. 0 turns the hold off. */
  newMemberHold: z.number().check(z.int(), z.nonnegative()),
  /** Words that block a post; case-insensitive, substring match (so CJK text works). */
  bannedWords: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(1000)),
  /** Most links in one post by a new member (fewer than `newMemberPosts` published posts). */
  linkLimitNewMember: z.number().check(z.int(), z.nonnegative()),
  /** Most links in one post by anyone else. */
  linkLimit: z.number().check(z.int(), z.nonnegative()),
  /** Published posts after which a member no longer counts as new. */
  newMemberPosts: z.number().check(z.int(), z.nonnegative()),
  flood: FloodSettings,
  /** Distinct reports that hide an item until a moderator looks. */
  autoHideReports: z.number().check(z.int(), z.minimum(1)),
  /** Profile fields asked for on a member's first post; empty asks nothing. */
  onboardingFields: z.array(ProfileField),
  /** Leave staff (moderator and up) out of leaderboards. */
  leaderboardExcludesStaff: z.boolean(),
  /** First-response target for the zero-reply queue, in milliseconds. */
  firstResponseTargetMs: z.number().check(z.int(), z.nonnegative()),
  points: PointsSettings,
});
export type CommunitySettings = z.infer<typeof CommunitySettings>;

/** A change to some settings. Nested objects (`flood`, `points`) are replaced whole when given. */
export const UpdateSettingsInput = z.partial(CommunitySettings);
export type UpdateSettingsInput = z.input<typeof UpdateSettingsInput>;

/** What kind of space: a feed of posts, a Q&A space of questions, a feedback board. */
export const SpaceKind = z.enum(['feed', 'qa', 'feedback']);
export type SpaceKind = z.infer<typeof SpaceKind>;

/** A space key as hosts write it in `space="…"`. */
export const SpaceKey = z.string().check(
  z.trim(),
  z.minLength(1, 'Space key is required.'),
  z.maxLength(64),
  z.regex(/^[\p{L}\p{N}_.-]+$/u, 'Use letters, digits, dots, dashes or underscores.'),
);

/** A space of the community. */
export const Space = z.object({
  key: z.string(),
  kind: SpaceKind,
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
});
export type Space = z.infer<typeof Space>;

export const CreateSpaceInput = z.object({
  key: SpaceKey,
  kind: SpaceKind,
  name: z.string().check(z.trim(), z.minLength(1, 'Name the space.'), z.maxLength(80)),
  description: z.optional(z.string().check(z.maxLength(2000))),
});
export type CreateSpaceInput = z.input<typeof CreateSpaceInput>;

/** Onboarding profile of a member; every field optional. */
export const MemberProfile = z.object({
  headline: z.optional(z.string().check(z.trim(), z.maxLength(120))),
  industry: z.optional(z.string().check(z.trim(), z.maxLength(80))),
  expertise: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(10))),
  interests: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(10))),
});
export type MemberProfile = z.infer<typeof MemberProfile>;

/** A badge as members see it. */
export const BadgeAward = z.object({ badge: z.string(), name: z.string(), awardedAt: z.string() });
export type BadgeAward = z.infer<typeof BadgeAward>;

/** A member card: who they are in this community. */
export const MemberCard = z.object({
  member: Member,
  joinedAt: z.nullable(z.string()),
  profile: MemberProfile,
  /** Lifetime points earned (spending on bounties does not lower it). */
  lifetimePoints: z.number(),
  /** Points that can be spent now. */
  balance: z.number(),
  level: Level,
  title: z.nullable(z.string()),
  badges: z.array(BadgeAward),
  streak: z.number(),
  mutedUntil: z.nullable(z.string()),
  bannedUntil: z.nullable(z.string()),
});
export type MemberCard = z.infer<typeof MemberCard>;

/** The community as a widget needs it: public settings and the viewer's standing. */
export const CommunityInfo = z.object({
  rulesText: z.string(),
  timeZone: z.string(),
  guestPosting: z.boolean(),
  pollGuests: z.boolean(),
  feedbackGuests: z.boolean(),
  onboardingFields: z.array(ProfileField),
  /** True when the viewer has not filled the onboarding fields the community asks for. */
  needsOnboarding: z.boolean(),
  points: PointsSettings,
  spaces: z.array(Space),
});
export type CommunityInfo = z.infer<typeof CommunityInfo>;

export const EmptyInput = z.object({});
export type EmptyInput = z.input<typeof EmptyInput>;

export const SpaceRefInput = z.object({ key: SpaceKey });
export type SpaceRefInput = z.input<typeof SpaceRefInput>;

export const UpdateProfileInput = MemberProfile;
export type UpdateProfileInput = z.input<typeof UpdateProfileInput>;

/** Built-in spaces that exist until an admin creates others under the same keys. */
export const DEFAULT_SPACES = [
  { key: 'general', kind: 'feed', name: 'General', description: '' },
  { key: 'qa', kind: 'qa', name: 'Q&A', description: '' },
  { key: 'feedback', kind: 'feedback', name: 'Feedback', description: '' },
] as const;

/**
 * Community-wide operations: public info, settings, spaces, the viewer's profile.
 *
 * @example
 * const info = await adapter.community!.getInfo({}, { viewer });
 * if (info.needsOnboarding) showProfilePrompt(info.onboardingFields);
 */
export interface CommunityAdapter {
  /** Public settings, spaces, and whether the viewer still owes an onboarding profile. */
  getInfo(input: EmptyInput, ctx: CallContext): Promise<CommunityInfo>;
  /** Every setting (admins). */
  getSettings(input: EmptyInput, ctx: CallContext): Promise<CommunitySettings>;
  /** Changes some settings (admins); the result is checked whole. Written to the audit log. */
  updateSettings(input: UpdateSettingsInput, ctx: CallContext): Promise<CommunitySettings>;
  /** The spaces, built-in ones included. */
  listSpaces(input: EmptyInput, ctx: CallContext): Promise<Space[]>;
  /** One space, or `not_found`. */
  getSpace(input: SpaceRefInput, ctx: CallContext): Promise<Space>;
  /** Creates or replaces a space (admins). */
  createSpace(input: CreateSpaceInput, ctx: CallContext): Promise<Space>;
  /** Fills the viewer's onboarding profile; returns their card. */
  updateProfile(input: UpdateProfileInput, ctx: CallContext): Promise<MemberCard>;
}
