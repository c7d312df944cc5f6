import { css } from 'lit';

// Dark values, shared by theme="dark" and theme="auto" under a dark colour scheme. Every
// token still reads the page-wide --community-color-* first, so one brand palette can
// drive all widgets; pages that want different dark colours set them under their own
// media query or [data-theme] rule.
const dark = css`
  color-scheme: dark;
  --community-comments-accent: var(--community-color-accent, #a5b4fc);
  --community-comments-on-accent: var(--community-color-on-accent, #111827);
  --community-comments-surface: var(--community-color-surface, #111827);
  --community-comments-surface-raised: var(--community-color-surface-raised, #1f2937);
  --community-comments-text: var(--community-color-text, #f3f4f6);
  --community-comments-muted: var(--community-color-muted, #c0c6d0);
  --community-comments-border: var(--community-color-border, #4b5563);
  --community-comments-danger: var(--community-color-danger, #fca5a5);
  --community-comments-focus: var(--community-color-focus, #a5b4fc);
  --community-comments-skeleton: var(--community-color-skeleton, #374151);
  --community-comments-code-bg: var(--community-color-code-bg, #0b1220);
`;

export const styles = css`
  :host {
    color-scheme: light;
    --community-comments-accent: var(--community-color-accent, #4f46e5);
    --community-comments-on-accent: var(--community-color-on-accent, #ffffff);
    --community-comments-surface: var(--community-color-surface, #ffffff);
    --community-comments-surface-raised: var(--community-color-surface-raised, #f5f6f8);
    --community-comments-text: var(--community-color-text, #1f2937);
    --community-comments-muted: var(--community-color-muted, #4b5563);
    --community-comments-border: var(--community-color-border, #c9ced6);
    --community-comments-danger: var(--community-color-danger, #b91c1c);
    --community-comments-focus: var(--community-color-focus, #4f46e5);
    --community-comments-skeleton: var(--community-color-skeleton, #e5e7eb);
    --community-comments-code-bg: var(--community-color-code-bg, #f3f4f6);
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
    color: var(--community-comments-text);
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }

  .base {
    background: var(--community-comments-surface);
    color: var(--community-comments-text);
    border-radius: var(--community-comments-radius);
    padding: var(--community-comments-space);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--community-comments-space) / 2);
    margin-block-end: var(--community-comments-space);
  }
  h2 {
    font-size: 1.15em;
    margin: 0;
  }
  h2:focus {
    outline: none;
  }
  .sort {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    color: var(--community-comments-muted);
    font-size: 0.9em;
  }
  select,
  input,
  textarea {
    background: var(--community-comments-surface);
    color: var(--community-comments-text);
    border: 1px solid var(--community-comments-border);
    border-radius: calc(var(--community-comments-radius) * 0.75);
    padding: 0.4em 0.6em;
  }

  button {
    border-radius: calc(var(--community-comments-radius) * 0.75);
    border: 1px solid var(--community-comments-border);
    background: var(--community-comments-surface);
    color: var(--community-comments-text);
    padding: 0.3em 0.75em;
    font-size: 0.9em;
    line-height: 1.4;
  }
  button.primary {
    background: var(--community-comments-accent);
    border-color: var(--community-comments-accent);
    color: var(--community-comments-on-accent);
    font-weight: 600;
  }
  button.primary:disabled {
    opacity: 0.55;
  }
  button.danger {
    color: var(--community-comments-danger);
  }
  button.link {
    border-color: transparent;
    background: transparent;
    color: var(--community-comments-muted);
    padding-inline: 0.4em;
  }
  button.link:hover {
    color: var(--community-comments-text);
    text-decoration: underline;
  }

  /* Composer */
  .composer {
    display: grid;
    gap: 0.4em;
    margin-block: calc(var(--community-comments-space) * 0.75);
  }
  .composer label {
    font-weight: 600;
    font-size: 0.9em;
  }
  .composer textarea {
    width: 100%;
    min-height: 5.5em;
    resize: vertical;
    line-height: 1.5;
  }
  .composer textarea[readonly] {
    color: var(--community-comments-muted);
  }
  .composer .name {
    max-width: 20em;
  }
  .composer-footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .hint {
    color: var(--community-comments-muted);
    font-size: 0.85em;
    margin-inline-end: auto;
  }
  .counter {
    font-size: 0.85em;
    color: var(--community-comments-muted);
    font-variant-numeric: tabular-nums;
  }
  .counter.over {
    color: var(--community-comments-danger);
    font-weight: 600;
  }
  .error-text,
  [part~='error'] {
    color: var(--community-comments-danger);
    margin: 0;
    font-size: 0.9em;
  }
  .notice {
    color: var(--community-comments-muted);
    margin: var(--community-comments-space) 0;
  }

  /* List */
  ul.list,
  ul.replies {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.replies {
    margin-inline-start: calc(var(--community-comments-avatar-size) / 2);
    padding-inline-start: var(--community-comments-indent);
    border-inline-start: 2px solid var(--community-comments-border);
  }
  li.item + li.item {
    margin-block-start: calc(var(--community-comments-space) * 0.5);
  }
  .comment {
    display: grid;
    grid-template-columns: var(--community-comments-avatar-size) minmax(0, 1fr);
    gap: 0.75em;
    padding-block: calc(var(--community-comments-space) * 0.5);
  }
  .comment.tombstone {
    grid-template-columns: minmax(0, 1fr);
    color: var(--community-comments-muted);
    font-style: italic;
  }
  .comment.optimistic .avatar,
  .comment.optimistic .body {
    opacity: 0.7;
  }
  .comment.hidden-post .body {
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
    color: var(--community-comments-text);
    font-weight: 600;
    font-size: 0.85em;
    border: 1px solid var(--community-comments-border);
  }
  .avatar img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.15em 0.5em;
    font-size: 0.9em;
    color: var(--community-comments-muted);
  }
  .author {
    font-weight: 600;
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
    overflow-wrap: anywhere;
    margin-block: 0.25em;
  }
  .body > :first-child {
    margin-block-start: 0;
  }
  .body > :last-child {
    margin-block-end: 0;
  }
  .body a {
    color: var(--community-comments-accent);
  }
  /* The Markdown styles' code background is light-only; follow the widget's palette. */
  .body code,
  .body pre {
    background: var(--community-comments-code-bg);
    color: inherit;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35em;
    margin-block-start: 0.25em;
  }
  .reactions {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.35em;
  }
  button.reaction {
    border-radius: 999px;
    padding: 0.1em 0.6em;
    background: var(--community-comments-surface-raised);
  }
  button.reaction[aria-pressed='true'] {
    border-color: var(--community-comments-accent);
    box-shadow: inset 0 0 0 1px var(--community-comments-accent);
  }
  .picker {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.25em;
    padding: 0.25em;
    border: 1px solid var(--community-comments-border);
    border-radius: var(--community-comments-radius);
    background: var(--community-comments-surface-raised);
  }
  .picker button {
    border-color: transparent;
    background: transparent;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin-block-start: 0.5em;
    padding: 0.5em 0.75em;
    border: 1px solid var(--community-comments-danger);
    border-radius: var(--community-comments-radius);
  }
  .confirm p {
    margin: 0;
    margin-inline-end: auto;
  }

  /* States */
  .load-more {
    display: block;
    margin: var(--community-comments-space) auto 0;
  }
  .empty {
    color: var(--community-comments-muted);
    padding-block: var(--community-comments-space);
    text-align: center;
  }
  .error-box {
    border: 1px solid var(--community-comments-danger);
    border-radius: var(--community-comments-radius);
    padding: 0.75em var(--community-comments-space);
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    align-items: center;
    justify-content: space-between;
  }
  .error-box p {
    margin: 0;
    color: var(--community-comments-danger);
  }
  .skeleton {
    min-height: 12rem;
    display: grid;
    gap: var(--community-comments-space);
    align-content: start;
  }
  .skeleton .bone {
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
