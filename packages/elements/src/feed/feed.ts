import { adoptStyles, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { feedStore, topicsStore, type CommunityClient, type FeedState, type FeedStore, type LoadState } from '@hearth/client';
import { type FeedPost, type FeedSort, type PostKind, type TopicCount } from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem } from '../base/community-widget.js';
import { StoreController } from '../controllers/store-controller.js';
import { renderMarkdown } from '../markdown/markdown.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import { styles } from './feed.styles.js';
import type { ActionsHost } from './feed-actions.js';
import { addEnglish, feedText, type FeedText } from './messages.js';

const SORTS: readonly FeedSort[] = ['hot', 'new', 'top', 'unanswered'];

/**
 * @summary A space's feed: a composer, pinned and featured posts, sorts, topic filters,
 * infinite scroll, live arrivals behind a "new posts" banner, reactions, inline replies,
 * author chips and the report and moderation menu.
 *
 * The client comes from the `client` property, `configure({ client })`, `configure({ adapter })`,
 * or the in-browser memory backend with `adapter="memory"`, as for every Hearth widget.
 * Posts others publish while the reader is here are counted in a banner over the list and
 * inserted only when the reader clicks it, so nothing moves under them. The composer, the
 * replies (a `<community-comments>` thread per post) and the menus download on first use.
 *
 * @attr space - The space key (default `general`). Changing it loads that space.
 * @attr sort - `hot`, `new` (default), `top` or `unanswered`. The tabs change it; reflected.
 * @attr topic - Only posts with this topic. The chips change it; reflected.
 * @attr kind - Only posts of this kind (`discussion`, `question`, `announcement`, `event`).
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows an error explaining so.
 * @attr loading - `lazy` defers every request until the widget is within 200px of the viewport; `eager` (default).
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 * @attr theme - `light` (default), `dark`, `auto` (follows `prefers-color-scheme`), or a selector such as `html[data-theme=dark]`. Reflected.
 *
 * @prop {CommunityClient} client - The client to use; wins over every page-wide default.
 * @prop {FeedPost[]} posts - The posts shown, pinned first.
 *
 * @fires {CommunityBeforeFeedPostEvent} community-before-post - A post is about to be sent (cancelable; cancel to keep it unsent).
 * @fires {CommunityFeedPostEvent} community-post - The backend accepted a post.
 * @fires {CommunityErrorEvent} community-error - Loading, a post, a reaction or the setup failed.
 *
 * @slot empty - Shown when the space (or the filter) has no posts.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading.
 * @csspart composer-open - The "Start a post…" button that opens the composer.
 * @csspart composer - The composer (its inside is not exposed).
 * @csspart tabs - The sort tab list.
 * @csspart tab - One sort tab.
 * @csspart chips - The topic filter chips.
 * @csspart chip - One topic chip.
 * @csspart new-posts - The "N new posts" banner button.
 * @csspart list - The list of posts.
 * @csspart post - One post.
 * @csspart pinned - The pinned mark.
 * @csspart featured - The featured mark.
 * @csspart kind - A post's kind (question, announcement, event).
 * @csspart status - The "Hidden" or "Waiting for review" mark on a post only its author or staff see (the post is dashed and its body muted).
 * @csspart post-title - A post's title.
 * @csspart post-body - A post's body.
 * @csspart topic - A topic on a post.
 * @csspart reaction - A reaction button.
 * @csspart replies-toggle - The button that opens and closes a post's replies.
 * @csspart replies - A post's replies (a `<community-comments>` thread).
 * @csspart load-more - The Load more button (also what infinite scroll watches).
 * @csspart error - An error message.
 * @csspart empty - The empty state wrapper.
 *
 * @cssprop --community-feed-accent - Buttons, the selected tab and chip, the banner. Falls back to `--community-color-accent`.
 * @cssprop --community-feed-on-accent - Text on the accent colour. Falls back to `--community-color-on-accent`.
 * @cssprop --community-feed-surface - Background. Falls back to `--community-color-surface`.
 * @cssprop --community-feed-surface-raised - Posts, chips. Falls back to `--community-color-surface-raised`.
 * @cssprop --community-feed-text - Text colour. Falls back to `--community-color-text`.
 * @cssprop --community-feed-muted - Secondary text. Falls back to `--community-color-muted`.
 * @cssprop --community-feed-border - Borders. Falls back to `--community-color-border`.
 * @cssprop --community-feed-danger - Errors. Falls back to `--community-color-danger`.
 * @cssprop --community-feed-success - The featured mark. Falls back to `--community-color-success`.
 * @cssprop --community-feed-focus - Focus ring. Falls back to `--community-color-focus`.
 * @cssprop --community-feed-skeleton - Loading placeholder. Falls back to `--community-color-skeleton`.
 * @cssprop --community-feed-radius - Corner radius. Falls back to `--community-radius`.
 * @cssprop --community-feed-space - Base spacing. Falls back to `--community-space`.
 * @cssprop --community-feed-avatar-size - Avatar size. Falls back to `--community-avatar-size`.
 * @cssprop --community-feed-font-family - Font. Falls back to `--community-font-family`.
 * @cssprop --community-feed-font-size - Base font size. Falls back to `--community-font-size`.
 */
