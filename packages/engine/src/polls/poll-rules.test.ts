import { describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/protocol';
import { checkBallot, checkClosesAt, checkCreate, closedTime, hiddenReason, isClosed, sameBallot, voterKey } from './poll-rules.js';
import type { PollRecord } from './records.js';

function fails(fn: () => unknown): { code: string; field: string | undefined } {
  try {
    fn();
  } catch (error) {
    if (HearthError.is(error)) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a HearthError');
}

function poll(patch: Partial<PollRecord> = {}): PollRecord {
  return {
    id: 'p',
    question: 'Q?',
    type: 'single',
    options: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() })),
    minPicks: null,
    maxPicks: null,
    scale: null,
    resultsVisibility: 'always',
    voters: 'secret',
    allowChange: true,
    closesAt: null,
    closedAt: null,
    author: { id: 'mo', displayName: 'Mo', avatarUrl: null, role: 'moderator' },
    createdAt: 0,
    context: null,
    ...patch,
  };
}

describe('checkCreate', () => {
  it('fills the multiple-choice defaults: 1 to every option', () => {
    expect(checkCreate({ question: 'Q', type: 'multiple', options: ['a', 'b', 'c'] })).toMatchObject({ minPicks: 1, maxPicks: 3, scale: null });
  });

  it('gives a rating poll a 1–5 scale by default, and no options', () => {
    expect(checkCreate({ question: 'Q', type: 'rating' })).toEqual({ question: 'Q', labels: [], minPicks: null, maxPicks: null, scale: { min: 1, max: 5, step: 1 } });
    expect(checkCreate({ question: 'Q', type: 'rating', options: [] }).labels).toEqual([]);
  });

  it('counts question and option lengths in characters, not UTF-16 units', () => {
    expect(checkCreate({ question: '😀'.repeat(300), type: 'single', options: ['😀'.repeat(200), 'b'] }).labels).toHaveLength(2);
    expect(fails(() => checkCreate({ question: '问'.repeat(301), type: 'single', options: ['a', 'b'] }))).toEqual({ code: 'validation', field: 'question' });
    expect(fails(() => checkCreate({ question: 'Q', type: 'single', options: ['a', '😀'.repeat(201)] }))).toEqual({ code: 'validation', field: 'options.1' });
  });

  it('names the later of two options that read the same', () => {
    expect(fails(() => checkCreate({ question: 'Q', type: 'single', options: ['Yes', 'No', 'Maybe', 'YES'] })).field).toBe('options.3');
    expect(fails(() => checkCreate({ question: 'Q', type: 'ranked', options: ['a  b', 'a b'] })).field).toBe('options.1');
    expect(fails(() => checkCreate({ question: 'Q', type: 'single', options: ['ｙｅｓ', 'yes'] })).field).toBe('options.1');
  });

  it('needs at least two options except for rating polls', () => {
    expect(fails(() => checkCreate({ question: 'Q', type: 'single', options: ['a'] })).field).toBe('options');
    expect(fails(() => checkCreate({ question: 'Q', type: 'ranked' })).field).toBe('options');
    expect(fails(() => checkCreate({ question: 'Q', type: 'rating', options: ['a', 'b'] })).field).toBe('options');
  });

  it('checks picks against the option count', () => {
    const base = { question: 'Q', type: 'multiple' as const, options: ['a', 'b', 'c'] };
    expect(fails(() => checkCreate({ ...base, minPicks: 0 })).field).toBe('minPicks');
    expect(fails(() => checkCreate({ ...base, minPicks: 4 })).field).toBe('minPicks');
    expect(fails(() => checkCreate({ ...base, maxPicks: 4 })).field).toBe('maxPicks');
    expect(fails(() => checkCreate({ ...base, minPicks: 3, maxPicks: 2 })).field).toBe('maxPicks');
    expect(checkCreate({ ...base, minPicks: 2, maxPicks: 2 })).toMatchObject({ minPicks: 2, maxPicks: 2 });
  });

  it('refuses fields that belong to another type', () => {
    expect(fails(() => checkCreate({ question: 'Q', type: 'single', options: ['a', 'b'], minPicks: 1 })).field).toBe('minPicks');
    expect(fails(() => checkCreate({ question: 'Q', type: 'ranked', options: ['a', 'b'], maxPicks: 1 })).field).toBe('maxPicks');
    expect(fails(() => checkCreate({ question: 'Q', type: 'multiple', options: ['a', 'b'], scale: { min: 1, max: 5, step: 1 } })).field).toBe('scale');
  });

  it('checks the scale', () => {
    const rating = (scale: { min: number; max: number; step: number }) => checkCreate({ question: 'Q', type: 'rating', scale });
    expect(fails(() => rating({ min: 5, max: 5, step: 1 })).field).toBe('scale.max');
    expect(fails(() => rating({ min: 1, max: 4, step: 2 })).field).toBe('scale.step');
    expect(fails(() => rating({ min: 0, max: 1000, step: 1 })).field).toBe('scale.step');
    expect(rating({ min: 0, max: 10, step: 0.5 }).scale).toEqual({ min: 0, max: 10, step: 0.5 });
  });
});

