// A member's data, found across every collection that keys by member: exported as JSON
// (GDPR access) or erased (GDPR erasure) with their content anonymised or removed.
import { ERASED_MEMBER_NAME, threadChannel, type ContentType, type Post, type EraseContent, type Member, type MemberExportSection } from '@hearth/protocol';
import type { Acting, Core, Emit } from '../core/core.js';
import type { ActivityRecord, MemberRecord } from '../records.js';
import type { PostRecord, ReactionRecord, Store } from '../store.js';
import type { FeedPostRecord, FeedReactionRecord } from '../feed/records.js';
import type { AnswerRecord, BountyRecord, VoteRecord } from '../qa/records.js';
import type { BallotRecord, PollRecord } from '../polls/records.js';
import type { FeedbackRecord, FeedbackUpdateRecord, FeedbackVoteRecord } from '../feedback/records.js';
import type { AuditRecord, ReportRecord } from '../moderation/records.js';
import type { BadgeRecord, CheckInRecord, LedgerRecord } from '../points/records.js';
import { readable as canRead, treeView } from '../visibility.js';

/** Everything stored about one member, as records. */
export interface MemberData {
  member: MemberRecord;
  comments: PostRecord[];
  posts: FeedPostRecord[];
  answers: AnswerRecord[];
  feedback: FeedbackRecord[];
  polls: PollRecord[];
  /** Reactions on page comments (the posts table). */
  commentReactions: ReactionRecord[];
  /** Reactions on feed posts. */
  feedReactions: FeedReactionRecord[];
  votes: VoteRecord[];
  feedbackVotes: FeedbackVoteRecord[];
  ballots: BallotRecord[];
  reports: ReportRecord[];
  bounties: BountyRecord[];
  ledger: LedgerRecord[];
  /** Other members' ledger entries this member caused (their reactions, votes, acceptances). */
  causedLedger: LedgerRecord[];
  badges: BadgeRecord[];
  checkins: CheckInRecord[];
  /** Audit entries whose target is the member. */
  moderation: AuditRecord[];
  /** Audit entries the member made as staff. */
  actions: AuditRecord[];
  feedbackUpdates: FeedbackUpdateRecord[];
  activity: ActivityRecord[];
}

/** The content ids an activity type names in its ref (`comment:<id>`), for content stored without an author column. */
function refIds(activity: readonly ActivityRecord[], types: readonly string[], prefix: string): string[] {
  const ids = new Set<string>();
  for (const event of activity) {
    if (types.includes(event.type) && event.ref?.startsWith(`${prefix}:`)) ids.add(event.ref.slice(prefix.length + 1));
  }
  return [...ids];
}

/**
 * Reads every record about `member`. Content stored with only an author snapshot (page
 * comments, answers, polls, comment reactions) is found through the member's activity
 * events, which every create writes in the same transaction.
 */
export async function readMemberData(tx: Store, member: MemberRecord): Promise<MemberData> {
  const memberId = member.id;
  const activity = await tx.collection('activity').find({ where: { memberId }, orderBy: [['at', 'asc']] });
  const commentIds = refIds(activity, ['comment.created'], 'comment');
  const comments: PostRecord[] = [];
  for (const id of commentIds) {
    const post = await tx.getPost(id);
    if (post && post.author.id === memberId) comments.push(post);
  }
  const reactedComments = refIds(activity, ['reaction.added'], 'comment');
  const answers = (await tx.collection('answers').getMany(refIds(activity, ['answer.created'], 'answer'))).filter((a) => a.author.id === memberId);
  const polls = (await tx.collection('polls').getMany(refIds(activity, ['poll.created'], 'poll'))).filter((p) => p.author.id === memberId);
  const [offered, paid] = [
    await tx.collection('bounties').find({ where: { memberId } }),
    await tx.collection('bounties').find({ where: { paidTo: memberId } }),
  ];
  const ledger = await tx.collection('ledger').find({ where: { memberId }, orderBy: [['at', 'asc']] });
  const caused = await tx.collection('ledger').find({ where: { actorId: memberId }, orderBy: [['at', 'asc']] });
  return {
    member,
    comments,
    posts: await tx.collection('feedPosts').find({ where: { authorId: memberId }, orderBy: [['createdAt', 'asc']] }),
    answers,
    feedback: await tx.collection('feedback').find({ where: { authorId: memberId }, orderBy: [['createdAt', 'asc']] }),
    polls,
    commentReactions: reactedComments.length ? await tx.listMemberReactions(memberId, reactedComments) : [],
    feedReactions: await tx.collection('feedReactions').find({ where: { memberId } }),
    votes: await tx.collection('votes').find({ where: { memberId } }),
    feedbackVotes: await tx.collection('feedbackVotes').find({ where: { memberId } }),
    ballots: await tx.collection('ballots').find({ where: { voterKey: memberId } }),
    reports: await tx.collection('reports').find({ where: { reporterId: memberId } }),
    bounties: [...offered, ...paid.filter((b) => b.memberId !== memberId)],
    ledger,
    causedLedger: caused.filter((e) => e.memberId !== memberId),
    badges: await tx.collection('badges').find({ where: { memberId } }),
    checkins: await tx.collection('checkins').find({ where: { memberId }, orderBy: [['day', 'asc']] }),
    moderation: await tx.collection('audit').find({ where: { target: `member:${memberId}` }, orderBy: [['at', 'asc']] }),
    actions: await tx.collection('audit').find({ where: { actorId: memberId }, orderBy: [['at', 'asc']] }),
    feedbackUpdates: (await feedbackUpdatesBy(tx, memberId, activity)),
    activity,
  };
}

