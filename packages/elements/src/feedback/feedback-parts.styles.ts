import { css } from 'lit';

// The core's, the form's, the items' and the board's styles, adopted when they download.
export const partStyles = css`
  h3,
  h4 {
    font-size: 1em;
    margin: 0 0 0.4em;
  }
  .meta,
  .hint,
  .notice {
    color: var(--_muted);
    font-size: 0.875em;
    margin: 0.25em 0;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75em;
  }
  ul,
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  fieldset {
    border: 0;
    margin: 0 0 0.75em;
    padding: 0;
    min-width: 0;
  }
  legend,
  .field {
    display: block;
    font-weight: 600;
    margin-block-end: 0.3em;
  }
  .chip,
  .step {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    margin: 0 0.4em 0.4em 0;
    padding: 0.3em 0.6em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    cursor: pointer;
  }
  .chip:has(input:checked),
  .step:has(input:checked) {
    border-color: var(--_accent);
    background: var(--_raised);
    font-weight: 600;
  }
  .scale {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em;
  }
  .step {
    border-radius: var(--_radius);
    min-width: 2.3em;
    justify-content: center;
    margin: 0;
  }
  .step input {
    position: absolute;
    opacity: 0;
    pointer-events: none;
  }
  .step:focus-within {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .rating .step:has(~ .step input:checked),
  .rating .step:has(input:checked) {
    color: var(--_accent);
  }
  input:not([type='radio']),
  textarea,
  select {
    width: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 0.45em 0.6em;
    margin-block-end: 0.75em;
  }
  select {
    width: auto;
    margin: 0 0 0 0.4em;
  }
  textarea {
    resize: vertical;
  }
  .thanks {
    color: var(--_success);
    font-weight: 600;
  }
  .item {
    display: flex;
    gap: 0.75em;
    align-items: flex-start;
    padding: 0.6em 0;
    border-top: 1px solid var(--_border);
  }
  .item-body {
    min-width: 0;
    flex: 1;
  }
  .item-title {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .excerpt {
    margin: 0.25em 0;
    overflow-wrap: anywhere;
  }
  .status {
    font-weight: 600;
    color: var(--_text);
  }
  .status[data-status='done'] {
    color: var(--_success);
  }
  .reply {
    background: var(--_raised);
    border-radius: var(--_radius);
    padding: 0.4em 0.7em;
    margin-block-start: 0.4em;
  }
  .upvote {
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    min-width: 3em;
    padding: 0.25em 0.5em;
    line-height: 1.2;
  }
  .upvote[aria-pressed='true'] {
    border-color: var(--_accent);
    color: var(--_accent);
    font-weight: 600;
  }
  .similar,
  .mine {
    margin-block: 0.75em;
  }
  .history summary {
    cursor: pointer;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .history li {
    padding-block: 0.25em;
  }
  .views,
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    margin-block-end: 0.75em;
  }
  .views [aria-pressed='true'] {
    border-color: var(--_accent);
    font-weight: 600;
  }
  .roadmap {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
    gap: 0.75em;
  }
  .column {
    background: var(--_raised);
    border-radius: var(--_radius);
    padding: 0.6em;
  }
`;
