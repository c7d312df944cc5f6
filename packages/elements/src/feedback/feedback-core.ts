// Everything <community-feedback> does beneath its heading, downloaded when the inline box or
// the board first renders, or when a launcher is first pointed at or clicked: the stores, the
// problems with Retry, "Your feedback", the board and the dialog's inside (the form and the
// board come in chunks of their own). The widget itself keeps only its first, resting look.
import { adoptStyles, html, nothing, type TemplateResult } from 'lit';
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
import { HearthError, type FeedbackSort } from '@hearth/protocol';
import type { ConfigProblem } from '../base/community-widget.js';
import { StoreController, type SubscribableStore } from '../controllers/store-controller.js';
import type { CommunityErrorAction } from '../events/error-event.js';
import type { BoardState, CommunityFeedback } from './feedback.js';
import type { FeedbackForm } from './feedback-form.js';
import type { renderBoard } from './feedback-board.js';
import { english, FeedbackItems, partStyles, partText, type FeedbackHost } from './feedback-items.js';
import { addEnglish, failures, type FeedbackText } from './messages.js';

/** What the core asks of the widget, whose protected and private state it cannot reach. */
export interface FeedbackShell {
  readonly el: CommunityFeedback;
  text(): FeedbackText;
  client(): CommunityClient | null;
  problem(): ConfigProblem | null;
  /** Whether a launcher's or board's dialog has been opened once. */
  opened(): boolean;
  track<T>(load: Promise<T>): Promise<T>;
  report(error: HearthError, action: CommunityErrorAction): void;
  /** The loading skeleton, or with `retry` the load error and a Retry button calling it. */
  wait(retry?: () => void): TemplateResult;
}

/** The widget's stores, lazy parts and everything they render, for one element. */
export class FeedbackCore {
  readonly #shell: FeedbackShell;
  readonly #el: CommunityFeedback;
  readonly #mine: StoreController<MyFeedbackState>;
  readonly #info: StoreController<CommunityInfoState>;
  readonly #list: StoreController<FeedbackListState>;
  readonly #roadmap: StoreController<RoadmapState>;
  readonly #keys = new Map<object, string>();
  readonly #host: FeedbackHost;
  readonly #items: FeedbackItems;
  #form: FeedbackForm | undefined;
  #formLoad: Promise<unknown> | undefined;
  #board: { renderBoard: typeof renderBoard } | undefined;
  #boardLoad: Promise<unknown> | undefined;
  // A failed download of the form or the board: shown with Retry, not retried on every update.
  #broken = false;
  #view: BoardState['view'] = 'list';
  #status: BoardState['status'] = '';
  #sort: FeedbackSort = 'votes';
  // Offline, the failure strings stay missing: ask once, then speak the load error.
  #askedFailures = false;
  #said = '';

