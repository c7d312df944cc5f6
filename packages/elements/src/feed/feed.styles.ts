import { css } from 'lit';

// The token preamble and `.base` come from widgetTokens('feed').
export const styles = css`
  h2 {
    font-size: 1.15em;
    margin: 0 0 0.75em;
  }
  .muted,
  time {
    color: var(--_muted);
    font-size: 0.9em;
  }
  button {
    border-radius: var(--_radius);
    padding: 0.3em 0.8em;
    border: 1px solid var(--_border);
    background: var(--_raised);
  }
  .composer-open {
    display: block;
    width: 100%;
    text-align: start;
    padding: 0.75em 1em;
    color: var(--_muted);
    margin-block-end: 0.75em;
  }
  [role='tablist'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
    border-block-end: 1px solid var(--_border);
    margin-block-end: 0.75em;
  }
  [role='tab'] {
    border: none;
    border-block-end: 3px solid transparent;
    border-radius: var(--_radius) var(--_radius) 0 0;
    background: none;
    color: var(--_muted);
  }
  [role='tab'][aria-selected='true'] {
    color: var(--_text);
    border-block-end-color: var(--_accent);
    font-weight: 600;
  }
  .chips,
  .topics,
  .meta,
  .error-box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em;
  }
  .chips {
    margin-block-end: 0.75em;
  }
  [part~='chip'],
  [part~='topic'] {
    border-radius: 999px;
    padding: 0.15em 0.7em;
    font-size: 0.9em;
  }
  [aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  .list {
    display: grid;
    gap: 0.75em;
  }
  .post {
    background: var(--_raised);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75em 1em;
  }
  .post.pinned {
    border-color: var(--_accent);
  }
  /* Only the author or staff see these: set apart from what members read. */
  .post:is([data-status='hidden'], [data-status='pending']) {
    border-style: dashed;
    background: var(--_surface);
  }
  .post[data-status='hidden'] [part~='post-body'] {
    color: var(--_muted);
  }
  /* The Markdown styles' colours are light-only; follow the widget's palette. */
  .markdown a {
    color: var(--_accent);
  }
  .markdown :is(code, pre) {
    background: var(--community-color-code-bg, light-dark(#f3f4f6, #0b1220));
    color: inherit;
  }
  .markdown blockquote {
    border-color: var(--_border);
    color: var(--_muted);
  }
  .mark {
    font-size: 0.8em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 0.55em;
  }
  .mark.status {
    border-style: dashed;
    font-weight: 600;
  }
  .mark.featured {
    color: var(--_success);
    border-color: currentColor;
  }
  .menu {
    margin-inline-start: auto;
  }
  .topics {
    list-style: none;
    margin: 0.5em 0 0;
    padding: 0;
  }
  /* Kept while the footers download, so posts do not grow when they arrive. */
  .actions {
    margin-block-start: 0.5em;
    min-height: 2.1em;
  }
  .empty {
    text-align: center;
  }
  .error-box,
  .error {
    color: var(--_danger);
  }
  .error-box {
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    margin-block-end: 0.75em;
  }
  .bone {
    height: 4.5em;
    border-radius: var(--_radius);
    background: var(--_skeleton);
    margin-block-end: 0.75em;
  }
`;
