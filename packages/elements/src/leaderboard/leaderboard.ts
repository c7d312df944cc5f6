import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import {
  HearthError,
  type CheckInStatus,
  type CommunityInfo,
  type Leaderboard,
  type LeaderboardRow,
  type Member,
  type PERMISSIONS,
  type Role,
} from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem, type WidgetTheme } from '../base/community-widget.js';
import { StoreController } from '../controllers/store-controller.js';
import { partsStyles } from '../parts/parts.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import { CommunityCheckInEvent } from './check-in-event.js';
import {
  checkIn,
  checkInStore,
  communityInfoStore,
  leaderboardStore,
  retryFailed,
  type CheckInState,
  type CommunityInfoState,
  type GamificationState,
  type GamificationStore,
  type LeaderboardState,
  type LeaderboardWidgetPeriod,
} from './client.js';
import { englishText, leaderboardText, localName, type LeaderboardText } from './messages.js';
import { styles } from './leaderboard.styles.js';

/** The colour schemes the widget ships, or a selector it follows (see `theme`). */
export type LeaderboardTheme = WidgetTheme;

type Catalogue = typeof import('./catalogue.js');
type Rules = typeof import('./rules.js');

const PERIODS: readonly LeaderboardWidgetPeriod[] = ['week', 'month', 'all'];
// Badges a row shows in a narrow container before "+N" (see leaderboard.styles.ts).
const MAX_NARROW_BADGES = 2;

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
    checkingIn: { state: true },
    checkInError: { state: true },
    announcement: { state: true },
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

  private checkingIn = false;
  private checkInError: HearthError | null = null;
  private announcement = '';

  readonly #board = new StoreController<LeaderboardState>(this);
  readonly #status = new StoreController<CheckInState>(this);
  readonly #info = new StoreController<CommunityInfoState>(this);
  #statusStore: GamificationStore<CheckInStatus> | null = null;
  #infoStore: GamificationStore<CommunityInfo> | null = null;
  // Until a Chinese table arrives, the previous strings (English at first) stay up.
  #l: LeaderboardText = englishText();
  // The badge catalogue, for names in other languages and the criteria tooltips.
  #catalogue: Catalogue | undefined;
  #catalogueLoad: Promise<unknown> | undefined;
  // What "how to earn points" shows, downloaded on the first intent.
  #rules: Rules | undefined;
  #rulesLoad: Promise<unknown> | undefined;
  #boardFor: unknown[] = [];
  // Reloads the rules while the disclosure is open.
  #rulesTimer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page with the rules open: keep reloading them.
    if (this.shadowRoot?.querySelector('details[part~="earn"][open]')) this.#watchRules(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#watchRules(false);
  }

  #loadCatalogue(): void {
    this.#catalogueLoad ??= this.track(
      import('./catalogue.js').then(
        (catalogue) => {
          this.#catalogue = catalogue;
          this.requestUpdate();
        },
        // Offline: English names stay up; the next intent tries again.
        () => (this.#catalogueLoad = undefined),
      ),
    );
  }

  // The pointer over the widget or focus inside it: fetch the badge criteria for the tooltips
  // and the points rules, so opening "how to earn points" does not wait for them.
  #intent = (): void => {
    this.#loadCatalogue();
    this.#loadRules();
  };

  /** The period in use: the `period` attribute if it names one, else `week`. */
  get #period(): LeaderboardWidgetPeriod {
    return PERIODS.includes(this.period) ? this.period : 'week';
  }

  get #supported(): boolean {
    return supports(this.resolvedClient);
  }

  protected override storesChanged(_changed: PropertyValues<this>): void {
    const locale = this.locale;
    // Badge and title names in another language come from the catalogue.
    if (locale !== 'en' && !this.#catalogue) this.#loadCatalogue();
    const text = leaderboardText(locale);
    if (text instanceof Promise) void this.track(text).then(() => this.requestUpdate());
    else this.#l = text;
    this.#syncBoard();
    this.reportError(this.#failure()?.error, 'load');
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

  // --- actions -----------------------------------------------------------------------

  #select(period: LeaderboardWidgetPeriod, focus: boolean): void {
    this.period = period;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${period}`)?.focus());
  }

  #onTabKey = (event: KeyboardEvent): void => {
    const index = PERIODS.indexOf(this.#period);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: PERIODS.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key]! + PERIODS.length) % PERIODS.length;
    this.#select(PERIODS[next]!, true);
  };

  async #checkIn(): Promise<void> {
    const client = this.resolvedClient;
    if (!client || this.checkingIn) return;
    this.checkingIn = true;
    this.checkInError = null;
    try {
      const result = await checkIn(client);
      const l = this.#l;
      this.#announce(
        [l.t('checkedInNow', { earned: result.earned, streak: result.streak }), result.bonus ? l.t('bonusNow', result.bonus) : ''].filter(Boolean).join(' '),
      );
      this.dispatchEvent(new CommunityCheckInEvent({ result }));
    } catch (error) {
      this.checkInError = HearthError.is(error) ? error : new HearthError('internal', String(error));
      // Checked in elsewhere already (another tab): show the real state beside the error.
      void this.#statusStore?.refetch();
    } finally {
      this.checkingIn = false;
    }
  }

  #announce(message: string): void {
    // Cleared first so the same message twice is read again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = message));
  }

  #retry = (): void => {
    const client = this.resolvedClient;
    if (client) void retryFailed(client);
  };

  // --- rendering ---------------------------------------------------------------------

  protected override render(): TemplateResult {
    const l = this.#l;
    return html`
      <section part="base" class="base" aria-labelledby="heading" @pointerenter=${this.#intent} @focusin=${this.#intent}>
        <div class="toolbar">
          <h2 part="heading" id="heading">${l.t('heading')}</h2>
          ${this.#supported ? this.#renderCheckIn() : nothing}
        </div>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
        ${this.#renderBody()}
      </section>
    `;
  }

  #renderBody(): TemplateResult {
    const l = this.#l;
    if (this.configProblem) return this.#renderError(l.t(this.configProblem), false);
    if (!this.resolvedClient) return this.#renderSkeleton();
    if (!this.#supported) return html`<p class="notice" part="empty">${l.t('unsupported')}</p>`;
    const failure = this.#failure();
    return html`
      ${failure ? this.#renderError(`${l.t('loadError')} ${failure.error?.message ?? ''}`, true) : nothing}
      <div role="tablist" part="tabs" aria-label=${l.t('periods')} @keydown=${this.#onTabKey}>
        ${PERIODS.map((period) => {
          const selected = period === this.#period;
          return html`<button
            type="button"
            role="tab"
            part="tab"
            id=${`tab-${period}`}
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="panel"
            tabindex=${selected ? 0 : -1}
            @click=${() => this.#select(period, false)}
          >
            ${l.t(period)}
          </button>`;
        })}
      </div>
      <div role="tabpanel" id="panel" aria-labelledby=${`tab-${this.#period}`}>${this.#renderBoard(this.#board.value)}</div>
      ${this.#renderRules(this.#info.value)}
    `;
  }

  #renderError(message: string, retry: boolean): TemplateResult {
    return html`<div part="error" class="error-box" role="alert">
      <p>${message}</p>
      ${retry ? html`<button type="button" @click=${this.#retry}>${this.#l.t('retry')}</button>` : nothing}
    </div>`;
  }

  #renderSkeleton(): TemplateResult {
    return html`<div class="skeleton" aria-busy="true">
      <span class="visually-hidden">${this.#l.t('loading')}</span>
      <div class="bone"></div>
      <div class="bone"></div>
      <div class="bone"></div>
    </div>`;
  }

  get #viewer(): Member | null | undefined {
    return this.sessionState?.session?.viewer;
  }

  #renderCheckIn(): TemplateResult | typeof nothing {
    const l = this.#l;
    const viewer = this.#viewer;
    if (!viewer || !canCheckIn(viewer.role)) return nothing;
    const status: CheckInStatus | null = this.#status.value?.data ?? null;
    const done = !!status?.checkedInToday;
    return html`<div class="check-in" part="check-in">
      ${status
        ? html`<span part="streak" class="streak">${this.#streakLine(status)}</span>`
        : nothing}
      <button type="button" part="check-in-button" ?disabled=${!status || done || this.checkingIn} @click=${() => void this.#checkIn()}>
        ${done ? `✓ ${l.t('checkedIn')}` : this.checkingIn ? l.t('checkingIn') : l.t('checkIn')}
      </button>
      ${this.checkInError ? html`<span part="error" role="alert">${l.t('checkInError')} ${this.checkInError.message}</span>` : nothing}
    </div>`;
  }

  /**
   * "3-day streak · 4 more check-ins for +5": one message, so its separator and spacing are
   * the translation's (whitespace at the edge of an html`` template is minified away).
   */
  #streakLine(status: CheckInStatus): string {
    const l = this.#l;
    const streak = status.streak ? l.t('streak', { count: status.streak }) : l.t('noStreak');
    const next = status.checkedInToday ? null : status.nextBonus;
    return next ? l.t('streakLine', { streak, next: l.t('nextBonus', { count: next.checkIns, points: next.points }) }) : streak;
  }

  #renderBoard(state: GamificationState<Leaderboard> | undefined): TemplateResult {
    const l = this.#l;
    const board = state?.data;
    if (!board) return state?.status === 'error' ? html`` : this.#renderSkeleton();
    const viewerId = this.#viewer?.id ?? this.resolvedClient?.viewer?.id ?? null;
    return html`
      ${board.items.length
        ? html`<ol part="list" aria-busy=${state.isFetching ? 'true' : 'false'}>
            ${board.items.map((row) => html`<li>${this.#renderRow(row, row.member.id === viewerId)}</li>`)}
          </ol>`
        : html`<div part="empty" class="empty notice"><slot name="empty">${l.t('empty')}</slot></div>`}
      <div part="viewer-row">${this.#renderViewer(board, board.items.some((row) => row.member.id === viewerId))}</div>
    `;
  }

  // The viewer's rank; their row again only when the list above does not already show it.
  #renderViewer(board: Leaderboard, listed: boolean): TemplateResult {
    const l = this.#l;
    const row = board.viewer;
    if (!row) return html`<p class="muted">${l.t('signInToRank')}</p>`;
    if (row.rank === null) return html`<p class="muted">${l.t('notRanked')}</p>`;
    return html`<p class="visually-hidden">${l.t('yourRank', { rank: row.rank })}</p>
      ${listed ? nothing : this.#renderRow(row, true)}`;
  }

  #renderRow(row: LeaderboardRow, own: boolean): TemplateResult {
    const l = this.#l;
    const lang = l.locale;
    const { member } = row;
    return html`<div part="row" class=${own ? 'row own' : 'row'}>
      <span part="rank" class="rank" aria-label=${row.rank === null ? l.t('notRanked') : l.t('rank', { rank: row.rank })}>${row.rank === null ? '–' : l.n(row.rank)}</span>
      ${this.#renderAvatar(member)}
      <div class="who">
        <div part="name" title=${member.displayName}><span class="name-text">${member.displayName}</span>${own
            ? html`<span class="muted you">${l.t('you')}</span>`
            : nothing}</div>
        <div class="meta">
          <span part="level" title=${l.t('level', { level: row.level.level, name: localName(row.level, lang) })}>${localName(row.level, lang)}</span>
          ${row.title ? html`<span part="title">${this.#titleName(row.title)}</span>` : nothing}
          ${row.badges.length
            ? html`<ul part="badges" aria-label=${l.t('badges')}>
                ${row.badges.map((award) => {
                  // Awards carry the English name; the catalogue, once here, names and explains them.
                  const definition = this.#catalogue?.badgeDefinition(award.badge);
                  return html`<li part="badge" title=${definition ? localName({ name: definition.criteria, names: definition.criteriaNames }, lang) : ''}>
                    ${this.#badgeName(award, lang)}
                  </li>`;
                })}
                ${row.badges.length > MAX_NARROW_BADGES
                  ? // Narrow containers show the first badges and "+N" (the rest stay for screen readers).
                    html`<li class="more" aria-hidden="true" title=${row.badges.slice(MAX_NARROW_BADGES).map((award) => this.#badgeName(award, lang)).join(', ')}>
                      +${l.n(row.badges.length - MAX_NARROW_BADGES)}
                    </li>`
                  : nothing}
              </ul>`
            : nothing}
        </div>
      </div>
      <span part="points">${l.t('points', { count: row.points })}</span>
    </div>`;
  }

  #badgeName(award: LeaderboardRow['badges'][number], lang: string): string {
    const definition = this.#catalogue?.badgeDefinition(award.badge);
    return definition ? localName(definition, lang) : award.name;
  }

  /** A title in the widget's language when it is one the badge catalogue grants; else as the admin wrote it. */
  #titleName(title: string): string {
    const granted = this.#catalogue?.BADGES.map((badge) => badge.title).find((t) => t?.name === title);
    return granted ? localName(granted, this.#l.locale) : title;
  }

  #renderAvatar(member: Member): TemplateResult {
    const initials = [...member.displayName.trim()][0]?.toUpperCase() ?? '?';
    const url = member.avatarUrl && /^https?:\/\//i.test(member.avatarUrl) ? member.avatarUrl : null;
    return html`<span part="avatar" aria-hidden="true">${url ? html`<img src=${url} alt="" loading="lazy" />` : initials}</span>`;
  }

  #renderRules(state: GamificationState<CommunityInfo> | undefined): TemplateResult {
    const l = this.#l;
    return html`<details part="earn" @toggle=${this.#onToggleRules}>
      <summary>${l.t('howToEarn')}</summary>
      ${this.#rules ? this.#rules.renderRules(l, state) : html`<p class="muted">${l.t('rulesLoading')}</p>`}
    </details>`;
  }

  #loadRules(): void {
    this.#rulesLoad ??= this.track(
      import('./rules.js').then(
        (rules) => {
          this.#rules = rules;
          this.requestUpdate();
        },
        // Offline: "Loading the rules…" stays; the next intent tries again.
        () => (this.#rulesLoad = undefined),
      ),
    );
  }

  // Settings changes are not announced in realtime: opening the rules reloads them, and
  // while they stay open they are reloaded every `rulesRefreshInterval`.
  #onToggleRules = (event: Event): void => {
    const open = (event.target as HTMLDetailsElement).open;
    if (open) {
      this.#loadRules();
      void this.#infoStore?.refetch();
    }
    this.#watchRules(open);
  };

  #watchRules(open: boolean): void {
    clearInterval(this.#rulesTimer);
    this.#rulesTimer = open
      ? setInterval(() => void this.#infoStore?.refetch(), (this.constructor as typeof CommunityLeaderboard).rulesRefreshInterval)
      : undefined;
  }
}

type CheckInRole = (typeof PERMISSIONS)['check_in'][number];
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** `allows(role, 'check_in')` without carrying the whole permission table into the entry. */
function canCheckIn(role: Role): boolean {
  // PERMISSIONS.check_in is every role but guest; this stops compiling if that changes.
  void (true satisfies Exactly<Exclude<Role, CheckInRole>, 'guest'>);
  return role !== 'guest';
}

function supports(client: CommunityClient | null): boolean {
  const adapter = client?.adapter;
  return !!adapter?.capabilities.gamification && !!adapter.gamification;
}
