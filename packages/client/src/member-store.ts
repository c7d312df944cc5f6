import { HearthError, memberChannel, type CommunityEvent, type MemberCard } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { callAdapter, groupOf, holdChannel, ObservedQueryStore, retry, retryDelay, type LoadState, type LoadStore } from './observed-query.js';

/** A member card as a store holds it. */
export type MemberCardState = LoadState<MemberCard>;

/** The prefix of every member card query; invalidating it refreshes them all. */
export const MEMBER_CARD_KEY = ['hearth', 'member', 'card'] as const;

/** Cache key of one member's card as one viewer sees it: `['hearth', 'member', 'card', memberId, viewerId]`. */
export function memberCardQueryKey(memberId: string, viewerId: string | null): readonly unknown[] {
  return [...MEMBER_CARD_KEY, memberId, viewerId];
}

// Cards change rarely and realtime keeps observed ones fresh; a minute saves a page of
// author chips from asking again on every mount.
const STALE_TIME = 60_000;

/**
 * A member's card (points, level, title, badges, joined date, streak) through `client`,
 * shared by every store of the same member and viewer: thirty author chips of one member
 * make one request. While observed it follows `memberChannel(memberId)`, putting points,
 * badges and role or title changes straight into the cached card. On a backend without
 * members (`capabilities.community` false) it fails with `unavailable` (`details.unsupported`).
 *
 * @example
 * const card = memberCardStore(client, post.author.id);
 * const stop = card.subscribe(({ data }) => data && render(data.level.name, data.badges));
 */
export function memberCardStore(client: CommunityClient, memberId: string): LoadStore<MemberCard> {
  const id = checkMemberId(memberId);
  return new ObservedQueryStore<MemberCard>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: memberCardQueryKey(id, viewer?.id ?? null),
        queryFn: ({ signal }) =>
          callAdapter(client, () => groupOf(client, 'community', 'members', 'has no member cards').getCard({ memberId: id }, { viewer, signal })),
        staleTime: STALE_TIME,
        retry,
        retryDelay,
      };
    },
    // One merge per event however many chips of the member are shown.
    (c) => holdChannel(c, memberChannel(id), (event) => mergeMemberEvent(c, id, event), 'card'),
  );
}

/**
 * Puts a realtime event about `memberId` into every cached view of their card. The events
 * carry what changed in full, so no reload is needed; an event the cache cannot settle
 * (a badge for a card not loaded) is left for the next load.
 */
function mergeMemberEvent(client: CommunityClient, memberId: string, event: CommunityEvent): void {
  if (!('memberId' in event) || event.memberId !== memberId) return;
  const patch = (card: MemberCard): MemberCard | undefined => {
    switch (event.type) {
      case 'points.changed':
        return { ...card, balance: event.balance, lifetimePoints: event.lifetimePoints, level: event.level };
      case 'badge.awarded':
        return card.badges.some((award) => award.badge === event.badge.badge) ? card : { ...card, badges: [...card.badges, event.badge] };
      case 'member.changed':
        // The event's card is the public one: a staff viewer keeps the mute and ban times they had.
        return { ...event.card, mutedUntil: card.mutedUntil, bannedUntil: card.bannedUntil };
      default:
        return undefined;
    }
  };
  for (const [key, card] of client.queryClient.getQueriesData<MemberCard>({ queryKey: [...MEMBER_CARD_KEY, memberId] })) {
    const next = card && patch(card);
    if (next && next !== card) client.queryClient.setQueryData(key, next);
  }
}

function checkMemberId(memberId: string): string {
  const id = memberId?.trim();
  if (!id || id.length > 128) throw HearthError.validation('memberId', 'A member id is 1 to 128 characters.');
  return id;
}
