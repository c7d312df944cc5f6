/** English for setup problems, which only a misconfigured page shows; downloaded on the first one. */
export const failuresEn = {
  configMissing: 'No community backend is configured. Set the client property, call configure(), or use adapter="memory".',
  configLoadFailed: 'The in-browser community store could not be loaded. Reload the page to try again.',
};
