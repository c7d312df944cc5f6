import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { CommunityClient, FeedbackListState, RoadmapState } from '@hearth/client';
import { HearthError, type FeedbackKind, type FeedbackSort, type FeedbackStatus } from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem } from '../base/community-widget.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import { partsStyles } from '../parts/parts.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import { styles } from './feedback.styles.js';
import { englishText, failures, feedbackText, type FeedbackText } from './messages.js';
import type { FeedbackCore, FeedbackShell } from './feedback-core.js';

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
 * Only the first, resting look is eager: the rest (the stores, the form, the board, the
 * dialog's inside) downloads when the inline box or the board first renders, or when a
 * launcher is first pointed at or clicked; a click before it arrives waits for it.
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

  #text: FeedbackText = englishText();
  #core: FeedbackCore | undefined;
  #coreLoad: Promise<unknown> | undefined;
  // The core did not download: the error with Retry shows, and updates do not retry by themselves.
  #failed = false;
  #opener: HTMLElement | null = null;

  protected override clientChanged(_client: CommunityClient | null): void {
    this.#core?.clientChanged();
  }

  protected override problemMessage(problem: ConfigProblem): Promise<string> {
    return failures().then(() => this.#text.t(problem));
  }

  protected override storesChanged(_changed: PropertyValues<this>): void {
    const text = feedbackText(this.locale);
    if (text instanceof Promise) this.track(text).then(() => this.requestUpdate());
    else this.#text = text;
    // The launcher needs only its button until it is pointed at or opened.
    if (!this.#failed && this.near && (this.mode !== 'launcher' || this.opened)) void this.#load();
    this.#core?.update();
  }

  readonly #shell: FeedbackShell = {
    el: this,
    text: () => this.#text,
    client: () => this.resolvedClient,
    problem: () => this.configProblem,
    opened: () => this.opened,
    track: (load) => this.track(load),
    report: (error, action) => this.reportError(error, action),
    wait: (retry) => this.#wait(retry),
  };

  /** Downloads the core once; a failure shows with Retry and is told to the page. */
  #load(): Promise<unknown> {
    return (this.#coreLoad ??= this.track(
      import('./feedback-core.js').then(
        (module) => {
          this.#core ??= new module.FeedbackCore(this.#shell);
          this.requestUpdate();
        },
        () => {
          this.#coreLoad = undefined;
          this.#failed = true;
          this.reportError(new HearthError('unavailable', this.#text.t('loadError')), 'load');
          this.requestUpdate();
        },
      ),
    ));
  }

  // --- rendering --------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const t = this.#text;
    const core = this.#core;
    // Rendered from the start, so the element that opens is the one that was there.
    const dialog = html`<dialog part="dialog" aria-labelledby="dialog-title" @keydown=${core?.trap} @close=${this.#closed}>
      <div class="top">
        <h2 id="dialog-title">${t.t('sendFeedback')}</h2>
        <button part="close" class="close" type="button" aria-label=${t.t('close')} @click=${this.#close}>×</button>
      </div>
      ${core ? core.dialog() : this.#failed ? this.#wait(this.#retry) : nothing}
    </dialog>`;
    if (this.mode === 'launcher') {
      return html`<div part="base" class="launcher-base">
        <button part="launcher" class="launcher primary" type="button" aria-haspopup="dialog" @click=${this.#open} @pointerenter=${this.#intent} @focus=${this.#intent}>
          ${t.t('sendFeedback')}
        </button>
        ${dialog} ${core?.live()}
      </div>`;
    }
    const board = this.mode === 'board';
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div class="top">
        <h2 part="heading" id="heading">${t.t(board ? 'heading' : 'sendFeedback')}</h2>
        ${board ? html`<button part="new" class="primary" type="button" @click=${this.#open} @pointerenter=${this.#intent} @focus=${this.#intent}>${t.t('sendFeedback')}</button>` : nothing}
      </div>
      ${core ? core.render() : this.#wait(this.#failed ? this.#retry : undefined)}
      ${board ? dialog : nothing} ${core?.live()}
    </section>`;
  }

  #wait(retry?: () => void): TemplateResult {
    const t = this.#text;
    return retry
      ? html`<div role="alert">
          <div part="error" class="error"><span>${t.t('loadError')}</span><button type="button" @click=${retry}>${t.t('retry')}</button></div>
        </div>`
      : html`<div class="skeleton" aria-busy="true"><span class="visually-hidden">${t.t('loading')}</span><div class="bone"></div><div class="bone"></div></div>`;
  }

  // --- actions ----------------------------------------------------------------------------

  // Pointing at the launcher or the board's button fetches what a click needs (the core
  // brings the form along), so the click need not wait.
  #intent = (): void => {
    if (!this.#failed) void this.#load().then(() => this.#core?.intent());
  };

  #retry = (): void => {
    this.#failed = false;
    void (this.renderRoot.querySelector('dialog')?.open ? this.#show() : this.#load());
  };

  // A click before the core (or the form) arrived waits for it, then opens.
  #open = (event: Event): void => {
    this.#opener = event.currentTarget as HTMLElement;
    this.opened = true;
    this.#failed = false;
    void this.#show();
  };

  async #show(): Promise<void> {
    await this.#load();
    // Waits for the form too: the core starts it in the update the load asked for.
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // The message box, rather than the Close button showModal would pick (a form without one: its first field).
    const field = dialog.querySelector<HTMLElement>('textarea') ?? dialog.querySelector<HTMLElement>('input:checked, input');
    field?.focus();
  }

  #close = (): void => {
    this.renderRoot.querySelector('dialog')?.close();
  };

  #closed = (): void => {
    this.#opener?.focus();
  };
}
