// The poll rules that need no store: what a valid poll and a valid ballot are, when a poll
// is closed, and who may see its results. The service applies them inside its writes.
import {
  HearthError,
  POLL_LIMITS,
  countChars,
  type CreatePollInput,
  type Member,
  type PollResults,
  type RatingScale,
  type ResultsHiddenReason,
} from '@hearth/protocol';
import type { BallotRecord, PollRecord } from './records.js';
import { firstPreferences, instantRunoff, onScale, ratingStats, scaleSteps, tallyChoices } from './tally.js';

/** A rating poll without a `scale` rates from 1 to 5 by 1 (five stars). */
export const DEFAULT_SCALE: RatingScale = { min: 1, max: 5, step: 1 };

/** The type-specific shape of a poll, checked: what the record stores. */
export interface CheckedPoll {
  question: string;
  labels: string[];
  minPicks: number | null;
  maxPicks: number | null;
  scale: RatingScale | null;
}

/**
 * Checks what the schema cannot: lengths in characters, unique labels, and the fields each
 * type takes. Throws a `validation` error naming the first bad field (`options.3`, `minPicks`,
 * `scale.step`...). `closesAt` is checked against the clock separately (`checkClosesAt`).
 */
export function checkCreate(input: Omit<CreatePollInput, 'idempotencyKey'> & { question: string }): CheckedPoll {
  const { type } = input;
  if (countChars(input.question) > POLL_LIMITS.questionMax) {
    throw HearthError.validation('question', `Keep the question to ${POLL_LIMITS.questionMax} characters.`);
  }
  if (type !== 'multiple') {
    if (input.minPicks !== undefined) throw HearthError.validation('minPicks', 'Only multiple-choice polls take minPicks.');
    if (input.maxPicks !== undefined) throw HearthError.validation('maxPicks', 'Only multiple-choice polls take maxPicks.');
  }
  if (type !== 'rating' && input.scale !== undefined) throw HearthError.validation('scale', 'Only rating polls take a scale.');

  if (type === 'rating') {
    if (input.options !== undefined && input.options.length > 0) {
      throw HearthError.validation('options', 'A rating poll has no options; it is rated on its scale.');
    }
    return { question: input.question, labels: [], minPicks: null, maxPicks: null, scale: checkScale(input.scale ?? DEFAULT_SCALE) };
  }

  const labels = checkOptions(input.options);
  if (type !== 'multiple') return { question: input.question, labels, minPicks: null, maxPicks: null, scale: null };
  const minPicks = input.minPicks ?? 1;
  const maxPicks = input.maxPicks ?? labels.length;
  if (minPicks < 1) throw HearthError.validation('minPicks', 'A ballot picks at least 1 option.');
  if (minPicks > labels.length) throw HearthError.validation('minPicks', `minPicks cannot exceed the ${labels.length} options.`);
  if (maxPicks > labels.length) throw HearthError.validation('maxPicks', `maxPicks cannot exceed the ${labels.length} options.`);
  if (maxPicks < minPicks) throw HearthError.validation('maxPicks', `maxPicks cannot be below minPicks (${minPicks}).`);
  return { question: input.question, labels, minPicks, maxPicks, scale: null };
}

function checkOptions(options: readonly string[] | undefined): string[] {
  const labels = options ?? [];
  if (labels.length < POLL_LIMITS.minOptions) {
    throw HearthError.validation('options', `Give between ${POLL_LIMITS.minOptions} and ${POLL_LIMITS.maxOptions} options.`);
  }
  const seen = new Map<string, number>();
  labels.forEach((label, index) => {
    if (countChars(label) > POLL_LIMITS.optionMax) throw HearthError.validation(`options.${index}`, `Keep each option to ${POLL_LIMITS.optionMax} characters.`);
    // "Yes", "yes" and "ｙｅｓ" read as the same answer to a voter.
    const key = label.normalize('NFKC').toLocaleLowerCase().replace(/\s+/gu, ' ');
    const first = seen.get(key);
    if (first !== undefined) throw HearthError.validation(`options.${index}`, `This option repeats option ${first + 1}.`);
    seen.set(key, index);
  });
  return [...labels];
}

function checkScale(scale: RatingScale): RatingScale {
  if (scale.max <= scale.min) throw HearthError.validation('scale.max', 'The top of the scale must be above its bottom.');
  const steps = scaleSteps(scale);
  if (steps === null) throw HearthError.validation('scale.step', 'The step must divide the scale evenly from min to max.');
  if (steps + 1 > POLL_LIMITS.maxScaleValues) throw HearthError.validation('scale.step', `A scale has at most ${POLL_LIMITS.maxScaleValues} values; use a larger step.`);
  return { min: scale.min, max: scale.max, step: scale.step };
}

/** `closesAt` as epoch ms; a time not after `now` is a `validation` error on `closesAt`. */
export function checkClosesAt(closesAt: string | null | undefined, now: number): number | null {
  if (closesAt === undefined || closesAt === null) return null;
  const at = Date.parse(closesAt);
  if (!(at > now)) throw HearthError.validation('closesAt', 'Pick a closing time in the future.');
  return at;
}

