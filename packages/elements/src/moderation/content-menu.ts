import { adoptStyles, css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { CommunityClient, SessionState } from '@hearth/client';
import { allows, type Member, type ModerationAction } from '@hearth/protocol';
import { StoreController } from '../controllers/store-controller.js';
import { observeLang } from '../i18n/lang-observer.js';
import { langOf, matchLocale, type Locale } from '../i18n/locale.js';
import { widgetTokens } from '../styles/tokens.js';
import type { MenuPanel } from './menu-panel.js';

/** What the menu acts on: the content's type and id as moderation names them. */
export interface ContentTarget {
  type: 'comment' | 'post' | 'answer' | 'feedback';
  id: string;
}

/** The state the staff actions depend on (which of hide/restore, pin/unpin … to offer). */
export interface ContentState {
  status?: string;
  pinned?: boolean;
  locked?: boolean;
  featured?: boolean;
}

// The button's label is all the menu says before it opens; the rest loads with the menu.
const LABEL: Record<Locale, string> = { en: 'More actions', 'zh-CN': '更多操作', 'zh-TW': '更多操作' };

const styles = css`
  :host {
    display: inline-block;
    position: relative;
    vertical-align: middle;
    /* Inside a widget, follow its theme rather than the token preamble's light default. */
    color-scheme: inherit;
  }
  .trigger {
    display: inline-grid;
    place-items: center;
    inline-size: 2rem;
    block-size: 2rem;
    padding: 0;
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: none;
    color: var(--_muted);
    font: inherit;
    cursor: pointer;
  }
  .trigger:hover,
  .trigger[aria-expanded='true'] {
    background: var(--_raised);
    color: var(--_text);
  }
  .trigger:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  .vh {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** What the lazily loaded panel needs from its menu element. */
export interface MenuHost {
  readonly el: CommunityContentMenu;
  /** The viewer as the backend's session sees them. */
  viewer(): Member | null;
  /** The item's state, with what the last action changed. */
  state(): ContentState;
  locale(): Locale;
  /** Says `message` in the menu's live region. */
  announce(message: string): void;
  /** Overlays what an action changed until the host passes the new state. */
  patch(state: ContentState): void;
  /** Registers a download `updateComplete` waits for. */
  track<T>(load: Promise<T>): Promise<T>;
  trigger(): HTMLButtonElement | null;
}

/**
 * @summary The "More actions" menu on a piece of content: Report for members, and the
 * moderation actions the viewer's role allows on it and its author.
 *
 * Rendered by the feed, Q&A and comments widgets inside their shadow roots, with their
 * client. It shows nothing to anonymous viewers and guests, on deleted content, nor to a
 * member on their own content or on others' unpublished content. The viewer's role is
 * the one the backend's session gives them. Only the button loads with the page: the menu,
 * its forms and its Chinese strings download on the first pointer over or focus on it.
 * Successful writes refresh every query of the client under `['hearth']`.
 *
 * @prop {CommunityClient} client - The host widget's client.
 * @prop {ContentTarget} target - The content acted on: `{ type: 'comment' | 'post' | 'answer' | 'feedback', id }`.
 * @prop {Member} author - Its author.
 * @prop {ContentState} state - Its current `status`, `pinned`, `locked` and `featured`.
 * @prop {ModerationAction[]} omit - Actions the host widget already shows as buttons of its own, left out of the menu.
 *
 * @fires {CommunityReportEvent} community-report - The backend holds the viewer's report (for a repeat, the first one).
 * @fires {CommunityModerateEvent} community-moderate - A moderation action, mute or ban succeeded.
 * @fires {CommunityErrorEvent} community-error - A report or an action failed (`action`: `report` or `moderate`); the menu shows it too.
 *
 * @csspart base - The menu button.
 * @csspart menu - The open menu or form panel.
 * @csspart item - A menu item.
 * @csspart error - A failure's explanation.
 *
 * @cssprop --community-menu-accent - Primary buttons. Falls back to `--community-color-accent`.
 * @cssprop --community-menu-on-accent - Text on the accent colour. Falls back to `--community-color-on-accent`.
 * @cssprop --community-menu-surface-raised - The panel and hovered items. Falls back to `--community-color-surface-raised`.
 * @cssprop --community-menu-text - Text colour. Falls back to `--community-color-text`.
 * @cssprop --community-menu-muted - The button's dots and hints. Falls back to `--community-color-muted`.
 * @cssprop --community-menu-border - The panel's border. Falls back to `--community-color-border`.
 * @cssprop --community-menu-danger - Delete, mute, ban and errors. Falls back to `--community-color-danger`.
 * @cssprop --community-menu-success - The report confirmation. Falls back to `--community-color-success`.
 * @cssprop --community-menu-focus - Focus ring. Falls back to `--community-color-focus`.
 * @cssprop --community-menu-radius - Corner radius. Falls back to `--community-radius`.
 */
export class CommunityContentMenu extends LitElement {
  static override styles = [widgetTokens('menu'), styles];

  static override properties = {
    client: { attribute: false },
    target: { attribute: false },
    author: { attribute: false },
    state: { attribute: false },
    omit: { attribute: false },
    announcement: { state: true },
  };
  /** The host widget's client. */
  client?: CommunityClient | null;
  /** The content acted on. */
  target?: ContentTarget | null;
  /** Its author (staff never act on their superiors; nobody reports themselves). */
  author?: Member | null;
  /** Its current state. */
  state?: ContentState | null;
  /** Actions the host widget already offers as its own buttons, left out of the menu. */
  omit?: readonly ModerationAction[] | null;

  private announcement = '';
  readonly #session = new StoreController<SessionState>(this);
  #patch: ContentState = {};
  #seen = '';
  #panel: MenuPanel | undefined;
  #panelLoad: Promise<MenuPanel> | undefined;
  #loads = new Set<Promise<unknown>>();
  #stop: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stop = observeLang(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.();
    this.#panel?.close(false);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    while (this.#loads.size) {
      await Promise.allSettled(this.#loads);
      await super.getUpdateComplete();
    }
    return super.getUpdateComplete();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.#session.setStore(this.client?.session() ?? null);
    // The host passed the item as it now is (hosts pass fresh objects on every render, so compare values).
    const { target, state } = this;
    const seen = `${target?.type}:${target?.id}:${state?.status}:${!!state?.locked}:${!!state?.pinned}:${!!state?.featured}`;
    if (seen !== this.#seen) {
      this.#seen = seen;
      this.#patch = {};
    }
  }

  protected override render(): TemplateResult {
    const open = !!this.#panel?.open;
    const label = LABEL[this.#locale()];
    return html`${this.#visible()
        ? html`<button
              part="base"
              class="trigger"
              type="button"
              aria-haspopup="menu"
              aria-expanded=${open}
              aria-label=${label}
              title=${label}
              @pointerenter=${this.#preload}
              @focus=${this.#preload}
              @click=${() => (open ? this.#panel!.close() : this.#show('first'))}
              @keydown=${(e: KeyboardEvent) => {
                if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
                e.preventDefault();
                void this.#show(e.key === 'ArrowDown' ? 'first' : 'last');
              }}
            >
              <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="currentColor">
                <circle cx="3" cy="8" r="1.5" /><circle cx="8" cy="8" r="1.5" /><circle cx="13" cy="8" r="1.5" />
              </svg></button
            >${this.#panel?.render() ?? nothing}`
        : nothing}<span class="vh" role="status">${this.announcement}</span>`;
  }

  #locale(): Locale {
    return matchLocale(langOf(this));
  }

  #viewer(): Member | null {
    return this.#session.value?.session?.viewer ?? null;
  }

  #state(): ContentState {
    return { ...this.state, ...this.#patch };
  }

  /**
   * Whether the menu can hold anything: the panel works out exactly what (moderationOffer in
   * @hearth/client), so the button needs only the permission table. Others' published content
   * takes a report from members; staff may act on more.
   */
  #visible(): boolean {
    const viewer = this.#viewer();
    const { author, target } = this;
    const status = this.#state().status ?? 'published';
    if (!viewer || !author || !target || !this.client?.adapter.moderation || status === 'deleted') return false;
    const staff = allows(viewer.role, 'moderate');
    return author.id === viewer.id ? staff : staff || (status === 'published' && allows(viewer.role, 'report'));
  }

  #track<T>(load: Promise<T>): Promise<T> {
    this.#loads.add(load);
    const done = () => this.#loads.delete(load);
    load.then(done, done);
    return load;
  }

  #preload = (): void => {
    this.#load().catch(() => {});
  };

  #load(): Promise<MenuPanel> {
    const el = this;
    const host: MenuHost = {
      el,
      viewer: () => this.#viewer(),
      state: () => this.#state(),
      locale: () => this.#locale(),
      announce: (message) => {
        // Cleared first so the same message twice is read twice.
        this.announcement = '';
        void this.updateComplete.then(() => (this.announcement = message));
      },
      patch: (state) => {
        this.#patch = { ...this.#patch, ...state };
        this.requestUpdate();
      },
      track: (load) => this.#track(load),
      trigger: () => this.renderRoot.querySelector<HTMLButtonElement>('.trigger'),
    };
    return (this.#panelLoad ??= this.#track(
      import('./menu-panel.js').then(
        async ({ MenuPanel, panelStyles }) => {
          adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof LitElement).elementStyles, panelStyles]);
          const panel = new MenuPanel(host);
          await panel.ready();
          return (this.#panel = panel);
        },
        (error: unknown) => {
          this.#panelLoad = undefined;
          throw error;
        },
      ),
    ));
  }

  async #show(focus: 'first' | 'last'): Promise<void> {
    try {
      await (await this.#load()).show(focus);
    } catch {
      // Offline before the menu arrived: the button stays, a later press tries again.
    }
  }
}