  constructor(shell: FeedbackShell) {
    this.#shell = shell;
    const el = (this.#el = shell.el);
    this.#mine = new StoreController(el);
    this.#info = new StoreController(el);
    this.#list = new StoreController(el);
    this.#roadmap = new StoreController(el);
    // The similar-items lookup stops when the widget leaves the page.
    el.addController({ hostDisconnected: () => this.#form?.dispose() });
    addEnglish(english);
    this.#host = this.#hostFor(el);
    this.#items = new FeedbackItems(this.#host);
    if (el.renderRoot instanceof ShadowRoot) adoptStyles(el.renderRoot, [...(el.constructor as typeof CommunityFeedback).elementStyles, partStyles]);
  }

  #controllers(): StoreController<unknown>[] {
    return [this.#mine, this.#info, this.#list, this.#roadmap] as StoreController<unknown>[];
  }

  #states() {
    return [this.#mine.value, this.#info.value, this.#list.value, this.#roadmap.value];
  }

  /** Lets every store go; the next update makes new ones for a new client. */
  clientChanged(): void {
    for (const store of this.#controllers()) this.#use(store, null, '');
  }

  /** Follows the widget's attributes and client: run in each of its updates. */
  update(): void {
    const shell = this.#shell;
    const el = this.#el;
    // Setup problems speak from a table of their own, fetched on the first one.
    const failing = shell.problem() || this.#states().some((state) => state?.error?.details?.unsupported);
    if (failing && !shell.text().t('configMissing') && !this.#askedFailures && (this.#askedFailures = true)) void shell.track(failures()).then(() => el.requestUpdate());
    // A launcher's core came for a click: the form comes at once, with or without a client.
    if (el.mode === 'launcher') void this.#loadForm();
    const client = el.isConnected ? shell.client() : null;
    if (!client) return;
    const space = this.#space;
    const at = `${space}`;
    const board = el.mode === 'board';
    const mine = el.mode === 'inline' || shell.opened();
    this.#use(this.#mine, mine ? () => myFeedbackStore(client, { space }) : null, at);
    this.#use(this.#info, mine && client.viewer?.role === 'guest' ? () => communityInfoStore(client) : null, '');
    this.#use(this.#list, board ? () => feedbackListStore(client, { space, status: this.#status ? [this.#status] : null, sort: this.#sort }) : null, `${at}|${this.#status}|${this.#sort}`);
    this.#use(this.#roadmap, board && this.#view === 'roadmap' ? () => roadmapStore(client, { space }) : null, at);
    if (mine) void this.#loadForm();
    if (board) void this.#loadBoard();
    // Reports load failures once each, and announces status changes to the viewer's items.
    for (const state of this.#states()) if (state?.error) shell.report(state.error, 'load');
    const items = this.#mine.value?.data?.items;
    if (items) this.#items.follow(items);
  }

  get #space(): string | undefined {
    return this.#host.board;
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

  /** What the form and the items ask of the widget. */
  #hostFor(el: CommunityFeedback): FeedbackHost {
    const shell = this.#shell;
    const info = this.#info;
    return {
      el,
      get text() {
        return partText(shell.text());
      },
      get client() {
        return shell.client();
      },
      get board() {
        return el.space?.trim() || undefined;
      },
      get guestEmail() {
        return shell.client()?.viewer?.role === 'guest' && !!info.value?.data?.feedbackGuests;
      },
      get kind() {
        return el.kind;
      },
      scoreFor: (kind) => {
        const score = el.score;
        if (score === 'rating' || score === 'nps') return score;
        if (score === 'none') return null;
        return kind === 'praise' ? 'nps' : kind === 'other' ? 'rating' : null;
      },
      page: () => {
        let url = el.pageUrl ?? location.href;
        try {
          // A relative page-url means this site's page.
          url = new URL(url, location.href).href;
        } catch {
          // Not an address: sent as none below.
        }
        const title = (el.pageTitle ?? document.title).trim().slice(0, 300);
        return { pageUrl: /^https?:/i.test(url) ? url.slice(0, 2048) : null, pageTitle: title || null };
      },
      announce: (message) => this.#announce(message),
      report: (error, action) => shell.report(error, action),
      update: () => el.requestUpdate(),
    };
  }

  // --- the form and the board -------------------------------------------------------------

  /** Preloads the form for the board's Send feedback button. */
  intent(): void {
    void this.#loadForm();
  }

  /** Downloads the form: at once for the inline box and a launcher's core, on intent or opening on the board. */
  #loadForm(): Promise<unknown> {
    if (this.#broken) return Promise.resolve();
    return (this.#formLoad ??= this.#shell.track(
      import('./feedback-form.js').then(
        (module) => {
          this.#form = new module.FeedbackForm(this.#host, this.#items);
          this.#el.requestUpdate();
        },
        () => this.#fail(() => (this.#formLoad = undefined)),
      ),
    ));
  }

  #loadBoard(): Promise<unknown> {
    if (this.#broken) return Promise.resolve();
    return (this.#boardLoad ??= this.#shell.track(
      import('./feedback-board.js').then(
        (module) => {
          this.#board = module;
          this.#el.requestUpdate();
        },
        () => this.#fail(() => (this.#boardLoad = undefined)),
      ),
    ));
  }

  /** A chunk did not download: say so with Retry (and tell the page) instead of a skeleton forever. */
  #fail(forget: () => void): void {
    forget();
    this.#broken = true;
    this.#shell.report(new HearthError('unavailable', this.#shell.text().t('loadError')), 'load');
    this.#el.requestUpdate();
  }

  /** The skeleton while a chunk downloads, or its failure with Retry. */
  #pending(): TemplateResult {
    return this.#shell.wait(this.#broken ? this.#retry : undefined);
  }

  // --- rendering --------------------------------------------------------------------------

  /** What the inline box and the board show beneath their heading. */
  render(): TemplateResult {
    return html`${this.#problems()}${this.#el.mode === 'board' ? this.#renderBoard() : this.#panel()}`;
  }

  /** The polite live region; it comes with the core, before anything is said in it. */
  live(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.#said}</div>`;
  }

  /** Says `message` in the live region. */
  #announce(message: string): void {
    const el = this.#el;
    // Cleared first so the same message is read again.
    this.#said = '';
    el.requestUpdate();
    void el.updateComplete.then(() => {
      this.#said = message;
      el.requestUpdate();
    });
  }

