import type { HearthError } from '@hearth/protocol';

/** The field a server issue is about: the first segment of its path (`events.0` → `events`). */
export function fieldOf(path: string): string {
  return path.split('.')[0] ?? path;
}

/**
 * The messages the server gave for one field, for the input's description.
 *
 * @example
 * const replyIssues = issuesFor(error, 'reply'); // ['Too long: at most 5000 characters.']
 */
export function issuesFor(error: HearthError | null, field: string): string[] {
  return (error?.details.issues ?? []).filter((issue) => fieldOf(issue.path) === field).map((issue) => issue.message);
}
