// What an edit may change on a poll that people may already have voted in: the words around
// the ballots freely, the options only so that no ballot comes to mean something else.
import { HearthError, POLL_LIMITS, countChars, type EditPollInput, type ResultsVisibility } from '@hearth/protocol';
import type { BallotRecord, PollRecord } from './records.js';
import { checkClosesAt, isClosed } from './poll-rules.js';

/** What `editPoll` writes, and what it changed (for the audit entry); an empty `changed` writes nothing. */
export interface PollEdit {
  patch: Partial<Omit<PollRecord, 'id'>>;
  /** The fields that changed, in input order: `question`, `description`, `options`, `closesAt`, `resultsVisibility`. */
  changed: string[];
  /** Options added, and the labels of those removed. */
  added: number;
  removed: string[];
  /** Options whose label was corrected. */
  relabelled: number;
}

/** An edit as the schema parsed it (trimmed strings). */
export type ParsedEdit = Omit<EditPollInput, 'pollId'>;

/**
 * Checks an edit against the poll and its ballots. Malformed values are `validation` errors
 * naming the field (`question`, `description`, `options.2.label`, `options.1.id`, `closesAt`);
 * what the ballots forbid (removing or replacing a voted option, a deadline on a closed poll) is
 * a `conflict` naming the field, with a message saying why and what to do instead.
 * `newId` makes the id of each added option.
 */
export function checkEdit(poll: PollRecord, input: ParsedEdit, ballots: readonly BallotRecord[], now: number, newId: () => string): PollEdit {
  const patch: PollEdit['patch'] = {};
  const changed: string[] = [];
  const edit: PollEdit = { patch, changed, added: 0, removed: [], relabelled: 0 };

  if (input.question !== undefined) {
    if (countChars(input.question) > POLL_LIMITS.questionMax) throw HearthError.validation('question', `Keep the question to ${POLL_LIMITS.questionMax} characters.`);
    if (input.question !== poll.question) {
      patch.question = input.question;
      changed.push('question');
    }
  }

  if (input.description !== undefined) {
    const description = checkDescription(input.description);
    if (description !== (poll.description ?? null)) {
      patch.description = description;
      changed.push('description');
    }
  }

  if (input.options !== undefined) editOptions(poll, input.options, ballots, newId, edit);

  if (input.closesAt !== undefined) {
    const current = poll.closesAt;
    const wanted = input.closesAt === null ? null : Date.parse(input.closesAt);
    if (wanted !== current) {
      if (isClosed(poll, now)) {
        throw new HearthError('conflict', 'This poll is closed: reopen it to give it a new closing time.', { issues: [{ path: 'closesAt', message: 'Reopen the poll to set a new closing time.' }] });
      }
      patch.closesAt = checkClosesAt(input.closesAt, now);
      changed.push('closesAt');
    }
  }

  if (input.resultsVisibility !== undefined && input.resultsVisibility !== poll.resultsVisibility) {
    patch.resultsVisibility = input.resultsVisibility satisfies ResultsVisibility;
    changed.push('resultsVisibility');
  }

  if (changed.length > 0) patch.editedAt = now;
  return edit;
}

/** A description as stored: trimmed, null for none; too long is a `validation` error on `description`. */
export function checkDescription(description: string | null | undefined): string | null {
  if (description === undefined || description === null || description === '') return null;
  if (countChars(description) > POLL_LIMITS.descriptionMax) {
    throw HearthError.validation('description', `Keep the description to ${POLL_LIMITS.descriptionMax} characters.`);
  }
  return description;
}

