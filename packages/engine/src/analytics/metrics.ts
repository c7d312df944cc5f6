import {
  FEEDBACK_STATUSES,
  HearthError,
  METRICS_MAX_DAYS,
  type CommunitySettings,
  type DayMetrics,
  type Metrics,
  type ReplyTimes,
  type ResponseMetrics,
} from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { ActivityRecord } from '../records.js';
import { addDays, daysBetween, startOfDay } from '../core/time.js';
import type { OpenerRecord } from './records.js';
import { activeInWindow, bucketByDay, dayRange, isCalendarDay, median, percentile, ratio, retentionCohorts, topCounts } from './stats.js';
import { toPublicMember } from './zero-replies.js';

/** Event types counted as posts, replies and reactions (docs/analytics.md). */
export const POST_EVENTS: ReadonlySet<string> = new Set(['post.created']);
export const REPLY_EVENTS: ReadonlySet<string> = new Set(['comment.created', 'answer.created']);
/** How many contributors and topics `metrics` lists. */
export const TOP_LIMIT = 10;

/** A parsed `MetricsInput`. */
export interface MetricsQuery {
  from: string;
  to: string;
  variant?: string;
}

/** Checks what the schema cannot: real dates, order, span. Errors name `from` or `to`. */
export function checkRange({ from, to }: MetricsQuery): void {
  if (!isCalendarDay(from)) throw HearthError.validation('from', `"${from}" is not a calendar date. Use YYYY-MM-DD, such as 2026-03-01.`);
  if (!isCalendarDay(to)) throw HearthError.validation('to', `"${to}" is not a calendar date. Use YYYY-MM-DD, such as 2026-03-31.`);
  const span = daysBetween(from, to);
  if (span < 0) throw HearthError.validation('to', `The range ends (${to}) before it starts (${from}). Swap the dates.`);
  if (span + 1 > METRICS_MAX_DAYS) throw HearthError.validation('to', `A range covers at most ${METRICS_MAX_DAYS} days; this one covers ${span + 1}.`);
}

/** Whether an activity event is a reaction in the metrics' sense: an emoji reaction or an up-vote. */
export function isReaction(event: Pick<ActivityRecord, 'type' | 'data'>): boolean {
  if (event.type === 'reaction.added') return true;
  return event.type === 'vote.cast' && typeof event.data.value === 'number' && event.data.value > 0;
}

/** Computes every number of `Metrics` for a checked range. */
export async function computeMetrics(core: Core, query: MetricsQuery, settings: CommunitySettings, now: number): Promise<Metrics> {
  const store = core.store;
  const { from, to } = query;
  const variant = query.variant ?? null;
  const tz = settings.timeZone;
  const today = core.day(now, settings);
  // Nothing after the report's last day counts, and nothing after now exists. Retention only
  // judges days that are over: at 00:05 on a member's day 1 they have not failed to return.
  const lastEndedDay = to < today ? to : addDays(today, -1);
  const endAt = Math.min(startOfDay(addDays(to, 1), tz), now + 1);
  const days = dayRange(from, to);

  // 29 days before `from` feed the 30-day windows (MAU) of the first days.
  const loaded = await store.collection('activity').find({ where: { day: { gte: addDays(from, -29), lte: to } } });
  const selected = variant === null ? loaded : loaded.filter((e) => e.variant === variant);
  const inRange = selected.filter((e) => e.day >= from);
  const byDay = bucketByDay(selected.flatMap((e) => (e.memberId === null ? [] : [{ day: e.day, memberId: e.memberId }])));

  const perDay = new Map<string, { newMembers: number; posts: number; replies: number; reactions: number }>(days.map((d) => [d, { newMembers: 0, posts: 0, replies: 0, reactions: 0 }]));
  const joins: Array<{ memberId: string; day: string }> = [];
  const contributions = new Map<string, number>();
  const topics = new Map<string, number>();
  const pollVotes = new Map<string, { ballots: number; voters: Set<string> }>();
  const activeInRange = new Set<string>();
  const pollVoters = new Set<string>();
  for (const event of inRange) {
    const counts = perDay.get(event.day)!;
    if (event.memberId !== null) activeInRange.add(event.memberId);
    if (event.type === 'member.joined' && event.memberId !== null) {
      counts.newMembers += 1;
      joins.push({ memberId: event.memberId, day: event.day });
    } else if (event.memberId !== null) {
      contributions.set(event.memberId, (contributions.get(event.memberId) ?? 0) + 1);
    }
    if (POST_EVENTS.has(event.type)) {
      counts.posts += 1;
      for (const topic of String(event.data.topics ?? '').split(',')) {
        const t = topic.trim();
        if (t) topics.set(t, (topics.get(t) ?? 0) + 1);
      }
    }
    if (REPLY_EVENTS.has(event.type)) counts.replies += 1;
    if (isReaction(event)) counts.reactions += 1;
    if (event.type === 'poll.voted' && typeof event.data.pollId === 'string') {
      let poll = pollVotes.get(event.data.pollId);
      if (!poll) pollVotes.set(event.data.pollId, (poll = { ballots: 0, voters: new Set() }));
      poll.ballots += 1;
      if (event.memberId !== null) {
        poll.voters.add(event.memberId);
        pollVoters.add(event.memberId);
      }
    }
  }

  const dayRows: DayMetrics[] = days.map((day) => ({
    day,
    activeMembers: byDay.get(day)?.size ?? 0,
    weeklyActiveMembers: activeInWindow(byDay, day, 7),
    monthlyActiveMembers: activeInWindow(byDay, day, 30),
    ...perDay.get(day)!,
  }));
  const sum = (key: 'newMembers' | 'posts' | 'replies' | 'reactions') => dayRows.reduce((n, row) => n + row[key], 0);

  // Variants over the whole range, whatever the filter, so a console can compare them.
  const variants = new Map<string | null, { members: Set<string>; events: number }>();
  for (const event of loaded) {
    if (event.day < from) continue;
    let v = variants.get(event.variant);
    if (!v) variants.set(event.variant, (v = { members: new Set(), events: 0 }));
    v.events += 1;
    if (event.memberId !== null) v.members.add(event.memberId);
  }

  const polls = await store.collection('polls').getMany([...pollVotes.keys()]);
  const questions = new Map(polls.map((p) => [p.id, p.question]));
  const pollRows = [...pollVotes.entries()]
    .map(([pollId, v]) => ({ pollId, question: questions.get(pollId) ?? null, ballots: v.ballots, voters: v.voters.size }))
    .sort((a, b) => b.voters - a.voters || b.ballots - a.ballots || (a.pollId < b.pollId ? -1 : 1));

  return {
    from,
    to,
    timeZone: tz,
    variant,
    days: dayRows,
    totals: {
      activeMembers: activeInRange.size,
      weeklyActiveMembers: activeInWindow(byDay, to, 7),
      monthlyActiveMembers: activeInWindow(byDay, to, 30),
      newMembers: sum('newMembers'),
      posts: sum('posts'),
      replies: sum('replies'),
      reactions: sum('reactions'),
      events: inRange.length,
    },
    retention: retentionCohorts(joins, byDay, lastEndedDay),
    responses: await responses(core, loaded, { from, to, variant, tz, endAt, target: settings.firstResponseTargetMs }),
    feedbackByStatus: await feedbackByStatus(core),
    polls: { polls: pollRows, voters: pollVoters.size, participation: ratio(pollVoters.size, activeInRange.size) },
    topContributors: await contributors(core, contributions, from, to),
    topTopics: topCounts(topics, TOP_LIMIT).map(([topic, posts]) => ({ topic, posts })),
    variants: [...variants.entries()]
      .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
      .map(([name, v]) => ({ variant: name, activeMembers: v.members.size, events: v.events })),
  };
}

