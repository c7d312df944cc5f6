import { css } from 'lit';

// Each colour token holds both palettes through light-dark(), picked by the host's
// color-scheme: `theme` only switches color-scheme, so no palette is written twice and every
// literal here is a whole stylesheet (which lets the build minify it). Every token still reads
// the page-wide --community-color-* first, so one brand palette can drive all widgets.
export const styles = css`
  :host {
    color-scheme: light;
    --community-comments-accent: var(--community-color-accent, light-dark(#4f46e5, #a5b4fc));
    --community-comments-on-accent: var(--community-color-on-accent, light-dark(#fff, #111827));
    --community-comments-surface: var(--community-color-surface, light-dark(#fff, #111827));
    --community-comments-surface-raised: var(--community-color-surface-raised, light-dark(#f5f6f8, #1f2937));
    --community-comments-text: var(--community-color-text, light-dark(#1f2937, #f3f4f6));
    --community-comments-muted: var(--community-color-muted, light-dark(#4b5563, #c0c6d0));
    --community-comments-border: var(--community-color-border, light-dark(#c9ced6, #4b5563));
    --community-comments-danger: var(--community-color-danger, light-dark(#b91c1c, #fca5a5));
    --community-comments-focus: var(--community-color-focus, light-dark(#4f46e5, #a5b4fc));
    --community-comments-skeleton: var(--community-color-skeleton, light-dark(#e5e7eb, #374151));
    --community-comments-code-bg: var(--community-color-code-bg, light-dark(#f3f4f6, #0b1220));
    --community-comments-radius: var(--community-radius, 0.5rem);
    --community-comments-space: var(--community-space, 1rem);
    --community-comments-indent: var(--community-indent, 1.25rem);
    --community-comments-avatar-size: var(--community-avatar-size, 2.25rem);
    --community-comments-font-family: var(--community-font-family, inherit);
    --community-comments-font-size: var(--community-font-size, 1rem);
    --_focus: var(--community-comments-focus);
    font-family: var(--community-comments-font-family);
    font-size: var(--community-comments-font-size);
    line-height: 1.5;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }

  .base {
    background: var(--community-comments-surface);
    color: var(--community-comments-text);
    border-radius: var(--community-comments-radius);
    padding: var(--community-comments-space);
  }
  .toolbar,
  .meta,
  .actions,
  .reactions,
  .picker,
  .guest,
  .composer-footer,
  .confirm,
  .error-box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .toolbar {
    justify-content: space-between;
    margin-block-end: var(--community-comments-space);
  }
  h2 {
    font-size: 1.15em;
    margin: 0;
  }
  h2:focus {
    outline: none;
  }
  .sort,
  .meta,
  .guest,
  .composer label,
  [part~='error'] {
    font-size: 0.9em;
  }
  .sort,
  .meta,
  .guest,
  .hint,
  .counter,
  .notice,
  .empty,
  .tombstone,
  textarea[readonly] {
    color: var(--community-comments-muted);
  }
  select,
  input,
  textarea,
  button {
    background: var(--community-comments-surface);
    color: var(--community-comments-text);
    border: 1px solid var(--community-comments-border);
    border-radius: calc(var(--community-comments-radius) * 0.75);
    padding: 0.3em 0.6em;
  }
  button {
    font-size: 0.9em;
    line-height: 1.4;
  }
  .primary {
    background: var(--community-comments-accent);
    border-color: var(--community-comments-accent);
    color: var(--community-comments-on-accent);
    font-weight: 600;
  }
  .primary:disabled {
    opacity: 0.55;
  }
  .danger,
  [part~='error'] {
    color: var(--community-comments-danger);
  }
  .link,
  .picker button {
    border-color: transparent;
    background: none;
  }
  .link {
    color: var(--community-comments-muted);
  }
  .link:hover {
    color: var(--community-comments-text);
    text-decoration: underline;
  }

  .composer {
    display: grid;
    gap: 0.4em;
    margin-block: calc(var(--community-comments-space) * 0.75);
  }
  .composer label,
  .author,
  .avatar,
  .counter.over {
    font-weight: 600;
  }
  textarea {
    width: 100%;
    min-height: 5.5em;
    resize: vertical;
  }
  .name {
    max-width: 20em;
  }
  .hint,
  .counter {
    font-size: 0.85em;
  }
  .hint,
  .confirm p {
    margin-inline-end: auto;
  }
  .counter {
    font-variant-numeric: tabular-nums;
  }
  .counter.over {
    color: var(--community-comments-danger);
  }
  p {
    margin: 0;
  }
  .notice,
  .empty {
    padding-block: var(--community-comments-space);
  }

  .list,
  .replies {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .replies {
    margin-inline-start: calc(var(--community-comments-avatar-size) / 2);
    padding-inline-start: var(--community-comments-indent);
    border-inline-start: 2px solid var(--community-comments-border);
  }
  .item + .item {
    margin-block-start: calc(var(--community-comments-space) * 0.5);
  }
  .comment {
    display: grid;
    grid-template-columns: var(--community-comments-avatar-size) minmax(0, 1fr);
    gap: 0.75em;
    padding-block: calc(var(--community-comments-space) * 0.5);
  }
  .tombstone {
    grid-template-columns: minmax(0, 1fr);
    font-style: italic;
  }
  .optimistic :is(.avatar, .body) {
    opacity: 0.7;
  }
  .hidden-post .body {
    border-inline-start: 3px dashed var(--community-comments-border);
    padding-inline-start: 0.5em;
  }
  .avatar {
    width: var(--community-comments-avatar-size);
    height: var(--community-comments-avatar-size);
    border-radius: 50%;
    overflow: hidden;
    display: grid;
    place-items: center;
    background: var(--community-comments-surface-raised);
    font-size: 0.85em;
    border: 1px solid var(--community-comments-border);
  }
  .avatar img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .meta {
    align-items: baseline;
    gap: 0.15em 0.5em;
  }
  .author {
    color: var(--community-comments-text);
  }
  .badge {
    font-size: 0.8em;
    border: 1px solid var(--community-comments-border);
    border-radius: 999px;
    padding: 0 0.5em;
  }
  .sending {
    font-style: italic;
  }
  .body {
    margin-block: 0.25em;
  }
  .body a {
    color: var(--community-comments-accent);
  }
  /* The Markdown styles' code background is light-only; follow the widget's palette. */
  .body :is(code, pre) {
    background: var(--community-comments-code-bg);
    color: inherit;
  }
  .actions,
  .reactions {
    gap: 0.35em;
  }
  .reaction {
    border-radius: 999px;
    padding: 0.1em 0.6em;
    background: var(--community-comments-surface-raised);
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--community-comments-accent);
    box-shadow: inset 0 0 0 1px var(--community-comments-accent);
  }
  .picker {
    gap: 0.25em;
    padding: 0.25em;
    border: 1px solid var(--community-comments-border);
    border-radius: var(--community-comments-radius);
    background: var(--community-comments-surface-raised);
  }
  .confirm,
  .error-box {
    border: 1px solid var(--community-comments-danger);
    border-radius: var(--community-comments-radius);
    padding: 0.5em 0.75em;
  }
  .confirm {
    margin-block-start: 0.5em;
  }
  .error-box {
    justify-content: space-between;
  }

  .load-more {
    display: block;
    margin: var(--community-comments-space) auto 0;
  }
  .empty {
    text-align: center;
  }
  .skeleton {
    min-height: 12rem;
    display: grid;
    gap: var(--community-comments-space);
    align-content: start;
  }
  .bone {
    height: 3.5rem;
    border-radius: var(--community-comments-radius);
    background: var(--community-comments-skeleton);
    animation: pulse 1.4s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
`;
