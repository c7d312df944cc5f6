import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import type { CommentNode, CommunityClient, ThreadState, ThreadStore } from '@hearth/client';
import { DEFAULT_COMMENT_SETTINGS, countChars, type CommentSettings, type CommentSort, type HearthError, type Member, type Post } from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem, type WidgetTheme } from '../base/community-widget.js';
import { StoreController } from '../controllers/store-controller.js';
import { Localizer } from '../i18n/localizer.js';
import type { Messages } from '../i18n/messages.js';
import { renderMarkdown } from '../markdown/markdown.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import '../member/define.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import type { CommentActions, Draft } from './comment-actions.js';
import { styles } from './comments.styles.js';
import type { GuestField } from './guest-field.js';
import { domId } from './dom.js';
import { canDelete, canEdit, isModerator, isOwn } from './permissions.js';

/** The sort orders a reader can pick. */
export type CommentsSort = CommentSort;
/** The colour schemes the widget ships, or a selector it follows (see `theme`). */
export type CommentsTheme = WidgetTheme;

type Key = keyof Messages;

/** What makes a reply or an edit form differ from the new-comment one; the actions, which open them, say it. */
export interface ComposerVariant {
  /** The label, the send button and its text while sending, in the reader's words. */
  label: string;
  submit: string;
  busy: string;
  placeholder: string;
  /** Edits have no guest name field. */
  edit?: boolean | undefined;
  /** Escape closes the form. */
  keydown: (e: KeyboardEvent) => void;
  /** The Cancel button. */
  cancel: TemplateResult;
}

const SORTS: Record<CommentSort, Key> = { oldest: 'sortOldest', newest: 'sortNewest', top: 'sortTop' };
// Stands in for the actions' chunk in tests, which make it slow or fail.
export const chunks = { actions: () => import('./comment-actions.js') };
// The widget's own Hide, Unhide and Delete buttons do these, so the content menu leaves them out.
const INLINE = ['hide', 'restore', 'delete'] as const;
// The content menu (report, lock, mute, ban), fetched once a viewer who may use it is signed in.
let menuDefined: Promise<unknown> | undefined;

