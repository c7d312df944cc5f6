import { html, nothing, type TemplateResult } from 'lit';
import { parseBlocks, type Block } from './blocks.js';
import { parseInline, type Inline } from './inline.js';

/**
 * Renders user-written Markdown (a small, safe subset) to a Lit template.
 *
 * Text only ever reaches the DOM through Lit's text and attribute bindings, so raw
 * HTML in the source shows as the characters typed. Supported: paragraphs (single
 * newlines become line breaks), `**bold**`/`__bold__`, `*italic*`/`_italic_`,
 * `` `code` ``, fenced and indented code blocks, `[links](https://…)` and bare
 * http(s) URLs (http, https and mailto only; others become plain text), `-`/`*`/`+`
 * and `1.` lists with nesting, `>` quotes and backslash escapes. Headings, images
 * and HTML stay literal text. The result is wrapped in `<div class="markdown">`,
 * which `markdownStyles` targets.
 */
export function renderMarkdown(source: string): TemplateResult {
  return html`<div class="markdown">${renderBlocks(parseBlocks(source), false)}</div>`;
}

function renderBlocks(blocks: readonly Block[], tight: boolean): unknown[] {
  return blocks.map((block) => renderBlock(block, tight));
}

function renderBlock(block: Block, tight: boolean): unknown {
  switch (block.type) {
    case 'paragraph':
      // Tight list items hold their text directly, without paragraph margins.
      return tight ? renderInlines(parseInline(block.text)) : html`<p>${renderInlines(parseInline(block.text))}</p>`;
    case 'code':
      // Focusable so keyboard users can scroll a long line sideways.
      return html`<pre tabindex="0"><code class=${block.language ? `language-${block.language}` : nothing}>${block.text}</code></pre>`;
    case 'quote':
      return html`<blockquote>${renderBlocks(block.children, false)}</blockquote>`;
    case 'list': {
      const items = block.items.map((item) => html`<li>${renderBlocks(item, block.tight)}</li>`);
      return block.ordered
        ? html`<ol start=${block.start === 1 ? nothing : block.start}>${items}</ol>`
        : html`<ul>${items}</ul>`;
    }
  }
}

function renderInlines(inlines: readonly Inline[], insideLink = false): unknown[] {
  return inlines.map((inline) => renderInline(inline, insideLink));
}

function renderInline(inline: Inline, insideLink: boolean): unknown {
  switch (inline.type) {
    case 'text':
      return inline.value;
    case 'code':
      return html`<code>${inline.value}</code>`;
    case 'break':
      return html`<br />`;
    case 'emphasis':
      return html`<em>${renderInlines(inline.children, insideLink)}</em>`;
    case 'strong':
      return html`<strong>${renderInlines(inline.children, insideLink)}</strong>`;
    case 'link':
      // A URL written inside link text would nest anchors; keep only its text.
      if (insideLink) return renderInlines(inline.children, true);
      return html`<a
        href=${inline.href}
        title=${inline.title ?? nothing}
        rel="nofollow ugc noopener"
        target="_blank"
        >${renderInlines(inline.children, true)}</a
      >`;
  }
}
