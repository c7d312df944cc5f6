// The member card, loaded on the first sign of intent on a chip (hover, focus, click):
// rendered inside the chip's popover while it is open.
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { communityInfoStore, type CommunityClient, type CommunityInfoState } from '@hearth/client';
import type { HearthError, Level, Member, MemberCard } from '@hearth/protocol';
import { StoreController } from '../controllers/store-controller.js';
import type { Locale } from '../i18n/locale.js';
import { BADGES, badgeDefinition } from './catalogue.js';
import { avatar } from './member-chip.js';
import { styles as chipStyles } from './member-chip.styles.js';
import { localName, staffLabel } from './roles.js';

// `{name}` placeholders are filled by `t`; a `|` separates the singular from the plural.
const en = {
  loading: 'Loading the member card…',
  loadError: 'The member card could not be loaded.',
  points: 'Points',
  pointsValue: '{count} point|{count} points',
  level: 'Level',
  levelValue: '{name} (level {level})',
  toNext: '{count} point to {name}|{count} points to {name}',
  progress: 'Progress to {name}',
  topLevel: 'Highest level reached',
  title: 'Title',
  streak: 'Check-in streak',
  streakValue: '{count} day|{count} days',
  joined: 'Joined',
  badges: 'Badges',
  noBadges: 'No badges yet.',
};
type CardMessages = typeof en;

const TABLES: Record<Locale, CardMessages> = {
  en,
  'zh-CN': {
    loading: '正在加载成员名片…',
    loadError: '成员名片加载失败。',
    points: '积分',
    pointsValue: '{count} 积分',
    level: '等级',
    levelValue: '{name}（{level} 级）',
    toNext: '距离{name}还差 {count} 积分',
    progress: '升级到{name}的进度',
    topLevel: '已达最高等级',
    title: '头衔',
    streak: '连续签到',
    streakValue: '{count} 天',
    joined: '加入时间',
    badges: '徽章',
    noBadges: '还没有徽章。',
  },
  'zh-TW': {
    loading: '正在載入成員名片…',
    loadError: '成員名片載入失敗。',
    points: '積分',
    pointsValue: '{count} 積分',
    level: '等級',
    levelValue: '{name}（{level} 級）',
    toNext: '距離{name}還差 {count} 積分',
    progress: '升級到{name}的進度',
    topLevel: '已達最高等級',
    title: '頭銜',
    streak: '連續簽到',
    streakValue: '{count} 天',
    joined: '加入時間',
    badges: '徽章',
    noBadges: '還沒有徽章。',
  },
};

/** A message of `locale` with its placeholders filled; a numeric `count` picks the plural form. */
function t(locale: Locale, key: keyof CardMessages, vars: Record<string, string | number> = {}): string {
  let text = TABLES[locale][key];
  const number = new Intl.NumberFormat(locale);
  if (typeof vars.count === 'number') {
    const forms = text.split('|');
    text = forms.length > 1 && new Intl.PluralRules(locale).select(vars.count) !== 'one' ? forms[1]! : forms[0]!;
  }
  return text.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = vars[name];
    return value === undefined ? match : typeof value === 'number' ? number.format(value) : value;
  });
}

/** The next level after `lifetime` points, and how far along the way to it the member is. */
function progressOf(levels: readonly Level[] | undefined, current: Level, lifetime: number): { next: Level; value: number; max: number } | null | undefined {
  if (!levels?.length) return undefined;
  const next = [...levels].sort((a, b) => a.minPoints - b.minPoints).find((level) => level.minPoints > lifetime);
  if (!next) return null;
  const from = Math.min(current.minPoints, lifetime);
  return { next, value: lifetime - from, max: next.minPoints - from };
}

/**
 * The card inside a member chip's popover: avatar, name and role, lifetime points, level
 * with the progress to the next one (from the community's levels), title, badges with
 * their names, joined date and check-in streak. Internal to the chip.
 *
 * @csspart card-body - The card's content.
 */
