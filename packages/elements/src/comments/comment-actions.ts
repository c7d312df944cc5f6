import { adoptStyles, css, html, nothing, type LitElement, type TemplateResult } from 'lit';
import type { CommentNode, CommunityClient, ThreadStore } from '@hearth/client';
import { HearthError, countChars, type CommentSettings, type Post } from '@hearth/protocol';
import type { ConfigProblem } from '../base/community-widget.js';
import { rememberGuest } from '../config/guest.js';
import { CommunityBeforePostEvent } from '../events/before-post-event.js';
import { CommunityErrorEvent, type CommunityErrorAction } from '../events/error-event.js';
import { CommunityPostEvent } from '../events/post-event.js';
import type { FullLocalizer } from '../i18n/full-localizer.js';
import type { Localizer } from '../i18n/localizer.js';
import type { ComposerVariant } from './comments.js';
import { domId, focusLater } from './dom.js';
import type { GuestField } from './guest-field.js';

// What only the actions render: the picker, the delete confirmation, a failed write's words
// and a composer while sending or over the limit. Adopted beside the widget's own styles.
const styles = css`
  .picker,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
  }
  .picker {
    gap: 0.25em;
    padding: 0.25em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_raised);
  }
  .picker button {
    border-color: transparent;
    background: none;
  }
  .confirm {
    gap: 0.5em;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    margin-block-start: 0.5em;
  }
  .confirm p {
    margin-inline-end: auto;
  }
  .danger,
  .counter.over {
    color: var(--_danger);
  }
  .counter.over {
    font-weight: 600;
  }
  textarea[readonly] {
    color: var(--_muted);
  }
`;

/** A keydown handler that runs `close` on Escape and keeps the key from closing outer things too. */
function onEscape(close: () => unknown): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    void close();
  };
}

/** The selector of one comment's action button (`edit`, `delete`, `reply`). */
function actionSelector(action: string, postId: string): string {
  return `[data-action="${action}"][data-post="${CSS.escape(postId)}"]`;
}

/** A composer's text and how sending it went. */
export interface Draft {
  text: string;
  sending?: boolean;
  error?: string | undefined;
}

/** What the actions need from the widget they serve. */
export interface ActionHost {
  /** The widget: its thread key, its events and its updates. */
  readonly el: LitElement & { readonly threadKey: string };
  readonly client: CommunityClient | null;
  /** The session's comment rules, or the engine's defaults until it arrives. */
  readonly settings: CommentSettings;
  /** The guest name field, on the in-browser backend. */
  readonly guest: GuestField | null | undefined;
  /** The composers' drafts by key; a composer without one starts afresh. */
  readonly drafts: Map<string, Draft>;
  /** Says `message` in the live region. */
  announce(message: string): void;
  /** The widget's comment form, for a reply or an edit. */
  composer(key: string, target: Post, variant: ComposerVariant): TemplateResult;
  /** Loads the thread again (Retry). */
  refetch(): void;
  /** Makes `updateComplete` wait for `load`. */
  track<T>(load: Promise<T>): Promise<T>;
}

/**
 * What only an interaction or a failure needs: sending, reacting, the reply and edit forms,
 * the delete confirmation, moderation, the reaction picker, where focus goes after Load more,
 * explaining a failed write or load, and the strings and styles of all these. Loaded on the
 * first sign of intent (the pointer over the widget, focus inside it; a composer cannot be
 * typed into, nor Load more pressed from the keyboard, without either), when one of these is
 * used first, or on a failure, so a page that only shows comments never downloads it.
 */
export class CommentActions {
  /** The post whose reply form is open. */
  replying: string | null = null;
  /** The post whose edit form is open. */
  editing: string | null = null;
  /** The post whose delete confirmation is open. */
  confirming: string | null = null;
  /** The post whose reaction picker is open. */
  picking: string | null = null;
  /** Posts with a write under way, whose buttons wait. */
  readonly busy = new Set<string>();
  /** A failed write's explanation, shown beside its post. */
  readonly errors = new Map<string, string>();

  /** The widget's strings, with the ones only an interaction or a failure shows. */
  full: FullLocalizer;

  constructor(
    private readonly host: ActionHost,
    full: FullLocalizer,
  ) {
    this.full = full;
    const root = host.el.renderRoot as ShadowRoot;
    // Added to what the shadow root has (the widget's styles, the guest field's, if loaded).
    adoptStyles(root, [...(root.adoptedStyleSheets ?? []), styles]);
  }

  /** Follows the widget's language: its full strings, downloaded when it changes. */
  follow(l: Localizer): void {
    if (l.locale === this.full.locale) return;
    const full = l.full();
    if (!(full instanceof Promise)) this.full = full;
    // Offline, the strings at hand stay up; the next update tries again.
    else this.host.track(full).then(() => this.host.el.requestUpdate(), () => {});
  }

