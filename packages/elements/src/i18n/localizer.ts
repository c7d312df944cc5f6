import type { ErrorCode, HearthError } from '@hearth/protocol';
import { en } from './en.js';
import type { Locale } from './locale.js';
import type { Messages } from './messages.js';

type Vars = Record<string, string | number>;

/** What the localizer needs to restate a length error in the reader's language. */
export interface ErrorContext {
  bodyMinLength?: number;
  bodyMaxLength?: number;
}

// English ships in the entry; the Chinese tables are fetched the first time a widget needs them.
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: Messages }>> = {
  'zh-CN': () => import('./zh-cn.js'),
  'zh-TW': () => import('./zh-tw.js'),
};
const cache: Partial<Record<Locale, Localizer | Promise<Localizer>>> = {};

// Codes whose text does not depend on the message; the rest are worked out in `error()`.
const ERROR_KEYS: Partial<Record<ErrorCode, keyof Messages>> = {
  unauthorized: 'errorUnauthorized',
  not_found: 'errorNotFound',
  conflict: 'errorConflict',
  unavailable: 'errorUnavailable',
};

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * Strings, plurals, numbers and dates for one locale, all through `Intl`. Instances are
 * shared, so formatters are built once per locale.
 */
export class Localizer {
  readonly #plural: Intl.PluralRules;
  readonly #number: Intl.NumberFormat;
  readonly #relative: Intl.RelativeTimeFormat;
  readonly #absolute: Intl.DateTimeFormat;

  /**
   * The shared localizer for `locale`: at once for English and for a table already loaded,
   * else a promise that settles when the table has arrived (English if it cannot be loaded).
   */
  static for(locale: Locale): Localizer | Promise<Localizer> {
    return (cache[locale] ??=
      locale === 'en'
        ? new Localizer(locale, en)
        : LOADERS[locale]().then(
            ({ messages }) => (cache[locale] = new Localizer(locale, messages)),
            // Offline or blocked: keep speaking English rather than retrying on every render.
            () => (cache[locale] = Localizer.for('en') as Localizer),
          ));
  }

  private constructor(
    /** The locale this localizer speaks. */
    readonly locale: Locale,
    private readonly messages: Messages,
  ) {
    this.#plural = new Intl.PluralRules(locale);
    this.#number = new Intl.NumberFormat(locale);
    this.#relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    this.#absolute = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }

  /**
   * A message with its `{placeholders}` filled. A numeric `count` picks the plural form
   * (see `PluralForms`) and is formatted for the locale.
   */
  t(key: keyof Messages, vars?: Vars): string {
    let text = this.messages[key];
    const count = vars?.count;
    if (typeof count === 'number') {
      const forms = text.split('|');
      const n = forms.length;
      text = forms[count === 0 && n > 2 ? 0 : n > 1 && this.#plural.select(count) === 'one' ? n - 2 : n - 1]!;
      vars = { ...vars, count: this.number(count) };
    }
    return vars ? text.replace(/\{(\w+)\}/g, (match, name: string) => String(vars[name] ?? match)) : text;
  }

  /** A number formatted for the locale. */
  number(value: number): string {
    return this.#number.format(value);
  }

  /** "3 minutes ago", "yesterday", "now", relative to `now`. */
  relativeTime(date: Date, now: number = Date.now()): string {
    const seconds = Math.round((date.getTime() - now) / 1000);
    const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1e9];
    return this.#relative.format(Math.trunc(seconds / size), unit);
  }

  /** A full date and time, for tooltips and `<time title>`. */
  absoluteTime(date: Date): string {
    return this.#absolute.format(date);
  }

  /**
   * A user-facing message for an error. Codes map to localized text; a `validation` error
   * keeps the server's message (it names the field) unless it is one we know how to say.
   */
  error(error: HearthError, { bodyMinLength, bodyMaxLength }: ErrorContext = {}): string {
    const { code, message, field } = error;
    const says = (pattern: RegExp) => pattern.test(message.toLowerCase());
    if (code === 'forbidden') {
      return this.t(
        says(/edit window|window to edit|no longer be edited|too late/) ? 'errorEditWindow' : says(/locked/) ? 'errorLocked' : 'errorForbidden',
      );
    }
    if (code === 'rate_limited') {
      const ms = error.details.retryAfterMs;
      return typeof ms === 'number' && ms > 0 ? this.t('errorRateLimitedSeconds', { count: Math.ceil(ms / 1000) }) : this.t('errorRateLimited');
    }
    if (code !== 'validation') return this.t(ERROR_KEYS[code] ?? 'errorInternal');
    // English keeps the server's own wording; it is written for people already.
    if (this.locale !== 'en') {
      if (/(^|\.)body$/.test(field ?? '')) {
        if (says(/empty|required|write something/)) return this.t('errorBodyEmpty');
        const limit = says(/shorter than|too short|at least/)
          ? ['errorBodyTooShort', bodyMinLength]
          : says(/too long|at most|longer than|exceed/) && ['errorBodyTooLong', bodyMaxLength];
        if (limit) return limit[1] ? this.t(limit[0] as keyof Messages, { count: limit[1] }) : this.t('errorValidation');
      }
      if (says(/locked/)) return this.t('errorLocked');
    }
    return message || this.t('errorValidation');
  }
}
