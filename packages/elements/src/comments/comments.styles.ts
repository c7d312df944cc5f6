import { css } from 'lit';

// The token preamble (every public token read once into a private --_alias, both palettes in
// light-dark(), `theme` switching color-scheme, the .base box) is the one every widget shares,
// widgetTokens('comments') in comments.ts; these two tokens are the comments' own.
export const styles = css`
  :host {
    --_code-bg: var(--community-comments-code-bg, var(--community-color-code-bg, light-dark(#f3f4f6, #0b1220)));
    --_indent: var(--community-comments-indent, var(--community-indent, 1.25rem));
  }
  .toolbar,
  .meta,
  .actions,
  .reactions,
  .composer-footer,
  .error-box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .toolbar {
    justify-content: space-between;
    margin-block-end: var(--_space);
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
  .composer label,
  [part~='error'] {
    font-size: 0.9em;
  }
  .sort,
  .meta,
  .hint,
  .counter,
  .notice,
  .empty,
  .tombstone {
    color: var(--_muted);
  }
  select,
  input,
  textarea,
  button {
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.3em 0.6em;
  }
  button {
    font-size: 0.9em;
    line-height: 1.4;
  }
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .primary:disabled {
    opacity: 0.55;
  }
  [part~='error'] {
    color: var(--_danger);
  }
  .link {
    border-color: transparent;
    background: none;
    color: var(--_muted);
  }
  .link:hover {
    color: var(--_text);
    text-decoration: underline;
  }

  .composer {
    display: grid;
    gap: 0.4em;
    margin-block: calc(var(--_space) * 0.75);
  }
  .composer label,
  .author,
  .avatar {
    font-weight: 600;
  }
  textarea {
    width: 100%;
    min-height: 5.5em;
    resize: vertical;
  }
  .hint,
  .counter {
    font-size: 0.85em;
  }
  .hint {
    margin-inline-end: auto;
  }
  .counter {
    font-variant-numeric: tabular-nums;
  }
  p {
    margin: 0;
  }
  .notice,
  .empty {
    padding-block: var(--_space);
  }

  .list,
  .replies {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .replies {
    margin-inline-start: calc(var(--_avatar) / 2);
    padding-inline-start: var(--_indent);
    border-inline-start: 2px solid var(--_border);
  }
  .item + .item {
    margin-block-start: calc(var(--_space) * 0.5);
  }
  .comment {
    display: grid;
    grid-template-columns: var(--_avatar) minmax(0, 1fr);
    gap: 0.75em;
    padding-block: calc(var(--_space) * 0.5);
  }
  .tombstone {
    grid-template-columns: minmax(0, 1fr);
    font-style: italic;
  }
  .optimistic :is(.avatar, .body) {
    opacity: 0.7;
  }
  .hidden-post .body {
    border-inline-start: 3px dashed var(--_border);
    padding-inline-start: 0.5em;
  }
  .avatar {
    width: var(--_avatar);
    height: var(--_avatar);
    border-radius: 50%;
    overflow: hidden;
    display: grid;
    place-items: center;
    background: var(--_raised);
    font-size: 0.85em;
    border: 1px solid var(--_border);
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
    color: var(--_text);
  }
  .menu {
    margin-inline-start: auto;
  }
  /* The chip names the author (with role, level and badges); the avatar column is the widget's own. */
  .author::part(avatar) {
    display: none;
  }
  .badge {
    font-size: 0.8em;
    border: 1px solid var(--_border);
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
    color: var(--_accent);
  }
  /* The Markdown styles' code background is light-only; follow the widget's palette. */
  .body :is(code, pre) {
    background: var(--_code-bg);
    color: inherit;
  }
  .actions,
  .reactions {
    gap: 0.35em;
  }
  .reaction {
    border-radius: 999px;
    padding: 0.1em 0.6em;
    background: var(--_raised);
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .error-box {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    justify-content: space-between;
  }

  .load-more {
    display: block;
    margin: var(--_space) auto 0;
  }
  .empty {
    text-align: center;
  }
  .skeleton {
    min-height: 12rem;
    display: grid;
    gap: var(--_space);
    align-content: start;
  }
  .bone {
    height: 3.5rem;
    border-radius: var(--_radius);
    background: var(--_skeleton);
    animation: pulse 1.4s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
`;
