import { describe, expect, it } from 'vitest';
import { HearthError, type BreakdownGroup, type CommunityEvent, type Viewer } from '@hearth/protocol';
import { createEngine } from '../engine.js';
import { MemoryStore } from '../memory-store.js';
import { isCorrection } from './poll-edit.js';
import { protect } from './breakdown.js';

// The operator side of polls: listing, editing a poll people voted in, and the breakdown by
// voter role and level.

const START = Date.UTC(2026, 2, 2, 10);
const HOUR = 3_600_000;
const mo: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };
const admin: Viewer = { id: 'root', displayName: 'Root', role: 'admin' };
const vol: Viewer = { id: 'vi', displayName: 'Vi', role: 'volunteer' };
const ada: Viewer = { id: 'ada', displayName: 'Ada', role: 'member' };

function world() {
  const clock = { now: START };
  const events: CommunityEvent[] = [];
  const engine = createEngine({ store: new MemoryStore(), clock: () => clock.now, publish: (e) => events.push(e), community: { pollGuests: true } });
  let keys = 0;
  const create = (input: Record<string, unknown> = {}, by: Viewer = mo) =>
    engine.polls.createPoll({ question: 'Where?', type: 'single', options: ['Berlin', 'Lisbon', 'Online'], idempotencyKey: `key-000${++keys}`, ...input }, by);
  const member = (i: number, role: Viewer['role'] = 'member'): Viewer => ({ id: `m${i}`, displayName: `M${i}`, role });
  const audit = (pollId: string) => engine.core.store.collection('audit').find({ where: { target: `poll:${pollId}` }, orderBy: [['at', 'asc']] });
  return { clock, events, engine, create, member, audit };
}

async function failure(call: Promise<unknown>): Promise<HearthError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(HearthError.is(error), `expected a HearthError, got ${String(error)}`).toBe(true);
  return error as HearthError;
}

const paths = (error: HearthError) => (error.details.issues ?? []).map((i) => i.path);

describe('listPolls', () => {
  it('lists newest first in pages, open or closed by the clock, ballots counted, for reviewers only', async () => {
    const w = world();
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(await w.create({ question: `Q${i}`, closesAt: i === 1 ? new Date(START + HOUR).toISOString() : null }));
      w.clock.now += 1000;
    }
    await w.engine.polls.vote({ pollId: made[4]!.poll.id, choices: [made[4]!.poll.options[0]!.id] }, ada);
    await w.engine.polls.closePoll({ pollId: made[3]!.poll.id }, mo);

    const first = await w.engine.polls.listPolls({ limit: 2 }, vol);
    expect(first.items.map((p) => p.question)).toEqual(['Q4', 'Q3']);
    expect(first.items[0]!.totalBallots).toBe(1);
    const rest = await w.engine.polls.listPolls({ limit: 2, cursor: first.nextCursor! }, vol);
    const last = await w.engine.polls.listPolls({ limit: 2, cursor: rest.nextCursor! }, vol);
    expect([...rest.items, ...last.items].map((p) => p.question)).toEqual(['Q2', 'Q1', 'Q0']);
    expect(last.nextCursor).toBeNull();

    const closed = async () => (await w.engine.polls.listPolls({ status: 'closed' }, mo)).items.map((p) => p.question);
    expect(await closed()).toEqual(['Q3']);
    w.clock.now = START + 2 * HOUR; // Q1's deadline passed: closed without a write
    expect(await closed()).toEqual(['Q3', 'Q1']);
    expect((await w.engine.polls.listPolls({ status: 'open', limit: 1 }, mo)).items.map((p) => p.question)).toEqual(['Q4']);

    expect((await failure(w.engine.polls.listPolls({}, ada))).code).toBe('forbidden');
    expect((await failure(w.engine.polls.listPolls({}, null))).code).toBe('unauthorized');
    expect(paths(await failure(w.engine.polls.listPolls({ status: 'archived' }, mo)))).toEqual(['status']);
    expect(paths(await failure(w.engine.polls.listPolls({ cursor: 'nope' }, mo)))).toEqual(['cursor']);
  });

  it('pages through many polls made in the same millisecond without gaps or repeats', async () => {
    const w = world();
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await w.create({ question: `Same ${i}` })).poll.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof w.engine.polls.listPolls>> = await w.engine.polls.listPolls({ limit: 3, ...(cursor ? { cursor } : {}) }, mo);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].sort());
  });
});

