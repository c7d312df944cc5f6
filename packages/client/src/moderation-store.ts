import {
  allows,
  HearthError,
  outranks,
  type ActInput,
  type ContentRef,
  type DisciplineInput,
  type Member,
  type MemberCard,
  type ModerationAction,
  type ModerationAdapter,
  type ModerationResult,
  type ReportInput,
  type ReportReceipt,
} from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { callAdapter } from './observed-query.js';

/** The state of an item that decides which of opposite actions (hide/restore, pin/unpin …) apply. */
export interface ModeratedState {
  /** `published`, `pending`, `hidden` or `deleted`; published when left out. */
  status?: string;
  pinned?: boolean;
  locked?: boolean;
  featured?: boolean;
}

/** What a viewer may do to one item and its author, as a menu offers it. */
export interface ModerationOffer {
  /** The viewer may report it (signed in, not a guest, not their own, and it is published). */
  report: boolean;
  /** The moderation actions that apply to it now, in menu order. */
  actions: ModerationAction[];
  /** The viewer may mute or ban its author. */
  discipline: boolean;
}

/**
 * What each content type supports beyond approving (engine content handlers): comments lock
 * their whole thread; only feed posts and questions are pinned and featured; answers and
 * feedback are only hidden, restored and deleted (feedback also moves, which a menu leaves to
 * the console).
 */
const SUPPORTED: Record<ContentRef['type'], readonly ModerationAction[]> = {
  comment: ['hide', 'restore', 'delete', 'lock', 'unlock'],
  post: ['hide', 'restore', 'delete', 'lock', 'unlock', 'pin', 'unpin', 'feature', 'unfeature'],
  answer: ['hide', 'restore', 'delete'],
  feedback: ['hide', 'restore', 'delete'],
};

// The permission of each action a menu offers; protocol's ACTION_PERMISSIONS says the same,
// but it sits beside the zod schemas, which a menu deciding what to show should not load.
// moderation-store.test.ts checks the two agree.
const NEEDS: Partial<Record<ModerationAction, 'moderate' | 'curate'>> = {
  hide: 'moderate',
  restore: 'moderate',
  delete: 'moderate',
  lock: 'moderate',
  unlock: 'moderate',
  pin: 'curate',
  unpin: 'curate',
  feature: 'curate',
  unfeature: 'curate',
};

/**
 * What `viewer` (the session's, with the role the backend gives them) may do to an item of
 * `type` by `author` in `state`, by the permission table: nothing for anonymous viewers;
 * Report for members and up on others' content; and for staff the actions their role allows,
 * never on content of someone ranked above them, and mute/ban only of someone ranked below.
 * Only published items take reports; deleted items offer nothing.
 *
 * @example
 * const { report, actions, discipline } = moderationOffer(session.viewer, 'comment', post.author, { status: post.status });
 */
export function moderationOffer(viewer: Member | null | undefined, type: ContentRef['type'], author: Member | null | undefined, state: ModeratedState = {}): ModerationOffer {
  const none: ModerationOffer = { report: false, actions: [], discipline: false };
  const status = state.status ?? 'published';
  if (!viewer || !author || status === 'deleted') return none;
  const own = author.id === viewer.id;
  const role = viewer.role;
  // Staff never act on their superiors (the engine refuses hiding and deleting; the rest would be rude).
  const above = !own && outranks(author.role, role);
  const actions = above
    ? []
    : (SUPPORTED[type] ?? []).filter((action) => {
        if (!allows(role, NEEDS[action]!)) return false;
        switch (action) {
          case 'hide':
            return status !== 'hidden';
          case 'restore':
            return status === 'hidden';
          case 'lock':
          case 'unlock':
            return !!state.locked === (action === 'unlock');
          case 'pin':
          case 'unpin':
            return !!state.pinned === (action === 'unpin');
          case 'feature':
          case 'unfeature':
            return !!state.featured === (action === 'unfeature');
          default:
            return true;
        }
      });
  return {
    // Only published content takes reports (the engine refuses the rest).
    report: !own && status === 'published' && allows(role, 'report'),
    actions,
    discipline: !own && allows(role, 'discipline') && outranks(role, author.role),
  };
}

/**
 * Reports an item as the client's viewer (permission `report`). A repeat returns the first
 * report unchanged, so compare the receipt's `createdAt` with when you sent it to tell.
 * Every list under `['hearth']` refreshes: enough reports hide an item.
 *
 * @example
 * const receipt = await reportContent(client, { target: { type: 'comment', id }, reason: 'spam', note: 'Link farm' });
 */
export function reportContent(client: CommunityClient, input: ReportInput): Promise<ReportReceipt> {
  return run(client, (moderation, ctx) => moderation.report(input, ctx));
}

/**
 * Applies a moderation action (hide, restore, delete, lock, pin, feature …) as the client's
 * viewer, then refreshes every list under `['hearth']` so the item shows as it now is.
 *
 * @example
 * const result = await moderateContent(client, { target: { type: 'post', id }, action: 'pin' });
 */
export function moderateContent(client: CommunityClient, input: ActInput): Promise<ModerationResult> {
  return run(client, (moderation, ctx) => moderation.act(input, ctx));
}

/**
 * Mutes a member (permission `discipline`): they read but cannot post until the time given.
 *
 * @example
 * await muteMember(client, { memberId: 'bob', durationMs: 86_400_000, reason: 'Flooding' });
 */
export function muteMember(client: CommunityClient, input: DisciplineInput): Promise<MemberCard> {
  return run(client, (moderation, ctx) => moderation.mute(input, ctx));
}

/**
 * Bans a member (permission `discipline`): every write is refused until the time given.
 *
 * @example
 * await banMember(client, { memberId: 'bob', durationMs: 7 * 86_400_000, reason: 'Spam' });
 */
export function banMember(client: CommunityClient, input: DisciplineInput): Promise<MemberCard> {
  return run(client, (moderation, ctx) => moderation.ban(input, ctx));
}

async function run<T>(client: CommunityClient, call: (moderation: ModerationAdapter, ctx: { viewer: CommunityClient['viewer'] }) => Promise<T>): Promise<T> {
  const moderation = client.adapter.moderation;
  if (!moderation) throw new HearthError('unavailable', `The ${client.adapter.name} adapter does not offer moderation.`, { unsupported: true });
  const result = await callAdapter(client, () => call(moderation, { viewer: client.viewer }));
  // Lists, threads, cards and counts may all show the item or member differently now.
  void client.queryClient.invalidateQueries({ queryKey: ['hearth'] }).catch(() => {});
  return result;
}
