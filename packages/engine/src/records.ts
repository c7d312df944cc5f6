import type { ActivityType, CommunitySettings, MemberProfile, Role, SpaceKind, WebhookEventType } from '@hearth/protocol';
import type { AnswerRecord, BountyRecord, VoteRecord } from './qa/records.js';
import type { BallotRecord, PollRecord } from './polls/records.js';
import type { FeedbackRecord, FeedbackUpdateRecord, FeedbackVoteRecord } from './feedback/records.js';
import type { FeedPostRecord, FeedReactionRecord } from './feed/records.js';
import type { AuditRecord, QueueRecord, ReportRecord } from './moderation/records.js';
import type { BadgeRecord, CheckInRecord, LedgerRecord } from './points/records.js';
import type { OpenerRecord } from './analytics/records.js';
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from './webhooks/records.js';

/** The community's tuned settings; one record with id `community`. */
export interface SettingsRecord {
  id: 'community';
  /** Absent until an admin changes a setting (the defaults apply). */
  settings?: CommunitySettings;
  /**
   * The enabled webhook endpoints and their events, kept here by the webhooks service so a
   * write finds whom to tell in the record it reads anyway (absent: none).
   */
  webhooks?: Array<{ id: string; events: WebhookEventType[] }>;
}

/**
 * A member as this community knows them, created on their first write (or check-in).
 * Name, avatar and role follow the latest claims the host site made.
 */
export interface MemberRecord {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  role: Role;
  /** Set by an admin (`members.setRole`); overrides the claimed role when not null. */
  assignedRole: Role | null;
  joinedAt: number;
  lastActiveAt: number;
  profile: MemberProfile;
  /** A title ("头衔") granted by an admin or a badge; null for none. */
  title: string | null;
  /** Published posts, comments, answers and feedback items (for the new-member rules). */
  publishedCount: number;
  mutedUntil: number | null;
  bannedUntil: number | null;
  /**
   * Running sums of the member's ledger, moved by the points ledger with every entry it
   * writes, so totals never read the whole ledger. Absent on records from before they were
   * kept: worked out from the ledger then, and stored with the member's next entry.
   */
  points?: PointSums;
  /**
   * The member's content creates, for the gate's repeat and rate rules (see `core/recent.ts`).
   * Absent until their first post is screened: the activity log answers then.
   */
  recentCreates?: RecentCreates;
}

/** Every content create by one member after `from`: `[at, text hash]`, newest first. */
export interface RecentCreates {
  from: number;
  creates: [at: number, hash: string | null][];
}

/** What a member's ledger entries add up to. */
export interface PointSums {
  /** Every delta: what the member can spend. */
  balance: number;
  /** Every delta but bounty movements: what levels follow. */
  lifetime: number;
  /**
   * What the entries of the member's latest earning day (community time zone) earned
   * towards the daily caps, so a cap check reads no ledger. Absent on sums from before it
   * was kept: the ledger answers then, and the member's next entry stores it.
   */
  today?: { day: string; earned: number; reactions: number };
}

/** A space: `id` is the space key. */
export interface SpaceRecord {
  id: string;
  kind: SpaceKind;
  name: string;
  description: string;
  createdAt: number;
}

/**
 * One analytics event: every state change writes one. `day` is the calendar day in the
 * community's time zone (`YYYY-MM-DD`), so daily metrics need no time-zone maths.
 */
export interface ActivityRecord {
  id: string;
  type: ActivityType;
  memberId: string | null;
  /** Whether the member was staff (moderator and up) when acting. */
  staff: boolean;
  at: number;
  day: string;
  /** `type:id` of the content acted on, or null. */
  ref: string | null;
  /** The experiment variant the host assigned the viewer, or null. */
  variant: string | null;
  data: Record<string, string | number | boolean | null>;
}

/**
 * Every generic collection and the record it holds. Stores create collections on first
 * use; a SQL store maps each name to a table.
 */
export interface Records {
  settings: SettingsRecord;
  members: MemberRecord;
  spaces: SpaceRecord;
  activity: ActivityRecord;
  openers: OpenerRecord;
  feedPosts: FeedPostRecord;
  feedReactions: FeedReactionRecord;
  answers: AnswerRecord;
  votes: VoteRecord;
  bounties: BountyRecord;
  polls: PollRecord;
  ballots: BallotRecord;
  feedback: FeedbackRecord;
  feedbackVotes: FeedbackVoteRecord;
  feedbackUpdates: FeedbackUpdateRecord;
  reports: ReportRecord;
  moderationQueue: QueueRecord;
  audit: AuditRecord;
  ledger: LedgerRecord;
  badges: BadgeRecord;
  checkins: CheckInRecord;
  webhooks: WebhookEndpointRecord;
  webhookDeliveries: WebhookDeliveryRecord;
}

/** A collection's name. */
export type CollectionName = keyof Records;

/** Every collection name, for snapshots and SQL migrations. */
export const COLLECTION_NAMES: readonly CollectionName[] = [
  'settings',
  'members',
  'spaces',
  'activity',
  'openers',
  'feedPosts',
  'feedReactions',
  'answers',
  'votes',
  'bounties',
  'polls',
  'ballots',
  'feedback',
  'feedbackVotes',
  'feedbackUpdates',
  'reports',
  'moderationQueue',
  'audit',
  'ledger',
  'badges',
  'checkins',
  'webhooks',
  'webhookDeliveries',
];
