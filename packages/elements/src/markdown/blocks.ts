import { html, nothing } from 'lit';
import { renderInline } from './inline.js';

/**
 * Deepest nesting of quotes and lists. Deeper markers stay visible as text, so
 * `>>>>>>>>>>…` costs a bounded number of passes over the input.
 */
export const MAX_BLOCK_DEPTH = 8;

// Backtick fences may not have backticks after them (```` ```js``` ```` is inline code).
const FENCE = /^ {0,3}(`{3,}(?!.*`)|~{3,})\s*(\S*)/;
const QUOTE = /^ {0,3}> ?/;
// A list item needs text after its marker, so a lone `-` or `1.` stays text.
const LIST = /^( {0,3})([-*+]|(\d{1,9})[.)]) +(?=\S)/;
// `***`, `- - -`: thematic breaks stay text instead of becoming nested empty lists.
const RULE = /^ {0,3}([-*_])( *\1){2,} *$/;

const listMarker = (line: string, depth: number) =>
  depth < MAX_BLOCK_DEPTH && !RULE.test(line) ? LIST.exec(line) : null;

// May `line` end a paragraph and start a block of its own? As in CommonMark, only a
// list starting at 1 may, so a line that wraps onto "2024. was a good year" stays text.
function interrupts(line: string, depth: number): boolean {
  const marker = listMarker(line, depth);
  return FENCE.test(line) || (depth < MAX_BLOCK_DEPTH && QUOTE.test(line)) || (!!marker && !(+marker[3]! > 1));
}

// Focusable so keyboard users can scroll a long line sideways.
const codeBlock = (lines: string[], language = '') =>
  html`<pre tabindex="0"><code class=${language ? `language-${language}` : nothing}>${lines.join('\n')}</code></pre>`;

/** Renders Markdown source lines; `tight` list items hold their text without `<p>`. */
export function renderBlocks(lines: string[], depth = 0, tight = false): unknown[] {
  const out: unknown[] = [];
  for (let at = 0; at < lines.length; ) {
    const line = lines[at]!;
    const body: string[] = [];
    let match: RegExpExecArray | null;
    if (!line.trim()) {
      at++;
    } else if ((match = FENCE.exec(line))) {
      // Closed by a line of at least as many of the same character, or the end.
      const close = new RegExp(`^${match[1]}+$`);
      while (++at < lines.length && !close.test(lines[at]!.trim())) body.push(lines[at]!);
      at++;
      out.push(codeBlock(body, match[2]!.replace(/[^\w+#.-]/g, '').slice(0, 32)));
    } else if (/^ {4}/.test(line)) {
      for (; at < lines.length && (/^ {4}/.test(lines[at]!) || !lines[at]!.trim()); at++) body.push(lines[at]!.slice(4));
      while (!body.at(-1)) body.pop();
      out.push(codeBlock(body));
    } else if (depth < MAX_BLOCK_DEPTH && QUOTE.test(line)) {
      // Lines without `>` go on ("lazily") while the quote's paragraph does.
      for (let lazy = false; at < lines.length; at++) {
        const next = lines[at]!;
        if (QUOTE.test(next)) {
          body.push(next.replace(QUOTE, ''));
          lazy = !!body.at(-1)!.trim() && !FENCE.test(body.at(-1)!);
        } else if (lazy && next.trim() && !interrupts(next, depth)) {
          body.push(next);
        } else {
          break;
        }
      }
      out.push(html`<blockquote>${renderBlocks(body, depth + 1)}</blockquote>`);
    } else if ((match = listMarker(line, depth))) {
      const first = match;
      const items: string[][] = [];
      let blank = false;
      let loose = false;
      for (let marker = first, next: RegExpExecArray | null; at < lines.length; at++) {
        const line = lines[at]!;
        const indent = line.search(/\S/);
        if (indent < 0) {
          blank = true;
          items.at(-1)!.push('');
          continue;
        }
        // Two spaces past the marker are enough to belong to the item, so both
        // "1. a\n  - b" and "1. a\n   - b" nest.
        if (items.length && indent >= marker[1]!.length + 2) {
          items.at(-1)!.push(line.slice(Math.min(indent, marker[0].length)));
        } else if ((next = listMarker(line, depth)) && next[2]!.at(-1) == first[2]!.at(-1)) {
          items.push([line.slice((marker = next)[0].length)]);
        } else if (!blank && !interrupts(line, depth)) {
          items.at(-1)!.push(line);
        } else {
          break;
        }
        // A blank line between items or inside one makes the list loose.
        loose ||= blank;
        blank = false;
      }
      const children = items.map((item) => html`<li>${renderBlocks(item, depth + 1, !loose)}</li>`);
      const start = +first[3]!;
      out.push(first[3] ? html`<ol start=${start == 1 ? nothing : start}>${children}</ol>` : html`<ul>${children}</ul>`);
    } else {
      // A paragraph; its single newlines become line breaks.
      do body.push(lines[at]!.trim());
      while (++at < lines.length && lines[at]!.trim() && !interrupts(lines[at]!, depth));
      const content = renderInline(body.join('\n'));
      out.push(tight ? content : html`<p>${content}</p>`);
    }
  }
  return out;
}
