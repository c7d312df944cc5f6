import type {
  CreateCommentInput,
  EditCommentInput,
  GetThreadInput,
  ListCommentsInput,
  PostRefInput,
  ToggleReactionInput,
} from './comments.js';
import type { EventListener } from './events.js';
import type { Viewer } from './member.js';
import type { CommentPage, Post } from './post.js';
import type { Session } from './session.js';
import type { Thread } from './thread.js';
import type { AnalyticsAdapter } from './analytics.js';
import type { CommunityAdapter } from './community.js';
import type { FeedAdapter } from './feed.js';
import type { FeedbackAdapter } from './feedback.js';
import type { MembersAdapter } from './members.js';
import type { ModerationAdapter } from './moderation.js';
import type { GamificationAdapter } from './points.js';
import type { PollsAdapter } from './polls.js';
import type { QaAdapter } from './qa.js';
import type { WebhooksAdapter } from './webhooks.js';
import type { AccessAdapter } from './access.js';

/**
 * What an adapter supports. Widgets read these and leave out what is missing instead of
 * failing; nothing guesses them.
 */
export interface AdapterCapabilities {
  /** `subscribe` delivers other people's changes as they happen. */
  realtime: boolean;
  /** Staff actions (hide, restore) are available. */
  moderation: boolean;
  /** Emoji reactions are available. */
  reactions: boolean;
  /** File uploads are available. */
  uploads: boolean;
  /** Analytics queries are available. */
  analytics: boolean;
  /** Where accepted writes live: nowhere past the page, this browser, or a server. */
  persistence: 'memory' | 'local' | 'server';
  /** `community` and `members` are there: settings, spaces, profiles, roles, titles. */
  community: boolean;
  /** `feed` is there: spaces of posts with topics, pins and features. */
  feed: boolean;
  /** `qa` is there: answers, votes, accepted answers, bounties. */
  qa: boolean;
  /** `polls` is there. */
  polls: boolean;
  /** `feedback` is there. */
  feedback: boolean;
  /** `gamification` is there: points, levels, badges, check-ins, leaderboards. */
  gamification: boolean;
  /** `webhooks` is there: signed outgoing webhooks with a delivery log (a server's, never a browser's). */
  webhooks: boolean;
  /** `access` is there: embedding origins, the sign-in secret or key set, admin keys (a server's). */
  access: boolean;
}

/** Per-call context: who acts, and a signal to abandon the call. */
export interface CallContext {
  viewer: Viewer | null;
  signal?: AbortSignal;
}

// The schema lives in session.ts so this module stays types only.
export type { Session } from './session.js';

/** Comment operations on page threads. */
export interface CommentsAdapter {
  /** Reads a thread; one with no comments yet comes back with `id: null`. */
  getThread(input: GetThreadInput, ctx: CallContext): Promise<Thread>;
  /** One page of top-level comments with every visible reply beneath them. */
  listComments(input: ListCommentsInput, ctx: CallContext): Promise<CommentPage>;
  /** Creates a comment or reply; the same `idempotencyKey` never creates twice. */
  createComment(input: CreateCommentInput, ctx: CallContext): Promise<Post>;
  /** Replaces the body; authors within the edit window, moderators always. */
  editComment(input: EditCommentInput, ctx: CallContext): Promise<Post>;
  /** Soft-deletes; a comment with replies stays as a tombstone (`status: 'deleted'`, empty body). */
  deleteComment(input: PostRefInput, ctx: CallContext): Promise<Post>;
  /** Hides a comment from everyone but staff (moderator and up). */
  hideComment(input: PostRefInput, ctx: CallContext): Promise<Post>;
  /** Publishes a hidden comment again (moderator and up). */
  unhideComment(input: PostRefInput, ctx: CallContext): Promise<Post>;
  /** Turns the viewer's reaction with `emoji` on or off. */
  toggleReaction(input: ToggleReactionInput, ctx: CallContext): Promise<Post>;
}

