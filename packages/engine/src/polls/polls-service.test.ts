import { describe, expect, it } from 'vitest';
import { HearthError, type CommunityEvent, type Viewer } from '@hearth/protocol';
import { DuplicateRecordError } from '../collections.js';
import { createEngine } from '../engine.js';
import { MemoryStore } from '../memory-store.js';
import type { Store } from '../store.js';

const START = Date.UTC(2026, 2, 2, 10);
const mo: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };
const ada: Viewer = { id: 'ada', displayName: 'Ada', role: 'member' };
const gus: Viewer = { id: 'ada', displayName: 'Gus', role: 'guest' };

function world(store: Store = new MemoryStore()) {
  const clock = { now: START };
  const events: CommunityEvent[] = [];
  const engine = createEngine({ store, clock: () => clock.now, publish: (e) => events.push(e), community: { pollGuests: true } });
  let keys = 0;
  const create = (input: Record<string, unknown> = {}) =>
    engine.polls.createPoll({ question: 'Q?', type: 'single', options: ['a', 'b'], idempotencyKey: `key-000${++keys}`, ...input }, mo);
  const activity = async (prefix = 'poll.') => (await engine.core.store.collection('activity').find({ orderBy: [['at', 'asc']] })).filter((e) => e.type.startsWith(prefix));
  return { clock, events, engine, create, activity };
}

async function code(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(HearthError.is(error), `expected a HearthError, got ${String(error)}`).toBe(true);
  return (error as HearthError).code;
}

describe('PollsService activity and records', () => {
  it('tracks poll.created, poll.voted per accepted ballot and poll.closed, and nothing for refused or repeated calls', async () => {
    const w = world();
    const view = await w.create({ allowChange: true });
    const [a, b] = view.poll.options.map((o) => o.id);
    const tick = () => (w.clock.now += 1000);
    tick();
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [a] }, ada);
    tick();
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [a] }, ada);
    tick();
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [b] }, ada);
    tick();
    expect(await code(w.engine.polls.vote({ pollId: view.poll.id, choices: ['zzz'] }, ada))).toBe('validation');
    tick();
    await w.engine.polls.closePoll({ pollId: view.poll.id }, mo);
    tick();
    await w.engine.polls.closePoll({ pollId: view.poll.id }, mo);
    expect(await code(w.engine.polls.vote({ pollId: view.poll.id, choices: [a] }, mo))).toBe('conflict');
    const ref = `poll:${view.poll.id}`;
    expect((await w.activity()).map((e) => [e.type, e.memberId, e.ref, e.data])).toEqual([
      ['poll.created', 'mo', ref, { kind: 'single' }],
      ['poll.voted', 'ada', ref, { pollId: view.poll.id }],
      ['poll.voted', 'ada', ref, { pollId: view.poll.id }],
      ['poll.closed', 'mo', ref, {}],
    ]);
    expect((await w.activity('poll.closed'))[0]!.staff).toBe(true);
  });

  it('earns no points for creating, voting or closing', async () => {
    const w = world();
    const view = await w.create();
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [view.poll.options[0]!.id] }, ada);
    await w.engine.polls.closePoll({ pollId: view.poll.id }, mo);
    expect(await w.engine.core.store.collection('ledger').count()).toBe(0);
  });

  it('audits closing and reopening', async () => {
    const w = world();
    const view = await w.create();
    await w.engine.polls.closePoll({ pollId: view.poll.id }, mo);
    w.clock.now += 1000;
    await w.engine.polls.reopenPoll({ pollId: view.poll.id }, mo);
    const audit = await w.engine.core.store.collection('audit').find({ where: { target: `poll:${view.poll.id}` }, orderBy: [['at', 'asc']] });
    expect(audit.map((e) => e.action)).toEqual(['poll.close', 'poll.reopen']);
  });

  it('stores one ballot row per voter, keyed by poll and voter, guests apart from members with the same id', async () => {
    const w = world();
    const view = await w.create();
    const a = view.poll.options[0]!.id;
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [a] }, ada);
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [a] }, gus);
    const rows = await w.engine.core.store.collection('ballots').find({ where: { pollId: view.poll.id } });
    expect(rows.map((r) => r.id).sort()).toEqual([`${view.poll.id}:ada`, `${view.poll.id}:guest:ada`]);
    expect((await w.engine.polls.getPoll({ pollId: view.poll.id }, null)).poll.totalBallots).toBe(2);
    // Nothing on the poll record counts ballots: results come from the rows alone.
    const poll = await w.engine.core.store.collection('polls').get(view.poll.id);
    expect(Object.keys(poll!).sort()).toEqual(
      ['allowChange', 'author', 'closedAt', 'closesAt', 'context', 'createdAt', 'description', 'editedAt', 'id', 'maxPicks', 'minPicks', 'options', 'question', 'resultsVisibility', 'scale', 'type', 'voters'].sort(),
    );
  });

  it('publishes only after a write commits, and nothing for a refused one', async () => {
    const w = world();
    const view = await w.create({ allowChange: false });
    const a = view.poll.options[0]!.id;
    expect(w.events).toEqual([]);
    await w.engine.polls.vote({ pollId: view.poll.id, choices: [a] }, ada);
    expect(await code(w.engine.polls.vote({ pollId: view.poll.id, choices: [view.poll.options[1]!.id] }, ada))).toBe('conflict');
    expect(w.events.map((e) => e.type)).toEqual(['poll.updated']);
  });

  it('turns a duplicate ballot insert from a store running transactions side by side into a conflict', async () => {
    // A SQL store may let two first ballots of one voter race; the loser's insert hits the unique id.
    const inner = new MemoryStore();
    let racing = false;
    const store: Store = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return own(target, prop, receiver);
        return <T>(fn: (tx: Store) => Promise<T>) =>
          target.transaction((tx) =>
            fn(
              new Proxy(tx, {
                get(t, p, r) {
                  if (p !== 'collection') return own(t, p, r);
                  return (name: Parameters<Store['collection']>[0]) => {
                    const collection = t.collection(name);
                    if (name !== 'ballots' || !racing) return collection;
                    return { ...bind(collection), insert: async (record: { id: string }) => Promise.reject(new DuplicateRecordError('ballots', record.id)) };
                  };
                },
              }),
            ),
          );
      },
    });
    const w = world(store);
    const view = await w.create();
    racing = true;
    const error = await w.engine.polls.vote({ pollId: view.poll.id, choices: [view.poll.options[0]!.id] }, ada).catch((e: unknown) => e);
    expect(HearthError.is(error, 'conflict')).toBe(true);
    racing = false;
    expect(await inner.collection('ballots').count()).toBe(0);
    expect(w.events).toEqual([]);
  });
});

/** A property of `target`, methods bound to it (MemoryStore keeps #private state a Proxy cannot reach). */
function own(target: object, prop: string | symbol, receiver: unknown): unknown {
  const value: unknown = Reflect.get(target, prop, receiver);
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
}

/** A collection's methods bound to it, so they survive being spread into another object. */
function bind<T extends object>(collection: T): T {
  const out: Record<string, unknown> = {};
  for (const key of ['get', 'getMany', 'insert', 'put', 'update', 'remove', 'find', 'count']) {
    const method = (collection as Record<string, unknown>)[key];
    if (typeof method === 'function') out[key] = method.bind(collection);
  }
  return out as T;
}