/** Status changes the member made as staff: found through their `feedback.status_changed` events. */
async function feedbackUpdatesBy(tx: Store, memberId: string, activity: readonly ActivityRecord[]): Promise<FeedbackUpdateRecord[]> {
  const items = refIds(activity, ['feedback.status_changed'], 'feedback');
  const out: FeedbackUpdateRecord[] = [];
  for (const feedbackId of items) {
    for (const update of await tx.collection('feedbackUpdates').find({ where: { feedbackId } })) if (update.actor.id === memberId) out.push(update);
  }
  return out;
}

/** Fields holding epoch milliseconds, written as ISO strings in an export. */
const TIME_FIELD = /^(at|.*At|.*Until)$/;

/** A record as JSON for a person to read: epoch-millisecond times as ISO strings. */
function readable(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = typeof value === 'number' && TIME_FIELD.test(key) ? new Date(value).toISOString() : value === undefined ? null : structuredClone(value);
  }
  return out;
}

/** A comment as realtime events carry it (the public view), read inside the write. */
async function commentEvent(tx: Store, id: string): Promise<Post | null> {
  const post = await tx.getPost(id);
  const thread = post && (await tx.getThread(post.threadId));
  if (!post || !thread) return null;
  const root = post.rootId === null ? post : await tx.getPost(post.rootId);
  const tree = [...(root ? [root] : []), ...(await tx.listDescendants([post.rootId ?? post.id]))];
  const open = canRead(post, null);
  return {
    id: post.id,
    threadId: post.threadId,
    threadKey: thread.key,
    parentId: post.parentId,
    depth: post.depth,
    replyTo: post.replyTo,
    body: open ? post.body : '',
    author: post.author,
    createdAt: new Date(post.createdAt).toISOString(),
    editedAt: post.editedAt === null ? null : new Date(post.editedAt).toISOString(),
    status: post.status,
    reactions: open ? post.reactions : {},
    viewerReactions: [],
    replyCount: treeView(tree, null).replyCount(post.id),
  };
}

/** The export's sections, each a list of records as JSON. */
export function exportSections(data: MemberData): Record<MemberExportSection, Record<string, unknown>[]> {
  const list = (records: readonly object[]) => records.map(readable);
  return {
    comments: list(data.comments.map(({ seq: _seq, ...post }) => post)),
    posts: list(data.posts.map(({ searchText: _search, ...post }) => post)),
    answers: list(data.answers),
    feedback: list(data.feedback.map(({ searchText: _search, ...item }) => item)),
    polls: list(data.polls),
    reactions: [...list(data.commentReactions.map((r) => ({ on: `comment:${r.postId}`, ...r }))), ...list(data.feedReactions.map((r) => ({ on: `post:${r.postId}`, ...r })))],
    votes: list(data.votes),
    feedbackVotes: list(data.feedbackVotes),
    ballots: list(data.ballots),
    reports: list(data.reports),
    bounties: list(data.bounties),
    ledger: list(data.ledger),
    badges: list(data.badges),
    checkins: list(data.checkins),
    moderation: list(data.moderation),
    actions: list(data.actions),
    feedbackUpdates: list(data.feedbackUpdates),
    activity: list(data.activity),
  };
}