/**
 * @summary A comment thread for the page it sits on: nested replies, reactions, Markdown,
 * editing and moderation, in English, Simplified and Traditional Chinese.
 *
 * The client comes from, in order: the `client` property, `configure({ client })`,
 * `configure({ adapter })`, then the in-browser memory backend when `adapter="memory"`
 * (or `configure({ adapter: 'memory' })`), loaded on first use and shared by every widget
 * on the page, then a Hearth server at `endpoint` (the attribute or `configure({ endpoint })`).
 * With no viewer, the composer asks for a name, which the guest can change later: on the
 * memory backend, and on a server that opens guest sessions (the session is opened when the
 * guest first sends, and kept in this browser until it expires). That field downloads with
 * the backend, and the widget shows its loading state until both are there.
 *
 * What only an interaction or a failure needs (sending, reacting, the reply and edit forms, the
 * delete confirmation, moderation, the reaction picker, error messages and their styles)
 * downloads on the first pointer over or focus inside the widget, on a failure, or when first
 * used (Send pressed before then waits for it); `updateComplete` waits for such downloads.
 * Should that download fail, the widget says so with a Retry button.
 * Each comment carries the shared `<community-content-menu>` (Report for members; lock and
 * the author's mute and ban for staff, beside the inline Hide and Delete), downloaded only
 * once a signed-in member is reading, so anonymous readers never fetch it.
 * Every `--community-comments-*` token may be set on the element or any ancestor.
 *
 * @attr thread - The thread key; defaults to `location.pathname`.
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows an error explaining so.
 * @attr sort - `oldest` (default: conversations read top-down, as on Giscus and GitHub), `newest` or `top`.
 * @attr page-size - Top-level comments per page (1–100; the backend's default when unset).
 * @attr loading - `lazy` defers every request until the widget is within 200px of the viewport; `eager` (default).
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 * @attr theme - `light` (default), `dark`, `auto` (follows `prefers-color-scheme`), or a selector such as `html[data-theme=dark]`: dark while the widget or an ancestor matches it. Reflected.
 *
 * @fires {CommunityBeforePostEvent} community-before-post - A comment is about to be sent (cancelable; cancel to keep it unsent).
 * @fires {CommunityPostEvent} community-post - A comment or reply was accepted.
 * @fires {CommunityErrorEvent} community-error - Loading, a write, or the setup failed (from a comment's menu: `report` or `moderate`).
 * @fires {CommunityReportEvent} community-report - From a comment's content menu: the backend holds the viewer's report.
 * @fires {CommunityModerateEvent} community-moderate - From a comment's content menu: a lock, unlock, mute or ban succeeded.
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
 * @csspart author - A comment's author: a `<community-member-chip>` (name, role, level, badges; its own avatar hidden).
 * @csspart body - A comment's rendered Markdown.
 * @csspart actions - A comment's reaction and action buttons.
 * @csspart reaction - One reaction button.
 * @csspart action - Reply, Edit, Delete, Hide, Unhide and a guest's Change name buttons.
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
 * @cssprop --community-comments-success - Success states. Falls back to `--community-color-success`.
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
export class CommunityComments extends CommunityWidget {
  static override styles = [baseStyles, markdownStyles, widgetTokens('comments'), styles];

  // Declared here rather than with decorators: the decorator runtime and one call per field
  // cost the entry chunk more than this table. `client`, `adapter`, `endpoint`, `loading`,
  // `theme` and `lang` come from CommunityWidget (Lit merges the tables).
  static override properties = {
    thread: {},
    sort: {},
    pageSize: { type: Number, attribute: 'page-size' },
    announcement: { state: true },
    failed: { state: true },
  };

  /** The thread key; defaults to `location.pathname`. */
  thread?: string;

  /** Comment order: `oldest` (default), `newest` or `top`. */
  sort: CommentsSort = 'oldest';

  /** Top-level comments per page; the backend's default when unset. */
  pageSize?: number;

  private announcement = '';
  // The actions could not be downloaded when they were needed: the error box with Retry shows.
  private failed = false;

  readonly #thread = new StoreController<ThreadState>(this);
  // Until a Chinese table arrives, the previous strings (English at first) stay up.
  #l = Localizer.for('en') as Localizer;
  // Reply, edit, delete, moderation, the reaction picker, Load more's focus, failures and
  // the strings of all these, loaded on the first sign of intent or on a failure.
  #actions: CommentActions | undefined;
  #actionsLoad: Promise<CommentActions> | undefined;
  #threadStore: ThreadStore | null = null;
  #threadFor: unknown[] = [];
  #drafts = new Map<string, Draft>();
  // The guest name field (memory backend, or a server with guest sessions): undefined while it loads, null when it could not.
  #guest: GuestField | null | undefined = null;
  // The list's elements by post id (see #renderList). Each render keeps only those it used,
  // so the elements of a comment that left the tree are let go.
  #keptNodes = new Map<string, HTMLElement>();
  #lastNodes = this.#keptNodes;
  #seenIds: Set<string> | null = null;
  #lastThreadState: ThreadState | undefined;
  #connectedAt = 0;
  #now = 0;
  #clock: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#connectedAt = this.#now = Date.now();
    // Relative times ("2 minutes ago") drift; a once-a-minute repaint keeps them honest.
    this.#clock = setInterval(() => {
      this.#now = Date.now();
      this.requestUpdate();
    }, 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  /** The thread key in use: the `thread` attribute, else the page's path. */
  get threadKey(): string {
    return this.thread?.trim() || location.pathname;
  }

  // The strings first, so a setup problem found in this update speaks the widget's language.
  protected override willUpdate(changed: PropertyValues<this>): void {
    const localizer = Localizer.for(this.locale);
    if (localizer instanceof Promise) this.track(localizer).then(() => this.requestUpdate());
    else this.#l = localizer;
    // Keep the full strings in the widget's language once something needed them.
    this.#actions?.follow(this.#l);
    super.willUpdate(changed);
  }

  protected override storesChanged(): void {
    this.#syncThread();
    this.#trackArrivals();
  }

  protected override render(): TemplateResult {
    const l = this.#l;
    const state = this.#thread.value;
    const count = state?.thread?.commentCount;
    this.#keptNodes = new Map();
    const body = this.#renderBody(state);
    this.#lastNodes = this.#keptNodes;
    return html`
      <section part="base" class="base" aria-labelledby="heading" @pointerenter=${this.#intent} @focusin=${this.#intent}>
        <div class="toolbar">
          <h2 part="heading" id="heading" tabindex="-1">${l.t(count === undefined ? 'commentsLabel' : 'commentCount', { count: count! })}</h2>
          ${this.resolvedClient
            ? html`<label class="sort">
                ${l.t('sortLabel')}
                <select part="sort" @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as CommentSort)}>
                  ${Object.entries(SORTS).map(([sort, key]) => html`<option value=${sort} ?selected=${sort === this.sort}>${l.t(key)}</option>`)}
                </select>
              </label>`
            : nothing}
        </div>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
        ${body}
      </section>
    `;
  }

  // --- what loads later ------------------------------------------------------------------

  #loadActions(): Promise<CommentActions> {
    const el = this;
    return (this.#actionsLoad ??= this.track(
      Promise.all([chunks.actions(), this.#l.full()]).then(
        ([{ CommentActions }, full]) =>
          (this.#actions = new CommentActions(
            {
              el,
              get client() {
                return el.resolvedClient;
              },
              get settings() {
                return el.#settings;
              },
              get guest() {
                return el.#guest;
              },
              drafts: this.#drafts,
              announce: (message) => this.#announce(message),
              composer: (key, target, variant) => this.#renderComposer(key, target, variant),
              refetch: () => this.#threadStore?.refetch(),
              track: (load) => this.track(load),
            },
            full,
          )),
        (error: unknown) => {
          this.#actionsLoad = undefined;
          throw error;
        },
      ),
    ));
  }

  /** Loads the actions for a click or a failure; when they cannot come, the error box says so. */
  #needActions(): Promise<CommentActions> {
    this.failed = false;
    return this.#loadActions().catch((error: unknown) => {
      this.failed = true;
      throw error;
    });
  }

  /** A click handler that runs an action once the actions have loaded (at once, usually). */
  #act(run: (actions: CommentActions) => unknown): () => void {
    return () => {
      this.failed = false;
      // Chained on the tracked load itself, so the action starts before `updateComplete` settles.
      void this.#loadActions().then(
        async (actions) => {
          await this.clientSettled;
          return run(actions);
        },
        () => (this.failed = true),
      );
    };
  }

  // The pointer over the widget or focus inside it: fetch what an interaction needs now, so
  // the first click and the first optimistic comment do not wait for a download.
  #intent = (): void => {
    this.#loadActions().catch(() => {});
    this.resolvedClient?.preloadWrites().catch(() => {});
  };

  get #viewer(): Member | null | undefined {
    return this.sessionState?.session?.viewer;
  }

  get #settings(): CommentSettings {
    // The engine's defaults until the session says otherwise.
    return this.sessionState?.session?.settings ?? DEFAULT_COMMENT_SETTINGS;
  }

  // --- client and store lifecycle -----------------------------------------------------

  protected override clientChanged(client: CommunityClient | null): void {
    if (!client) return this.#setThreadStore(null);
    // The in-browser backend or a server with guest sessions, where people without an account name themselves.
    if ((client.adapter.name === 'memory' || client.adapter.openGuestSession) && !this.#guest) {
      this.#guest = undefined;
      this.track(import('./guest-field.js')).then(
        ({ GuestField }) => {
          // A guest who named themselves earlier in this browser keeps their identity.
          // Not until the session says whether the server takes guests (shown anyway if it fails to load).
          this.#guest = new GuestField(this, client, () => {
            const state = this.sessionState;
            return state?.status === 'error' || (!!state?.session && state.session.guests !== false);
          });
          this.requestUpdate();
        },
        () => {
          this.#guest = null;
          this.requestUpdate();
        },
      );
    }
  }

  // From the actions' strings, which a failure downloads anyway; without them, the one kept at hand.
  protected override problemMessage(problem: ConfigProblem): Promise<string> {
    return this.#needActions().then(
      (actions) => actions.full.t(problem),
      () => this.#l.t('loadError'),
    );
  }

  #syncThread(): void {
    const client = this.isConnected && this.resolvedClient;
    if (!client) return this.#setThreadStore(null);
    const sort = Object.hasOwn(SORTS, this.sort) ? this.sort : 'oldest';
    const size = this.pageSize;
    const pageSize = Number.isFinite(size) ? Math.min(100, Math.max(1, Math.round(size!))) : undefined;
    const wanted = [client, this.threadKey, sort, pageSize];
    if (wanted.every((part, i) => part === this.#threadFor[i])) return;
    this.#setThreadStore(client.thread(this.threadKey, pageSize ? { sort, pageSize } : { sort }));
    this.#threadFor = wanted;
  }

  #setThreadStore(store: ThreadStore | null): void {
    const old = this.#threadStore;
    if (store === old) return;
    this.#threadStore = store;
    this.#threadFor = [];
    this.#thread.setStore(store);
    old?.destroy();
    // Another thread or order: what was open or announced belongs to the old one.
    this.#seenIds = null;
    this.#lastThreadState = undefined;
    this.#keptNodes = this.#lastNodes = new Map();
    this.#actions?.reset();
  }

  // --- announcements --------------------------------------------------------------------

  /** Announces comments that arrived from others while the reader is here. */
  #trackArrivals(): void {
    const state = this.#thread.value;
    if (state === this.#lastThreadState) return;
    this.#lastThreadState = state;
    // Any failure to load, including a next page's (which leaves the loaded comments up).
    this.reportError(state?.error, 'load');
    if (state?.status !== 'success') return;
    const first = !this.#seenIds;
    const seen = (this.#seenIds ??= new Set());
    const arrivals: Post[] = [];
    const viewer = this.#viewer;
    const walk = (nodes: CommentNode[]): void => {
      for (const { post, optimistic, replies } of nodes) {
        if (!optimistic && !seen.has(post.id)) {
          seen.add(post.id);
          // Older comments (a loaded page, a new sort) are not news; our own are announced on send.
          if (!first && Date.parse(post.createdAt) >= this.#connectedAt - 1000 && !isOwn(post, viewer)) arrivals.push(post);
        }
        walk(replies);
      }
    };
    walk(state.comments);
    const count = arrivals.length;
    if (count) this.#announce(this.#l.t(count > 1 ? 'newComments' : 'newComment', { count, name: arrivals[0]!.author.displayName }));
  }

  #announce(message: string): void {
    // Clearing first makes a repeated message ("Your comment was posted.") be read again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = message));
  }

  // --- rendering ------------------------------------------------------------------------

  /**
   * A setup problem or a load error, from the actions in the reader's words: they wait (a few
   * ms) for those, so the alert is read out whole. Without them, the words at hand and Retry.
   */
  #renderError(problem: ConfigProblem | null, error?: HearthError | null): TemplateResult | typeof nothing {
    if (this.#actions) return this.#actions.renderError(problem, error);
    if (!this.failed) {
      this.#needActions().then(() => this.requestUpdate(), () => {});
      return nothing;
    }
    return html`<div part="error" class="error-box" role="alert">
      <p>${this.#l.t('loadError')}</p>
      <button
        type="button"
        @click=${() => {
          this.#needActions().catch(() => {});
          this.#threadStore?.refetch();
        }}
      >
        ${this.#l.t('retry')}
      </button>
    </div>`;
  }

  #renderBody(state: ThreadState | undefined): TemplateResult | typeof nothing {
    const l = this.#l;
    if (this.configProblem) return this.#renderError(this.configProblem);
    // A memory-backed composer waits for its name field, which the first visitor needs.
    if (!state || state.status === 'pending' || this.#guest === undefined) {
      return html`
        <div class="skeleton" aria-busy="true">
          <span class="visually-hidden">${l.t('loading')}</span>
          <div class="bone"></div>
          <div class="bone"></div>
          <div class="bone"></div>
        </div>
      `;
    }
    const locked = !!state.thread?.locked;
    return html`
      ${state.status === 'error' || this.failed ? this.#renderError(null, state.error) : nothing}
      ${locked ? html`<p class="notice">${l.t('locked')}</p>` : this.#renderComposer('root', null)}
      ${state.comments.length
        ? this.#renderList('', state.comments, locked, state.isFetching && !state.isFetchingNextPage)
        : state.status === 'success'
          ? html`<div part="empty" class="empty"><slot name="empty">${l.t('empty')}</slot></div>`
          : nothing}
      ${state.hasNextPage
        ? html`<button
            part="load-more"
            class="load-more"
            type="button"
            ?disabled=${state.isFetchingNextPage}
            @click=${({ currentTarget: button }: Event) => {
              // Fetched at once; only a keyboard press (the button had focus, so the actions
              // were on their way) needs the actions, which move focus once the page is in.
              const store = this.#threadStore!;
              const next = store.fetchNextPage();
              if (this.shadowRoot!.activeElement === button) this.#act((a) => a.loadedMore(button as HTMLElement, state.comments, store, next))();
            }}
          >
            ${l.t(state.isFetchingNextPage ? 'loadingMore' : 'loadMore')}
          </button>`
        : nothing}
    `;
  }

  // Each comment's <li> and each list is made once and kept by post id, and a list only
  // inserts and removes items around the ones that stay (what Lit's repeat() does, in a few
  // lines for this one list). So a comment arriving above an open reply leaves that form, its
  // text, caret and focus alone, and focus on a button stays with its comment.
  #renderList(id: string, nodes: CommentNode[], locked: boolean, busy?: boolean): HTMLElement {
    const ul = this.#kept('ul', id);
    ul.className = busy === undefined ? 'replies' : 'list';
    // Safari drops list semantics under `list-style: none`.
    ul.setAttribute('role', 'list');
    if (busy !== undefined) ul.setAttribute('aria-busy', `${busy}`);
    const items: Element[] = nodes.map((node) => {
      const li = this.#kept('li', node.post.id);
      li.className = 'item';
      render(
        html`${this.#renderComment(node, locked)} ${node.replies.length ? this.#renderList(node.post.id, node.replies, locked) : nothing}`,
        li,
        { host: this },
      );
      return li;
    });
    // Removing what left first keeps what stays from being moved (and losing focus).
    for (const child of [...ul.children]) if (!items.includes(child)) child.remove();
    items.forEach((li, i) => li !== ul.children[i] && ul.insertBefore(li, ul.children[i] ?? null));
    return ul;
  }

  #kept(tag: 'ul' | 'li', id: string): HTMLElement {
    const key = `${tag}:${id}`;
    const node = this.#lastNodes.get(key) ?? document.createElement(tag);
    this.#keptNodes.set(key, node);
    return node;
  }

  #renderComment({ post, optimistic }: CommentNode, locked: boolean): TemplateResult {
    const l = this.#l;
    const { id, author, status, replyTo } = post;
    const viewer = this.#viewer;
    const staff = isModerator(viewer);
    if (status === 'deleted' || (status === 'hidden' && !staff && !post.body)) {
      const text = l.t(status === 'deleted' ? 'deletedTombstone' : 'hiddenTombstone');
      return html`<article part="comment" class="comment tombstone" aria-label=${text}><p class="body">${text}</p></article>`;
    }
    const url = author.avatarUrl;
    const created = new Date(post.createdAt);
    const actions = this.#actions;
    const editing = actions?.editing === id;
    const badge = (key: Key | undefined | false) => (key ? html`<span class="badge">${l.t(key)}</span>` : nothing);
    return html`
      <article
        part="comment"
        class="comment ${optimistic ? 'optimistic' : ''} ${status === 'hidden' ? 'hidden-post' : ''}"
        aria-label=${l.t(post.parentId ? 'replyBy' : 'commentBy', { name: author.displayName })}
        aria-busy=${!!optimistic}
      >
        ${url && /^https?:\/\//i.test(url)
          ? // Only web URLs (never data: or javascript:). The name sits right next to the
            // avatar, so the image adds nothing for a screen reader.
            html`<div part="avatar" class="avatar"><img src=${url} alt="" loading="lazy" referrerpolicy="no-referrer" /></div>`
          : html`<div part="avatar" class="avatar" aria-hidden="true">${initials(author.displayName)}</div>`}
        <div>
          <header class="meta">
            <community-member-chip part="author" class="author" .client=${this.resolvedClient} .member=${author}
              >${author.displayName}</community-member-chip
            >
            ${badge(isOwn(post, viewer) && 'you')}
            ${replyTo && replyTo.id !== post.parentId
              ? html`<span title=${l.t('replyToLabel', { name: replyTo.authorName })}
                  >${l.t('replyTo', { name: replyTo.authorName })}</span
                >`
              : nothing}
            <time datetime=${post.createdAt} title=${l.absoluteTime(created)}>${l.relativeTime(created, this.#now)}</time>
            ${post.editedAt
              ? html`<span class="edited" title=${l.absoluteTime(new Date(post.editedAt))}>${l.t('edited')}</span>`
              : nothing}
            ${badge(status === 'hidden' ? 'hiddenBadge' : status === 'pending' && 'pendingBadge')}
            ${optimistic ? html`<span class="sending">${l.t('sending')}</span>` : nothing}
          </header>
          ${editing ? actions!.renderEdit(post) : html`<div part="body" class="body">${renderMarkdown(post.body)}</div>`}
          ${optimistic || editing ? nothing : this.#renderActions(post, locked, staff)} ${actions?.renderBelow(post, locked) ?? nothing}
        </div>
      </article>
    `;
  }

  /** One of a comment's Reply, Edit, Delete, Hide or Unhide buttons. */
  #action(action: 'reply' | 'edit' | 'delete' | 'hide' | 'unhide', post: Post, run: () => unknown, expanded?: boolean): TemplateResult {
    return html`<button
      part="action"
      class="link"
      type="button"
      data-action=${action}
      data-post=${post.id}
      ?disabled=${action !== 'reply' && !!this.#actions?.busy.has(post.id)}
      aria-expanded=${expanded ?? nothing}
      @click=${run}
    >
      ${this.#l.t(action)}
    </button>`;
  }

  #renderActions(post: Post, locked: boolean, staff: boolean): TemplateResult {
    const { id, status } = post;
    const viewer = this.#viewer;
    return html`
      <div part="actions" class="actions">
        ${this.#renderReactions(post)}
        ${locked ? nothing : this.#action('reply', post, this.#act((a) => a.toggleReply(id)), this.#actions?.replying === id)}
        ${canEdit(post, viewer, this.#settings.editWindowMs, this.#now) ? this.#action('edit', post, this.#act((a) => a.startEdit(post))) : nothing}
        ${canDelete(post, viewer) ? this.#action('delete', post, this.#act((a) => a.askDelete(id)), this.#actions?.confirming === id) : nothing}
        ${staff && this.resolvedClient?.adapter.capabilities.moderation
          ? this.#action(status === 'hidden' ? 'unhide' : 'hide', post, this.#act((a) => a.moderate(post)))
          : nothing}
        ${this.#menu(post, locked)}
      </div>
    `;
  }

  /**
   * Report, lock and the author's mute and ban, from the shared content menu: rendered for
   * signed-in members (it shows nothing to whoever may do nothing), and fetched only then, so
   * anonymous readers never download it.
   */
  #menu(post: Post, locked: boolean): TemplateResult | typeof nothing {
    const viewer = this.#viewer;
    const client = this.resolvedClient;
    if (!viewer || viewer.role === 'guest' || !client?.adapter.moderation) return nothing;
    if (!customElements.get('community-content-menu')) {
      menuDefined ??= import('../moderation/define.js').catch(() => (menuDefined = undefined));
      this.track(menuDefined);
    }
    return html`<community-content-menu
      class="menu"
      .client=${client}
      .target=${{ type: 'comment', id: post.id }}
      .author=${post.author}
      .state=${{ status: post.status, locked }}
      .omit=${INLINE}
    ></community-content-menu>`;
  }

  #renderReactions({ id, reactions, viewerReactions }: Post): TemplateResult | typeof nothing {
    const allowed = this.#settings.reactions;
    if (!this.resolvedClient?.adapter.capabilities.reactions || !allowed.length) return nothing;
    const l = this.#l;
    // Allowed reactions in their set order, then any older ones the set no longer lists.
    const shown = [...new Set([...allowed, ...Object.keys(reactions)])].filter(
      (emoji) => reactions[emoji]! > 0 || (allowed.includes(emoji) && viewerReactions.includes(emoji)),
    );
    const unused = allowed.filter((emoji) => !shown.includes(emoji));
    const open = this.#actions?.picking === id;
    return html`
      <div class="reactions" role="group" aria-label=${l.t('reactionsLabel')} data-reactions=${id}>
        ${shown.map((emoji) => {
          const count = reactions[emoji] ?? 0;
          return html`<button
            part="reaction"
            class="reaction"
            type="button"
            data-emoji=${emoji}
            aria-pressed=${viewerReactions.includes(emoji)}
            aria-label=${l.t('reaction', { count, emoji })}
            @click=${this.#act((a) => a.react(id, emoji))}
          >
            ${emoji} <span>${l.number(count)}</span>
          </button>`;
        })}
        ${unused.length
          ? html`<button
                class="link picker-toggle"
                type="button"
                aria-expanded=${open}
                aria-label=${l.t('addReaction')}
                title=${l.t('addReaction')}
                @click=${this.#act((a) => a.togglePicker(id))}
              >
                <span aria-hidden="true">☺+</span>
              </button>
              ${this.#actions?.renderPicker(id, unused) ?? nothing}`
          : nothing}
      </div>
    `;
  }

  /**
   * One form for all three: a new comment (`root`), and, given their `variant` by the actions,
   * a reply (`reply:<id>`) and an edit (`edit:<id>`).
   */
  #renderComposer(key: string, target: Post | null, variant?: ComposerVariant): TemplateResult {
    // The edit form's draft starts from the post (see CommentActions.startEdit).
    let draft = this.#drafts.get(key);
    if (!draft) this.#drafts.set(key, (draft = { text: '' }));
    const l = this.#l;
    const id = domId(key);
    const max = this.#settings.bodyMaxLength;
    const remaining = max - countChars(draft.text);
    const viewerClient = this.resolvedClient;
    const submitNow = (e: Event) => {
      e.preventDefault();
      this.#act((a) => a.submit(key, target))();
    };
    return html`
      <form part="composer" class="composer" novalidate @submit=${submitNow} @keydown=${variant?.keydown ?? nothing}>
        ${variant?.edit || !this.#guest || !viewerClient ? nothing : this.#guest.render(viewerClient, l, id)}
        <label for="text-${id}">${variant?.label ?? l.t('composerLabel')}</label>
        <textarea
          part="textarea"
          id="text-${id}"
          name="body"
          placeholder=${variant?.placeholder ?? l.t('placeholder')}
          aria-describedby="hint-${id} count-${id}"
          ?readonly=${draft.sending}
          .value=${draft.text}
          @input=${(e: Event) => {
            draft.text = (e.target as HTMLTextAreaElement).value;
            this.requestUpdate();
          }}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && submitNow(e)}
        ></textarea>
        <div class="composer-footer">
          <span class="hint" id="hint-${id}">${l.t('markdownHint')} ${l.t('shortcutHint')}</span>
          <span
            class="counter ${remaining < 0 ? 'over' : ''}"
            id="count-${id}"
            aria-live=${
              // Always shown, but only worth hearing near the limit: announcing every keystroke would drown the reader.
              remaining > Math.max(20, max / 10) ? 'off' : 'polite'
            }
            >${l.t(remaining < 0 ? 'overLimit' : 'remaining', { count: Math.abs(remaining) })}</span
          >
          ${variant?.cancel ?? nothing}
          <button part="submit" class="primary" type="submit" ?disabled=${draft.sending || !draft.text.trim() || remaining < 0}>
            ${draft.sending ? (variant?.busy ?? l.t('sending')) : (variant?.submit ?? l.t('submit'))}
          </button>
        </div>
        <div role="alert">${draft.error ? html`<p part="error">${draft.error}</p>` : nothing}</div>
      </form>
    `;
  }
}
/** Up to two initials, for an avatar without an image. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return (words.length > 1 ? [words[0]!, words.at(-1)!] : words).map((word) => [...word][0] ?? '').join('').toUpperCase() || '?';
}
