import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import { HearthError, type CheckInStatus, type CommunityInfo } from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem, type WidgetTheme } from '../base/community-widget.js';
import { StoreController } from '../controllers/store-controller.js';
import { partsStyles } from '../parts/parts.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import type { Board } from './board.js';
import {
  checkInStore,
  communityInfoStore,
  leaderboardStore,
  PERIODS,
  retryFailed,
  type CheckInState,
  type CommunityInfoState,
  type GamificationStore,
  type LeaderboardState,
  type LeaderboardWidgetPeriod,
} from './client.js';
import { lazyBoard, lazyCatalogue, type Lazy } from './lazy.js';
import { englishText, leaderboardText, type LeaderboardText } from './messages.js';
import { renderSkeleton } from './skeleton.js';
import { styles } from './leaderboard.styles.js';

/** The colour schemes the widget ships, or a selector it follows (see `theme`). */
export type LeaderboardTheme = WidgetTheme;

/**
 * @summary The community's points leaderboard for a week, a month or all time, with the
 * viewer's own rank, the daily check-in and how points are earned, kept live.
 *
 * The client comes from the `client` property, `configure({ client })`, `configure({ adapter })`,
 * or the in-browser memory backend with `adapter="memory"`, as for every Hearth widget. On a
 * backend without `capabilities.gamification` it says so instead of failing. The "how to
 * earn points" disclosure lists the community's own rules, reloaded when it is opened and
 * every `CommunityLeaderboard.rulesRefreshInterval` milliseconds while it stays open (no
 * realtime event announces a settings change).
 *
 * The element file holds its contract, its data and its loading and error states; the board
 * (tabs, rows, check-in, the disclosure) is a chunk of its own, downloaded beside the first
 * requests and shared by every leaderboard on the page. Until both are in it shows its
 * skeleton; a board that cannot be downloaded shows the load error with Retry.
 *
 * It fits its container, not the viewport: narrower than 24rem (a sidebar, a phone) the tabs
 * stay on one line, the check-in stacks, names truncate (the full name in their `title`) and
 * a row shows two badges and "+N" (every badge stays in the list for screen readers).
 *
 * @attr period - `week` (default), `month` or `all`. The tabs change it; reflected.
 * @attr limit - How many members to show, 1–100 (default 10).
 * @attr loading - `lazy` defers every request until the widget is within 200px of the viewport; `eager` (default).
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows an error explaining so.
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 * @attr theme - `light` (default), `dark`, `auto` (follows `prefers-color-scheme`), or a selector such as `html[data-theme=dark]`: dark while the widget or an ancestor matches it. Reflected.
 *
 * @fires {CommunityCheckInEvent} community-check-in - The viewer checked in; `detail.result` has the streak and points earned.
 * @fires {CommunityErrorEvent} community-error - Loading or the setup failed.
 *
 * @slot empty - Shown when nobody earned points in the period.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading.
 * @csspart tabs - The period tab list.
 * @csspart tab - One period tab.
 * @csspart check-in - The check-in area (streak and button).
 * @csspart streak - The current streak.
 * @csspart check-in-button - The check-in button.
 * @csspart list - The ranked list.
 * @csspart row - One member's row (also the viewer's own row).
 * @csspart rank - A row's rank.
 * @csspart avatar - A member's avatar (image or initials).
 * @csspart name - A member's display name.
 * @csspart level - A member's level name.
 * @csspart title - A member's title.
 * @csspart badges - A member's badge list.
 * @csspart badge - One badge.
 * @csspart points - A row's points in the period.
 * @csspart viewer-row - The viewer's own rank ("not ranked yet" when unranked).
 * @csspart earn - The "how to earn points" disclosure.
 * @csspart error - An error message.
 * @csspart empty - The empty state wrapper.
 *
 * @cssprop --community-leaderboard-accent - Check-in button, the selected tab, links. Falls back to `--community-color-accent`.
 * @cssprop --community-leaderboard-on-accent - Text on the accent colour. Falls back to `--community-color-on-accent`.
 * @cssprop --community-leaderboard-surface - Background. Falls back to `--community-color-surface`.
 * @cssprop --community-leaderboard-surface-raised - Avatars, the viewer's row. Falls back to `--community-color-surface-raised`.
 * @cssprop --community-leaderboard-text - Text colour. Falls back to `--community-color-text`.
 * @cssprop --community-leaderboard-muted - Secondary text. Falls back to `--community-color-muted`.
 * @cssprop --community-leaderboard-border - Borders. Falls back to `--community-color-border`.
 * @cssprop --community-leaderboard-danger - Errors. Falls back to `--community-color-danger`.
 * @cssprop --community-leaderboard-focus - Focus ring. Falls back to `--community-color-focus`.
 * @cssprop --community-leaderboard-skeleton - Loading placeholder. Falls back to `--community-color-skeleton`.
 * @cssprop --community-leaderboard-radius - Corner radius. Falls back to `--community-radius`.
 * @cssprop --community-leaderboard-space - Base spacing. Falls back to `--community-space`.
 * @cssprop --community-leaderboard-avatar-size - Avatar size. Falls back to `--community-avatar-size`.
 * @cssprop --community-leaderboard-font-family - Font. Falls back to `--community-font-family`.
 * @cssprop --community-leaderboard-font-size - Base font size. Falls back to `--community-font-size`.
 */
