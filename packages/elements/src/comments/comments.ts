import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CommentNode, CommunityClient, SessionState, ThreadState, ThreadStore } from '@hearth/client';
import { HearthError, type CommentSettings, type CommentSort, type Member, type Post } from '@hearth/protocol';
import { onPageConfigChange } from '../config/configure.js';
import { readGuest, rememberGuest } from '../config/guest.js';
import { resolveClient } from '../config/resolve-client.js';
import { StoreController } from '../controllers/store-controller.js';
import { CommunityBeforePostEvent } from '../events/before-post-event.js';
import { CommunityErrorEvent, type CommunityErrorAction } from '../events/error-event.js';
import { CommunityPostEvent } from '../events/post-event.js';
import { observeLang } from '../i18n/lang-observer.js';
import { langOf, matchLocale } from '../i18n/locale.js';
import { Localizer } from '../i18n/localizer.js';
import { renderMarkdown } from '../markdown/markdown.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import { baseStyles } from '../styles/base.styles.js';
import { styles } from './comments.styles.js';
import { canDelete, canEdit, isModerator, isOwn } from './permissions.js';

/** The sort orders a reader can pick. */
export type CommentsSort = CommentSort;
/** The colour schemes the widget ships. */
export type CommentsTheme = 'light' | 'dark' | 'auto';

const SORTS: readonly CommentSort[] = ['oldest', 'newest', 'top'];
// The engine's defaults, used until the session says otherwise; copied so the entry
// chunk does not pull protocol's schemas in.
const FALLBACK_SETTINGS: CommentSettings = {
  maxDepth: 3,
  editWindowMs: 15 * 60 * 1000,
  reactions: ['👍', '❤️', '😄', '🎉', '🤔', '👀'],
  bodyMinLength: 1,
  bodyMaxLength: 10_000,
};
const ROOT = 'root';

interface Draft {
  text: string;
  sending: boolean;
  error: string | null;
}

type ConfigProblem = 'missing' | 'endpoint' | 'load-failed';

/**
 * @summary A comment thread for the page it sits on: nested replies, reactions, Markdown,
 * editing and moderation, in English, Simplified and Traditional Chinese.
 *
 * The client comes from, in order: the `client` property, `configure({ client })`,
 * `configure({ adapter })`, then the in-browser memory backend when `adapter="memory"`
 * (or `configure({ adapter: 'memory' })`), loaded on first use and shared by every widget
 * on the page. With the memory backend and no viewer, the composer asks for a name.
 *
 * @attr thread - The thread key; defaults to `location.pathname`.
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows an error explaining so.
 * @attr sort - `oldest` (default: conversations read top-down, as on Giscus and GitHub), `newest` or `top`.
 * @attr page-size - Top-level comments per page (1–100; the backend's default when unset).
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 * @attr theme - `light` (default), `dark` or `auto` (follows `prefers-color-scheme`). Reflected.
 *
 * @fires {CommunityBeforePostEvent} community-before-post - A comment is about to be sent (cancelable; cancel to keep it unsent).
 * @fires {CommunityPostEvent} community-post - A comment or reply was accepted.
 * @fires {CommunityErrorEvent} community-error - Loading, a write, or the setup failed.
 *
 * @slot empty - Shown when the thread has no comments yet.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The comment count heading.
 * @csspart sort - The sort select.
 * @csspart composer - Every comment form (new comment, reply, edit).
 * @csspart name-input - The guest name field.
 * @csspart textarea - The text area of a composer.
 * @csspart submit - A composer's send button.
 * @csspart comment - One comment.
 * @csspart avatar - A comment's avatar.
 * @csspart author - A comment's author name.
 * @csspart body - A comment's rendered Markdown.
 * @csspart actions - A comment's reaction and action buttons.
 * @csspart reaction - One reaction button.
 * @csspart action - Reply, Edit, Delete, Hide and Unhide buttons.
 * @csspart load-more - The "Load more" button.
 * @csspart error - An error message (load, setup, or a failed write).
 * @csspart empty - The empty state wrapper.
 *
 * @cssprop --community-comments-accent - Buttons, links and pressed reactions. Falls back to `--community-color-accent`.
 * @cssprop --community-comments-on-accent - Text on the accent colour. Falls back to `--community-color-on-accent`.
 * @cssprop --community-comments-surface - Background. Falls back to `--community-color-surface`.
 * @cssprop --community-comments-surface-raised - Avatars, reactions, pickers. Falls back to `--community-color-surface-raised`.
 * @cssprop --community-comments-text - Text colour. Falls back to `--community-color-text`.
 * @cssprop --community-comments-muted - Secondary text. Falls back to `--community-color-muted`.
 * @cssprop --community-comments-border - Borders and reply guides. Falls back to `--community-color-border`.
 * @cssprop --community-comments-danger - Errors and delete. Falls back to `--community-color-danger`.
 * @cssprop --community-comments-focus - Focus ring. Falls back to `--community-color-focus`.
 * @cssprop --community-comments-skeleton - Loading placeholder. Falls back to `--community-color-skeleton`.
 * @cssprop --community-comments-code-bg - Code in comments. Falls back to `--community-color-code-bg`.
 * @cssprop --community-comments-radius - Corner radius. Falls back to `--community-radius`.
 * @cssprop --community-comments-space - Base spacing. Falls back to `--community-space`.
 * @cssprop --community-comments-indent - Reply indentation. Falls back to `--community-indent`.
 * @cssprop --community-comments-avatar-size - Avatar size. Falls back to `--community-avatar-size`.
 * @cssprop --community-comments-font-family - Font. Falls back to `--community-font-family`.
 * @cssprop --community-comments-font-size - Base font size. Falls back to `--community-font-size`.
 */
