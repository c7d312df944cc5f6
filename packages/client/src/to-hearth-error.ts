import { HearthError } from '@hearth/protocol';

/**
 * Makes anything an adapter threw into a HearthError, so widgets branch on one `code`.
 * Only failures that look like the network (fetch's TypeError, aborts, timeouts) become
 * `unavailable`, because that code invites a retry; anything else is a bug somewhere and
 * becomes `internal`. Widgets word both for people themselves, so messages are for developers.
 */
export function toHearthError(error: unknown, adapterName: string): HearthError {
  if (HearthError.is(error)) return error;
  const { name = '', message = String(error) } = error instanceof Error ? error : {};
  const network = /^(Network|Abort|Timeout)Error$/.test(name) || (name === 'TypeError' && /fetch|network|load failed/i.test(message));
  return new HearthError(network ? 'unavailable' : 'internal', `${adapterName} adapter: ${message}`);
}
