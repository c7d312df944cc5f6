import type { FailureMessages } from './messages.js';

/** English for what only a failure shows, loaded with the first failure. */
export const messages: FailureMessages = {
  noPoll: 'No poll to show: set the poll attribute to a poll id.',
  configMissing: 'No backend is set up for this poll. Add adapter="memory" to try it, or call configure({ client }).',
  configLoadFailed: 'The in-browser backend could not be loaded.',
  errorConflict: 'This poll has closed or no longer takes changes to your vote.',
  errorUnauthorized: 'Sign in to vote.',
  errorForbidden: 'You are not allowed to do that in this poll.',
  errorNotFound: 'This poll does not exist or was removed.',
  errorUnavailable: 'The server could not be reached. Try again in a moment.',
  errorRateLimited: 'Too many votes at once. Wait a moment and try again.',
  errorValidation: 'That ballot is not valid for this poll.',
  errorInternal: 'Something went wrong. Try again.',
};
