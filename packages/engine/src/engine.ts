import {
  CommentSettings,
  type CommunitySettings,
  CreateCommentInput,
  DEFAULT_COMMENT_SETTINGS,
  EditCommentInput,
  GetThreadInput,
  HearthError,
  ListCommentsInput,
  PAGE_SIZE,
  PostRefInput,
  ToggleReactionInput,
  checkBody,
  parseInput,
  refKey,
  threadChannel,
  type CommentPage,
  type CommunityEvent,
  type Member,
  type Post,
  type Session,
  type Thread,
} from '@hearth/protocol';
import { decodeCursor, encodeCursor } from './cursor.js';
import { Core, toMember, type Actor, type ContentHandler, type ThreadHooks } from './core/core.js';
import { textHash } from './core/text.js';
import { CommunityService } from './community/community-service.js';
import { MembersService } from './members/members-service.js';
import { FeedService } from './feed/feed-service.js';
import { QaService } from './qa/qa-service.js';
import { PollsService } from './polls/polls-service.js';
import { FeedbackService } from './feedback/feedback-service.js';
import { ModerationService } from './moderation/moderation-service.js';
import { GamificationService } from './points/points-service.js';
import { AnalyticsService } from './analytics/analytics-service.js';
import type { WebhooksService } from './webhooks/webhooks-service.js';
import type { PostRecord, ReactionRecord, RootKey, Store, ThreadRecord } from './store.js';
import { isStaff, readable, treeView, type TreeView } from './visibility.js';

/** How to build an engine. Only `store` is required. */
export interface EngineOptions {
  /** Where threads, posts, reactions and idempotency keys live. */
  store: Store;
  /** The time in epoch milliseconds; every timestamp comes from here. Defaults to `Date.now`. */
  clock?: () => number;
  /** Overrides of `DEFAULT_COMMENT_SETTINGS`; checked when the engine is built. */
  settings?: Partial<CommentSettings>;
  /** Called once per successful write, after it is stored (a SQL store: after commit). */
  publish?: (event: CommunityEvent) => void;
  /** Makes ids for threads, posts and events. Defaults to random UUIDs. */
  ids?: () => string;
  /** The community's settings until an admin changes them (defaults: `DEFAULT_COMMUNITY_SETTINGS`). */
  community?: Partial<CommunitySettings>;
  /**
   * `WebhooksService`, for a backend that sends webhooks (a server): the engine then has its
   * `webhooks` group and its writes queue deliveries. Passed in rather than built in, so a
   * browser's engine (the memory adapter, which has no one to send them) leaves its code out.
   */
  webhooks?: typeof WebhooksService;
}

/** The records one page of comments is cut from, the same for every viewer (see `Engine.readCommentPage`). */
export interface CommentPageRecords {
  readonly threadKey: string;
  readonly sort: NonNullable<ListCommentsInput['sort']>;
  readonly limit: number;
  /** Null for a thread with no comments yet. */
  readonly thread: ThreadRecord | null;
  /** Published comments in the whole thread. */
  readonly commentCount: number;
  /** Roots in page order, in every status, each batch with the whole subtrees below its roots. */
  readonly batches: ReadonlyArray<{ readonly roots: readonly PostRecord[]; readonly descendants: readonly PostRecord[] }>;
  /** Every reaction on these posts, or null when there are more than `PAGE_REACTIONS_KEPT` (each viewer's are then read). */
  readonly reactions: readonly ReactionRecord[] | null;
  /** Whether every post is published, so every viewer sees the same posts whatever their role. */
  readonly allPublished: boolean;
}

/** Pages with more reactions than this read each viewer's own instead of keeping them all. */
export const PAGE_REACTIONS_KEPT = 2_000;

/** Input of `Engine.lockThread`. */
export interface LockThreadInput {
  threadKey: string;
  locked: boolean;
}


type Tx = Store;

