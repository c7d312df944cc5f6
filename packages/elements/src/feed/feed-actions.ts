// What a feed shows once posts are in: each post's footer (reactions, the replies toggle and
// thread), the "N new posts" banner and Load more, with their strings and styles. Downloaded
// while the first page loads (the footers keep their height meanwhile), so the entry stays small.
import { css, html, nothing, type TemplateResult } from 'lit';
import { reactToFeedPost, type CommunityClient, type FeedState, type FeedStore } from '@hearth/client';
import { HearthError, postThreadKey, type FeedPost, type FeedSort, type TopicCount } from '@hearth/protocol';
import { actionsEn } from './messages-actions.js';
import { addEnglish, type FeedText } from './messages.js';

addEnglish(actionsEn);

/** What the actions need of the feed. */
export interface ActionsHost {
  readonly client: CommunityClient | null;
  readonly store: FeedStore | null;
  readonly text: FeedText;
  /** The ids of posts whose replies are open. */
  readonly open: Set<string>;
  /** The viewer may react (a member or staff). */
  readonly canReact: boolean;
  /** The community's reaction set, in order. */
  readonly reactions: readonly string[];
  /** The colour scheme for the nested thread. */
  readonly scheme: string;
  /** Re-renders the feed. */
  update(): void;
  /** Says something politely. */
  announce(message: string): void;
  /** Focuses a post once rendered. */
  focus(postId: string): void;
  /** Shows and reports a failed reaction. */
  failed(error: HearthError): void;
  /** Shows only posts with `topic` (null: all). */
  filter(topic: string | null): void;
  /** The sort tabs in order, and the selected one. */
  readonly sorts: readonly FeedSort[];
  readonly sort: FeedSort;
  /** Selects a sort and focuses its tab. */
  select(sort: FeedSort): void;
  /** Downloads the comments widget (tracked by the feed). */
  loadComments(): void;
}

export const actionStyles = css`
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em;
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
`;

/** Arrow keys, Home and End move between the sort tabs (the tab pattern's roving focus). */
export function onTabKey(host: ActionsHost, event: KeyboardEvent): void {
  const { sorts } = host;
  const index = sorts.indexOf(host.sort);
  const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: sorts.length - 1 };
  if (!(event.key in moves)) return;
  event.preventDefault();
  host.select(sorts[(moves[event.key]! + sorts.length) % sorts.length]!);
}

/** The topic filter chips: "All" and the space's most used topics (and the active one). */
export function renderChips(host: ActionsHost, counts: readonly TopicCount[], active: string | null): TemplateResult | typeof nothing {
  const topics = counts.map((entry) => entry.topic);
  if (active && !topics.includes(active)) topics.unshift(active);
  if (!topics.length) return nothing;
  const chip = (topic: string | null, label: string) =>
    html`<button type="button" part="chip" aria-pressed=${topic === active ? 'true' : 'false'} @click=${() => host.filter(topic)}>${label}</button>`;
  return html`<div part="chips" class="chips" role="group" aria-label=${host.text.t('topics')}>
    ${chip(null, host.text.t('allTopics'))} ${topics.map((topic) => chip(topic, `#${topic}`))}
  </div>`;
}

/** The banner over the list: how many posts arrived; a click puts them on top. */
export function renderBanner(host: ActionsHost, state: FeedState): TemplateResult {
  const count = state.newPosts;
  const show = () => {
    const before = state.posts.find((post) => !post.pinned);
    host.store?.showNewPosts();
    host.announce(host.text.t('newShown', { count }));
    // The banner goes away: focus the first post that was not there before.
    const first = host.store?.getSnapshot().posts.find((post) => !post.pinned);
    if (first && first !== before) host.focus(first.id);
  };
  return html`<div class="banner">
    ${count ? html`<button type="button" part="new-posts" @click=${show}>↑ ${host.text.t('newPosts', { count })}</button>` : nothing}
  </div>`;
}

/** Load more: a button, and what infinite scroll watches. */
export function renderMore(host: ActionsHost, state: FeedState): TemplateResult | typeof nothing {
  if (!state.hasNextPage) return nothing;
  return html`<button type="button" part="load-more" class="load-more" ?disabled=${state.isFetchingNextPage} @click=${() => void host.store?.fetchNextPage()}>
    ${host.text.t(state.isFetchingNextPage ? 'loadingMore' : 'loadMore')}
  </button>`;
}

/** The footer and replies of `post`. */
export function renderFooter(host: ActionsHost, post: FeedPost, id: string): TemplateResult {
  const t = host.text;
  const open = host.open.has(post.id);
  const canReact = host.canReact && post.status === 'published';
  const toggle = () => {
    if (!host.open.delete(post.id)) {
      host.open.add(post.id);
      host.loadComments();
    }
    host.update();
  };
  return html`<footer class="actions">
      ${host.reactions.map((emoji) => {
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
      ${open && host.client ? html`<community-comments thread=${postThreadKey(post.id)} .client=${host.client} theme=${host.scheme}></community-comments>` : nothing}
    </div>`;
}

async function react(host: ActionsHost, post: FeedPost, emoji: string): Promise<void> {
  if (!host.client) return;
  try {
    await reactToFeedPost(host.client, { postId: post.id, emoji, active: !post.viewerReactions.includes(emoji) });
  } catch (error) {
    host.failed(HearthError.is(error) ? error : new HearthError('internal', String(error)));
  }
}
