import type { ErrorCode, HearthError } from '@hearth/protocol';
import type { Locale } from '../i18n/locale.js';
import { textFor, translator } from '../parts/parts.js';
import type { pageEn } from './messages-en-page.js';

// The list's strings ship with the widget; what only the question page and the ask form
// show comes with them (messages-en-page.ts); each Chinese table is a chunk of its own with
// every string. `{name}` placeholders; a `|` separates the singular from the plural.
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
  loadingQuestion: 'Loading the question…',
  empty_new: 'No questions yet. Ask the first one.',
  empty_unanswered: 'Every question has an answer.',
  empty_top: 'No questions yet. Ask the first one.',
  empty_bounty: 'No question has an open bounty.',
  votes: '{count} vote|{count} votes',
  answers: '{count} answer|{count} answers',
  accepted: 'Accepted',
  bounty: '+{count} bounty',
  more: 'Show more',
  loadError: 'The questions could not be loaded.',
  loadErrorQuestion: 'The question could not be loaded.',
  back: 'Back to questions',
  retry: 'Retry',
  configMissing: 'No community backend is configured. Set the client property, call configure(), or use adapter="memory".',
  configEndpoint: 'The endpoint attribute needs the HTTP adapter, which this build does not include. Pass a client instead.',
  configLoadFailed: 'The in-browser community store could not be loaded. Reload the page to try again.',
};

/** Every string the widget shows, by key. */
export type QaMessages = typeof en & typeof pageEn;
/** A message key. */
export type QaKey = keyof QaMessages;

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: QaMessages }>> = {
  'zh-CN': () => import('./messages-zh-cn.js'),
  'zh-TW': () => import('./messages-zh-tw.js'),
};
const texts: Partial<Record<Locale, QaText | Promise<QaText>>> = {};

/** Strings, numbers and times of one locale. */
export interface QaText {
  readonly locale: Locale;
  /** A message with `{placeholders}` filled; a numeric `count` picks the plural form. */
  t(key: QaKey, vars?: Record<string, string | number>): string;
  /** "in 3 days", "2 hours ago". */
  relative(iso: string, now: number): string;
  /** A date and time. */
  date(iso: string): string;
  /**
   * What the backend refused, for a reader: in English the backend's own message (it is
   * written to be shown), elsewhere the message for its code, or `special` when given.
   */
  error(error: HearthError, special?: QaKey): string;
}

/** Adds English strings that arrive with a lazy chunk. */
export function addEnglish(more: Partial<QaMessages>): void {
  Object.assign(en, more);
}

/** The text in `locale`: at once for English or a table already in, else a promise (English if it cannot be downloaded). */
export function qaText(locale: Locale): QaText | Promise<QaText> {
  return textFor(texts, locale, LOADERS, (locale, table = en as QaMessages) => textOf(locale, table));
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const CODES: Partial<Record<ErrorCode, QaKey>> = {
  forbidden: 'errorForbidden',
  conflict: 'errorConflict',
  unauthorized: 'errorUnauthorized',
  not_found: 'errorNotFound',
  validation: 'errorValidation',
  rate_limited: 'errorRateLimited',
  unavailable: 'errorUnavailable',
};

function textOf(locale: Locale, table: QaMessages): QaText {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const dtf = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const { t } = translator<QaKey>(locale, (key) => table[key] ?? en[key as keyof typeof en] ?? key);
  return {
    locale,
    t,
    relative(iso, now) {
      const ms = Date.parse(iso) - now;
      const [unit, size] = UNITS.find(([, size]) => Math.abs(ms) >= size) ?? UNITS[2]!;
      return rtf.format(Math.round(ms / size), unit);
    },
    date: (iso) => dtf.format(new Date(iso)),
    error(error, special) {
      if (locale === 'en') return error.message;
      return t(special ?? CODES[error.code] ?? 'errorInternal');
    },
  };
}
