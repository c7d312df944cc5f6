import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { questionListStore, questionStore, type CommunityClient, type LoadStore, type QuestionListState, type QuestionState } from '@hearth/client';
import type { HearthError, Member, Page, QuestionDetail, QuestionFilter, QuestionSummary } from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem } from '../base/community-widget.js';
import { StoreController } from '../controllers/store-controller.js';
import type { CommunityErrorAction } from '../events/error-event.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import { partsStyles } from '../parts/parts.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import { qaText, type QaKey, type QaText } from './messages.js';
import type { QaAsk } from './qa-ask.js';
import type { QaPage } from './qa-page.js';
import { styles } from './qa.styles.js';

// QUESTION_FILTERS' values: that constant sits beside the zod schemas in protocol's qa.ts.
const FILTERS: readonly QuestionFilter[] = ['new', 'unanswered', 'top', 'bounty'];
const PAGE = 20;

/** What the lazy chunks (question page, ask form) need from the widget. */
export interface QaBridge {
  readonly el: CommunityQa;
  text(): QaText;
  client(): CommunityClient | null;
  /** The signed-in member as the backend sees them, or null. */
  viewer(): Member | null;
  /** Whether that viewer may ask a question (signed in, with a role that may post). */
  canAsk(): boolean;
  space(): string;
  /** Shows a question's page in the widget. */
  open(questionId: string): void;
  /** Back to the list. */
  back(): void;
  announce(message: string): void;
  report(error: HearthError, action: CommunityErrorAction): void;
  track<T>(load: Promise<T>): Promise<T>;
}

/**
 * @summary Questions and answers: a list with unanswered/new/top/bounty filters, an ask form
 * with similar questions while typing, and a question page with answers by votes (the
 * accepted one first), up and down votes, accepting, bounties with their countdown, and an
 * answer form.
 *
 * The question page opens inside the widget (a Back button returns to the list; the page's
 * URL is left alone). The list follows `spaceChannel(space)` and an open question follows
 * `questionChannel(id)`, so others' questions, answers, votes and accepts arrive live. The
 * question page and the ask form are downloaded on the first sign of intent.
 *
 * @attr space - The Q&A space (default `qa`, the built-in one). Changing it loads that space.
 * @attr question - A question id: opens its page directly. Changing it opens the other one; removing it returns to the list.
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows an error explaining so.
 * @attr loading - `lazy` defers every request until the widget is near the viewport; `eager` (default).
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 * @attr theme - `light` (default), `dark`, `auto`, or a selector such as `html[data-theme=dark]`. Reflected.
 *
 * @prop {CommunityClient} client - The client to use; wins over every page-wide default.
 * @prop {QuestionDetail | null} openQuestion - The question on the question page once loaded (read-only; null on the list).
 *
 * @fires {CommunityAskEvent} community-ask - The backend accepted a new question (`{ question, bounty }`).
 * @fires {CommunityAnswerEvent} community-answer - The backend accepted a new answer (`{ questionId, answer }`).
 * @fires {CommunityAcceptEvent} community-accept - An answer was accepted, or the accepted one changed (`{ answerId, question }`).
 * @fires {CommunityErrorEvent} community-error - Loading, a write, or the setup failed.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading of the list, the ask form or the question.
 * @csspart ask-button - The Ask a question button (signed out, or as a guest, a "Sign in to ask a question." notice stands in its place).
 * @csspart filters - The filter buttons' group.
 * @csspart filter - One filter button (`filter-active` on the chosen one).
 * @csspart list - The list of questions.
 * @csspart question-row - One question in the list.
 * @csspart question-link - A question's title in the list (opens its page).
 * @csspart stat - Votes and answers of a row.
 * @csspart accepted-mark - "Accepted" on a row whose question has an accepted answer.
 * @csspart bounty-tag - A row's open bounty.
 * @csspart more - Show more.
 * @csspart back - Back to the questions.
 * @csspart question - The question on its page.
 * @csspart body - A question's or answer's text.
 * @csspart vote - The up and down vote buttons.
 * @csspart score - A score between the vote buttons.
 * @csspart answers - The list of answers.
 * @csspart answer - One answer (`answer-accepted` on the accepted one).
 * @csspart accept - The Accept button.
 * @csspart accepted-badge - "Accepted answer".
 * @csspart bounty - The bounty panel: amount, countdown, grace and what happens on expiry.
 * @csspart bounty-form - The Offer a bounty form.
 * @csspart answer-form - The answer form.
 * @csspart ask-form - The ask form.
 * @csspart similar - Similar questions shown while typing a title.
 * @csspart duplicate - The closed-as-duplicate notice with the link to the original.
 * @csspart notice - Signed out, locked, waiting for review.
 * @csspart submit - A form's submit button.
 * @csspart error - An error message (an alert).
 *
 * @cssprop --community-qa-accent - Buttons, the chosen filter, bounties. Falls back to `--community-color-accent`.
 * @cssprop --community-qa-on-accent - Text on the accent colour. Falls back to `--community-color-on-accent`.
 * @cssprop --community-qa-surface - Background. Falls back to `--community-color-surface`.
 * @cssprop --community-qa-surface-raised - Rows and the accepted answer. Falls back to `--community-color-surface-raised`.
 * @cssprop --community-qa-text - Text colour. Falls back to `--community-color-text`.
 * @cssprop --community-qa-muted - Secondary text. Falls back to `--community-color-muted`.
 * @cssprop --community-qa-border - Borders. Falls back to `--community-color-border`.
 * @cssprop --community-qa-danger - Errors. Falls back to `--community-color-danger`.
 * @cssprop --community-qa-success - The accepted mark. Falls back to `--community-color-success`.
 * @cssprop --community-qa-focus - Focus ring. Falls back to `--community-color-focus`.
 * @cssprop --community-qa-skeleton - Loading placeholder. Falls back to `--community-color-skeleton`.
 * @cssprop --community-qa-radius - Corner radius. Falls back to `--community-radius`.
 * @cssprop --community-qa-space - Base spacing. Falls back to `--community-space`.
 * @cssprop --community-qa-avatar-size - Avatar size in author chips. Falls back to `--community-avatar-size`.
 * @cssprop --community-qa-font-family - Font. Falls back to `--community-font-family`.
 * @cssprop --community-qa-font-size - Base font size. Falls back to `--community-font-size`.
 */
