import * as z from 'zod/mini';
import { HearthError, type FieldIssue } from './errors.js';

/**
 * Parses `input` with `schema`, or throws a `validation` HearthError whose issues name
 * every failing field. Use at every trust boundary.
 *
 * @example
 * const input = parseInput(CreateCommentInput, untrusted);
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown): z.infer<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : '(input)',
    message: issue.message,
  }));
  const first = issues[0]!;
  throw new HearthError('validation', `${first.path}: ${first.message}`, { issues });
}