/**
 * The comment rules over a `Store`. Every method validates its input with `parseInput`,
 * takes the acting viewer explicitly (null reads anonymously and may not write), rejects
 * with a `HearthError` and, when it rejects, changes nothing.
 *
 * Deleting, hiding, editing or reacting to a deleted comment rejects with `not_found`: a
 * deleted comment is gone as far as writes go, so a second delete is `not_found` too.
 * Likewise a comment the viewer may not read (hidden, for anyone below moderator; pending,
 * for anyone but its author and staff) is `not_found` to them. Hiding a hidden comment
 * or unhiding a visible one returns it unchanged and publishes nothing.
 *
 * @example
 * const engine = createEngine({ store: new MemoryStore() });
 * const viewer = { id: 'u1', displayName: 'Ada' };
 * await engine.createComment({ threadKey: '/hello', body: 'Hi!', idempotencyKey: 'k-00000001' }, viewer);
 * const page = await engine.listComments({ threadKey: '/hello' }, null);
 */
export class Engine {
  #store: Store;
  #clock: () => number;
  #settings: CommentSettings;
  #ids: () => string;
  /** What every service shares: store, clock, settings, members, hooks. */
  readonly core: Core;
  /** Public info, settings, spaces, onboarding profiles. */
  readonly community: CommunityService;
  /** Member cards, roles, titles. */
  readonly members: MembersService;
  /** Feed posts in spaces. */
  readonly feed: FeedService;
  /** Answers, votes, accepted answers, bounties. */
  readonly qa: QaService;
  /** Polls and ballots. */
  readonly polls: PollsService;
  /** Feedback items, statuses, official replies. */
  readonly feedback: FeedbackService;
  /** The gate, reports, the review queue, actions, bans, the audit log. */
  readonly moderation: ModerationService;
  /** Points, levels, badges, check-ins, leaderboards. */
  readonly gamification: GamificationService;
  /** The zero-reply queue and metrics. */
  readonly analytics: AnalyticsService;
  /** Outgoing webhook endpoints and the delivery log (sent by a server's webhook worker), when `options.webhooks` is given. */
  readonly webhooks: WebhooksService | undefined;