export class CommunityFeed extends CommunityWidget {
  static override styles = [baseStyles, widgetTokens('feed'), markdownStyles, styles];

  static override properties = {
    space: {},
    sort: { reflect: true },
    topic: { reflect: true },
    kind: {},
    composing: { state: true },
    announcement: { state: true },
    actionError: { state: true },
  };

  /** The space key (default `general`). */
  space = 'general';

  /** The order: `hot`, `new` (default), `top` or `unanswered`. */
  sort: FeedSort = 'new';

  /** Only posts with this topic; empty for all. */
  topic?: string | null;

  /** Only posts of this kind; empty for all. */
  kind?: PostKind | null;

  private composing = false;
  private announcement = '';
  private actionError = '';

  readonly #feed = new StoreController<FeedState>(this);
  readonly #topics = new StoreController<LoadState<TopicCount[]>>(this);
  #feedFor: unknown[] = [];
  #topicsFor: unknown[] = [];
  #text: FeedText = feedText('en') as FeedText;
  // Which posts show their replies; the comments widget downloads on the first.
  #open = new Set<string>();
  #chunks: Record<string, Promise<unknown>> = {};
  #actions: typeof import('./feed-actions.js') | undefined;
  #composerReady = false;
  #watch: IntersectionObserver | undefined;
  #watched: Element | null = null;
  #sentinelVisible = false;

  /** The posts shown, once loaded. */
  get posts(): FeedPost[] {
    return this.#feed.value?.posts ?? [];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#watch?.disconnect();
    this.#watch = undefined;
    this.#watched = null;
  }

  protected override clientChanged(): void {
    this.#sync();
  }

  protected override storesChanged(changed: PropertyValues<this>): void {
    if (changed.has('space')) this.#open.clear();
    this.#sync();
  }

  protected override problemMessage(problem: ConfigProblem): Promise<string> {
    return this.#failures().then(() => this.#text.table[problem] ?? this.#text.t('loadError'));
  }

  // Setup problems speak English from a table of their own, fetched on the first one.
  #failures(): Promise<unknown> {
    return this.#load('./messages-failures.js', () => import('./messages-failures.js').then(({ failuresEn }) => addEnglish(failuresEn)));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const text = feedText(this.locale);
    if (text instanceof Promise) void this.track(text).then(() => this.requestUpdate());
    else this.#text = text;
    super.willUpdate(changed);
    this.reportError(this.#feed.value?.error, 'load');
    this.reportError(this.sessionState?.error, 'load');
  }

