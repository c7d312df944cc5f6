import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { roleAtLeast, type PollResults, type PollType, type PollView } from '@hearth/protocol';
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

/**
 * @internal Where the widget's lazy part comes from: one place, so a test can stand in a
 * download that fails or waits.
 */
export const pollChunks = { actions: () => import('./poll-actions.js') };

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
 * The resting look (question, count, choices, ballot, results) renders at once; what only an
 * interaction, a deadline, a rating or ranked ballot, or a failure needs comes in one chunk,
 * fetched on the first sign of intent (pointer over the widget, focus inside it) or as soon as
 * such a part is shown. A click before it arrived is kept and carried out once it has.
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
  };

  /** The poll id. */
  poll?: string;

  /** Lets staff create a poll in place (which then shows here). */
  allowCreate = false;

  readonly #poll = new StoreController<PollState>(this);
  #store: PollStore | null = null;
  // The poll id the store is for (a new client lets the store go: see clientChanged).
  #storeFor: string | undefined;
  #text = pollText('en') as PollText;
  // What is being marked or sent, shared with the actions; a new poll starts it afresh.
  #ui: PollUi = { choices: [] };
  #actions: PollActions | undefined;
  #actionsLoad: Promise<PollActions> | undefined;
  // The actions' download failed: say so with a Retry instead of downloading again on every render.
  #failed = false;

  /** The poll as this viewer sees it, once loaded. */
  get view(): PollView | null {
    return this.#poll.value?.view ?? null;
  }

  // Another client (or none): the store belonged to the old one.
  protected override clientChanged(): void {
    this.#setStore(null);
  }

  // Setup problems speak from the failure strings, which come with the actions.
  protected override problemMessage(problem: ConfigProblem): Promise<string> {
    return this.#loadActions().then((actions) => actions.explain(problem));
  }

  protected override storesChanged(_changed: PropertyValues<this>): void {
    const text = pollText(this.locale);
    if (text instanceof Promise) this.track(text).then(() => this.requestUpdate());
    else this.#text = text;
    this.#syncStore();
    const state = this.#poll.value;
    this.reportError(state?.error ?? this.sessionState?.error, 'load');
    const view = state?.view;
    if (!view) return;
    // Results that others moved are announced (the actions word it; a vote of one's own says so itself).
    const ui = this.#ui;
    const ballots = view.poll.totalBallots;
    if (ui.ballots !== undefined && ballots !== ui.ballots) this.#act((a) => a.updated(ballots));
    ui.ballots = ballots;
  }

  protected override render(): TemplateResult {
    const t = this.#text;
    return html`
      <section
        part="base"
        class="base"
        aria-labelledby="question"
        @pointerenter=${this.#intent}
        @focusin=${this.#intent}
      >
        ${this.#renderBody()}
        <div role="alert">
          ${this.#failed
            ? html`<p part="error">${t.t('loadError')} <button type="button" part="action" data-action="retry" @click=${this.#intent}>${t.t('retry')}</button></p>`
            : this.#actions?.renderAlert()}
        </div>
        <div class="visually-hidden" role="status" aria-live="polite">${this.#actions?.status}</div>
      </section>
    `;
  }

  // --- store ------------------------------------------------------------------------------

  #syncStore(): void {
    const client = this.isConnected && this.resolvedClient;
    const id = this.poll?.trim();
    if (!client || !id) return this.#setStore(null);
    if (this.#store && id === this.#storeFor) return;
    this.#setStore(pollStore(client, id));
    this.#storeFor = id;
  }

  #setStore(store: PollStore | null): void {
    if (store === this.#store) return;
    this.#store = store;
    this.#poll.setStore(store);
    // Another poll: what was marked, open or failed belonged to the old one.
    this.#ui = { choices: [] };
  }

  // --- rendering ----------------------------------------------------------------------------

  #renderBody(): unknown {
    const t = this.#text;
    const problem = this.configProblem;
    const state = this.#poll.value;
    const session = this.sessionState;
    const error = state?.error ?? (session?.status === 'error' ? session.error : null);
    const view = state?.view;
    // Setup problems, a poll that failed to load and no poll attribute (the New poll form for
    // staff, else the problem) all come with the actions.
    if (problem || (this.resolvedClient && !this.poll?.trim()) || (!view && state?.status === 'error')) {
      return this.#lazy((a) => a.renderAlone(problem, error));
    }
    if (!view) {
      return html`
        <div aria-busy="true">
          <h2 id="question" class="visually-hidden">${t.t('pollLabel')}</h2>
          <span class="visually-hidden">${t.t('loading')}</span>
          ${[0, 1, 2].map(() => html`<div class="bone"></div>`)}
        </div>
      `;
    }
    const { poll } = view;
    const open = !poll.closed && !(poll.closesAt && Date.parse(poll.closesAt) <= Date.now());
    const marking = open && view.viewerCanVote && (!view.viewerBallot || this.#ui.editing);
    const viewer = session?.session?.viewer;
    return html`
      ${error ? this.#lazy((a) => a.renderError(null, error)) : nothing}
      <h2 part="question" id="question">${poll.question}</h2>
      <p part="meta" class="meta">
        <span>${t.t('ballots', { count: poll.totalBallots })}</span>
        ${poll.closesAt || !open ? this.#lazy((a) => a.renderCountdown(poll, open)) : nothing}
      </p>
      ${marking ? this.#renderForm(view) : view.viewerBallot || open ? this.#lazy((a) => a.renderBallot(view, open)) : nothing}
      ${view.results ? this.#renderResults(view, view.results) : this.#lazy((a) => a.renderHidden(view))}
      ${viewer && (viewer.id === poll.author.id || roleAtLeast(viewer.role, 'moderator'))
        ? this.#lazy((a) => a.renderStaff(open))
        : nothing}
    `;
  }

  /** The ballot: single and multiple choices here; a ranking or a rating scale from the actions. */
  #renderForm(view: PollView): TemplateResult {
    const t = this.#text;
    const { poll } = view;
    const { choices } = this.#ui;
    const sending = this.#ui.busy === 'vote';
    const multiple = poll.type === 'multiple';
    const [min, max] = [poll.minPicks ?? 1, poll.maxPicks ?? poll.options.length];
    const full = multiple && choices.length >= max;
    // Vote waits for the validation, which comes with the actions: nothing is marked before them.
    return html`
      <form part="form" novalidate @submit=${this.#submit} @change=${this.#pick}>
        <fieldset aria-labelledby="question" aria-describedby="hint" ?disabled=${sending}>
          ${choosing(poll.type)
            ? html`<p class="hint" id="hint">
                  ${multiple ? t.t(min === max ? 'pickExactly' : 'pickRange', { min: t.number(min), max: t.number(max) }) : t.t('pickOne')}
                </p>
                <div class="options">
                  ${poll.options.map(({ id, label }) => {
                    const checked = choices.includes(id);
                    return html`<label part="option" class="option">
                      <input type=${multiple ? 'checkbox' : 'radio'} name="choice" value=${id} .checked=${checked} ?disabled=${full && !checked} />
                      <span>${label}</span>
                    </label>`;
                  })}
                </div>`
            : this.#lazy((a) => a.renderInput(poll))}
        </fieldset>
        <div class="actions">
          <button part="submit" class="primary" type="submit" ?disabled=${sending || !this.#actions?.valid(poll)}>
            ${this.#actions?.submitLabel(view) ?? t.t('vote')}
          </button>
          ${this.#actions?.renderCancel(view)}
        </div>
      </form>
    `;
  }

  #renderResults(view: PollView, results: PollResults): unknown {
    const t = this.#text;
    const ballot = view.viewerBallot;
    // Ranked results (first preferences, the winner) and a rating's (its scale, the average) come with the actions.
    if (results.type === 'ranked' || results.type === 'rating') return this.#lazy((a) => a.renderResults(view, results));
    return renderResults(
      t,
      results.options.map(({ optionId, ...tally }) => ({ ...tally, key: optionId, own: ballot?.choices.includes(optionId) ? t.t('yourChoice') : '' })),
    );
  }

  /** What the actions render: nothing until they are in (downloading them), then that. */
  #lazy(render: (actions: PollActions) => unknown): unknown {
    if (this.#actions) return render(this.#actions);
    if (!this.#failed) this.#intent();
    return nothing;
  }

  // --- actions ----------------------------------------------------------------------------

  #submit = (e: Event): void => {
    e.preventDefault();
    this.#act((a) => a.submit());
  };

  // A choice marked: the actions read the form, so picks made before they arrived still count.
  #pick = (e: Event): void => {
    const form = e.currentTarget as HTMLFormElement;
    this.#act((a) => a.pick(form));
  };

  // The pointer over the widget or focus inside it (and Retry): fetch what an interaction
  // needs now, so the first click does not wait for a download.
  #intent = (): void => {
    this.#loadActions().then(() => this.requestUpdate(), () => {});
  };

  #loadActions(): Promise<PollActions> {
    return (this.#actionsLoad ??= this.track(
      pollChunks.actions().then(
        ({ PollActions }) => {
          this.#failed = false;
          return (this.#actions = new PollActions(
            this,
            () => ({ ui: this.#ui, text: this.#text, store: this.#store, client: this.resolvedClient, session: this.sessionState }),
            (promise) => this.track(promise),
          ));
        },
        (error: unknown) => {
          this.#actionsLoad = undefined;
          this.#failed = true;
          this.requestUpdate();
          throw error;
        },
      ),
    ));
  }

  /** Runs an action now when the actions are in, else once they have loaded (`updateComplete` waits). */
  #act(run: (actions: PollActions) => unknown): void {
    if (this.#actions) run(this.#actions);
    else this.track(this.#loadActions().then(run)).catch(() => {});
  }
}

/** Single and multiple choice: the kinds the widget draws itself (ranked and rating come with the actions). */
function choosing(type: PollType): boolean {
  return type === 'single' || type === 'multiple';
}

/** One result row: an option or a rating's scale step, with the viewer's own marked (`own`: how). */
export interface ResultRow {
  key: string;
  label: string;
  count: number;
  percent: number;
  own: string;
}

/**
 * The results as bars with their counts and shares, between what a kind adds above and below
 * (ranked: a heading and the winner; rating: the average). Shared with the actions.
 */
export function renderResults(t: PollText, rows: ResultRow[], above?: unknown, below?: unknown): TemplateResult {
  // Bound as a property: setting element.style goes through the CSSOM, which a strict CSP
  // allows where a style attribute would be refused.
  return html`<div part="results" class="results" role="group" aria-label=${t.t('resultsLabel')}>
    ${above}
    <ul role="list">
      ${rows.map(
        ({ key, label, count, percent, own }) => html`<li part="result${own ? ' result-own' : ''}" class=${own ? 'own' : ''} data-result=${key}>
          <div class="result-line">
            <span>${label}${own ? html` <span class="own-badge">${own}</span>` : nothing}</span>
            <span class="count">${t.t('optionResult', { count, percent: t.percent(percent) })}</span>
          </div>
          <div class="track" aria-hidden="true"><div part="bar" class="bar" .style=${`--_pct:${Math.min(100, Math.max(0, percent))}%`}></div></div>
        </li>`,
      )}
    </ul>
    ${below}
  </div>`;
}