export class CommunityQa extends CommunityWidget {
  static override styles = [baseStyles, widgetTokens('qa'), markdownStyles, partsStyles, styles];

  static override properties = {
    space: {},
    question: {},
    filter: { state: true },
    view: { state: true },
    openId: { state: true },
    limit: { state: true },
    announcement: { state: true },
  };

  /** The Q&A space shown. */
  space = 'qa';

  /** A question id whose page is shown directly. */
  question?: string;

  private filter: QuestionFilter = 'new';
  private view: 'list' | 'ask' | 'question' = 'list';
  private openId: string | null = null;
  private limit = PAGE;
  private announcement = '';

  readonly #list = new StoreController<QuestionListState>(this);
  readonly #question = new StoreController<QuestionState>(this);
  #client: CommunityClient | null = null;
  #listKey = '';
  #questionId: string | null = null;
  #listStore: LoadStore<Page<QuestionSummary>> | null = null;
  #questionStore: LoadStore<QuestionDetail> | null = null;
  #text = qaText('en') as QaText;
  #page?: QaPage;
  #ask?: QaAsk;
  #pageLoad?: Promise<QaPage>;
  #askLoad?: Promise<QaAsk>;
  #tick?: ReturnType<typeof setInterval>;
  #chips?: Promise<unknown>;

