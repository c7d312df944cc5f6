/** One block of a comment, as plain data ready to be turned into a template. */
export type Block =
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'code'; readonly language: string; readonly text: string }
  | { readonly type: 'quote'; readonly children: readonly Block[] }
  | {
      readonly type: 'list';
      readonly ordered: boolean;
      readonly start: number;
      readonly tight: boolean;
      readonly items: readonly (readonly Block[])[];
    };

/**
 * Deepest nesting of quotes and lists. Deeper markers stay visible as text, so
 * `>>>>>>>>>>…` costs a bounded number of passes over the input.
 */
export const MAX_BLOCK_DEPTH = 8;

interface ListMarker {
  readonly indent: number;
  readonly ordered: boolean;
  readonly start: number;
  // The bullet character, or the `.`/`)` after the number; a change starts a new list.
  readonly delimiter: string;
  readonly contentOffset: number;
  readonly empty: boolean;
}

interface Fence {
  readonly indent: number;
  readonly char: string;
  readonly length: number;
  readonly language: string;
}

const LANGUAGE_UNSAFE = /[^A-Za-z0-9_+#.-]/g;

/** Splits Markdown source into blocks. */
export function parseBlocks(source: string): Block[] {
  const lines = source
    .replace(/\r\n?/g, '\n')
    .replace(/\u0000/g, '\uFFFD')
    .split('\n')
    .map(expandLeadingTabs);
  return parseLines(lines, 0);
}

// Tabs in indentation count to the next multiple of four columns, as in CommonMark;
// tabs after the first visible character are left alone.
function expandLeadingTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let column = 0;
  let at = 0;
  let prefix = '';
  for (; at < line.length; at++) {
    if (line[at] === ' ') {
      prefix += ' ';
      column++;
    } else if (line[at] === '\t') {
      const width = 4 - (column % 4);
      prefix += ' '.repeat(width);
      column += width;
    } else {
      break;
    }
  }
  return prefix + line.slice(at);
}

function indentOf(line: string): number {
  let indent = 0;
  while (line.charCodeAt(indent) === 32) indent++;
  return indent;
}

function isBlank(line: string): boolean {
  return indentOf(line) === line.length;
}

// Only spaces and tabs, by hand: a `/ +$/` regex is quadratic on long runs of spaces.
function trimSpaces(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && (line[start] === ' ' || line[start] === '\t')) start++;
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return line.slice(start, end);
}

function matchFence(line: string): Fence | null {
  const indent = indentOf(line);
  if (indent > 3) return null;
  const char = line[indent];
  if (char !== '`' && char !== '~') return null;
  let end = indent;
  while (line[end] === char) end++;
  const length = end - indent;
  if (length < 3) return null;
  const info = line.slice(end).trim();
  // ```` ```js``` ```` on one line is inline code, not a fence.
  if (char === '`' && info.includes('`')) return null;
  const language = (info.split(/\s/, 1)[0] ?? '').replace(LANGUAGE_UNSAFE, '').slice(0, 32);
  return { indent, char, length, language };
}

function closesFence(line: string, fence: Fence): boolean {
  const indent = indentOf(line);
  if (indent > 3) return false;
  let end = indent;
  while (line[end] === fence.char) end++;
  return end - indent >= fence.length && isBlank(line.slice(end));
}

function isQuote(line: string): boolean {
  const indent = indentOf(line);
  return indent <= 3 && line[indent] === '>';
}

function stripQuote(line: string): string {
  const marker = indentOf(line);
  return line[marker + 1] === ' ' ? line.slice(marker + 2) : line.slice(marker + 1);
}

// `***`, `- - -`, `___`: thematic breaks are not in the subset, but they must not
// turn into stacks of empty nested lists either, so they stay text.
function isThematicBreak(line: string): boolean {
  const indent = indentOf(line);
  const char = line[indent];
  if (indent > 3 || (char !== '-' && char !== '*' && char !== '_')) return false;
  let count = 0;
  for (let at = indent; at < line.length; at++) {
    if (line[at] === char) count++;
    else if (line[at] !== ' ' && line[at] !== '\t') return false;
  }
  return count >= 3;
}

function matchListMarker(line: string): ListMarker | null {
  const indent = indentOf(line);
  if (indent > 3 || isThematicBreak(line)) return null;
  let end = indent;
  let ordered = false;
  let start = 1;
  let delimiter = line[indent] ?? '';
  if (delimiter === '-' || delimiter === '*' || delimiter === '+') {
    end = indent + 1;
  } else {
    while (end < line.length && end - indent < 9 && line[end]! >= '0' && line[end]! <= '9') end++;
    delimiter = line[end] ?? '';
    if (end === indent || (delimiter !== '.' && delimiter !== ')')) return null;
    ordered = true;
    start = Number(line.slice(indent, end));
    end++;
  }
  if (end === line.length) return { indent, ordered, start, delimiter, contentOffset: end + 1, empty: true };
  if (line[end] !== ' ') return null;
  let spaces = indentOf(line.slice(end));
  const empty = end + spaces === line.length;
  // Five or more spaces mean indented code inside the item; keep one as the gap.
  if (spaces > 4 || empty) spaces = 1;
  return { indent, ordered, start, delimiter, contentOffset: end + spaces, empty };
}

