// Kept free of zod (like community-defaults) so widgets can show badge names and criteria
// without bundling the schemas.

/** A title ("头衔") a badge grants, with names by language tag. */
export interface BadgeTitle {
  /** The title as stored on the member (`MemberRecord.title`) and shown by default. */
  name: string;
  /** Names by language tag (`zh-CN`, `zh-TW`), falling back to `name`. */
  names: Record<string, string>;
}

/** One badge of the catalogue: what it is called and what earns it. */
export interface BadgeDefinition {
  /** Stable id, stored on awards (`${memberId}:${id}`). */
  id: string;
  /** English name, shown by default. */
  name: string;
  /** Names by language tag (`zh-CN`, `zh-TW`), falling back to `name`. */
  names: Record<string, string>;
  /** What earns it, in English (docs and tooltips). */
  criteria: string;
  /** What earns it, by language tag. */
  criteriaNames: Record<string, string>;
  /** A title it grants to a member who has none yet. */
  title: BadgeTitle | null;
}

/**
 * Every badge the engine awards, each at most once per member and automatically when the
 * member meets the criteria (monthly top 3: once a month is over, on the first leaderboard
 * read or check-in after it).
 */
export const BADGES = [
  {
    id: 'first_post',
    name: 'First Post',
    names: { 'zh-CN': '初次发帖', 'zh-TW': '初次發文' },
    criteria: 'Published a first feed post or question.',
    criteriaNames: { 'zh-CN': '发布第一篇帖子或提问。', 'zh-TW': '發布第一篇貼文或提問。' },
    title: null,
  },
  {
    id: 'first_accepted_answer',
    name: 'Helpful',
    names: { 'zh-CN': '乐于助人', 'zh-TW': '樂於助人' },
    criteria: 'Had a first answer accepted.',
    criteriaNames: { 'zh-CN': '第一个回答被采纳。', 'zh-TW': '第一個回答被採納。' },
    title: null,
  },
  {
    id: 'accepted_10',
    name: 'Problem Solver',
    names: { 'zh-CN': '解题高手', 'zh-TW': '解題高手' },
    criteria: 'Had 10 answers accepted.',
    criteriaNames: { 'zh-CN': '累计 10 个回答被采纳。', 'zh-TW': '累計 10 個回答被採納。' },
    title: null,
  },
  {
    id: 'streak_7',
    name: '7-Day Streak',
    names: { 'zh-CN': '连续签到 7 天', 'zh-TW': '連續簽到 7 天' },
    criteria: 'Checked in 7 days in a row.',
    criteriaNames: { 'zh-CN': '连续 7 天签到。', 'zh-TW': '連續 7 天簽到。' },
    title: null,
  },
  {
    id: 'streak_30',
    name: '30-Day Streak',
    names: { 'zh-CN': '连续签到 30 天', 'zh-TW': '連續簽到 30 天' },
    criteria: 'Checked in 30 days in a row.',
    criteriaNames: { 'zh-CN': '连续 30 天签到。', 'zh-TW': '連續 30 天簽到。' },
    title: { name: 'Streak Master', names: { 'zh-CN': '坚持达人', 'zh-TW': '堅持達人' } },
  },
  {
    id: 'monthly_top3',
    name: 'Monthly Top 3',
    names: { 'zh-CN': '月度前三', 'zh-TW': '月度前三' },
    criteria: 'Finished a calendar month in the top 3 of the points leaderboard.',
    criteriaNames: { 'zh-CN': '在某个自然月的积分榜上位列前三。', 'zh-TW': '在某個自然月的積分榜上位列前三。' },
    title: null,
  },
  {
    id: 'feedback_adopted',
    name: 'Idea Adopted',
    names: { 'zh-CN': '建议被采纳', 'zh-TW': '建議被採納' },
    criteria: 'Sent feedback that the team planned or shipped.',
    criteriaNames: { 'zh-CN': '提交的反馈被列入计划或已完成。', 'zh-TW': '提交的回饋被列入計畫或已完成。' },
    title: null,
  },
] as const satisfies readonly BadgeDefinition[];

/** A badge id from `BADGES`. */
export type BadgeId = (typeof BADGES)[number]['id'];

/** Every badge id, in catalogue order. */
export const BADGE_IDS = BADGES.map((b) => b.id) as BadgeId[];

/** The catalogue entry of a badge id, or undefined for an unknown id. */
export function badgeDefinition(id: string): BadgeDefinition | undefined {
  return (BADGES as readonly BadgeDefinition[]).find((b) => b.id === id);
}

/** A badge's (or title's, level's) name in a language, falling back to the English name. */
export function localName(item: { name: string; names: Record<string, string> }, lang?: string | null): string {
  if (!lang) return item.name;
  return item.names[lang] ?? item.names[Object.keys(item.names).find((tag) => tag.split('-')[0] === lang.split('-')[0]) ?? ''] ?? item.name;
}