/**
 * Checks a ballot against its poll and returns it as stored: option ids in the order given
 * (the ranking, for `ranked`), or the rating snapped to its scale value.
 */
export function checkBallot(poll: PollRecord, input: { choices?: string[] | undefined; rating?: number | undefined }): { choices: string[]; rating: number | null } {
  if (poll.type === 'rating') {
    if (input.choices !== undefined) throw HearthError.validation('choices', 'This poll takes a rating, not choices.');
    const scale = poll.scale ?? DEFAULT_SCALE;
    const range = `${scale.min} to ${scale.max} in steps of ${scale.step}`;
    if (input.rating === undefined) throw HearthError.validation('rating', `Give a rating from ${range}.`);
    const value = onScale(scale, input.rating);
    if (value === null) throw HearthError.validation('rating', `A rating here is from ${range}.`);
    return { choices: [], rating: value };
  }
  if (input.rating !== undefined) throw HearthError.validation('rating', 'This poll takes choices, not a rating.');
  const choices = input.choices ?? [];
  const known = new Set(poll.options.map((o) => o.id));
  const seen = new Set<string>();
  choices.forEach((id, index) => {
    if (!known.has(id)) throw HearthError.validation(`choices.${index}`, 'This poll has no such option.');
    if (seen.has(id)) throw HearthError.validation(`choices.${index}`, 'Each option can be chosen only once.');
    seen.add(id);
  });
  if (poll.type === 'single' && choices.length !== 1) throw HearthError.validation('choices', 'Pick exactly one option.');
  if (poll.type === 'multiple') {
    const min = poll.minPicks ?? 1;
    const max = poll.maxPicks ?? poll.options.length;
    if (choices.length < min || choices.length > max) {
      throw HearthError.validation('choices', min === max ? `Pick exactly ${min} options.` : `Pick between ${min} and ${max} options.`);
    }
  }
  if (poll.type === 'ranked' && choices.length === 0) throw HearthError.validation('choices', 'Rank at least one option.');
  return { choices: [...choices], rating: null };
}

/** Whether two ballots say the same thing (a retried vote changes nothing). */
export function sameBallot(a: Pick<BallotRecord, 'choices' | 'rating'>, b: { choices: string[]; rating: number | null }): boolean {
  return a.rating === b.rating && a.choices.length === b.choices.length && a.choices.every((id, i) => id === b.choices[i]);
}

/** The key a voter's ballot is stored under: the member id, or `guest:<id>` for a guest. */
export function voterKey(member: Member): string {
  return member.role === 'guest' ? `guest:${member.id}` : member.id;
}

/** Whether the poll is closed at `now`: closed by hand, or its `closesAt` has come. */
export function isClosed(poll: PollRecord, now: number): boolean {
  return poll.closedAt !== null || (poll.closesAt !== null && poll.closesAt <= now);
}

/** When the poll closed (by hand, or at `closesAt`), or null while open. */
export function closedTime(poll: PollRecord, now: number): number | null {
  if (poll.closedAt !== null) return poll.closedAt;
  return poll.closesAt !== null && poll.closesAt <= now ? poll.closesAt : null;
}

/** Who is looking at a poll's results. */
export interface ResultsViewer {
  /** Staff (moderator and up) or the poll's author: they always see results. */
  privileged: boolean;
  /** The viewer has a ballot in this poll. */
  voted: boolean;
}

/** Null when the viewer may see the results, else the rule that hides them. */
export function hiddenReason(poll: Pick<PollRecord, 'resultsVisibility'>, closed: boolean, viewer: ResultsViewer): ResultsHiddenReason | null {
  if (viewer.privileged) return null;
  switch (poll.resultsVisibility) {
    case 'always':
      return null;
    case 'after_vote':
      return viewer.voted || closed ? null : 'after_vote';
    case 'after_close':
      return closed ? null : 'after_close';
    case 'staff_only':
      return 'staff_only';
  }
}

/** A poll's results, tallied from its ballots. */
export function tally(poll: PollRecord, ballots: readonly BallotRecord[]): PollResults {
  const totalBallots = ballots.length;
  switch (poll.type) {
    case 'single':
    case 'multiple':
      return { type: poll.type, totalBallots, options: tallyChoices(poll.options, ballots.map((b) => b.choices)) };
    case 'ranked': {
      const rankings = ballots.map((b) => b.choices);
      const { rounds, winner } = instantRunoff(
        poll.options.map((o) => o.id),
        rankings,
      );
      return { type: 'ranked', totalBallots, options: firstPreferences(poll.options, rankings), rounds, winner };
    }
    case 'rating': {
      const stats = ratingStats(poll.scale ?? DEFAULT_SCALE, ballots.flatMap((b) => (b.rating === null ? [] : [b.rating])));
      return { type: 'rating', totalBallots, ...stats };
    }
  }
}
