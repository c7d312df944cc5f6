import { adoptStyles, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { feedStore, topicsStore, type CommunityClient, type FeedState, type FeedStore, type LoadState } from '@hearth/client';
import type { FeedPost, FeedSort, PostKind, TopicCount } from '@hearth/protocol';
import { CommunityWidget, type ConfigProblem } from '../base/community-widget.js';
import { StoreController } from '../controllers/store-controller.js';
import { partsStyles } from '../parts/parts.js';
import { baseStyles } from '../styles/base.styles.js';
import { widgetTokens } from '../styles/tokens.js';
import { styles } from './feed.styles.js';
import type { FeedHost } from './feed-host.js';
import { addEnglish, feedText, type FeedText } from './messages.js';

const SORTS: readonly FeedSort[] = ['hot', 'new', 'top', 'unanswered'];
// The chunks' names in #load.
const ACTIONS = './feed-actions.js';
const COMPOSER = './feed-composer.js';

/**
 * @summary A space's feed: a composer, pinned and featured posts, sorts, topic filters,
 * infinite scroll, live arrivals behind a "new posts" banner, reactions, inline replies,
 * author chips and the report and moderation menu.
 *
 * The client comes from the `client` property, `configure({ client })`, `configure({ adapter })`,
 * or the in-browser memory backend with `adapter="memory"`, as for every Hearth widget.
 * Posts others publish while the reader is here are counted in a banner over the list and
 * inserted only when the reader clicks it, so nothing moves under them. The posts' rendering
 * downloads alongside the first page; the composer, the replies (a `<community-comments>`
 * thread per post) and the menus on first use.
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
  static override styles = [baseStyles, widgetTokens('feed'), partsStyles, styles];

  static override properties = {
    space: {},
    sort: { reflect: true },
    topic: { reflect: true },
    kind: {},
    composing: { state: true },
    announcement: { state: true },
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

  readonly #feed = new StoreController<FeedState>(this);
  readonly #topics = new StoreController<LoadState<TopicCount[]>>(this);
  #feedFor: unknown[] = [];
  #topicsFor: unknown[] = [];
  #text: FeedText = feedText('en') as FeedText;
  // Which posts show their replies; the comments widget downloads on the first.
  #open = new Set<string>();
  // Downloads by name: in flight or done; a failed one is dropped so the next try fetches again.
  #chunks: Record<string, Promise<unknown>> = {};
  #actions: typeof import('./feed-actions.js') | undefined;
  #composer: typeof import('./feed-composer.js') | undefined;

  /** The posts shown, once loaded. */
  get posts(): FeedPost[] {
    return this.#feed.value?.posts ?? [];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#actions?.unwatch(this);
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
    this.#actions?.watchEnd(this.#host());
  }

  get #client(): CommunityClient | null {
    const client = this.isConnected ? this.resolvedClient : null;
    return client?.adapter.capabilities.feed && client.adapter.feed ? client : null;
  }

  get #sort(): FeedSort {
    return SORTS.includes(this.sort) ? this.sort : 'new';
  }

  get #space(): string {
    return this.space?.trim() || 'general';
  }

  /** New stores when the client or the list changed, so the list refetches. */
  #sync(): void {
    const client = this.#client;
    const space = this.#space;
    const feed = [client, space, this.#sort, this.topic || null, this.kind || null];
    if (feed.some((part, i) => part !== this.#feedFor[i])) {
      this.#feedFor = feed;
      this.#feed.setStore(client ? feedStore(client, { space, sort: this.#sort, topic: this.topic, kind: this.kind }) : null);
      // The posts' rendering downloads while the first page loads.
      if (client) this.#loadActions();
    }
    if (client !== this.#topicsFor[0] || space !== this.#topicsFor[1]) {
      this.#topicsFor = [client, space];
      this.#topics.setStore(client ? topicsStore(client, { space, limit: 8 }) : null);
    }
  }

  #loadActions(): void {
    void this.#load(ACTIONS, () =>
      import('./feed-actions.js').then((actions) => {
        this.#actions = actions;
        // Their styles join the shadow root's.
        if (this.shadowRoot) adoptStyles(this.shadowRoot, [...CommunityFeed.elementStyles, ...actions.actionStyles]);
      }),
    );
  }

  /** Downloads a chunk once and re-renders when it is in, or when it failed (offline: the next try fetches again). */
  #load(name: string, load: () => Promise<unknown>): Promise<unknown> {
    return (this.#chunks[name] ??= this.track(load())
      .catch(() => delete this.#chunks[name])
      .then(() => this.requestUpdate()));
  }

  #retry = (): void => {
    this.#loadActions();
    void (this.#feed.store as FeedStore | null)?.refetch();
  };

  // Focus or the pointer on "Start a post…" fetches the composer; a click opens it (at once,
  // or as soon as it is in).
  #preloadComposer = (): Promise<unknown> => this.#load(COMPOSER, () => import('./feed-composer.js').then((composer) => (this.#composer = composer)));

  #openComposer = (): void => {
    this.composing = true;
    void this.#preloadComposer();
  };

  /** The feed as its lazy parts see it, as of this render. */
  #host(): FeedHost {
    return {
      feed: this,
      client: this.#client,
      store: this.#feed.store as FeedStore | null,
      text: this.#text,
      space: this.#space,
      sorts: SORTS,
      sort: this.#sort,
      topics: this.#topics.value?.data ?? [],
      session: this.sessionState?.session,
      open: this.#open,
      announce: (message) => {
        // Cleared first so the same message twice is read again.
        this.announcement = '';
        void this.updateComplete.then(() => (this.announcement = message));
      },
      close: () => (this.composing = false),
      load: (name, load) => void this.#load(name, load),
    };
  }

  // --- rendering ---------------------------------------------------------------------

  protected override render(): TemplateResult {
    return html`<section part="base" class="base" aria-labelledby="heading">
      <h2 part="heading" id="heading">${this.#text.t('heading')}</h2>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.#renderBody()}
    </section>`;
  }

  #renderBody(): TemplateResult {
    const t = this.#text;
    if (this.configProblem) {
      void this.#failures();
      return this.#renderError(t.table[this.configProblem] ?? t.t('loadError'));
    }
    if (!this.resolvedClient) return this.#renderSkeleton();
    if (!this.#client) return html`<p part="empty" class="empty">${t.t('unsupported')}</p>`;
    const state = this.#feed.value;
    const actions = this.#actions;
    const host = this.#host();
    const error = state?.error ?? this.sessionState?.error;
    // Not in and not on its way: the download failed.
    const failed = !actions && !this.#chunks[ACTIONS];
    return html`
      ${this.#renderComposer(host)}
      <div role="tablist" part="tabs" aria-label=${t.t('sorts')} @keydown=${(event: KeyboardEvent) => actions?.onTabKey(host, event)}>
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
        ${actions ? actions.renderTop(host) : nothing}
        ${error || failed ? this.#renderError(error ? `${t.t('loadError')} ${error.message}` : t.t('loadError'), this.#retry) : nothing}
        ${actions && state?.status === 'success' ? actions.renderList(host, state) : error || failed ? nothing : this.#renderSkeleton()}
      </div>
    `;
  }

  #renderComposer(host: FeedHost): TemplateResult {
    const t = this.#text;
    const viewer = host.session?.viewer;
    if (!viewer || viewer.role === 'guest') return html`<p class="muted">${t.t('signInToPost')}</p>`;
    if (this.composing && this.#composer) return this.#composer.renderComposer(host);
    const loading = this.composing && !!this.#chunks[COMPOSER];
    return html`<button
        type="button"
        part="composer-open"
        class="composer-open"
        aria-busy=${loading ? 'true' : 'false'}
        @focus=${this.#preloadComposer}
        @pointerenter=${this.#preloadComposer}
        @click=${this.#openComposer}
      >
        ${t.t('startPost')}
      </button>
      ${this.composing && !loading ? this.#renderError(t.t('composerError'), this.#openComposer) : nothing}`;
  }

  /** An error box; with `retry`, a Retry button that calls it. */
  #renderError(message: string, retry?: () => void): TemplateResult {
    return html`<div part="error" class="error-box" role="alert">
      <p>${message}</p>
      ${retry ? html`<button type="button" @click=${retry}>${this.#text.t('retry')}</button>` : nothing}
    </div>`;
  }

  #renderSkeleton(): TemplateResult {
    return html`<div class="skeleton" aria-busy="true">
      <span class="visually-hidden">${this.#text.t('loading')}</span>
      ${[1, 2, 3].map(() => html`<div class="bone"></div>`)}
    </div>`;
  }
}
