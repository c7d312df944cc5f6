import type { Locale } from '../i18n/locale.js';
import { textFor, translator } from '../parts/parts.js';

// The leaderboard's own strings, kept with the widget rather than in the shared tables so
// a page without it pays nothing for them. `{name}` placeholders are filled by `format`;
// a `|` separates the singular from the plural (picked with Intl.PluralRules).
const en = {
  heading: 'Leaderboard',
  loading: 'Loading the leaderboard…',
  loadError: 'The leaderboard could not be loaded.',
  retry: 'Retry',
  unsupported: 'This community does not have points or leaderboards.',
  configMissing: 'No community backend is configured. Set the client property, call configure(), or use adapter="memory".',
  configLoadFailed: 'The in-browser community store could not be loaded. Reload the page to try again.',
};

/** What only the board shows (tabs, rows, check-in, the rules' summary): English comes with it (board.ts). */
export interface BoardMessages {
  periods: string;
  week: string;
  month: string;
  all: string;
  empty: string;
  rank: string;
  points: string;
  level: string;
  badges: string;
  /** After the viewer's own name, with its spacing: "Ada (you)", "Ada（我）". */
  you: string;
  yourRank: string;
  notRanked: string;
  signInToRank: string;
  checkIn: string;
  checkingIn: string;
  checkedIn: string;
  streak: string;
  noStreak: string;
  nextBonus: string;
  /** The streak and the next bonus on one line, with the language's separator. */
  streakLine: string;
  checkedInNow: string;
  bonusNow: string;
  howToEarn: string;
  rulesLoading: string;
  rulesError: string;
  checkInError: string;
}

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

/** Every string the leaderboard shows, by key, as each Chinese table has them. */
export type LeaderboardMessages = typeof en & BoardMessages & RulesMessages;

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
  /** The strings at hand (English gains the board's and the rules' as board.ts and rules.ts load). */
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
