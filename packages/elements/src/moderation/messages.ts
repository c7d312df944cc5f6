import type { Locale } from '../i18n/locale.js';

// The content menu's strings beyond its button's label, loaded with the menu itself on first
// intent; each Chinese table is its own chunk. `{name}` placeholders are filled by `t`.
const en = {
  menu: 'Actions',
  none: 'Nothing you can do here',
  report: 'Report…',
  hide: 'Hide',
  restore: 'Restore',
  delete: 'Delete…',
  lock: 'Lock',
  unlock: 'Unlock',
  lockThread: 'Lock thread',
  unlockThread: 'Unlock thread',
  pin: 'Pin',
  unpin: 'Unpin',
  feature: 'Feature',
  unfeature: 'Unfeature',
  mute: 'Mute {name}…',
  ban: 'Ban {name}…',
  type_comment: 'comment',
  type_post: 'post',
  type_answer: 'answer',
  type_feedback: 'feedback',
  reportTitle: 'Report this {type}',
  reasons: 'What is wrong with it?',
  reason_spam: 'Spam',
  reason_ad: 'Advertising',
  reason_abuse: 'Abuse or harassment',
  reason_off_topic: 'Off topic',
  reason_other: 'Something else',
  note: 'Note for moderators (optional)',
  sendReport: 'Send report',
  sending: 'Sending…',
  cancel: 'Cancel',
  close: 'Close',
  reported: 'Thanks — moderators will look at it.',
  alreadyReported: 'You already reported this on {date} as “{reason}”. Moderators will look at it.',
  confirmDelete: 'Delete this {type}? This cannot be undone.',
  confirmDeleteYes: 'Delete',
  muteTitle: 'Mute {name}',
  banTitle: 'Ban {name}',
  muteHint: 'A muted member can still read and react, but cannot post.',
  banHint: 'A banned member cannot write anything.',
  duration: 'For how long?',
  day1: '1 day',
  day7: '7 days',
  day30: '30 days',
  forever: 'Permanently',
  why: 'Reason (kept in the audit log)',
  whyRequired: 'Say why, for the audit log.',
  muteYes: 'Mute',
  banYes: 'Ban',
  done_hide: 'Hidden.',
  done_restore: 'Restored.',
  done_delete: 'Deleted.',
  done_lock: 'Locked.',
  done_unlock: 'Unlocked.',
  done_pin: 'Pinned.',
  done_unpin: 'Unpinned.',
  done_feature: 'Featured.',
  done_unfeature: 'No longer featured.',
  mutedUntil: '{name} is muted until {date}.',
  bannedUntil: '{name} is banned until {date}.',
  mutedForever: '{name} is muted permanently.',
  bannedForever: '{name} is banned permanently.',
  errorForbidden: 'You are not allowed to do that.',
  errorNotFound: 'This is no longer there.',
  errorConflict: 'This changed meanwhile; reload to see it as it is now.',
  errorUnavailable: 'The community could not be reached. Try again.',
  errorRateLimited: 'Too many attempts; wait a moment and try again.',
  errorUnsupported: 'This community does not offer moderation.',
  errorInternal: 'Something went wrong. Try again.',
};

/** Every string the open menu and its forms show, by key. */
export type MenuMessages = typeof en;

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: MenuMessages }>> = {
  'zh-CN': () => import('./messages-zh-cn.js'),
  'zh-TW': () => import('./messages-zh-tw.js'),
};
const texts: Partial<Record<Locale, MenuText | Promise<MenuText>>> = {};

/** The menu's strings and dates in one locale. */
export interface MenuText {
  readonly locale: Locale;
  /** A message with its `{placeholders}` filled. */
  t(key: keyof MenuMessages, vars?: Record<string, string>): string;
  /** A date and time through Intl. */
  date(iso: string): string;
}

/** The menu's text in `locale`: at once for English and a loaded table, else a promise (English when it cannot be downloaded). */
export function menuText(locale: Locale): MenuText | Promise<MenuText> {
  return (texts[locale] ??=
    locale === 'en'
      ? textOf('en', en)
      : LOADERS[locale]().then(
          ({ messages }) => (texts[locale] = textOf(locale, messages)),
          () => (texts[locale] = textOf('en', en)),
        ));
}

function textOf(locale: Locale, table: MenuMessages): MenuText {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    t: (key, vars) => table[key].replace(/\{(\w+)\}/g, (match, name: string) => vars?.[name] ?? match),
    date: (iso) => format.format(new Date(iso)),
  };
}
