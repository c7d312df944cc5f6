import { css } from 'lit';

// No token preamble of its own: inside a widget the chip inherits the text colour and reads
// the host's private aliases (`--_muted`, `--_accent` …, inherited through the shadow
// boundary), so it takes that widget's colours, `--community-<widget>-*` overrides included;
// a `--community-member-*` token wins over both. Alone, it follows the page's colours.
export const styles = css`
  :host {
    display: inline-block;
    max-width: 100%;
    vertical-align: middle;
    --_m-avatar: var(--community-member-avatar-size, var(--_avatar, 2.25rem));
  }
  :host([compact]) {
    --_m-avatar: var(--community-member-avatar-size, 1.5rem);
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    max-width: 100%;
    padding: 0.125em 0.25em 0.125em 0;
    border: 0;
    border-radius: var(--community-member-radius, var(--_radius, 0.5rem));
    background: none;
    color: var(--community-member-text, inherit);
    text-align: start;
    font: inherit;
    line-height: 1.3;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--community-member-focus, var(--_focus, currentColor));
    outline-offset: 2px;
  }
  [part~='avatar'] {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: var(--_m-avatar);
    height: var(--_m-avatar);
    border-radius: 50%;
    overflow: hidden;
    color: #fff;
    font-weight: 600;
    font-size: calc(var(--_m-avatar) * 0.45);
  }
  /* Initials on one of eight colours, each above 4.5:1 against white. */
  .h0 { background: #b91c1c }
  .h1 { background: #c2410c }
  .h2 { background: #a16207 }
  .h3 { background: #15803d }
  .h4 { background: #0f766e }
  .h5 { background: #1d4ed8 }
  .h6 { background: #6d28d9 }
  .h7 { background: #be185d }
  img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .text {
    display: grid;
    min-width: 0;
  }
  .line {
    display: flex;
    align-items: baseline;
    gap: 0.375em;
    white-space: nowrap;
  }
  .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  [part~='meta'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.375em;
    min-height: 1.3em;
    font-size: 0.8125em;
    color: var(--community-member-muted, var(--_muted, inherit));
  }
  [part~='role'] {
    font-size: 0.75em;
    font-weight: 600;
    padding: 0 0.4em;
    border-radius: 1em;
    border: 1px solid;
    color: var(--community-member-accent, var(--_accent, inherit));
  }
  [part~='badge'] {
    padding: 0 0.4em;
    border-radius: 1em;
    background: var(--community-member-surface-raised, var(--_raised, #8882));
    color: var(--community-member-text, var(--_text, inherit));
  }
`;
