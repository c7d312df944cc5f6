// The board: the period tabs, the ranked rows and the viewer's own, the check-in and the
// "how to earn points" disclosure, with what each does when used. Downloaded apart from the
// element, as soon as the widget may load and beside its first requests, so it is in by the
// time the data is (the skeleton stands for both until then); a page pays for the element
// file only: its contract, its data wiring and its loading and error states.
import { adoptStyles, html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import { HearthError, type CheckInStatus, type CommunityInfo, type Leaderboard, type LeaderboardRow, type Member, type PERMISSIONS, type Role } from '@hearth/protocol';
import { styles } from './board.styles.js';
import { CommunityCheckInEvent } from './check-in-event.js';
import {
  checkIn,
  PERIODS,
  type CheckInState,
  type CommunityInfoState,
  type GamificationStore,
  type LeaderboardState,
  type LeaderboardWidgetPeriod,
} from './client.js';
import { Lazy, lazyCatalogue } from './lazy.js';
import type { CommunityLeaderboard } from './leaderboard.js';
import { englishText, type BoardMessages, type LeaderboardText } from './messages.js';
import { renderSkeleton } from './skeleton.js';

const en: BoardMessages = {
  periods: 'Leaderboard period',
  week: 'This week',
  month: 'This month',
  all: 'All time',
  empty: 'No points earned in this period yet.',
  rank: 'Rank {rank}',
  points: '{count} point|{count} points',
  level: 'Level {level}: {name}',
  badges: 'Badges',
  you: ' (you)',
  yourRank: 'Your rank: #{rank}',
  notRanked: 'Not ranked yet',
  signInToRank: 'Sign in to see your rank and check in.',
  checkIn: 'Check in',
  checkingIn: 'Checking in…',
  checkedIn: 'Checked in',
  streak: '{count}-day streak|{count}-day streak',
  noStreak: 'No streak yet',
  nextBonus: '{count} more check-in for +{points}|{count} more check-ins for +{points}',
  streakLine: '{streak} · {next}',
  checkedInNow: 'Checked in: +{earned} today, {streak}-day streak.',
  bonusNow: 'Streak bonus: +{points} for {days} days in a row!',
  howToEarn: 'How to earn points',
  rulesLoading: 'Loading the rules…',
  rulesError: 'The rules could not be loaded.',
  checkInError: 'Could not check in.',
};
// English gains these; the Chinese tables carry their own.
Object.assign(englishText().table, en);

/** The "how to earn points" list, downloaded on the first intent or when the disclosure opens. */
export const lazyRules = new Lazy(() => import('./rules.js'));

// Badges a row shows in a narrow container before "+N" (see board.styles.ts).
const MAX_NARROW_BADGES = 2;

/** What the element knows, handed to its board before each render. */
export interface BoardState {
  l: LeaderboardText;
  client: CommunityClient;
  period: LeaderboardWidgetPeriod;
  /** The signed-in viewer, from the session. */
  viewer: Member | null | undefined;
  board: LeaderboardState | undefined;
  status: CheckInState | undefined;
  info: CommunityInfoState | undefined;
  statusStore: GamificationStore<CheckInStatus> | null;
  infoStore: GamificationStore<CommunityInfo> | null;
}

/**
 * One leaderboard's board: renders into the element's shadow root (so its parts are the
 * element's), adopts its own styles there, and keeps what only it needs (the check-in in
 * flight, the announcement, the rules' refresh timer).
 */
export class Board implements ReactiveController {
  /** Set by the element before each render. */
  state!: BoardState;
  /** What the element's live region reads out. */
  announcement = '';
  #checkingIn = false;
  #checkInError: HearthError | null = null;
  #rulesFailed = false;
  #rulesTimer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param fetch Downloads a part unless it is in; the element re-renders once it arrives and
   * its `updateComplete` waits for it meanwhile.
   */
  constructor(
    private readonly el: CommunityLeaderboard,
    private readonly fetch: (part: Lazy<unknown>) => Promise<unknown>,
  ) {
    el.addController(this);
    adoptStyles(el.renderRoot as ShadowRoot, [...(el.constructor as typeof CommunityLeaderboard).elementStyles, styles]);
  }

  /** Moved in the page with the rules open: keep reloading them. */
  hostConnected(): void {
    if (this.el.renderRoot.querySelector('details[part~="earn"][open]')) this.#watchRules(true);
  }

  hostDisconnected(): void {
    this.#watchRules(false);
  }

  /**
   * The pointer over the widget or focus inside it: fetch the badge criteria for the tooltips
   * and the points rules, so opening "how to earn points" does not wait for them. Offline,
   * English names and "Loading the rules…" stay up and the next intent tries again.
   */
  intent(): void {
    this.fetch(lazyCatalogue).catch(() => {});
    this.fetch(lazyRules).catch(() => {});
  }

  // --- check-in ------------------------------------------------------------------------

  get #viewer(): Member | null | undefined {
    return this.state.viewer;
  }

  /** The streak and the check-in button, for a viewer who may check in. */
  renderCheckIn(): TemplateResult | typeof nothing {
    const { l, status: state } = this.state;
    const viewer = this.#viewer;
    if (!viewer || !canCheckIn(viewer.role)) return nothing;
    const status: CheckInStatus | null = state?.data ?? null;
    const done = !!status?.checkedInToday;
    return html`<div class="check-in" part="check-in">
      ${status ? html`<span part="streak" class="streak">${this.#streakLine(status)}</span>` : nothing}
      <button type="button" part="check-in-button" ?disabled=${!status || done || this.#checkingIn} @click=${() => void this.#checkIn()}>
        ${done ? `✓ ${l.t('checkedIn')}` : this.#checkingIn ? l.t('checkingIn') : l.t('checkIn')}
      </button>
      ${this.#checkInError ? html`<span part="error" role="alert">${l.t('checkInError')} ${this.#checkInError.message}</span>` : nothing}
    </div>`;
  }

  /**
   * "3-day streak · 4 more check-ins for +5": one message, so its separator and spacing are
   * the translation's (whitespace at the edge of an html`` template is minified away).
   */
  #streakLine(status: CheckInStatus): string {
    const { l } = this.state;
    const streak = status.streak ? l.t('streak', { count: status.streak }) : l.t('noStreak');
    const next = status.checkedInToday ? null : status.nextBonus;
    return next ? l.t('streakLine', { streak, next: l.t('nextBonus', { count: next.checkIns, points: next.points }) }) : streak;
  }

  async #checkIn(): Promise<void> {
    if (this.#checkingIn) return;
    const { client, statusStore } = this.state;
    this.#checkingIn = true;
    this.#checkInError = null;
    this.el.requestUpdate();
    try {
      const result = await checkIn(client);
      const { l } = this.state;
      this.#announce(
        [l.t('checkedInNow', { earned: result.earned, streak: result.streak }), result.bonus ? l.t('bonusNow', result.bonus) : ''].filter(Boolean).join(' '),
      );
      this.el.dispatchEvent(new CommunityCheckInEvent({ result }));
    } catch (error) {
      this.#checkInError = HearthError.is(error) ? error : new HearthError('internal', String(error));
      // Checked in elsewhere already (another tab): show the real state beside the error.
      void statusStore?.refetch();
    } finally {
      this.#checkingIn = false;
      this.el.requestUpdate();
    }
  }

  #announce(message: string): void {
    // Cleared first so the same message twice is read again.
    this.announcement = '';
    this.el.requestUpdate();
    void this.el.updateComplete.then(() => {
      this.announcement = message;
      this.el.requestUpdate();
    });
  }

  // --- tabs and the board ----------------------------------------------------------------

  /** The period tabs, the board of the selected one and "how to earn points". */
  renderBody(): TemplateResult {
    const { l, period: current } = this.state;
    // Badge and title names in another language come from the catalogue (the element starts
    // that download with its first requests; this takes it up again after a failure).
    if (l.locale !== 'en') this.fetch(lazyCatalogue).catch(() => {});
    return html`
      <div role="tablist" part="tabs" aria-label=${l.t('periods')} @keydown=${this.#onTabKey}>
        ${PERIODS.map((period) => {
          const selected = period === current;
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
      <div role="tabpanel" id="panel" aria-labelledby=${`tab-${current}`}>${this.#renderBoard(this.state.board)}</div>
      ${this.#renderRules()}
    `;
  }

  #select(period: LeaderboardWidgetPeriod, focus: boolean): void {
    const { el } = this;
    el.period = period;
    if (focus) void el.updateComplete.then(() => el.renderRoot.querySelector<HTMLElement>(`#tab-${period}`)?.focus());
  }

  #onTabKey = (event: KeyboardEvent): void => {
    const index = PERIODS.indexOf(this.state.period);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: PERIODS.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = (moves[event.key]! + PERIODS.length) % PERIODS.length;
    this.#select(PERIODS[next]!, true);
  };

  #renderBoard(state: LeaderboardState | undefined): TemplateResult {
    const { l } = this.state;
    const board = state?.data;
    if (!board) return state?.status === 'error' ? html`` : renderSkeleton(l);
    const viewerId = this.#viewer?.id ?? this.state.client.viewer?.id ?? null;
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
    const { l } = this.state;
    const row = board.viewer;
    if (!row) return html`<p class="muted">${l.t('signInToRank')}</p>`;
    if (row.rank === null) return html`<p class="muted">${l.t('notRanked')}</p>`;
    return html`<p class="visually-hidden">${l.t('yourRank', { rank: row.rank })}</p>
      ${listed ? nothing : this.#renderRow(row, true)}`;
  }

  #renderRow(row: LeaderboardRow, own: boolean): TemplateResult {
    const { l } = this.state;
    const lang = l.locale;
    const { member } = row;
    return html`<div part="row" class=${own ? 'row own' : 'row'}>
      <span part="rank" class="rank" aria-label=${row.rank === null ? l.t('notRanked') : l.t('rank', { rank: row.rank })}>${row.rank === null ? '–' : l.n(row.rank)}</span>
      ${renderAvatar(member)}
      <div class="who">
        <div part="name" title=${member.displayName}><span class="name-text">${member.displayName}</span>${own
            ? html`<span class="muted you">${l.t('you')}</span>`
            : nothing}</div>
        <div class="meta">
          <span part="level" title=${l.t('level', { level: row.level.level, name: localName(row.level, lang) })}>${localName(row.level, lang)}</span>
          ${row.title ? html`<span part="title">${titleName(row.title, lang)}</span>` : nothing}
          ${row.badges.length
            ? html`<ul part="badges" aria-label=${l.t('badges')}>
                ${row.badges.map((award) => {
                  // Awards carry the English name; the catalogue, once here, names and explains them.
                  const definition = lazyCatalogue.value?.badgeDefinition(award.badge);
                  return html`<li part="badge" title=${definition ? localName({ name: definition.criteria, names: definition.criteriaNames }, lang) : ''}>
                    ${badgeName(award, lang)}
                  </li>`;
                })}
                ${row.badges.length > MAX_NARROW_BADGES
                  ? // Narrow containers show the first badges and "+N" (the rest stay for screen readers).
                    html`<li class="more" aria-hidden="true" title=${row.badges.slice(MAX_NARROW_BADGES).map((award) => badgeName(award, lang)).join(', ')}>
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

  // --- how to earn points ----------------------------------------------------------------

  #renderRules(): TemplateResult {
    const { l, info } = this.state;
    const rules = lazyRules.value;
    return html`<details part="earn" @toggle=${this.#onToggleRules}>
      <summary>${l.t('howToEarn')}</summary>
      ${rules
        ? rules.renderRules(l, info)
        : this.#rulesFailed
          ? html`<div part="error" class="error-box" role="alert">
              <p>${l.t('rulesError')}</p>
              <button type="button" @click=${this.#loadRules}>${l.t('retry')}</button>
            </div>`
          : html`<p class="muted">${l.t('rulesLoading')}</p>`}
    </details>`;
  }

  // Opened before the list is in: "Loading the rules…" until it is, or the error with Retry.
  #loadRules = (): void => {
    this.#rulesFailed = false;
    this.fetch(lazyRules).catch(() => {
      this.#rulesFailed = true;
      this.el.requestUpdate();
    });
  };

  // Settings changes are not announced in realtime: opening the rules reloads them, and
  // while they stay open they are reloaded every `rulesRefreshInterval`.
  #onToggleRules = (event: Event): void => {
    const open = (event.target as HTMLDetailsElement).open;
    if (open) {
      if (!lazyRules.value) this.#loadRules();
      void this.state.infoStore?.refetch();
    }
    this.#watchRules(open);
  };

  #watchRules(open: boolean): void {
    clearInterval(this.#rulesTimer);
    this.#rulesTimer = open
      ? setInterval(() => void this.state.infoStore?.refetch(), (this.el.constructor as typeof CommunityLeaderboard).rulesRefreshInterval)
      : undefined;
  }
}

function renderAvatar(member: Member): TemplateResult {
  const initials = [...member.displayName.trim()][0]?.toUpperCase() ?? '?';
  const url = member.avatarUrl && /^https?:\/\//i.test(member.avatarUrl) ? member.avatarUrl : null;
  return html`<span part="avatar" aria-hidden="true">${url ? html`<img src=${url} alt="" loading="lazy" />` : initials}</span>`;
}

/**
 * A level's (badge's, title's) name in a language, falling back to the English name: the
 * protocol's `localName`, which sits beside the badge catalogue the board does not wait for.
 */
export function localName(item: { name: string; names: Record<string, string> }, lang?: string | null): string {
  if (!lang) return item.name;
  return item.names[lang] ?? item.names[Object.keys(item.names).find((tag) => tag.split('-')[0] === lang.split('-')[0]) ?? ''] ?? item.name;
}

function badgeName(award: LeaderboardRow['badges'][number], lang: string): string {
  const definition = lazyCatalogue.value?.badgeDefinition(award.badge);
  return definition ? localName(definition, lang) : award.name;
}

/** A title in the widget's language when it is one the badge catalogue grants; else as the admin wrote it. */
function titleName(title: string, lang: string): string {
  const granted = lazyCatalogue.value?.BADGES.map((badge) => badge.title).find((t) => t?.name === title);
  return granted ? localName(granted, lang) : title;
}

type CheckInRole = (typeof PERMISSIONS)['check_in'][number];
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** `allows(role, 'check_in')` without carrying the whole permission table into the board. */
function canCheckIn(role: Role): boolean {
  // PERMISSIONS.check_in is every role but guest; this stops compiling if that changes.
  void (true satisfies Exactly<Exclude<Role, CheckInRole>, 'guest'>);
  return role !== 'guest';
}
