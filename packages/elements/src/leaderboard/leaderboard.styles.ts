import { css } from 'lit';

// What shows before the board is in: the heading, the skeleton and the error states. The
// token preamble and `.base` come from widgetTokens('leaderboard'); the heading's size, the
// button border and the bones' colour from partsStyles; the board's own styles from
// board.styles.ts, adopted when it arrives.
export const styles = css`
  :host {
    container-type: inline-size;
  }
  .toolbar,
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
  button {
    padding: 0.35em 0.9em;
    background: var(--_raised);
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
