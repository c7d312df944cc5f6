import type { Locale } from '../i18n/locale.js';
import { Localizer } from '../i18n/localizer.js';
import type { Messages } from '../i18n/messages.js';
import type { actionsEn } from './messages-actions.js';
import type { composerEn } from './messages-composer.js';
import type { failuresEn } from './messages-failures.js';

/**
 * Every string `<community-feed>` shows. Plural strings join their forms with `|`
 * (`one|other` or `zero|one|other`); `{name}` placeholders are filled by `FeedText.t`, with
 * `{count}` already formatted for the locale.
 */
export const en = {
  heading: 'Community feed',
  loading: 'Loading posts…',
  loadError: 'The posts could not be loaded.',
  retry: 'Retry',
  unsupported: 'This community has no feed.',
  sorts: 'Sort posts',
  sort_hot: 'Hot',
  sort_new: 'New',
  sort_top: 'Top',
  sort_unanswered: 'Unanswered',
  startPost: 'Start a post…',
  signInToPost: 'Sign in to post.',
  composerError: 'The composer did not load.',
};

/** A whole feed string table, as each Chinese table is (English keeps the composer's with the composer). */
export type FeedMessages = typeof en & typeof actionsEn & typeof composerEn & typeof failuresEn;

/** The feed's strings in one locale with the shared `Intl` formatting (plurals, numbers, times). */
export class FeedText extends Localizer<FeedMessages & Messages> {
  constructor(
    locale: Locale,
    /** The strings at hand (this instance's own object: the composer's English is added to it). */
    readonly table: typeof en & Partial<typeof actionsEn & typeof composerEn & typeof failuresEn>,
  ) {
    super(locale, table as FeedMessages & Messages);
  }
}

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: FeedMessages }>> = {
  'zh-CN': () => import('./messages-zh-cn.js'),
  'zh-TW': () => import('./messages-zh-tw.js'),
};
const cache: Partial<Record<Locale, FeedText | Promise<FeedText>>> = {};

/**
 * The feed strings for `locale`: at once for English and tables already loaded, else a
 * promise (English when the table cannot be downloaded).
 */
export function feedText(locale: Locale): FeedText | Promise<FeedText> {
  return (cache[locale] ??=
    locale === 'en'
      ? new FeedText('en', { ...en })
      : LOADERS[locale]().then(
          ({ messages }) => (cache[locale] = new FeedText(locale, messages)),
          // Offline or blocked: keep speaking English rather than retrying on every render.
          () => (cache[locale] = feedText('en') as FeedText),
        ));
}

/** Adds English strings that download with the code that shows them (the actions', the composer's, the setup problems'). */
export const addEnglish = (table: typeof actionsEn | typeof composerEn | typeof failuresEn): void => void Object.assign((feedText('en') as FeedText).table, table);
