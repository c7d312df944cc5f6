/** The locales Hearth ships strings for. */
export const LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];

// Scripts and regions that write Traditional Chinese; everything else Chinese gets Simplified.
const TRADITIONAL = /^zh(-hant|-(tw|hk|mo))\b/;

/** Picks the closest shipped locale for a BCP 47 tag (`zh-Hant-HK` → zh-TW, `fr` → en). */
export function matchLocale(tag: string | null | undefined): Locale {
  const normalized = (tag ?? '').trim().toLowerCase().replace(/_/g, '-');
  if (normalized === 'zh' || normalized.startsWith('zh-')) {
    return TRADITIONAL.test(normalized) ? 'zh-TW' : 'zh-CN';
  }
  return 'en';
}

/**
 * The language an element should speak: its own `lang`, else the closest ancestor's
 * (crossing shadow roots), else `<html lang>`.
 */
export function langOf(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    if (node.parentElement) {
      node = node.parentElement;
    } else {
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
  }
  return element.ownerDocument.documentElement.lang;
}
