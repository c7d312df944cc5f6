// Types only: what the feed's lazily loaded parts (feed-actions.ts, feed-composer.ts) need of
// the feed. Nothing here reaches a bundle.
import type { CommunityClient, FeedStore, SessionState } from '@hearth/client';
import type { FeedSort, TopicCount } from '@hearth/protocol';
import type { CommunityFeed } from './feed.js';
import type { FeedText } from './messages.js';

/** The feed as its lazy parts see it. Internal: not public API. */
export interface FeedHost {
  /** The feed element, for its public `topic`, `sort` and `theme`, its shadow root and its updates. */
  readonly feed: CommunityFeed;
  readonly client: CommunityClient | null;
  readonly store: FeedStore | null;
  readonly text: FeedText;
  /** The space posts go to. */
  readonly space: string;
  /** The sort tabs in order, and the selected one. */
  readonly sorts: readonly FeedSort[];
  readonly sort: FeedSort;
  /** The space's most used topics, once loaded. */
  readonly topics: readonly TopicCount[];
  /** The viewer's session, once loaded. */
  readonly session: SessionState['session'] | undefined;
  /** The ids of posts whose replies are open. */
  readonly open: Set<string>;
  /** Says something politely. */
  announce(message: string): void;
  /** Closes the composer. */
  close(): void;
  /** Downloads a chunk once; the feed re-renders when it is in and `updateComplete` waits for it. */
  load(name: string, load: () => Promise<unknown>): void;
}
