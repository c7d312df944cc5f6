import {
  CreatePostInput,
  DEFAULT_COMMENT_SETTINGS,
  DeletePostInput,
  EditPostInput,
  FEED_LIMITS,
  GetPostInput,
  HearthError,
  ListPostsInput,
  ListTopicsInput,
  PAGE_SIZE,
  ReactToPostInput,
  checkBody,
  parseInput,
  spaceChannel,
  type CommentSettings,
  type CommunitySettings,
  type FeedAdapter,
  type FeedPage,
  type FeedPost,
  type Member,
  type MemberProfile,
  type TopicCount,
} from '@hearth/protocol';
import type { Acting, Actor, Core, Emit } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import { missingProfile, noSpace, spaceRecord } from '../community/community-service.js';
import { emitMemberChanged } from '../members/members-service.js';
import { normalizeTopic, textHash } from '../core/text.js';
import type { Store } from '../store.js';
import { feedContentHandler, feedThreadHooks, spaceTakes } from './hooks.js';
import { decodeFeedCursor, encodeFeedCursor, pageOfPosts, unanswered } from './ordering.js';
import { changeStatus, emitPost, postRef, presentMany, presentOne, readablePost } from './posts.js';
import { readableBy } from './present.js';
import type { FeedPostRecord } from './records.js';
import { cleanEvent, cleanImages, cleanTitle, cleanTopics, searchTextOf } from './rules.js';

const BODY_RULES = { bodyMinLength: FEED_LIMITS.bodyMinLength, bodyMaxLength: FEED_LIMITS.bodyMaxLength };

/**
 * The feed rules: posts in spaces with topics, reactions, pins and features. Public
 * methods are exactly the operations of `FeedAdapter`. Pinning, featuring, locking, moving
 * and status changes are the `post` content handler, which moderation drives; replies are
 * comments in `post:<id>` threads, counted through the `post` thread hooks.
 */
export class FeedService implements EngineGroup<FeedAdapter> {
  #core: Core;
  #comments: () => CommentSettings;

  /** `comments` gives the engine's comment rules (reaction set, edit window). */
  constructor(core: Core, comments: () => CommentSettings = () => DEFAULT_COMMENT_SETTINGS) {
    this.#core = core;
    this.#comments = comments;
    const order = () => this.#comments().reactions;
    core.content.set('post', feedContentHandler(core, order));
    core.threads.set('post', feedThreadHooks(core, order));
  }

