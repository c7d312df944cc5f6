import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import { HearthError, roleAtLeast, type Poll, type PollResults, type PollView } from '@hearth/protocol';
import { pollStore, type PollState, type PollStore } from '@hearth/client';
import { CommunityWidget, type ConfigProblem, type WidgetTheme } from '../base/community-widget.js';
import { StoreController } from '../controllers/store-controller.js';
import { partsStyles } from '../parts/parts.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import { pollText, type PollText } from './messages.js';
import { styles } from './poll.styles.js';
import type { PollActions, PollUi } from './poll-actions.js';

/** The colour schemes the widget ships, or a selector it follows (see `theme`). */
export type PollTheme = WidgetTheme;

// Why there is nothing to show, named by the message that explains it.
type Problem = ConfigProblem | 'noPoll';

// Rating scales with more steps than this get a slider instead of a row of choices.
const MAX_SCALE_CHOICES = 11;

/**
 * @summary A poll: single choice, multiple choice, ranked choice or a rating, with live
 * results, a closing countdown, and the viewer's own ballot marked.
 *
 * The client comes from, in order: the `client` property, `configure({ client })`,
 * `configure({ adapter })`, then the in-browser memory backend for `adapter="memory"`.
 * Results follow the poll's visibility rule as the backend applies it; while they are
 * hidden the widget says why. Every vote anywhere updates the results live (over
 * `pollChannel(pollId)`), and two widgets of one poll on a page share one request and one
 * subscription. Ranked polls reorder by dragging, by the move buttons, or with Alt+Up and
 * Alt+Down on an option. The poll's author and moderators get Close and Reopen.
 * Setup problems and error messages speak from a small table downloaded on the first failure.
 *
 * @attr poll - The poll id (required). Changing it loads the other poll.
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows an error explaining so.
 * @attr loading - `lazy` defers every request until the widget is within 200px of the viewport; `eager` (default).
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 * @attr theme - `light` (default), `dark`, `auto` (follows `prefers-color-scheme`), or a selector such as `html[data-theme=dark]`: dark while the widget or an ancestor matches it. Reflected.
 * @attr allow-create - Offers moderators and up a New poll form (downloaded when opened); the poll made is then shown here. Without `poll`, staff see only that.
 *
 * @fires {CommunityBeforeVoteEvent} community-before-vote - A ballot is about to be sent (cancelable; cancel to keep it unsent).
 * @fires {CommunityVoteEvent} community-vote - The backend accepted a ballot, a changed ballot or a withdrawal.
 * @fires {CommunityErrorEvent} community-error - Loading, a vote, or the setup failed.
 *
 * @csspart base - The wrapper.
 * @csspart question - The question heading.
 * @csspart meta - The vote count and the closing countdown.
 * @csspart countdown - "Closes in 3 hours" / "Closed".
 * @csspart form - The ballot form.
 * @csspart option - One choice (single, multiple and rating polls).
 * @csspart ranking - The ordered list of a ranked poll.
 * @csspart rank-item - One option of a ranked poll.
 * @csspart move - A move up or move down button of a ranked option.
 * @csspart submit - The Vote / Save vote button.
 * @csspart ballot - The viewer's own ballot with Change and Withdraw.
 * @csspart action - Change vote, Withdraw vote, Cancel, Close poll, Reopen poll.
 * @csspart results - The results.
 * @csspart result - One option's (or rating value's) result row.
 * @csspart bar - A result bar.
 * @csspart notice - Why results are hidden or voting is closed to the viewer.
 * @csspart error - An error message.
 * @csspart create - The New poll form (`allow-create`).
 * @csspart create-option - One option row of the New poll form.
 * @csspart field-error - The backend's message beside a field of the New poll form.
 *
 * @cssprop --community-poll-accent - Buttons and selected choices. Falls back to `--community-color-accent`.
 * @cssprop --community-poll-on-accent - Text on the accent colour. Falls back to `--community-color-on-accent`.
 * @cssprop --community-poll-bar - Result bar colour. Falls back to `--community-color-accent`.
 * @cssprop --community-poll-bar-own - The bar of the viewer's own choice. Falls back to `--community-color-success`.
 * @cssprop --community-poll-track - Behind a result bar. Falls back to `--community-color-surface-raised`.
 * @cssprop --community-poll-bar-height - Result bar thickness (default 0.5rem).
 * @cssprop --community-poll-surface - Background. Falls back to `--community-color-surface`.
 * @cssprop --community-poll-surface-raised - Selected choices, dragged options. Falls back to `--community-color-surface-raised`.
 * @cssprop --community-poll-text - Text colour. Falls back to `--community-color-text`.
 * @cssprop --community-poll-muted - Secondary text. Falls back to `--community-color-muted`.
 * @cssprop --community-poll-border - Borders. Falls back to `--community-color-border`.
 * @cssprop --community-poll-danger - Errors. Falls back to `--community-color-danger`.
 * @cssprop --community-poll-focus - Focus ring. Falls back to `--community-color-focus`.
 * @cssprop --community-poll-skeleton - Loading placeholder. Falls back to `--community-color-skeleton`.
 * @cssprop --community-poll-radius - Corner radius. Falls back to `--community-radius`.
 * @cssprop --community-poll-space - Base spacing. Falls back to `--community-space`.
 * @cssprop --community-poll-font-family - Font. Falls back to `--community-font-family`.
 * @cssprop --community-poll-font-size - Base font size. Falls back to `--community-font-size`.
 */