function editOptions(poll: PollRecord, options: NonNullable<ParsedEdit['options']>, ballots: readonly BallotRecord[], newId: () => string, edit: PollEdit): void {
  if (poll.type === 'rating') {
    if (options.length === 0) return;
    throw HearthError.validation('options', 'A rating poll has no options; it is rated on its scale.');
  }
  if (options.length < POLL_LIMITS.minOptions) throw HearthError.validation('options', `Give between ${POLL_LIMITS.minOptions} and ${POLL_LIMITS.maxOptions} options.`);

  const existing = new Map(poll.options.map((o, index) => [o.id, { ...o, index }]));
  const listed = new Set<string>();
  const labels = new Map<string, number>();
  options.forEach((option, index) => {
    if (option.id !== undefined) {
      if (!existing.has(option.id)) throw HearthError.validation(`options.${index}.id`, 'This poll has no such option; leave the id out to add a new one.');
      if (listed.has(option.id)) throw HearthError.validation(`options.${index}.id`, 'This option is listed twice.');
      listed.add(option.id);
    }
    if (countChars(option.label) > POLL_LIMITS.optionMax) throw HearthError.validation(`options.${index}.label`, `Keep each option to ${POLL_LIMITS.optionMax} characters.`);
    const key = sameAnswerKey(option.label);
    const first = labels.get(key);
    if (first !== undefined) throw HearthError.validation(`options.${index}.label`, `This option repeats option ${first + 1}.`);
    labels.set(key, index);
  });

  const votes = votesPerOption(ballots);
  for (const option of poll.options) {
    if (listed.has(option.id)) continue;
    const n = votes.get(option.id) ?? 0;
    if (n > 0) {
      const message = `"${option.label}" has ${n === 1 ? '1 vote' : `${n} votes`}, so it cannot be removed: its voters would lose their choice. Close the poll and start a new one to change the choices.`;
      throw new HearthError('conflict', message, { optionId: option.id, votes: n, issues: [{ path: 'options', message }] });
    }
    edit.removed.push(option.label);
  }

  const next = options.map((option, index) => {
    if (option.id === undefined) {
      edit.added += 1;
      return { id: newId(), label: option.label };
    }
    const before = existing.get(option.id)!;
    if (option.label !== before.label) {
      const n = votes.get(option.id) ?? 0;
      if (n > 0 && !isCorrection(before.label, option.label)) {
        const message = `"${before.label}" has ${n === 1 ? '1 vote' : `${n} votes`}, so its label can only be corrected (case, spacing, punctuation, a typo), not replaced with "${option.label}": that would change what its voters chose. Add it as a new option instead.`;
        throw new HearthError('conflict', message, { optionId: option.id, votes: n, issues: [{ path: `options.${index}.label`, message }] });
      }
      edit.relabelled += 1;
    }
    return { id: option.id, label: option.label };
  });

  if (poll.type === 'multiple') {
    const min = poll.minPicks ?? 1;
    if (next.length < min) {
      throw HearthError.validation('options', `Each ballot picks at least ${min} options here, so keep at least ${min}.`);
    }
    // A poll that let a ballot pick every option still does; a lower limit stays, capped by the count.
    const max = poll.maxPicks === null || poll.maxPicks >= poll.options.length ? next.length : Math.min(poll.maxPicks, next.length);
    if (max !== poll.maxPicks) edit.patch.maxPicks = max;
  }

  const same = next.length === poll.options.length && next.every((o, i) => o.id === poll.options[i]!.id && o.label === poll.options[i]!.label);
  if (!same) {
    edit.patch.options = next;
    edit.changed.push('options');
  }
}

/** Ballots per option id (a ranked ballot counts for every option it ranks). */
export function votesPerOption(ballots: readonly BallotRecord[]): Map<string, number> {
  const votes = new Map<string, number>();
  for (const ballot of ballots) for (const id of new Set(ballot.choices)) votes.set(id, (votes.get(id) ?? 0) + 1);
  return votes;
}

/** "Yes", "yes" and "ｙｅｓ" read as the same answer to a voter (the create check's key). */
function sameAnswerKey(label: string): string {
  return label.normalize('NFKC').toLocaleLowerCase().replace(/\s+/gu, ' ');
}

/** A label with case, width, spacing and punctuation folded away. */
function folded(label: string): string {
  const bare = label.normalize('NFKC').toLocaleLowerCase().replace(/\p{P}+/gu, ' ').replace(/\s+/gu, ' ').trim();
  return bare === '' ? sameAnswerKey(label) : bare;
}

/**
 * Whether `after` only corrects `before` rather than replacing it: the same once case, width,
 * spacing and punctuation are folded away, or a typo fix: the same numbers, and at most one
 * character in five changed (so a label under five characters takes no such fix).
 *
 * @example
 * isCorrection('Berln', 'Berlin'); // true
 * isCorrection('Red', 'Blue');     // false
 * isCorrection('10 people', '20 people'); // false: a number changed
 */
export function isCorrection(before: string, after: string): boolean {
  const a = folded(before);
  const b = folded(after);
  if (a === b) return true;
  const digits = (s: string) => s.replace(/\P{Nd}/gu, '');
  if (digits(a) !== digits(b)) return false;
  const x = [...a];
  const y = [...b];
  const allowed = Math.floor(Math.max(x.length, y.length) / 5);
  return allowed > 0 && distance(x, y, allowed) <= allowed;
}

/** Levenshtein distance between two strings of code points, stopping once it passes `limit`. */
function distance(a: readonly string[], b: readonly string[], limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length]!;
}
