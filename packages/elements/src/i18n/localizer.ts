import { en } from './en.js';
import type { FullLocalizer } from './full-localizer.js';
import type { Locale } from './locale.js';
import type { DeferredMessages, Messages } from './messages.js';

type Vars = Record<string, string | number>;
type Table<M> = () => Promise<{ messages: M }>;

// English ships in the entry; the Chinese tables are fetched the first time a widget needs them.
const LOADERS: Record<Exclude<Locale, 'en'>, Table<Messages>> = {
  'zh-CN': () => import('./zh-cn.js'),
  'zh-TW': () => import('./zh-tw.js'),
};
// What only an interaction or a failure shows, in every locale, fetched on the first sign of either.
const DEFERRED: Record<Locale, Table<DeferredMessages>> = {
  en: () => import('./deferred-en.js'),
  'zh-CN': () => import('./deferred-zh-cn.js'),
  'zh-TW': () => import('./deferred-zh-tw.js'),
};
const cache: Partial<Record<Locale, Localizer | Promise<Localizer>>> = {};

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
 * shared, so formatters are built once per locale. A localizer speaks the strings a widget
 * shows as it renders; `full()` adds the rest.
 */
export class Localizer<M extends Messages = Messages> {
  readonly #plural: Intl.PluralRules;
  readonly #number: Intl.NumberFormat;
  readonly #relative: Intl.RelativeTimeFormat;
  readonly #absolute: Intl.DateTimeFormat;
  #full: FullLocalizer | Promise<FullLocalizer> | undefined;

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

  protected constructor(
    /** The locale this localizer speaks. */
    readonly locale: Locale,
    private readonly messages: M,
  ) {
    this.#plural = new Intl.PluralRules(locale);
    this.#number = new Intl.NumberFormat(locale);
    this.#relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    this.#absolute = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }

  /**
   * This locale with every string, including the ones only an interaction or a failure
   * shows, and error messages: at once when already loaded, else a promise for it. A failed
   * download rejects and is tried again on the next call.
   */
  full(): FullLocalizer | Promise<FullLocalizer> {
    return (this.#full ??= Promise.all([import('./full-localizer.js'), DEFERRED[this.locale]()]).then(
      ([{ FullLocalizer }, { messages }]) => (this.#full = new FullLocalizer(this.locale, { ...this.messages, ...messages })),
      (error: unknown) => {
        this.#full = undefined;
        throw error;
      },
    ));
  }

  /**
   * A message with its `{placeholders}` filled. A numeric `count` picks the plural form
   * (see `PluralForms`) and is formatted for the locale.
   */
  t(key: keyof M, vars?: Vars): string {
    let text = this.messages[key] as string;
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
}
