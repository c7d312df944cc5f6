// Apart from rules.ts so that browser bundles load it (and its messages) only with the code
// that writes, not with every widget that counts characters.
import { HearthError } from './errors.js';
import { countChars } from './rules.js';
import type { CommentSettings } from './settings.js';

/**
 * The body as it is stored (trimmed), or a `validation` error on `body` a person can act
 * on. The engine and the client word it alike, so widgets translate one set of messages.
 */
export function checkBody(raw: string, { bodyMinLength: min, bodyMaxLength: max }: Pick<CommentSettings, 'bodyMinLength' | 'bodyMaxLength'>): string {
  const body = raw.trim();
  const length = countChars(body);
  if (length === 0) throw HearthError.validation('body', 'Comment is empty.');
  if (length < min) throw HearthError.validation('body', `Comment is shorter than ${min.toLocaleString('en-US')} characters.`);
  if (length > max) throw HearthError.validation('body', `Comment is longer than ${max.toLocaleString('en-US')} characters.`);
  return body;
}