describe('editPoll', () => {
  it('changes the words, adds options and moves the deadline, audited, with one event', async () => {
    const w = world();
    const view = await w.create({ description: '  Pick one.  ' });
    expect(view.poll.description).toBe('Pick one.');
    const [berlin, lisbon, online] = view.poll.options;
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [berlin!.id] }, ada);
    w.clock.now += 1000;
    const closesAt = new Date(START + 48 * HOUR).toISOString();
    const edited = await w.engine.polls.editPoll(
      {
        pollId: view.poll.id,
        question: 'Where should we meet?',
        description: '',
        options: [{ id: online!.id, label: 'Online' }, { id: berlin!.id, label: 'berlin.' }, { id: lisbon!.id, label: 'Porto' }, { label: 'Madrid' }],
        closesAt,
        resultsVisibility: 'after_vote',
      },
      mo,
    );
    expect(edited.poll).toMatchObject({ question: 'Where should we meet?', description: null, closesAt, resultsVisibility: 'after_vote', editedAt: new Date(START + 1000).toISOString() });
    expect(edited.poll.options.map((o) => o.label)).toEqual(['Online', 'berlin.', 'Porto', 'Madrid']);
    expect(edited.poll.options.slice(0, 3).map((o) => o.id)).toEqual([online!.id, berlin!.id, lisbon!.id]);
    // Ada's ballot still counts for the option she chose.
    expect(edited.results?.type === 'single' && edited.results.options.find((o) => o.optionId === berlin!.id)?.count).toBe(1);
    const [entry] = await w.audit(view.poll.id);
    expect(entry).toMatchObject({ action: 'poll.edit', actorId: 'mo', data: { changed: 'question,description,options,closesAt,resultsVisibility', added: 1, removed: '', relabelled: 2 } });
    expect(w.events.filter((e) => e.type === 'poll.updated')).toHaveLength(2);
  });

  it('refuses removing or replacing an option with votes, and changes nothing', async () => {
    const w = world();
    const view = await w.create();
    const [berlin, lisbon, online] = view.poll.options;
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [berlin!.id] }, ada);
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [berlin!.id] }, w.member(1));
    const before = await w.engine.polls.getPoll({ pollId: view.poll.id }, mo);
    const events = w.events.length;

    const removed = await failure(w.engine.polls.editPoll({ pollId: view.poll.id, options: [{ id: lisbon!.id, label: 'Lisbon' }, { id: online!.id, label: 'Online' }] }, mo));
    expect(removed.code).toBe('conflict');
    expect(removed.message).toBe('"Berlin" has 2 votes, so it cannot be removed: its voters would lose their choice. Close the poll and start a new one to change the choices.');
    expect(paths(removed)).toEqual(['options']);

    const replaced = await failure(
      w.engine.polls.editPoll({ pollId: view.poll.id, question: 'Changed too?', options: [{ id: berlin!.id, label: 'Munich' }, { id: lisbon!.id, label: 'Lisbon' }, { id: online!.id, label: 'Online' }] }, mo),
    );
    expect(replaced.code).toBe('conflict');
    expect(replaced.message).toContain('"Berlin" has 2 votes, so its label can only be corrected');
    expect(paths(replaced)).toEqual(['options.0.label']);

    expect(await w.engine.polls.getPoll({ pollId: view.poll.id }, mo)).toEqual(before);
    expect(await w.audit(view.poll.id)).toEqual([]);
    expect(w.events).toHaveLength(events);

    // An option nobody chose goes, and may be renamed freely.
    const trimmed = await w.engine.polls.editPoll({ pollId: view.poll.id, options: [{ id: berlin!.id, label: 'Berlin' }, { id: lisbon!.id, label: 'Porto' }] }, mo);
    expect(trimmed.poll.options.map((o) => o.label)).toEqual(['Berlin', 'Porto']);
    expect((await w.audit(view.poll.id))[0]!.data).toMatchObject({ removed: 'Online' });
  });

  it('names each malformed field, refuses a deadline on a closed poll, and leaves type and voters alone', async () => {
    const w = world();
    const view = await w.create();
    const [a, b] = view.poll.options;
    const edit = (patch: Record<string, unknown>, by: Viewer | null = mo) => w.engine.polls.editPoll({ pollId: view.poll.id, ...patch }, by);
    expect(paths(await failure(edit({ question: '   ' })))).toEqual(['question']);
    expect(paths(await failure(edit({ question: 'x'.repeat(301) })))).toEqual(['question']);
    expect(paths(await failure(edit({ description: '字'.repeat(2001) })))).toEqual(['description']);
    expect(paths(await failure(edit({ options: [{ id: a!.id, label: 'Berlin' }] })))).toEqual(['options']);
    expect(paths(await failure(edit({ options: [{ id: a!.id, label: 'Berlin' }, { label: 'berlin' }] })))).toEqual(['options.1.label']);
    expect(paths(await failure(edit({ options: [{ id: a!.id, label: 'Berlin' }, { id: 'nope', label: 'X' }] })))).toEqual(['options.1.id']);
    expect(paths(await failure(edit({ options: [{ id: a!.id, label: 'Berlin' }, { id: a!.id, label: 'X' }] })))).toEqual(['options.1.id']);
    expect(paths(await failure(edit({ options: [{ id: a!.id, label: 'Berlin' }, { id: b!.id, label: '' }] })))).toEqual(['options.1.label']);
    expect(paths(await failure(edit({ closesAt: new Date(START - 1).toISOString() })))).toEqual(['closesAt']);
    expect(paths(await failure(edit({ resultsVisibility: 'never' })))).toEqual(['resultsVisibility']);
    expect((await failure(edit({ question: 'Mine now' }, ada))).code).toBe('forbidden');
    expect((await failure(edit({ question: 'Mine now' }, null))).code).toBe('unauthorized');
    // A moderator may not edit an admin's poll; the admin may.
    const admins = await w.create({}, admin);
    expect((await failure(w.engine.polls.editPoll({ pollId: admins.poll.id, question: 'Hijack' }, mo))).code).toBe('forbidden');
    // Type, scale, picks and voters are not part of an edit: they are ignored, never applied.
    const same = await edit({ type: 'multiple', voters: 'public' } as Record<string, unknown>);
    expect(same.poll).toMatchObject({ type: 'single', voters: 'secret', editedAt: null });

    await w.engine.polls.closePoll({ pollId: view.poll.id }, mo);
    const late = await failure(edit({ closesAt: new Date(START + HOUR).toISOString() }));
    expect([late.code, paths(late)]).toEqual(['conflict', ['closesAt']]);
    // A closed poll's words can still be fixed.
    w.clock.now += 1000;
    expect((await edit({ question: 'Where did we meet?' })).poll.question).toBe('Where did we meet?');
    expect((await w.audit(view.poll.id)).map((e) => e.action)).toEqual(['poll.close', 'poll.edit']);
  });

  it('keeps a multiple-choice poll that let ballots pick every option doing so, and its minimum', async () => {
    const w = world();
    const all = await w.create({ type: 'multiple', options: ['a', 'b', 'c'] });
    const grown = await w.engine.polls.editPoll({ pollId: all.poll.id, options: [...all.poll.options, { label: 'd' }] }, mo);
    expect([grown.poll.minPicks, grown.poll.maxPicks]).toEqual([1, 4]);
    const two = await w.create({ type: 'multiple', options: ['a', 'b', 'c', 'd'], minPicks: 3, maxPicks: 3 });
    const error = await failure(w.engine.polls.editPoll({ pollId: two.poll.id, options: two.poll.options.slice(0, 2) }, mo));
    expect([error.code, error.message]).toEqual(['validation', 'Each ballot picks at least 3 options here, so keep at least 3.']);
    const rating = await w.create({ type: 'rating', options: undefined });
    expect(paths(await failure(w.engine.polls.editPoll({ pollId: rating.poll.id, options: [{ label: 'x' }, { label: 'y' }] }, mo)))).toEqual(['options']);
  });
});

