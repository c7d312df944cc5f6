// Kept free of zod (type imports are erased) so widgets can show the default rules, levels
// and content types without bundling the schemas.
import type { CommunitySettings, Level } from './community.js';

/** Content a member can write: page comments, feed posts (and questions), answers, feedback. */
export const CONTENT_TYPES = ['comment', 'post', 'answer', 'feedback'] as const;

/**
 * Every rule a ledger entry can come from. The first group earns by `points.rules`; the
 * rest are movements the engine makes (bounties, reversals, admin adjustments).
 */
export const POINT_RULES = [
  'post',
  'reply',
  'answer',
  'reaction_received',
  'upvote_received',
  'answer_accepted',
  'check_in',
  'streak_bonus',
  'feedback_planned',
  'feedback_done',
  'report_upheld',
  'admin_adjustment',
  'bounty_escrow',
  'bounty_award',
  'reversal',
] as const;

/** Six levels from lifetime points, with English and Chinese names. */
export const DEFAULT_LEVELS: Level[] = [
  { level: 1, minPoints: 0, name: 'Newcomer', names: { 'zh-CN': '新手', 'zh-TW': '新手' } },
  { level: 2, minPoints: 50, name: 'Regular', names: { 'zh-CN': '常客', 'zh-TW': '常客' } },
  { level: 3, minPoints: 200, name: 'Contributor', names: { 'zh-CN': '贡献者', 'zh-TW': '貢獻者' } },
  { level: 4, minPoints: 500, name: 'Expert', names: { 'zh-CN': '达人', 'zh-TW': '達人' } },
  { level: 5, minPoints: 1500, name: 'Mentor', names: { 'zh-CN': '导师', 'zh-TW': '導師' } },
  { level: 6, minPoints: 5000, name: 'Legend', names: { 'zh-CN': '传奇', 'zh-TW': '傳奇' } },
];

/** The community rules when an admin tunes nothing. */
export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = {
  rulesText: 'Be kind, stay on topic, no ads.',
  timeZone: 'UTC',
  guestPosting: false,
  pollGuests: false,
  feedbackGuests: false,
  moderation: 'post',
  newMemberHold: 0,
  bannedWords: [],
  linkLimitNewMember: 3,
  linkLimit: 10,
  newMemberPosts: 3,
  flood: { duplicateWindowMs: 10 * 60 * 1000, maxPostsPerMinute: 5 },
  autoHideReports: 3,
  onboardingFields: [],
  leaderboardExcludesStaff: false,
  firstResponseTargetMs: 24 * 60 * 60 * 1000,
  points: {
    rules: {
      post: 5,
      reply: 2,
      answer: 2,
      reaction_received: 1,
      upvote_received: 1,
      answer_accepted: 15,
      check_in: 1,
      feedback_planned: 10,
      feedback_done: 10,
      report_upheld: 2,
    },
    dailyCap: 200,
    reactionDailyCap: 20,
    streakBonuses: [
      { days: 7, points: 5 },
      { days: 30, points: 20 },
    ],
    levels: DEFAULT_LEVELS,
  },
};

/** `type:id`, the one string form of a content reference (ledger entries, reports). */
export function refKey(ref: { type: string; id: string }): string {
  return `${ref.type}:${ref.id}`;
}
