import type { Locale } from '../i18n/locale.js';
import { Localizer } from '../i18n/localizer.js';
import { textFor } from '../parts/parts.js';
import type { Messages } from '../i18n/messages.js';

/**
 * Every string `<community-poll>` shows. Plural strings join their forms with `|`
 * (`other`, `one|other` or `zero|one|other`, as in the shared tables); `{name}` placeholders
 * are filled by `PollText.t`, with `{count}` already formatted for the locale.
 */
export const en = {
  pollLabel: 'Poll',
  loading: 'Loading poll…',
  loadError: 'The poll could not be loaded.',
  ballots: 'No votes yet|{count} vote|{count} votes',
  closesIn: 'Closes {time}',
  closedOn: 'Closed {date}',
  closed: 'Closed',
  pickOne: 'Choose one.',
  pickRange: 'Choose {min} to {max}.',
  pickExactly: 'Choose {max}.',
  rankHint: 'Order by preference, best first: drag, use the arrows, or press Alt+Up/Down.',
  rateHint: 'Rate from {min} to {max}.',
  rankItem: '{position}. {label}',
  vote: 'Vote',
  yourChoice: 'your choice',
  yourRank: 'your #{rank}',
  youVoted: 'You voted.',
  resultsLabel: 'Results',
  firstPreferences: 'First preferences',
  optionResult: '{count} vote, {percent}|{count} votes, {percent}',
  average: 'Average {average} from {count} rating|Average {average} from {count} ratings',
  hiddenAfterVote: 'Results are shown once you have voted.',
  hiddenAfterClose: 'Results are shown when the poll closes.',
  hiddenStaffOnly: 'Only the organisers see the results.',
  signInToVote: 'Sign in to vote.',
  cannotVote: 'You cannot vote in this poll.',
  updated: 'Results updated: {ballots}.',
};

/** What only a failure shows (setup problems, error messages): English downloads it on the first failure. */
export interface FailureMessages {
  noPoll: string;
  configMissing: string;
  configEndpoint: string;
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

/** What only an interaction shows: English comes with the actions (poll-actions.ts). */
export interface ActionMessages {
  retry: string;
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

type Key = keyof PollMessages;

/** Adds English strings downloaded later (the actions'). */
export const addEnglish = (table: Partial<PollMessages>): void => void Object.assign((pollText('en') as PollText).table, table);

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * A poll string table with its locale's `Intl` formatters: the shared localizer (plurals,
 * placeholders, dates), with numbers to two decimals, percentages and a countdown.
 */
export class PollText extends Localizer<PollMessages & Messages> {
  readonly #number: Intl.NumberFormat;
  readonly #percent: Intl.NumberFormat;
  readonly #relative: Intl.RelativeTimeFormat;

  #failures: Promise<unknown> | undefined;

  constructor(
    locale: Locale,
    /** The strings at hand (this instance's own object: later downloads are added to it). */
    readonly table: typeof en & Partial<FailureMessages & ActionMessages>,
  ) {
    super(locale, table as PollMessages & Messages);
    this.#number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    this.#percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    this.#relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  }

  /**
   * Resolves once the failure strings are in (at once for the Chinese tables, which carry
   * them). Never rejects: offline, `t()` falls back to what is at hand.
   */
  failures(): Promise<unknown> {
    return (this.#failures ??= this.explains
      ? Promise.resolve()
      : import('./messages-en-failures.js').then(
          ({ messages }) => Object.assign(this.table, messages),
          () => (this.#failures = undefined),
        ));
  }

  /** Whether the failure strings are in. */
  get explains(): boolean {
    return 'errorInternal' in this.table;
  }

  /** A message with its placeholders filled; a numeric `count` picks the plural form. Strings not yet loaded read as the load error. */
  override t(key: Key, vars?: Record<string, string | number>): string {
    return super.t(key in this.table ? key : 'loadError', vars);
  }

  /** A number for the locale (ratings keep up to two decimals). */
  override number(value: number): string {
    return this.#number.format(value);
  }

  /** A share given in percent (as the engine rounds it, to one decimal), for the locale. */
  percent(value: number): string {
    return this.#percent.format(value / 100);
  }

  /** "in 3 hours", "in 45 seconds": how far `date` is ahead of `now`. */
  until(date: Date, now: number): string {
    const seconds = Math.max(0, Math.round((date.getTime() - now) / 1000));
    const [unit, size] = UNITS.find(([, size]) => seconds >= size) ?? ['second', 1];
    return this.#relative.format(Math.floor(seconds / size), unit);
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