export class CommunityPoll extends CommunityWidget {
  static override styles = [baseStyles, widgetTokens('poll'), partsStyles, styles];

  static override properties = {
    poll: {},
    allowCreate: { type: Boolean, attribute: 'allow-create' },
    noPoll: { state: true },
    announcement: { state: true },
  };

  /** The poll id. */
  poll?: string;

  /** Lets staff create a poll in place (which then shows here). */
  allowCreate = false;

  private noPoll = false;
  private announcement = '';

  readonly #poll = new StoreController<PollState>(this);
  #store: PollStore | null = null;
  #storeFor: unknown[] = [];
  #text = pollText('en') as PollText;
  // What is being marked, sent or dragged; shared with the actions, loaded on the first intent.
  readonly #ui: PollUi = { draft: { choices: [], order: [], rating: null }, editing: false, busy: null, writeError: '', lastBallots: undefined, now: Date.now(), tick: undefined, drag: null };
  // Which ballot the draft was made from, so a reload that changes nothing keeps what is being marked.
  #draftFor: string | undefined;
  #actions: PollActions | undefined;
  #actionsLoad: Promise<PollActions> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#ui.tick);
    this.#ui.tick = undefined;
  }

  /** The poll as this viewer sees it, once loaded. */
  get view(): PollView | null {
    return this.#poll.value?.view ?? null;
  }

  get #problem(): Problem | null {
    return this.configProblem ?? (this.noPoll ? 'noPoll' : null);
  }

  protected override clientChanged(client: CommunityClient | null): void {
    if (!client) this.#setStore(null);
  }

  protected override problemMessage(problem: ConfigProblem): Promise<string> {
    return this.#text.failures().then(() => this.#text.t(problem));
  }

  protected override storesChanged(_changed: PropertyValues<this>): void {
    const text = pollText(this.locale);
    if (text instanceof Promise) this.track(text).then(() => this.requestUpdate());
    else this.#text = text;
    this.#syncStore();
    this.#follow();
    // Setup problems and failures speak from a table of their own, fetched on the first one.
    const failing = this.#problem || this.#poll.value?.error || this.sessionState?.error;
    if (failing && !this.#text.explains) void this.track(this.#text.failures()).then(() => this.requestUpdate());
  }

  protected override updated(): void {
    // The countdown's refresh comes with the actions, fetched once a deadline is shown.
    const poll = this.view?.poll;
    if (this.#ui.tick !== undefined || (poll?.closesAt && !poll.closed)) this.#act((a) => a.schedule());
  }

  protected override render(): TemplateResult {
    return html`
      <section
        part="base"
        class="base"
        aria-labelledby="question"
        @pointerenter=${this.#intent}
        @focusin=${this.#intent}
      >
        ${this.#renderBody()}
        <div role="alert">${this.#ui.writeError ? html`<p part="error">${this.#ui.writeError}</p>` : nothing}</div>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  // --- store ------------------------------------------------------------------------------

  #syncStore(): void {
    const client = this.isConnected && this.resolvedClient;
    if (!client) return this.#setStore(null);
    const id = this.poll?.trim();
    if (!id) {
      this.#setStore(null);
      // Staff may create the poll this widget then shows; wait for the session to say who this is.
      if (this.allowCreate && (this.sessionState?.status !== 'success' || this.#canCreate)) {
        this.noPoll = false;
        return;
      }
      if (!this.noPoll) {
        this.noPoll = true;
        void this.#text.failures().then(() => this.reportError(HearthError.validation('poll', this.#text.t('noPoll')), 'config'));
      }
      return;
    }
    this.noPoll = false;
    if (client === this.#storeFor[0] && id === this.#storeFor[1]) return;
    this.#setStore(pollStore(client, id));
    this.#storeFor = [client, id];
  }

  #setStore(store: PollStore | null): void {
    if (store === this.#store) return;
    this.#store = store;
    this.#storeFor = [];
    this.#poll.setStore(store);
    // Another poll: what was marked, open or failed belonged to the old one.
    this.#draftFor = undefined;
    this.#ui.editing = false;
    this.#ui.writeError = '';
    this.#ui.lastBallots = undefined;
  }

  /** Reports load failures once each and announces results that arrived from others. */
  #follow(): void {
    const state = this.#poll.value;
    this.reportError(state?.error ?? this.sessionState?.error, 'load');
    const view = state?.view;
    if (!view) return;
    if (this.#draftFor !== ballotKey(view)) this.#resetDraft(view);
    const ballots = view.poll.totalBallots;
    const ui = this.#ui;
    if (ui.lastBallots !== undefined && ballots !== ui.lastBallots && !ui.busy) {
      this.#announce(this.#text.t('updated', { ballots: this.#text.t('ballots', { count: ballots }) }));
    }
    ui.lastBallots = ballots;
  }

  #announce(message: string): void {
    // Cleared first so the same message is read again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = message));
  }

  /** The viewer's ballot as the draft, or a fresh one: ranked order starts in poll order. */
  #resetDraft({ poll, viewerBallot }: PollView): void {
    this.#draftFor = ballotKey({ viewerBallot });
    const ids = poll.options.map((o) => o.id);
    const chosen = viewerBallot?.choices.filter((id) => ids.includes(id)) ?? [];
    this.#ui.draft = {
      choices: chosen,
      order: [...chosen, ...ids.filter((id) => !chosen.includes(id))],
      rating: viewerBallot?.rating ?? null,
    };
  }

  #isOpen(poll: Poll): boolean {
    return !poll.closed && !(poll.closesAt && Date.parse(poll.closesAt) <= this.#ui.now);
  }

  // --- rendering ----------------------------------------------------------------------------

  #renderBody(): TemplateResult | typeof nothing {
    const t = this.#text;
    const problem = this.#problem;
    if (problem) return this.#lazy((a) => a.renderError(problem));
    if (!this.#store && this.allowCreate && this.#canCreate) {
      return html`<h2 id="question" class="visually-hidden">${t.t('pollLabel')}</h2>
        ${this.#lazy((a) => a.renderCreate())}`;
    }
    const state = this.#poll.value;
    const sessionError = this.sessionState?.status === 'error' ? this.sessionState.error : null;
    const loadError = state?.error ?? sessionError;
    // Failures speak through the actions (with the failure strings), as does Retry.
    const errorBox = loadError ? this.#lazy((a) => a.renderError(null, loadError)) : nothing;
    const view = state?.view;
    if (!view) {
      if (state?.status === 'error') return html`<h2 part="question" id="question" class="visually-hidden">${t.t('pollLabel')}</h2>${errorBox}`;
      return html`
        <div class="skeleton" aria-busy="true">
          <h2 id="question" class="visually-hidden">${t.t('pollLabel')}</h2>
          <span class="visually-hidden">${t.t('loading')}</span>
          <div class="bone"></div>
          <div class="bone"></div>
          <div class="bone"></div>
        </div>
      `;
    }
    const { poll } = view;
    const open = this.#isOpen(poll);
    const marking = open && view.viewerCanVote && (!view.viewerBallot || this.#ui.editing);
    return html`
      ${errorBox}
      <h2 part="question" id="question">${poll.question}</h2>
      <p part="meta" class="meta">
        <span>${t.t('ballots', { count: poll.totalBallots })}</span>
        ${this.#renderCountdown(poll, open)}
      </p>
      ${marking ? this.#renderForm(view) : this.#renderBallot(view, open)}
      ${view.results ? this.#renderResults(view, view.results) : this.#renderHidden(view)}
      ${this.#renderStaff(poll, open)}
    `;
  }

  #renderCountdown(poll: Poll, open: boolean): TemplateResult | typeof nothing {
    const t = this.#text;
    if (open) {
      if (!poll.closesAt) return nothing;
      const at = new Date(poll.closesAt);
      return html`<time part="countdown" datetime=${poll.closesAt} title=${t.absoluteTime(at)}>${t.t('closesIn', { time: t.until(at, this.#ui.now) })}</time>`;
    }
    const at = poll.closedAt ?? poll.closesAt;
    return at
      ? html`<time part="countdown" datetime=${at} title=${t.absoluteTime(new Date(at))}>${t.t('closedOn', { date: t.absoluteTime(new Date(at)) })}</time>`
      : html`<span part="countdown">${t.t('closed')}</span>`;
  }

  #hintFor(poll: Poll): string {
    const t = this.#text;
    switch (poll.type) {
      case 'single':
        return t.t('pickOne');
      case 'multiple': {
        const [min, max] = this.#picks(poll);
        return t.t(min === max ? 'pickExactly' : 'pickRange', { min: t.number(min), max: t.number(max) });
      }
      case 'ranked':
        return t.t('rankHint');
      case 'rating':
        return t.t('rateHint', { min: t.number(poll.scale!.min), max: t.number(poll.scale!.max) });
    }
  }

  #picks(poll: Poll): [number, number] {
    return [poll.minPicks ?? 1, poll.maxPicks ?? poll.options.length];
  }

  #valid(poll: Poll): boolean {
    const { choices, rating, order } = this.#ui.draft;
    if (poll.type === 'rating') return rating !== null;
    if (poll.type === 'ranked') return order.length > 0;
    const [min, max] = poll.type === 'single' ? [1, 1] : this.#picks(poll);
    return choices.length >= min && choices.length <= max;
  }

  #renderForm(view: PollView): TemplateResult {
    const t = this.#text;
    const { poll } = view;
    const busy = this.#ui.busy === 'vote';
    const change = !!view.viewerBallot;
    return html`
      <form part="form" novalidate @submit=${this.#submit}>
        <fieldset aria-labelledby="question" aria-describedby="hint" ?disabled=${busy}>
          <p class="hint" id="hint">${this.#hintFor(poll)}</p>
          ${poll.type === 'ranked' ? this.#lazy((a) => a.renderRanking(poll)) : poll.type === 'rating' ? this.#renderScale(poll) : this.#renderChoices(poll)}
        </fieldset>
        <div class="actions">
          <button part="submit" class="primary" type="submit" ?disabled=${busy || !this.#valid(poll)}>
            ${t.t(busy ? 'voting' : change ? 'saveVote' : 'vote')}
          </button>
          ${change
            ? html`<button type="button" part="action" data-action="cancel" @click=${() => this.#act((a) => a.cancelEdit())}>${t.t('cancel')}</button>`
            : nothing}
        </div>
      </form>
    `;
  }

  #renderChoices(poll: Poll): TemplateResult {
    const multiple = poll.type === 'multiple';
    const [, max] = this.#picks(poll);
    const { draft } = this.#ui;
    const { choices } = draft;
    return html`<div class="options">
      ${poll.options.map(({ id, label }) => {
        const checked = choices.includes(id);
        return html`<label part="option" class="option">
          <input
            type=${multiple ? 'checkbox' : 'radio'}
            name="choice"
            value=${id}
            .checked=${checked}
            ?disabled=${multiple && !checked && choices.length >= max}
            @change=${(e: Event) => {
              const on = (e.target as HTMLInputElement).checked;
              draft.choices = multiple ? (on ? [...choices, id] : choices.filter((c) => c !== id)) : [id];
              this.requestUpdate();
            }}
          />
          <span>${label}</span>
        </label>`;
      })}
    </div>`;
  }

  #renderScale(poll: Poll): TemplateResult | typeof nothing {
    const t = this.#text;
    const values = scaleValues(poll);
    const { draft } = this.#ui;
    const { rating } = draft;
    const set = (value: number) => {
      draft.rating = value;
      this.requestUpdate();
    };
    // A long scale is a slider, drawn by the actions.
    if (values.length > MAX_SCALE_CHOICES) return this.#lazy((a) => a.renderSlider(poll));
    return html`<div class="scale">
      ${values.map(
        (value) => html`<label part="option" class="option">
          <input type="radio" name="rating" value=${value} .checked=${rating === value} @change=${() => set(value)} />
          <span>${t.number(value)}</span>
        </label>`,
      )}
    </div>`;
  }

  #renderBallot(view: PollView, open: boolean): TemplateResult | typeof nothing {
    const t = this.#text;
    const { poll, viewerBallot } = view;
    if (!viewerBallot) {
      if (!open) return nothing;
      return html`<p part="notice" class="notice">${t.t(this.resolvedClient?.viewer ? 'cannotVote' : 'signInToVote')}</p>`;
    }
    return html`<div part="ballot" class="ballot">
      <span>${t.t('youVoted')} ${this.#ballotText(view)}</span>
      ${open && poll.allowChange ? this.#lazy((a) => a.renderChanges(view.viewerCanVote)) : nothing}
    </div>`;
  }

  /** The viewer's ballot in words: "Pizza", "Pizza, Sushi", "1. Pizza 2. Sushi", "4". */
  #ballotText({ poll, viewerBallot }: PollView): string {
    const t = this.#text;
    if (!viewerBallot) return '';
    if (poll.type === 'rating') return viewerBallot.rating === null ? '' : t.number(viewerBallot.rating);
    const labels = new Map(poll.options.map((o) => [o.id, o.label]));
    const names = viewerBallot.choices.map((id) => labels.get(id) ?? id);
    if (poll.type === 'ranked') return names.map((label, i) => t.t('rankItem', { position: t.number(i + 1), label })).join(' ');
    return new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(names);
  }

  #renderHidden(view: PollView): TemplateResult | typeof nothing {
    const reason = view.resultsHiddenReason;
    if (!reason) return nothing;
    const key = reason === 'after_vote' ? 'hiddenAfterVote' : reason === 'after_close' ? 'hiddenAfterClose' : 'hiddenStaffOnly';
    return html`<p part="notice" class="notice" data-hidden=${reason}>${this.#text.t(key)}</p>`;
  }

  #renderResults(view: PollView, results: PollResults): TemplateResult {
    const t = this.#text;
    const ballot = view.viewerBallot;
    // Bound as a property: setting element.style goes through the CSSOM, which a strict CSP
    // allows where a style attribute would be refused.
    const row = (key: string, label: string, count: number, percent: number, own: string | null) =>
      html`<li part="result${own ? ' result-own' : ''}" class="result ${own ? 'own' : ''}" data-result=${key}>
        <div class="result-line">
          <span>${label}${own ? html` <span class="own-badge">${own}</span>` : nothing}</span>
          <span class="count">${t.t('optionResult', { count, percent: t.percent(percent) })}</span>
        </div>
        <div class="track" aria-hidden="true"><div part="bar" class="bar" .style=${`--_pct:${Math.min(100, Math.max(0, percent))}%`}></div></div>
      </li>`;
    if (results.type === 'rating') {
      return html`<div part="results" class="results" role="group" aria-label=${t.t('resultsLabel')}>
        <ul role="list">
          ${results.distribution.map(({ value, count, percent }) =>
            row(String(value), t.number(value), count, percent, ballot?.rating === value ? t.t('yourChoice') : null),
          )}
        </ul>
        ${results.average === null
          ? nothing
          : html`<p class="summary">${t.t('average', { average: t.number(results.average), count: results.count })}</p>`}
      </div>`;
    }
    const ranked = results.type === 'ranked';
    const own = (id: string): string | null => {
      const at = ballot?.choices.indexOf(id) ?? -1;
      if (at < 0) return null;
      return ranked ? t.t('yourRank', { rank: t.number(at + 1) }) : t.t('yourChoice');
    };
    return html`<div part="results" class="results" role="group" aria-label=${t.t('resultsLabel')}>
      ${ranked ? html`<h3>${t.t('firstPreferences')}</h3>` : nothing}
      <ul role="list">
        ${results.options.map(({ optionId, label, count, percent }) => row(optionId, label, count, percent, own(optionId)))}
      </ul>
      ${ranked && results.winner ? this.#lazy((a) => a.renderWinner(view, results)) : nothing}
    </div>`;
  }

  get #canCreate(): boolean {
    const viewer = this.sessionState?.session?.viewer;
    return !!viewer && roleAtLeast(viewer.role, 'moderator');
  }

  /** Staff's Close or Reopen and New poll (`allow-create`), rendered by the actions once they are in. */
  #renderStaff(poll: Poll, open: boolean): TemplateResult | typeof nothing {
    const viewer = this.sessionState?.session?.viewer;
    const author = !!viewer && (viewer.id === poll.author.id || roleAtLeast(viewer.role, 'moderator'));
    const create = this.allowCreate && this.#canCreate;
    return author || create ? this.#lazy((a) => a.renderStaff(open, author, create)) : nothing;
  }

  /** What the actions render: nothing until they are in (downloading them), then that. */
  #lazy(render: (actions: PollActions) => TemplateResult | typeof nothing): TemplateResult | typeof nothing {
    if (this.#actions) return render(this.#actions);
    this.#loadActions().then(() => this.requestUpdate(), () => {});
    return nothing;
  }

  // --- actions ----------------------------------------------------------------------------

  #submit = (e: Event): void => {
    e.preventDefault();
    this.#act((a) => a.submit());
  };

  // The pointer over the widget or focus inside it: fetch what an interaction needs now, so
  // the first click does not wait for a download.
  #intent = (): void => {
    this.#loadActions().catch(() => {});
  };

  #loadActions(): Promise<PollActions> {
    return (this.#actionsLoad ??= this.track(
      import('./poll-actions.js').then(
        ({ PollActions }) =>
          (this.#actions = new PollActions({
            el: this,
            ui: this.#ui,
            text: () => this.#text,
            client: () => this.resolvedClient,
            store: () => this.#store,
            session: () => this.sessionState,
            valid: (poll) => this.#valid(poll),
            resetDraft: (view) => this.#resetDraft(view),
            announce: (message) => this.#announce(message),
            track: (promise) => this.track(promise),
          })),
        (error: unknown) => {
          this.#actionsLoad = undefined;
          throw error;
        },
      ),
    ));
  }

  /** Runs an action now when the actions are in, else once they have loaded (`updateComplete` waits). */
  #act(run: (actions: PollActions) => unknown): void {
    if (this.#actions) run(this.#actions);
    else this.track(this.#loadActions().then((actions) => void run(actions))).catch(() => {});
  }
}

/** What identifies the viewer's ballot: when it was last cast, or '' for none. */
function ballotKey({ viewerBallot }: Pick<PollView, 'viewerBallot'>): string {
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
