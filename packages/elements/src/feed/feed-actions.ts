// What a feed shows once its first page is in: the posts (marks, Markdown bodies, topics,
// reactions, the replies toggle and thread), the topic chips, the "N new posts" banner, Load
// more and infinite scroll, a failed reaction's alert, with their strings and styles. Downloaded while the first page
// loads (the skeleton stands in meanwhile), so the entry keeps only the feed's frame: the
// heading, "Start a post…", the sort tabs and the loading and error states.
import { css, html, nothing, type TemplateResult } from 'lit';
import { reactToFeedPost, type FeedState, type FeedStore } from '@hearth/client';
import { HearthError, postThreadKey, type FeedPost } from '@hearth/protocol';
import { CommunityErrorEvent } from '../events/error-event.js';
import { renderMarkdown } from '../markdown/markdown.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import type { CommunityFeed } from './feed.js';
import type { FeedHost } from './feed-host.js';
import { actionsEn } from './messages-actions.js';
import { addEnglish } from './messages.js';

addEnglish(actionsEn);

/** Joins the feed's own styles once this chunk is in. */
export const actionStyles = [
  markdownStyles,
  css`
    time {
      color: var(--_muted);
      font-size: 0.9em;
    }
    .chips,
    .topics,
    .meta,
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4em;
    }
    .chips {
      margin-block-end: 0.75em;
    }
    [part~='chip'],
    [part~='topic'] {
      border-radius: 999px;
      padding: 0.15em 0.7em;
      font-size: 0.9em;
    }
    [aria-pressed='true'] {
      background: var(--_accent);
      color: var(--_on-accent);
      border-color: var(--_accent);
    }
    .list {
      display: grid;
      gap: 0.75em;
    }
    .post {
      background: var(--_raised);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.75em 1em;
    }
    .post.pinned {
      border-color: var(--_accent);
    }
    /* Only the author or staff see these: set apart from what members read. */
    .post:is([data-status='hidden'], [data-status='pending']) {
      border-style: dashed;
      background: var(--_surface);
    }
    .post[data-status='hidden'] [part~='post-body'] {
      color: var(--_muted);
    }
    /* The Markdown styles' colours are light-only; follow the widget's palette. */
    .markdown a {
      color: var(--_accent);
    }
    .markdown :is(code, pre) {
      background: var(--community-color-code-bg, light-dark(#f3f4f6, #0b1220));
      color: inherit;
    }
    .markdown blockquote {
      border-color: var(--_border);
      color: var(--_muted);
    }
    .mark {
      font-size: 0.8em;
      border: 1px solid var(--_border);
      border-radius: 999px;
      padding: 0 0.55em;
    }
    .mark.status {
      border-style: dashed;
      font-weight: 600;
    }
    .mark.featured {
      color: var(--_success);
      border-color: currentColor;
    }
    .menu {
      margin-inline-start: auto;
    }
    .topics {
      list-style: none;
      margin: 0.5em 0 0;
      padding: 0;
    }
    .actions {
      margin-block-start: 0.5em;
    }
    [part~='reaction'] {
      display: inline-flex;
      gap: 0.3em;
    }
    [part~='replies'] {
      margin-block-start: 0.5em;
    }
    /* Zero height and sticky: the banner floats over the list instead of pushing it down. */
    .banner {
      position: sticky;
      top: 0.5em;
      height: 0;
      z-index: 1;
      display: flex;
      justify-content: center;
    }
    [part~='new-posts'] {
      background: var(--_accent);
      color: var(--_on-accent);
      border-color: var(--_accent);
      border-radius: 999px;
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.25);
      height: max-content;
    }
    .load-more {
      display: block;
      margin: 0.75em auto 0;
    }
    .error {
      color: var(--_danger);
    }
  `,
];

/** Arrow keys, Home and End move between the sort tabs (the tab pattern's roving focus). */
export function onTabKey(host: FeedHost, event: KeyboardEvent): void {
  const { sorts } = host;
  const index = sorts.indexOf(host.sort);
  const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: sorts.length - 1 };
  if (!(event.key in moves)) return;
  event.preventDefault();
  const sort = sorts[(moves[event.key]! + sorts.length) % sorts.length]!;
  host.feed.sort = sort;
  focus(host.feed, `#tab-${sort}`);
}

