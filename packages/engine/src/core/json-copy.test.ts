import { describe, expect, it } from 'vitest';
import { jsonCopy } from './json-copy.js';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('jsonCopy', () => {
  it('reads back as JSON would, for every kind of value a record can hold', () => {
    const values: unknown[] = [
      null,
      0,
      -1.5,
      'text',
      true,
      [],
      {},
      { id: 'm1', points: { balance: 8, today: { day: '2026-12-03', earned: 2 } }, recentCreates: { from: 1, creates: [[2, 'k3'], [1, null]] } },
      { gone: undefined, fn: () => 1, sym: Symbol('s'), kept: 1 },
      [undefined, () => 1, 1, NaN, Infinity],
      { at: new Date(Date.UTC(2030, 0, 1)), nested: [{ when: new Date(0) }] },
      { n: NaN, i: -Infinity, z: -0 },
      { custom: { toJSON: (key: string) => `as ${key}` } },
    ];
    for (const value of values) expect(jsonCopy(value)).toStrictEqual(roundTrip(value));
  });

  it('shares nothing with what it copied', () => {
    const record = { list: [{ a: 1 }], inner: { b: [2] } };
    const copied = jsonCopy(record);
    copied.list[0]!.a = 9;
    copied.inner.b.push(3);
    expect(record).toEqual({ list: [{ a: 1 }], inner: { b: [2] } });
  });

  it('refuses a BigInt as JSON does', () => {
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
  });
});
