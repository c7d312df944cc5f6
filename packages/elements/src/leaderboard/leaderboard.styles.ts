import { css } from 'lit';

// The token preamble and `.base` come from widgetTokens('leaderboard'); the heading's size,
// the button border and the bones' colour from partsStyles.
export const styles = css`
  .toolbar,
  .check-in,
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
  .muted,
  .streak {
    color: var(--_muted);
    font-size: 0.9em;
  }
  button {
    padding: 0.35em 0.9em;
    background: var(--_raised);
  }
  [part~='check-in-button'] {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  [part~='check-in-button']:disabled {
    background: var(--_raised);
    color: var(--_muted);
    border-color: var(--_border);
  }
  [role='tablist'] {
    display: flex;
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
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .row {
    display: grid;
    grid-template-columns: 2.5em var(--_avatar) 1fr auto;
    align-items: center;
    gap: 0.75em;
    padding-block: 0.5em;
    border-block-end: 1px solid var(--_border);
  }
  .row.own,
  [part~='viewer-row'] .row {
    background: var(--_raised);
    border-radius: var(--_radius);
    padding-inline: 0.5em;
  }
  .rank {
    font-weight: 700;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  [part~='avatar'] {
    width: var(--_avatar);
    height: var(--_avatar);
    border-radius: 50%;
    background: var(--_raised);
    border: 1px solid var(--_border);
    display: grid;
    place-items: center;
    overflow: hidden;
    font-weight: 600;
  }
  [part~='avatar'] img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .who {
    min-width: 0;
  }
  [part~='name'] {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.5em;
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part~='badges'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='badge'],
  [part~='title'] {
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 0.5em;
  }
  [part~='points'] {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  [part~='viewer-row'] {
    margin-block-start: 0.75em;
  }
  [part~='earn'] {
    margin-block-start: var(--_space);
  }
  [part~='earn'] summary {
    cursor: pointer;
    color: var(--_accent);
  }
  [part~='earn'] h3 {
    font-size: 1em;
    margin: 0.75em 0 0.25em;
  }
  [part~='earn'] ul {
    margin: 0.25em 0;
    padding-inline-start: 1.25em;
  }
  [part~='error'] {
    color: var(--_danger);
    font-size: 0.9em;
  }
  .notice {
    color: var(--_muted);
  }
  .skeleton .bone {
    height: 2.5em;
    margin-block: 0.5em;
  }
`;