export class CommunityMemberCard extends LitElement {
  static override styles = [
    chipStyles,
    css`
      :host {
        position: fixed;
        inset: auto;
        margin: 0;
        padding: 0;
        display: block;
        width: min(20rem, calc(100vw - 1rem));
        max-height: calc(100vh - 1rem);
        overflow: auto;
        border: 1px solid var(--community-member-border, var(--_border, GrayText));
        border-radius: var(--community-member-radius, var(--_radius, 0.5rem));
        background: var(--community-member-surface, var(--_surface, Canvas));
        color: var(--community-member-text, var(--_text, CanvasText));
        box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.2);
        text-align: start;
        font-size: 0.9375rem;
        line-height: 1.45;
        font-weight: 400;
      }
      :host(:not(:popover-open)) {
        display: none;
      }
      :host(:focus) {
        outline: none;
      }
      .body {
        display: grid;
        gap: 0.75rem;
        padding: var(--community-member-space, var(--_space, 1rem));
      }
      header {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        --_m-avatar: 3rem;
      }
      .name {
        font-size: 1.0625rem;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.25rem 0.75rem;
        margin: 0;
      }
      dl > div {
        display: contents;
      }
      dt,
      small,
      h3 {
        color: var(--community-member-muted, var(--_muted, inherit));
      }
      dd {
        margin: 0;
      }
      progress {
        display: block;
        width: 100%;
        height: 0.5rem;
        margin-top: 0.25rem;
        accent-color: var(--community-member-accent, var(--_accent, auto));
      }
      h3 {
        margin: 0;
        font-size: inherit;
        font-weight: 400;
      }
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0.25rem 0 0;
        padding: 0;
        list-style: none;
      }
      p {
        margin: 0;
      }
    `,
  ];

  static override properties = {
    client: { attribute: false },
    member: { attribute: false },
    card: { attribute: false },
    error: { attribute: false },
    locale: {},
    open: { type: Boolean },
  };

  /** The chip's client. */
  client?: CommunityClient | null;
  /** The member, as the chip shows them. */
  member?: Member | null;
  /** Their card, once loaded. */
  card?: MemberCard | null;
  /** Why the card could not be loaded, if so. */
  error?: HearthError | null;
  /** The chip's language. */
  locale: Locale = 'en';
  /** Whether the popover is open: the card renders, and follows the community's levels, only then. */
  open = false;

