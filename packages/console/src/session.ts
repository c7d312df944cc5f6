import { createHttpAdapter } from '@hearth/adapter-http';
import { createCommunityClient, type CommunityClient } from '@hearth/client';
import { HearthError, allows, roleAtLeast, type Permission, type Viewer } from '@hearth/protocol';

/** Who is signed in to the console, and the client every view talks through. */
export interface ConsoleSession {
  community: string;
  /** The member the server sees behind the key or token (an admin key acts as an admin named after it). */
  viewer: Viewer;
  client: CommunityClient;
  /** Whether the signed-in role may take `action` (the server checks again). */
  can(action: Permission): boolean;
}

/** What the sign-in form asks for; kept in sessionStorage until the tab closes or the operator signs out. */
export interface Credentials {
  community: string;
  /** An admin API key, or an SSO token (a JWT the site signed) whose role is moderator or above. */
  token: string;
}

const KEY = 'hearth-console';

/**
 * Signs in with an admin key or an SSO token: asks the server who that is and refuses anyone
 * below moderator, saying so. `endpoint` is the server (the console's own origin when served
 * at /console).
 */
export async function signIn(credentials: Credentials, endpoint: string = location.origin): Promise<ConsoleSession> {
  const community = credentials.community.trim();
  const token = credentials.token.trim();
  if (!community) throw HearthError.validation('community', 'Enter the id of the community to run.');
  if (!token) throw HearthError.validation('token', 'Paste an admin API key or a sign-in token.');
  const adapter = createHttpAdapter({ endpoint, community, token });
  const asked: Viewer = { id: 'console', displayName: 'Console', token };
  const session = await adapter.getSession({ viewer: asked });
  const seen = session.viewer;
  if (!seen) throw new HearthError('unauthorized', 'The server does not know this key or token.');
  if (!roleAtLeast(seen.role ?? 'member', 'moderator')) {
    throw new HearthError('forbidden', `This signs in ${seen.displayName} as a ${seen.role ?? 'member'}; the console is for moderators, admins and owners.`);
  }
  const viewer: Viewer = { ...seen, token };
  const client = createCommunityClient({ adapter, viewer });
  sessionStorage.setItem(KEY, JSON.stringify({ community, token } satisfies Credentials));
  return { community, viewer, client, can: (action) => allows(viewer.role ?? 'member', action) };
}

/** The credentials of this tab's last sign-in, if it did not sign out. */
export function savedCredentials(): Credentials | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Credentials | null;
    return saved && typeof saved.community === 'string' && typeof saved.token === 'string' ? saved : null;
  } catch {
    return null;
  }
}

/** Forgets the credentials and releases the client's connections. */
export function signOut(session: ConsoleSession | null): void {
  sessionStorage.removeItem(KEY);
  session?.client.destroy();
}
