import { css } from 'lit';

// The shared preamble (widgetTokens('feedback')) reads the public tokens into `--_*` aliases.
// Only the first, resting look: the heading row, the launcher, the skeleton, the load error
// and the dialog's frame. What the core, the form, the items and the board need comes with
// them (feedback-parts.styles.ts).
export const styles = css`
  .base {
    border: 1px solid var(--_border);
  }
  .top {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    margin-block-end: calc(var(--_space) * 0.75);
  }
  button {
    background: var(--_raised);
    padding: 0.4em 0.8em;
  }
  .primary {
    font-weight: 600;
  }
  .error {
    color: var(--_danger);
    display: flex;
    align-items: center;
    gap: 0.75em;
    margin: 0 0 0.75em;
  }
  .skeleton .bone {
    height: 2.5em;
    margin-block-end: 0.5em;
  }
  .launcher-base {
    display: contents;
  }
  .launcher {
    position: fixed;
    z-index: 2147483000;
    bottom: var(--_space);
    right: var(--_space);
    border-radius: 999px;
    padding: 0.6em 1.1em;
    box-shadow: 0 2px 10px rgb(0 0 0 / 0.25);
  }
  :host([position='bottom-left']) .launcher,
  :host([position='top-left']) .launcher {
    right: auto;
    left: var(--_space);
  }
  :host([position^='top']) .launcher {
    bottom: auto;
    top: var(--_space);
  }
  dialog {
    width: min(34rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    padding: var(--_space);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .close {
    font-size: 1.25em;
    line-height: 1;
    padding: 0.2em 0.5em;
  }
`;