export class CommunityLeaderboard extends CommunityWidget {
  static override styles = [baseStyles, widgetTokens('leaderboard'), partsStyles, styles];

  static override properties = {
    period: { reflect: true },
    limit: { type: Number },
  };

  /**
   * How often, in milliseconds, the open "how to earn points" disclosure reloads the rules
   * (default 60 000). No realtime event announces a settings change, so opening it reloads
   * them and this keeps them current while it stays open.
   */
  static rulesRefreshInterval = 60_000;

  /** The period shown: `week` (default), `month` or `all`. */
  period: LeaderboardWidgetPeriod = 'week';

  /** How many members to show, 1–100 (default 10). */
  limit?: number;

  readonly #board = new StoreController<LeaderboardState>(this);
  readonly #status = new StoreController<CheckInState>(this);
  readonly #info = new StoreController<CommunityInfoState>(this);
  #statusStore: GamificationStore<CheckInStatus> | null = null;
  #infoStore: GamificationStore<CommunityInfo> | null = null;
  // Until a Chinese table arrives, the previous strings (English at first) stay up.
  #l: LeaderboardText = englishText();
  #boardFor: unknown[] = [];
  // The board's templates and what they do, once downloaded (board.ts).
  #view: Board | undefined;
  // The board could not be downloaded: shown with Retry, which downloads it again.
  #viewError: HearthError | null = null;

  // The pointer over the widget or focus inside it: the board fetches what its interactions show.
  #intent = (): void => this.#view?.intent();

