import { useEffect, useState } from 'preact/hooks';
import type { Permission } from '@hearth/protocol';
import { LOCALES, LOCALE_NAMES, LocaleProvider, saveLocale, savedLocale, useMessages, type Catalog, type Locale } from './i18n.js';
import { savedCredentials, signIn, signOut, type ConsoleSession } from './session.js';
import { SignIn } from './sign-in.js';
import { Feedback } from './views/feedback.js';
import { Inbox } from './views/inbox.js';
import { Moderation } from './views/moderation.js';
import { Webhooks } from './views/webhooks.js';

/** One console view: where it lives (`#/inbox`), its name in each locale, and what the role needs to see it. */
interface ConsoleView {
  path: string;
  names: Record<Locale, string>;
  needs: Permission;
  View: (props: { session: ConsoleSession }) => preact.JSX.Element;
}

/** The console's views, in navigation order. */
const VIEWS: readonly ConsoleView[] = [
  { path: 'inbox', names: { en: 'Inbox', 'zh-CN': '待回复', 'zh-TW': '待回覆' }, needs: 'review', View: Inbox },
  { path: 'moderation', names: { en: 'Moderation', 'zh-CN': '审核', 'zh-TW': '審核' }, needs: 'moderate', View: Moderation },
  { path: 'feedback', names: { en: 'Feedback', 'zh-CN': '反馈', 'zh-TW': '回饋' }, needs: 'triage_feedback', View: Feedback },
  { path: 'webhooks', names: { en: 'Webhooks', 'zh-CN': 'Webhooks', 'zh-TW': 'Webhooks' }, needs: 'manage', View: Webhooks },
];

const en = { signingIn: 'Signing in…', brand: 'Hearth console', signOut: 'Sign out', nav: 'Console', noViews: 'Your role has no console views.', language: 'Language' };
const messages: Catalog<typeof en> = {
  en,
  'zh-CN': { signingIn: '正在登录…', brand: 'Hearth 控制台', signOut: '退出登录', nav: '控制台', noViews: '你的角色没有可用的控制台视图。', language: '语言' },
  'zh-TW': { signingIn: '正在登入…', brand: 'Hearth 控制台', signOut: '登出', nav: '控制台', noViews: '你的角色沒有可用的控制台檢視。', language: '語言' },
};

function currentPath(): string {
  return location.hash.replace(/^#\/?/, '') || 'inbox';
}

/** The language picker: switches every view at once and is kept for the next visit. */
export function LanguagePicker({ locale, onChange }: { locale: Locale; onChange: (locale: Locale) => void }) {
  const t = useMessages(messages);
  return (
    <label class="language">
      {t.language}
      <select value={locale} onChange={(e) => onChange(e.currentTarget.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The console in the operator's language: sign-in, then the navigation and the view the address names. */
export function App() {
  const [locale, setLocale] = useState<Locale>(savedLocale);
  useEffect(() => saveLocale(locale), [locale]);
  return (
    <LocaleProvider value={locale}>
      <Shell locale={locale} onLocale={setLocale} />
    </LocaleProvider>
  );
}

/** Sign-in, then the navigation and the view the address names; views the role may not use are left out. */
function Shell({ locale, onLocale }: { locale: Locale; onLocale: (locale: Locale) => void }) {
  const t = useMessages(messages);
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

  if (restoring) return <p class="loading" role="status">{t.signingIn}</p>;
  if (!session) return <SignIn onSignedIn={setSession} picker={<LanguagePicker locale={locale} onChange={onLocale} />} />;

  const views = VIEWS.filter((v) => session.can(v.needs));
  const view = views.find((v) => v.path === path) ?? views[0];
  return (
    <div class="shell">
      <header class="top">
        <strong class="brand">{t.brand}</strong>
        <span class="who">
          {session.viewer.displayName} · {session.viewer.role} · {session.community}
        </span>
        <LanguagePicker locale={locale} onChange={onLocale} />
        <button
          type="button"
          class="quiet"
          onClick={() => {
            signOut(session);
            setSession(null);
          }}
        >
          {t.signOut}
        </button>
      </header>
      <nav aria-label={t.nav}>
        <ul>
          {views.map((v) => (
            <li key={v.path}>
              <a href={`#/${v.path}`} aria-current={v === view ? 'page' : undefined}>
                {v.names[locale]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>{view ? <view.View session={session} /> : <p>{t.noViews}</p>}</main>
    </div>
  );
}
