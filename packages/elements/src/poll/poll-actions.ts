// What only an interaction needs: voting, changing and withdrawing a ballot, staff's Close
// and Reopen, the ranked reorder (keyboard, move buttons, pointer) and the countdown's
// refresh. Downloaded on the first sign of intent (pointer over the widget, focus inside it),
// on the first click that needs it, or when a poll with a deadline is shown.
import { adoptStyles, css, html, nothing, type TemplateResult } from 'lit';
import type { CommunityClient, PollStore, SessionState } from '@hearth/client';
import { HearthError, type ErrorCode, type Poll, type PollResults, type PollView } from '@hearth/protocol';
import { closePoll, reopenPoll, retractVote, votePoll as vote } from '@hearth/client';
import { CommunityErrorEvent, type CommunityErrorAction } from '../events/error-event.js';
import { addEnglish, type PollText } from './messages.js';
import type { CommunityPoll } from './poll.js';
import type { PollCreator } from './poll-create.js';
import { CommunityBeforeVoteEvent, CommunityVoteEvent } from './vote-events.js';

addEnglish({
  retry: 'Retry',
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
  [part~='error'],
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

const ERROR_KEYS: Partial<Record<ErrorCode, Parameters<PollText['t']>[0]>> = {
  conflict: 'errorConflict',
  unauthorized: 'errorUnauthorized',
  forbidden: 'errorForbidden',
  not_found: 'errorNotFound',
  unavailable: 'errorUnavailable',
  rate_limited: 'errorRateLimited',
  validation: 'errorValidation',
};

/** What to tell a person about a failed call, in `t`'s language. */
export function errorText(t: PollText, error: HearthError): string {
  // English keeps a validation error's own wording, which names what is wrong.
  if (error.code === 'validation' && t.locale === 'en' && error.message) return error.message;
  return t.explains ? t.t(ERROR_KEYS[error.code] ?? 'errorInternal') : '';
}

const DRAG_EVENTS = ['pointermove', 'pointerup', 'pointercancel'];

export type Busy = 'vote' | 'retract' | 'close' | 'reopen';

/** The ballot being marked: option ids (ranked: the whole order) or a rating. */
export interface Draft {
  choices: string[];
  order: string[];
  rating: number | null;
}

/** The widget's interaction state, shared by reference between the element and its actions. */
export interface PollUi {
  draft: Draft;
  editing: boolean;
  busy: Busy | null;
  writeError: string;
  lastBallots: number | undefined;
  /** The time the countdown shows from. */
  now: number;
  tick: ReturnType<typeof setTimeout> | undefined;
  drag: { id: string; pointer: number } | null;
}

/** What the actions reach of the element beyond its public surface. */
export interface PollBridge {
  el: CommunityPoll;
  ui: PollUi;
  text(): PollText;
  client(): CommunityClient | null;
  store(): PollStore | null;
  session(): SessionState | undefined;
  valid(poll: Poll): boolean;
  resetDraft(view: PollView): void;
  announce(message: string): void;
  /** Makes `updateComplete` wait for `promise`. */
  track<T>(promise: Promise<T>): Promise<T>;
}

export class PollActions {
  #creator: PollCreator | undefined;
  #creating = false;

  constructor(private readonly b: PollBridge) {
    const { el } = b;
    adoptStyles(el.renderRoot as ShadowRoot, [...(el.constructor as typeof CommunityPoll).elementStyles, styles]);
  }

  /** A setup problem, or a load error with Retry. */
  renderError(problem: Parameters<PollText['t']>[0] | null, error?: HearthError): TemplateResult {
    const t = this.b.text();
    return html`<div part="error" class="error-box" role="alert">
      <p>${problem ? t.t(problem) : `${t.t('loadError')} ${errorText(t, error!)}`}</p>
      ${problem ? nothing : html`<button type="button" part="action" data-action="retry" @click=${this.#retry}>${t.t('retry')}</button>`}
    </div>`;
  }

  // Reloads the poll, and the session when that is what failed.
  #retry = (): void => {
    const client = this.b.client();
    void this.b.store()?.refetch();
    if (client && this.b.session()?.status === 'error') void client.queryClient.refetchQueries({ queryKey: ['hearth', 'session'] });
  };

  /** Change vote and Withdraw vote, beside the viewer's ballot. */
  renderChanges(canVote: boolean): TemplateResult {
    const t = this.b.text();
    const busy = !!this.b.ui.busy;
    return html`${canVote
        ? html`<button type="button" part="action" data-action="change" ?disabled=${busy} @click=${() => this.startEdit()}>${t.t('changeVote')}</button>`
        : nothing}
      <button type="button" part="action" data-action="retract" ?disabled=${busy} @click=${() => void this.retract()}>${t.t('retract')}</button>`;
  }

  /** New poll (`create`: staff under `allow-create`), then Close or Reopen for the poll's author and moderators. */
  renderStaff(open: boolean, author: boolean, create: boolean): TemplateResult {
    const t = this.b.text();
    const action = open ? 'close' : 'reopen';
    return html`${create ? this.renderCreate() : nothing}${author
      ? html`<div class="staff">
          <button type="button" part="action" data-action=${action} ?disabled=${!!this.b.ui.busy} @click=${() => this.staff(action)}>${t.t(open ? 'closePoll' : 'reopenPoll')}</button>
        </div>`
      : nothing}`;
  }

  /** The New poll button, or the form it opens. */
  renderCreate(): TemplateResult {
    const close = () => {
      this.#creating = false;
      this.b.el.requestUpdate();
      void this.#focus('[data-action="new"]');
    };
    return this.#creating && this.#creator
      ? this.#creator.render(close)
      : html`<button type="button" part="action" data-action="new" @click=${this.#openCreate}>${this.b.text().t('newPoll')}</button>`;
  }

  #openCreate = (): void => {
    const { el } = this.b;
    void this.b.track(import('./poll-create.js')).then(({ PollCreator }) => {
      this.#creator ??= new PollCreator(el, () => [this.b.client(), this.b.text()], (view) => {
        this.#creating = false;
        el.poll = view.poll.id;
      });
      this.#creating = true;
      el.requestUpdate();
      void this.#focus('[part~="create"] input');
    });
  };

  startEdit(): void {
    const { ui } = this.b;
    ui.editing = true;
    ui.writeError = '';
    this.b.el.requestUpdate();
    void this.#focus('[part~="form"] input, [part~="rank-item"]');
  }

  cancelEdit(): void {
    this.b.ui.editing = false;
    const view = this.b.el.view;
    if (view) this.b.resetDraft(view);
    this.b.el.requestUpdate();
    void this.#focus('[data-action="change"]');
  }

  async submit(): Promise<void> {
    const { el, ui } = this.b;
    const view = el.view;
    const client = this.b.client();
    if (!view || !client || ui.busy || !this.b.valid(view.poll)) return;
    const { poll } = view;
    const { draft } = ui;
    const rating = poll.type === 'rating' ? draft.rating : null;
    const choices = poll.type === 'rating' ? [] : poll.type === 'ranked' ? [...draft.order] : [...draft.choices];
    const change = !!view.viewerBallot;
    const before = new CommunityBeforeVoteEvent({ pollId: poll.id, choices, rating, change });
    if (!el.dispatchEvent(before)) return;
    await this.#write('vote', () => vote(client, poll.type === 'rating' ? { pollId: poll.id, rating: rating! } : { pollId: poll.id, choices }), (next) => {
      ui.editing = false;
      this.b.announce(this.b.text().t('voted'));
      el.dispatchEvent(new CommunityVoteEvent({ action: change ? 'change' : 'vote', view: next }));
    });
  }

  async retract(): Promise<void> {
    const { el, ui } = this.b;
    const view = el.view;
    const client = this.b.client();
    if (!view || !client || ui.busy) return;
    await this.#write('retract', () => retractVote(client, { pollId: view.poll.id }), (next) => {
      ui.editing = false;
      this.b.announce(this.b.text().t('retracted'));
      el.dispatchEvent(new CommunityVoteEvent({ action: 'retract', view: next }));
    });
  }

  staff(action: 'close' | 'reopen'): void {
    const view = this.b.el.view;
    const client = this.b.client();
    if (!view || !client || this.b.ui.busy) return;
    const pollId = view.poll.id;
    void this.#write(action, () => (action === 'close' ? closePoll(client, { pollId }) : reopenPoll(client, { pollId })), () => {});
  }

  async #write(busy: Busy, call: () => Promise<PollView>, done: (view: PollView) => void): Promise<void> {
    const { el, ui } = this.b;
    ui.busy = busy;
    ui.writeError = '';
    el.requestUpdate();
    try {
      const view = await call();
      ui.busy = null;
      ui.lastBallots = view.poll.totalBallots;
      done(view);
    } catch (error) {
      const text = this.b.text();
      await text.failures();
      ui.busy = null;
      const failure = HearthError.is(error) ? error : new HearthError('internal', String(error));
      ui.writeError = errorText(this.b.text(), failure);
      // The shared action union does not name poll writes yet (see docs/poll.md).
      el.dispatchEvent(new CommunityErrorEvent({ error: failure, action: busy as CommunityErrorAction }));
      // A conflict means the poll moved on (closed, changes off): show it as it is now.
      if (failure.code === 'conflict') void this.b.store()?.refetch();
    }
    el.requestUpdate();
  }

  /** Focuses what `selector` finds once the update under way has rendered. */
  async #focus(selector: string): Promise<void> {
    const { el } = this.b;
    await el.updateComplete;
    el.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  // --- time -------------------------------------------------------------------------------

  /** Keeps the countdown honest, and reloads when the deadline passes (no event is sent then). */
  schedule(): void {
    const { el, ui } = this.b;
    clearTimeout(ui.tick);
    ui.tick = undefined;
    const poll = el.view?.poll;
    if (!el.isConnected || !poll?.closesAt || poll.closed) return;
    const left = Date.parse(poll.closesAt) - Date.now();
    const delay = left <= 0 ? 2000 : Math.min(left, left < 120_000 ? 1000 - (left % 1000) || 1000 : left < 7_200_000 ? 30_000 : 60_000);
    ui.tick = setTimeout(() => {
      ui.now = Date.now();
      if (ui.now >= Date.parse(poll.closesAt!)) void this.b.store()?.refetch();
      el.requestUpdate();
    }, delay);
  }

  /** Who won a ranked poll, and after how many rounds. */
  renderWinner({ poll }: PollView, results: Extract<PollResults, { type: 'ranked' }>): TemplateResult {
    const t = this.b.text();
    const winner = results.winner!;
    const label = poll.options.find((o) => o.id === winner)?.label ?? winner;
    const count = results.rounds.length;
    return html`<p class="summary" data-winner=${winner}>${count > 1 ? t.t('winnerRounds', { label, count }) : t.t('winner', { label })}</p>`;
  }

  /** A rating poll's long scale (more steps than a row of choices holds) as a slider. */
  renderSlider(poll: Poll): TemplateResult {
    const t = this.b.text();
    const { draft } = this.b.ui;
    const { rating } = draft;
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
          draft.rating = Number((e.target as HTMLInputElement).value);
          this.b.el.requestUpdate();
        }}
      />
      <output>${rating === null ? '' : t.number(rating)}</output>
    </div>`;
  }

  // --- ranking ----------------------------------------------------------------------------

  /** A ranked poll's ordered options: drag them, press their move buttons, or Alt+Up/Down. */
  renderRanking(poll: Poll): TemplateResult {
    const t = this.b.text();
    const labels = new Map(poll.options.map((o) => [o.id, o.label]));
    const { drag, draft: { order } } = this.b.ui;
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
    const { order } = this.b.ui.draft;
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
    const { draft } = this.b.ui;
    const order = draft.order.filter((other) => other !== id);
    order.splice(to, 0, id);
    draft.order = order;
    this.b.el.requestUpdate();
  }

  #announceMove(id: string): void {
    const t = this.b.text();
    const order = this.b.ui.draft.order;
    const label = this.b.el.view?.poll.options.find((o) => o.id === id)?.label ?? id;
    this.b.announce(t.t('moved', { label, position: t.number(order.indexOf(id) + 1), total: t.number(order.length) }));
  }

  /** A pointer down on a ranked option (`item`, read while the event was dispatched). */
  dragStart(e: PointerEvent, id: string, item: Element): void {
    // The move buttons are buttons; only the rest of the row is a handle.
    if (e.button !== 0 || (e.target as Element).closest('button')) return;
    this.b.ui.drag = { id, pointer: e.pointerId };
    // The rest of the drag is heard on the wrapper, only while it lasts.
    for (const type of DRAG_EVENTS) this.b.el.renderRoot.addEventListener(type, this.#pointer as EventListener);
    try {
      // Keeps the moves coming while the pointer leaves the row.
      item.setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser does not track (a synthetic event, or one already up): the base's listeners still see it.
    }
    this.b.el.requestUpdate();
  }

  /** pointermove, pointerup and pointercancel over the widget during a drag. */
  #pointer = (e: PointerEvent): void => {
    const { el, ui } = this.b;
    const drag = ui.drag;
    if (!drag || e.pointerId !== drag.pointer) return;
    if (e.type !== 'pointercancel') {
      // The new place is how many other options' middles lie above the pointer.
      const to = [...el.renderRoot.querySelectorAll<HTMLElement>('[part~="rank-item"]')].filter((item) => {
        if (item.dataset.option === drag.id) return false;
        const { top, height } = item.getBoundingClientRect();
        return e.clientY > top + height / 2;
      }).length;
      const from = ui.draft.order.indexOf(drag.id);
      if (to !== from && from >= 0) this.#place(drag.id, to);
    }
    if (e.type === 'pointermove') return;
    for (const type of DRAG_EVENTS) el.renderRoot.removeEventListener(type, this.#pointer as EventListener);
    ui.drag = null;
    el.requestUpdate();
    this.#announceMove(drag.id);
  };
}
