import type { Locale } from '../i18n/locale.js';
import { textFor, translator } from '../parts/parts.js';

// The leaderboard's own strings, kept with the widget rather than in the shared tables so
// a page without it pays nothing for them. `{name}` placeholders are filled by `format`;
// a `|` separates the singular from the plural (picked with Intl.PluralRules).
const en = {
  heading: 'Leaderboard',
  periods: 'Leaderboard period',
  week: 'This week',
  month: 'This month',
  all: 'All time',
  loading: 'Loading the leaderboard…',
  empty: 'No points earned in this period yet.',
  rank: 'Rank {rank}',
  points: '{count} point|{count} points',
  level: 'Level {level}: {name}',
  badges: 'Badges',
  // After the viewer's own name, with its spacing: "Ada (you)", "Ada（我）".
  you: ' (you)',
  yourRank: 'Your rank: #{rank}',
  notRanked: 'Not ranked yet',
  signInToRank: 'Sign in to see your rank and check in.',
  checkIn: 'Check in',
  checkingIn: 'Checking in…',
  checkedIn: 'Checked in',
  streak: '{count}-day streak|{count}-day streak',
  noStreak: 'No streak yet',
  nextBonus: '{count} more check-in for +{points}|{count} more check-ins for +{points}',
  // The streak and the next bonus on one line, with the language's separator.
  streakLine: '{streak} · {next}',
  checkedInNow: 'Checked in: +{earned} today, {streak}-day streak.',
  bonusNow: 'Streak bonus: +{points} for {days} days in a row!',
  howToEarn: 'How to earn points',
  rulesLoading: 'Loading the rules…',
  loadError: 'The leaderboard could not be loaded.',
  checkInError: 'Could not check in.',
  retry: 'Retry',
  unsupported: 'This community does not have points or leaderboards.',
  configMissing: 'No community backend is configured. Set the client property, call configure(), or use adapter="memory".',
  configEndpoint: 'The endpoint attribute needs the HTTP adapter, which this build does not include. Pass a client instead.',
  configLoadFailed: 'The in-browser community store could not be loaded. Reload the page to try again.',
};

/** What only the "how to earn points" list shows: English comes with it (rules.ts). */
export interface RulesMessages {
  rulesPoints: string;
  dailyCap: string;
  reactionCap: string;
  streakBonuses: string;
  streakBonus: string;
  levels: string;
  levelAt: string;
  rule_post: string;
  rule_reply: string;
  rule_answer: string;
  rule_reaction_received: string;
  rule_upvote_received: string;
  rule_answer_accepted: string;
  rule_check_in: string;
  rule_feedback_planned: string;
  rule_feedback_done: string;
  rule_report_upheld: string;
}

/** Every string the leaderboard shows, by key. */
export type LeaderboardMessages = typeof en & RulesMessages;



// English ships with the widget; each Chinese table is its own chunk, fetched on first use.
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: LeaderboardMessages }>> = {
  'zh-CN': () => import('./messages-zh-cn.js'),
  'zh-TW': () => import('./messages-zh-tw.js'),
};
const texts: Partial<Record<Locale, LeaderboardText | Promise<LeaderboardText>>> = {};

/** Strings and numbers of one locale for the leaderboard. */
export interface LeaderboardText {
  readonly locale: Locale;
  /** A message with its `{placeholders}` filled; a numeric `count` picks the plural form. */
  t(key: keyof LeaderboardMessages, vars?: Record<string, string | number>): string;
  /** A number through Intl. */
  n(value: number): string;
  /** The strings at hand (English gains the rules' when rules.ts loads). */
  readonly table: LeaderboardMessages;
}

/**
 * The leaderboard's text in `locale`: at once for English and a table already loaded, else a
 * promise for it (English when the table cannot be downloaded).
 */
export function leaderboardText(locale: Locale): LeaderboardText | Promise<LeaderboardText> {
  return textFor(texts, locale, LOADERS, (locale, table = { ...en } as LeaderboardMessages) => textOf(locale, table));
}

/** English, which is always at hand. */
export const englishText = (): LeaderboardText => leaderboardText('en') as LeaderboardText;

function textOf(locale: Locale, table: LeaderboardMessages): LeaderboardText {
  return { locale, table, ...translator<keyof LeaderboardMessages>(locale, (key) => table[key]) };
}

/**
 * A level's (badge's, title's) name in a language, falling back to the English name: the
 * protocol's `localName`, which sits beside the badge catalogue this entry does not load.
 */
export function localName(item: { name: string; names: Record<string, string> }, lang?: string | null): string {
  if (!lang) return item.name;
  return item.names[lang] ?? item.names[Object.keys(item.names).find((tag) => tag.split('-')[0] === lang.split('-')[0]) ?? ''] ?? item.name;
}
