import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { questionListStore, questionStore, type CommunityClient, type LoadStore, type QuestionListState, type QuestionState } from '@hearth/client';
import type { HearthError, QuestionFilter, Viewer } from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem } from '../base/community-widget.js';
import { StoreController } from '../controllers/store-controller.js';
import type { CommunityErrorAction } from '../events/error-event.js';
import { partsStyles } from '../parts/parts.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import { addEnglish, qaText, type QaKey, type QaText } from './messages.js';
import { styles } from './qa.styles.js';

// QUESTION_FILTERS' values: that constant sits beside the zod schemas in protocol's qa.ts.
const FILTERS: readonly QuestionFilter[] = ['new', 'unanswered', 'top', 'bounty'];
const PAGE = 20;
// The placeholder's rows.
const BONES = [0, 0, 0];

/**
 * The parts downloaded when first needed: the list's rows (with the list's first request),
 * the question page and the ask form (on the first sign of intent).
 * @internal Tests swap them to see a slow or a failed download.
 */
export const qaParts = {
  list: (bridge: QaBridge) => import('./qa-list.js').then(({ QaList }) => new QaList(bridge)),
  // Only the English strings: Chinese tables carry their own.
  problem: () => import('./messages-en-failures.js').then(({ failuresEn }) => (addEnglish(failuresEn), true)),
  question: (bridge: QaBridge) => import('./qa-page.js').then(({ QaPage }) => new QaPage(bridge)),
  ask: (bridge: QaBridge) => import('./qa-ask.js').then(({ QaAsk }) => new QaAsk(bridge)),
};

type Parts = { [N in keyof typeof qaParts]: Awaited<ReturnType<(typeof qaParts)[N]>> };
type PartName = keyof Parts;

/** What the lazy chunks (question page, ask form) need from the widget. */
export interface QaBridge {
  readonly el: CommunityQa;
  text(): QaText;
  client(): CommunityClient | null;
  /** The signed-in member as the backend sees them (until it answers, as the client does; no role means `member`), or null. */
  viewer(): Pick<Viewer, 'id' | 'role'> | null;
  /** Whether that viewer may ask a question (signed in, with a role that may post). */
  canAsk(): boolean;
  space(): string;
  /** Shows a question's page in the widget. */
  open(questionId: string): void;
  /** Back to the list. */
  back(): void;
  /** What the polite live region says; the parts set it through `announce` (qa-list.ts). */
  said: string;
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
  static override styles = [baseStyles, widgetTokens('qa'), partsStyles, styles];

  static override properties = {
    space: {},
    question: {},
    filter: { state: true },
    view: { state: true },
    limit: { state: true },
  };

  /** The Q&A space shown. */
  space = 'qa';

  /** A question id whose page is shown directly. */
  question?: string;

  private filter: QuestionFilter = 'new';
  private view: 'list' | 'ask' | 'question' = 'list';
  // Not reactive: opening a question always follows another store, which re-renders.
  private openId?: string;
  private limit = PAGE;

  // The view's data: the list's page (also under the ask form), or the open question.
  readonly #data = new StoreController<QuestionListState | QuestionState>(this);
  // What the store was last made for (unset until the first sync).
  #client?: CommunityClient | null;
  #key?: string;
  #text = qaText('en') as QaText;
  // Each part once downloaded; null while its download has failed (its view says so, with a Retry).
  #parts: { [N in PartName]?: Parts[N] | null } = {};
  // The parts' downloads under way or done; a failed one is dropped so the next try downloads again.
  #loads: Partial<Record<PartName, Promise<void>>> = {};

