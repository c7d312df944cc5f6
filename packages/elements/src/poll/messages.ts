import type { ErrorCode, HearthError } from '@hearth/protocol';
import type { Locale } from '../i18n/locale.js';

/**
 * Every string `<community-poll>` shows. Plural strings join their forms with `|`
 * (`other`, `one|other` or `zero|one|other`, as in the shared tables); `{name}` placeholders
 * are filled by `PollText.t`, with `{count}` already formatted for the locale.
 */
export const en = {
  pollLabel: 'Poll',
  loading: 'Loading poll…',
  loadError: 'The poll could not be loaded.',
  retry: 'Retry',
  ballots: 'No votes yet|{count} vote|{count} votes',
  closesIn: 'Closes {time}',
  closedOn: 'Closed {date}',
  closed: 'Closed',
  pickOne: 'Choose one.',
  pickRange: 'Choose {min} to {max}.',
  pickExactly: 'Choose {max}.',
  rankHint: 'Order by preference, best first: drag, use the arrows, or press Alt+Up/Down.',
  rateHint: 'Rate from {min} to {max}.',
  moveUp: 'Move {label} up',
  moveDown: 'Move {label} down',
  rankItem: '{position}. {label}',
  moved: '{label} moved to position {position} of {total}.',
  vote: 'Vote',
  saveVote: 'Save vote',
  voting: 'Sending…',
  changeVote: 'Change vote',
  cancel: 'Cancel',
  retract: 'Withdraw vote',
  voted: 'Your vote was counted.',
  retracted: 'Your vote was withdrawn.',
  yourChoice: 'your choice',
  yourRank: 'your #{rank}',
  youVoted: 'You voted.',
  resultsLabel: 'Results',
  firstPreferences: 'First preferences',
  optionResult: '{count} vote, {percent}|{count} votes, {percent}',
  average: 'Average {average} from {count} rating|Average {average} from {count} ratings',
  winner: 'Winner: {label}',
  winnerRounds: 'Winner: {label}, after {count} round|Winner: {label}, after {count} rounds',
  hiddenAfterVote: 'Results are shown once you have voted.',
  hiddenAfterClose: 'Results are shown when the poll closes.',
  hiddenStaffOnly: 'Only the organisers see the results.',
  signInToVote: 'Sign in to vote.',
  cannotVote: 'You cannot vote in this poll.',
  closePoll: 'Close poll',
  newPoll: 'New poll',
  reopenPoll: 'Reopen poll',
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

/** A whole poll string table, as each Chinese table is. */
export type PollMessages = typeof en & FailureMessages;
type Key = keyof PollMessages;

const ERROR_KEYS: Partial<Record<ErrorCode, Key>> = {
  conflict: 'errorConflict',
  unauthorized: 'errorUnauthorized',
  forbidden: 'errorForbidden',
  not_found: 'errorNotFound',
  unavailable: 'errorUnavailable',
  rate_limited: 'errorRateLimited',
  validation: 'errorValidation',
};

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/** A poll string table with its locale's `Intl` formatters. */
export class PollText {
  readonly #plural: Intl.PluralRules;
  readonly #number: Intl.NumberFormat;
  readonly #percent: Intl.NumberFormat;
  readonly #relative: Intl.RelativeTimeFormat;
  readonly #date: Intl.DateTimeFormat;

  #failures: Promise<unknown> | undefined;

  constructor(
    /** The locale these strings are in. */
    readonly locale: Locale,
    private messages: typeof en & Partial<FailureMessages>,
  ) {
    this.#plural = new Intl.PluralRules(locale);
    this.#number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    this.#percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    this.#relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    this.#date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }

  /**
   * Resolves once the failure strings are in (at once for the Chinese tables, which carry
   * them). Never rejects: offline, `t()` falls back to what is at hand.
   */
  failures(): Promise<unknown> {
    return (this.#failures ??= 'errorInternal' in this.messages
      ? Promise.resolve()
      : import('./messages-en-failures.js').then(
          ({ messages }) => (this.messages = { ...this.messages, ...messages }),
          () => (this.#failures = undefined),
        ));
  }

  /** Whether the failure strings are in. */
  get explains(): boolean {
    return 'errorInternal' in this.messages;
  }

  /** A message with its placeholders filled; a numeric `count` picks the plural form. Failure strings not yet loaded read as the load error. */
  t(key: Key, vars: Record<string, string | number> = {}): string {
    let text = this.messages[key] ?? this.messages.loadError;
    const { count } = vars;
    if (typeof count === 'number') {
      const forms = text.split('|');
      const n = forms.length;
      text = forms[count === 0 && n > 2 ? 0 : n > 1 && this.#plural.select(count) === 'one' ? n - 2 : n - 1]!;
      vars = { ...vars, count: this.number(count) };
    }
    return text.replace(/\{(\w+)\}/g, (match, name: string) => String(vars[name] ?? match));
  }

  /** A number for the locale (ratings keep up to two decimals). */
  number(value: number): string {
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

  /** A full date and time. */
  date(date: Date): string {
    return this.#date.format(date);
  }

  /** What to tell a person about a failed call. */
  error(error: HearthError): string {
    // English keeps a validation error's own wording, which names what is wrong.
    if (error.code === 'validation' && this.locale === 'en' && error.message) return error.message;
    return this.explains ? this.t(ERROR_KEYS[error.code] ?? 'errorInternal') : '';
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
  return (cache[locale] ??=
    locale === 'en'
      ? new PollText('en', en)
      : LOADERS[locale]().then(
          ({ messages }) => (cache[locale] = new PollText(locale, messages)),
          () => (cache[locale] = pollText('en') as PollText),
        ));
}
