import { html, nothing } from 'lit';
import { safeHref } from './url.js';

/** Inline content: text, or an element with its children and its emphasis depth. */
type Node = string | { t: 'em' | 'strong' | 'a' | 'code' | 'br'; c: Node[]; d: number; h?: string; title?: string };

/**
 * Deepest nesting of emphasis that is kept. Markers beyond it are still consumed,
 * but add no element, so hostile input cannot build a DOM thousands deep.
 */
export const MAX_INLINE_DEPTH = 16;

// One pass over the text finds every token with inline meaning: an escape, a
// (backslash) line break, a backtick run, an emphasis run, `[` or `![`, `]`, an
// <autolink> and a bare URL. A bare URL stops at whitespace, brackets, backticks,
// controls and CJK/full-width punctuation (`见https://example.com。`). Every
// quantifier is over a single character class, so nothing backtracks.
const TOKEN =
  /\\([!-/:-@[-`{-~])|\\?\n|`+|\*+|_+|!?\[|\]|<((?:https?|mailto):[^\s<>]*)>|https?:\/\/[^\s<>[\]`\0-\x1f\x7f\u3000-\u303f\uff00-\uffef]+/gi;
// `](destination "title")`; the destination may hold one level of balanced parentheses.
const LINK_TAIL = /\]\(\s*([^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))?\s*\)/y;
const WORD_END = /[\p{L}\p{N}]$/u;
const WORD_START = /^[\p{L}\p{N}]/u;

const depthOf = (nodes: Node[]): number => nodes.reduce((max: number, node) => Math.max(max, (node as { d?: number }).d || 0), 0);

/**
 * Parses one paragraph's text (lines joined by `\n`). Emphasis is matched as the text
 * is read, against a stack of openers, instead of by CommonMark's full algorithm:
 * `*` opens before a non-space and closes after one; `_` additionally never opens
 * or closes inside a word, which keeps snake_case_words upright. Unmatched markers
 * stay visible as typed.
 */
export function parseInline(source: string): Node[] {
  const out: Node[] = [];
  // Emphasis openers: index in `out`, character and how many are left.
  const openers: { i: number; c: string; n: number }[] = [];
  // Open `[`: index in `out`, openers below it, and whether it was `![`.
  let brackets: { i: number; o: number; image: boolean }[] = [];
  let last = 0;
  let match: RegExpExecArray | null;
  TOKEN.lastIndex = 0;
  while ((match = TOKEN.exec(source))) {
    const token = match[0];
    const at = match.index;
    const char = token[0]!;
    out.push(source.slice(last, at));
    last = TOKEN.lastIndex;
    if (match[1]) {
      out.push(match[1]);
    } else if (token.endsWith('\n')) {
      out.push({ t: 'br', c: [], d: 0 });
    } else if (char == '`') {
      // The closer is the next run of exactly as many backticks. A search that fails
      // means no run of that length lies ahead, so each length fails at most once.
      let end = last;
      while ((end = source.indexOf(token, end)) >= 0) {
        const start = end;
        while (source[end] == '`') end++;
        if (end - start == token.length) break;
      }
      if (end < 0) {
        out.push(token);
      } else {
        let code = source.slice(last, end - token.length).replace(/\n/g, ' ');
        if (code[0] == ' ' && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
        out.push({ t: 'code', c: [code], d: 0 });
        last = TOKEN.lastIndex = end;
      }
    } else if (char == '*' || char == '_') {
      const before = source.slice(Math.max(0, at - 2), at);
      const after = source.slice(last, last + 2);
      const canOpen = /^\S/.test(after) && (char == '*' || !WORD_END.test(before));
      const canClose = /\S$/.test(before) && (char == '*' || !WORD_START.test(after));
      let count = token.length;
      // Match openers of the same character, innermost first, never reaching below an
      // open bracket (links bind before emphasis). Openers above a match are dropped,
      // so spans never cross.
      for (let k = openers.length; canClose && count && k-- > (brackets.at(-1)?.o ?? 0); ) {
        const opener = openers[k]!;
        if (opener.c != char) continue;
        openers.length = k + 1;
        while (count && opener.n) {
          const used = count > 1 && opener.n > 1 ? 2 : 1;
          count -= used;
          opener.n -= used;
          out[opener.i] = char.repeat(opener.n);
          const depth = depthOf(out.slice(opener.i + 1));
          if (depth < MAX_INLINE_DEPTH) out.push({ t: used > 1 ? 'strong' : 'em', c: out.splice(opener.i + 1), d: depth + 1 });
        }
        if (!opener.n) openers.length = k;
      }
      if (canOpen && count) openers.push({ i: out.length, c: char, n: count });
      out.push(char.repeat(count));
    } else if (token.endsWith('[')) {
      brackets.push({ i: out.length, o: openers.length, image: token.length > 1 });
      out.push(token);
    } else if (char == ']') {
      const bracket = brackets.pop();
      LINK_TAIL.lastIndex = at;
      const tail = bracket && LINK_TAIL.exec(source);
      if (!tail) {
        out.push(token);
      } else {
        last = TOKEN.lastIndex = LINK_TAIL.lastIndex;
        // Images never load, and refused destinations (javascript:, data:, relative…)
        // link nothing: both stay visible as the text typed.
        const href = !bracket.image && safeHref(tail[1]!);
        if (href) {
          openers.length = bracket.o;
          const children = out.splice(bracket.i).slice(1);
          const title = tail[2]?.slice(1, -1).replace(/\\([!-/:-@[-`{-~])/g, '$1');
          // `[](url)`: an empty anchor has no accessible name, so show the address.
          out.push({ t: 'a', c: children.some(Boolean) ? children : [tail[1]!], d: depthOf(children) + 1, h: href, title });
          // Links may not contain links: earlier brackets can no longer form one.
          brackets = [];
        } else {
          out.push(tail[0]);
        }
      }
    } else {
      let url = match[2] ?? token;
      if (!match[2]) {
        // Sentence punctuation and an unbalanced `)` after a bare URL belong to the prose.
        let end = url.length;
        let balance = url.split('(').length - url.split(')').length;
        while (`?!.,:;*_~'"`.includes(url[end - 1]!) || (url[end - 1] == ')' && balance++ < 0)) end--;
        url = url.slice(0, end);
        last = TOKEN.lastIndex = at + end;
      }
      // A bare URL glued to a word (`xhttps://…`) is not one.
      const href = (match[2] || !/[a-z\d]/i.test(source.charAt(at - 1))) && safeHref(url);
      out.push(href ? { t: 'a', c: [url], d: 1, h: href } : source.slice(at, last));
    }
  }
  out.push(source.slice(last));
  return out;
}

/** Renders one paragraph's text. */
export function renderInline(source: string): unknown[] {
  return render(parseInline(source));
}

function render(nodes: Node[], inLink?: boolean): unknown[] {
  return nodes.map((node) =>
    typeof node == 'string'
      ? node
      : node.t == 'em'
        ? html`<em>${render(node.c, inLink)}</em>`
        : node.t == 'strong'
          ? html`<strong>${render(node.c, inLink)}</strong>`
          : node.t == 'code'
            ? html`<code>${node.c}</code>`
            : node.t == 'br'
              ? html`<br />`
              : // A URL written inside link text would nest anchors; keep only its text.
                inLink
                ? render(node.c, inLink)
                : html`<a href=${node.h} title=${node.title ?? nothing} rel="nofollow ugc noopener" target="_blank"
                    >${render(node.c, true)}</a
                  >`,
  );
}