/** Focuses what `selector` finds in the feed once it has rendered (the composer has its own copy, so neither part downloads the other). */
function focus(feed: CommunityFeed, selector: string): void {
  void feed.updateComplete.then(() => feed.renderRoot.querySelector<HTMLElement>(selector)?.focus());
}

// A failed reaction's message, per feed, until the viewer reacts again.
const reactionErrors = new WeakMap<CommunityFeed, string>();

/** Over the list: the topic chips, and the alert a failed reaction speaks in. */
export function renderTop(host: FeedHost): TemplateResult {
  const error = reactionErrors.get(host.feed);
  return html`${renderChips(host)}
    <div role="alert">${error ? html`<p part="error" class="error">${error}</p>` : nothing}</div>`;
}

/** The topic filter chips: "All" and the space's most used topics (and the active one). */
function renderChips(host: FeedHost): TemplateResult | typeof nothing {
  const { feed } = host;
  const active = feed.topic || null;
  const topics = host.topics.map((entry) => entry.topic);
  if (active && !topics.includes(active)) topics.unshift(active);
  if (!topics.length) return nothing;
  const chip = (topic: string | null, label: string) =>
    html`<button type="button" part="chip" aria-pressed=${topic === active ? 'true' : 'false'} @click=${() => (feed.topic = topic)}>${label}</button>`;
  return html`<div part="chips" class="chips" role="group" aria-label=${host.text.t('topics')}>
    ${chip(null, host.text.t('allTopics'))} ${topics.map((topic) => chip(topic, `#${topic}`))}
  </div>`;
}

/** The loaded list: the banner, the posts (or the empty slot) and Load more. */
export function renderList(host: FeedHost, state: FeedState): TemplateResult {
  const { posts } = state;
  // Chips and menus are only worth downloading once there are posts to put them on.
  if (posts.length) {
    host.load('../member/define.js', () => import('../member/define.js'));
    host.load('../moderation/define.js', () => import('../moderation/define.js'));
  }
  // A moderator acted or a member reported from a menu: the list may look different now.
  const refetch = () => void host.store?.refetch();
  return html`
    ${renderBanner(host, state)}
    ${posts.length
      ? html`<div
          part="list"
          role="feed"
          class="list"
          aria-labelledby="heading"
          aria-busy=${state.isFetching ? 'true' : 'false'}
          @community-moderate=${refetch}
          @community-report=${refetch}
        >
          ${posts.map((post) => renderPost(host, post))}
        </div>`
      : html`<div part="empty" class="empty"><slot name="empty">${host.text.t('empty')}</slot></div>`}
    ${renderMore(host, state)}
  `;
}

function renderPost(host: FeedHost, post: FeedPost): TemplateResult {
  const t = host.text;
  const client = host.client;
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
          ${post.topics.map((topic) => html`<li><button type="button" part="topic" @click=${() => (host.feed.topic = topic)}>#${topic}</button></li>`)}
        </ul>`
      : nothing}
    ${renderFooter(host, post, id)}
  </article>`;
}

/** The banner over the list: how many posts arrived; a click puts them on top. */
function renderBanner(host: FeedHost, state: FeedState): TemplateResult {
  const count = state.newPosts;
  const show = () => {
    const before = state.posts.find((post) => !post.pinned);
    host.store?.showNewPosts();
    host.announce(host.text.t('newShown', { count }));
    // The banner goes away: focus the first post that was not there before.
    const first = host.store?.getSnapshot().posts.find((post) => !post.pinned);
    if (first && first !== before) focus(host.feed, `#post-${CSS.escape(first.id)}`);
  };
  return html`<div class="banner">
    ${count ? html`<button type="button" part="new-posts" @click=${show}>↑ ${host.text.t('newPosts', { count })}</button>` : nothing}
  </div>`;
}

/** Load more: a button, and what infinite scroll watches. */
function renderMore(host: FeedHost, state: FeedState): TemplateResult | typeof nothing {
  if (!state.hasNextPage) return nothing;
  return html`<button type="button" part="load-more" class="load-more" ?disabled=${state.isFetchingNextPage} @click=${() => void host.store?.fetchNextPage()}>
    ${host.text.t(state.isFetchingNextPage ? 'loadingMore' : 'loadMore')}
  </button>`;
}

