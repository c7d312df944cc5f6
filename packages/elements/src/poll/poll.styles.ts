import { css } from 'lit';

// The shared preamble (widgetTokens('poll')) reads the common tokens into private aliases;
// these are the poll's own, read the same way: its token, the page-wide one, the default.
export const styles = css`
  :host {
    --_bar: var(--community-poll-bar, var(--community-color-accent, light-dark(#4f46e5, #a5b4fc)));
    --_bar-own: var(--community-poll-bar-own, var(--community-color-success, light-dark(#047857, #6ee7b7)));
    --_track: var(--community-poll-track, var(--community-color-surface-raised, light-dark(#eef0f3, #1f2937)));
    --_bar-height: var(--community-poll-bar-height, 0.5rem);
  }
  .base {
    border: 1px solid var(--_border);
  }
  h2 {
    margin: 0 0 0.25em;
  }
  .meta,
  .hint,
  .notice,
  .count {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1em;
    margin: 0 0 var(--_space);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  .hint {
    margin: 0 0 0.5em;
  }
  .options {
    display: grid;
    gap: 0.4em;
    margin-block-end: var(--_space);
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.6em;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  /* Only choices and the rating slider draw with it. */
  input {
    accent-color: var(--_accent);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  button {
    background: var(--_surface);
    padding: 0.4em 0.9em;
  }
  button.primary {
    font-weight: 600;
  }
  button:disabled {
    opacity: 0.6;
  }
  .results ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.6em;
  }
  .result-line {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 0.75em;
  }
  .own-badge {
    font-size: 0.8em;
    font-weight: 600;
    padding: 0 0.5em;
    border-radius: 999px;
    border: 1px solid var(--_bar-own);
    margin-inline-start: 0.4em;
  }
  .track {
    height: var(--_bar-height);
    background: var(--_track);
    border-radius: 999px;
    overflow: hidden;
    margin-block-start: 0.2em;
  }
  .bar {
    height: 100%;
    width: var(--_pct, 0%);
    min-width: 2px;
    background: var(--_bar);
    border-radius: inherit;
    transition: width 300ms ease;
  }
  .own .bar {
    background: var(--_bar-own);
  }
  .notice {
    margin: 0 0 var(--_space);
  }
  [part~='error'] {
    color: var(--_danger);
  }
  .bone {
    height: 1.25em;
    margin-block-end: 0.6em;
  }
`;
