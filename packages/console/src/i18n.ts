// The console's languages: English, Simplified and Traditional Chinese. Each view keeps its own
// strings next to it as a `Catalog` (one object per locale, the English one giving the shape),
// and reads the operator's choice through `useMessages`.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** The locales the console ships strings for. */
export const LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each locale's own name, for the language picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文', 'zh-TW': '繁體中文' };

// Scripts and regions that write Traditional Chinese; everything else Chinese gets Simplified.
const TRADITIONAL = /^zh(-hant|-(tw|hk|mo))\b/;

/** The closest shipped locale for a BCP 47 tag (`zh-Hant-HK` → zh-TW, `fr` → en). */
export function matchLocale(tag: string | null | undefined): Locale {
  const normalized = (tag ?? '').trim().toLowerCase().replace(/_/g, '-');
  if (normalized === 'zh' || normalized.startsWith('zh-')) return TRADITIONAL.test(normalized) ? 'zh-TW' : 'zh-CN';
  return 'en';
}

const KEY = 'hearth-console-lang';

/** The operator's saved choice, else the browser's language. */
export function savedLocale(): Locale {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    // Storage may be off; the browser's language still answers.
  }
  return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : matchLocale(navigator.language);
}

/** Keeps `locale` for the next visit and marks the document with it (screen readers read by it). */
export function saveLocale(locale: Locale): void {
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    // Not kept across visits; this visit still switches.
  }
  document.documentElement.lang = locale;
}

/** One view's strings in every locale; the English entry's type is the shape all must match. */
export type Catalog<M> = Record<Locale, M>;

const LocaleContext = createContext<Locale>('en');

/** Provides the chosen locale to every view below it. */
export const LocaleProvider = LocaleContext.Provider;

/** The locale the operator chose. */
export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/**
 * A view's strings in the chosen locale.
 *
 * @example
 * const messages = { en: { title: 'Inbox', waiting: (n: number) => `${n} waiting` }, 'zh-CN': { … }, 'zh-TW': { … } } satisfies Catalog<…>;
 * const t = useMessages(messages);
 * <h1>{t.title}</h1>
 */
export function useMessages<M>(catalog: Catalog<M>): M {
  return catalog[useContext(LocaleContext)];
}

/** Formats a count as the locale writes numbers (`12,345`). */
export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** Formats a share (0–1) as a percentage (`42%`, `42.5%`). */
export function formatPercent(locale: Locale, share: number, digits = 0): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(share);
}