/** The footer and replies of `post`. */
function renderFooter(host: FeedHost, post: FeedPost, id: string): TemplateResult {
  const t = host.text;
  const open = host.open.has(post.id);
  const viewer = host.session?.viewer;
  const canReact = !!viewer && viewer.role !== 'guest' && post.status === 'published';
  const toggle = () => {
    if (!host.open.delete(post.id)) {
      host.open.add(post.id);
      host.load('../comments/define.js', () => import('../comments/define.js'));
    }
    host.feed.requestUpdate();
  };
  return html`<footer class="actions">
      ${(host.session?.settings.reactions ?? []).map((emoji) => {
        const count = post.reactions[emoji] ?? 0;
        if (!canReact && !count) return nothing;
        return html`<button
          type="button"
          part="reaction"
          aria-pressed=${post.viewerReactions.includes(emoji) ? 'true' : 'false'}
          aria-label=${t.t('reaction', { emoji, count })}
          ?disabled=${!canReact}
          @click=${() => void react(host, post, emoji)}
        >
          ${emoji}${count ? html` <span>${t.number(count)}</span>` : nothing}
        </button>`;
      })}
      <button type="button" part="replies-toggle" aria-expanded=${open ? 'true' : 'false'} aria-controls=${`${id}-replies`} @click=${toggle}>
        ${open ? t.t('hideReplies') : t.t('replies', { count: post.replyCount })}
      </button>
    </footer>
    <div id=${`${id}-replies`} part="replies" ?hidden=${!open}>
      ${open && host.client
        ? html`<community-comments thread=${postThreadKey(post.id)} .client=${host.client} theme=${host.feed.theme}></community-comments>`
        : nothing}
    </div>`;
}

async function react(host: FeedHost, post: FeedPost, emoji: string): Promise<void> {
  const { client, feed } = host;
  if (!client) return;
  if (reactionErrors.delete(feed)) feed.requestUpdate();
  try {
    await reactToFeedPost(client, { postId: post.id, emoji, active: !post.viewerReactions.includes(emoji) });
  } catch (caught) {
    const error = HearthError.is(caught) ? caught : new HearthError('internal', String(caught));
    reactionErrors.set(feed, `${host.text.t('reactError')} ${error.message}`);
    feed.requestUpdate();
    feed.dispatchEvent(new CommunityErrorEvent({ error, action: 'react' }));
  }
}

// --- infinite scroll -------------------------------------------------------------------

/** What one feed's infinite scroll watches, and the feed as of its latest render. */
interface EndWatch {
  host: FeedHost;
  button: Element | null;
  observer?: IntersectionObserver;
  visible: boolean;
}

const watches = new WeakMap<CommunityFeed, EndWatch>();

/**
 * Infinite scroll, after each render: Load more is watched, and the next page is fetched
 * while it is within 400px of the viewport (again after a page lands and it is still there).
 */
export function watchEnd(host: FeedHost): void {
  const watch = watches.get(host.feed) ?? { host, button: null, visible: false };
  watches.set(host.feed, watch);
  // The store changes with the space, sort and filters; the observer reads the latest.
  watch.host = host;
  const button = host.feed.renderRoot.querySelector('[part~="load-more"]');
  if (button !== watch.button) {
    watch.observer?.disconnect();
    watch.observer = undefined;
    watch.button = button;
    watch.visible = false;
    if (button && typeof IntersectionObserver === 'function') {
      watch.observer = new IntersectionObserver(
        (entries) => {
          watch.visible = entries.some((entry) => entry.isIntersecting);
          if (watch.visible) loadMore(watch.host.store);
        },
        { rootMargin: '400px' },
      );
      watch.observer.observe(button);
    }
  }
  if (watch.visible) loadMore(host.store);
}

/** Stops watching for `feed` (it left the page); the next render starts again. */
export function unwatch(feed: CommunityFeed): void {
  watches.get(feed)?.observer?.disconnect();
  watches.delete(feed);
}

function loadMore(store: FeedStore | null): void {
  const state = store?.getSnapshot();
  if (state?.hasNextPage && !state.isFetching && !state.error) void store!.fetchNextPage();
}