export class CommunityComments extends LitElement {
  static override styles = [baseStyles, markdownStyles, styles];

  // `lang` is a global attribute with a native property; we watch it instead of
  // redeclaring it so `el.lang = 'zh-CN'` keeps working as on any element.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** The client to use; wins over every page-wide default. */
  @property({ attribute: false }) client?: CommunityClient;

  /** The thread key; defaults to `location.pathname`. */
  @property() thread?: string;

  /** `memory` for the in-browser backend. */
  @property() adapter?: string;

  /** Reserved for the HTTP adapter, which this build does not include. */
  @property() endpoint?: string;

  /** Comment order: `oldest` (default), `newest` or `top`. */
  @property() sort: CommentsSort = 'oldest';

  /** Top-level comments per page; the backend's default when unset. */
  @property({ type: Number, attribute: 'page-size' }) pageSize?: number;

  /** Colour scheme: `light`, `dark` or `auto`. Reflected for styling. */
  @property({ reflect: true }) theme: CommentsTheme = 'light';

  @state() private resolvedClient: CommunityClient | null = null;
  @state() private configProblem: ConfigProblem | null = null;
  @state() private replyingTo: string | null = null;
  @state() private editing: string | null = null;
  @state() private confirmingDelete: string | null = null;
  @state() private pickerFor: string | null = null;
  @state() private guestName = readGuest()?.displayName ?? '';
  @state() private announcement = '';