  /** The dialog's inside, beneath its heading and Close button. */
  dialog(): TemplateResult {
    return html`${this.#el.mode === 'launcher' ? this.#problems() : nothing} ${this.#shell.opened() ? this.#panel() : nothing}`;
  }

  /** The form (or why there is none) and "Your feedback". */
  #panel(): TemplateResult {
    const shell = this.#shell;
    const client = shell.client();
    let form: TemplateResult | typeof nothing = nothing;
    if (client && !client.viewer) form = html`<p class="notice">${shell.text().t('signIn')}</p>`;
    else if (client && this.#form) form = this.#form.render();
    else if (!shell.problem()) form = this.#pending();
    return html`${form}${this.#items.mine(this.#mine.value?.data?.items ?? [])}`;
  }

  /** A setup problem, or a failed load with Retry, and a failed vote. */
  #problems(): TemplateResult {
    const t = this.#shell.text();
    const problem = this.#shell.problem();
    let message = problem ? t.t(problem) || t.t('loadError') : '';
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
      ${this.#items.voteError ? html`<p part="error" class="error">${this.#items.voteError}</p>` : nothing}
    </div>`;
  }

  #renderBoard(): TemplateResult {
    if (!this.#board) return this.#shell.problem() ? html`` : this.#pending();
    const core = this;
    return this.#board.renderBoard(this.#items, this.#host.text, {
      view: this.#view,
      status: this.#status,
      sort: this.#sort,
      list: this.#list.value,
      roadmap: this.#roadmap.value,
      set(change) {
        if (change.view) core.#view = change.view;
        if (change.status !== undefined) core.#status = change.status;
        if (change.sort) core.#sort = change.sort;
        core.#el.requestUpdate();
      },
    });
  }

  // --- actions ----------------------------------------------------------------------------

  /** Downloads again what failed, and refetches every store that failed. */
  #retry = (): void => {
    this.#broken = false;
    for (const controller of this.#controllers() as StoreController<LoadState<unknown>>[]) {
      if (controller.value?.error) void (controller.store as LoadStore<unknown>).refetch();
    }
    this.#el.requestUpdate();
  };

  // A modal dialog already makes the page inert; this keeps Tab cycling inside it rather
  // than leaving for the browser's own controls.
  /** Tab and Shift+Tab inside the open dialog. */
  trap = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab') return;
    const dialog = event.currentTarget as HTMLDialogElement;
    const focusable = [...dialog.querySelectorAll<HTMLElement>('button, input, textarea, select, summary, a[href]')].filter(
      (node) => !(node as HTMLButtonElement).disabled && node.getClientRects().length > 0 && !(node instanceof HTMLInputElement && node.type === 'radio' && !node.checked && dialog.querySelector(`input[name="${node.name}"]:checked`)),
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const root = this.#el.renderRoot;
    const active = root instanceof ShadowRoot ? root.activeElement : null;
    if (!first || !last) return;
    if (event.shiftKey ? active === first : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  };
}
