import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useMessages, type Catalog } from './i18n.js';
import { signIn, type ConsoleSession } from './session.js';
import { toError } from './use-query.js';

const en = {
  title: 'Hearth console',
  community: 'Community',
  token: 'Admin API key or sign-in token',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  notAccepted: 'This key or token was not accepted: it may be mistyped, expired, or for another community.',
  hint: "Moderators, admins and owners sign in with a token from your site's single sign-on; server-to-server admin keys work too.",
};
const messages: Catalog<typeof en> = {
  en,
  'zh-CN': {
    title: 'Hearth 控制台',
    community: '社区',
    token: '管理员 API 密钥或登录令牌',
    signIn: '登录',
    signingIn: '正在登录…',
    notAccepted: '此密钥或令牌未被接受：可能输错、已过期，或属于其他社区。',
    hint: '版主、管理员和所有者可用网站单点登录签发的令牌登录；服务器之间调用用的管理员密钥也可以。',
  },
  'zh-TW': {
    title: 'Hearth 控制台',
    community: '社群',
    token: '管理員 API 金鑰或登入權杖',
    signIn: '登入',
    signingIn: '正在登入…',
    notAccepted: '此金鑰或權杖未被接受：可能輸入錯誤、已過期，或屬於其他社群。',
    hint: '版主、管理員和擁有者可用網站單一登入簽發的權杖登入；伺服器之間呼叫用的管理員金鑰也可以。',
  },
};

/** Asks for the community and an admin API key or SSO token, and says plainly why a sign-in failed. */
export function SignIn({ onSignedIn, picker }: { onSignedIn: (session: ConsoleSession) => void; picker?: ComponentChildren }) {
  const t = useMessages(messages);
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
      setError(e.code === 'unauthorized' ? t.notAccepted : e.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      {picker}
      <h1>{t.title}</h1>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label>
          {t.community}
          <input name="community" value={community} onInput={(e) => setCommunity(e.currentTarget.value)} autocomplete="off" required />
        </label>
        <label>
          {t.token}
          <input name="token" type="password" value={token} onInput={(e) => setToken(e.currentTarget.value)} autocomplete="off" required />
        </label>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
      <p class="hint">{t.hint}</p>
    </main>
  );
}