  protected override updated(): void {
    // Chips and menus are only worth downloading once there are posts to put them on.
    if (this.posts.length) {
      this.#load('../member/define.js', () => import('../member/define.js'));
      this.#load('../moderation/define.js', () => import('../moderation/define.js'));
    }
    this.#observeSentinel();
    if (this.#sentinelVisible) this.#loadMore();
  }

  get #client(): CommunityClient | null {
    const client = this.isConnected ? this.resolvedClient : null;
    return client?.adapter.capabilities.feed && client.adapter.feed ? client : null;
  }

  get #sort(): FeedSort {
    return SORTS.includes(this.sort) ? this.sort : 'new';
  }

  /** New stores when the client or the list changed, so the list refetches. */
  #sync(): void {
    const client = this.#client;
    const space = this.space?.trim() || 'general';
    const feed = [client, space, this.#sort, this.topic || null, this.kind || null];
    if (feed.some((part, i) => part !== this.#feedFor[i])) {
      this.#feedFor = feed;
      this.#feed.setStore(client ? feedStore(client, { space, sort: this.#sort, topic: this.topic, kind: this.kind }) : null);
      // The footers download while the first page loads.
      if (client) void this.#load('./feed-actions.js', () => import('./feed-actions.js').then((actions) => this.#useActions(actions)));
    }
    if (client !== this.#topicsFor[0] || space !== this.#topicsFor[1]) {
      this.#topicsFor = [client, space];
      this.#topics.setStore(client ? topicsStore(client, { space, limit: 8 }) : null);
    }
  }

  #useActions(actions: typeof import('./feed-actions.js')): void {
    this.#actions = actions;
    // Their styles join the shadow root's.
    if (this.shadowRoot) adoptStyles(this.shadowRoot, [...CommunityFeed.elementStyles, actions.actionStyles]);
  }

  #load(name: string, load: () => Promise<unknown>): Promise<unknown> {
    return (this.#chunks[name] ??= this.track(load()).then(
      () => this.requestUpdate(),
      // Offline: the next intent tries again.
      () => delete this.#chunks[name],
    ));
  }

  // --- actions -----------------------------------------------------------------------

  #observeSentinel(): void {
    const button = this.renderRoot.querySelector('[part~="load-more"]');
    if (button === this.#watched) return;
    this.#watch?.disconnect();
    this.#watched = button;
    this.#sentinelVisible = false;
    if (!button || typeof IntersectionObserver !== 'function') return;
    this.#watch = new IntersectionObserver(
      (entries) => {
        this.#sentinelVisible = entries.some((entry) => entry.isIntersecting);
        if (this.#sentinelVisible) this.#loadMore();
      },
      { rootMargin: '400px' },
    );
    this.#watch.observe(button);
  }

  #loadMore(): void {
    const state = this.#feed.value;
    if (state?.hasNextPage && !state.isFetching && !state.error) void (this.#feed.store as FeedStore).fetchNextPage();
  }

  #retry = (): void => {
    this.actionError = '';
    void (this.#feed.store as FeedStore | null)?.refetch();
  };

  // Focus or the pointer on "Start a post…" fetches the composer; a click opens it.
  #preloadComposer = (): Promise<unknown> => this.#load('./feed-composer.js', () => import('./feed-composer.js').then(() => (this.#composerReady = true)));

  #openComposer = (): void => {
    this.composing = true;
    void this.#preloadComposer();
  };

  #closeComposer = (): void => {
    this.composing = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="composer-open"]')?.focus());
  };

  #onPosted = (event: Event): void => {
    // Replies inside fire the comments thread's own community-post; only ours closes the composer.
    const post = (event as CustomEvent<{ post?: FeedPost }>).detail?.post;
    if (!post || !('space' in post)) return;
    this.composing = false;
    this.#announce(this.#text.t(post.status === 'published' ? 'posted' : 'postHeld'));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#post-${CSS.escape(post.id)}`)?.focus());
  };

  // A moderator acted or a member reported from a menu: the list may look different now.
  #onModerated = (): void => void (this.#feed.store as FeedStore | null)?.refetch();

  #announce(message: string): void {
    // Cleared first so the same message twice is read again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = message));
  }

  // --- rendering ---------------------------------------------------------------------

  protected override render(): TemplateResult {
    const t = this.#text;
    return html`<section
      part="base"
      class="base"
      aria-labelledby="heading"
      @community-post=${this.#onPosted}
      @community-moderate=${this.#onModerated}
      @community-report=${this.#onModerated}
    >
      <h2 part="heading" id="heading">${t.t('heading')}</h2>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.#renderBody()}
    </section>`;
  }

  #renderBody(): TemplateResult {
    const t = this.#text;
    if (this.configProblem) {
      void this.#failures();
      return this.#renderError(t.table[this.configProblem] ?? t.t('loadError'), false);
    }
    const resolved = this.resolvedClient;
    if (!resolved) return this.#renderSkeleton();
    if (!this.#client) return html`<p part="empty" class="empty">${t.t('unsupported')}</p>`;
    const state = this.#feed.value;
    const error = state?.error ?? this.sessionState?.error;
    return html`
      ${this.#renderComposer()}
      <div role="tablist" part="tabs" aria-label=${t.t('sorts')} @keydown=${(event: KeyboardEvent) => this.#actions?.onTabKey(this.#host(), event)}>
        ${SORTS.map((sort) => {
          const selected = sort === this.#sort;
          return html`<button
            type="button"
            role="tab"
            part="tab"
            id=${`tab-${sort}`}
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="panel"
            tabindex=${selected ? 0 : -1}
            @click=${() => (this.sort = sort)}
          >
            ${t.t(`sort_${sort}`)}
          </button>`;
        })}
      </div>
      <div role="tabpanel" id="panel" aria-labelledby=${`tab-${this.#sort}`}>
        ${this.#actions ? this.#actions.renderChips(this.#host(), this.#topics.value?.data ?? [], this.topic || null) : nothing}
        ${error ? this.#renderError(`${t.t('loadError')} ${error.message}`, true) : nothing}
        <div role="alert">${this.actionError ? html`<p part="error" class="error">${this.actionError}</p>` : nothing}</div>
        ${state?.status === 'success' ? this.#renderList(state) : state?.status === 'error' ? nothing : this.#renderSkeleton()}
      </div>
    `;
  }

  #renderComposer(): TemplateResult {
    const t = this.#text;
    const viewer = this.sessionState?.session?.viewer;
    if (!viewer || viewer.role === 'guest') return html`<p class="muted">${t.t('signInToPost')}</p>`;
    if (this.composing && this.#composerReady) {
      return html`<community-feed-composer
        part="composer"
        .client=${this.#client}
        .space=${this.space?.trim() || 'general'}
        .text=${this.#text}
        .viewerRole=${viewer.role}
        @feed-composer-close=${this.#closeComposer}
      ></community-feed-composer>`;
    }
    return html`<button
      type="button"
      part="composer-open"
      class="composer-open"
      aria-busy=${this.composing ? 'true' : 'false'}
      @focus=${this.#preloadComposer}
      @pointerenter=${this.#preloadComposer}
      @click=${this.#openComposer}
    >
      ${t.t('startPost')}
    </button>`;
  }

  #renderList(state: FeedState): TemplateResult {
    const { posts } = state;
    const actions = this.#actions;
    const host = actions && this.#host();
    return html`
      ${host ? actions.renderBanner(host, state) : nothing}
      ${posts.length
        ? html`<div part="list" role="feed" class="list" aria-labelledby="heading" aria-busy=${state.isFetching ? 'true' : 'false'}>
            ${posts.map((post) => this.#renderPost(post, host))}
          </div>`
        : html`<div part="empty" class="empty"><slot name="empty">${this.#text.t('empty')}</slot></div>`}
      ${host ? actions.renderMore(host, state) : nothing}
    `;
  }

  #renderPost(post: FeedPost, host: ActionsHost | undefined): TemplateResult {
    const t = this.#text;
    const client = this.#client;
    const id = `post-${post.id}`;
    const created = new Date(post.createdAt);
    return html`<article
      part="post"
      class=${post.pinned ? 'post pinned' : post.featured ? 'post featured' : 'post'}
      data-status=${post.status}
      id=${id}
      tabindex="-1"
      aria-labelledby=${`${id}-label`}
    >
      <header class="meta">
        <community-member-chip .client=${client} .member=${post.author}>${post.author.displayName}</community-member-chip>
        <time datetime=${post.createdAt} title=${t.absoluteTime(created)}>${t.relativeTime(created)}</time>
        ${post.pinned ? html`<span part="pinned" class="mark">📌 ${t.t('pinned')}</span>` : nothing}
        ${post.featured ? html`<span part="featured" class="mark featured">★ ${t.t('featured')}</span>` : nothing}
        ${post.kind !== 'discussion' ? html`<span part="kind" class="mark">${t.t(`kind_${post.kind}`)}</span>` : nothing}
        ${post.status === 'pending' || post.status === 'hidden' ? html`<span part="status" class="mark status">${t.t(post.status)}</span>` : nothing}
        <community-content-menu class="menu" .client=${client} .target=${{ type: 'post', id: post.id }}
          .author=${post.author}
          .state=${{ status: post.status, pinned: post.pinned, locked: post.locked, featured: post.featured }}></community-content-menu>
      </header>
      ${post.title
        ? html`<h3 part="post-title" id=${`${id}-label`}>${post.title}</h3>`
        : html`<span class="visually-hidden" id=${`${id}-label`}>${post.author.displayName}</span>`}
      <div part="post-body">${renderMarkdown(post.body)}</div>
      ${post.topics.length
        ? html`<ul class="topics">
            ${post.topics.map((topic) => html`<li><button type="button" part="topic" @click=${() => (this.topic = topic)}>#${topic}</button></li>`)}
          </ul>`
        : nothing}
      ${host ? this.#actions!.renderFooter(host, post, id) : html`<div class="actions"></div>`}
    </article>`;
  }

  #host(): ActionsHost {
    const session = this.sessionState?.session;
    const theme = this.theme;
    return {
      client: this.#client,
      store: this.#feed.store as FeedStore | null,
      announce: (message) => this.#announce(message),
      focus: (id) => void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#post-${CSS.escape(id)}`)?.focus()),
      text: this.#text,
      open: this.#open,
      canReact: !!session?.viewer && session.viewer.role !== 'guest',
      reactions: session?.settings.reactions ?? [],
      // The nested thread takes the same theme; a selector there sees past this shadow root.
      scheme: theme,
      update: () => this.requestUpdate(),
      failed: (error) => {
        this.actionError = `${this.#text.t('reactError')} ${error.message}`;
        this.reportError(error, 'react');
      },
      filter: (topic) => (this.topic = topic),
      sorts: SORTS,
      sort: this.#sort,
      select: (sort) => {
        this.sort = sort;
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${sort}`)?.focus());
      },
      loadComments: () => void this.#load('../comments/define.js', () => import('../comments/define.js')),
    };
  }

  #renderError(message: string, retry: boolean): TemplateResult {
    return html`<div part="error" class="error-box" role="alert">
      <p>${message}</p>
      ${retry ? html`<button type="button" @click=${this.#retry}>${this.#text.t('retry')}</button>` : nothing}
    </div>`;
  }

  #renderSkeleton(): TemplateResult {
    return html`<div class="skeleton" aria-busy="true">
      <span class="visually-hidden">${this.#text.t('loading')}</span>
      <div class="bone"></div>
      <div class="bone"></div>
      <div class="bone"></div>
    </div>`;
  }
}