describe('checkClosesAt', () => {
  it('takes a time after now and refuses one at or before it', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(checkClosesAt('2030-01-01T00:00:01Z', now)).toBe(now + 1000);
    expect(checkClosesAt(undefined, now)).toBeNull();
    expect(checkClosesAt(null, now)).toBeNull();
    expect(fails(() => checkClosesAt('2030-01-01T00:00:00Z', now)).field).toBe('closesAt');
    expect(fails(() => checkClosesAt('2030-01-01T01:00:00+02:00', now)).field).toBe('closesAt');
  });
});

describe('checkBallot', () => {
  it('takes exactly one known option in a single-choice poll', () => {
    expect(checkBallot(poll(), { choices: ['b'] })).toEqual({ choices: ['b'], rating: null });
    expect(fails(() => checkBallot(poll(), { choices: ['a', 'b'] })).field).toBe('choices');
    expect(fails(() => checkBallot(poll(), { choices: [] })).field).toBe('choices');
    expect(fails(() => checkBallot(poll(), {})).field).toBe('choices');
    expect(fails(() => checkBallot(poll(), { choices: ['zzz'] })).field).toBe('choices.0');
    expect(fails(() => checkBallot(poll(), { choices: ['a'], rating: 3 })).field).toBe('rating');
  });

  it('takes minPicks..maxPicks distinct options in a multiple-choice poll', () => {
    const multiple = poll({ type: 'multiple', minPicks: 2, maxPicks: 3 });
    expect(checkBallot(multiple, { choices: ['a', 'c'] }).choices).toEqual(['a', 'c']);
    expect(fails(() => checkBallot(multiple, { choices: ['a'] })).field).toBe('choices');
    expect(fails(() => checkBallot(multiple, { choices: ['a', 'b', 'c', 'd'] })).field).toBe('choices');
    expect(fails(() => checkBallot(multiple, { choices: ['a', 'b', 'a'] })).field).toBe('choices.2');
  });

  it('keeps a ranking in order, partial or full', () => {
    const ranked = poll({ type: 'ranked' });
    expect(checkBallot(ranked, { choices: ['c', 'a'] }).choices).toEqual(['c', 'a']);
    expect(checkBallot(ranked, { choices: ['d', 'c', 'b', 'a'] }).choices).toEqual(['d', 'c', 'b', 'a']);
    expect(fails(() => checkBallot(ranked, { choices: [] })).field).toBe('choices');
    expect(fails(() => checkBallot(ranked, { choices: ['a', 'b', 'b'] })).field).toBe('choices.2');
  });

  it('takes a rating on a step of the scale', () => {
    const rating = poll({ type: 'rating', options: [], scale: { min: 0, max: 1, step: 0.25 } });
    expect(checkBallot(rating, { rating: 0.75 })).toEqual({ choices: [], rating: 0.75 });
    expect(fails(() => checkBallot(rating, { rating: 0.3 })).field).toBe('rating');
    expect(fails(() => checkBallot(rating, { rating: 2 })).field).toBe('rating');
    expect(fails(() => checkBallot(rating, {})).field).toBe('rating');
    expect(fails(() => checkBallot(rating, { choices: [], rating: 1 })).field).toBe('choices');
  });
});

describe('closing and visibility', () => {
  it('is closed by hand or once closesAt has come', () => {
    expect(isClosed(poll(), 100)).toBe(false);
    expect(isClosed(poll({ closesAt: 100 }), 99)).toBe(false);
    expect(isClosed(poll({ closesAt: 100 }), 100)).toBe(true);
    expect(closedTime(poll({ closesAt: 100 }), 150)).toBe(100);
    expect(closedTime(poll({ closesAt: 100, closedAt: 50 }), 150)).toBe(50);
    expect(closedTime(poll({ closesAt: 100 }), 99)).toBeNull();
  });

  it('shows results by the rule, and always to the privileged', () => {
    const table = (['always', 'after_vote', 'after_close', 'staff_only'] as const).map((rule) => {
      const row = [];
      for (const closed of [false, true])
        for (const voted of [false, true]) row.push(hiddenReason({ resultsVisibility: rule }, closed, { privileged: false, voted }) ?? 'shown');
      row.push(hiddenReason({ resultsVisibility: rule }, false, { privileged: true, voted: false }) ?? 'shown');
      return [rule, row];
    });
    // Columns: open non-voter, open voter, closed non-voter, closed voter, privileged.
    expect(Object.fromEntries(table)).toEqual({
      always: ['shown', 'shown', 'shown', 'shown', 'shown'],
      after_vote: ['after_vote', 'shown', 'shown', 'shown', 'shown'],
      after_close: ['after_close', 'after_close', 'shown', 'shown', 'shown'],
      staff_only: ['staff_only', 'staff_only', 'staff_only', 'staff_only', 'shown'],
    });
  });
});

describe('ballot identity', () => {
  it('keys guests apart from members with the same id', () => {
    expect(voterKey({ id: 'x', displayName: 'X', avatarUrl: null, role: 'member' })).toBe('x');
    expect(voterKey({ id: 'x', displayName: 'X', avatarUrl: null, role: 'guest' })).toBe('guest:x');
  });

  it('compares ballots by choices in order and rating', () => {
    expect(sameBallot({ choices: ['a', 'b'], rating: null }, { choices: ['a', 'b'], rating: null })).toBe(true);
    expect(sameBallot({ choices: ['a', 'b'], rating: null }, { choices: ['b', 'a'], rating: null })).toBe(false);
    expect(sameBallot({ choices: [], rating: 3 }, { choices: [], rating: 4 })).toBe(false);
  });
});
