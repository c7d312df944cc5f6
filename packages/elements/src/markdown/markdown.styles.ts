import { css } from 'lit';

/**
 * Default look for `renderMarkdown` output; add it to a component's `styles`.
 * Everything is scoped under `.markdown` so it never touches the widget's own chrome.
 */
export const markdownStyles = css`
  .markdown {
    overflow-wrap: anywhere;
  }
  .markdown :is(p, ul, ol, pre, blockquote) {
    margin: 0 0 var(--community-markdown-block-gap, 0.5em);
  }
  .markdown :last-child {
    margin-block-end: 0;
  }
  .markdown :is(ul, ol) {
    padding-inline-start: 1.5em;
  }
  .markdown a {
    color: var(--community-color-link, var(--community-color-accent, #4f46e5));
  }
  .markdown code {
    font-family: var(--community-font-mono, ui-monospace, monospace);
    font-size: 0.9em;
    background: var(--community-color-code-bg, #f3f4f6);
    border-radius: 4px;
    padding: 0.1em 0.3em;
  }
  .markdown pre {
    /* Code keeps its lines; long ones scroll instead of wrapping or overflowing. */
    overflow: auto;
    overflow-wrap: normal;
    background: var(--community-color-code-bg, #f3f4f6);
    border-radius: 6px;
    padding: 0.75em 1em;
  }
  .markdown pre code {
    background: none;
    padding: 0;
  }
  .markdown blockquote {
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--community-color-border, #d1d5db);
    color: var(--community-color-text-muted, #4b5563);
  }
`;
