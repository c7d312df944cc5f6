import type { Locale } from '../i18n/locale.js';
import { Localizer } from '../i18n/localizer.js';
import { textFor } from '../parts/parts.js';
import type { Messages } from '../i18n/messages.js';

/**
 * The strings of `<community-poll>`'s resting look; the rest arrive with the lazy part and
 * the first failure (see below), and each Chinese table holds them all. Plural strings join their forms with `|`
 * (`other`, `one|other` or `zero|one|other`, as in the shared tables); `{name}` placeholders
 * are filled by `PollText.t`, with `{count}` already formatted for the locale.
 */
export const en = {
  pollLabel: 'Poll',
  loading: 'Loading poll…',
  loadError: 'The poll could not be loaded.',
  retry: 'Retry',
  ballots: 'No votes yet|{count} vote|{count} votes',
  pickOne: 'Choose one.',
  pickRange: 'Choose {min} to {max}.',
  pickExactly: 'Choose {max}.',
  vote: 'Vote',
  yourChoice: 'your choice',
  resultsLabel: 'Results',
  optionResult: '{count} vote, {percent}|{count} votes, {percent}',
};

/** What only a failure shows (setup problems, error messages): English downloads it on the first failure. */
export interface FailureMessages {
  noPoll: string;
  configMissing: string;
  configLoadFailed: string;
  errorConflict: string;
  errorUnauthorized: string;
  errorForbidden: string;
  errorNotFound: string;
  errorUnavailable: string;
  errorRateLimited: string;
  errorValidation: string;
  errorInternal: string;
}

/**
 * What only the lazy part shows (an interaction, a deadline, a rating or ranked ballot, an
 * average or a winner): English comes with it (poll-actions.ts).
 */
export interface ActionMessages {
  // Keyed by the reason the backend gives for hiding the results.
  hidden_after_vote: string;
  hidden_after_close: string;
  hidden_staff_only: string;
  signInToVote: string;
  cannotVote: string;
  youVoted: string;
  rankItem: string;
  yourRank: string;
  firstPreferences: string;
  closesIn: string;
  closedOn: string;
  closed: string;
  rankHint: string;
  rateHint: string;
  average: string;
  updated: string;
  moved: string;
  saveVote: string;
  voting: string;
  changeVote: string;
  cancel: string;
  retract: string;
  voted: string;
  retracted: string;
  closePoll: string;
  newPoll: string;
  reopenPoll: string;
  winner: string;
  winnerRounds: string;
  moveUp: string;
  moveDown: string;
}

/** A whole poll string table, as each Chinese table is. */
export type PollMessages = typeof en & FailureMessages & ActionMessages;

/**
 * A poll string table with its locale's `Intl` formatters: the shared localizer (plurals,
 * placeholders, numbers, dates) and percentages.
 */
export class PollText extends Localizer<PollMessages & Messages> {
  readonly #percent: Intl.NumberFormat;

  constructor(
    locale: Locale,
    /** The strings at hand (this instance's own object: later downloads are added to it). */
    readonly table: typeof en & Partial<FailureMessages & ActionMessages>,
  ) {
    super(locale, table as PollMessages & Messages);
    this.#percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  }

  /** A share given in percent (as the engine rounds it, to one decimal), for the locale. */
  percent(value: number): string {
    return this.#percent.format(value / 100);
  }
}

const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: PollMessages }>> = {
  'zh-CN': () => import('./messages-zh-cn.js'),
  'zh-TW': () => import('./messages-zh-tw.js'),
};
const cache: Partial<Record<Locale, PollText | Promise<PollText>>> = {};

/**
 * The poll strings for `locale`: at once for English and tables already loaded, else a
 * promise (English when the table cannot be downloaded).
 */
export function pollText(locale: Locale): PollText | Promise<PollText> {
  return textFor(cache, locale, LOADERS, (locale, table) => new PollText(locale, table ?? { ...en }));
}
