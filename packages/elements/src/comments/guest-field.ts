import { adoptStyles, css, html, nothing, type LitElement, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import { isGuest, readGuest } from '../config/guest.js';
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

/**
 * How people without an account name themselves on the in-browser (memory) backend: a name
 * field until they have, "Posting as … Change name" after. Loaded only for a memory-backed
 * client, as that backend is, so other pages never download it.
 */
export class GuestField {
  /** The name in the field. */
  name = readGuest()?.displayName ?? '';
  /** A guest who posted before asked to post under another name. */
  renaming = false;

  /** Serves the widget `host`; gives a memory client without a viewer the guest identity this browser used before. */
  constructor(
    private readonly host: LitElement,
    client: CommunityClient,
  ) {
    const guest = !client.viewer && readGuest();
    if (guest) client.setViewer(guest);
    const root = host.renderRoot as ShadowRoot;
    adoptStyles(root, [...(root.adoptedStyleSheets ?? []), styles]);
  }

  /** Whether the viewer names themselves here: a memory client's nobody-yet or guest. */
  applies({ adapter, viewer }: CommunityClient): boolean {
    return adapter.name === 'memory' && (!viewer || isGuest(viewer));
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