// May `line` end the paragraph above it and start a block of its own?
function interruptsParagraph(line: string, depth: number): boolean {
  if (matchFence(line)) return true;
  if (depth >= MAX_BLOCK_DEPTH) return false;
  if (isQuote(line)) return true;
  const marker = matchListMarker(line);
  // As in CommonMark, only a list that starts at 1 may interrupt a paragraph, so a
  // sentence that wraps onto "2024. was a good year" stays a sentence.
  return marker !== null && !marker.empty && (!marker.ordered || marker.start === 1);
}

function parseLines(lines: readonly string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let at = 0;
  while (at < lines.length) {
    const line = lines[at]!;
    if (isBlank(line)) {
      at++;
      continue;
    }
    const fence = matchFence(line);
    if (fence) {
      const body: string[] = [];
      at++;
      while (at < lines.length && !closesFence(lines[at]!, fence)) {
        const content = lines[at]!;
        body.push(content.slice(Math.min(fence.indent, indentOf(content))));
        at++;
      }
      at++; // the closing fence, or past the end when it was never closed
      blocks.push({ type: 'code', language: fence.language, text: body.join('\n') });
      continue;
    }
    if (indentOf(line) >= 4) {
      const body: string[] = [];
      while (at < lines.length && (isBlank(lines[at]!) || indentOf(lines[at]!) >= 4)) {
        body.push(lines[at]!.slice(Math.min(4, indentOf(lines[at]!))));
        at++;
      }
      while (body.length > 0 && isBlank(body[body.length - 1]!)) body.pop();
      blocks.push({ type: 'code', language: '', text: body.join('\n') });
      continue;
    }
    if (depth < MAX_BLOCK_DEPTH && isQuote(line)) {
      const body: string[] = [];
      let lazyAllowed = false;
      while (at < lines.length) {
        const current = lines[at]!;
        if (isQuote(current)) {
          const content = stripQuote(current);
          body.push(content);
          lazyAllowed = !isBlank(content) && !matchFence(content);
        } else if (lazyAllowed && !isBlank(current) && !interruptsParagraph(current, depth)) {
          // A "lazy" line: the quote's paragraph goes on without a `>`.
          body.push(current);
        } else {
          break;
        }
        at++;
      }
      blocks.push({ type: 'quote', children: parseLines(body, depth + 1) });
      continue;
    }
    const marker = depth < MAX_BLOCK_DEPTH ? matchListMarker(line) : null;
    if (marker) {
      at = parseList(lines, at, marker, depth, blocks);
      continue;
    }
    const paragraph: string[] = [trimSpaces(line)];
    at++;
    while (at < lines.length && !isBlank(lines[at]!) && !interruptsParagraph(lines[at]!, depth)) {
      paragraph.push(trimSpaces(lines[at]!));
      at++;
    }
    blocks.push({ type: 'paragraph', text: paragraph.join('\n') });
  }
  return blocks;
}

// Reads one list starting at `lines[from]`, pushes it onto `blocks` and returns the
// index of the first line after it.
function parseList(
  lines: readonly string[],
  from: number,
  first: ListMarker,
  depth: number,
  blocks: Block[],
): number {
  const items: string[][] = [];
  let marker = first;
  let item: string[] = [lines[from]!.slice(Math.min(marker.contentOffset, lines[from]!.length))];
  let blankBefore = false;
  let loose = false;
  let at = from + 1;
  for (; at < lines.length; at++) {
    const line = lines[at]!;
    if (isBlank(line)) {
      item.push('');
      blankBefore = true;
      continue;
    }
    const indent = indentOf(line);
    // Two spaces past the marker are enough to belong to the item, so both
    // "1. a\n  - b" and "1. a\n   - b" nest.
    if (indent >= marker.indent + 2) {
      item.push(line.slice(Math.min(indent, marker.contentOffset)));
      blankBefore = false;
      continue;
    }
    const next = matchListMarker(line);
    if (next && next.ordered === first.ordered && next.delimiter === first.delimiter) {
      items.push(item);
      if (blankBefore) loose = true;
      marker = next;
      item = [line.slice(Math.min(next.contentOffset, line.length))];
      blankBefore = false;
      continue;
    }
    if (!blankBefore && !interruptsParagraph(line, depth)) {
      item.push(line);
      continue;
    }
    break;
  }
  items.push(item);
  const parsed = items.map((lines) => parseLines(lines, depth + 1));
  // An item with two paragraphs (a blank line inside it) makes the list loose too.
  if (parsed.some((blocks) => blocks.filter((block) => block.type === 'paragraph').length > 1)) loose = true;
  blocks.push({ type: 'list', ordered: first.ordered, start: first.start, tight: !loose, items: parsed });
  return at;
}
