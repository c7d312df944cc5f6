import { HearthError } from '@hearth/protocol';

const NETWORK_ERROR_NAMES = new Set(['NetworkError', 'AbortError', 'TimeoutError']);

/**
 * Makes anything an adapter threw into a HearthError, so widgets branch on one `code`
 * and always have a message fit to show. Only failures that look like the network
 * (fetch's TypeError, aborts, timeouts) become `unavailable`, because that code invites
 * a retry; anything else is a bug somewhere and becomes `internal`.
 */
export function toHearthError(error: unknown, adapterName: string): HearthError {
  if (HearthError.is(error)) return error;
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  const network =
    NETWORK_ERROR_NAMES.has(name) || (name === 'TypeError' && /fetch|network|load failed/i.test(detail));
  if (network) {
    return new HearthError('unavailable', 'Could not reach the community service. Check your connection and try again.', {
      adapter: adapterName,
      cause: detail,
    });
  }
  return new HearthError('internal', `Something went wrong in the ${adapterName} adapter: ${detail || 'unknown error'}.`, {
    adapter: adapterName,
    cause: detail,
  });
}