  readonly #bridge: QaBridge = {
    el: this,
    text: () => this.#text,
    client: () => this.resolvedClient,
    viewer: () => {
      const session = this.sessionState;
      if (session?.session) return session.session.viewer;
      // Until the session answers, the client's own viewer stands in, so a signed-in reader
      // never sees "Sign in" flash by.
      const viewer = this.resolvedClient?.viewer;
      return viewer ? { id: viewer.id, displayName: viewer.displayName, avatarUrl: viewer.avatarUrl ?? null, role: viewer.role ?? 'member' } : null;
    },
    canAsk: () => {
      const viewer = this.#bridge.viewer();
      // PERMISSIONS.post (protocol's permissions.ts): every role but guest. Spelled out so the
      // list does not bundle the whole table (0.6 KB); qa.test.ts checks it against the table.
      return !!viewer && viewer.role !== 'guest';
    },
    space: () => this.#space,
    open: (id) => this.#open(id),
    back: () => this.#back(),
    announce: (message) => this.#announce(message),
    report: (error, action) => this.reportError(error, action),
    track: (load) => this.track(load),
  };

  /** The question shown, once loaded (null on the list). */
  get openQuestion() {
    return this.view === 'question' ? (this.#question.value?.data ?? null) : null;
  }

  get #space(): string {
    return this.space?.trim() || 'qa';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTick();
    this.#ask?.stop();
  }

  protected override clientChanged(): void {
    this.#sync();
  }

  protected override storesChanged(changed: PropertyValues<this>): void {
    if (changed.has('question')) {
      const id = this.question?.trim();
      // Set by the page, not the reader: focus stays where it is.
      if (id) this.#open(id, false);
      else if (changed.get('question')) this.#back(false);
    } else if (changed.has('space') && changed.get('space') !== undefined && this.view !== 'list') this.#back(false);
    const text = qaText(this.locale);
    if (text instanceof Promise) void this.track(text).then(() => this.requestUpdate());
    else this.#text = text;
    this.#sync();
    const state = this.view === 'question' ? this.#question.value : this.#list.value;
    this.reportError(state?.error ?? this.sessionState?.error, 'load');
    if (this.view === 'question' && state?.data) this.#page?.follow(state.data as QuestionDetail);
  }

  protected override updated(): void {
    // The bounty countdown moves on its own; nothing else re-renders the page meanwhile.
    const bounty = this.openQuestion?.bounty;
    if (bounty?.status === 'open') this.#tick ??= setInterval(() => this.requestUpdate(), 30_000);
    else this.#stopTick();
  }

  protected override problemMessage(problem: ConfigProblem): string {
    return this.#text.t(problem);
  }

  protected override render(): TemplateResult {
    const t = this.#text;
    const body =
      this.configProblem
        ? html`<div part="error" class="error-box" role="alert"><p>${t.t(this.configProblem)}</p></div>`
        : this.view === 'ask'
          ? this.#lazy(this.#ask, () => this.#loadAsk(), (ask) => ask.render())
          : this.view === 'question'
            ? this.#renderQuestion()
            : this.#renderList();
    // Labelled by the heading of the view when it is on screen, else by the widget's name.
    const headed = !this.configProblem && (this.view === 'list' || (this.view === 'ask' ? !!this.#ask : !!(this.#page && this.#question.value?.data)));
    return html`<section
      part="base"
      class="base"
      aria-labelledby=${headed ? 'qa-heading' : nothing}
      aria-label=${headed ? nothing : t.t('heading')}
      @pointerenter=${this.#intent}
      @focusin=${this.#intent}
    >
      ${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  // --- list --------------------------------------------------------------------------------

  #renderList(): TemplateResult {
    const t = this.#text;
    const state = this.#list.value;
    const page = state?.data;
    // The author chips' element downloads with the first rows (shared with every widget that shows one).
    if (page?.items.length) this.#chips ??= this.track(import('../member/define.js')).catch(() => (this.#chips = undefined));
    return html`<div class="head">
        <h2 id="qa-heading" part="heading">${t.t('heading')}</h2>
        ${this.#bridge.canAsk()
          ? html`<button part="ask-button" class="primary" type="button" @click=${this.#openAsk}>${t.t('ask')}</button>`
          : html`<p part="notice" class="notice sign-in">${t.t('signInToAsk')}</p>`}
      </div>
      <div part="filters" class="filters" role="group" aria-label=${t.t('filters')}>
        ${FILTERS.map(
          (filter) =>
            html`<button
              type="button"
              part="filter${filter === this.filter ? ' filter-active' : ''}"
              data-filter=${filter}
              aria-pressed=${filter === this.filter ? 'true' : 'false'}
              @click=${() => {
                this.filter = filter;
                this.limit = PAGE;
              }}
            >
              ${t.t(`filter_${filter}`)}
            </button>`,
        )}
      </div>
      ${!page
        ? state?.error
          ? this.#renderError(state.error, () => void this.#listStore?.refetch())
          : this.#skeleton(t.t('loading'))
        : page.items.length === 0
          ? html`<p part="notice" class="notice">${t.t(`empty_${this.filter}`)}</p>`
          : html`<ol part="list" class="list" aria-busy=${state!.isFetching ? 'true' : 'false'}>
                ${page.items.map((item) => this.#renderRow(item))}
              </ol>
              ${page.nextCursor ? html`<button part="more" type="button" @click=${() => (this.limit += PAGE)}>${t.t('more')}</button>` : nothing}`}`;
  }

  #renderRow({ question, answerCount, accepted, votes, bounty }: QuestionSummary): TemplateResult {
    const t = this.#text;
    return html`<li part="question-row" class="row" data-question=${question.id}>
      <div class="stats">
        <span part="stat">${t.t('votes', { count: votes.score })}</span>
        <span part="stat" class=${accepted ? 'ok' : ''}>${t.t('answers', { count: answerCount })}</span>
        ${accepted ? html`<span part="accepted-mark" class="ok">✓ ${t.t('accepted')}</span>` : nothing}
        ${bounty?.status === 'open' ? html`<span part="bounty-tag" class="tag">${t.t('bounty', { count: bounty.amount })}</span>` : nothing}
      </div>
      <button part="question-link" class="link" type="button" @click=${() => this.#open(question.id)}>${question.title ?? ''}</button>
      <div class="meta">
        <community-member-chip compact .client=${this.resolvedClient} .member=${question.author}></community-member-chip>
        <time datetime=${question.createdAt}>${t.relative(question.createdAt, Date.now())}</time>
      </div>
    </li>`;
  }

  // --- question page ------------------------------------------------------------------------

  #renderQuestion(): TemplateResult {
    const t = this.#text;
    const state = this.#question.value;
    const detail = state?.data;
    return html`<button part="back" class="back" type="button" @click=${this.#back}>← ${t.t('back')}</button>
      ${detail
        ? this.#lazy(this.#page, () => this.#loadPage(), (page) => page.render(detail))
        : state?.error
          ? this.#renderError(state.error, () => void this.#questionStore?.refetch())
          : this.#skeleton(t.t('loadingQuestion'))}`;
  }

  // --- shared -------------------------------------------------------------------------------

  #renderError(error: HearthError, retry: () => void): TemplateResult {
    const t = this.#text;
    return html`<div part="error" class="error-box" role="alert">
      <p>${t.t(this.view === 'question' ? 'loadErrorQuestion' : 'loadError')} ${t.error(error)}</p>
      <button type="button" @click=${retry}>${t.t('retry')}</button>
    </div>`;
  }

  #skeleton(label: string): TemplateResult {
    return html`<div class="skeleton" role="status" aria-label=${label}><span></span><span></span><span></span></div>`;
  }

  /** What a lazy chunk renders: a placeholder until it is in (downloading it), then that. */
  #lazy<C>(chunk: C | undefined, load: () => Promise<C>, render: (chunk: C) => TemplateResult): TemplateResult {
    if (chunk) return render(chunk);
    load().then(
      () => this.requestUpdate(),
      () => {},
    );
    return this.#skeleton(this.#text.t('loading'));
  }

  #loadPage(): Promise<QaPage> {
    return (this.#pageLoad ??= this.track(
      import('./qa-page.js').then(
        ({ QaPage }) => (this.#page = new QaPage(this.#bridge)),
        (error: unknown) => {
          this.#pageLoad = undefined;
          throw error;
        },
      ),
    ));
  }

  #loadAsk(): Promise<QaAsk> {
    return (this.#askLoad ??= this.track(
      import('./qa-ask.js').then(
        ({ QaAsk }) => (this.#ask = new QaAsk(this.#bridge)),
        (error: unknown) => {
          this.#askLoad = undefined;
          throw error;
        },
      ),
    ));
  }

  // The pointer over the widget or focus inside it: fetch what a click needs now.
  #intent = (): void => {
    this.#loadPage().catch(() => {});
    this.#loadAsk().catch(() => {});
  };

  /** Points the list and the open question's stores at the client and the current keys. */
  #sync(): void {
    const client = this.isConnected ? this.resolvedClient : null;
    const space = this.#space;
    const id = this.view === 'question' ? this.openId : null;
    if (client !== this.#client || `${space}\n${this.filter}\n${this.limit}` !== this.#listKey) {
      this.#listKey = `${space}\n${this.filter}\n${this.limit}`;
      this.#listStore = client && questionListStore(client, { space, filter: this.filter, limit: this.limit });
      this.#list.setStore(this.#listStore);
    }
    if (client !== this.#client || id !== this.#questionId) {
      this.#questionId = id;
      this.#questionStore = client && id ? questionStore(client, id) : null;
      this.#question.setStore(this.#questionStore);
    }
    this.#client = client;
  }

  #open(id: string, focus = true): void {
    this.#ask?.stop();
    this.openId = id;
    this.view = 'question';
    void this.#loadPage().catch(() => {});
    if (focus) this.#focusHeading();
  }

  #back = (focus: unknown = true): void => {
    this.#ask?.stop();
    this.view = 'list';
    this.openId = null;
    this.#stopTick();
    if (focus !== false) this.#focusHeading();
  };

  #openAsk = (): void => {
    this.view = 'ask';
    void this.#loadAsk().catch(() => {});
    this.#focusHeading();
  };

  /** After switching views, focus goes to the new heading so keyboard and screen-reader users follow. */
  #focusHeading(): void {
    if (!this.hasUpdated) return;
    void this.updateComplete.then(() => {
      const heading = this.renderRoot.querySelector<HTMLElement>('#qa-heading');
      if (!heading) return;
      heading.tabIndex = -1;
      heading.focus();
    });
  }

  #announce(message: string): void {
    // Cleared first so the same message is read again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = message));
  }

  #stopTick(): void {
    clearInterval(this.#tick);
    this.#tick = undefined;
  }
}

/** A message key, for the chunks. */
export type { QaKey };
