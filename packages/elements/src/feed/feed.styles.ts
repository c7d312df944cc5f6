import { css } from 'lit';

// The token preamble and `.base` come from widgetTokens('feed'), the heading's size and the
// buttons' and bones' shapes from partsStyles. Only the frame the feed first shows lives here;
// the posts' styles come with them (actionStyles in feed-actions.ts).
export const styles = css`
  h2 {
    margin-block-end: 0.75em;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }
  button {
    padding: 0.3em 0.8em;
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
  .empty {
    text-align: center;
  }
  .error-box {
    color: var(--_danger);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em;
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    margin-block-end: 0.75em;
  }
  .bone {
    height: 4.5em;
    margin-block-end: 0.75em;
  }
`;