  readonly #info = new StoreController<CommunityInfoState>(this);
  #infoFor: CommunityClient | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('toggle', this.#onToggle);
    // Downloaded after the chip opened it: catch up.
    if (this.matches(':popover-open')) this.#opened();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('toggle', this.#onToggle);
    this.#unfollow();
    this.open = false;
  }

  /** The chip this card belongs to. */
  get #chip(): HTMLElement | null {
    const root = this.getRootNode();
    return root instanceof ShadowRoot ? (root.host as HTMLElement) : null;
  }

  #onToggle = (event: Event): void => {
    if ((event as ToggleEvent).newState === 'open') return this.#opened();
    this.#unfollow();
    // Escape, or a click on nothing in particular, leaves focus nowhere: put it back on the chip.
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body || active === this || this.contains(active)) this.#chip?.shadowRoot?.querySelector('button')?.focus();
  };

  #opened(): void {
    this.open = true;
    this.#place();
    this.focus();
    addEventListener('scroll', this.#place, { capture: true, passive: true });
    addEventListener('resize', this.#place, { passive: true });
    // Placed again once rendered, since the card's height decides above or below the chip.
    void this.updateComplete.then(this.#place);
  }

  #unfollow(): void {
    removeEventListener('scroll', this.#place, { capture: true });
    removeEventListener('resize', this.#place);
  }

  /** Puts the card below the chip (above it when there is no room below), inside the viewport. */
  #place = (): void => {
    const box = this.#chip?.getBoundingClientRect();
    if (!box) return;
    const { offsetWidth: width, offsetHeight: height } = this;
    const below = box.bottom + 4;
    const top = below + height > innerHeight && box.top - 4 - height > 0 ? box.top - 4 - height : below;
    this.style.top = `${Math.max(4, Math.min(top, innerHeight - height - 4))}px`;
    this.style.left = `${Math.max(4, Math.min(box.left, innerWidth - width - 4))}px`;
  };

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // The levels, for the progress to the next one; a backend without them shows none.
    const client = this.open && this.client?.adapter.capabilities.community ? this.client : null;
    if (client !== this.#infoFor) {
      this.#infoFor = client;
      this.#info.setStore(client ? communityInfoStore(client) : null);
    }
  }

  protected override render(): TemplateResult {
    const locale = this.locale;
    const card = this.card;
    const member = card?.member ?? this.member;
    if (!member || !this.open) return html``;
    const role = staffLabel(member.role, locale);
    return html`<div part="card-body" class="body">
      <header>
        ${avatar(member)}
        <div class="text">
          <strong class="name">${member.displayName}</strong>
          ${role ? html`<span class="line"><span part="role">${role}</span></span>` : nothing}
        </div>
      </header>
      ${card ? this.#details(card, locale) : html`<p role="status">${this.error ? `${t(locale, 'loadError')} ${this.error.message}` : t(locale, 'loading')}</p>`}
    </div>`;
  }

  #details(card: MemberCard, locale: Locale): TemplateResult {
    const progress = progressOf(this.#info.value?.data?.points.levels, card.level, card.lifetimePoints);
    const levelName = localName(card.level, locale);
    const title = card.title ? (BADGES.map((badge) => badge.title).find((granted) => granted?.name === card.title) ?? null) : null;
    return html`<dl>
        <div>
          <dt>${t(locale, 'points')}</dt>
          <dd>${t(locale, 'pointsValue', { count: card.lifetimePoints })}</dd>
        </div>
        <div>
          <dt>${t(locale, 'level')}</dt>
          <dd>
            ${t(locale, 'levelValue', { name: levelName, level: card.level.level })}
            ${progress
              ? html`<progress max=${progress.max} .value=${progress.value} aria-label=${t(locale, 'progress', { name: localName(progress.next, locale) })}></progress>
                  <small>${t(locale, 'toNext', { count: progress.max - progress.value, name: localName(progress.next, locale) })}</small>`
              : progress === null
                ? html`<small>${t(locale, 'topLevel')}</small>`
                : nothing}
          </dd>
        </div>
        ${card.title
          ? html`<div>
              <dt>${t(locale, 'title')}</dt>
              <dd part="title">${title ? localName(title, locale) : card.title}</dd>
            </div>`
          : nothing}
        <div>
          <dt>${t(locale, 'streak')}</dt>
          <dd>${t(locale, 'streakValue', { count: card.streak })}</dd>
        </div>
        ${card.joinedAt
          ? html`<div>
              <dt>${t(locale, 'joined')}</dt>
              <dd><time datetime=${card.joinedAt}>${new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(card.joinedAt))}</time></dd>
            </div>`
          : nothing}
      </dl>
      <div>
        <h3>${t(locale, 'badges')}</h3>
        ${card.badges.length
          ? html`<ul part="badges">
              ${card.badges.map((award) => {
                const definition = badgeDefinition(award.badge);
                return html`<li part="badge" title=${definition ? localName({ name: definition.criteria, names: definition.criteriaNames }, locale) : ''}>
                  ${definition ? localName(definition, locale) : award.name}
                </li>`;
              })}
            </ul>`
          : html`<p><small>${t(locale, 'noBadges')}</small></p>`}
      </div>`;
  }
}

customElements.get('community-member-card') ?? customElements.define('community-member-card', CommunityMemberCard);

declare global {
  interface HTMLElementTagNameMap {
    'community-member-card': CommunityMemberCard;
  }
}