/** The stored member record as JSON (its running sums and flood log are bookkeeping, left out). */
export function exportMember(record: MemberRecord): Record<string, unknown> {
  const { points: _points, recentCreates: _recent, ...rest } = record;
  return readable(rest);
}

/** The author erased members' kept content shows: a fresh id each, so nothing links it back. */
export function ghostOf(core: Core): Member {
  return { id: `erased-${core.ids()}`, displayName: ERASED_MEMBER_NAME, avatarUrl: null, role: 'member' };
}

/**
 * A short, stable reference to an erased member id for the audit log, so a repeat can say
 * it already ran without the log keeping the id (two 32-bit FNV-1a hashes, not reversible to
 * a name, and no more than the id itself reveals).
 */
export function erasureRef(memberId: string): string {
  const fnv = (seed: number) => {
    let hash = seed;
    for (const ch of memberId) {
      hash ^= ch.codePointAt(0)!;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(36);
  };
  return `member:erased:${fnv(0x811c9dc5)}${fnv(0x50c5d1f)}`;
}

/**
 * Erases a member inside the write `tx`: their content is kept under `ghost` (`anonymise`)
 * or deleted through its type's own deletion (`remove`: counts, points and openers follow,
 * replies by others stay); votes, reactions, ballots and reports stay counted under the
 * ghost; their points, badges, check-ins and record go; logs keep what happened, not who.
 * Returns how many records of each kind it changed.
 */
export async function eraseMemberData(core: Core, tx: Store, data: MemberData, mode: EraseContent, acting: Acting, emit: Emit): Promise<Record<string, number>> {
  const memberId = data.member.id;
  const ghost = ghostOf(core);
  const counts: Record<string, number> = {};
  const count = (key: string, n: number) => {
    if (n > 0) counts[key] = (counts[key] ?? 0) + n;
  };
  const remove = mode === 'remove';

  // Content first, while the member record still exists for the deletions' bookkeeping.
  const deleteItem = async (type: ContentType, id: string, status: string) => {
    if (!remove || status === 'deleted') return;
    await core.content.get(type)?.setStatus(tx, id, 'deleted', emit, acting);
  };
  const changedComments = new Set<string>();
  for (const post of data.comments) {
    await deleteItem('comment', post.id, post.status);
    await tx.updatePost(post.id, remove ? { author: ghost, body: '', status: 'deleted' } : { author: ghost });
    changedComments.add(post.id);
    // Replies to them name whom they answered.
    for (const reply of await tx.listDescendants([post.rootId ?? post.id])) {
      if (reply.replyTo?.id !== post.id) continue;
      await tx.updatePost(reply.id, { replyTo: { id: post.id, authorName: ERASED_MEMBER_NAME } });
      changedComments.add(reply.id);
    }
  }
  count('comments', data.comments.length);
  // Threads hear of every comment that changed, so readers (and caches of pages) show the new author.
  for (const id of changedComments) {
    const event = await commentEvent(tx, id);
    if (event) emit({ type: 'post.updated', id: core.ids(), channel: threadChannel(event.threadKey), post: event });
  }
  for (const post of data.posts) {
    await deleteItem('post', post.id, post.status);
    const wiped = remove ? { title: null, body: '', images: [], topics: [], searchText: '', event: null } : {};
    await tx.collection('feedPosts').update(post.id, { author: ghost, authorId: ghost.id, ...wiped });
  }
  count('posts', data.posts.length);
  for (const answer of data.answers) {
    await deleteItem('answer', answer.id, answer.status);
    await tx.collection('answers').update(answer.id, remove ? { author: ghost, body: '' } : { author: ghost });
  }
  count('answers', data.answers.length);
  for (const item of data.feedback) {
    await deleteItem('feedback', item.id, item.visibility);
    const wiped = remove ? { title: null, body: '', searchText: '', pageUrl: null, pageTitle: null } : {};
    await tx.collection('feedback').update(item.id, { author: ghost, authorId: ghost.id, email: null, ...wiped });
  }
  count('feedback', data.feedback.length);
  // Polls belong to the community (staff made them, others voted): kept, under the ghost.
  for (const poll of data.polls) await tx.collection('polls').update(poll.id, { author: ghost });
  count('polls', data.polls.length);
  for (const opener of await tx.collection('openers').find({ where: { authorId: memberId } })) await tx.collection('openers').update(opener.id, { authorId: ghost.id });

  // What they did to others' content stays counted, under the ghost.
  for (const reaction of data.commentReactions) {
    await tx.toggleReaction(reaction);
    await tx.toggleReaction({ ...reaction, memberId: ghost.id });
  }
  for (const reaction of data.feedReactions) {
    await tx.collection('feedReactions').remove(reaction.id);
    await tx.collection('feedReactions').insert({ ...reaction, id: `${reaction.postId}:${ghost.id}:${reaction.emoji}`, memberId: ghost.id });
  }
  count('reactions', data.commentReactions.length + data.feedReactions.length);
  for (const vote of data.votes) {
    await tx.collection('votes').remove(vote.id);
    await tx.collection('votes').insert({ ...vote, id: `${vote.targetType}:${vote.targetId}:${ghost.id}`, memberId: ghost.id });
  }
  count('votes', data.votes.length);
  for (const vote of data.feedbackVotes) {
    await tx.collection('feedbackVotes').remove(vote.id);
    await tx.collection('feedbackVotes').insert({ ...vote, id: `${vote.feedbackId}:${ghost.id}`, memberId: ghost.id });
  }
  count('feedbackVotes', data.feedbackVotes.length);
  for (const ballot of data.ballots) {
    await tx.collection('ballots').remove(ballot.id);
    await tx.collection('ballots').insert({ ...ballot, id: `${ballot.pollId}:${ghost.id}`, voterKey: ghost.id, voter: ghost });
  }
  count('ballots', data.ballots.length);
  for (const report of data.reports) {
    await tx.collection('reports').remove(report.id);
    await tx.collection('reports').insert({ ...report, id: `${report.ref}:${ghost.id}`, reporterId: ghost.id, note: remove ? null : report.note });
  }
  count('reports', data.reports.length);
  for (const bounty of data.bounties) {
    await tx.collection('bounties').update(bounty.id, {
      ...(bounty.memberId === memberId ? { memberId: ghost.id } : {}),
      ...(bounty.paidTo === memberId ? { paidTo: ghost.id } : {}),
    });
  }
  count('bounties', data.bounties.length);
  // Read again: removing content above wrote reversals of what it had earned.
  for (const entry of await tx.collection('ledger').find({ where: { actorId: memberId } })) {
    if (entry.memberId !== memberId) await tx.collection('ledger').update(entry.id, { actorId: ghost.id });
  }

  // Their own standing goes: the boards sum the ledger, so they leave every board.
  const ledger = await tx.collection('ledger').find({ where: { memberId } });
  for (const entry of ledger) await tx.collection('ledger').remove(entry.id);
  count('ledger', ledger.length);
  for (const badge of data.badges) await tx.collection('badges').remove(badge.id);
  count('badges', data.badges.length);
  for (const checkin of data.checkins) await tx.collection('checkins').remove(checkin.id);
  count('checkins', data.checkins.length);

  // The logs keep what happened, not who.
  for (const entry of data.moderation) await tx.collection('audit').update(entry.id, { target: `member:${ghost.id}` });
  for (const entry of data.actions) {
    await tx.collection('audit').update(entry.id, { actor: ghost, actorId: ghost.id, ...(entry.target === `member:${memberId}` ? { target: `member:${ghost.id}` } : {}) });
  }
  count('audit', new Set([...data.moderation, ...data.actions].map((e) => e.id)).size);
  for (const update of data.feedbackUpdates) await tx.collection('feedbackUpdates').update(update.id, { actor: ghost });
  count('feedbackUpdates', data.feedbackUpdates.length);
  // Analytics keep counting them (active days, retention) as someone no one can name.
  for (const event of await tx.collection('activity').find({ where: { memberId } })) {
    await tx.collection('activity').update(event.id, { memberId: ghost.id, ...(event.ref === `member:${memberId}` ? { ref: `member:${ghost.id}` } : {}) });
  }
  count('activity', data.activity.length);
  for (const event of await tx.collection('activity').find({ where: { ref: `member:${memberId}` } })) {
    await tx.collection('activity').update(event.id, { ref: `member:${ghost.id}` });
  }

  await tx.collection('members').remove(memberId);
  count('member', 1);
  return counts;
}
