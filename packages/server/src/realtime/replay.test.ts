import { describe, expect, it } from 'vitest';
import type { CommunityEvent } from '@hearth/protocol';
import { ReplayBuffer } from './replay.js';

const event = (id: string, channel = 'a'): CommunityEvent => ({ type: 'leaderboard.changed', id, channel });
const ids = (events: CommunityEvent[] | null) => events?.map((e) => e.id) ?? null;

describe('ReplayBuffer', () => {
  it('returns what came after an id, on the channels asked for, oldest first', () => {
    const buffer = new ReplayBuffer();
    for (const [id, channel] of [['1', 'a'], ['2', 'b'], ['3', 'a'], ['4', 'c'], ['5', 'a']] as const) buffer.push('acme', event(id, channel));
    expect(ids(buffer.after('acme', '1', ['a']))).toEqual(['3', '5']);
    expect(ids(buffer.after('acme', '2', ['a', 'c']))).toEqual(['3', '4', '5']);
    expect(ids(buffer.after('acme', '5', ['a']))).toEqual([]);
  });

  it('keeps communities apart', () => {
    const buffer = new ReplayBuffer();
    buffer.push('acme', event('1'));
    buffer.push('globex', event('2'));
    buffer.push('acme', event('3'));
    expect(ids(buffer.after('acme', '1', ['a']))).toEqual(['3']);
    expect(buffer.after('globex', '1', ['a'])).toBeNull();
    expect(ids(buffer.all('globex', ['a']))).toEqual(['2']);
  });

  it('answers null for an id it never saw', () => {
    const buffer = new ReplayBuffer();
    buffer.push('acme', event('1'));
    expect(buffer.after('acme', 'nope', ['a'])).toBeNull();
    expect(buffer.after('unknown-community', '1', ['a'])).toBeNull();
  });

  it('holds at most its size per community, forgetting the oldest, whose ids then answer null', () => {
    const buffer = new ReplayBuffer(3);
    for (const id of ['1', '2', '3', '4', '5']) buffer.push('acme', event(id));
    buffer.push('globex', event('g1'));
    expect(ids(buffer.all('acme', ['a']))).toEqual(['3', '4', '5']);
    expect(buffer.after('acme', '2', ['a'])).toBeNull();
    expect(ids(buffer.after('acme', '3', ['a']))).toEqual(['4', '5']);
    expect(ids(buffer.all('globex', ['a']))).toEqual(['g1']);
  });

  it('keeps exactly the last events however many have passed through', () => {
    const buffer = new ReplayBuffer(3);
    for (let i = 1; i <= 20; i++) {
      buffer.push('acme', event(String(i)));
      const last = Array.from({ length: Math.min(i, 3) }, (_, k) => String(i - Math.min(i, 3) + 1 + k));
      expect(ids(buffer.all('acme', ['a']))).toEqual(last);
      expect(ids(buffer.after('acme', last[0]!, ['a']))).toEqual(last.slice(1));
      if (i > 3) expect(buffer.after('acme', String(i - 3), ['a'])).toBeNull();
    }
  });

  it('keeps 1,000 events per community by default', () => {
    const buffer = new ReplayBuffer();
    for (let i = 0; i < 1500; i++) buffer.push('acme', event(String(i)));
    const held = buffer.all('acme', ['a']);
    expect(held).toHaveLength(1000);
    expect(held[0]!.id).toBe('500');
    expect(buffer.after('acme', '499', ['a'])).toBeNull();
    expect(buffer.after('acme', '500', ['a'])).toHaveLength(999);
  });

  it('remembers an event heard twice only once', () => {
    const buffer = new ReplayBuffer();
    buffer.push('acme', event('1'));
    buffer.push('acme', event('2'));
    buffer.push('acme', event('2'));
    expect(ids(buffer.after('acme', '1', ['a']))).toEqual(['2']);
  });

  it('refuses a size that is not a positive whole number', () => {
    expect(() => new ReplayBuffer(0)).toThrow(/positive whole number/);
  });
});