  /** A setup problem, or a load error with Retry, in the reader's words. */
  renderError(problem: ConfigProblem | null, error?: HearthError | null): TemplateResult {
    const l = this.full;
    return html`<div part="error" class="error-box" role="alert">
      <p>${problem ? l.t(problem) : `${l.t('loadError')} ${l.error(error ?? new HearthError('internal', ''))}`}</p>
      ${problem ? nothing : html`<button type="button" @click=${() => this.host.refetch()}>${l.t('retry')}</button>`}
    </div>`;
  }

  /** An own comment's edit form, in place of its body. */
  renderEdit(post: Post): TemplateResult {
    const l = this.full;
    return this.host.composer(`edit:${post.id}`, post, this.#variant(l.t('editComposerLabel'), l.t('saveEdit'), l.t('saving'), () => this.closeEdit(post), true));
  }

  /** What goes under a comment: a failed write's explanation, the delete confirmation, the reply form. */
  renderBelow(post: Post, locked: boolean): TemplateResult {
    const { id } = post;
    const l = this.full;
    const error = this.errors.get(id);
    return html`<div role="alert">${error ? html`<p part="error">${error}</p>` : nothing}</div>
      ${this.#renderConfirm(id)}
      ${this.replying === id && !locked
        ? this.host.composer(
            `reply:${id}`,
            post,
            this.#variant(l.t('replyComposerLabel', { name: post.author.displayName }), l.t('submitReply'), l.t('sending'), () => this.closeReply(post)),
          )
        : nothing}`;
  }

  #variant(label: string, submit: string, busy: string, close: () => unknown, edit?: boolean): ComposerVariant {
    return {
      label,
      submit,
      busy,
      edit,
      placeholder: edit ? '' : this.full.t('placeholder'),
      keydown: onEscape(close),
      cancel: html`<button type="button" data-action="cancel" @click=${close}>${this.full.t('cancel')}</button>`,
    };
  }

  /** Closes everything: the thread or its order changed. */
  reset(): void {
    this.replying = this.editing = this.confirming = this.picking = null;
  }

  /** Opens a comment's reply form, focusing it, or closes it. */
  async toggleReply(postId: string): Promise<void> {
    const open = this.replying !== postId;
    // Closed from its Reply button, focus stays there.
    await this.#set('replying', open ? postId : null, `#text-${domId(`reply:${postId}`)}`);
  }

  /** Closes a reply form (Escape, Cancel); the draft stays for when it opens again. */
  async closeReply(post: Post): Promise<void> {
    await this.#set('replying', null, actionSelector('reply', post.id));
  }

  async startEdit(post: Post): Promise<void> {
    const key = `edit:${post.id}`;
    this.host.drafts.set(key, { text: post.body });
    await this.#set('editing', post.id, `#text-${domId(key)}`);
  }

  async closeEdit(post: Post): Promise<void> {
    this.host.drafts.delete(`edit:${post.id}`);
    await this.#set('editing', null, actionSelector('edit', post.id));
  }

  async askDelete(postId: string): Promise<void> {
    // Cancel is the safe default for a destructive question.
    await this.#set('confirming', postId, '[data-action="cancel-delete"]');
  }

  moderate({ id, status }: Post): Promise<boolean> {
    const hidden = status === 'hidden';
    return this.#write(id, hidden ? 'unhide' : 'hide', (client, input) => (hidden ? client.unhideComment(input) : client.hideComment(input)));
  }

  async togglePicker(postId: string): Promise<void> {
    const open = this.picking !== postId;
    await this.#set('picking', open ? postId : null, open ? '.picker button' : `[data-reactions="${CSS.escape(postId)}"] .picker-toggle`);
  }

  /** The delete confirmation under a comment, when it is open. */
  #renderConfirm(postId: string): TemplateResult | typeof nothing {
    if (this.confirming !== postId) return nothing;
    const l = this.full;
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
    const l = this.full;
    return html`<div class="picker" role="group" aria-label=${l.t('addReaction')} @keydown=${onEscape(() => this.togglePicker(postId))}>
      ${unused.map(
        (emoji) => html`<button type="button" data-emoji=${emoji} aria-label=${l.t('reactWith', { emoji })} @click=${() => this.#pick(postId, emoji)}>
          ${emoji}
        </button>`,
      )}
    </div>`;
  }

  /**
   * "Load more" was pressed from the keyboard (it had focus): once the page is in, the
   * button may be gone (the last page) and focus dropped to <body>, so the reader continues
   * at the first comment it brought instead, unless they moved on meanwhile.
   */
  async loadedMore(button: HTMLElement, had: CommentNode[], store: ThreadStore, next: Promise<void>): Promise<void> {
    const { el } = this.host;
    const ids = new Set(had.map((node) => node.post.id));
    await next;
    await el.updateComplete;
    const root = el.shadowRoot!;
    // The list's items follow the top-level comments in order.
    const index = store.getSnapshot().comments.findIndex((node) => !ids.has(node.post.id));
    const article = root.querySelector('.list')?.children[index]?.querySelector('article');
    // Focus is still on the button, or was dropped.
    const active = root.activeElement;
    if (article && (active ? active === button : document.activeElement === document.body)) {
      article.tabIndex = -1;
      article.focus();
    }
  }

