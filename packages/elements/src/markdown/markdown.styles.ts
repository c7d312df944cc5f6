import { css } from 'lit';

/**
 * Default look for `renderMarkdown` output; add it to a component's `styles`.
 * Everything is scoped under `.markdown` so it never touches the widget's own chrome.
 */
export const markdownStyles = css`
  .markdown {
    overflow-wrap: anywhere;
  }
  .markdown > :first-child {
    margin-block-start: 0;
  }
  .markdown > :last-child {
    margin-block-end: 0;
  }
  .markdown p,
  .markdown ul,
  .markdown ol,
  .markdown pre,
  .markdown blockquote {
    margin-block: 0 var(--community-markdown-block-gap, var(--community-space-2, 0.5em));
  }
  .markdown ul,
  .markdown ol {
    padding-inline-start: 1.5em;
  }
  .markdown li > ul,
  .markdown li > ol {
    margin-block-end: 0;
  }
  .markdown a {
    color: var(--community-color-link, var(--community-color-accent, #4f46e5));
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .markdown code {
    font-family: var(--community-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    font-size: 0.9em;
    background: var(--community-color-code-bg, #f3f4f6);
    border-radius: var(--community-radius-small, 4px);
    padding: 0.1em 0.3em;
  }
  .markdown pre {
    /* Code keeps its lines; long ones scroll instead of wrapping or overflowing. */
    overflow-x: auto;
    overflow-wrap: normal;
    white-space: pre;
    background: var(--community-color-code-bg, #f3f4f6);
    border-radius: var(--community-radius, 6px);
    padding: 0.75em 1em;
  }
  .markdown pre code {
    background: none;
    padding: 0;
    border-radius: 0;
    font-size: 0.875em;
  }
  .markdown pre:focus-visible {
    outline: 2px solid var(--community-color-focus, var(--community-color-accent, #4f46e5));
    outline-offset: 2px;
  }
  .markdown blockquote {
    margin-inline: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--community-color-border, #d1d5db);
    color: var(--community-color-text-muted, #4b5563);
  }
`;
