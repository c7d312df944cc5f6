import type { HearthError } from '@hearth/protocol';
import { en } from './en.js';
import type { Locale } from './locale.js';
import type { Messages, PluralForms } from './messages.js';
import { zhCN } from './zh-cn.js';
import { zhTW } from './zh-tw.js';

type StringKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];
type PluralKey = { [K in keyof Messages]: Messages[K] extends PluralForms ? K : never }[keyof Messages];
type Vars = Record<string, string | number>;

/** What the localizer needs to restate a length error in the reader's language. */
export interface ErrorContext {
  bodyMinLength?: number;
  bodyMaxLength?: number;
}

const CATALOGS: Record<Locale, Messages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };
const cache = new Map<Locale, Localizer>();

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['week', 7 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
];

/**
 * Strings, plurals, numbers and dates for one locale, all through `Intl`. Instances are
 * shared: `Localizer.for(locale)` returns the same one each time so formatters are built once.
 */
export class Localizer {
  /** The locale this localizer speaks. */
  readonly locale: Locale;
  readonly #messages: Messages;
  readonly #plural: Intl.PluralRules;
  readonly #number: Intl.NumberFormat;
  readonly #relative: Intl.RelativeTimeFormat;
  readonly #absolute: Intl.DateTimeFormat;

  /** The shared localizer for `locale`. */
  static for(locale: Locale): Localizer {
    let localizer = cache.get(locale);
    if (!localizer) cache.set(locale, (localizer = new Localizer(locale)));
    return localizer;
  }

  private constructor(locale: Locale) {
    this.locale = locale;
    this.#messages = CATALOGS[locale];
    this.#plural = new Intl.PluralRules(locale);
    this.#number = new Intl.NumberFormat(locale);
    this.#relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    this.#absolute = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }

  /** A plain string with its `{placeholders}` filled. */
  t(key: StringKey, vars?: Vars): string {
    return fill(this.#messages[key], vars);
  }

  /** A plural string for `count`, with `{count}` formatted for the locale. */
  plural(key: PluralKey, count: number, vars?: Vars): string {
    const forms = this.#messages[key];
    const form = (count === 0 && forms.zero) || forms[this.#plural.select(count)] || forms.other;
    return fill(form, { ...vars, count: this.#number.format(count) });
  }

  /** A number formatted for the locale. */
  number(value: number): string {
    return this.#number.format(value);
  }

  /** "3 minutes ago", "yesterday", "now", relative to `now`. */
  relativeTime(date: Date, now: number = Date.now()): string {
    const seconds = Math.round((date.getTime() - now) / 1000);
    const abs = Math.abs(seconds);
    for (const [unit, size] of UNITS) {
      if (abs >= size) return this.#relative.format(Math.trunc(seconds / size), unit);
    }
    return this.#relative.format(0, 'second');
  }

  /** A full date and time, for tooltips and `<time title>`. */
  absoluteTime(date: Date): string {
    return this.#absolute.format(date);
  }

  /**
   * A user-facing message for an error. Codes map to localized text; a `validation` error
   * keeps the server's message (it names the field) unless it is one we know how to say.
   */
  error(error: HearthError, context: ErrorContext = {}): string {
    switch (error.code) {
      case 'unauthorized':
        return this.t('errorUnauthorized');
      case 'forbidden':
        return this.#knownForbidden(error) ?? this.t('errorForbidden');
      case 'not_found':
        return this.t('errorNotFound');
      case 'conflict':
        return this.t('errorConflict');
      case 'rate_limited': {
        const ms = error.details.retryAfterMs;
        return typeof ms === 'number' && ms > 0
          ? this.plural('errorRateLimitedSeconds', Math.ceil(ms / 1000))
          : this.t('errorRateLimited');
      }
      case 'unavailable':
        return this.t('errorUnavailable');
      case 'validation':
        return this.#knownValidation(error, context) ?? (error.message || this.t('errorValidation'));
      default:
        return this.t('errorInternal');
    }
  }

  #knownValidation(error: HearthError, context: ErrorContext): string | null {
    // English keeps the server's own wording; it is written for people already.
    if (this.locale === 'en') return null;
    const field = error.field ?? '';
    const message = error.message.toLowerCase();
    if (field === 'body' || field.endsWith('.body')) {
      if (/empty|required|write something/.test(message)) return this.t('errorBodyEmpty');
      if (/shorter than|too short|at least/.test(message)) {
        return context.bodyMinLength ? this.plural('errorBodyTooShort', context.bodyMinLength) : this.t('errorValidation');
      }
      if (/too long|at most|longer than|exceed/.test(message)) {
        return context.bodyMaxLength ? this.plural('errorBodyTooLong', context.bodyMaxLength) : this.t('errorValidation');
      }
    }
    if (/locked/.test(message)) return this.t('errorLocked');
    return null;
  }

  #knownForbidden(error: HearthError): string | null {
    const message = error.message.toLowerCase();
    if (/edit window|window to edit|no longer be edited|too late/.test(message)) return this.t('errorEditWindow');
    if (/locked/.test(message)) return this.t('errorLocked');
    return null;
  }
}

function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}