  /** The period in use: the `period` attribute if it names one, else `week`. */
  get #period(): LeaderboardWidgetPeriod {
    return PERIODS.includes(this.period) ? this.period : 'week';
  }

  get #supported(): boolean {
    return supports(this.resolvedClient);
  }

  protected override storesChanged(_changed: PropertyValues<this>): void {
    const locale = this.locale;
    const text = leaderboardText(locale);
    if (text instanceof Promise) void this.track(text).then(() => this.requestUpdate());
    else this.#l = text;
    // The board downloads beside the first requests (not before `loading="lazy"` lets them
    // go); so do the catalogue's badge and title names in another language.
    if (this.isConnected && this.near) {
      if (locale !== 'en') this.#fetch(lazyCatalogue).catch(() => {});
      if (!this.#viewError) {
        this.#fetch(lazyBoard).catch(() => {
          this.#viewError = new HearthError('unavailable', this.#l.t('loadError'));
          this.requestUpdate();
        });
      }
    }
    this.#syncBoard();
    this.reportError(this.#viewError ?? this.#failure()?.error, 'load');
  }

  /** Downloads `part` unless it is in, re-rendering once it is (`updateComplete` waits for it). */
  #fetch(part: Lazy<unknown>): Promise<unknown> {
    return part.value ? Promise.resolve() : this.track(part.load()).then(() => this.requestUpdate());
  }

  protected override problemMessage(problem: ConfigProblem): string {
    return this.#l.t(problem);
  }

  /** Follows `client`'s check-in state and points rules (nothing when null). */
  protected override clientChanged(client: CommunityClient | null): void {
    const supported = supports(client);
    this.#status.setStore((this.#statusStore = supported ? checkInStore(client!) : null));
    this.#info.setStore((this.#infoStore = supported ? communityInfoStore(client!) : null));
    this.#boardFor = [];
    this.#syncBoard();
  }

  /** A new board store when the client, period or limit changed (so it refetches). */
  #syncBoard(): void {
    const client = this.isConnected && this.#supported ? this.resolvedClient : null;
    if (!client) {
      this.#boardFor = [];
      return this.#board.setStore(null);
    }
    const wanted = [client, this.#period, this.limit];
    if (wanted.every((part, i) => part === this.#boardFor[i])) return;
    this.#boardFor = wanted;
    this.#board.setStore(leaderboardStore(client, { period: this.#period, limit: this.limit }));
  }

  /** The first load that failed with nothing to show, if any. */
  #failure(): { error: HearthError | null } | undefined {
    return [this.sessionState, this.#board.value, this.#status.value].find((state) => state?.status === 'error');
  }

  // Downloads the board again if that failed, and reloads whatever else failed.
  #retry = (): void => {
    const client = this.resolvedClient;
    this.#viewError = null;
    this.requestUpdate();
    if (client) void retryFailed(client);
  };

  // --- rendering ---------------------------------------------------------------------

  protected override render(): TemplateResult {
    const l = this.#l;
    const view = this.#boardView();
    return html`
      <section part="base" class="base" aria-labelledby="heading" @pointerenter=${this.#intent} @focusin=${this.#intent}>
        <div class="toolbar">
          <h2 part="heading" id="heading">${l.t('heading')}</h2>
          ${view?.renderCheckIn()}
        </div>
        <div class="visually-hidden" role="status" aria-live="polite">${view?.announcement}</div>
        ${this.#renderBody(view)}
      </section>
    `;
  }

  /** The board with what it shows now, once it is downloaded and the backend has points. */
  #boardView(): Board | undefined {
    const client = this.resolvedClient;
    const module = lazyBoard.value;
    if (!module || !client || !this.#supported) return undefined;
    const view = (this.#view ??= new module.Board(this, (part) => this.#fetch(part)));
    view.state = {
      l: this.#l,
      client,
      period: this.#period,
      viewer: this.sessionState?.session?.viewer,
      board: this.#board.value,
      status: this.#status.value,
      info: this.#info.value,
      statusStore: this.#statusStore,
      infoStore: this.#infoStore,
    };
    return view;
  }

  #renderBody(view: Board | undefined): TemplateResult {
    const l = this.#l;
    if (this.configProblem) return this.#renderError(l.t(this.configProblem), false);
    if (this.resolvedClient && !this.#supported) return html`<p class="notice" part="empty">${l.t('unsupported')}</p>`;
    // A board that did not download says only that; a backend's error says what it was.
    const failure = this.#viewError ? { error: null } : this.#failure();
    return html`
      ${failure ? this.#renderError(`${l.t('loadError')} ${failure.error?.message ?? ''}`, true) : nothing}
      ${view ? view.renderBody() : failure ? nothing : renderSkeleton(l)}
    `;
  }

  #renderError(message: string, retry: boolean): TemplateResult {
    return html`<div part="error" class="error-box" role="alert">
      <p>${message}</p>
      ${retry ? html`<button type="button" @click=${this.#retry}>${this.#l.t('retry')}</button>` : nothing}
    </div>`;
  }
}

function supports(client: CommunityClient | null): boolean {
  const adapter = client?.adapter;
  return !!adapter?.capabilities.gamification && !!adapter.gamification;
}
