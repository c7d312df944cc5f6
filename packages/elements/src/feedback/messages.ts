import type { Locale } from '../i18n/locale.js';
import { textFor, translator } from '../parts/parts.js';
import type { FailureMessages } from './messages-en-failures.js';
import type { PartMessages } from './messages-en-parts.js';

// The feedback widget's own strings, kept with it so a page without it pays nothing for
// them. `{name}` placeholders are filled by `t`; a `|` separates the singular from the
// plural (picked with Intl.PluralRules). The Chinese tables are chunks fetched on first use.
const en = {
  heading: 'Feedback',
  sendFeedback: 'Send feedback',
  loading: 'Loading feedback…',
  loadError: 'Feedback could not be loaded.',
  retry: 'Retry',
  close: 'Close',
};

/** Every string the feedback widget shows, by key: the English above, and the rest in messages-en-parts.ts. */
export type FeedbackMessages = typeof en & PartMessages & FailureMessages;

/** Adds the English strings the core and the setup problems bring with them. */
export const addEnglish = (table: PartMessages | FailureMessages): void => void Object.assign(en, table);

let failing: Promise<unknown> | undefined;

/** Downloads the English for setup problems, which the Chinese tables carry already. Never rejects. */
export function failures(): Promise<unknown> {
  return (failing ??= import('./messages-en-failures.js').then(
    ({ messages }) => addEnglish(messages),
    () => (failing = undefined),
  ));
}

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: FeedbackMessages }>> = {
  'zh-CN': () => import('./messages-zh-cn.js'),
  'zh-TW': () => import('./messages-zh-tw.js'),
};
const texts: Partial<Record<Locale, FeedbackText | Promise<FeedbackText>>> = {};

/** Strings and numbers of one locale for the feedback widget (the lazy parts add dates and names: PartText). */
export interface FeedbackText {
  readonly locale: Locale;
  /** A message with its `{placeholders}` filled; a numeric `count` picks the plural form. */
  t(key: keyof FeedbackMessages, vars?: Record<string, string | number>): string;
  /** A number through Intl. */
  n(value: number): string;
}

/**
 * The feedback text in `locale`: at once for English and a table already loaded, else a
 * promise for it (English when the table cannot be downloaded).
 */
export function feedbackText(locale: Locale): FeedbackText | Promise<FeedbackText> {
  return textFor<FeedbackText, Partial<FeedbackMessages>>(texts, locale, LOADERS, (locale, table = en as Partial<FeedbackMessages>) => textOf(locale, table));
}

/** English, which is always at hand. */
export const englishText = (): FeedbackText => feedbackText('en') as FeedbackText;

function textOf(locale: Locale, table: Partial<FeedbackMessages>): FeedbackText {
  return { locale, ...translator<keyof FeedbackMessages>(locale, (key) => table[key] ?? '') };
}