  constructor(options: EngineOptions) {
    this.core = new Core({ store: options.store, clock: options.clock, publish: options.publish, ids: options.ids, community: options.community });
    this.#store = this.core.store;
    this.#clock = this.core.clock;
    this.#ids = this.core.ids;
    // Hooks first (points, gate, openers), then the services that call them.
    this.gamification = new GamificationService(this.core);
    this.moderation = new ModerationService(this.core);
    this.analytics = new AnalyticsService(this.core);
    this.webhooks = options.webhooks ? new options.webhooks(this.core) : undefined;
    this.community = new CommunityService(this.core);
    this.members = new MembersService(this.core);
    this.feed = new FeedService(this.core, () => this.#settings);
    this.qa = new QaService(this.core, () => this.#settings);
    this.polls = new PollsService(this.core);
    this.feedback = new FeedbackService(this.core);
    this.core.content.set('comment', this.#commentHandler());
    const settings = parseInput(CommentSettings, { ...DEFAULT_COMMENT_SETTINGS, ...options.settings });
    if (settings.bodyMinLength > settings.bodyMaxLength) {
      throw HearthError.validation('bodyMinLength', 'The minimum body length is above the maximum.');
    }
    this.#settings = settings;
  }

  /** The comment rules in force (a copy). */
  get settings(): CommentSettings {
    return structuredClone(this.#settings);
  }

  /** The viewer as a member (role defaults to `member`), the rules, and whether guests may comment. */
  async getSession(viewer: Actor): Promise<Session> {
    const known = await this.core.known(this.#store, viewer);
    const { guestPosting } = await this.core.settings();
    return { viewer: known?.member ?? null, settings: this.settings, guests: guestPosting };
  }

  /** A thread; one with no comments yet reads with `id: null`. */
  async getThread(input: unknown, viewer: Actor): Promise<Thread> {
    const { threadKey } = parseInput(GetThreadInput, input);
    toMember(viewer);
    const thread = await this.#store.getThreadByKey(threadKey);
    return this.#threadOut(this.#store, thread, threadKey);
  }

  /** One page of top-level comments in the requested order, with every visible reply below them. */
  async listComments(input: unknown, viewer: Actor): Promise<CommentPage> {
    return this.presentCommentPage(await this.readCommentPage(input), viewer);
  }

  /**
   * What every reader's page of `listComments` with this input is cut from: the thread, its
   * comment count and its roots in every status with their whole subtrees. Roots are read in
   * batches until one more root than the page holds is visible to a signed-out reader; any
   * viewer sees at least that much, so one read serves every viewer (`presentCommentPage`).
   * The records are not changed by presenting them, so a server may keep them until an event
   * on the thread's channel says they changed.
   */
  async readCommentPage(input: unknown): Promise<CommentPageRecords> {
    const { threadKey, sort = 'oldest', cursor, limit = PAGE_SIZE.default } = parseInput(ListCommentsInput, input);
    let after: RootKey | null = cursor === undefined ? null : decodeCursor(sort, cursor);
    const store = this.#store;
    const thread = await store.getThreadByKey(threadKey);
    const batches: Array<CommentPageRecords['batches'][number]> = [];
    if (!thread) return { threadKey, sort, limit, thread: null, commentCount: 0, batches, reactions: [], allPublished: true };
    for (let visible = 0, done = false; !done && visible <= limit; ) {
      const roots = await store.listRoots({ threadId: thread.id, sort, after, limit: limit + 1 });
      done = roots.length < limit + 1;
      if (roots.length === 0) break;
      after = roots[roots.length - 1]!;
      const descendants = await store.listDescendants(roots.map((r) => r.id));
      const view = treeView([...roots, ...descendants], null);
      visible += roots.filter((root) => view.visible(root.id)).length;
      batches.push({ roots, descendants });
    }
    const posts = batches.flatMap((batch) => [...batch.roots, ...batch.descendants]);
    const reactionCount = posts.reduce((n, post) => Object.values(post.reactions).reduce((m, count) => m + count, n), 0);
    return {
      threadKey,
      sort,
      limit,
      thread,
      commentCount: await store.countPosts(thread.id, 'published'),
      batches,
      reactions: reactionCount === 0 ? [] : reactionCount <= PAGE_REACTIONS_KEPT ? await store.listReactions(posts.map((p) => p.id)) : null,
      allPublished: posts.every((post) => post.status === 'published'),
    };
  }

  /**
   * The page `viewer` sees of records from `readCommentPage`: what they may read, with their
   * own reactions. The viewer's role the community gave is read only when some post is not
   * published (only then can it change what they see), and their reactions only when the
   * records do not hold them.
   */
  async presentCommentPage(records: CommentPageRecords, viewer: Actor): Promise<CommentPage> {
    const { threadKey, sort, limit, thread } = records;
    const member = records.allPublished ? toMember(viewer) : ((await this.core.known(this.#store, viewer))?.member ?? null);
    const threadOut: Thread = thread
      ? { id: thread.id, key: thread.key, commentCount: records.commentCount, locked: thread.locked, createdAt: iso(thread.createdAt) }
      : { id: null, key: threadKey, commentCount: 0, locked: false, createdAt: null };
    const roots: PostRecord[] = [];
    const below = new Map<string, PostRecord[]>();
    const views: TreeView[] = [];
    for (const batch of records.batches) {
      if (roots.length > limit) break;
      const view = treeView([...batch.roots, ...batch.descendants], member);
      views.push(view);
      for (const root of batch.roots) {
        if (!view.visible(root.id)) continue;
        roots.push(root);
        below.set(root.id, []);
      }
      for (const post of batch.descendants) if (view.visible(post.id)) below.get(post.rootId!)?.push(post);
    }

    const items = roots.slice(0, limit);
    const replies = items.flatMap((root) => below.get(root.id)!).sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    const last = items[items.length - 1];
    const shown = [...items, ...replies];
    const mine = records.reactions && member ? this.#ownReactions(member, records.reactions) : await this.#viewerReactions(this.#store, member, shown);
    const replyCount = (id: string) => views.reduce((n, view) => n + view.replyCount(id), 0);
    const out = (post: PostRecord) => toPost(post, threadKey, member, replyCount(post.id), mine.get(post.id) ?? []);
    return {
      thread: threadOut,
      items: items.map(out),
      replies: replies.map(out),
      nextCursor: roots.length > limit && last ? encodeCursor(sort, last) : null,
    };
  }

  /**
   * Creates a comment, or a reply when `parentId` is set. A reply below the visible depth
   * attaches to the deepest allowed ancestor and keeps `replyTo` naming whom it answered.
   * The same (viewer, idempotencyKey) returns the first result and creates nothing.
   */
  async createComment(input: unknown, viewer: Actor): Promise<Post> {
    const claims = this.core.requireClaims(viewer);
    const { threadKey, parentId = null, body: rawBody, idempotencyKey } = parseInput(CreateCommentInput, input);
    const body = checkBody(rawBody, this.#settings);
    const fingerprint = JSON.stringify([threadKey, parentId, body]);
    const now = this.#clock();
    return this.#write(async (tx, emit) => {
      // Asked together, so a SQL store can send them as one statement; the member and the
      // settings are kept for `act` and the rules below.
      const [prior, prefetched, parentRead] = await Promise.all([
        tx.getIdempotency(claims.id, idempotencyKey),
        tx.getThreadByKey(threadKey),
        parentId === null ? null : tx.getPost(parentId),
        tx.collection('members').get(claims.id),
        this.core.settings(tx),
      ]);
      if (prior) {
        if (prior.fingerprint !== fingerprint) {
          throw new HearthError('conflict', 'This idempotency key was already used for a different comment.', {
            issues: [{ path: 'idempotencyKey', message: 'Already used for a different comment.' }],
          });
        }
        const first = await tx.getPost(prior.postId);
        if (!first) throw new HearthError('internal', 'The comment this key created is missing.');
        return this.#present(tx, first, threadKey, (await this.core.known(tx, viewer))!.member);
      }

      const acting = await this.core.act(tx, viewer, now);
      const member = acting.member;
      this.core.require(member, 'comment', await this.core.settings(tx));
      const host = this.#host(threadKey);
      if (host) await host.hooks.beforeReply(tx, host.itemId, acting);
      let thread = prefetched;
      if (thread?.locked) throw new HearthError('forbidden', 'This thread is locked, so it takes no new comments.');
      let attach: Pick<PostRecord, 'parentId' | 'rootId' | 'depth' | 'replyTo'> = {
        parentId: null,
        rootId: null,
        depth: 0,
        replyTo: null,
      };
      if (parentId !== null) {
        const parent = thread ? parentRead : null;
        if (!parent || !thread || parent.threadId !== thread.id || !readable(parent, member)) {
          throw new HearthError('not_found', 'The comment you are replying to no longer exists.', {
            issues: [{ path: 'parentId', message: 'No such comment in this thread.' }],
          });
        }
        if (parent.status !== 'published') {
          throw new HearthError('conflict', 'Only published comments take replies.', {
            issues: [{ path: 'parentId', message: 'Only published comments take replies.' }],
          });
        }
        attach = await this.#attachReply(tx, parent);
      }
      const { status, reason } = await this.core.gate.screen(tx, { acting, type: 'comment', text: body, at: now });
      if (!thread) {
        thread = { id: this.#ids(), key: threadKey, locked: false, createdAt: now };
        await tx.insertThread(thread);
      }
      const post = await tx.insertPost({
        id: this.#ids(),
        threadId: thread.id,
        ...attach,
        body,
        author: member,
        createdAt: now,
        editedAt: null,
        status,
      });
      await tx.insertIdempotency({ actorId: member.id, key: idempotencyKey, fingerprint, postId: post.id, createdAt: now });
      await this.core.track(tx, acting, 'comment.created', refKey({ type: 'comment', id: post.id }), { hash: textHash(body), threadKey, depth: post.depth }, now);
      if (post.rootId === null && !host) {
        await this.core.openers.opened(tx, { type: 'comment', itemId: post.id, location: threadKey, title: null, authorId: member.id, at: now, status, fresh: true });
      }
      if (status === 'published') await this.#published(tx, post, threadKey, now, true);
      else await this.core.gate.held?.(tx, { type: 'comment', id: post.id, reason, at: now });
      // A post just written has no replies and no reactions yet: nothing to look up.
      emit({ type: 'post.created', id: this.#ids(), channel: threadChannel(threadKey), post: toPost(post, threadKey, null, 0, []) });
      const out = toPost(post, threadKey, member, 0, []);
      const created = reason ? { ...out, heldReason: reason } : out;
      await this.core.webhooks.deliver(tx, 'post.created', { kind: 'comment', threadKey, post: created }, now);
      return created;
    });
  }

  /** Replaces a body: the author within `editWindowMs` of posting, moderators and up always. */
  async editComment(input: unknown, viewer: Actor): Promise<Post> {
    this.core.requireClaims(viewer);
    const { postId, body: rawBody } = parseInput(EditCommentInput, input);
    const body = checkBody(rawBody, this.#settings);
    const now = this.#clock();
    return this.#write(async (tx, emit) => {
      const acting = await this.core.act(tx, viewer, now);
      const member = acting.member;
      const { post, threadKey } = await this.#load(tx, postId, member);
      await this.core.requireRank(tx, post.author, acting, 'edit a comment');
      if (!isStaff(member)) {
        if (post.author.id !== member.id) throw new HearthError('forbidden', 'You can only edit your own comments.');
        if (now - post.createdAt > this.#settings.editWindowMs) {
          throw new HearthError(
            'forbidden',
            `The edit window has passed: comments can be edited for ${describeDuration(this.#settings.editWindowMs)} after posting.`,
          );
        }
      }
      if (body === post.body) return this.#present(tx, post, threadKey, member);
      await this.core.gate.screen(tx, { acting, type: 'comment', text: body, at: now, edit: true });
      const edited = await tx.updatePost(post.id, { body, editedAt: now });
      await this.core.track(tx, acting, 'comment.updated', refKey({ type: 'comment', id: post.id }), { hash: textHash(body) }, now);
      return this.#updated(tx, edited, threadKey, member, emit);
    });
  }

  /** Soft-deletes (status `deleted`, body emptied): the author or moderators and up. */
  async deleteComment(input: unknown, viewer: Actor): Promise<Post> {
    this.core.requireClaims(viewer);
    const { postId } = parseInput(PostRefInput, input);
    const now = this.#clock();
    return this.#write(async (tx, emit) => {
      const acting = await this.core.act(tx, viewer, now);
      const member = acting.member;
      const { post, threadKey } = await this.#load(tx, postId, member);
      if (post.author.id !== member.id && !isStaff(member)) {
        throw new HearthError('forbidden', 'You can only delete your own comments.');
      }
      await this.core.requireRank(tx, post.author, acting, 'delete a comment');
      const deleted = await this.#transition(tx, post, threadKey, 'deleted', now);
      await this.core.track(tx, acting, 'comment.deleted', refKey({ type: 'comment', id: post.id }), {}, now);
      return this.#updated(tx, deleted, threadKey, member, emit);
    });
  }

  /** Hides a comment from everyone but moderators and up. Hiding a hidden comment changes nothing. */
  async hideComment(input: unknown, viewer: Actor): Promise<Post> {
    return this.#moderate(input, viewer, 'hidden');
  }

  /** Publishes a hidden comment again. Restoring a visible comment changes nothing. */
  async unhideComment(input: unknown, viewer: Actor): Promise<Post> {
    return this.#moderate(input, viewer, 'published');
  }

  /**
   * Turns the viewer's reaction with `emoji` on or off; only emojis from `settings.reactions`.
   * With `active`, sets it to that state: when it is already so, changes nothing and
   * publishes nothing, so a retry or another tab's change cannot flip it the wrong way.
   */
  async toggleReaction(input: unknown, viewer: Actor): Promise<Post> {
    this.core.requireClaims(viewer);
    const { postId, emoji, active: wanted } = parseInput(ToggleReactionInput, input);
    if (!this.#settings.reactions.includes(emoji)) {
      throw HearthError.validation('emoji', `Pick one of the available reactions: ${this.#settings.reactions.join(' ')}`);
    }
    const now = this.#clock();
    return this.#write(async (tx, emit) => {
      const acting = await this.core.act(tx, viewer, now);
      const member = acting.member;
      this.core.require(member, 'react');
      const { post, threadKey } = await this.#load(tx, postId, member);
      if (post.status !== 'published') throw new HearthError('conflict', 'Only published comments take reactions.');
      if (wanted !== undefined) {
        const mine = await tx.listMemberReactions(member.id, [postId]);
        if (mine.some((r) => r.emoji === emoji) === wanted) return this.#present(tx, post, threadKey, member);
      }
      const { active, count } = await tx.toggleReaction({ postId, memberId: member.id, emoji, createdAt: now });
      const ref = refKey({ type: 'comment', id: postId });
      await this.core.track(tx, acting, active ? 'reaction.added' : 'reaction.removed', ref, { emoji }, now);
      if (active) await this.core.points.award(tx, { memberId: post.author.id, rule: 'reaction_received', ref, at: now, actorId: member.id });
      else await this.core.points.reverse(tx, { ref, memberId: post.author.id, rule: 'reaction_received', actorId: member.id, at: now });
      emit({ type: 'reaction.changed', id: this.#ids(), channel: threadChannel(threadKey), postId, emoji, count, memberId: member.id, active });
      return this.#present(tx, (await tx.getPost(postId))!, threadKey, member);
    });
  }

  /** Locks a thread against new comments, or unlocks it (moderators and up). */
  async lockThread(input: LockThreadInput, viewer: Actor): Promise<Thread> {
    this.core.requireClaims(viewer);
    const { threadKey } = parseInput(GetThreadInput, input);
    if (typeof input.locked !== 'boolean') throw HearthError.validation('locked', 'Say whether the thread is locked.');
    const now = this.#clock();
    return this.#write(async (tx) => {
      const acting = await this.core.act(tx, viewer, now);
      if (!isStaff(acting.member)) throw new HearthError('forbidden', 'Only moderators can lock threads.');
      const action = input.locked ? 'lock' : 'unlock';
      await this.core.moderated(tx, acting, { action, target: `thread:${threadKey}`, at: now });
      let thread = await tx.getThreadByKey(threadKey);
      if (!thread) {
        thread = { id: this.#ids(), key: threadKey, locked: input.locked, createdAt: this.#clock() };
        await tx.insertThread(thread);
      } else {
        await tx.setThreadLocked(thread.id, input.locked);
      }
      return this.#threadOut(tx, { ...thread, locked: input.locked }, threadKey);
    });
  }

  /**
   * A post as realtime events carry it (the public view, no viewer state) with its
   * channel, or null when unknown. For adapters that learn of changes from elsewhere,
   * such as another browser tab, and must announce them.
   */
  async eventView(postId: string): Promise<{ channel: string; post: Post } | null> {
    const post = await this.#store.getPost(postId);
    const thread = post && (await this.#store.getThread(post.threadId));
    if (!post || !thread) return null;
    return { channel: threadChannel(thread.key), post: await this.#present(this.#store, post, thread.key, null) };
  }

  async #moderate(input: unknown, viewer: Actor, status: 'hidden' | 'published'): Promise<Post> {
    const claims = this.core.requireClaims(viewer);
    const { postId } = parseInput(PostRefInput, input);
    const now = this.#clock();
    return this.#write(async (tx, emit) => {
      const known = await this.core.known(tx, viewer);
      if (!isStaff(known?.member ?? claims)) throw new HearthError('forbidden', 'Only moderators can hide or restore comments.');
      const acting = await this.core.act(tx, viewer, now);
      const member = acting.member;
      const { post, threadKey } = await this.#load(tx, postId, member);
      await this.core.requireRank(tx, post.author, acting, status === 'hidden' ? 'hide a comment' : 'restore a comment');
      // Only the two states moderation moves between; a pending post waits for review instead.
      const from = status === 'hidden' ? 'published' : 'hidden';
      if (post.status !== from) return this.#present(tx, post, threadKey, member);
      const changed = await this.#transition(tx, post, threadKey, status, now);
      const action = status === 'hidden' ? 'hide' : 'restore';
      await this.core.moderated(tx, acting, { action, target: refKey({ type: 'comment', id: post.id }), at: now });
      return this.#updated(tx, changed, threadKey, member, emit);
    });
  }

  /** The item whose replies this thread holds (`post:<id>`), when a service hosts that prefix. */
  #host(threadKey: string): { hooks: ThreadHooks; itemId: string } | null {
    const colon = threadKey.indexOf(':');
    if (colon <= 0) return null;
    const hooks = this.core.threads.get(threadKey.slice(0, colon));
    return hooks ? { hooks, itemId: threadKey.slice(colon + 1) } : null;
  }

  /** What publishing a comment sets off: the member's count, points, and its place as a reply (`created`: by this write). */
  async #published(tx: Tx, post: PostRecord, threadKey: string, at: number, created = false): Promise<void> {
    const ref = refKey({ type: 'comment', id: post.id });
    await this.core.countPublished(tx, post.author.id, 1);
    await this.core.points.award(tx, { memberId: post.author.id, rule: 'reply', ref, at, actorId: post.author.id, fresh: created });
    const host = this.#host(threadKey);
    if (host) await host.hooks.replied(tx, host.itemId, { replier: post.author, at, delta: 1 });
    else if (post.rootId !== null) await this.core.openers.replied(tx, { ref: refKey({ type: 'comment', id: post.rootId }), replier: post.author, at });
    else await this.core.openers.status(tx, ref, 'published');
  }

  /** The reverse of `#published`, when a published comment is hidden or deleted. */
  async #unpublished(tx: Tx, post: PostRecord, threadKey: string, to: 'hidden' | 'deleted', at: number): Promise<void> {
    const ref = refKey({ type: 'comment', id: post.id });
    await this.core.countPublished(tx, post.author.id, -1);
    await this.core.points.reverse(tx, { ref, at });
    const host = this.#host(threadKey);
    if (host) await host.hooks.replied(tx, host.itemId, { replier: post.author, at, delta: -1 });
    else if (post.rootId !== null) await this.core.openers.replyRemoved(tx, refKey({ type: 'comment', id: post.rootId }), post.author);
    else await this.core.openers.status(tx, ref, to);
  }

  /** Moves a comment to a status with every side effect; returns it as stored. */
  async #transition(tx: Tx, post: PostRecord, threadKey: string, to: PostRecord['status'], at: number): Promise<PostRecord> {
    if (post.status === to) return post;
    const changed = await tx.updatePost(post.id, to === 'deleted' ? { status: to, body: '' } : { status: to });
    const ref = refKey({ type: 'comment', id: post.id });
    if (post.status === 'published') await this.#unpublished(tx, post, threadKey, to === 'hidden' ? 'hidden' : 'deleted', at);
    else if (to === 'published') await this.#published(tx, changed, threadKey, at);
    else if (post.rootId === null && !this.#host(threadKey)) await this.core.openers.status(tx, ref, to);
    return changed;
  }

  /** What moderation can do to page comments: approve, hide, delete, restore, and lock their thread. */
  #commentHandler(): ContentHandler {
    const load = async (tx: Tx, id: string) => {
      const post = await tx.getPost(id);
      const thread = post && (await tx.getThread(post.threadId));
      return post && thread ? { post, thread } : null;
    };
    return {
      load: async (tx, id) => {
        const found = await load(tx, id);
        if (!found) return null;
        const { post, thread } = found;
        return { type: 'comment', id, author: post.author, status: post.status, text: post.body, location: thread.key, createdAt: post.createdAt };
      },
      setStatus: async (tx, id, status, emit) => {
        const found = await load(tx, id);
        if (!found) throw new HearthError('not_found', 'This comment does not exist.');
        if (found.post.status === 'deleted') throw new HearthError('not_found', 'This comment was deleted.');
        const changed = await this.#transition(tx, found.post, found.thread.key, status, this.#clock());
        if (changed !== found.post) {
          emit({ type: 'post.updated', id: this.#ids(), channel: threadChannel(found.thread.key), post: await this.#present(tx, changed, found.thread.key, null) });
        }
      },
      lock: async (tx, id, locked) => {
        const found = await load(tx, id);
        if (!found) throw new HearthError('not_found', 'This comment does not exist.');
        await tx.setThreadLocked(found.thread.id, locked);
      },
    };
  }

  /** Runs a write in a transaction and publishes its events only once it has committed. */
  #write<T>(fn: (tx: Tx, emit: (event: CommunityEvent) => void) => Promise<T>): Promise<T> {
    return this.core.write(fn);
  }

  async #updated(tx: Tx, post: PostRecord, threadKey: string, member: Member, emit: (e: CommunityEvent) => void): Promise<Post> {
    emit({ type: 'post.updated', id: this.#ids(), channel: threadChannel(threadKey), post: await this.#present(tx, post, threadKey, null) });
    return this.#present(tx, post, threadKey, member);
  }

  /** A post the member may act on, or `not_found` (deleted posts are gone for every write). */
  async #load(tx: Tx, postId: string, member: Member): Promise<{ post: PostRecord; threadKey: string }> {
    const post = await tx.getPost(postId);
    if (!post || !readable(post, member)) {
      const message = post?.status === 'deleted' ? 'This comment was deleted.' : 'This comment does not exist.';
      throw new HearthError('not_found', message, { issues: [{ path: 'postId', message }] });
    }
    const thread = await tx.getThread(post.threadId);
    if (!thread) throw new HearthError('internal', 'The thread of this comment is missing.');
    return { post, threadKey: thread.key };
  }

  /** Where a reply to `parent` goes so that no post sits deeper than `maxDepth` allows. */
  async #attachReply(tx: Tx, parent: PostRecord): Promise<Pick<PostRecord, 'parentId' | 'rootId' | 'depth' | 'replyTo'>> {
    const replyTo = { id: parent.id, authorName: parent.author.displayName };
    let target: PostRecord | null = parent;
    while (target && target.depth >= this.#settings.maxDepth - 1) {
      target = target.parentId === null ? null : await tx.getPost(target.parentId);
    }
    if (!target) return { parentId: null, rootId: null, depth: 0, replyTo };
    return { parentId: target.id, rootId: target.rootId ?? target.id, depth: target.depth + 1, replyTo };
  }

  /** One post as `member` sees it, with its visible reply count and their reactions. */
  async #present(tx: Tx, post: PostRecord, threadKey: string, member: Member | null): Promise<Post> {
    const root = post.rootId === null ? post : await tx.getPost(post.rootId);
    const descendants = await tx.listDescendants([post.rootId ?? post.id]);
    const view = treeView(root ? [root, ...descendants] : descendants, member);
    const mine = await this.#viewerReactions(tx, member, [post]);
    return toPost(post, threadKey, member, view.replyCount(post.id), mine.get(post.id) ?? []);
  }

