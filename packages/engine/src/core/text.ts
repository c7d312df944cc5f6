// Text rules shared by the gate (links, flooding) and the "similar" searches (Q&A, feedback).

const LINK = /\bhttps?:\/\/[^\s<>()]+|\bwww\.[^\s<>()]+/giu;

/** How many links a text holds (bare `http(s)://…` and `www.…`, Markdown links included). */
export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/** Lower-cased, with runs of white space and punctuation folded, for comparing texts. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}

/** A short stable fingerprint of a text as a person reads it (for "same text twice"). */
export function textHash(text: string): string {
  // FNV-1a over the normalised text: not for security, only to spot repeats.
  let hash = 0x811c9dc5;
  for (const ch of normalizeText(text)) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

const HAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Search terms of a text: words for alphabetic scripts, and overlapping character pairs for
 * Chinese, Japanese and Korean, which have no spaces between words (so 登录失败 and
 * 无法登录 share 登录).
 */
export function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const chunk of normalizeText(text).split(' ')) {
    if (!chunk) continue;
    let run = '';
    const flush = () => {
      const chars = [...run];
      if (chars.length === 1) out.add(run);
      for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
      run = '';
    };
    let word = '';
    for (const ch of chunk) {
      if (HAN.test(ch)) {
        if (word) out.add(word);
        word = '';
        run += ch;
      } else {
        if (run) flush();
        word += ch;
      }
    }
    if (run) flush();
    if (word && !STOP.has(word)) out.add(word);
  }
  return out;
}

const STOP = new Set(['a', 'an', 'the', 'is', 'are', 'to', 'of', 'in', 'on', 'for', 'and', 'or', 'how', 'do', 'i', 'it', 'my', 'can', 'what', 'why', 'with']);

/** How alike two texts are, 0–1: shared terms over the query's terms. */
export function similarity(query: string | Set<string>, text: string | Set<string>): number {
  const q = typeof query === 'string' ? terms(query) : query;
  const t = typeof text === 'string' ? terms(text) : text;
  if (q.size === 0 || t.size === 0) return 0;
  let shared = 0;
  for (const term of q) if (t.has(term)) shared += 1;
  return shared / q.size;
}

/** Topic tags, normalised: `#` stripped, NFKC, lower-cased, inner spaces to dashes. */
export function normalizeTopic(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/^[#＃]+/u, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/gu, '-');
}
