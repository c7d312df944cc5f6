import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { CommunityClient, MemberCardState } from '@hearth/client';
import type { Member } from '@hearth/protocol';
import { StoreController } from '../controllers/store-controller.js';
import { observeLang } from '../i18n/lang-observer.js';
import { langOf, matchLocale } from '../i18n/locale.js';
import { avatarHue, avatarUrl, initials, staffLabel } from './roles.js';
import { styles } from './member-chip.styles.js';

type Data = typeof import('./member-data.js');

// Shared by every chip on the page: the card store and level line, and the card.
let data: Data | undefined;
let dataLoad: Promise<unknown> | undefined;
let cardLoad: Promise<unknown> | undefined;

/** The card store and level line: fetched as soon as this module runs, beside the host widget's own loading, never blocking it. */
function loadData(): Promise<unknown> {
  return (dataLoad ??= import('./member-data.js').then(
    (loaded) => (data = loaded),
    () => (dataLoad = undefined),
  ));
}
void loadData();

/**
 * @summary An author chip: avatar and name, a staff role label, and (unless `compact`) the
 * member's level, title and up to three badges; it is a button that opens the member card.
 *
 * Rendered by widgets that show authors (feed, Q&A, comments) with their own client. The
 * member card (points, level and the progress to the next, badges, joined date, streak)
 * loads on the first sign of intent and opens in a popover anchored to the chip; Escape or a
 * click outside closes it. Before the member's card arrives only the avatar and name show,
 * with the line below kept, so nothing moves when it does. Thirty chips of one member make
 * one request, and the chips follow the member's realtime channel while shown.
 *
 * @prop {CommunityClient | null} client - The client to read the member card through (the host widget's).
 * @prop {Member | null} member - The member shown.
 * @attr compact - Avatar, name and role only (the card still opens). Reflected.
 *
 * @csspart base - The chip (a button).
 * @csspart avatar - The avatar (image or initials).
 * @csspart name - The display name.
 * @csspart role - The staff role label (moderator, admin, owner).
 * @csspart meta - The line with level, title and badges.
 * @csspart level - The level name.
 * @csspart title - The member's title.
 * @csspart badge - One badge.
 * @csspart card - The member card popover.
 *
 * @cssprop --community-member-text - Text. Inherits the host widget's text colour.
 * @cssprop --community-member-muted - The level line. Falls back to the host widget's muted colour.
 * @cssprop --community-member-accent - Role label, level progress. Falls back to the host widget's accent.
 * @cssprop --community-member-surface - Card background. Falls back to the host widget's surface.
 * @cssprop --community-member-surface-raised - Badges. Falls back to the host widget's raised surface.
 * @cssprop --community-member-border - Card border. Falls back to the host widget's border colour.
 * @cssprop --community-member-focus - Focus ring. Falls back to the host widget's focus colour.
 * @cssprop --community-member-radius - Corner radius. Falls back to the host widget's radius.
 * @cssprop --community-member-avatar-size - Avatar size. Falls back to the host widget's avatar size (1.5rem when compact).
 */
export class CommunityMemberChip extends LitElement {
  static override styles = styles;
  static override properties = {
    client: { attribute: false },
    member: { attribute: false },
    compact: { type: Boolean, reflect: true },
    open: { state: true },
  };
  /** The client to read the member card through (the host widget's). */
  client?: CommunityClient | null;
  /** The member shown. */
  member?: Member | null;
  /** Avatar and name only (no level, title or badges). */
  compact = false;

  /** Whether the card is open. */
  private open = false;

  readonly #card = new StoreController<MemberCardState>(this);
  #for: unknown[] = [];
  #stopLang?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopLang = observeLang(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopLang?.();
    // Removed while open, the popover closes without a toggle event.
    this.open = false;
  }

  protected override willUpdate(): void {
    // A compact chip shows nothing from the card, so it asks for it only when opened.
    const client = this.member && (this.open || !this.compact) ? this.client : null;
    const id = this.member?.id;
    if (client !== this.#for[0] || id !== this.#for[1]) {
      if (client && !data) void loadData().then(() => data && this.requestUpdate());
      else {
        this.#for = [client, id];
        this.#card.setStore(client ? data!.memberCardStore(client, id!) : null);
      }
    }
  }

  protected override render(): TemplateResult {
    const state = this.#card.value;
    const card = state?.data;
    // The line below the name is kept until the card arrives, and dropped if it cannot.
    const member = card?.member ?? this.member;
    if (!member) return html`<span part="base"></span>`;
    const locale = matchLocale(langOf(this));
    const role = staffLabel(member.role, locale);
    return html`<button part="base" type="button" popovertarget="card" aria-haspopup="dialog" aria-expanded=${this.open} @pointerenter=${loadCard} @focus=${loadCard}>
        ${avatar(member)}
        <span class="text">
          <span class="line"><span part="name" class="name">${member.displayName}</span>${role ? html`<span part="role">${role}</span>` : nothing}</span>
          ${this.compact || !this.client || state?.status === 'error' ? nothing : html`<span part="meta">${card ? data!.meta(card, locale, () => this.requestUpdate()) : nothing}</span>`}
        </span>
      </button>
      <community-member-card
        id="card"
        part="card"
        popover
        role="dialog"
        aria-label=${member.displayName}
        tabindex="-1"
        .client=${this.client}
        .member=${member}
        .card=${card}
        .error=${state?.error}
        .locale=${locale}
        .open=${this.open}
        @toggle=${this.#onToggle}
      ></community-member-card>`;
  }

  // The card does the placing and the focus; the chip follows it to fetch the member when compact.
  #onToggle = (event: ToggleEvent): void => {
    this.open = event.newState === 'open';
    void loadCard();
  };
}

/** Downloads the member card on the first sign of intent (hover, focus, click). */
function loadCard(): Promise<unknown> {
  return (cardLoad ??= import('./member-card.js').catch(() => (cardLoad = undefined)));
}

/** The avatar: the member's image, or their initial on a colour of their own. */
export function avatar(member: Member): TemplateResult {
  const url = avatarUrl(member.avatarUrl);
  return html`<span part="avatar" aria-hidden="true" class=${url ? '' : avatarHue(member.id)}>${url ? html`<img src=${url} alt="" />` : initials(member.displayName)}</span>`;
}