  /** Starts a post (members; announcements: staff); the same `idempotencyKey` never creates twice. */
  async createPost(input: unknown, viewer: Actor): Promise<FeedPost> {
    const parsed = parseInput(CreatePostInput, input);
    const kind = parsed.kind ?? 'discussion';
    const title = cleanTitle(parsed.title, kind);
    const body = checkBody(parsed.body, BODY_RULES);
    const topics = cleanTopics(parsed.topics ?? []);
    const images = cleanImages(parsed.images ?? []);
    const event = cleanEvent(parsed.event, kind);
    const fingerprint = JSON.stringify([parsed.space, kind, title, body, topics, images, event, parsed.profile ?? null]);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const settings = await core.settings(tx);
      core.require(acting.member, 'post', settings);
      if (kind === 'announcement') core.require(acting.member, 'announce', settings);
      const create = async () => {
        const space = await spaceRecord(tx, parsed.space);
        if (!space) throw noSpace(parsed.space);
        if (!spaceTakes(space.kind, kind)) {
          if (space.kind === 'qa') throw HearthError.validation('kind', 'A Q&A space takes only questions.');
          throw HearthError.validation('space', 'This space is a feedback board; send feedback there instead of posts.');
        }
        await this.#onboard(tx, acting, parsed.profile, settings, emit, at);
        const text = title ? `${title}\n\n${body}` : body;
        const { status, reason } = await core.gate.screen(tx, { acting, type: 'post', text, at });
        // Topics are words people read too: the banned-word rule covers them (only the rules
        // on the text itself, so flooding is still judged by title and body).
        if (topics.length) await core.gate.screen(tx, { acting, type: 'post', text: topics.map((t) => `#${t}`).join(' '), at, edit: true });
        const record: FeedPostRecord = {
          id: core.ids(),
          spaceId: space.id,
          kind,
          title,
          body,
          topics,
          images,
          event,
          author: acting.member,
          authorId: acting.member.id,
          createdAt: at,
          editedAt: null,
          status,
          heldReason: status === 'pending' ? reason : null,
          pinnedAt: null,
          featured: false,
          locked: false,
          replyCount: 0,
          reactions: {},
          score: 0,
          lastActivityAt: at,
          acceptedAnswerId: null,
          duplicateOf: null,
          searchText: searchTextOf(title, body),
        };
        await tx.collection('feedPosts').insert(record);
        const ref = postRef(record.id);
        if (status === 'published') {
          await core.countPublished(tx, acting.member.id, 1);
          await core.points.award(tx, { memberId: acting.member.id, rule: 'post', ref, at, fresh: true });
        }
        await core.openers.opened(tx, { type: 'post', itemId: record.id, location: space.id, title, authorId: acting.member.id, at, status, text: body, fresh: true });
        await core.track(tx, acting, 'post.created', ref, { hash: textHash(text), kind, space: space.id, topics: topics.join(',') }, at);
        if (status === 'published') await emitPost(core, tx, record, 'feed.post.created', emit, this.#order);
        else await core.gate.held?.(tx, { type: 'post', id: record.id, reason, at });
        const created = await this.#present(tx, record, acting.member, at);
        await core.webhooks.deliver(tx, 'post.created', { kind: 'feed_post', space: space.id, post: created }, at);
        return { id: record.id, result: created };
      };
      const load = async (id: string) => this.#present(tx, (await tx.collection('feedPosts').get(id))!, acting.member, at);
      return core.once(tx, acting.member.id, parsed.idempotencyKey, fingerprint, create, load, at);
    });
  }

  /** One post the viewer may read, or `not_found`. */
  async getPost(input: unknown, viewer: Actor): Promise<FeedPost> {
    const { postId } = parseInput(GetPostInput, input);
    const store = this.#core.store;
    const member = await this.#reader(viewer);
    const post = await readablePost(store, postId, member, this.#core.isStaff(member));
    return this.#present(store, post, member, this.#core.clock());
  }

  /**
   * One page of a space: pinned posts first (in pin order), then the sort; `topic` and
   * `kind` filter both. The cursor holds the last item's place and, for `hot`, the time
   * the walk started, so later pages rank by the same clock.
   */
  async listPosts(input: unknown, viewer: Actor): Promise<FeedPage> {
    const { space, sort = 'new', topic: rawTopic, kind, cursor, limit = PAGE_SIZE.default } = parseInput(ListPostsInput, input);
    const topic = rawTopic === undefined ? undefined : normalizeTopic(rawTopic);
    if (topic === '') throw HearthError.validation('topic', 'Name a topic to filter by.');
    const list = JSON.stringify([space, topic ?? null, kind ?? null]);
    const after = cursor === undefined ? null : decodeFeedCursor(cursor, sort, list);
    const store = this.#core.store;
    if (!(await spaceRecord(store, space))) throw noSpace(space);
    const member = await this.#reader(viewer);
    const staff = this.#core.isStaff(member);
    const now = after?.at ?? this.#core.clock();
    const found = await store.collection('feedPosts').find({
      where: { spaceId: space, status: sort === 'unanswered' ? 'published' : { ne: 'deleted' }, ...(kind ? { kind } : {}), ...(topic ? { topics: { has: topic } } : {}) },
    });
    const visible = found.filter((post) => readableBy(post, member, staff) && (sort !== 'unanswered' || unanswered(post)));
    const { items, next } = pageOfPosts(visible, sort, limit, now, list, after);
    return { items: await presentMany(store, items, member, staff, this.#order, now), nextCursor: next ? encodeFeedCursor(next) : null };
  }

  /** Changes title, body, topics or images: the author within the edit window, moderators always. */
  async editPost(input: unknown, viewer: Actor): Promise<FeedPost> {
    const parsed = parseInput(EditPostInput, input);
    const body = parsed.body === undefined ? undefined : checkBody(parsed.body, BODY_RULES);
    const topics = parsed.topics === undefined ? undefined : cleanTopics(parsed.topics);
    const images = parsed.images === undefined ? undefined : cleanImages(parsed.images);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const staff = core.isStaff(acting.member);
      const post = await readablePost(tx, parsed.postId, acting.member, staff);
      await core.requireRank(tx, post.author, acting, 'edit a post');
      if (!staff) {
        if (post.authorId !== acting.member.id) throw new HearthError('forbidden', 'You can only edit your own posts.');
        const window = this.#comments().editWindowMs;
        if (at - post.createdAt > window) throw new HearthError('forbidden', `The edit window has passed: posts can be edited for ${describeDuration(window)} after posting.`);
      }
      const title = parsed.title === undefined ? post.title : cleanTitle(parsed.title, post.kind);
      const next = { title, body: body ?? post.body, topics: topics ?? post.topics, images: images ?? post.images };
      const same = next.title === post.title && next.body === post.body && sameList(next.topics, post.topics) && sameList(next.images, post.images);
      if (same) return this.#present(tx, post, acting.member, at);
      const text = next.title ? `${next.title}\n\n${next.body}` : next.body;
      // Every edit passes the rules on the text itself (mute, banned words, links), not the
      // flood rules; topics are words too, and a muted member changes nothing.
      await core.gate.screen(tx, { acting, type: 'post', text: next.topics.length ? `${text}\n\n${next.topics.map((t) => `#${t}`).join(' ')}` : text, at, edit: true });
      const edited = await tx.collection('feedPosts').update(post.id, { ...next, editedAt: at, searchText: searchTextOf(next.title, next.body) });
      const changed = [next.title !== post.title && 'title', next.body !== post.body && 'body', !sameList(next.topics, post.topics) && 'topics', !sameList(next.images, post.images) && 'images'];
      await core.track(tx, acting, 'post.updated', postRef(post.id), { changed: changed.filter(Boolean).join(','), hash: textHash(text) }, at);
      await emitPost(core, tx, edited, 'feed.post.updated', emit, this.#order);
      return this.#present(tx, edited, acting.member, at);
    });
  }

  /** Soft-deletes: the author, or moderators (`moderate`). What it earned is reversed. */
  async deletePost(input: unknown, viewer: Actor): Promise<FeedPost> {
    const { postId } = parseInput(DeletePostInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const staff = core.isStaff(acting.member);
      const post = await readablePost(tx, postId, acting.member, staff);
      if (post.authorId !== acting.member.id) {
        if (!staff) throw new HearthError('forbidden', 'You can only delete your own posts.');
        core.require(acting.member, 'moderate');
        await core.requireRank(tx, post.author, acting, 'delete a post');
      }
      const deleted = await changeStatus(core, tx, post, 'deleted', emit, this.#order, at);
      const ref = postRef(post.id);
      const own = post.authorId === acting.member.id;
      await core.track(tx, acting, 'post.deleted', ref, { by: own ? 'author' : 'staff' }, at);
      // Removing someone else's post is a moderation action, and every one is audited.
      if (!own) {
        await core.moderated(tx, acting, { action: 'delete', target: ref, at });
      }
      return this.#present(tx, deleted, acting.member, at);
    });
  }

  /**
   * Turns the viewer's reaction with `emoji` on or off (emojis of the reaction set only).
   * With `active`, sets that state: when it already holds, changes nothing and publishes
   * nothing. The author earns `reaction_received` once per reacting member.
   */
  async reactToPost(input: unknown, viewer: Actor): Promise<FeedPost> {
    const { postId, emoji, active: wanted } = parseInput(ReactToPostInput, input);
    const reactions = this.#comments().reactions;
    if (!reactions.includes(emoji)) throw HearthError.validation('emoji', `Pick one of the available reactions: ${reactions.join(' ')}`);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'react');
      const memberId = acting.member.id;
      const post = await readablePost(tx, postId, acting.member, core.isStaff(acting.member));
      if (post.status !== 'published') throw new HearthError('conflict', 'Only published posts take reactions.');
      const rows = tx.collection('feedReactions');
      const id = `${postId}:${memberId}:${emoji}`;
      const had = (await rows.get(id)) !== null;
      const active = wanted ?? !had;
      if (active === had) return this.#present(tx, post, acting.member, at);
      if (active) await rows.insert({ id, postId, memberId, emoji, createdAt: at });
      else await rows.remove(id);
      // Recount from the rows so the stored count heals if two tabs merged different copies.
      const count = await rows.count({ postId, emoji });
      const before = post.reactions[emoji] ?? 0;
      const counts = { ...post.reactions, [emoji]: count };
      if (count === 0) delete counts[emoji];
      const updated = await tx.collection('feedPosts').update(postId, { reactions: counts, score: post.score + (count - before) });
      const ref = postRef(postId);
      const theirs = await rows.count({ postId, memberId });
      // One award per reacting member, whatever the number of emojis they use.
      if (active && theirs === 1) await core.points.award(tx, { memberId: post.authorId, rule: 'reaction_received', ref, at, actorId: memberId });
      if (!active && theirs === 0) await core.points.reverse(tx, { ref, memberId: post.authorId, rule: 'reaction_received', actorId: memberId, at });
      await core.track(tx, acting, active ? 'reaction.added' : 'reaction.removed', ref, { emoji }, at);
      emit({ type: 'feed.post.reaction', id: core.ids(), channel: spaceChannel(post.spaceId), postId, emoji, count, memberId, active });
      return this.#present(tx, updated, acting.member, at);
    });
  }

  /** Topics of published posts with their counts, most used first, then A–Z; `prefix` narrows. */
  async listTopics(input: unknown, _viewer: Actor): Promise<TopicCount[]> {
    const { space, prefix: rawPrefix, limit = 10 } = parseInput(ListTopicsInput, input);
    const store = this.#core.store;
    if (space !== undefined && !(await spaceRecord(store, space))) throw noSpace(space);
    const prefix = rawPrefix === undefined ? '' : normalizeTopic(rawPrefix);
    const posts = await store.collection('feedPosts').find({ where: { status: 'published', ...(space ? { spaceId: space } : {}) } });
    const counts = new Map<string, number>();
    for (const post of posts) for (const topic of post.topics) if (topic.startsWith(prefix)) counts.set(topic, (counts.get(topic) ?? 0) + 1);
    return [...counts]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([topic, count]) => ({ topic, posts: count }));
  }

  /** The reaction set's order, for listing a viewer's reactions. */
  #order = (): readonly string[] => this.#comments().reactions;

  async #present(tx: Store, record: FeedPostRecord, member: Member | null, now: number): Promise<FeedPost> {
    return presentOne(tx, record, member, this.#core.isStaff(member), this.#order, now);
  }

  /** The viewer for a read (role as the community assigned it), or null when anonymous. */
  async #reader(viewer: Actor): Promise<Member | null> {
    return (await this.#core.known(this.#core.store, viewer))?.member ?? null;
  }

  /**
   * Saves an onboarding profile sent with a post, and refuses a member's first post while
   * fields the community asks for are missing (`profile.<field>`).
   */
  async #onboard(tx: Store, acting: Acting, given: MemberProfile | undefined, settings: CommunitySettings, emit: Emit, at: number): Promise<void> {
    let profile = acting.record.profile;
    if (given) {
      const next: Record<string, unknown> = { ...profile };
      for (const [field, value] of Object.entries(given)) {
        if (value === undefined) continue;
        if (value === '' || (Array.isArray(value) && value.length === 0)) delete next[field];
        else next[field] = value;
      }
      profile = next as MemberProfile;
      const record = await tx.collection('members').update(acting.member.id, { profile });
      const fields = Object.keys(given).filter((k) => given[k as keyof MemberProfile] !== undefined).sort().join(',');
      await this.#core.track(tx, acting, 'member.profile_updated', `member:${acting.member.id}`, { fields }, at);
      await emitMemberChanged(this.#core, tx, record, 'profile', emit, at);
    }
    const missing = missingProfile(settings, profile);
    if (missing.length === 0) return;
    if ((await tx.collection('feedPosts').count({ authorId: acting.member.id })) > 0) return;
    const issues = missing.map((field) => ({ path: `profile.${field}`, message: `Tell the community your ${field} before your first post.` }));
    throw new HearthError('validation', `Complete your profile before your first post (${missing.join(', ')}).`, { issues });
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes >= 120 && minutes % 60 === 0) return `${minutes / 60} hours`;
  if (minutes >= 1) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}