  /** Sends a composer: a new comment (`root`), a reply (`reply:<id>`) or an edit (`edit:<id>`). */
  async submit(key: string, target: Post | null): Promise<void> {
    const { host } = this;
    const { client, el } = host;
    const { full } = this;
    // The composer being sent was rendered, so its draft is there.
    const draft = host.drafts.get(key)!;
    if (!client || draft.sending) return;
    const body = draft.text;
    const editing = key.startsWith('edit:');
    const { guest } = host;
    const name = editing ? null : (guest?.nameToSet(client) ?? null);
    // On a server the name takes a guest session, opened once the comment is really sent.
    const local = client.adapter.name === 'memory';
    if (name !== null) {
      if (!name.trim()) {
        draft.error = full.t('nameRequired');
        el.requestUpdate();
        return focusLater(el, `#name-${domId(key)}`);
      }
      if (local) {
        // The id stays, so the guest keeps owning what they wrote under the old name.
        client.setViewer(rememberGuest(name));
        guest!.renaming = false;
      }
    }
    if (!body.trim() || countChars(body) > host.settings.bodyMaxLength) return;
    const threadKey = el.threadKey;
    const parentId = editing ? null : (target?.id ?? null);
    if (!editing) {
      const before = new CommunityBeforePostEvent({ threadKey, parentId, body });
      el.dispatchEvent(before);
      if (before.defaultPrevented) return;
    }
    draft.sending = true;
    draft.error = undefined;
    el.requestUpdate();
    try {
      if (editing) {
        await client.editComment({ threadKey, postId: target!.id, body });
        void this.closeEdit(target!);
      } else {
        // A refused session (no guests here, offline) sends nothing and says why below.
        if (name !== null && !local) await guest!.openSession(client, name);
        const post = await client.createComment(parentId ? { threadKey, parentId, body } : { threadKey, body });
        draft.text = '';
        // The reply's form closes, if it is still the one open.
        if (parentId && this.replying === parentId) {
          this.replying = null;
          host.drafts.delete(`reply:${parentId}`);
        }
        host.announce(full.t('posted'));
        el.dispatchEvent(new CommunityPostEvent({ post }));
      }
    } catch (e) {
      guest?.refused(client, e);
      draft.error = this.#fail(e, editing ? 'edit' : 'create', host.settings);
    } finally {
      draft.sending = false;
      el.requestUpdate();
    }
  }

  /** Toggles the viewer's reaction; a guest must name themselves first. */
  async react(postId: string, emoji: string): Promise<void> {
    const { host } = this;
    const { client, guest } = host;
    if (client && !client.viewer && guest?.applies(client)) {
      this.errors.set(postId, this.full.t('nameToReact'));
      host.el.requestUpdate();
      return focusLater(host.el, '#name-root');
    }
    await this.#write(postId, 'react', (client, input) => client.toggleReaction({ ...input, emoji }));
  }

  /** Runs a write on one post, showing its error beside the post; true when it succeeded. */
  async #write(
    postId: string,
    action: CommunityErrorAction,
    run: (client: CommunityClient, input: { threadKey: string; postId: string }) => Promise<unknown>,
  ): Promise<boolean> {
    const { client, el } = this.host;
    if (!client) return false;
    this.errors.delete(postId);
    this.busy.add(postId);
    el.requestUpdate();
    try {
      await run(client, { threadKey: el.threadKey, postId });
      return true;
    } catch (e) {
      this.errors.set(postId, this.#fail(e, action));
      return false;
    } finally {
      this.busy.delete(postId);
      el.requestUpdate();
    }
  }

  /** Reports a failed write to the page and returns it in the reader's words. */
  #fail(e: unknown, action: CommunityErrorAction, context?: CommentSettings): string {
    const error = HearthError.is(e) ? e : new HearthError('internal', e instanceof Error ? e.message : String(e));
    this.host.el.dispatchEvent(new CommunityErrorEvent({ error, action }));
    return this.full.error(error, context);
  }

  async #delete(postId: string): Promise<void> {
    this.confirming = null;
    // The comment may be gone; the heading is a stable place to land.
    if (await this.#write(postId, 'delete', (client, input) => client.deleteComment(input))) await focusLater(this.host.el, '#heading');
  }

  async #pick(postId: string, emoji: string): Promise<void> {
    this.picking = null;
    await this.react(postId, emoji);
    await focusLater(this.host.el, `[data-reactions="${CSS.escape(postId)}"] .reaction[data-emoji="${CSS.escape(emoji)}"]`);
  }

  /** Opens or closes one thing, then moves focus to where the reader continues. */
  #set(what: 'replying' | 'editing' | 'confirming' | 'picking', postId: string | null, focus: string): Promise<void> {
    this[what] = postId;
    this.host.el.requestUpdate();
    return focusLater(this.host.el, focus);
  }
}
