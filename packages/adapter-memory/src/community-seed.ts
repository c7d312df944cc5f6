import type { Engine } from '@hearth/engine';
import type { FeedbackKind, FeedbackStatus, PollType, PostKind, Viewer } from '@hearth/protocol';
import type { MemorySeedComment } from './seed.js';

/** A post of the demo data: in the feed (`general`) or, as a question, in `qa`. */
export interface MemorySeedPost {
  author: string;
  /** Default `general`; questions go to `qa`. */
  space?: string;
  kind?: PostKind;
  title?: string;
  body: string;
  topics?: string[];
  minutesAgo: number;
  pinned?: boolean;
  featured?: boolean;
  /** Emoji to member ids. */
  reactions?: Record<string, string[]>;
  /** Replies in the post's comment thread. */
  replies?: MemorySeedComment[];
  /** Questions only: answers, each with who upvoted it. */
  answers?: Array<{ author: string; body: string; minutesAgo: number; upvotes?: string[] }>;
  /** Questions only: a bounty the asker offers (50–500 points from their balance). */
  bounty?: number;
  /** Questions only: the index of the answer the asker accepted. */
  accepted?: number;
}

/** A poll of the demo data, with a fixed id so a page can name it. */
export interface MemorySeedPoll {
  id: string;
  author: string;
  question: string;
  type: PollType;
  options?: string[];
  minutesAgo: number;
  /** Member id to the indexes of the options they chose (or `[rating]` for rating polls). */
  ballots?: Record<string, number[]>;
}

/** A feedback item of the demo data, optionally triaged with an official reply. */
export interface MemorySeedFeedback {
  author: string;
  kind: FeedbackKind;
  title?: string;
  body: string;
  rating?: number;
  nps?: number;
  minutesAgo: number;
  votes?: string[];
  status?: FeedbackStatus;
  reply?: string;
  /** The staff member who set the status (default: the first moderator or admin seeded). */
  by?: string;
}

/** The community part of a seed: feed posts, questions, polls, feedback and today's check-ins. */
export interface MemorySeedCommunity {
  posts?: MemorySeedPost[];
  polls?: MemorySeedPoll[];
  feedback?: MemorySeedFeedback[];
  /** Members who have checked in today (their streak starts at 1). */
  checkIns?: string[];
  /** Points an admin granted each member before anything else (say, for last year's meetups). */
  grants?: Record<string, { points: number; reason: string; minutesAgo: number }>;
}

type Actor = Viewer;

/**
 * Writes the community part of a seed through the engine, so every rule applies and every
 * point is earned the way members earn them. `at(minutesAgo)` moves the seed's clock;
 * `name(id)` makes the engine's next id `id` (the poll ids a page refers to).
 */
export async function applyCommunitySeed(
  engine: Engine,
  seed: MemorySeedCommunity,
  members: Map<string, Actor>,
  clock: { at(minutesAgo: number): void; name(id: string): void },
  writeComments: (threadKey: string, comments: MemorySeedComment[]) => Promise<void>,
): Promise<void> {
  const who = (id: string): Actor => {
    const member = members.get(id);
    if (!member) throw new TypeError(`The community seed names an unknown member "${id}".`);
    return member;
  };
  const staff = [...members.values()].find((m) => m.role === 'moderator' || m.role === 'admin' || m.role === 'owner');
  const owner = { id: 'hearth-seed', displayName: 'Seed', role: 'owner' as const };
  let n = 0;
  const key = (what: string) => `seed-${what}-${(n += 1)}`;

  for (const [id, grant] of Object.entries(seed.grants ?? {})) {
    clock.at(grant.minutesAgo);
    // Points go to members; one who has not acted yet joins now (a no-op for the rest).
    await engine.community.updateProfile({}, who(id));
    await engine.gamification.adjustPoints({ memberId: who(id).id, delta: grant.points, reason: grant.reason }, owner);
  }

  for (const post of seed.posts ?? []) {
    clock.at(post.minutesAgo);
    const isQuestion = post.kind === 'question';
    const created = await engine.feed.createPost(
      { space: post.space ?? (isQuestion ? 'qa' : 'general'), kind: post.kind, title: post.title, body: post.body, topics: post.topics, idempotencyKey: key('post') },
      who(post.author),
    );
    if (post.bounty) await engine.qa.offerBounty({ questionId: created.id, amount: post.bounty, idempotencyKey: key('bounty') }, who(post.author));
    if (post.pinned) await engine.moderation.act({ target: { type: 'post', id: created.id }, action: 'pin' }, owner);
    if (post.featured) await engine.moderation.act({ target: { type: 'post', id: created.id }, action: 'feature' }, owner);
    for (const [emoji, ids] of Object.entries(post.reactions ?? {})) {
      for (const id of ids) await engine.feed.reactToPost({ postId: created.id, emoji, active: true }, who(id));
    }
    if (post.replies?.length) await writeComments(`post:${created.id}`, post.replies);
    const answerIds: string[] = [];
    for (const answer of post.answers ?? []) {
      clock.at(answer.minutesAgo);
      const made = await engine.qa.answer({ questionId: created.id, body: answer.body, idempotencyKey: key('answer') }, who(answer.author));
      answerIds.push(made.id);
      for (const id of answer.upvotes ?? []) await engine.qa.vote({ target: { type: 'answer', id: made.id }, value: 1 }, who(id));
    }
    if (post.accepted !== undefined && answerIds[post.accepted]) {
      await engine.qa.accept({ questionId: created.id, answerId: answerIds[post.accepted]! }, who(post.author));
    }
  }

  for (const poll of seed.polls ?? []) {
    clock.at(poll.minutesAgo);
    clock.name(poll.id);
    const view = await engine.polls.createPoll({ question: poll.question, type: poll.type, options: poll.options, idempotencyKey: key('poll') }, who(poll.author));
    if (view.poll.id !== poll.id) throw new Error(`The seeded poll came out as "${view.poll.id}", not "${poll.id}".`);
    for (const [id, picks] of Object.entries(poll.ballots ?? {})) {
      const input = poll.type === 'rating' ? { pollId: poll.id, rating: picks[0] } : { pollId: poll.id, choices: picks.map((i) => view.poll.options[i]!.id) };
      await engine.polls.vote(input, who(id));
    }
  }

  for (const item of seed.feedback ?? []) {
    clock.at(item.minutesAgo);
    const made = await engine.feedback.submitFeedback(
      { kind: item.kind, title: item.title, body: item.body, rating: item.rating, nps: item.nps, idempotencyKey: key('feedback') },
      who(item.author),
    );
    for (const id of item.votes ?? []) await engine.feedback.voteFeedback({ feedbackId: made.id, active: true }, who(id));
    if (item.status) {
      const by = item.by ? who(item.by) : staff ?? owner;
      await engine.feedback.setFeedbackStatus({ feedbackId: made.id, status: item.status, reply: item.reply }, by);
    }
  }

  clock.at(0);
  for (const id of seed.checkIns ?? []) await engine.gamification.checkIn({}, who(id));
}
