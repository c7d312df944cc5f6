// What only an interaction, a deadline, a rating or ranked ballot, or a failure needs: voting,
// changing and withdrawing a ballot and checking it first; staff's Close and Reopen; the
// ranked reorder (keyboard, move buttons, pointer); the rating scale; the countdown and its
// refresh; the average and the winner; the error box with Retry; and the announcements.
// Downloaded on the first sign of intent (pointer over the widget, focus inside it), on the
// first click that needs it, or as soon as a part it draws is shown.
import { adoptStyles, css, html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { CommunityClient, PollStore, SessionState } from '@hearth/client';
import { HearthError, roleAtLeast, type ErrorCode, type Poll, type PollResults, type PollView } from '@hearth/protocol';
import { closePoll, reopenPoll, retractVote, votePoll as vote } from '@hearth/client';
import { CommunityErrorEvent, type CommunityErrorAction } from '../events/error-event.js';
import { pollText, type PollMessages, type PollText } from './messages.js';
import { renderResults, type CommunityPoll } from './poll.js';
import type { PollCreator } from './poll-create.js';
import { CommunityBeforeVoteEvent, CommunityVoteEvent } from './vote-events.js';

/** Adds English strings downloaded later (these, the failures'). */
const addEnglish = (table: Partial<PollMessages>): void => void Object.assign((pollText('en') as PollText).table, table);

addEnglish({
  hidden_after_vote: 'Results are shown once you have voted.',
  hidden_after_close: 'Results are shown when the poll closes.',
  hidden_staff_only: 'Only the organisers see the results.',
  signInToVote: 'Sign in to vote.',
  cannotVote: 'You cannot vote in this poll.',
  youVoted: 'You voted.',
  rankItem: '{position}. {label}',
  yourRank: 'your #{rank}',
  firstPreferences: 'First preferences',
  closesIn: 'Closes {time}',
  closedOn: 'Closed {date}',
  closed: 'Closed',
  rankHint: 'Order by preference, best first: drag, use the arrows, or press Alt+Up/Down.',
  rateHint: 'Rate from {min} to {max}.',
  average: 'Average {average} from {count} rating|Average {average} from {count} ratings',
  updated: 'Results updated: {ballots}.',
  moved: '{label} moved to position {position} of {total}.',
  saveVote: 'Save vote',
  voting: 'Sending…',
  changeVote: 'Change vote',
  cancel: 'Cancel',
  retract: 'Withdraw vote',
  voted: 'Your vote was counted.',
  retracted: 'Your vote was withdrawn.',
  closePoll: 'Close poll',
  newPoll: 'New poll',
  reopenPoll: 'Reopen poll',
  winner: 'Winner: {label}',
  winnerRounds: 'Winner: {label}, after {count} round|Winner: {label}, after {count} rounds',
  moveUp: 'Move {label} up',
  moveDown: 'Move {label} down',
});

// Styles of what only the actions render.
const styles = css`
  .staff,
  .error-box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .staff,
  .create {
    margin-block-start: var(--_space);
  }
  .create {
    display: grid;
    gap: 0.5em;
  }
  .create fieldset {
    display: grid;
    gap: 0.5em;
    margin: 0;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .create ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.4em;
  }
  .create-field {
    display: grid;
    gap: 0.2em;
  }
  .create-option,
  .create-row,
  .check {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em 0.75em;
  }
  .create-option input {
    flex: 1;
    min-width: 8em;
  }
  .field-error {
    flex-basis: 100%;
    margin: 0;
    color: var(--_danger);
    font-size: 0.9em;
  }
  .scale {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    margin-block-end: var(--_space);
  }
  .option:has(input:checked) {
    border-color: var(--_accent);
    background: var(--_raised);
  }
  .ballot {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin: 0 0 var(--_space);
  }
  h3 {
    font-size: 1em;
    margin: 0 0 0.5em;
  }
  .summary {
    margin: 0.75em 0 0;
    font-weight: 600;
  }
  .ranking {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
    display: grid;
    gap: 0.4em;
  }
  .rank-item {
    display: flex;
    align-items: center;
    gap: 0.6em;
    padding: 0.4em 0.5em 0.4em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: grab;
    touch-action: none;
    user-select: none;
  }
  .position {
    color: var(--_muted);
  }
  .label {
    flex: 1;
  }
  .rank-item.dragging {
    cursor: grabbing;
    border-color: var(--_accent);
    background: var(--_raised);
  }
  .error-box p {
    color: var(--_danger);
  }
  .error-box {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    margin-block-end: var(--_space);
  }
  .error-box p {
    margin: 0;
  }
`;

const ERROR_KEYS: Partial<Record<ErrorCode, keyof PollMessages>> = {
  conflict: 'errorConflict',
  unauthorized: 'errorUnauthorized',
  forbidden: 'errorForbidden',
  not_found: 'errorNotFound',
  unavailable: 'errorUnavailable',
  rate_limited: 'errorRateLimited',
  validation: 'errorValidation',
};

/** Whether `t` holds the failure strings (the Chinese tables always do; English downloads them). */
const explains = (t: PollText): boolean => 'errorInternal' in t.table;

let failing: Promise<unknown> | undefined;

/**
 * Resolves once `t` can explain failures: at once for the Chinese tables, after a download
 * for English. Never rejects: offline, what is at hand is shown.
 */
export function failures(t: PollText): Promise<unknown> {
  if (explains(t)) return Promise.resolve();
  return (failing ??= import('./messages-en-failures.js').then(
    ({ messages }) => addEnglish(messages),
    () => (failing = undefined),
  ));
}

/** What to tell a person about a failed call, in `t`'s language. */
export function errorText(t: PollText, error: HearthError): string {
  // English keeps a validation error's own wording, which names what is wrong.
  if (error.code === 'validation' && t.locale === 'en' && error.message) return error.message;
  return explains(t) ? t.t(ERROR_KEYS[error.code] ?? 'errorInternal') : '';
}

const DRAG_EVENTS = ['pointermove', 'pointerup', 'pointercancel'];

// Rating scales with more steps than this get a slider instead of a row of choices.
const MAX_SCALE_CHOICES = 11;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/** "in 3 hours", "in 45 seconds": how far `date` is ahead of now, in `t`'s language. */
function until(t: PollText, date: Date): string {
  const seconds = Math.max(0, Math.round((date.getTime() - Date.now()) / 1000));
  const [unit, size] = UNITS.find(([, size]) => seconds >= size) ?? ['second', 1];
  return new Intl.RelativeTimeFormat(t.locale, { numeric: 'auto' }).format(Math.floor(seconds / size), unit);
}

/** Why the viewer has no ballot to mark, or (`hidden`: the reason) sees no results. */
function notice(text: string, hidden?: string): TemplateResult {
  return html`<p part="notice" class="notice" data-hidden=${hidden ?? nothing}>${text}</p>`;
}

/** A rating or an average, to two decimals at most. */
function rated(t: PollText, value: number): string {
  return new Intl.NumberFormat(t.locale, { maximumFractionDigits: 2 }).format(value);
}

/** What identifies the viewer's ballot: when it was last cast, or '' for none. */
function ballotKey({ viewerBallot }: PollView): string {
  return viewerBallot ? `${viewerBallot.votedAt}|${viewerBallot.updatedAt}` : '';
}

/** Every value of a rating poll's scale, lowest first, without floating-point noise. */
function scaleValues(poll: Poll): number[] {
  const { min, max, step } = poll.scale ?? { min: 1, max: 5, step: 1 };
  const values: number[] = [];
  for (let i = 0; ; i++) {
    const value = Number((min + i * step).toFixed(10));
    if (value > max + 1e-9) break;
    values.push(value);
  }
  return values;
}

export type Busy = 'vote' | 'retract' | 'close' | 'reopen';

/**
 * The widget's interaction state, shared by reference between the element and its actions;
 * the element starts a new one for each poll. The ballot being marked is `choices` (single,
 * multiple), `order` (ranked: the whole order) or `rating`.
 */
export interface PollUi {
  choices: string[];
  order?: string[];
  rating?: number | null;
  editing?: boolean;
  busy?: Busy | null;
  writeError?: string;
  /** The ballot count last seen, to tell others' votes apart. */
  ballots?: number;
  /** Which ballot the draft was made from, so a reload that changes nothing keeps what is being marked. */
  draftFor?: string;
  drag?: { id: string; pointer: number } | null;
}

/** The element's private state, as the actions read it (fresh at each call). */
export interface PollBridge {
  ui: PollUi;
  text: PollText;
  store: PollStore | null;
  client: CommunityClient | null;
  session: SessionState | undefined;
}

/**
 * Everything the widget does beyond its resting look. A controller of the widget, so it
 * follows each update: the draft before rendering, the countdown's timer after.
 */
export class PollActions implements ReactiveController {
  #creator: PollCreator | undefined;
  #creating = false;
  #tick: ReturnType<typeof setTimeout> | undefined;

  /** What the polite live region says. */
  status = '';

  constructor(
    private readonly el: CommunityPoll,
    private readonly state: () => PollBridge,
    /** Makes `updateComplete` wait for a promise. */
    private readonly track: <T>(promise: Promise<T>) => Promise<T>,
  ) {
    adoptStyles(el.renderRoot as ShadowRoot, [...(el.constructor as typeof CommunityPoll).elementStyles, styles]);
    el.addController(this);
    // Picks made before the actions arrived are applied after this, onto the fresh draft.
    this.hostUpdate();
  }

  /** Before each render: a draft for the ballot on show, or the missing poll attribute reported. */
  hostUpdate(): void {
    const view = this.el.view;
    if (view) this.#follow(view);
    this.#reportMissing();
  }

  /** After each render: the countdown's refresh. */
  hostUpdated(): void {
    this.schedule();
  }

  /** The widget left the page: no more countdown. */
  hostDisconnected(): void {
    this.#stop();
  }

  #stop(): void {
    clearTimeout(this.#tick);
    this.#tick = undefined;
  }

  get #ui(): PollUi {
    return this.state().ui;
  }

  get #text(): PollText {
    return this.state().text;
  }

  /** Why the results are hidden from the viewer, if they are. */
  renderHidden({ resultsHiddenReason: reason }: PollView): TemplateResult | typeof nothing {
    return reason ? notice(this.#text.t(`hidden_${reason}`), reason) : nothing;
  }

  /** A setup problem's message, once the failure strings are in. */
  explain(problem: keyof PollMessages): Promise<string> {
    return failures(this.#text).then(() => this.#text.t(problem));
  }

  /** Starts the draft afresh when the viewer's ballot is another than the one it was made from. */
  #follow(view: PollView): void {
    const ui = this.#ui;
    if (ui.draftFor !== ballotKey(view)) this.#resetDraft(view);
  }

  /** The viewer's ballot as the draft, or a fresh one: ranked order starts in poll order. */
  #resetDraft(view: PollView): void {
    const { poll, viewerBallot } = view;
    const ui = this.#ui;
    ui.draftFor = ballotKey(view);
    const ids = poll.options.map((o) => o.id);
    const chosen = viewerBallot?.choices.filter((id) => ids.includes(id)) ?? [];
    ui.choices = chosen;
    ui.order = [...chosen, ...ids.filter((id) => !chosen.includes(id))];
    ui.rating = viewerBallot?.rating ?? null;
  }

  /** Reads the ballot form's marked choices (and rating) into the draft. */
  pick(form: HTMLFormElement): void {
    const ui = this.#ui;
    const checked = [...form.querySelectorAll<HTMLInputElement>('input:checked')];
    ui.choices = checked.filter((input) => input.name === 'choice').map((input) => input.value);
    const rating = checked.find((input) => input.name === 'rating');
    if (rating) ui.rating = Number(rating.value);
    this.el.requestUpdate();
  }

  /** Whether the draft is a ballot the poll takes. */
  valid(poll: Poll): boolean {
    const { choices, rating, order } = this.#ui;
    if (poll.type === 'rating') return typeof rating === 'number';
    if (poll.type === 'ranked') return !!order?.length;
    const [min, max] = poll.type === 'single' ? [1, 1] : [poll.minPicks ?? 1, poll.maxPicks ?? poll.options.length];
    return choices.length >= min && choices.length <= max;
  }

  /** Announces results that others moved (not while the viewer's own write is under way). */
  updated(ballots: number): void {
    const t = this.#text;
    if (!this.#ui.busy) this.#announce(t.t('updated', { ballots: t.t('ballots', { count: ballots }) }));
  }

  #announce(message: string): void {
    // Cleared first so the same message is read again.
    this.status = '';
    this.el.requestUpdate();
    void this.el.updateComplete.then(() => {
      this.status = message;
      this.el.requestUpdate();
    });
  }

  /**
   * What the widget shows instead of a poll: a setup problem, a poll that failed to load, or
   * without a poll attribute the New poll form (staff under `allow-create`; until the session
   * says who this is, nothing) or the problem.
   */
  renderAlone(problem: keyof PollMessages | null, error: HearthError | null): TemplateResult {
    const t = this.#text;
    if (problem) return this.renderError(problem);
    const heading = html`<h2 part=${error ? 'question' : nothing} id="question" class="visually-hidden">${t.t('pollLabel')}</h2>`;
    if (error) return html`${heading}${this.renderError(null, error)}`;
    const creating = this.#offersCreate();
    return html`${heading}${creating ? (creating === 'waiting' ? nothing : this.renderCreate()) : this.renderError('noPoll')}`;
  }

  /** Without a poll attribute: whether staff are offered the New poll form, or that the session is still loading to tell. */
  #offersCreate(): boolean | 'waiting' {
    const { session } = this.state();
    if (!this.el.allowCreate) return false;
    if (session?.status !== 'success') return 'waiting';
    const viewer = session.session?.viewer;
    return !!viewer && roleAtLeast(viewer.role, 'moderator');
  }

  // Each time the poll attribute goes missing (with no New poll form instead), the page hears
  // of it once (`community-error`), in the widget's language.
  #missing = false;

  #reportMissing(): void {
    const missing = !!this.state().client && !this.el.poll?.trim() && !this.#offersCreate();
    if (missing && !this.#missing) {
      void this.explain('noPoll').then((message) =>
        this.el.dispatchEvent(new CommunityErrorEvent({ error: HearthError.validation('poll', message), action: 'config' })),
      );
    }
    this.#missing = missing;
  }

  /** A setup problem, or a load error with Retry. */
  renderError(problem: keyof PollMessages | null, error?: HearthError | null): TemplateResult {
    const t = this.#text;
    // Failures speak from a table of their own, fetched on the first one.
    if (!explains(t)) void this.track(failures(t)).then(() => this.el.requestUpdate());
    return html`<div part="error" class="error-box" role="alert">
      <p>${problem ? t.t(problem) : `${t.t('loadError')} ${errorText(t, error!)}`}</p>
      ${problem ? nothing : html`<button type="button" part="action" data-action="retry" @click=${this.#retry}>${t.t('retry')}</button>`}
    </div>`;
  }

  // Reloads the poll, and the session when that is what failed.
  #retry = (): void => {
    const { client, store, session } = this.state();
    void store?.refetch();
    if (client && session?.status === 'error') void client.queryClient.refetchQueries({ queryKey: ['hearth', 'session'] });
  };

  /** The message of a write that failed, in the widget's alert region. */
  renderAlert(): TemplateResult | typeof nothing {
    const message = this.#ui.writeError;
    return message ? html`<p part="error">${message}</p>` : nothing;
  }

  /** "Closes in 3 hours" while open with a deadline, "Closed …" after. */
  renderCountdown(poll: Poll, open: boolean): TemplateResult | typeof nothing {
    const t = this.#text;
    if (open) {
      if (!poll.closesAt) return nothing;
      const at = new Date(poll.closesAt);
      return html`<time part="countdown" datetime=${poll.closesAt} title=${t.absoluteTime(at)}>${t.t('closesIn', { time: until(t, at) })}</time>`;
    }
    const at = poll.closedAt ?? poll.closesAt;
    return at
      ? html`<time part="countdown" datetime=${at} title=${t.absoluteTime(new Date(at))}>${t.t('closedOn', { date: t.absoluteTime(new Date(at)) })}</time>`
      : html`<span part="countdown">${t.t('closed')}</span>`;
  }

  /** A ranked or rating ballot's hint and input: the ranking, a row of scale values, or a slider. */
  renderInput(poll: Poll): TemplateResult {
    const t = this.#text;
    const ranked = poll.type === 'ranked';
    const hint = ranked ? t.t('rankHint') : t.t('rateHint', { min: rated(t, poll.scale!.min), max: rated(t, poll.scale!.max) });
    return html`<p class="hint" id="hint">${hint}</p>
      ${ranked ? this.renderRanking(poll) : this.#renderScale(poll)}`;
  }

  #renderScale(poll: Poll): TemplateResult {
    const t = this.#text;
    const values = scaleValues(poll);
    const ui = this.#ui;
    const { rating } = ui;
    if (values.length > MAX_SCALE_CHOICES) {
      const { min, max, step } = poll.scale!;
      return html`<div class="scale">
        <input
          part="option"
          type="range"
          aria-labelledby="question"
          min=${min}
          max=${max}
          step=${step}
          .value=${String(rating ?? min)}
          @input=${(e: Event) => {
            ui.rating = Number((e.target as HTMLInputElement).value);
            this.el.requestUpdate();
          }}
        />
        <output>${typeof rating === 'number' ? rated(t, rating) : ''}</output>
      </div>`;
    }
    // Marking one is heard by the form (see pick).
    return html`<div class="scale">
      ${values.map(
        (value) => html`<label part="option" class="option">
          <input type="radio" name="rating" value=${value} .checked=${rating === value} />
          <span>${rated(t, value)}</span>
        </label>`,
      )}
    </div>`;
  }

  /**
   * A ranked poll's results (first preferences, the viewer's ranks, the winner and after how
   * many rounds) or a rating's (a row per scale step, the viewer's own, the average).
   */
  renderResults({ poll, viewerBallot: ballot }: PollView, results: PollResults): TemplateResult | typeof nothing {
    const t = this.#text;
    if (results.type === 'rating') {
      const rows = results.distribution.map(({ value, ...tally }) => ({ ...tally, key: String(value), label: rated(t, value), own: ballot?.rating === value ? t.t('yourChoice') : '' }));
      return renderResults(
        t,
        rows,
        nothing,
        results.average === null ? nothing : html`<p class="summary">${t.t('average', { average: rated(t, results.average), count: results.count })}</p>`,
      );
    }
    if (results.type !== 'ranked') return nothing;
    const rows = results.options.map(({ optionId, ...tally }) => {
      const at = ballot?.choices.indexOf(optionId) ?? -1;
      return { ...tally, key: optionId, own: at < 0 ? '' : t.t('yourRank', { rank: t.number(at + 1) }) };
    });
    return renderResults(t, rows, html`<h3>${t.t('firstPreferences')}</h3>`, results.winner ? this.#renderWinner(poll, results.winner, results.rounds.length) : nothing);
  }

  /** Who won a ranked poll, and after how many rounds. */
  #renderWinner(poll: Poll, winner: string, count: number): TemplateResult {
    const t = this.#text;
    const label = poll.options.find((o) => o.id === winner)?.label ?? winner;
    return html`<p class="summary" data-winner=${winner}>${count > 1 ? t.t('winnerRounds', { label, count }) : t.t('winner', { label })}</p>`;
  }

  /**
   * The viewer's ballot in words ("Pizza and Sushi", "1. Pizza 2. Sushi", "4"), with Change
   * and Withdraw while it may change; without one (and no form), why there is none to mark.
   */
  renderBallot(view: PollView, open: boolean): TemplateResult {
    const t = this.#text;
    const { poll, viewerBallot } = view;
    if (!viewerBallot) return notice(t.t(this.state().client?.viewer ? 'cannotVote' : 'signInToVote'));
    const labels = viewerBallot.choices.map((id) => poll.options.find((o) => o.id === id)?.label ?? id);
    const rating = viewerBallot.rating;
    const words =
      poll.type === 'rating'
        ? rating === null ? '' : rated(t, rating)
        : poll.type === 'ranked'
          ? labels.map((label, i) => t.t('rankItem', { position: t.number(i + 1), label })).join(' ')
          : new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(labels);
    return html`<div part="ballot" class="ballot">
      <span>${t.t('youVoted')} ${words}</span>
      ${open && poll.allowChange ? this.#renderChanges(view.viewerCanVote) : nothing}
    </div>`;
  }

  /** Change vote and Withdraw vote, beside the viewer's ballot. */
  #renderChanges(canVote: boolean): TemplateResult {
    const t = this.#text;
    const busy = !!this.#ui.busy;
    return html`${canVote
        ? html`<button type="button" part="action" data-action="change" ?disabled=${busy} @click=${() => this.startEdit()}>${t.t('changeVote')}</button>`
        : nothing}
      <button type="button" part="action" data-action="retract" ?disabled=${busy} @click=${() => void this.retract()}>${t.t('retract')}</button>`;
  }

  /** What the submit button says: Vote, Save vote (changing a ballot), or Sending… */
  submitLabel(view: PollView): string {
    return this.#text.t(this.#ui.busy === 'vote' ? 'voting' : view.viewerBallot ? 'saveVote' : 'vote');
  }

  /** Cancel, beside Save vote while a ballot is being changed. */
  renderCancel({ viewerBallot }: PollView): TemplateResult | typeof nothing {
    return viewerBallot
      ? html`<button type="button" part="action" data-action="cancel" @click=${() => this.cancelEdit()}>${this.#text.t('cancel')}</button>`
      : nothing;
  }

  /** For the poll's author and moderators: New poll (staff under `allow-create`), then Close or Reopen. */
  renderStaff(open: boolean): TemplateResult {
    const t = this.#text;
    const viewer = this.state().session?.session?.viewer;
    const create = this.el.allowCreate && !!viewer && roleAtLeast(viewer.role, 'moderator');
    const action = open ? 'close' : 'reopen';
    return html`${create ? this.renderCreate() : nothing}
      <div class="staff">
        <button type="button" part="action" data-action=${action} ?disabled=${!!this.#ui.busy} @click=${() => this.staff(action)}>${t.t(open ? 'closePoll' : 'reopenPoll')}</button>
      </div>`;
  }

  /** The New poll button, or the form it opens. */
  renderCreate(): TemplateResult {
    const close = () => {
      this.#creating = false;
      this.el.requestUpdate();
      void this.#focus('[data-action="new"]');
    };
    return this.#creating && this.#creator
      ? this.#creator.render(close)
      : html`<button type="button" part="action" data-action="new" @click=${this.#openCreate}>${this.#text.t('newPoll')}</button>`;
  }

  #openCreate = (): void => {
    const { el } = this;
    void this.track(import('./poll-create.js')).then(({ PollCreator }) => {
      this.#creator ??= new PollCreator(el, () => [this.state().client, this.#text], (view) => {
        this.#creating = false;
        el.poll = view.poll.id;
      });
      this.#creating = true;
      el.requestUpdate();
      void this.#focus('[part~="create"] input');
    });
  };

  startEdit(): void {
    const ui = this.#ui;
    ui.editing = true;
    ui.writeError = '';
    this.el.requestUpdate();
    void this.#focus('[part~="form"] input, [part~="rank-item"]');
  }

  cancelEdit(): void {
    this.#ui.editing = false;
    const view = this.el.view;
    if (view) this.#resetDraft(view);
    this.el.requestUpdate();
    void this.#focus('[data-action="change"]');
  }

  async submit(): Promise<void> {
    const { el } = this;
    const ui = this.#ui;
    const view = el.view;
    const { client } = this.state();
    if (!view || !client || ui.busy || !this.valid(view.poll)) return;
    const { poll } = view;
    const rating = poll.type === 'rating' ? ui.rating! : null;
    const choices = poll.type === 'rating' ? [] : poll.type === 'ranked' ? [...ui.order!] : [...ui.choices];
    const change = !!view.viewerBallot;
    const before = new CommunityBeforeVoteEvent({ pollId: poll.id, choices, rating, change });
    if (!el.dispatchEvent(before)) return;
    await this.#write('vote', () => vote(client, rating === null ? { pollId: poll.id, choices } : { pollId: poll.id, rating }), (next) => {
      ui.editing = false;
      this.#announce(this.#text.t('voted'));
      el.dispatchEvent(new CommunityVoteEvent({ action: change ? 'change' : 'vote', view: next }));
    });
  }

  async retract(): Promise<void> {
    const { el } = this;
    const ui = this.#ui;
    const view = el.view;
    const { client } = this.state();
    if (!view || !client || ui.busy) return;
    await this.#write('retract', () => retractVote(client, { pollId: view.poll.id }), (next) => {
      ui.editing = false;
      this.#announce(this.#text.t('retracted'));
      el.dispatchEvent(new CommunityVoteEvent({ action: 'retract', view: next }));
    });
  }

  staff(action: 'close' | 'reopen'): void {
    const view = this.el.view;
    const { client } = this.state();
    if (!view || !client || this.#ui.busy) return;
    const pollId = view.poll.id;
    void this.#write(action, () => (action === 'close' ? closePoll(client, { pollId }) : reopenPoll(client, { pollId })), () => {});
  }

  async #write(busy: Busy, call: () => Promise<PollView>, done: (view: PollView) => void): Promise<void> {
    const { el } = this;
    // This poll's state, even if the widget moves to another meanwhile.
    const ui = this.#ui;
    ui.busy = busy;
    ui.writeError = '';
    el.requestUpdate();
    try {
      const view = await call();
      ui.busy = null;
      ui.ballots = view.poll.totalBallots;
      done(view);
    } catch (error) {
      await failures(this.#text);
      ui.busy = null;
      const failure = HearthError.is(error) ? error : new HearthError('internal', String(error));
      ui.writeError = errorText(this.#text, failure);
      // The shared action union does not name poll writes yet (see docs/poll.md).
      el.dispatchEvent(new CommunityErrorEvent({ error: failure, action: busy as CommunityErrorAction }));
      // A conflict means the poll moved on (closed, changes off): show it as it is now.
      if (failure.code === 'conflict') void this.state().store?.refetch();
    }
    el.requestUpdate();
  }

  /** Focuses what `selector` finds once the update under way has rendered. */
  async #focus(selector: string): Promise<void> {
    const { el } = this;
    await el.updateComplete;
    el.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  // --- time -------------------------------------------------------------------------------

  /** Keeps the countdown honest, and reloads when the deadline passes (no event is sent then). */
  schedule(): void {
    const { el } = this;
    this.#stop();
    const poll = el.view?.poll;
    if (!el.isConnected || !poll?.closesAt || poll.closed) return;
    const left = Date.parse(poll.closesAt) - Date.now();
    const delay = left <= 0 ? 2000 : Math.min(left, left < 120_000 ? 1000 - (left % 1000) || 1000 : left < 7_200_000 ? 30_000 : 60_000);
    this.#tick = setTimeout(() => {
      if (Date.now() >= Date.parse(poll.closesAt!)) void this.state().store?.refetch();
      el.requestUpdate();
    }, delay);
  }

  // --- ranking ----------------------------------------------------------------------------

  /** A ranked poll's ordered options: drag them, press their move buttons, or Alt+Up/Down. */
  renderRanking(poll: Poll): TemplateResult {
    const t = this.#text;
    const labels = new Map(poll.options.map((o) => [o.id, o.label]));
    const { drag, order = [] } = this.#ui;
    return html`<ol part="ranking" class="ranking" aria-labelledby="question" aria-describedby="hint">
      ${order.map((id, i) => {
        const label = labels.get(id) ?? id;
        return html`<li
          part="rank-item"
          class="rank-item ${drag?.id === id ? 'dragging' : ''}"
          data-option=${id}
          tabindex="0"
          aria-label=${t.t('rankItem', { position: t.number(i + 1), label })}
          @keydown=${(e: KeyboardEvent) => {
            if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
            e.preventDefault();
            this.move(id, e.key === 'ArrowUp' ? -1 : 1, 'item');
          }}
          @pointerdown=${(e: PointerEvent) => {
            const item = e.currentTarget as Element;
            this.dragStart(e, id, item);
          }}
        >
          <span class="position" aria-hidden="true">${t.number(i + 1)}.</span>
          <span class="label" aria-hidden="true">${label}</span>
          <button part="move" type="button" data-move="up" aria-label=${t.t('moveUp', { label })} ?disabled=${i === 0} @click=${() => this.move(id, -1, 'up')}>↑</button>
          <button part="move" type="button" data-move="down" aria-label=${t.t('moveDown', { label })} ?disabled=${i === order.length - 1} @click=${() => this.move(id, 1, 'down')}>↓</button>
        </li>`;
      })}
    </ol>`;
  }


  /** Moves an option `by` places; focus stays with it (on the same button while it can still move). */
  move(id: string, by: number, focus: 'up' | 'down' | 'item'): void {
    const order = this.#ui.order ?? [];
    const from = order.indexOf(id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= order.length) return;
    this.#place(id, to);
    const item = `[part~="rank-item"][data-option="${CSS.escape(id)}"]`;
    const stillMoves = focus !== 'item' && (focus === 'up' ? to > 0 : to < order.length - 1);
    void this.#focus(stillMoves ? `${item} [data-move="${focus}"]` : item);
    this.#announceMove(id);
  }

  /** Puts option `id` at index `to` of the ranking. */
  #place(id: string, to: number): void {
    const ui = this.#ui;
    const order = (ui.order ?? []).filter((other) => other !== id);
    order.splice(to, 0, id);
    ui.order = order;
    this.el.requestUpdate();
  }

  #announceMove(id: string): void {
    const t = this.#text;
    const order = this.#ui.order ?? [];
    const label = this.el.view?.poll.options.find((o) => o.id === id)?.label ?? id;
    this.#announce(t.t('moved', { label, position: t.number(order.indexOf(id) + 1), total: t.number(order.length) }));
  }

  /** A pointer down on a ranked option (`item`, read while the event was dispatched). */
  dragStart(e: PointerEvent, id: string, item: Element): void {
    // The move buttons are buttons; only the rest of the row is a handle.
    if (e.button !== 0 || (e.target as Element).closest('button')) return;
    this.#ui.drag = { id, pointer: e.pointerId };
    // The rest of the drag is heard on the wrapper, only while it lasts.
    for (const type of DRAG_EVENTS) this.el.renderRoot.addEventListener(type, this.#pointer as EventListener);
    try {
      // Keeps the moves coming while the pointer leaves the row.
      item.setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser does not track (a synthetic event, or one already up): the base's listeners still see it.
    }
    this.el.requestUpdate();
  }

  /** pointermove, pointerup and pointercancel over the widget during a drag. */
  #pointer = (e: PointerEvent): void => {
    const { el } = this;
    const ui = this.#ui;
    const drag = ui.drag;
    if (!drag || e.pointerId !== drag.pointer) return;
    if (e.type !== 'pointercancel') {
      // The new place is how many other options' middles lie above the pointer.
      const to = [...el.renderRoot.querySelectorAll<HTMLElement>('[part~="rank-item"]')].filter((item) => {
        if (item.dataset.option === drag.id) return false;
        const { top, height } = item.getBoundingClientRect();
        return e.clientY > top + height / 2;
      }).length;
      const from = ui.order?.indexOf(drag.id) ?? -1;
      if (to !== from && from >= 0) this.#place(drag.id, to);
    }
    if (e.type === 'pointermove') return;
    for (const type of DRAG_EVENTS) el.renderRoot.removeEventListener(type, this.#pointer as EventListener);
    ui.drag = null;
    el.requestUpdate();
    this.#announceMove(drag.id);
  };
}