/**
 * Response metrics over published openers created in the range. An opener counts as
 * answered when its first reply (by anyone but its author) came before the report's end.
 */
async function responses(
  core: Core,
  loaded: ActivityRecord[],
  o: { from: string; to: string; variant: string | null; tz: string; endAt: number; target: number },
): Promise<ResponseMetrics> {
  let openers = await core.store.collection('openers').find({
    where: { status: 'published', createdAt: { gte: startOfDay(o.from, o.tz), lt: o.endAt } },
  });
  if (o.variant !== null) {
    // An opener's variant is its author's on the event that created it (same ref, same member).
    const created = new Set(loaded.filter((e) => e.variant === o.variant && e.ref !== null && e.memberId !== null).map((e) => `${e.ref}|${e.memberId}`));
    openers = openers.filter((opener) => created.has(`${opener.id}|${opener.authorId}`));
  }
  const gaps = (pick: (opener: OpenerRecord) => number | null) =>
    openers.flatMap((opener) => {
      const at = pick(opener);
      return at !== null && at < o.endAt ? [at - opener.createdAt] : [];
    });
  const first = gaps((opener) => opener.firstReplyAt);
  const staff = gaps((opener) => opener.firstStaffReplyAt);
  const times = (values: number[]): ReplyTimes => ({ count: values.length, medianMs: median(values), p90Ms: percentile(values, 90) });
  return {
    openers: openers.length,
    zeroReply: openers.length - first.length,
    zeroReplyRate: ratio(openers.length - first.length, openers.length),
    withinTargetRate: ratio(first.filter((gap) => gap <= o.target).length, openers.length),
    targetMs: o.target,
    firstReply: times(first),
    firstStaffReply: times(staff),
  };
}

/** Current counts of published feedback by status; every known status is listed. */
async function feedbackByStatus(core: Core): Promise<Metrics['feedbackByStatus']> {
  const counts = new Map<string, number>(FEEDBACK_STATUSES.map((s) => [s, 0]));
  for (const item of await core.store.collection('feedback').find({ where: { visibility: 'published' } })) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  return [...counts.entries()].map(([status, count]) => ({ status, count }));
}

/** The top contributors by events in the range, with the net points they earned in it. */
async function contributors(core: Core, events: Map<string, number>, from: string, to: string): Promise<Metrics['topContributors']> {
  const points = new Map<string, number>();
  for (const entry of await core.store.collection('ledger').find({ where: { day: { gte: from, lte: to } } })) {
    if (events.has(entry.memberId)) points.set(entry.memberId, (points.get(entry.memberId) ?? 0) + entry.delta);
  }
  const ranked = [...events.entries()]
    .sort(([a, x], [b, y]) => y - x || (points.get(b) ?? 0) - (points.get(a) ?? 0) || (a < b ? -1 : 1))
    .slice(0, TOP_LIMIT);
  const records = new Map((await core.store.collection('members').getMany(ranked.map(([id]) => id))).map((m) => [m.id, m]));
  return ranked.map(([id, count]) => {
    const record = records.get(id);
    return {
      member: record ? toPublicMember(record) : { id, displayName: 'Former member', avatarUrl: null, role: 'member' as const },
      events: count,
      points: points.get(id) ?? 0,
    };
  });
}
