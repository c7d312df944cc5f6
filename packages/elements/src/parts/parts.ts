import { css } from 'lit';
import type { Locale } from '../i18n/locale.js';

// What several widgets wrote alike, kept in one module that the CDN runtime loads up front
// (runtime.ts): its styles make the module part of the eager chunk, so the functions travel
// with them. A module without top-level effects would be left out of the eager chunk and
// become one more small file. Measured before adding: sharing pays in the CDN bundle, where
// every widget uses one copy; a widget alone (npm) carries a little more than its own copy.

/**
 * Rules several widgets wrote alike: the heading's size, the bordered button, the accent
 * one (`.primary`) and the skeleton bones' shape and colour. A widget lists it after its
 * token preamble and before its own styles, which set what differs (margins, paddings,
 * backgrounds, bone heights).
 */
export const partsStyles = css`
  h2 {
    font-size: 1.15em;
    margin: 0;
  }
  button {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .bone {
    border-radius: var(--_radius);
    background: var(--_skeleton);
  }
`;

/** Values for a message's `{placeholders}`. */
export type TextVars = Record<string, string | number>;

/**
 * `t` and `n` over a string table, as the widgets with their own tables fill them: a
 * numeric `count` picks the form before or after the `|` (Intl.PluralRules' `one` or not),
 * `{name}` placeholders are replaced, numbers formatted for the locale.
 */
export function translator<K extends string>(locale: Locale, lookup: (key: K) => string) {
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  return {
    n: (value: number): string => number.format(value),
    t(key: K, vars?: TextVars): string {
      let text = lookup(key);
      if (vars) {
        if (typeof vars.count === 'number') {
          const forms = text.split('|');
          text = forms.length > 1 && plural.select(vars.count) !== 'one' ? forms[1]! : forms[0]!;
        }
        text = text.replace(/\{(\w+)\}/g, (match, name: string) => {
          const value = vars[name];
          return value === undefined ? match : typeof value === 'number' ? number.format(value) : value;
        });
      }
      return text;
    },
  };
}

/**
 * A widget's text in `locale` from `cache`: at once for English (`make('en')`) and a table
 * already loaded, else a promise that settles when `loaders` brought it (English when the
 * table cannot be downloaded, rather than retrying on every render).
 */
export function textFor<T, M>(
  cache: Partial<Record<Locale, T | Promise<T>>>,
  locale: Locale,
  loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: M }>>,
  make: (locale: Locale, table?: M) => T,
): T | Promise<T> {
  const english = (): T => (cache.en ??= make('en')) as T;
  return (cache[locale] ??=
    locale === 'en'
      ? english()
      : loaders[locale]().then(
          ({ messages }) => (cache[locale] = make(locale, messages)),
          () => (cache[locale] = english()),
        ));
}
