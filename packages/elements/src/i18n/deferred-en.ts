import type { DeferredMessages } from './messages.js';

/** English: what only an interaction or a failure shows, loaded when first needed. */
export const messages: DeferredMessages = {
  editComposerLabel: 'Edit your comment',
  saveEdit: 'Save',
  saving: 'Saving…',
  posted: 'Your comment was posted.',
  nameRequired: 'Enter your name to post.',
  nameToReact: 'Enter your name in the comment box first, then react.',
  confirmDelete: 'Delete this comment? This cannot be undone.',
  confirmDeleteYes: 'Yes, delete',
  reactWith: 'React with {emoji}',
  configMissing:
    'Comments have no backend. Add adapter="memory" to try them in this browser, set the element\'s client property, or call configure({ client }).',
  configLoadFailed: 'The in-browser comments store could not be loaded. Reload the page to try again.',
  errorUnauthorized: 'Sign in to take part.',
  errorForbidden: 'You are not allowed to do that.',
  errorNotFound: 'That comment no longer exists.',
  errorConflict: 'Someone changed this in the meantime. Reload and try again.',
  errorRateLimited: 'You are going a little fast. Wait a moment and try again.',
  errorRateLimitedSeconds: 'You are going a little fast. Try again in {count} second.|You are going a little fast. Try again in {count} seconds.',
  errorUnavailable: 'The comments service cannot be reached. Check your connection and try again.',
  errorInternal: 'Something went wrong. Please try again.',
  errorValidation: 'Please check what you entered.',
  errorBodyEmpty: 'Write something first.',
  errorBodyTooShort: 'Comments need at least {count} character.|Comments need at least {count} characters.',
  errorBodyTooLong: 'Comments can be at most {count} character long.|Comments can be at most {count} characters long.',
  errorEditWindow: 'The time to edit this comment has passed.',
  errorLocked: 'This thread is locked.',
};
