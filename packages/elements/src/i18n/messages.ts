/** Plural forms keyed by `Intl.PluralRules` category; `other` is always required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * Every string the widgets show. `{name}`-style placeholders are filled by the localizer;
 * plural strings get `{count}` already formatted for the locale.
 */
export interface Messages {
  /** The region's accessible name. */
  commentsLabel: string;
  /** The heading: how many comments the thread has. */
  commentCount: PluralForms;
  sortLabel: string;
  sortOldest: string;
  sortNewest: string;
  sortTop: string;
  loading: string;
  empty: string;
  loadMore: string;
  loadingMore: string;
  loadError: string;
  retry: string;
  /** A new comment arrived, for screen readers. */
  newComment: string;
  newComments: PluralForms;
  /** The viewer's own comment was accepted. */
  posted: string;
  locked: string;

  composerLabel: string;
  replyComposerLabel: string;
  editComposerLabel: string;
  placeholder: string;
  markdownHint: string;
  shortcutHint: string;
  submit: string;
  submitReply: string;
  saveEdit: string;
  cancel: string;
  sending: string;
  saving: string;
  remaining: PluralForms;
  overLimit: PluralForms;
  nameLabel: string;
  nameRequired: string;
  nameToReact: string;

  commentBy: string;
  replyBy: string;
  replyTo: string;
  replyToLabel: string;
  edited: string;
  you: string;
  reply: string;
  edit: string;
  delete: string;
  hide: string;
  unhide: string;
  confirmDelete: string;
  confirmDeleteYes: string;
  deletedTombstone: string;
  hiddenTombstone: string;
  hiddenBadge: string;
  pendingBadge: string;
  reactionsLabel: string;
  reaction: PluralForms;
  addReaction: string;
  reactWith: string;
  roleOwner: string;
  roleAdmin: string;
  roleModerator: string;

  configMissing: string;
  configEndpoint: string;
  configLoadFailed: string;

  errorUnauthorized: string;
  errorForbidden: string;
  errorNotFound: string;
  errorConflict: string;
  errorRateLimited: string;
  errorRateLimitedSeconds: PluralForms;
  errorUnavailable: string;
  errorInternal: string;
  errorValidation: string;
  errorBodyEmpty: string;
  errorBodyTooShort: PluralForms;
  errorBodyTooLong: PluralForms;
  errorEditWindow: string;
  errorLocked: string;
}