describe('isCorrection', () => {
  it('takes case, width, spacing, punctuation and small typos; refuses new words and numbers', () => {
    expect(isCorrection('Berln', 'Berlin')).toBe(true);
    expect(isCorrection('yes', 'Ｙｅｓ!')).toBe(true);
    expect(isCorrection('New  york', 'New York')).toBe(true);
    expect(isCorrection('Red', 'Rod')).toBe(false);
    expect(isCorrection('Berlin', 'Munich')).toBe(false);
    expect(isCorrection('Agree', 'Disagree')).toBe(false);
    expect(isCorrection('10 people', '20 people')).toBe(false);
    expect(isCorrection('北京', '南京')).toBe(false);
  });
});

describe('breakdown', () => {
  const counts = (group: BreakdownGroup | undefined) => group?.options.map((o) => o.count);

  it('splits a public poll by role and by level as they are now, guests apart', async () => {
    const w = world();
    const view = await w.create({ voters: 'public' });
    const [berlin, lisbon] = view.poll.options;
    const vote = (viewer: Viewer, option = berlin!) => w.engine.polls.vote({ pollId: view.poll.id, choices: [option.id] }, viewer);
    await vote(ada);
    await vote(w.member(1), lisbon);
    await vote(vol, lisbon);
    await vote({ id: 'g1', displayName: 'Guest', role: 'guest' });
    // Ada rises a few levels after voting: the breakdown reads her level now.
    await w.engine.gamification.adjustPoints({ memberId: 'ada', delta: 500, reason: 'Helped at the meetup' }, admin);

    const result = await w.engine.polls.breakdown({ pollId: view.poll.id }, mo);
    expect(result).toMatchObject({ pollId: view.poll.id, type: 'single', totalBallots: 4, minGroupSize: 1 });
    expect(result.byRole.map((g) => [g.key, g.ballots, counts(g)])).toEqual([
      ['volunteer', 1, [0, 1, 0]],
      ['member', 2, [1, 1, 0]],
      ['guest', 1, [1, 0, 0]],
    ]);
    const levels = result.byLevel.map((g) => [g.key, g.level?.level ?? null, g.ballots, counts(g)]);
    expect(levels[levels.length - 1]).toEqual(['guests', null, 1, [1, 0, 0]]);
    const ada2 = result.byLevel.find((g) => g.key !== '1' && g.key !== 'guests');
    expect(ada2).toMatchObject({ ballots: 1, level: { level: Number(ada2!.key) } });
    expect(counts(ada2)).toEqual([1, 0, 0]);
    expect(result.byLevel.find((g) => g.key === '1')?.ballots).toBe(2);
  });

  it('never shows a secret poll group under five ballots, not even by subtraction', async () => {
    const w = world();
    const view = await w.create({ voters: 'secret' });
    const [berlin, lisbon] = view.poll.options;
    for (let i = 0; i < 6; i++) await w.engine.polls.vote({ pollId: view.poll.id, choices: [berlin!.id] }, w.member(i));
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [lisbon!.id] }, vol);
    const result = await w.engine.polls.breakdown({ pollId: view.poll.id }, admin);
    expect(result.minGroupSize).toBe(5);
    // Members (6) alone would give the volunteer's vote away: everyone lands in `other`.
    expect(result.byRole.map((g) => [g.key, g.ballots, g.merged])).toEqual([['other', 7, ['volunteer', 'member']]]);
    expect(JSON.stringify(result)).not.toContain('"m1"');

    for (let i = 6; i < 11; i++) await w.engine.polls.vote({ pollId: view.poll.id, choices: [lisbon!.id] }, w.member(i, 'moderator'));
    const more = await w.engine.polls.breakdown({ pollId: view.poll.id }, admin);
    expect(more.byRole.map((g) => [g.key, g.ballots])).toEqual([
      ['member', 6],
      ['other', 6],
    ]);
    expect(more.byRole[1]!.merged).toEqual(['moderator', 'volunteer']);
  });

  it('gives rating polls the average and distribution, ranked polls first preferences', async () => {
    const w = world();
    const rating = await w.create({ type: 'rating', options: undefined, voters: 'public' });
    await w.engine.polls.vote({ pollId: rating.poll.id, rating: 4 }, ada);
    await w.engine.polls.vote({ pollId: rating.poll.id, rating: 2 }, w.member(1));
    const rated = (await w.engine.polls.breakdown({ pollId: rating.poll.id }, mo)).byRole[0]!;
    expect(rated).toMatchObject({ key: 'member', ballots: 2, options: [], average: 3 });
    expect(rated.distribution.map((d) => d.count)).toEqual([0, 1, 0, 1, 0]);

    const ranked = await w.create({ type: 'ranked', voters: 'public' });
    const [x, y, z] = ranked.poll.options.map((o) => o.id);
    await w.engine.polls.vote({ pollId: ranked.poll.id, choices: [y!, x!] }, ada);
    await w.engine.polls.vote({ pollId: ranked.poll.id, choices: [z!] }, w.member(1));
    expect(counts((await w.engine.polls.breakdown({ pollId: ranked.poll.id }, mo)).byRole[0])).toEqual([0, 1, 1]);
  });

  it('is for those who see insights', async () => {
    const w = world();
    const view = await w.create();
    expect((await failure(w.engine.polls.breakdown({ pollId: view.poll.id }, vol))).code).toBe('forbidden');
    expect((await failure(w.engine.polls.breakdown({ pollId: view.poll.id }, null))).code).toBe('unauthorized');
    expect((await failure(w.engine.polls.breakdown({ pollId: 'nope' }, mo))).code).toBe('not_found');
  });
});

describe('protect', () => {
  const seed = (n: number) => ({ role: null, level: null, facts: Array.from({ length: n }, () => ({}) as never) });
  it('merges small groups, and the smallest others until the merged group is big enough', () => {
    const sizes = (groups: ReturnType<typeof protect>) => groups.map((g) => [g.key, g.facts.length]);
    expect(sizes(protect([['a', seed(9)], ['b', seed(5)]], 5))).toEqual([['a', 9], ['b', 5]]);
    expect(sizes(protect([['a', seed(9)], ['b', seed(2)], ['c', seed(4)]], 5))).toEqual([['a', 9], ['other', 6]]);
    expect(sizes(protect([['a', seed(9)], ['b', seed(6)], ['c', seed(1)]], 5))).toEqual([['a', 9], ['other', 7]]);
    expect(sizes(protect([['a', seed(2)], ['b', seed(1)]], 5))).toEqual([['other', 3]]);
    expect(sizes(protect([['a', seed(1)]], 1))).toEqual([['a', 1]]);
  });
});
