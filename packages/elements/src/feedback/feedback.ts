import { adoptStyles, html, nothing, type CSSResultOrNative, type PropertyValues, type TemplateResult } from 'lit';
import {
  communityInfoStore,
  feedbackListStore,
  myFeedbackStore,
  roadmapStore,
  type CommunityClient,
  type CommunityInfoState,
  type FeedbackListState,
  type LoadState,
  type LoadStore,
  type MyFeedbackState,
  type RoadmapState,
} from '@hearth/client';
import type { FeedbackKind, FeedbackSort, FeedbackStatus } from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem } from '../base/community-widget.js';
import { StoreController, type SubscribableStore } from '../controllers/store-controller.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import { partsStyles } from '../parts/parts.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import { styles } from './feedback.styles.js';
import { addEnglish, englishText, failures, feedbackText, type FeedbackText } from './messages.js';
import type { FeedbackForm } from './feedback-form.js';
import type { renderBoard } from './feedback-board.js';
import type { FeedbackHost, FeedbackItems } from './feedback-items.js';

/** How the widget presents itself. */
export type FeedbackMode = 'inline' | 'launcher' | 'board';
/** Where the launcher button floats. */
export type FeedbackPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
/** Which score the form asks for: by kind (`auto`), always one, or none. */
export type FeedbackScore = 'auto' | 'rating' | 'nps' | 'none';

/** The board's view, filters and data, for feedback-board.ts. */
export interface BoardState {
  view: 'list' | 'roadmap';
  status: FeedbackStatus | '';
  sort: FeedbackSort;
  list: FeedbackListState | undefined;
  roadmap: RoadmapState | undefined;
  set(change: Partial<Pick<BoardState, 'view' | 'status' | 'sort'>>): void;
}

type Items = typeof import('./feedback-items.js');
type Board = { renderBoard: typeof renderBoard };

