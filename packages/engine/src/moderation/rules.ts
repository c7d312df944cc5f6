// Pure rules of the gate, kept apart from storage so they are easy to test and reuse.

/** Lower-cased, and lower-cased after NFKC (full-width `ＳＰＡＭ` → `spam`, `①` → `1`). */
function forms(text: string): string[] {
  const lower = text.toLowerCase();
  const folded = text.normalize('NFKC').toLowerCase();
  return folded === lower ? [lower] : [lower, folded];
}

/**
 * The first banned word `text` contains, or null. Case-insensitive substring match, so a
 * word inside a longer Chinese sentence (no spaces between words) is found; both the text
 * and the word are also compared after NFKC normalisation, so full-width letters and
 * compatibility characters do not slip past.
 */
export function findBannedWord(text: string, words: readonly string[]): string | null {
  if (words.length === 0) return null;
  const haystacks = forms(text);
  for (const word of words) {
    const needles = forms(word.trim()).filter((n) => n.length > 0);
    if (needles.some((needle) => haystacks.some((hay) => hay.includes(needle)))) return word;
  }
  return null;
}

/** The link limit that applies to a member with `publishedCount` published items. */
export function linkLimitFor(publishedCount: number, settings: { newMemberPosts: number; linkLimitNewMember: number; linkLimit: number }): { limit: number; newMember: boolean } {
  const newMember = publishedCount < settings.newMemberPosts;
  return { limit: newMember ? settings.linkLimitNewMember : settings.linkLimit, newMember };
}

/** "3 minutes", "1 hour", "45 seconds": a wait as a person reads it (rounded up). */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return plural(seconds, 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.ceil(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.ceil(hours / 24), 'day');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
