/**
 * A message that depends on a count: its forms joined by `|`, as `other`, `one|other` or
 * `zero|one|other` (the zero form is for a count of exactly 0). The last form is `other`;
 * the one before it is used when `Intl.PluralRules` says `one`.
 */
export type PluralForms = string;

/**
 * Every string the widgets show. `{name}`-style placeholders are filled by the localizer;
 * plural strings get `{count}` already formatted for the locale.
 * The Chinese tables load on first use, so a table is a module's single export.
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
  /** Beside a guest's name in the composer; `{name}` is the name. */
  postingAs: string;
  changeName: string;

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
