// Loaded lazily (through lazy.ts, started when the adapter is created): every
// schema of the protocol lives behind this module, so a page's first paint never waits on them.
import * as z from 'zod/mini';
import { CommunityEvent, HearthError, OPERATIONS, Viewer, type OperationName } from '@hearth/protocol';

/** A guest session's answer: `{ token, viewer, expiresAt }`. */
const GuestSession = z.object({ token: z.string().check(z.minLength(1)), viewer: Viewer, expiresAt: z.nullable(z.string()) });

/** The first failing field's path and message, for an error an adapter or server author can act on. */
function firstIssue(error: z.core.$ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path.length ? issue.path.join('.') : '(root)', message: issue?.message ?? 'invalid' };
}

/**
 * Checks an operation's answer against its output schema; returns the parsed value. A guest
 * session comes back as `{ viewer, expiresAt }`, the viewer carrying the token.
 */
export function checkOutput(op: OperationName | 'openGuestSession', value: unknown): unknown {
  const guest = op === 'openGuestSession';
  const result = z.safeParse(guest ? GuestSession : (OPERATIONS[op].output as z.ZodMiniType), value);
  if (result.success) {
    if (!guest) return result.data;
    const { token, viewer, expiresAt } = result.data as z.infer<typeof GuestSession>;
    return { viewer: { ...viewer, token }, expiresAt };
  }
  const { path, message } = firstIssue(result.error);
  throw new HearthError('unavailable', `The community server answered ${op} outside the protocol: ${path}: ${message}`, { operation: op, path });
}

/** Checks one event off the stream against `CommunityEvent`; returns the parsed event. */
export function checkEvent(value: unknown): CommunityEvent {
  const result = z.safeParse(CommunityEvent, value);
  if (result.success) return result.data;
  const { path, message } = firstIssue(result.error);
  throw new HearthError('unavailable', `The community server sent an event outside the protocol: ${path}: ${message}`, { path });
}
