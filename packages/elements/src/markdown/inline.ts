import { safeHref } from './url.js';

/** One piece of inline content, as plain data ready to be turned into a template. */
export type Inline =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'code'; readonly value: string }
  | { readonly type: 'break' }
  | { readonly type: 'emphasis' | 'strong'; readonly children: readonly Inline[] }
  | {
      readonly type: 'link';
      readonly href: string;
      readonly title: string | null;
      readonly children: readonly Inline[];
    };

/**
 * Deepest nesting of emphasis and links that is kept. Markers beyond it are still
 * consumed, but add no element, so hostile input cannot build a DOM thousands deep.
 */
export const MAX_INLINE_DEPTH = 16;

// Destinations and titles are scanned forward from every `](`; capping them keeps
// input such as `[a](` repeated thousands of times linear.
const MAX_DESTINATION = 2048;
const MAX_TITLE = 512;
const MAX_PAREN_DEPTH = 32;

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const UNICODE_WHITESPACE = /\s/u;
const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;
const ASCII_ALPHANUMERIC = /[A-Za-z0-9]/;
// Runs of characters with no inline meaning, taken in one step.
const PLAIN_RUN = /[^\\`*_[!\]\n<hH]+/y;
const ANGLE_AUTOLINK = /<((?:https?|mailto):[^\s<>]*)>/iy;
// A bare URL stops at whitespace, angle and square brackets, backticks, controls and
// CJK/full-width punctuation (people write `见https://example.com。` without spaces).
// Every quantifier is over a single character class, so there is no backtracking.
const BARE_URL = /https?:\/\/[^\s<>[\]`\u0000-\u001f\u007f\u3000-\u303f\uff00-\uffef]+/iy;
const TRAILING_URL_PUNCTUATION = new Set(['?', '!', '.', ',', ':', ';', '*', '_', '~', "'", '"']);

type NodeType = 'text' | 'code' | 'break' | 'emphasis' | 'strong' | 'link' | 'group';

interface NodeList {
  first: Node | null;
  last: Node | null;
}

// The working tree is a doubly linked list so that wrapping a span in emphasis or a
// link is O(1) relinking instead of array splicing. `group` is a transparent wrapper
// used once MAX_INLINE_DEPTH is reached.
interface Node extends NodeList {
  type: NodeType;
  value: string;
  href: string;
  title: string | null;
  depth: number;
  prev: Node | null;
  next: Node | null;
}

interface Delimiter {
  node: Node;
  char: string;
  count: number;
  readonly original: number;
  readonly canOpen: boolean;
  readonly canClose: boolean;
  // Position order, used for the "openers bottom" bound without holding references to
  // delimiters that may since have been removed.
  readonly index: number;
  prev: Delimiter | null;
  next: Delimiter | null;
}

interface Bracket {
  readonly node: Node;
  readonly previousDelimiter: Delimiter | null;
  readonly image: boolean;
}

interface LinkTail {
  readonly destination: string;
  readonly title: string | null;
  readonly end: number;
}

/** Parses one paragraph's text (lines joined by `\n`) into inline content. */
export function parseInline(source: string): Inline[] {
  return new InlineParser(source).parse();
}

function createNode(type: NodeType, value = ''): Node {
  return { type, value, href: '', title: null, depth: 0, first: null, last: null, prev: null, next: null };
}

function append(list: NodeList, node: Node): void {
  node.prev = list.last;
  node.next = null;
  if (list.last) list.last.next = node;
  else list.first = node;
  list.last = node;
}

function unlink(list: NodeList, node: Node): void {
  if (node.prev) node.prev.next = node.next;
  else list.first = node.next;
  if (node.next) node.next.prev = node.prev;
  else list.last = node.prev;
  node.prev = null;
  node.next = null;
}

function maxDepth(first: Node | null): number {
  let depth = 0;
  for (let node = first; node; node = node.next) depth = Math.max(depth, node.depth);
  return depth;
}

function unescape(text: string): string {
  return text.replace(ESCAPED, '$1');
}

function isWhitespace(char: string): boolean {
  return char === '' || UNICODE_WHITESPACE.test(char);
}

function isPunctuation(char: string): boolean {
  return char !== '' && UNICODE_PUNCTUATION.test(char);
}

function skipWhitespace(source: string, position: number): number {
  let at = position;
  while (at < source.length && (source[at] === ' ' || source[at] === '\t' || source[at] === '\n')) at++;
  return at;
}

class InlineParser {
  readonly #source: string;
  readonly #root: NodeList = { first: null, last: null };
  readonly #brackets: Bracket[] = [];
  #position = 0;
  #pending = '';
  #delimiters: Delimiter | null = null;
  #delimiterIndex = 0;
  // Brackets below this stack height are inactive: a link has already been formed
  // after them, and links may not contain links.
  #inactiveBelow = 0;
  // Backtick runs by length, found once, so matching code spans stays linear.
  #backtickRuns: Map<number, number[]> | null = null;
  readonly #backtickCursors = new Map<number, number>();

  constructor(source: string) {
    this.#source = source;
  }

  parse(): Inline[] {
    const source = this.#source;
    while (this.#position < source.length) {
      PLAIN_RUN.lastIndex = this.#position;
      const plain = PLAIN_RUN.exec(source);
      if (plain) {
        this.#pending += plain[0];
        this.#position += plain[0].length;
        continue;
      }
      const char = source[this.#position]!;
      switch (char) {
        case '\\':
          this.#backslash();
          break;
        case '`':
          this.#codeSpan();
          break;
        case '*':
        case '_':
          this.#delimiterRun(char);
          break;
        case '[':
          this.#openBracket(false);
          break;
        case '!':
          if (source[this.#position + 1] === '[') this.#openBracket(true);
          else this.#literal(1);
          break;
        case ']':
          this.#closeBracket();
          break;
        case '\n':
          this.#flush();
          append(this.#root, createNode('break'));
          this.#position++;
          break;
        case '<':
          if (!this.#angleAutolink()) this.#literal(1);
          break;
        default:
          // 'h' or 'H', the only other characters PLAIN_RUN stops at.
          if (!this.#bareAutolink()) this.#literal(1);
      }
    }
    this.#flush();
    this.#processEmphasis(null);
    return collect(this.#root.first);
  }

  #literal(length: number): void {
    this.#pending += this.#source.slice(this.#position, this.#position + length);
    this.#position += length;
  }

  #flush(): void {
    if (this.#pending === '') return;
    append(this.#root, createNode('text', this.#pending));
    this.#pending = '';
  }

  #backslash(): void {
    const next = this.#source[this.#position + 1];
    if (next !== undefined && ASCII_PUNCTUATION.test(next)) {
      this.#pending += next;
      this.#position += 2;
    } else if (next === '\n') {
      // A backslash hard break; every newline is already a break here.
      this.#position += 1;
    } else {
      this.#literal(1);
    }
  }

  #codeSpan(): void {
    const source = this.#source;
    const start = this.#position;
    let end = start;
    while (source[end] === '`') end++;
    const length = end - start;
    const closer = this.#findBacktickRun(length, end);
    if (closer < 0) {
      this.#literal(length);
      return;
    }
    let content = source.slice(end, closer).replace(/\n/g, ' ');
    if (content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && /[^ ]/.test(content)) {
      content = content.slice(1, -1);
    }
    this.#flush();
    append(this.#root, createNode('code', content));
    this.#position = closer + length;
  }

  #findBacktickRun(length: number, from: number): number {
    if (!this.#backtickRuns) {
      const runs = new Map<number, number[]>();
      const source = this.#source;
      for (let at = 0; at < source.length; at++) {
        if (source[at] !== '`') continue;
        const start = at;
        while (source[at + 1] === '`') at++;
        const run = at - start + 1;
        const list = runs.get(run);
        if (list) list.push(start);
        else runs.set(run, [start]);
      }
      this.#backtickRuns = runs;
    }
    const runs = this.#backtickRuns.get(length);
    if (!runs) return -1;
    // Openers are met in increasing position, so each cursor only moves forward.
    let cursor = this.#backtickCursors.get(length) ?? 0;
    while (cursor < runs.length && runs[cursor]! < from) cursor++;
    this.#backtickCursors.set(length, cursor);
    return cursor < runs.length ? runs[cursor]! : -1;
  }

  #delimiterRun(char: string): void {
    const source = this.#source;
    const start = this.#position;
    let end = start;
    while (source[end] === char) end++;
    const before = this.#charBefore(start);
    const after = end < source.length ? String.fromCodePoint(source.codePointAt(end)!) : '';
    // CommonMark's flanking rules; they are what keep snake_case_words upright.
    const leftFlanking =
      !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
    const rightFlanking =
      !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
    const canOpen = char === '*' ? leftFlanking : leftFlanking && (!rightFlanking || isPunctuation(before));
    const canClose = char === '*' ? rightFlanking : rightFlanking && (!leftFlanking || isPunctuation(after));
    this.#flush();
    const node = createNode('text', source.slice(start, end));
    append(this.#root, node);
    this.#position = end;
    if (!canOpen && !canClose) return;
    const delimiter: Delimiter = {
      node,
      char,
      count: end - start,
      original: end - start,
      canOpen,
      canClose,
      index: ++this.#delimiterIndex,
      prev: this.#delimiters,
      next: null,
    };
    if (this.#delimiters) this.#delimiters.next = delimiter;
    this.#delimiters = delimiter;
  }

  #charBefore(position: number): string {
    if (position === 0) return '';
    const source = this.#source;
    const code = source.charCodeAt(position - 1);
    // Step back over a whole surrogate pair so emoji and rare CJK count as one character.
    if (code >= 0xdc00 && code <= 0xdfff && position >= 2) return source.slice(position - 2, position);
    return source[position - 1]!;
  }

  #openBracket(image: boolean): void {
    this.#flush();
    const node = createNode('text', image ? '![' : '[');
    append(this.#root, node);
    this.#brackets.push({ node, previousDelimiter: this.#delimiters, image });
    this.#position += image ? 2 : 1;
  }

  #popBracket(): void {
    this.#brackets.pop();
    this.#inactiveBelow = Math.min(this.#inactiveBelow, this.#brackets.length);
  }

  #closeBracket(): void {
    const source = this.#source;
    const opener = this.#brackets[this.#brackets.length - 1];
    if (!opener) {
      this.#literal(1);
      return;
    }
    const active = this.#brackets.length - 1 >= this.#inactiveBelow;
    const tail = active && source[this.#position + 1] === '(' ? parseLinkTail(source, this.#position + 1) : null;
    this.#popBracket();
    if (!tail) {
      this.#literal(1);
      return;
    }
    this.#flush();
    if (opener.image) {
      // Images never load: `![alt](src)` stays visible as the text it was typed as.
      append(this.#root, createNode('text', source.slice(this.#position, tail.end)));
      this.#position = tail.end;
      return;
    }
    this.#processEmphasis(opener.previousDelimiter);
    const href = safeHref(tail.destination);
    if (href) {
      const link = createNode('link');
      link.href = href;
      link.title = tail.title;
      const first = opener.node.next;
      if (first) {
        link.first = first;
        link.last = this.#root.last;
        first.prev = null;
        opener.node.next = null;
        this.#root.last = opener.node;
      } else {
        // `[](url)`: an empty anchor has no accessible name, so show the address.
        append(link, createNode('text', tail.destination));
      }
      link.depth = maxDepth(link.first) + 1;
      unlink(this.#root, opener.node);
      append(this.#root, link);
      this.#inactiveBelow = this.#brackets.length;
    } else {
      // A refused destination (javascript:, data:, relative...) leaves only the link
      // text, as plain text.
      unlink(this.#root, opener.node);
    }
    this.#position = tail.end;
  }

  #angleAutolink(): boolean {
    ANGLE_AUTOLINK.lastIndex = this.#position;
    const match = ANGLE_AUTOLINK.exec(this.#source);
    const href = match ? safeHref(match[1]!) : null;
    if (!match || !href) return false;
    this.#appendAutolink(href, match[1]!);
    this.#position += match[0].length;
    return true;
  }

  #bareAutolink(): boolean {
    const position = this.#position;
    if (position > 0 && ASCII_ALPHANUMERIC.test(this.#source[position - 1]!)) return false;
    BARE_URL.lastIndex = position;
    const match = BARE_URL.exec(this.#source);
    if (!match) return false;
    let url = match[0];
    let open = 0;
    let close = 0;
    for (const char of url) {
      if (char === '(') open++;
      else if (char === ')') close++;
    }
    // Sentence punctuation and an unbalanced closing parenthesis belong to the prose.
    while (url.length > 0) {
      const last = url[url.length - 1]!;
      if (TRAILING_URL_PUNCTUATION.has(last)) {
        url = url.slice(0, -1);
      } else if (last === ')' && close > open) {
        url = url.slice(0, -1);
        close--;
      } else {
        break;
      }
    }
    const href = safeHref(url);
    if (!href) return false;
    this.#appendAutolink(href, url);
    this.#position += url.length;
    return true;
  }

  #appendAutolink(href: string, text: string): void {
    this.#flush();
    const link = createNode('link');
    link.href = href;
    link.depth = 1;
    append(link, createNode('text', text));
    append(this.#root, link);
  }

  // CommonMark's "process emphasis", over the delimiters above `bottom`.
  #processEmphasis(bottom: Delimiter | null): void {
    const bottomIndex = bottom?.index ?? 0;
    const openersBottom = new Map<string, number>();
    let closer: Delimiter | null = null;
    for (let delimiter = this.#delimiters; delimiter && delimiter !== bottom; delimiter = delimiter.prev) {
      closer = delimiter;
    }
    while (closer) {
      if (!closer.canClose) {
        closer = closer.next;
        continue;
      }
      const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.original % 3}`;
      const floor = Math.max(bottomIndex, openersBottom.get(key) ?? 0);
      let opener = closer.prev;
      while (opener && opener.index > floor && !matches(opener, closer)) opener = opener.prev;
      if (opener && opener.index > floor) {
        const used = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
        opener.count -= used;
        closer.count -= used;
        opener.node.value = opener.node.value.slice(used);
        closer.node.value = closer.node.value.slice(used);
        this.#wrap(opener.node, closer.node, used === 2 ? 'strong' : 'emphasis');
        // Delimiters inside the new span can no longer match anything outside it.
        opener.next = closer;
        closer.prev = opener;
        if (opener.count === 0) {
          unlink(this.#root, opener.node);
          this.#removeDelimiter(opener);
        }
        if (closer.count === 0) {
          const next: Delimiter | null = closer.next;
          unlink(this.#root, closer.node);
          this.#removeDelimiter(closer);
          closer = next;
        }
      } else {
        // Nothing below can ever match a closer of this kind: don't search there again.
        openersBottom.set(key, closer.prev?.index ?? 0);
        const next: Delimiter | null = closer.next;
        if (!closer.canOpen) this.#removeDelimiter(closer);
        closer = next;
      }
    }
    this.#delimiters = bottom;
    if (bottom) bottom.next = null;
  }

  #removeDelimiter(delimiter: Delimiter): void {
    if (delimiter.prev) delimiter.prev.next = delimiter.next;
    if (delimiter.next) delimiter.next.prev = delimiter.prev;
    if (this.#delimiters === delimiter) this.#delimiters = delimiter.prev;
  }

  #wrap(opener: Node, closer: Node, type: 'emphasis' | 'strong'): void {
    const first = opener.next;
    const last = closer.prev;
    if (!first || !last || first === closer) return;
    first.prev = null;
    last.next = null;
    const inner = maxDepth(first);
    const wrapper = createNode(inner >= MAX_INLINE_DEPTH ? 'group' : type);
    wrapper.depth = wrapper.type === 'group' ? inner : inner + 1;
    wrapper.first = first;
    wrapper.last = last;
    opener.next = wrapper;
    wrapper.prev = opener;
    wrapper.next = closer;
    closer.prev = wrapper;
  }
}

function matches(opener: Delimiter, closer: Delimiter): boolean {
  if (opener.char !== closer.char || !opener.canOpen) return false;
  // CommonMark's "rule of three", so `*foo**bar*` pairs the way readers expect.
  if (
    (opener.canClose || closer.canOpen) &&
    (opener.original + closer.original) % 3 === 0 &&
    !(opener.original % 3 === 0 && closer.original % 3 === 0)
  ) {
    return false;
  }
  return true;
}

/** Reads `(destination "title")` starting at the `(`; null when it is not one. */
function parseLinkTail(source: string, open: number): LinkTail | null {
  let at = skipWhitespace(source, open + 1);
  let destination: string;
  if (source[at] === '<') {
    const start = ++at;
    while (at < source.length && source[at] !== '>' && source[at] !== '\n' && source[at] !== '<') {
      at += source[at] === '\\' ? 2 : 1;
      if (at - start > MAX_DESTINATION) return null;
    }
    if (source[at] !== '>') return null;
    destination = unescape(source.slice(start, at));
    at++;
  } else {
    const start = at;
    let depth = 0;
    while (at < source.length) {
      const char = source[at]!;
      if (char === '\\' && ASCII_PUNCTUATION.test(source[at + 1] ?? '')) {
        at += 2;
      } else if (char === '(') {
        if (++depth > MAX_PAREN_DEPTH) return null;
        at++;
      } else if (char === ')') {
        if (depth === 0) break;
        depth--;
        at++;
      } else if (char <= ' ') {
        break;
      } else {
        at++;
      }
      if (at - start > MAX_DESTINATION) return null;
    }
    if (depth !== 0) return null;
    destination = unescape(source.slice(start, at));
  }
  const afterDestination = at;
  at = skipWhitespace(source, at);
  let title: string | null = null;
  const quote = source[at];
  if (at > afterDestination && (quote === '"' || quote === "'" || quote === '(')) {
    const close = quote === '(' ? ')' : quote;
    const start = ++at;
    while (at < source.length && source[at] !== close) {
      if (quote === '(' && source[at] === '(') return null;
      at += source[at] === '\\' ? 2 : 1;
      if (at - start > MAX_TITLE) return null;
    }
    if (at >= source.length) return null;
    title = unescape(source.slice(start, at));
    at = skipWhitespace(source, at + 1);
  }
  if (source[at] !== ')') return null;
  return { destination, title, end: at + 1 };
}

// Turns the working list into plain data. Groups are flattened with an explicit stack
// so that their nesting (unbounded on hostile input) never becomes call-stack depth;
// real elements recurse, and they are at most MAX_INLINE_DEPTH (+ a link) deep.
function collect(first: Node | null): Inline[] {
  const out: Inline[] = [];
  const resume: (Node | null)[] = [first];
  while (resume.length > 0) {
    let node = resume.pop() ?? null;
    while (node) {
      switch (node.type) {
        case 'group':
          resume.push(node.next);
          node = node.first;
          continue;
        case 'text': {
          if (node.value !== '') {
            const previous = out[out.length - 1];
            if (previous?.type === 'text') out[out.length - 1] = { type: 'text', value: previous.value + node.value };
            else out.push({ type: 'text', value: node.value });
          }
          break;
        }
        case 'code':
          out.push({ type: 'code', value: node.value });
          break;
        case 'break':
          out.push({ type: 'break' });
          break;
        case 'emphasis':
        case 'strong':
          out.push({ type: node.type, children: collect(node.first) });
          break;
        case 'link':
          out.push({ type: 'link', href: node.href, title: node.title, children: collect(node.first) });
          break;
      }
      node = node.next;
    }
  }
  return out;
}
