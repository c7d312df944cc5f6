import type { Locale } from '../i18n/locale.js';

// The staff roles a chip names, in every language, kept here because the chip loads with
// every widget that shows authors: three short words each, not a string table.
const STAFF = { moderator: ['Moderator', '版主', '版主'], admin: ['Admin', '管理员', '管理員'], owner: ['Owner', '所有者', '擁有者'] } as const;
const COLUMN: Record<Locale, 0 | 1 | 2> = { en: 0, 'zh-CN': 1, 'zh-TW': 2 };

/** The label of a staff role (moderator, admin, owner) in `locale`, or null for anyone else. */
export function staffLabel(role: string | undefined, locale: Locale): string | null {
  return Object.hasOwn(STAFF, role ?? '') ? STAFF[role as keyof typeof STAFF][COLUMN[locale]] : null;
}

/**
 * A level's (badge's, title's) name in a language, falling back to the English name:
 * an exact tag first, then any tag of the same language.
 */
export function localName(item: { name: string; names: Record<string, string> }, lang: string): string {
  return item.names[lang] ?? item.names[Object.keys(item.names).find((tag) => tag.split('-')[0] === lang.split('-')[0]) ?? ''] ?? item.name;
}

/** The avatar URL if it is safe to load (http or https), else null. */
export function avatarUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** The first letter of a name, for an avatar without an image. */
export function initials(name: string): string {
  return [...name.trim()][0]?.toUpperCase() ?? '?';
}

/** Which of the eight avatar colours (`.h0` … `.h7`) a member's initials sit on: the same one everywhere. */
export function avatarHue(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return `h${(hash >>> 0) % 8}`;
}
