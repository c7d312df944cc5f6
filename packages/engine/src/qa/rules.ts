// The pure Q&A rules: answer order, the expired-bounty winner, similar-question ranking,
// list order and cursors, body checks. Kept apart from the service so they are tested alone.
import { BOUNTY_MIN_UPVOTES, HearthError, countChars, type QuestionFilter } from '@hearth/protocol';
import { invalidCursor, packCursor, unpackCursor } from '../core/page-cursor.js';
import { similarity, terms } from '../core/text.js';
import type { AnswerRecord } from './records.js';

/** Longest answer body, in characters as a person counts them. */
export const ANSWER_MAX_LENGTH = 20_000;

/** The body as stored (trimmed), or a `validation` error on `body`. */
export function checkAnswerBody(raw: string): string {
  const body = raw.trim();
  const length = countChars(body);
  if (length === 0) throw HearthError.validation('body', 'Answer is empty.');
  if (length > ANSWER_MAX_LENGTH) throw HearthError.validation('body', `Answer is longer than ${ANSWER_MAX_LENGTH.toLocaleString('en-US')} characters.`);
  return body;
}

/** Accepted first, then by score (up − down) high to low, then oldest first, then by id. */
export function compareAnswers(a: AnswerRecord, b: AnswerRecord): number {
  if (a.accepted !== b.accepted) return a.accepted ? -1 : 1;
  const score = b.up - b.down - (a.up - a.down);
  if (score !== 0) return score;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Who takes half of an expired bounty: the best-scoring published answer with at least
 * `BOUNTY_MIN_UPVOTES` upvotes, earliest on a tie, never one by the asker who offered it
 * (that would be a refund). Null when none qualifies.
 */
export function bountyWinner(answers: readonly AnswerRecord[], askerId: string): AnswerRecord | null {
  const eligible = answers.filter((a) => a.status === 'published' && a.author.id !== askerId && a.up >= BOUNTY_MIN_UPVOTES);
  eligible.sort((a, b) => b.up - b.down - (a.up - a.down) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return eligible[0] ?? null;
}

/** Below this a question is not shown as similar: too few shared terms to mean anything. */
export const SIMILAR_MIN_SCORE = 0.2;

/** Ranks candidates by how alike they are to `text` (CJK-safe terms), best first; drops weak matches. */
export function rankSimilar<T extends { id: string; createdAt: number }>(text: string, candidates: readonly T[], textOf: (item: T) => string, limit: number): Array<{ item: T; score: number }> {
  const query = terms(text);
  if (query.size === 0) return [];
  return candidates
    .map((item) => ({ item, score: Math.round(similarity(query, terms(textOf(item))) * 1000) / 1000 }))
    .filter((r) => r.score >= SIMILAR_MIN_SCORE)
    .sort((a, b) => b.score - a.score || b.item.createdAt - a.item.createdAt || (a.item.id < b.item.id ? -1 : 1))
    .slice(0, limit);
}

/** One sort key of a question list: values compared in order, each ascending or descending. */
export type ListKey = Array<number | string>;

const DIRECTIONS: Record<QuestionFilter, Array<1 | -1>> = {
  // createdAt, id
  unanswered: [1, 1],
  new: [-1, -1],
  // score, createdAt, id
  top: [-1, -1, -1],
  // expiresAt, createdAt, id
  bounty: [1, 1, 1],
};

/** What a question sorts by in a list. */
export function listKey(filter: QuestionFilter, q: { id: string; createdAt: number; score: number }, expiresAt: number | null): ListKey {
  switch (filter) {
    case 'unanswered':
    case 'new':
      return [q.createdAt, q.id];
    case 'top':
      return [q.score, q.createdAt, q.id];
    case 'bounty':
      return [expiresAt ?? Number.MAX_SAFE_INTEGER, q.createdAt, q.id];
  }
}

/** Orders two keys of the same filter. */
export function compareKeys(filter: QuestionFilter, a: ListKey, b: ListKey): number {
  const directions = DIRECTIONS[filter];
  for (let i = 0; i < directions.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    return (x < y ? -1 : 1) * directions[i]!;
  }
  return 0;
}

const FILTER_CODES: Record<QuestionFilter, string> = { unanswered: 'u', new: 'n', top: 't', bounty: 'b' };

/** Where the next page of a list starts: after this key. Opaque to callers. */
export function encodeListCursor(filter: QuestionFilter, key: ListKey): string {
  return packCursor([FILTER_CODES[filter], ...key]);
}

/** Reads a cursor of `encodeListCursor` for the same filter, or a `validation` error on `cursor`. */
export function decodeListCursor(filter: QuestionFilter, cursor: string): ListKey {
  const key = unpackCursor(cursor, FILTER_CODES[filter]);
  const template = listKey(filter, { id: '', createdAt: 0, score: 0 }, 0);
  if (key.length !== template.length) throw invalidCursor();
  for (let i = 0; i < key.length; i++) {
    const value = key[i];
    const ok = typeof template[i] === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string';
    if (!ok) throw invalidCursor();
  }
  return key as ListKey;
}
