import { css } from 'lit';

// The shared preamble (widgetTokens('qa')) reads the tokens into private `--_*` aliases.
export const styles = css`
  .base {
    border: 1px solid var(--_border);
  }
  h2:focus {
    outline: none;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    margin-block-end: 0.75em;
  }
  button {
    background: var(--_surface);
    padding: 0.35em 0.8em;
  }
  [part~='filter-active'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    margin-block-end: 0.75em;
  }
  .list {
    list-style: none;
    margin: 0 0 0.75em;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .row {
    display: grid;
    gap: 0.25em;
    padding: 0.6em 0.8em;
    border-radius: var(--_radius);
    background: var(--_raised);
  }
  .stats,
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.9em;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .link {
    border: 0;
    background: none;
    padding: 0;
    text-align: start;
    font-weight: 600;
    color: var(--_text);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .ok {
    color: var(--_success);
    font-weight: 600;
  }
  .tag {
    color: var(--_accent);
    font-weight: 600;
  }
  .back {
    margin-block-end: 0.75em;
  }
  .notice {
    color: var(--_muted);
  }
  .head .notice {
    margin: 0;
  }
  .error-box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    margin-block: 0.5em;
  }
  .error-box p,
  [part~='error'] {
    color: var(--_danger);
    margin: 0;
  }
  .skeleton {
    display: grid;
    gap: 0.5em;
  }
  .skeleton span {
    display: block;
    height: 3em;
    border-radius: var(--_radius);
    background: var(--_skeleton);
  }
`;
