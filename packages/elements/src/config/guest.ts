import type { Viewer } from '@hearth/protocol';

const KEY = 'hearth:guest';
const PREFIX = 'guest-';

interface StoredGuest {
  id: string;
  displayName: string;
}

/** This page's localStorage, or null where it is blocked. */
export function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Sandboxed iframes and some privacy modes throw on access.
    return null;
  }
}

// getRandomValues, not randomUUID: plain-http pages (not secure contexts) lack the latter.
// Local rather than the client's createIdempotencyKey, which would split into a chunk of its own.
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b | 256).toString(16).slice(1)).join('');
}

function toViewer(guest: StoredGuest): Viewer {
  return { id: guest.id, displayName: guest.displayName, role: 'member' };
}

/** Whether `viewer` is a guest who named themselves in this browser (and may rename). */
export function isGuest(viewer: Viewer): boolean {
  return viewer.id.startsWith(PREFIX);
}

/** The guest identity this browser used before, if any. */
export function readGuest(): Viewer | null {
  try {
    const raw = storage()?.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredGuest>;
    if (typeof parsed.id !== 'string' || typeof parsed.displayName !== 'string' || !parsed.displayName) return null;
    return toViewer({ id: parsed.id, displayName: parsed.displayName });
  } catch {
    return null;
  }
}

/**
 * Remembers the name a guest typed. The id stays the same across renames so the guest
 * keeps owning (and may edit) what they wrote earlier in this browser.
 */
export function rememberGuest(displayName: string): Viewer {
  const id = readGuest()?.id ?? `${PREFIX}${randomId()}`;
  const guest = { id, displayName: displayName.trim().slice(0, 64) };
  try {
    storage()?.setItem(KEY, JSON.stringify(guest));
  } catch {
    // Full or blocked storage: the name still works for this page.
  }
  return toViewer(guest);
}