  readonly #thread = new StoreController<ThreadState>(this);
  readonly #session = new StoreController<SessionState>(this);
  #threadStore: ThreadStore | null = null;
  #threadFor: { client: CommunityClient; key: string; sort: CommentSort; pageSize: number | undefined } | null = null;
  #resolveToken = 0;
  #needsResolve = false;
  #drafts = new Map<string, Draft>();
  #actionErrors = new Map<string, string>();
  #busyPosts = new Set<string>();
  #seenIds: Set<string> | null = null;
  #lastThreadState: ThreadState | undefined;
  #reportedLoadError: unknown = null;
  #connectedAt = Date.now();
  #now = Date.now();
  #clock: ReturnType<typeof setInterval> | undefined;
  #stopWatchingLang: (() => void) | null = null;
  #stopWatchingConfig: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#connectedAt = Date.now();
    this.#stopWatchingLang = observeLang(() => this.requestUpdate());
    this.#stopWatchingConfig = onPageConfigChange(() => {
      this.#needsResolve = true;
      this.requestUpdate();
    });
    // Relative times ("2 minutes ago") drift; a once-a-minute repaint keeps them honest.
    this.#clock = setInterval(() => {
      this.#now = Date.now();
      this.requestUpdate();
    }, 60_000);
    // Resolve in the next update rather than here: frameworks often set `client` right
    // after connecting, and resolving now would flash (and report) a missing client.
    this.#needsResolve = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopWatchingLang?.();
    this.#stopWatchingConfig?.();
    this.#stopWatchingLang = this.#stopWatchingConfig = null;
    clearInterval(this.#clock);
    this.#resolveToken++;
    this.#setThreadStore(null);
    this.#session.setStore(null);
    this.resolvedClient = null;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  /** The thread key in use: the `thread` attribute, else the page's path. */
  get threadKey(): string {
    return this.thread?.trim() || location.pathname;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client') || changed.has('adapter') || changed.has('endpoint')) this.#needsResolve = true;
    if (this.#needsResolve && this.isConnected) {
      this.#needsResolve = false;
      this.#resolve();
    }
    this.#syncThread();
    this.#trackArrivals();
  }

  protected override render(): TemplateResult {
    const l = this.#localizer;
    const threadState = this.#thread.value;
    const count = threadState?.thread?.commentCount;
    return html`
      <section part="base" class="base" aria-labelledby="heading">
        <div class="toolbar">
          <h2 part="heading" id="heading" tabindex="-1">
            ${count === undefined ? l.t('commentsLabel') : l.plural('commentCount', count)}
          </h2>
          ${this.resolvedClient ? this.#renderSort() : nothing}
        </div>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
        ${this.#renderBody(threadState)}
      </section>
    `;
  }

  get #localizer(): Localizer {
    return Localizer.for(matchLocale(langOf(this)));
  }

  get #settings(): CommentSettings {
    return this.#session.value?.session?.settings ?? FALLBACK_SETTINGS;
  }

  get #viewer(): Member | null {
    return this.#session.value?.session?.viewer ?? null;
  }

  // --- client and store lifecycle -----------------------------------------------------

  #resolve(): void {
    const token = ++this.#resolveToken;
    const resolution = resolveClient({ client: this.client, adapter: this.adapter, endpoint: this.endpoint });
    if (resolution.status === 'ready') {
      this.#useClient(resolution.client);
    } else if (resolution.status === 'error') {
      this.#fail(resolution.reason);
    } else {
      this.configProblem = null;
      resolution.promise.then(
        (client) => token === this.#resolveToken && this.#useClient(client),
        () => token === this.#resolveToken && this.#fail('load-failed'),
      );
    }
  }

  #useClient(client: CommunityClient): void {
    this.configProblem = null;
    if (client === this.resolvedClient) return;
    // A guest who named themselves earlier in this browser keeps their identity.
    if (client.adapter.name === 'memory' && !client.viewer) {
      const guest = readGuest();
      if (guest) client.setViewer(guest);
    }
    this.resolvedClient = client;
    this.#session.setStore(client.session());
  }

  #fail(reason: ConfigProblem): void {
    this.resolvedClient = null;
    this.#session.setStore(null);
    this.#setThreadStore(null);
    if (this.configProblem === reason) return;
    this.configProblem = reason;
    const message = this.#localizer.t(
      reason === 'endpoint' ? 'configEndpoint' : reason === 'missing' ? 'configMissing' : 'configLoadFailed',
    );
    this.dispatchEvent(new CommunityErrorEvent({ error: new HearthError('unavailable', message), action: 'config' }));
  }

  #syncThread(): void {
    const client = this.isConnected ? this.resolvedClient : null;
    if (!client) {
      this.#setThreadStore(null);
      return;
    }
    const key = this.threadKey;
    const sort = SORTS.includes(this.sort) ? this.sort : 'oldest';
    const pageSize =
      typeof this.pageSize === 'number' && Number.isFinite(this.pageSize)
        ? Math.min(100, Math.max(1, Math.round(this.pageSize)))
        : undefined;
    const current = this.#threadFor;
    if (current && current.client === client && current.key === key && current.sort === sort && current.pageSize === pageSize) {
      return;
    }
    const store = client.thread(key, pageSize === undefined ? { sort } : { sort, pageSize });
    this.#setThreadStore(store);
    this.#threadFor = { client, key, sort, pageSize };
  }

  #setThreadStore(store: ThreadStore | null): void {
    if (store === this.#threadStore) return;
    const old = this.#threadStore;
    this.#threadStore = store;
    this.#threadFor = null;
    this.#thread.setStore(store);
    old?.destroy();
    // Another thread or order: what was open or announced belongs to the old one.
    this.#seenIds = null;
    this.#lastThreadState = undefined;
    this.replyingTo = this.editing = this.confirmingDelete = this.pickerFor = null;
  }

  // --- announcements --------------------------------------------------------------------

  /** Announces comments that arrived from others while the reader is here. */
  #trackArrivals(): void {
    const state = this.#thread.value;
    if (state === this.#lastThreadState) return;
    this.#lastThreadState = state;
    if (state?.status === 'error' && state.error && state.error !== this.#reportedLoadError) {
      this.#reportedLoadError = state.error;
      this.dispatchEvent(new CommunityErrorEvent({ error: state.error, action: 'load' }));
    }
    if (!state || state.status !== 'success') return;
    const first = this.#seenIds === null;
    const seen = (this.#seenIds ??= new Set());
    const arrivals: Post[] = [];
    const viewer = this.#viewer;
    const walk = (nodes: CommentNode[]): void => {
      for (const node of nodes) {
        if (!node.optimistic && !seen.has(node.post.id)) {
          seen.add(node.post.id);
          // Older comments (a loaded page, a new sort) are not news; our own are announced on send.
          if (!first && Date.parse(node.post.createdAt) >= this.#connectedAt - 1000 && !isOwn(node.post, viewer)) {
            arrivals.push(node.post);
          }
        }
        walk(node.replies);
      }
    };
    walk(state.comments);
    if (arrivals.length === 1) this.#announce(this.#localizer.t('newComment', { name: arrivals[0]!.author.displayName }));
    else if (arrivals.length > 1) this.#announce(this.#localizer.plural('newComments', arrivals.length));
  }

  #announce(message: string): void {
    // Clearing first makes a repeated message ("Your comment was posted.") be read again.
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = message;
    });
  }

  // --- rendering ------------------------------------------------------------------------

  #renderSort(): TemplateResult {
    const l = this.#localizer;
    const labels: Record<CommentSort, string> = {
      oldest: l.t('sortOldest'),
      newest: l.t('sortNewest'),
      top: l.t('sortTop'),
    };
    return html`
      <label class="sort">
        ${l.t('sortLabel')}
        <select part="sort" @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as CommentSort)}>
          ${SORTS.map((sort) => html`<option value=${sort} ?selected=${sort === this.sort}>${labels[sort]}</option>`)}
        </select>
      </label>
    `;
  }

  #renderBody(state: ThreadState | undefined): TemplateResult {
    const l = this.#localizer;
    if (this.configProblem) {
      const key =
        this.configProblem === 'endpoint' ? 'configEndpoint' : this.configProblem === 'missing' ? 'configMissing' : 'configLoadFailed';
      return html`<div part="error" class="error-box" role="alert"><p>${l.t(key)}</p></div>`;
    }
    if (!state || state.status === 'pending') {
      return html`
        <div class="skeleton" aria-busy="true">
          <span class="visually-hidden">${l.t('loading')}</span>
          <div class="bone"></div>
          <div class="bone"></div>
          <div class="bone"></div>
        </div>
      `;
    }
    const locked = state.thread?.locked ?? false;
    return html`
      ${state.status === 'error' ? this.#renderLoadError(state) : nothing}
      ${locked ? html`<p class="notice">${l.t('locked')}</p>` : this.#renderComposer(ROOT, null)}
      ${state.comments.length
        ? html`<ul class="list" role="list" aria-busy=${state.isFetching && !state.isFetchingNextPage ? 'true' : 'false'}>
            ${repeat(state.comments, (node) => node.post.id, (node) => this.#renderNode(node, locked))}
          </ul>`
        : state.status === 'success'
          ? html`<div part="empty" class="empty"><slot name="empty">${l.t('empty')}</slot></div>`
          : nothing}
      ${state.hasNextPage
        ? html`<button
            part="load-more"
            class="load-more"
            type="button"
            ?disabled=${state.isFetchingNextPage}
            @click=${() => this.#loadMore()}
          >
            ${state.isFetchingNextPage ? l.t('loadingMore') : l.t('loadMore')}
          </button>`
        : nothing}
    `;
  }

  #renderLoadError(state: ThreadState): TemplateResult {
    const l = this.#localizer;
    const message = state.error ? l.error(state.error) : l.t('errorInternal');
    return html`
      <div part="error" class="error-box" role="alert">
        <p>${l.t('loadError')} ${message}</p>
        <button type="button" @click=${() => this.#threadStore?.refetch()}>${l.t('retry')}</button>
      </div>
    `;
  }

  #renderNode(node: CommentNode, locked: boolean): TemplateResult {
    return html`
      <li class="item">
        ${this.#renderComment(node, locked)}
        ${node.replies.length
          ? html`<ul class="replies" role="list">
              ${repeat(node.replies, (child) => child.post.id, (child) => this.#renderNode(child, locked))}
            </ul>`
          : nothing}
      </li>
    `;
  }

  #renderComment(node: CommentNode, locked: boolean): TemplateResult {
    const l = this.#localizer;
    const { post, optimistic } = node;
    const viewer = this.#viewer;
    const staff = isModerator(viewer);
    const unreadable = (post.status === 'hidden' && !staff && !post.body) || post.status === 'deleted';
    if (unreadable) {
      const text = post.status === 'deleted' ? l.t('deletedTombstone') : l.t('hiddenTombstone');
      return html`<article part="comment" class="comment tombstone" aria-label=${text}><p class="body">${text}</p></article>`;
    }
    const name = post.author.displayName;
    const label = l.t(post.parentId ? 'replyBy' : 'commentBy', { name });
    const created = new Date(post.createdAt);
    const editing = this.editing === post.id;
    const classes = ['comment', optimistic ? 'optimistic' : '', post.status === 'hidden' ? 'hidden-post' : '']
      .filter(Boolean)
      .join(' ');
    return html`
      <article part="comment" class=${classes} aria-label=${label} aria-busy=${optimistic ? 'true' : 'false'}>
        ${this.#renderAvatar(post)}
        <div class="content">
          <header class="meta">
            <span part="author" class="author">${name}</span>
            ${this.#renderRole(post)}
            ${isOwn(post, viewer) ? html`<span class="badge">${l.t('you')}</span>` : nothing}
            ${post.replyTo && post.replyTo.id !== post.parentId
              ? html`<span class="reply-to" title=${l.t('replyToLabel', { name: post.replyTo.authorName })}
                  >${l.t('replyTo', { name: post.replyTo.authorName })}</span
                >`
              : nothing}
            <time datetime=${post.createdAt} title=${l.absoluteTime(created)}>${l.relativeTime(created, this.#now)}</time>
            ${post.editedAt
              ? html`<span class="edited" title=${l.absoluteTime(new Date(post.editedAt))}>${l.t('edited')}</span>`
              : nothing}
            ${post.status === 'hidden' ? html`<span class="badge">${l.t('hiddenBadge')}</span>` : nothing}
            ${post.status === 'pending' ? html`<span class="badge">${l.t('pendingBadge')}</span>` : nothing}
            ${optimistic ? html`<span class="sending">${l.t('sending')}</span>` : nothing}
          </header>
          ${editing ? this.#renderComposer(`edit:${post.id}`, post) : html`<div part="body" class="body">${renderMarkdown(post.body)}</div>`}
          ${optimistic || editing ? nothing : this.#renderActions(post, locked, staff)}
          <div role="alert">
            ${this.#actionErrors.has(post.id)
              ? html`<p part="error" class="error-text">${this.#actionErrors.get(post.id)}</p>`
              : nothing}
          </div>
          ${this.confirmingDelete === post.id ? this.#renderConfirmDelete(post) : nothing}
          ${this.replyingTo === post.id && !locked ? this.#renderComposer(`reply:${post.id}`, post) : nothing}
        </div>
      </article>
    `;
  }

  #renderAvatar(post: Post): TemplateResult {
    const url = post.author.avatarUrl;
    // Only web URLs; anything else (data:, javascript:) falls back to initials.
    if (url && /^https?:\/\//i.test(url)) {
      // The name sits right next to the avatar, so the image adds nothing for a screen reader.
      return html`<div part="avatar" class="avatar"><img src=${url} alt="" loading="lazy" referrerpolicy="no-referrer" /></div>`;
    }
    return html`<div part="avatar" class="avatar" aria-hidden="true">${initials(post.author.displayName)}</div>`;
  }

  #renderRole(post: Post): TemplateResult | typeof nothing {
    const l = this.#localizer;
    const role = post.author.role;
    const text =
      role === 'owner' ? l.t('roleOwner') : role === 'admin' ? l.t('roleAdmin') : role === 'moderator' ? l.t('roleModerator') : null;
    return text ? html`<span class="badge">${text}</span>` : nothing;
  }

  #renderActions(post: Post, locked: boolean, staff: boolean): TemplateResult {
    const l = this.#localizer;
    const viewer = this.#viewer;
    const client = this.resolvedClient;
    const busy = this.#busyPosts.has(post.id);
    const moderation = staff && (client?.adapter.capabilities.moderation ?? false);
    return html`
      <div part="actions" class="actions">
        ${this.#renderReactions(post)}
        ${locked
          ? nothing
          : html`<button
              part="action"
              class="link"
              type="button"
              data-action="reply"
              data-post=${post.id}
              aria-expanded=${this.replyingTo === post.id ? 'true' : 'false'}
              @click=${() => this.#toggleReply(post.id)}
            >
              ${l.t('reply')}
            </button>`}
        ${canEdit(post, viewer, this.#settings.editWindowMs, this.#now)
          ? html`<button
              part="action"
              class="link"
              type="button"
              data-action="edit"
              data-post=${post.id}
              ?disabled=${busy}
              @click=${() => this.#startEdit(post)}
            >
              ${l.t('edit')}
            </button>`
          : nothing}
        ${canDelete(post, viewer)
          ? html`<button
              part="action"
              class="link danger"
              type="button"
              data-action="delete"
              data-post=${post.id}
              ?disabled=${busy}
              aria-expanded=${this.confirmingDelete === post.id ? 'true' : 'false'}
              @click=${() => this.#askDelete(post.id)}
            >
              ${l.t('delete')}
            </button>`
          : nothing}
        ${moderation
          ? html`<button
              part="action"
              class="link"
              type="button"
              data-action=${post.status === 'hidden' ? 'unhide' : 'hide'}
              data-post=${post.id}
              ?disabled=${busy}
              @click=${() => this.#moderate(post)}
            >
              ${post.status === 'hidden' ? l.t('unhide') : l.t('hide')}
            </button>`
          : nothing}
      </div>
    `;
  }

  #renderReactions(post: Post): TemplateResult | typeof nothing {
    const client = this.resolvedClient;
    const allowed = this.#settings.reactions;
    if (!client?.adapter.capabilities.reactions || allowed.length === 0) return nothing;
    const l = this.#localizer;
    // Allowed reactions in their set order, then any older ones the set no longer lists.
    const shown = [
      ...allowed.filter((emoji) => (post.reactions[emoji] ?? 0) > 0 || post.viewerReactions.includes(emoji)),
      ...Object.keys(post.reactions).filter((emoji) => !allowed.includes(emoji) && (post.reactions[emoji] ?? 0) > 0),
    ];
    const unused = allowed.filter((emoji) => !shown.includes(emoji));
    const open = this.pickerFor === post.id;
    return html`
      <div class="reactions" role="group" aria-label=${l.t('reactionsLabel')}>
        ${shown.map((emoji) => {
          const count = post.reactions[emoji] ?? 0;
          const pressed = post.viewerReactions.includes(emoji);
          return html`<button
            part="reaction"
            class="reaction"
            type="button"
            data-emoji=${emoji}
            aria-pressed=${pressed ? 'true' : 'false'}
            aria-label=${l.plural('reaction', count, { emoji })}
            @click=${() => this.#react(post.id, emoji)}
          >
            ${emoji} <span class="count">${l.number(count)}</span>
          </button>`;
        })}
        ${unused.length
          ? html`<button
              class="link picker-toggle"
              type="button"
              data-picker=${post.id}
              aria-expanded=${open ? 'true' : 'false'}
              aria-label=${l.t('addReaction')}
              title=${l.t('addReaction')}
              @click=${() => this.#togglePicker(post.id)}
            >
              <span aria-hidden="true">☺+</span>
            </button>`
          : nothing}
        ${open && unused.length
          ? html`<div class="picker" role="group" aria-label=${l.t('addReaction')} @keydown=${this.#onPickerKeydown}>
              ${unused.map(
                (emoji) => html`<button
                  type="button"
                  data-emoji=${emoji}
                  aria-label=${l.t('reactWith', { emoji })}
                  @click=${() => this.#pick(post.id, emoji)}
                >
                  ${emoji}
                </button>`,
              )}
            </div>`
          : nothing}
      </div>
    `;
  }

  #renderConfirmDelete(post: Post): TemplateResult {
    const l = this.#localizer;
    const id = `confirm-${domId(post.id)}`;
    return html`
      <div class="confirm" role="group" aria-labelledby=${id} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.#cancelDelete(post.id)}>
        <p id=${id}>${l.t('confirmDelete')}</p>
        <button part="action" class="danger" type="button" data-action="confirm-delete" @click=${() => this.#delete(post.id)}>
          ${l.t('confirmDeleteYes')}
        </button>
        <button type="button" data-action="cancel-delete" @click=${() => this.#cancelDelete(post.id)}>${l.t('cancel')}</button>
      </div>
    `;
  }

  /** One form for all three: a new comment (`root`), a reply (`reply:<id>`) and an edit (`edit:<id>`). */
  #renderComposer(key: string, target: Post | null): TemplateResult {
    const l = this.#localizer;
    const draft = this.#draft(key, target);
    const kind = key === ROOT ? 'root' : key.startsWith('reply:') ? 'reply' : 'edit';
    const id = domId(key);
    const max = this.#settings.bodyMaxLength;
    const length = countChars(draft.text);
    const remaining = max - length;
    // Only worth hearing near the limit; announcing every keystroke would drown the reader.
    const near = remaining <= Math.max(20, Math.floor(max * 0.1));
    const empty = draft.text.trim().length === 0;
    const askName = kind !== 'edit' && this.#needsGuestName();
    const label =
      kind === 'root'
        ? l.t('composerLabel')
        : kind === 'reply'
          ? l.t('replyComposerLabel', { name: target!.author.displayName })
          : l.t('editComposerLabel');
    const submitLabel = draft.sending
      ? l.t(kind === 'edit' ? 'saving' : 'sending')
      : l.t(kind === 'root' ? 'submit' : kind === 'reply' ? 'submitReply' : 'saveEdit');
    return html`
      <form
        part="composer"
        class="composer"
        data-composer=${key}
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#submit(key, target);
        }}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape' && kind !== 'root') {
            e.stopPropagation();
            this.#closeComposer(key, target!);
          }
        }}
      >
        ${askName
          ? html`
              <label for="name-${id}">${l.t('nameLabel')}</label>
              <input
                part="name-input"
                class="name"
                id="name-${id}"
                name="name"
                autocomplete="nickname"
                maxlength="64"
                required
                .value=${live(this.guestName)}
                @input=${(e: Event) => (this.guestName = (e.target as HTMLInputElement).value)}
              />
            `
          : nothing}
        <label for="text-${id}">${label}</label>
        <textarea
          part="textarea"
          id="text-${id}"
          name="body"
          placeholder=${kind === 'edit' ? '' : l.t('placeholder')}
          aria-describedby="hint-${id} count-${id}"
          ?readonly=${draft.sending}
          .value=${live(draft.text)}
          @input=${(e: Event) => {
            draft.text = (e.target as HTMLTextAreaElement).value;
            this.requestUpdate();
          }}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void this.#submit(key, target);
            }
          }}
        ></textarea>
        <div class="composer-footer">
          <span class="hint" id="hint-${id}">${l.t('markdownHint')} ${l.t('shortcutHint')}</span>
          <span class="counter ${remaining < 0 ? 'over' : ''}" id="count-${id}" aria-live="polite"
            >${near ? (remaining < 0 ? l.plural('overLimit', -remaining) : l.plural('remaining', remaining)) : ''}</span
          >
          ${kind === 'root'
            ? nothing
            : html`<button type="button" data-action="cancel" @click=${() => this.#closeComposer(key, target!)}>
                ${l.t('cancel')}
              </button>`}
          <button part="submit" class="primary" type="submit" ?disabled=${draft.sending || empty || remaining < 0}>
            ${submitLabel}
          </button>
        </div>
        <div role="alert">${draft.error ? html`<p part="error" class="error-text">${draft.error}</p>` : nothing}</div>
      </form>
    `;
  }

  // --- actions ----------------------------------------------------------------------------

  #draft(key: string, target: Post | null): Draft {
    let draft = this.#drafts.get(key);
    if (!draft) {
      draft = { text: key.startsWith('edit:') && target ? target.body : '', sending: false, error: null };
      this.#drafts.set(key, draft);
    }
    return draft;
  }

  #needsGuestName(): boolean {
    const client = this.resolvedClient;
    return !!client && client.adapter.name === 'memory' && !client.viewer;
  }

  async #submit(key: string, target: Post | null): Promise<void> {
    const client = this.resolvedClient;
    const draft = this.#draft(key, target);
    if (!client || draft.sending) return;
    const body = draft.text;
    if (!body.trim() || countChars(body) > this.#settings.bodyMaxLength) return;
    const l = this.#localizer;
    if (key.startsWith('edit:')) {
      await this.#saveEdit(client, key, target!, draft);
      return;
    }
    if (this.#needsGuestName()) {
      const name = this.guestName.trim();
      if (!name) {
        draft.error = l.t('nameRequired');
        this.requestUpdate();
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>(`#name-${domId(key)}`)?.focus();
        return;
      }
      client.setViewer(rememberGuest(name));
    }
    const threadKey = this.threadKey;
    const parentId = target?.id ?? null;
    const before = new CommunityBeforePostEvent({ threadKey, parentId, body });
    this.dispatchEvent(before);
    if (before.defaultPrevented) return;

    draft.sending = true;
    draft.error = null;
    this.requestUpdate();
    try {
      const post = await client.createComment(parentId ? { threadKey, parentId, body } : { threadKey, body });
      draft.text = '';
      if (target && this.replyingTo === target.id) {
        this.replyingTo = null;
        this.#drafts.delete(key);
      }
      this.#announce(l.t('posted'));
      this.dispatchEvent(new CommunityPostEvent({ post }));
    } catch (e) {
      const error = toHearthError(e);
      draft.error = l.error(error, this.#settings);
      this.dispatchEvent(new CommunityErrorEvent({ error, action: 'create' }));
    } finally {
      draft.sending = false;
      this.requestUpdate();
    }
  }

  async #saveEdit(client: CommunityClient, key: string, post: Post, draft: Draft): Promise<void> {
    draft.sending = true;
    draft.error = null;
    this.requestUpdate();
    try {
      await client.editComment({ threadKey: this.threadKey, postId: post.id, body: draft.text });
      this.#drafts.delete(key);
      this.editing = null;
      await this.updateComplete;
      this.#focusAction('edit', post.id);
    } catch (e) {
      const error = toHearthError(e);
      draft.error = this.#localizer.error(error, this.#settings);
      this.dispatchEvent(new CommunityErrorEvent({ error, action: 'edit' }));
    } finally {
      draft.sending = false;
      this.requestUpdate();
    }
  }

  async #toggleReply(postId: string): Promise<void> {
    this.replyingTo = this.replyingTo === postId ? null : postId;
    await this.updateComplete;
    if (this.replyingTo === postId) this.#focusComposer(`reply:${postId}`);
  }

  async #startEdit(post: Post): Promise<void> {
    this.#drafts.delete(`edit:${post.id}`);
    this.editing = post.id;
    await this.updateComplete;
    this.#focusComposer(`edit:${post.id}`);
  }

  async #closeComposer(key: string, target: Post): Promise<void> {
    if (key.startsWith('edit:')) {
      this.#drafts.delete(key);
      this.editing = null;
      await this.updateComplete;
      this.#focusAction('edit', target.id);
    } else {
      this.replyingTo = null;
      await this.updateComplete;
      this.#focusAction('reply', target.id);
    }
  }

  async #askDelete(postId: string): Promise<void> {
    this.confirmingDelete = postId;
    await this.updateComplete;
    // Cancel is the safe default for a destructive question.
    this.renderRoot.querySelector<HTMLButtonElement>('[data-action="cancel-delete"]')?.focus();
  }

  async #cancelDelete(postId: string): Promise<void> {
    this.confirmingDelete = null;
    await this.updateComplete;
    this.#focusAction('delete', postId);
  }

  async #delete(postId: string): Promise<void> {
    this.confirmingDelete = null;
    const ok = await this.#write(postId, 'delete', (client) =>
      client.deleteComment({ threadKey: this.threadKey, postId }),
    );
    if (ok) {
      await this.updateComplete;
      // The comment may be gone; the heading is a stable place to land.
      this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
    }
  }

  #moderate(post: Post): void {
    const input = { threadKey: this.threadKey, postId: post.id };
    if (post.status === 'hidden') void this.#write(post.id, 'unhide', (client) => client.unhideComment(input));
    else void this.#write(post.id, 'hide', (client) => client.hideComment(input));
  }

  async #togglePicker(postId: string): Promise<void> {
    this.pickerFor = this.pickerFor === postId ? null : postId;
    await this.updateComplete;
    if (this.pickerFor === postId) this.renderRoot.querySelector<HTMLButtonElement>('.picker button')?.focus();
  }

  #onPickerKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !this.pickerFor) return;
    e.stopPropagation();
    const postId = this.pickerFor;
    this.pickerFor = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>(`[data-picker="${cssEscape(postId)}"]`)?.focus(),
    );
  };

  async #pick(postId: string, emoji: string): Promise<void> {
    this.pickerFor = null;
    await this.#react(postId, emoji);
    await this.updateComplete;
    this.renderRoot
      .querySelector<HTMLButtonElement>(`article [data-post="${cssEscape(postId)}"]`)
      ?.closest('.actions')
      ?.querySelector<HTMLButtonElement>(`button.reaction[data-emoji="${cssEscape(emoji)}"]`)
      ?.focus();
  }

  async #react(postId: string, emoji: string): Promise<void> {
    if (this.#needsGuestName()) {
      this.#actionErrors.set(postId, this.#localizer.t('nameToReact'));
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>(`#name-${domId(ROOT)}`)?.focus();
      return;
    }
    await this.#write(postId, 'react', (client) => client.toggleReaction({ threadKey: this.threadKey, postId, emoji }));
  }

  async #write(
    postId: string,
    action: CommunityErrorAction,
    run: (client: CommunityClient) => Promise<unknown>,
  ): Promise<boolean> {
    const client = this.resolvedClient;
    if (!client) return false;
    this.#actionErrors.delete(postId);
    this.#busyPosts.add(postId);
    this.requestUpdate();
    try {
      await run(client);
      return true;
    } catch (e) {
      const error = toHearthError(e);
      this.#actionErrors.set(postId, this.#localizer.error(error));
      this.dispatchEvent(new CommunityErrorEvent({ error, action }));
      return false;
    } finally {
      this.#busyPosts.delete(postId);
      this.requestUpdate();
    }
  }

  async #loadMore(): Promise<void> {
    try {
      await this.#threadStore?.fetchNextPage();
    } catch (e) {
      // The store reports the failure in its state too; the event is for the host page.
      this.dispatchEvent(new CommunityErrorEvent({ error: toHearthError(e), action: 'load' }));
    }
  }

  #focusComposer(key: string): void {
    this.renderRoot.querySelector<HTMLTextAreaElement>(`#text-${domId(key)}`)?.focus();
  }

  #focusAction(action: string, postId: string): void {
    this.renderRoot.querySelector<HTMLButtonElement>(`[data-action="${action}"][data-post="${cssEscape(postId)}"]`)?.focus();
  }
}

/** Up to two initials, for an avatar without an image. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!].map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 1);
  return letters.join('').toUpperCase();
}

/** Characters as a person counts them (code points), after trimming, as the engine counts. */
function countChars(text: string): number {
  return [...text.trim()].length;
}

/** An id-safe form of a key that may hold any characters a backend uses in post ids. */
function domId(key: string): string {
  return key.replace(/[^\w-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`);
}

function cssEscape(value: string): string {
  return CSS.escape(value);
}

function toHearthError(error: unknown): HearthError {
  if (HearthError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new HearthError('internal', message);
}