/**
 * @summary Collects feedback where people are (an inline box, or a floating button opening
 * a dialog) and shows the public idea board with upvotes and the roadmap, closing the loop
 * with statuses and official replies in "Your feedback".
 *
 * The form asks for one of the five kinds (idea, bug, praise, question, other), the text, an
 * optional title, a score where the kind calls for one (`score="auto"`: praise asks how
 * likely the person is to recommend you, 0–10; other asks for 1–5 stars), and, for guests
 * where the community allows guest feedback, an optional email only staff see. The page's
 * address and title go with it (`page-url`/`page-title` override them). While someone types,
 * similar items appear with an Upvote, so people vote instead of repeating. After sending,
 * a thank-you with "Send another". "Your feedback" lists the viewer's items with their
 * statuses, official replies and status history, kept live over the board's channel.
 * The form and the board are downloaded on first use (the inline box at once).
 *
 * @attr mode - `inline` (default): a box in the page; `launcher`: a floating button opening a modal dialog; `board`: the public idea board and roadmap.
 * @attr position - Where the launcher floats: `bottom-right` (default), `bottom-left`, `top-right`, `top-left`. Reflected.
 * @attr space - The feedback board (a space of kind `feedback`); the built-in `feedback` board by default. Changing it reloads.
 * @attr kind - The kind the form starts on (default `idea`).
 * @attr score - `auto` (default: by kind), `rating` (1–5 stars), `nps` (0–10) or `none`.
 * @attr page-url - The page address sent with feedback, instead of `location.href`.
 * @attr page-title - The page title sent with feedback, instead of `document.title`.
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows an error explaining so.
 * @attr loading - `lazy` defers every request until the widget is within 200px of the viewport; `eager` (default).
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 * @attr theme - `light` (default), `dark`, `auto` (follows `prefers-color-scheme`), or a selector such as `html[data-theme=dark]`. Reflected.
 *
 * @fires {CommunityFeedbackEvent} community-feedback - The backend accepted new feedback; `detail.item` is the item.
 * @fires {CommunityFeedbackVoteEvent} community-feedback-vote - An upvote was set or taken back; `detail.item`, `detail.active`.
 * @fires {CommunityErrorEvent} community-error - Loading, sending, a vote, or the setup failed.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading.
 * @csspart launcher - The floating button (`mode="launcher"`).
 * @csspart new - The board's Send feedback button.
 * @csspart dialog - The modal dialog (launcher and board).
 * @csspart close - The dialog's Close button.
 * @csspart form - The feedback form.
 * @csspart kind - One kind choice.
 * @csspart score - The rating or NPS scale.
 * @csspart similar - The similar items shown while typing.
 * @csspart submit - The Send feedback button.
 * @csspart thanks - The thank-you state.
 * @csspart mine - "Your feedback".
 * @csspart item - One feedback item (board, similar, "Your feedback").
 * @csspart status - An item's status label.
 * @csspart reply - An official reply.
 * @csspart history - An item's status history.
 * @csspart upvote - An upvote toggle.
 * @csspart views - The board's Ideas / Roadmap switch.
 * @csspart filters - The board's status filter and sort.
 * @csspart roadmap - The roadmap.
 * @csspart column - One roadmap column.
 * @csspart error - An error message.
 *
 * @cssprop --community-feedback-accent - Buttons, selected choices. Falls back to `--community-color-accent`.
 * @cssprop --community-feedback-on-accent - Text on the accent colour. Falls back to `--community-color-on-accent`.
 * @cssprop --community-feedback-surface - Background. Falls back to `--community-color-surface`.
 * @cssprop --community-feedback-surface-raised - Items, columns, replies. Falls back to `--community-color-surface-raised`.
 * @cssprop --community-feedback-text - Text colour. Falls back to `--community-color-text`.
 * @cssprop --community-feedback-muted - Secondary text. Falls back to `--community-color-muted`.
 * @cssprop --community-feedback-border - Borders. Falls back to `--community-color-border`.
 * @cssprop --community-feedback-danger - Errors. Falls back to `--community-color-danger`.
 * @cssprop --community-feedback-success - The thank-you and done status. Falls back to `--community-color-success`.
 * @cssprop --community-feedback-focus - Focus ring. Falls back to `--community-color-focus`.
 * @cssprop --community-feedback-skeleton - Loading placeholder. Falls back to `--community-color-skeleton`.
 * @cssprop --community-feedback-radius - Corner radius. Falls back to `--community-radius`.
 * @cssprop --community-feedback-space - Base spacing. Falls back to `--community-space`.
 * @cssprop --community-feedback-font-family - Font. Falls back to `--community-font-family`.
 * @cssprop --community-feedback-font-size - Base font size. Falls back to `--community-font-size`.
 */
export class CommunityFeedback extends CommunityWidget {
  static override styles = [baseStyles, widgetTokens('feedback'), markdownStyles, partsStyles, styles];

  static override properties = {
    mode: { reflect: true },
    position: { reflect: true },
    space: {},
    kind: {},
    score: {},
    pageUrl: { attribute: 'page-url' },
    pageTitle: { attribute: 'page-title' },
    opened: { state: true },
    announcement: { state: true },
  };

  /** `inline` (default), `launcher` or `board`. */
  mode: FeedbackMode = 'inline';

  /** Where the launcher floats. */
  position: FeedbackPosition = 'bottom-right';

  /** The feedback board's key; the built-in `feedback` board when unset. */
  space?: string;

  /** The kind the form starts on. */
  kind: FeedbackKind = 'idea';

  /** Which score the form asks for. */
  score: FeedbackScore = 'auto';

  /** The page address sent with feedback, instead of `location.href`. */
  pageUrl?: string;

  /** The page title sent with feedback, instead of `document.title`. */
  pageTitle?: string;

  // Launcher and board load "Your feedback" only once the dialog has been opened.
  private opened = false;
  private announcement = '';