  readonly #bridge: QaBridge = {
    el: this,
    text: () => this.#text,
    client: () => this.resolvedClient,
    // Until the session answers, the client's own viewer stands in, so a signed-in reader
    // never sees "Sign in" flash by.
    viewer: () => this.sessionState?.session?.viewer ?? this.resolvedClient?.viewer ?? null,
    canAsk: () => {
      const viewer = this.#bridge.viewer();
      // PERMISSIONS.post (protocol's permissions.ts): every role but guest. Spelled out so the
      // list does not bundle the whole table (0.6 KB); qa.test.ts checks it against the table.
      return !!viewer && viewer.role !== 'guest';
    },
    space: () => this.#space,
    open: (id) => this.#open(id),
    back: () => this.#show('list'),
    said: '',
    report: (error, action) => this.reportError(error, action),
    track: (load) => this.track(load),
  };

  /** The question shown, once loaded (null on the list). */
  get openQuestion() {
    return this.view === 'question' ? ((this.#data.value as QuestionState | undefined)?.data ?? null) : null;
  }

  get #space(): string {
    return this.space?.trim() || 'qa';
  }

  protected override clientChanged(): void {
    this.#sync();
  }

  protected override storesChanged(changed: PropertyValues<this>): void {
    if (changed.has('question')) {
      const id = this.question?.trim();
      // Set by the page, not the reader: focus stays where it is.
      if (id) this.#open(id, false);
      else if (changed.get('question')) this.#show('list', false);
    } else if (changed.has('space') && changed.get('space') !== undefined && this.view !== 'list') this.#show('list', false);
    const text = qaText(this.locale);
    if (text instanceof Promise) void this.track(text).then(() => this.requestUpdate());
    else this.#text = text;
    this.#sync();
    this.reportError(this.#data.value?.error ?? this.sessionState?.error, 'load');
    const open = this.openQuestion;
    if (open) this.#parts.question?.follow(open);
  }

  protected override problemMessage(problem: ConfigProblem): Promise<string> {
    return this.#load('problem').then(() => this.#text.t(problem));
  }

  protected override render(): TemplateResult {
    const t = this.#text;
    const problem = this.configProblem;
    const body = problem
      ? this.#part('problem', () => html`<div part="error" class="error-box" role="alert"><p>${t.t(problem)}</p></div>`)
      : this.view === 'list'
        ? this.#renderList()
        : this.#part(this.view, (part) => part.render(this.#data.value as QuestionState | undefined, this.#refetch));
    // Labelled by the heading of the view when it is on screen, else by the widget's name.
    const headed = !problem && (this.view === 'list' || !!(this.view === 'ask' ? this.#parts.ask : this.#parts.question && this.openQuestion));
    return html`<section
      part="base"
      class="base"
      aria-labelledby=${headed ? 'qa-heading' : nothing}
      aria-label=${headed ? nothing : t.t('heading')}
      @pointerenter=${this.#intent}
      @focusin=${this.#intent}
    >
      ${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#bridge.said}</div>
    </section>`;
  }

  // --- list --------------------------------------------------------------------------------

  #renderList(): TemplateResult {
    const t = this.#text;
    const state = this.#data.value as QuestionListState | undefined;
    return html`<div class="head">
        <h2 id="qa-heading" part="heading">${t.t('heading')}</h2>
        ${this.#bridge.canAsk()
          ? html`<button part="ask-button" class="primary" type="button" @click=${() => this.#show('ask')}>${t.t('ask')}</button>`
          : html`<p part="notice" class="notice sign-in">${t.t('signInToAsk')}</p>`}
      </div>
      <div part="filters" class="filters" role="group" aria-label=${t.t('filters')}>
        ${FILTERS.map((filter) => {
          const on = filter === this.filter;
          // The chosen one looks like the accent button (parts' `.primary`).
          return html`<button
            type="button"
            part="filter${on ? ' filter-active' : ''}"
            class=${on ? 'primary' : ''}
            data-filter=${filter}
            aria-pressed=${on ? 'true' : 'false'}
            @click=${() => {
              this.filter = filter;
              this.limit = PAGE;
            }}
          >
            ${t.t(`filter_${filter}`)}
          </button>`;
        })}
      </div>
      ${state?.data || state?.error
        ? this.#part('list', (list) =>
            list.render(
              state,
              this.filter,
              () => (this.limit += PAGE),
              this.#refetch,
            ),
          )
        : this.#skeleton()}`;
  }

  // --- shared -------------------------------------------------------------------------------

  #skeleton(): TemplateResult {
    return html`<div class="skeleton" role="status" aria-label=${this.#text.t('loading')}>${BONES.map(() => html`<span class="bone"></span>`)}</div>`;
  }

  /**
   * A lazy part's view: the part once downloaded; meanwhile a placeholder while it downloads
   * (a click that opened the view waits here for it), or the failed download with a Retry.
   */
  #part<N extends PartName>(name: N, render: (part: Parts[N]) => TemplateResult): TemplateResult {
    const part = this.#parts[name];
    if (part) return render(part);
    if (part === undefined) return void this.#load(name), this.#skeleton();
    return html`<div part="error" class="error-box" role="alert">
      <p>${this.#text.t('partError')}</p>
      <button type="button" @click=${() => this.#retry(name)}>${this.#text.t('retry')}</button>
    </div>`;
  }

  /** Downloads a part once (again after a failure); settles either way and re-renders. */
  #load(name: PartName): Promise<void> {
    return (this.#loads[name] ??= this.track<unknown>(qaParts[name](this.#bridge)).then(
      (part) => {
        (this.#parts as Record<PartName, unknown>)[name] = part;
        this.requestUpdate();
      },
      () => {
        delete this.#loads[name];
        this.#parts[name] = null;
        this.requestUpdate();
      },
    ));
  }

  /** Forgets a failed download, so its view downloads it again. */
  #retry(name: PartName): void {
    if (this.#parts[name] === null) delete this.#parts[name];
    this.requestUpdate();
  }

  #refetch = (): void => void (this.#data.store as LoadStore<unknown> | null)?.refetch();

  // The pointer over the widget or focus inside it: fetch what a click needs now.
  #intent = (): void => {
    void this.#load('question');
    void this.#load('ask');
  };

  /**
   * Points the data at the client and the view's key: the open question, else the list's
   * page (whose rows download with its first request).
   */
  #sync(): void {
    // Null once the widget left the page (the base lets the client go then).
    const client = this.resolvedClient;
    const space = this.#space;
    const id = this.view === 'question' ? this.openId : null;
    // Question ids have no line breaks, so the two kinds of key never meet.
    const key = id ?? `${space}\n${this.filter}\n${this.limit}`;
    if (client === this.#client && key === this.#key) return;
    this.#client = client;
    this.#key = key;
    this.#data.setStore(client && (id ? questionStore(client, id) : questionListStore(client, { space, filter: this.filter, limit: this.limit })));
    if (client && !id) void this.#load('list');
  }

  /** Switches views; the part that draws it downloads (again, after a failure) with the render. */
  #show(view: 'list' | 'ask' | 'question', focus = true): void {
    this.#stopParts();
    this.view = view;
    this.#sync();
    this.#retry(view);
    if (focus) this.#focusHeading();
  }

  #open(id: string, focus = true): void {
    this.openId = id;
    this.#show('question', focus);
  }

  /** After switching views, focus goes to the new heading so keyboard and screen-reader users follow. */
  #focusHeading(): void {
    void this.updateComplete.then(() => {
      const heading = this.renderRoot.querySelector<HTMLElement>('#qa-heading');
      if (!heading) return;
      heading.tabIndex = -1;
      heading.focus();
    });
  }

  // A pending similar-questions lookup and the bounty countdown end with their view (the parts stop them when the widget leaves the page).
  #stopParts(): void {
    this.#parts.ask?.stop();
    this.#parts.question?.stop();
  }
}

/** A message key, for the chunks. */
export type { QaKey };