  async #viewerReactions(tx: Tx, member: Member | null, posts: PostRecord[]): Promise<Map<string, string[]>> {
    if (!member || posts.length === 0) return new Map();
    return this.#ownReactions(member, await tx.listMemberReactions(member.id, posts.map((p) => p.id)));
  }

  /** `member`'s emoji among `rows`, by post, in the community's reaction order. */
  #ownReactions(member: Member, rows: readonly ReactionRecord[]): Map<string, string[]> {
    const byPost = new Map<string, string[]>();
    const order = this.#settings.reactions;
    for (const row of rows) if (row.memberId === member.id) byPost.set(row.postId, [...(byPost.get(row.postId) ?? []), row.emoji]);
    for (const list of byPost.values()) list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return byPost;
  }

  async #threadOut(tx: Tx, thread: ThreadRecord | null, key: string): Promise<Thread> {
    if (!thread) return { id: null, key, commentCount: 0, locked: false, createdAt: null };
    return {
      id: thread.id,
      key: thread.key,
      commentCount: await tx.countPosts(thread.id, 'published'),
      locked: thread.locked,
      createdAt: iso(thread.createdAt),
    };
  }
}

/**
 * Builds an engine over a store.
 *
 * @example
 * const engine = createEngine({ store: new MemoryStore(), publish: (event) => hub.emit(event) });
 */
export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}



/** A post as `member` sees it: bodies and reactions they may not read are left out (a tombstone). */
function toPost(post: PostRecord, threadKey: string, member: Member | null, replyCount: number, viewerReactions: string[]): Post {
  const open = readable(post, member);
  return {
    id: post.id,
    threadId: post.threadId,
    threadKey,
    parentId: post.parentId,
    depth: post.depth,
    replyTo: post.replyTo,
    body: open ? post.body : '',
    author: post.author,
    createdAt: iso(post.createdAt),
    editedAt: post.editedAt === null ? null : iso(post.editedAt),
    status: post.status,
    reactions: open ? post.reactions : {},
    viewerReactions: open ? viewerReactions : [],
    replyCount,
  };
}

/** ISO strings of recent times: a page of comments is presented to every signed-in reader, each time with the same dates. */
const ISO_KEPT = 4096;
const isoKept = new Map<number, string>();

function iso(ms: number): string {
  let text = isoKept.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (isoKept.size >= ISO_KEPT) isoKept.clear();
    isoKept.set(ms, text);
  }
  return text;
}

function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes >= 120 && minutes % 60 === 0) return `${minutes / 60} hours`;
  if (minutes >= 1) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}
