// English for setup problems, downloaded on the first one (the Chinese tables carry these).
export const failuresEn = {
  configMissing: 'No community backend is set up. Set the client property, call configure(), or add adapter="memory".',
  configLoadFailed: 'The in-browser community store did not load. Reload the page to try again.',
};
