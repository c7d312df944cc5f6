import { html, type TemplateResult } from 'lit';
import { renderBlocks } from './blocks.js';

/**
 * Renders user-written Markdown (a small, safe subset) to a Lit template.
 *
 * Text only ever reaches the DOM through Lit's text and attribute bindings, so raw
 * HTML in the source shows as the characters typed. Supported: paragraphs (single
 * newlines become line breaks), `**bold**`/`__bold__`, `*italic*`/`_italic_`,
 * `` `code` ``, fenced and indented code blocks, `[links](https://…)` and bare
 * http(s) URLs (http, https and mailto only; others stay plain text), `-`/`*`/`+`
 * and `1.` lists with nesting, `>` quotes and backslash escapes. Headings, images
 * and HTML stay literal text. The result is wrapped in `<div class="markdown">`,
 * which `markdownStyles` targets.
 */
export function renderMarkdown(source: string): TemplateResult {
  return html`<div class="markdown">${renderBlocks(source.split(/\r\n?|\n/))}</div>`;
}
