import type { Locale } from '../i18n/locale.js';
import { textFor, translator } from '../parts/parts.js';
import type { failuresEn } from './messages-en-failures.js';
import type { pageEn } from './messages-en-page.js';
import type { listEn } from './qa-list.js';

// The strings of the list's first look ship with the widget; the rows' come with them
// (qa-list.ts), what only the question page and the ask form show with those
// (messages-en-page.ts), setup problems' on the first one
// (messages-en-failures.ts); each Chinese table is a chunk of its own with every string.
// `{name}` placeholders; a `|` separates the singular from the plural.
const en = {
  heading: 'Questions',
  filters: 'Show questions',
  filter_new: 'New',
  filter_unanswered: 'Unanswered',
  filter_top: 'Top',
  filter_bounty: 'Bounty',
  ask: 'Ask a question',
  signInToAsk: 'Sign in to ask a question.',
  loading: 'Loading questions…',
  retry: 'Retry',
  // A lazily loaded part (the rows, the question page, the ask form) that could not be downloaded.
  partError: 'This part could not be downloaded.',
};

/** Every string the widget shows, by key. */
export type QaMessages = typeof en & typeof listEn & typeof pageEn & typeof failuresEn;
/** A message key. */
export type QaKey = keyof QaMessages;

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: QaMessages }>> = {
  'zh-CN': () => import('./messages-zh-cn.js'),
  'zh-TW': () => import('./messages-zh-tw.js'),
};
const texts: Partial<Record<Locale, QaText | Promise<QaText>>> = {};

/** The strings of one locale. */
export interface QaText {
  readonly locale: Locale;
  /** A message with `{placeholders}` filled; a numeric `count` picks the plural form. */
  t(key: QaKey, vars?: Record<string, string | number>): string;
}

/** Adds English strings that arrive with a lazy chunk. */
export function addEnglish(more: Partial<QaMessages>): void {
  Object.assign(en, more);
}

/** The text in `locale`: at once for English or a table already in, else a promise (English if it cannot be downloaded). */
export function qaText(locale: Locale): QaText | Promise<QaText> {
  return textFor(texts, locale, LOADERS, (locale, table = en as QaMessages) => textOf(locale, table));
}

function textOf(locale: Locale, table: QaMessages): QaText {
  const { t } = translator<QaKey>(locale, (key) => table[key] ?? key);
  return { locale, t };
}