  readonly #mine = new StoreController<MyFeedbackState>(this);
  readonly #info = new StoreController<CommunityInfoState>(this);
  readonly #list = new StoreController<FeedbackListState>(this);
  readonly #roadmap = new StoreController<RoadmapState>(this);
  readonly #keys = new Map<object, string>();
  #text: FeedbackText = englishText();
  #form: FeedbackForm | undefined;
  #formLoad: Promise<unknown> | undefined;
  #board: Board | undefined;
  #boardLoad: Promise<unknown> | undefined;
  #view: BoardState['view'] = 'list';
  #status: BoardState['status'] = '';
  #sort: FeedbackSort = 'votes';
  #items: FeedbackItems | undefined;
  #partsLoad: Promise<Items> | undefined;
  #opener: HTMLElement | null = null;
  // Offline, the failure strings stay missing: ask once, then speak the load error.
  #askedFailures = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#form?.dispose();
  }

  // Another client (or none): every store goes; storesChanged makes new ones for a new client.
  protected override clientChanged(_client: CommunityClient | null): void {
    for (const store of [this.#mine, this.#info, this.#list, this.#roadmap] as StoreController<unknown>[]) this.#use(store, null, '');
  }

  protected override problemMessage(problem: ConfigProblem): Promise<string> {
    return failures().then(() => this.#text.t(problem));
  }

  protected override storesChanged(_changed: PropertyValues<this>): void {
    const text = feedbackText(this.locale);
    if (text instanceof Promise) this.track(text).then(() => this.requestUpdate());
    else this.#text = text;
    // Setup problems speak from a table of their own, fetched on the first one.
    const failing = this.configProblem || this.#states().some((state) => state?.error?.details?.unsupported);
    if (failing && !this.#text.t('configMissing') && !this.#askedFailures && (this.#askedFailures = true)) void this.track(failures()).then(() => this.requestUpdate());
    const client = this.isConnected ? this.resolvedClient : null;
    if (!client) return;
    const space = this.#space;
    const at = `${space}`;
    const board = this.mode === 'board';
    const mine = this.mode === 'inline' || this.opened;
    this.#use(this.#mine, mine ? () => myFeedbackStore(client, { space }) : null, at);
    this.#use(this.#info, mine && client.viewer?.role === 'guest' ? () => communityInfoStore(client) : null, '');
    this.#use(this.#list, board ? () => feedbackListStore(client, { space, status: this.#status ? [this.#status] : null, sort: this.#sort }) : null, `${at}|${this.#status}|${this.#sort}`);
    this.#use(this.#roadmap, board && this.#view === 'roadmap' ? () => roadmapStore(client, { space }) : null, at);
    if (this.mode === 'inline' || this.opened) void this.#loadForm();
    if (board) void this.#loadBoard();
    this.#follow();
  }

  get #space(): string | undefined {
    return this.space?.trim() || undefined;
  }

  /** Points `controller` at a new store when its key (or the client) changed, or at none. */
  #use<T>(controller: StoreController<T>, make: (() => SubscribableStore<T>) | null, key: string): void {
    if (!make) {
      this.#keys.delete(controller);
      return controller.setStore(null);
    }
    if (this.#keys.get(controller) === key && controller.store) return;
    this.#keys.set(controller, key);
    controller.setStore(make());
  }

  /** Reports load failures once each, and announces status changes to the viewer's items. */
  #follow(): void {
    for (const state of this.#states()) if (state?.error) this.reportError(state.error, 'load');
    const items = this.#mine.value?.data?.items;
    if (items) this.#items?.follow(items);
  }

  #states() {
    return [this.#mine.value, this.#info.value, this.#list.value, this.#roadmap.value];
  }

  // --- the host the lazy parts use --------------------------------------------------------

  readonly #host: FeedbackHost = {
    el: this,
    get text() {
      return (this.el as CommunityFeedback).#text;
    },
    get client() {
      return (this.el as CommunityFeedback).resolvedClient;
    },
    get board() {
      return (this.el as CommunityFeedback).#space;
    },
    get guestEmail() {
      const el = this.el as CommunityFeedback;
      return el.resolvedClient?.viewer?.role === 'guest' && !!el.#info.value?.data?.feedbackGuests;
    },
    get kind() {
      return (this.el as CommunityFeedback).kind;
    },
    scoreFor: (kind) => {
      const score = this.score;
      if (score === 'rating' || score === 'nps') return score;
      if (score === 'none') return null;
      return kind === 'praise' ? 'nps' : kind === 'other' ? 'rating' : null;
    },
    page: () => {
      let url = this.pageUrl ?? location.href;
      try {
        // A relative page-url means this site's page.
        url = new URL(url, location.href).href;
      } catch {
        // Not an address: sent as none below.
      }
      const title = (this.pageTitle ?? document.title).trim().slice(0, 300);
      return { pageUrl: /^https?:/i.test(url) ? url.slice(0, 2048) : null, pageTitle: title || null };
    },
    announce: (message) => this.announce(message),
    report: (error, action) => this.reportError(error, action),
    update: () => this.requestUpdate(),
  };

  /** Says `message` in the polite live region. */
  protected announce(message: string): void {
    // Cleared first so the same message is read again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = message));
  }

  /** The items' rendering, votes, English strings and styles, shared by the form and the board. */
  #loadParts(): Promise<Items> {
    return (this.#partsLoad ??= import('./feedback-items.js').then(
      (module) => {
        if (!this.#items) {
          addEnglish(module.english);
          this.#items = new module.FeedbackItems(this.#host);
          const root = this.renderRoot;
          const own = (this.constructor as typeof CommunityFeedback).elementStyles;
          if (root instanceof ShadowRoot) adoptStyles(root, [...own, module.partStyles] as CSSResultOrNative[]);
        }
        return module;
      },
      (error: unknown) => {
        this.#partsLoad = undefined;
        throw error;
      },
    ));
  }

  #loadForm(): Promise<unknown> {
    return (this.#formLoad ??= this.track(
      Promise.all([this.#loadParts(), import('./feedback-form.js')]).then(
        ([, module]) => {
          this.#form = new module.FeedbackForm(this.#host, this.#items!);
          this.requestUpdate();
        },
        () => (this.#formLoad = undefined),
      ),
    ));
  }

  #loadBoard(): Promise<unknown> {
    return (this.#boardLoad ??= this.track(
      Promise.all([this.#loadParts(), import('./feedback-board.js')]).then(
        ([, module]) => {
          this.#board = module;
          this.requestUpdate();
        },
        () => (this.#boardLoad = undefined),
      ),
    ));
  }

  // --- rendering --------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const t = this.#text;
    const live = html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
    if (this.mode === 'launcher') {
      return html`<div part="base" class="launcher-base">
        <button part="launcher" class="launcher primary" type="button" aria-haspopup="dialog" @click=${this.#open} @pointerenter=${this.#intent} @focus=${this.#intent}>
          ${t.t('sendFeedback')}
        </button>
        ${this.#dialog()} ${live}
      </div>`;
    }
    const board = this.mode === 'board';
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div class="top">
        <h2 part="heading" id="heading">${t.t(board ? 'heading' : 'sendFeedback')}</h2>
        ${board ? html`<button part="new" class="primary" type="button" @click=${this.#open} @pointerenter=${this.#intent}>${t.t('sendFeedback')}</button>` : nothing}
      </div>
      ${this.#problems()}
      ${board ? this.#renderBoard() : this.#panel()}
      ${board ? this.#dialog() : nothing} ${live}
    </section>`;
  }

  /** The form (or why there is none) and "Your feedback". */
  #panel(): TemplateResult {
    const t = this.#text;
    const client = this.resolvedClient;
    let form: TemplateResult | typeof nothing = nothing;
    if (client && !client.viewer) form = html`<p class="notice">${t.t('signIn')}</p>`;
    else if (client && this.#form) form = this.#form.render();
    else if (!this.configProblem) form = this.#skeleton();
    return html`${form}${this.#items?.mine(this.#mine.value?.data?.items ?? []) ?? nothing}`;
  }

  #dialog(): TemplateResult {
    const t = this.#text;
    return html`<dialog part="dialog" aria-labelledby="dialog-title" @keydown=${this.#trap} @close=${this.#closed}>
      <div class="dialog-top">
        <h2 id="dialog-title">${t.t('sendFeedback')}</h2>
        <button part="close" class="close" type="button" aria-label=${t.t('close')} @click=${this.#close}>×</button>
      </div>
      ${this.mode === 'launcher' ? this.#problems() : nothing} ${this.opened ? this.#panel() : nothing}
    </dialog>`;
  }

  #skeleton(): TemplateResult {
    return html`<div class="skeleton" aria-busy="true"><span class="visually-hidden">${this.#text.t('loading')}</span><div class="bone"></div><div class="bone"></div></div>`;
  }

  /** A setup problem, or a failed load with Retry, and a failed vote. */
  #problems(): TemplateResult {
    const t = this.#text;
    let message = this.configProblem ? t.t(this.configProblem) || t.t('loadError') : '';
    let retry = false;
    if (!message) {
      const failed = this.#states().find((state) => state?.error && !state.data)?.error;
      if (failed) {
        retry = !failed.details?.unsupported;
        message = (!retry && t.t('unsupported')) || t.t('loadError');
      }
    }
    return html`<div role="alert">
      ${message
        ? html`<div part="error" class="error">
            <span>${message}</span>
            ${retry ? html`<button type="button" @click=${this.#retry}>${t.t('retry')}</button>` : nothing}
          </div>`
        : nothing}
      ${this.#items?.voteError ? html`<p part="error" class="error">${this.#items.voteError}</p>` : nothing}
    </div>`;
  }

  #renderBoard(): TemplateResult {
    if (!this.#board || !this.#items) return this.configProblem ? html`` : this.#skeleton();
    const el = this;
    return this.#board.renderBoard(this.#items, this.#host.text, {
      view: this.#view,
      status: this.#status,
      sort: this.#sort,
      list: this.#list.value,
      roadmap: this.#roadmap.value,
      set(change) {
        if (change.view) el.#view = change.view;
        if (change.status !== undefined) el.#status = change.status;
        if (change.sort) el.#sort = change.sort;
        el.requestUpdate();
      },
    });
  }

  // --- actions ----------------------------------------------------------------------------

  #retry = (): void => {
    for (const controller of [this.#mine, this.#info, this.#list, this.#roadmap] as StoreController<LoadState<unknown>>[]) {
      if (controller.value?.error) void (controller.store as LoadStore<unknown>).refetch();
    }
  };

  #intent = (): void => {
    void this.#loadForm();
  };

  #open = async (event: Event): Promise<void> => {
    this.#opener = event.currentTarget as HTMLElement;
    this.opened = true;
    await this.#loadForm();
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // The first field, rather than the Close button showModal would pick.
    dialog.querySelector<HTMLElement>('textarea, input:checked, input')?.focus();
  };

  #close = (): void => {
    this.renderRoot.querySelector('dialog')?.close();
  };

  #closed = (): void => {
    this.#opener?.focus();
  };

  // A modal dialog already makes the page inert; this keeps Tab cycling inside it rather
  // than leaving for the browser's own controls.
  #trap = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab') return;
    const dialog = event.currentTarget as HTMLDialogElement;
    const focusable = [...dialog.querySelectorAll<HTMLElement>('button, input, textarea, select, summary, a[href]')].filter(
      (node) => !(node as HTMLButtonElement).disabled && node.getClientRects().length > 0 && !(node instanceof HTMLInputElement && node.type === 'radio' && !node.checked && dialog.querySelector(`input[name="${node.name}"]:checked`)),
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    if (!first || !last) return;
    if (event.shiftKey ? active === first : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  };
}