/**
 * The one interface between Hearth and a backend. Implement it, then prove it with
 * `runAdapterConformance` from `@hearth/adapter-testkit`.
 *
 * Every method rejects with a `HearthError` and changes nothing when it rejects.
 *
 * @example
 * const adapter: BackendAdapter = createMemoryAdapter({ seed: demoSeed });
 * const page = await adapter.listComments({ threadKey: '/hello' }, { viewer: null });
 */
export interface BackendAdapter extends CommentsAdapter {
  /** A short name for logs and error messages (`memory`, `http`). */
  readonly name: string;
  /** What this adapter supports. */
  readonly capabilities: AdapterCapabilities;
  /** The viewer as the backend sees them, and the community's comment rules. */
  getSession(ctx: CallContext): Promise<Session>;
  /**
   * Listens to a channel (see `threadChannel`); returns the unsubscribe. `ctx.viewer` is who
   * listens; without it an adapter listens as whoever it acts for (over HTTP, the viewer of
   * the latest call). A backend with access control delivers the staff channels
   * (`isStaffChannel`) only to reviewers (permission `review`), and an unpublished item's
   * text only to its author and moderators and up.
   */
  subscribe(channel: string, listener: EventListener, ctx?: Pick<CallContext, 'viewer'>): () => void;
  /** Releases timers, connections and listeners. */
  close?(): void | Promise<void>;
  /**
   * Present on a backend that lets people without an account post under a name: opens a
   * guest session (rejecting `forbidden` where the community allows none). The returned
   * viewer carries the token to act with; called while `ctx.viewer` is a guest, it renames
   * that guest, who keeps their id. `expiresAt` is when the session ends, null if never.
   */
  openGuestSession?(input: { displayName: string; email?: string }, ctx: CallContext): Promise<{ viewer: Viewer; expiresAt: string | null }>;

  // Optional groups: present exactly when the matching capability is true.

  /** Settings, spaces, the viewer's profile (capability `community`). */
  readonly community?: CommunityAdapter;
  /** Member cards, roles, titles (capability `community`). */
  readonly members?: MembersAdapter;
  /** Feed posts (capability `feed`). */
  readonly feed?: FeedAdapter;
  /** Questions' answers, votes, bounties (capability `qa`). */
  readonly qa?: QaAdapter;
  /** Polls (capability `polls`). */
  readonly polls?: PollsAdapter;
  /** Feedback items (capability `feedback`). */
  readonly feedback?: FeedbackAdapter;
  /** Reports, the review queue, moderation actions, the audit log (capability `moderation`). */
  readonly moderation?: ModerationAdapter;
  /** Points, levels, badges, check-ins, leaderboards (capability `gamification`). */
  readonly gamification?: GamificationAdapter;
  /** The zero-reply queue and metrics (capability `analytics`). */
  readonly analytics?: AnalyticsAdapter;
  /** Outgoing webhook endpoints and their delivery log, for admins (capability `webhooks`). */
  readonly webhooks?: WebhooksAdapter;
  /** Origins, the sign-in secret or key set, admin API keys (capability `access`). */
  readonly access?: AccessAdapter;
}

/** The optional groups of `BackendAdapter`, by name. */
export interface AdapterGroups {
  community: CommunityAdapter;
  members: MembersAdapter;
  feed: FeedAdapter;
  qa: QaAdapter;
  polls: PollsAdapter;
  feedback: FeedbackAdapter;
  moderation: ModerationAdapter;
  gamification: GamificationAdapter;
  analytics: AnalyticsAdapter;
  webhooks: WebhooksAdapter;
  access: AccessAdapter;
}

/** The group names of `BackendAdapter`. */
export const ADAPTER_GROUPS = ['community', 'members', 'feed', 'qa', 'polls', 'feedback', 'moderation', 'gamification', 'analytics', 'webhooks', 'access'] as const;
