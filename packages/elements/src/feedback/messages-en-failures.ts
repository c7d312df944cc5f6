// English for what only a setup problem shows, downloaded with the first one.
export const messages = {
  unsupported: 'This community has no feedback board.',
  configMissing: 'No community backend is configured. Set the client property, call configure(), or use adapter="memory".',
  configLoadFailed: 'The in-browser community store could not be loaded. Reload the page to try again.',
};

/** The setup-problem strings, by key. */
export type FailureMessages = typeof messages;
