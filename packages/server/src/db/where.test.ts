import { expect, it } from 'vitest';
import { applyQuery, type FindQuery } from '@hearth/engine';
import { describeEachDatabase } from './test-databases.js';

type Row = { id: string } & Record<string, unknown>;

// Every kind of value a record field holds, including absent and null, mixed types, case,
// accents and arrays. (Null and absent are never mixed in one ordered field: the reference
// itself orders them inconsistently.)
const RECORDS: Row[] = [
  { id: 'a', n: 1, s: 'apple', b: true, tags: ['x', 'y'], opt: null, day: '2026-01-02' },
  { id: 'b', n: 10, s: 'Banana', b: false, tags: [], day: '2026-01-10' },
  { id: 'c', n: -2.5, s: 'apple', tags: ['y'], opt: 'set', day: '2026-01-01' },
  { id: 'd', n: 2, s: 'éclair', b: true, opt: 0, day: '2026-01-02' },
  { id: 'e', s: 'zebra', tags: ['x', 3], mixed: 5 },
  { id: 'f', n: 1000000, s: '10', b: false, obj: { k: 1 }, mixed: '40' },
  { id: 'A', n: 1, s: 'apple', mixed: true },
  { id: 'B', n: 0.5, s: 'a b', opt: null, mixed: 'zz' },
  { id: 'aa', n: 2, s: 'Zulu', b: true },
];

const QUERIES: Array<FindQuery<Row>> = [
  {},
  { where: { n: 1 } },
  { where: { s: 'apple', n: 1 } },
  { where: { b: true } },
  { where: { b: false } },
  { where: { opt: null } },
  { where: { opt: 0 } },
  { where: { n: '1' } },
  { where: { tags: ['x'] } },
  { where: { obj: { k: 1 } } },
  { where: { id: 'a' } },
  { where: { n: { in: [1, 2, '10'] } } },
  { where: { s: { in: ['apple', 'zebra'] } } },
  { where: { opt: { in: [null] } } },
  { where: { opt: { in: [undefined, 'set'] } } },
  { where: { n: { in: [] } } },
  { where: { id: { in: ['b', 'A', 'zz'] } } },
  { where: { s: { ne: 'apple' } } },
  { where: { opt: { ne: null } } },
  { where: { opt: { ne: undefined } } },
  { where: { b: { ne: true } } },
  { where: { n: { gt: 1 } } },
  { where: { n: { gte: 1, lte: 10 } } },
  { where: { n: { lt: 0 } } },
  { where: { n: { gt: null } } },
  { where: { n: { lte: null } } },
  { where: { s: { gte: 'b' } } },
  { where: { s: { lt: 'a' } } },
  { where: { s: { gt: 'Z', lt: 'b' } } },
  { where: { day: { gte: '2026-01-02', lte: '2026-01-10' } } },
  { where: { mixed: { gt: 30 } } },
  { where: { mixed: { lt: '6' } } },
  { where: { b: { gt: false } } },
  { where: { mixed: { gte: 'true' } } },
  { where: { obj: { gte: '[object' } } },
  { where: { tags: { has: 'x' } } },
  { where: { tags: { has: 3 } } },
  { where: { tags: { has: 'z' } } },
  { where: { s: { has: 'a' } } },
  { where: { id: { gt: 'a' } } },
  { where: { n: { gte: 1 }, id: { gt: 'a' }, s: { ne: 'Zulu' } } },
  { orderBy: [['n', 'asc']] },
  { orderBy: [['n', 'desc']] },
  { orderBy: [['s', 'asc']] },
  { orderBy: [['s', 'desc'], ['n', 'asc']] },
  { orderBy: [['b', 'asc']] },
  { orderBy: [['b', 'desc'], ['id', 'desc']] },
  { orderBy: [['day', 'desc']] },
  { orderBy: [['id', 'desc']] },
  { orderBy: [['n', 'asc']], limit: 3 },
  { orderBy: [['n', 'asc']], offset: 2, limit: 3 },
  { where: { s: 'apple' }, orderBy: [['n', 'desc']], offset: 1 },
  { limit: 0 },
];

describeEachDatabase('Collection find and count', ({ store }) => {
  it('matches applyQuery on the same records for every condition, order and page', async () => {
    const activity = (await store()).collection('activity');
    for (const record of RECORDS) await activity.insert(record as never);
    for (const query of QUERIES) {
      const label = JSON.stringify(query);
      const found = await activity.find(query as never);
      expect(found.map((r) => r.id), label).toEqual(applyQuery(RECORDS, query).map((r) => r.id));
      expect(await activity.count(query.where as never), label).toBe(applyQuery(RECORDS, { ...(query.where ? { where: query.where } : {}) }).length);
    }
    expect(await activity.find({ where: { id: 'f' } } as never)).toEqual([RECORDS[5]]);
  });

  it('updates some fields, drops fields patched to undefined, and keeps the id', async () => {
    const badges = (await store()).collection('activity');
    await badges.insert({ id: 'x', n: 1, s: 'a', keep: true } as never);
    expect(await badges.update('x', { n: 2, s: undefined, id: 'other' } as never)).toEqual({ id: 'x', n: 2, keep: true });
    expect(await badges.getMany(['missing', 'x', 'x'])).toEqual([
      { id: 'x', n: 2, keep: true },
      { id: 'x', n: 2, keep: true },
    ]);
  });
});
