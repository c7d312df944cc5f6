import { useEffect, useState } from 'preact/hooks';
import type { Permission } from '@hearth/protocol';
import { savedCredentials, signIn, signOut, type ConsoleSession } from './session.js';
import { SignIn } from './sign-in.js';
import { Feedback } from './views/feedback.js';
import { Inbox } from './views/inbox.js';
import { Moderation } from './views/moderation.js';
import { Webhooks } from './views/webhooks.js';

/** The console's views: where each lives (`#/inbox`), its name, and what the role needs to see it. */
const VIEWS: ReadonlyArray<{ path: string; name: string; needs: Permission; View: (props: { session: ConsoleSession }) => preact.JSX.Element }> = [
  { path: 'inbox', name: 'Inbox', needs: 'review', View: Inbox },
  { path: 'moderation', name: 'Moderation', needs: 'moderate', View: Moderation },
  { path: 'feedback', name: 'Feedback', needs: 'triage_feedback', View: Feedback },
  { path: 'webhooks', name: 'Webhooks', needs: 'manage', View: Webhooks },
];

function currentPath(): string {
  return location.hash.replace(/^#\/?/, '') || 'inbox';
}

/** Sign-in, then the navigation and the view the address names; views the role may not use are left out. */
export function App() {
  const [session, setSession] = useState<ConsoleSession | null>(null);
  const [restoring, setRestoring] = useState(() => savedCredentials() !== null);
  const [path, setPath] = useState(currentPath);

  useEffect(() => {
    const onHash = () => setPath(currentPath());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const saved = savedCredentials();
    if (!saved) return;
    signIn(saved)
      .then(setSession)
      .catch(() => signOut(null))
      .finally(() => setRestoring(false));
  }, []);

  if (restoring) return <p class="loading" role="status">Signing in…</p>;
  if (!session) return <SignIn onSignedIn={setSession} />;

  const views = VIEWS.filter((v) => session.can(v.needs));
  const view = views.find((v) => v.path === path) ?? views[0];
  return (
    <div class="shell">
      <header class="top">
        <strong class="brand">Hearth console</strong>
        <span class="who">
          {session.viewer.displayName} · {session.viewer.role} · {session.community}
        </span>
        <button
          type="button"
          class="quiet"
          onClick={() => {
            signOut(session);
            setSession(null);
          }}
        >
          Sign out
        </button>
      </header>
      <nav aria-label="Console">
        <ul>
          {views.map((v) => (
            <li key={v.path}>
              <a href={`#/${v.path}`} aria-current={v === view ? 'page' : undefined}>
                {v.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>{view ? <view.View session={session} /> : <p>Your role has no console views.</p>}</main>
    </div>
  );
}
