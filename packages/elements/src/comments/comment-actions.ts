import { html, nothing, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import type { Post } from '@hearth/protocol';
import type { CommunityErrorAction } from '../events/error-event.js';
import type { FullLocalizer } from '../i18n/full-localizer.js';
import { actionSelector, domId, onEscape } from './dom.js';

/** What the actions need from the widget they serve. */
export interface ActionHost {
  /** The widget's strings, with the ones only an interaction shows. */
  readonly full: FullLocalizer;
  requestUpdate(): void;
  /** Focuses what `selector` finds once the pending render is done. */
  focus(selector: string): Promise<void>;
  /** Runs a write on one post, showing its error beside the post; true when it succeeded. */
  write(postId: string, action: CommunityErrorAction, run: (client: CommunityClient, input: { threadKey: string; postId: string }) => Promise<unknown>): Promise<boolean>;
  /** Toggles the viewer's reaction. */
  react(postId: string, emoji: string): Promise<void>;
  /** Drops a composer's draft. */
  forget(key: string): void;
}

/**
 * What only an interaction needs: the edit form's state, the delete confirmation,
 * moderation and the reaction picker. Loaded on the first sign of intent (the pointer over
 * the widget, focus inside it) or when one of these is used first, so a page that only
 * shows comments never downloads it.
 */
export class CommentActions {
  /** The post whose edit form is open. */
  editing: string | null = null;
  /** The post whose delete confirmation is open. */
  confirming: string | null = null;
  /** The post whose reaction picker is open. */
  picking: string | null = null;

  constructor(private readonly host: ActionHost) {}

  /** Closes everything: the thread or its order changed. */
  reset(): void {
    this.editing = this.confirming = this.picking = null;
  }

  async startEdit(post: Post): Promise<void> {
    const key = `edit:${post.id}`;
    this.host.forget(key);
    await this.#set('editing', post.id, `#text-${domId(key)}`);
  }

  async closeEdit(post: Post): Promise<void> {
    this.host.forget(`edit:${post.id}`);
    await this.#set('editing', null, actionSelector('edit', post.id));
  }

  async askDelete(postId: string): Promise<void> {
    // Cancel is the safe default for a destructive question.
    await this.#set('confirming', postId, '[data-action="cancel-delete"]');
  }

  moderate({ id, status }: Post): Promise<boolean> {
    const hidden = status === 'hidden';
    return this.host.write(id, hidden ? 'unhide' : 'hide', (client, input) => (hidden ? client.unhideComment(input) : client.hideComment(input)));
  }

  async togglePicker(postId: string): Promise<void> {
    const open = this.picking !== postId;
    await this.#set('picking', open ? postId : null, open ? '.picker button' : `[data-reactions="${CSS.escape(postId)}"] .picker-toggle`);
  }

  /** The delete confirmation under a comment, when it is open. */
  renderConfirm(postId: string): TemplateResult | typeof nothing {
    if (this.confirming !== postId) return nothing;
    const { full: l } = this.host;
    const cancel = () => this.#set('confirming', null, actionSelector('delete', postId));
    const id = `confirm-${domId(postId)}`;
    return html`<div class="confirm" role="group" aria-labelledby=${id} @keydown=${onEscape(cancel)}>
      <p id=${id}>${l.t('confirmDelete')}</p>
      <button part="action" class="danger" type="button" data-action="confirm-delete" @click=${() => this.#delete(postId)}>
        ${l.t('confirmDeleteYes')}
      </button>
      <button type="button" data-action="cancel-delete" @click=${cancel}>${l.t('cancel')}</button>
    </div>`;
  }

  /** The reactions not used yet, to pick one, when the picker is open. */
  renderPicker(postId: string, unused: string[]): TemplateResult | typeof nothing {
    if (this.picking !== postId) return nothing;
    const { full: l } = this.host;
    return html`<div class="picker" role="group" aria-label=${l.t('addReaction')} @keydown=${onEscape(() => this.togglePicker(postId))}>
      ${unused.map(
        (emoji) => html`<button type="button" data-emoji=${emoji} aria-label=${l.t('reactWith', { emoji })} @click=${() => this.#pick(postId, emoji)}>
          ${emoji}
        </button>`,
      )}
    </div>`;
  }

  async #delete(postId: string): Promise<void> {
    this.confirming = null;
    // The comment may be gone; the heading is a stable place to land.
    if (await this.host.write(postId, 'delete', (client, input) => client.deleteComment(input))) await this.host.focus('#heading');
  }

  async #pick(postId: string, emoji: string): Promise<void> {
    this.picking = null;
    await this.host.react(postId, emoji);
    await this.host.focus(`[data-reactions="${CSS.escape(postId)}"] .reaction[data-emoji="${CSS.escape(emoji)}"]`);
  }

  /** Opens or closes one thing, then moves focus to where the reader continues. */
  #set(what: 'editing' | 'confirming' | 'picking', postId: string | null, focus: string): Promise<void> {
    this[what] = postId;
    this.host.requestUpdate();
    return this.host.focus(focus);
  }
}
