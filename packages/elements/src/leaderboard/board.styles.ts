import { css } from 'lit';

// The board's styles, adopted into the element's shadow root after the element's own
// (leaderboard.styles.ts: the toolbar, buttons, errors and the skeleton).
export const styles = css`
  .check-in {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .muted,
  .streak {
    color: var(--_muted);
    font-size: 0.9em;
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
    white-space: nowrap;
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
  ol,
  [part~='badges'] {
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
  .rank,
  [part~='points'] {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .rank {
    text-align: center;
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
  .you {
    /* Keeps the leading space of " (you)". */
    white-space: pre;
    font-weight: 400;
  }
  .more {
    display: none;
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
  }
  [part~='badge'],
  [part~='title'],
  .more {
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 0.5em;
  }
  [part~='points'] {
    white-space: nowrap;
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
  /* A sidebar or a phone: one line of tabs, the check-in stacked, one line per name (the
     full name in its title), the first badges and "+N". */
  @container (max-width: 24rem) {
    .toolbar {
      flex-direction: column;
      align-items: stretch;
    }
    .check-in {
      flex-direction: column;
      align-items: flex-start;
      gap: 0.35em;
    }
    [role='tablist'] {
      gap: 0;
      overflow-x: auto;
      scrollbar-width: none;
    }
    [role='tab'] {
      flex: 1 1 auto;
      padding-inline: 0.5em;
      outline-offset: -2px;
    }
    .row {
      grid-template-columns: 1.75em var(--_avatar) minmax(0, 1fr) auto;
      gap: 0.5em;
    }
    [part~='name'] {
      display: flex;
    }
    .name-text {
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .you {
      flex: none;
    }
    .meta {
      gap: 0.2em 0.35em;
    }
    [part~='level'],
    [part~='title'],
    [part~='badge'],
    .more {
      max-width: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    [part~='badges'] {
      min-width: 0;
      flex-wrap: nowrap;
    }
    [part~='badge']:nth-child(n + 3) {
      position: absolute;
      width: 1px;
      height: 1px;
      padding: 0;
      border: 0;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    .more {
      display: block;
      flex: none;
      padding: 0 0.4em;
    }
    [part~='points'] {
      font-size: 0.9em;
    }
  }
`;
