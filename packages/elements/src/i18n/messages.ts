/**
 * A message that depends on a count: its forms joined by `|`, as `other`, `one|other` or
 * `zero|one|other` (the zero form is for a count of exactly 0). The last form is `other`;
 * the one before it is used when `Intl.PluralRules` says `one`.
 */
export type PluralForms = string;

/**
 * The strings a widget shows as it first renders. `{name}`-style placeholders are filled by
 * the localizer; plural strings get `{count}` already formatted for the locale.
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
  // A failed load is likely offline, when the deferred strings cannot be downloaded either;
  // so is a setup problem, which says this too then.
  loadError: string;
  retry: string;
  loadMore: string;
  loadingMore: string;
  /** A new comment arrived, for screen readers. */
  newComment: string;
  newComments: PluralForms;
  locked: string;

  composerLabel: string;
  replyComposerLabel: string;
  placeholder: string;
  markdownHint: string;
  shortcutHint: string;
  submit: string;
  submitReply: string;
  cancel: string;
  sending: string;
  remaining: PluralForms;
  overLimit: PluralForms;
  nameLabel: string;
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
  deletedTombstone: string;
  hiddenTombstone: string;
  hiddenBadge: string;
  pendingBadge: string;
  reactionsLabel: string;
  reaction: PluralForms;
  addReaction: string;
  roleOwner: string;
  roleAdmin: string;
  roleModerator: string;
}

/**
 * The strings only an interaction (editing, deleting, picking a reaction) or a failure shows.
 * They load, per locale, on the first sign of either, so a page that only reads never
 * downloads them.
 */
export interface DeferredMessages {
  editComposerLabel: string;
  saveEdit: string;
  saving: string;
  /** The viewer's own comment was accepted (announced; sending loaded these strings). */
  posted: string;
  nameRequired: string;
  nameToReact: string;
  confirmDelete: string;
  confirmDeleteYes: string;
  reactWith: string;
  configMissing: string;
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

/** Every string, once the deferred ones have loaded. */
export type AllMessages = Messages & DeferredMessages;
