import { adoptStyles, css, html, nothing, type LitElement, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import type { Viewer } from '@hearth/protocol';
import { serverKeys } from '../config/client-keys.js';
import { getPageConfig } from '../config/configure.js';
import { isGuest, readGuest, storage } from '../config/guest.js';
import type { Localizer } from '../i18n/localizer.js';
import { focusLater } from './dom.js';

// Adopted beside the widget's own styles, as only this field renders them.
const styles = css`
  .guest {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .name {
    max-width: 20em;
  }
`;

/** A guest session a server issued, as this browser keeps it: the viewer (carrying its token) and when it ends. */
interface ServerGuest {
  viewer: Viewer;
  expiresAt: string | null;
}

/** The guest a server issued this browser under `key`; null when there is none, or it expired (and is then forgotten). */
function readServerGuest(key: string): Viewer | null {
  try {
    const { viewer, expiresAt } = JSON.parse(storage()?.getItem(key) ?? '{}') as Partial<ServerGuest>;
    if (typeof expiresAt === 'string' && !(Date.parse(expiresAt) > Date.now())) {
      storage()?.removeItem(key);
      return null;
    }
    return viewer && typeof viewer.id === 'string' && typeof viewer.displayName === 'string' && typeof viewer.token === 'string' ? viewer : null;
  } catch {
    return null;
  }
}

/**
 * How people without an account name themselves: a name field until they have, "Posting
 * as … Change name" after. On the in-browser (memory) backend the name is all there is; on a
 * server that opens guest sessions (`openGuestSession`), posting under a name opens one.
 * Either way this browser remembers the guest. Loaded only for such a client, so other pages
 * never download it.
 */
export class GuestField {
  /** The name in the field. */
  name: string;
  /** A guest who posted before asked to post under another name. */
  renaming = false;
  readonly #key: string | null;

  /**
   * Serves the widget `host`; gives a client without a viewer the guest identity this browser
   * used before. `allowed` says whether a server lets guests post (the session's `guests`).
   */
  constructor(
    private readonly host: LitElement,
    client: CommunityClient,
    private readonly allowed: () => boolean = () => true,
  ) {
    const local = client.adapter.name === 'memory';
    // The server the client was made for; for a client the page made itself, the widget's own
    // `endpoint`, if it names one (else its guest lasts as long as the page).
    const own = (host as LitElement & { endpoint?: string }).endpoint;
    const server = local ? undefined : (serverKeys.get(client) ?? (own ? `${new URL(own, document.baseURI).href.replace(/\/+$/, '')} ${getPageConfig().community ?? ''}` : undefined));
    this.#key = server === undefined ? null : `hearth:guest:${server}`;
    const stored = local ? readGuest() : this.#key && readServerGuest(this.#key);
    this.name = stored ? stored.displayName : '';
    if (stored && !client.viewer) client.setViewer(stored);
    const root = host.renderRoot as ShadowRoot;
    adoptStyles(root, [...(root.adoptedStyleSheets ?? []), styles]);
  }

  /**
   * Whether the viewer names themselves here: nobody yet, or a guest (of this browser on
   * memory, where a name is all there is; of the server otherwise, where its session says
   * guests may post).
   */
  applies({ adapter, viewer }: CommunityClient): boolean {
    if (adapter.name === 'memory') return !viewer || isGuest(viewer);
    return !!adapter.openGuestSession && this.allowed() && (!viewer || viewer.role === 'guest');
  }

  /**
   * Opens a guest session under `name` with a server (renaming the current guest, who keeps
   * their id), then acts as that guest and keeps them for the next page load. Rejects with
   * the server's HearthError (guests not allowed, offline), changing nothing.
   */
  async openSession(client: CommunityClient, name: string): Promise<void> {
    const open = (viewer: Viewer | null) => client.adapter.openGuestSession!({ displayName: name.trim() }, { viewer });
    let session;
    try {
      session = await open(client.viewer);
    } catch (error) {
      // The server no longer knows the guest this browser kept (a new secret, a reset): start afresh.
      if (!this.refused(client, error)) throw error;
      session = await open(null);
    }
    try {
      if (this.#key) storage()?.setItem(this.#key, JSON.stringify(session satisfies ServerGuest));
    } catch {
      // Full or blocked storage: the session still works for this page.
    }
    client.setViewer(session.viewer);
    this.renaming = false;
  }

  /**
   * After a call failed: when the server refused the guest this browser kept (`unauthorized`),
   * forgets that guest, so the name field shows again and the next send opens a new session.
   * Returns whether it did.
   */
  refused(client: CommunityClient, error: unknown): boolean {
    const viewer = client.viewer;
    if ((error as { code?: unknown } | null)?.code !== 'unauthorized' || viewer?.role !== 'guest' || client.adapter.name === 'memory') return false;
    try {
      if (this.#key) storage()?.removeItem(this.#key);
    } catch {
      // Blocked storage: nothing was kept there.
    }
    client.setViewer(null);
    this.renaming = false;
    return true;
  }

  /** The name to post under when it must be set first (no viewer yet, or renaming); else null. */
  nameToSet(client: CommunityClient): string | null {
    return this.applies(client) && (!client.viewer || this.renaming) ? this.name : null;
  }

  /** The name field or the "Posting as" line of the composer whose ids end in `id`. */
  render(client: CommunityClient, l: Localizer, id: string): TemplateResult | typeof nothing {
    const { viewer } = client;
    if (!this.applies(client)) return nothing;
    return viewer && !this.renaming
      ? html`<p class="guest">
          ${l.t('postingAs', { name: viewer.displayName })}
          <button part="action" class="link" type="button" data-action="rename" @click=${() => this.#rename(viewer.displayName, id)}>
            ${l.t('changeName')}
          </button>
        </p>`
      : html`
          <label for="name-${id}">${l.t('nameLabel')}</label>
          <input
            part="name-input"
            class="name"
            id="name-${id}"
            name="name"
            autocomplete="nickname"
            maxlength="64"
            required
            .value=${this.name}
            @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}
          />
        `;
  }

  async #rename(name: string, id: string): Promise<void> {
    this.name = name;
    this.renaming = true;
    this.host.requestUpdate();
    await focusLater(this.host, `#name-${id}`);
  }
}
