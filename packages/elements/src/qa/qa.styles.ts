import { css } from 'lit';

// The shared preamble (widgetTokens('qa')) reads the tokens into private `--_*` aliases.
// What the rows, the question page and the ask form add comes with them (qa-list.ts, qa-page.ts).
export const styles = css`
  .base {
    border: 1px solid var(--_border);
  }
  h2:focus {
    outline: none;
  }
  .head,
  .filters,
  .error-box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .head,
  .filters {
    margin-block-end: 0.75em;
  }
  .head {
    justify-content: space-between;
  }
  button {
    background: var(--_surface);
    padding: 0.35em 0.8em;
  }
  .filters {
    gap: 0.4em;
  }
  .notice {
    color: var(--_muted);
  }
  .head .notice {
    margin: 0;
  }
  .error-box {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
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
  .bone {
    display: block;
    height: 3em;
  }
`;
