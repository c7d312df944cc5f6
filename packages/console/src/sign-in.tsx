import { useState } from 'preact/hooks';
import { signIn, type ConsoleSession } from './session.js';
import { toError } from './use-query.js';

/** Asks for the community and an admin API key or SSO token, and says plainly why a sign-in failed. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: ConsoleSession) => void }) {
  const [community, setCommunity] = useState(() => new URLSearchParams(location.search).get('community') ?? '');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn({ community, token }));
    } catch (failure) {
      const e = toError(failure);
      setError(e.code === 'unauthorized' ? 'This key or token was not accepted: it may be mistyped, expired, or for another community.' : e.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>Hearth console</h1>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label>
          Community
          <input name="community" value={community} onInput={(e) => setCommunity(e.currentTarget.value)} autocomplete="off" required />
        </label>
        <label>
          Admin API key or sign-in token
          <input name="token" type="password" value={token} onInput={(e) => setToken(e.currentTarget.value)} autocomplete="off" required />
        </label>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="hint">Moderators, admins and owners sign in with a token from your site's single sign-on; server-to-server admin keys work too.</p>
    </main>
  );
}
