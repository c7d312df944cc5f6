import { useEffect, useState } from 'preact/hooks';
import type { Permission } from '@hearth/protocol';
import { LOCALES, LOCALE_NAMES, LocaleProvider, saveLocale, savedLocale, useMessages, type Catalog, type Locale } from './i18n.js';
import { savedCredentials, signIn, signOut, type ConsoleSession } from './session.js';
import { SignIn } from './sign-in.js';
import { Inbox } from './views/inbox.js';

type ViewComponent = (props: { session: ConsoleSession }) => preact.JSX.Element;

/**
 * One console view: where it lives (`#/inbox`), its name in each locale, what the role needs to
 * see it, and its code. Every view but the Inbox (where the console opens) loads when first
 * visited, so signing in downloads the shell and one view, not all of them.
 */
interface ConsoleView {
  path: string;
  names: Record<Locale, string>;
  needs: Permission;
  load: () => Promise<ViewComponent>;
}

/** The console's views, in navigation order. */
const VIEWS: readonly ConsoleView[] = [
  { path: 'inbox', names: { en: 'Inbox', 'zh-CN': '待回复', 'zh-TW': '待回覆' }, needs: 'review', load: () => Promise.resolve(Inbox) },
  { path: 'moderation', names: { en: 'Moderation', 'zh-CN': '审核', 'zh-TW': '審核' }, needs: 'moderate', load: () => import('./views/moderation.js').then((m) => m.Moderation) },
  { path: 'feedback', names: { en: 'Feedback', 'zh-CN': '反馈', 'zh-TW': '回饋' }, needs: 'triage_feedback', load: () => import('./views/feedback.js').then((m) => m.Feedback) },
  { path: 'qa-polls', names: { en: 'Q&A and polls', 'zh-CN': '问答与投票', 'zh-TW': '問答與投票' }, needs: 'review', load: () => import('./views/qa-polls.js').then((m) => m.QaPolls) },
  { path: 'members', names: { en: 'Members', 'zh-CN': '成员', 'zh-TW': '成員' }, needs: 'view_insights', load: () => import('./views/members.js').then((m) => m.Members) },
  { path: 'gamification', names: { en: 'Gamification', 'zh-CN': '积分与等级', 'zh-TW': '積分與等級' }, needs: 'manage', load: () => import('./views/gamification.js').then((m) => m.Gamification) },
  { path: 'analytics', names: { en: 'Analytics', 'zh-CN': '数据分析', 'zh-TW': '數據分析' }, needs: 'view_insights', load: () => import('./views/analytics.js').then((m) => m.Analytics) },
  { path: 'settings', names: { en: 'Settings', 'zh-CN': '设置', 'zh-TW': '設定' }, needs: 'manage', load: () => import('./views/settings.js').then((m) => m.Settings) },
  { path: 'webhooks', names: { en: 'Webhooks', 'zh-CN': 'Webhooks', 'zh-TW': 'Webhooks' }, needs: 'manage', load: () => import('./views/webhooks.js').then((m) => m.Webhooks) },
];

const en = { signingIn: 'Signing in…', brand: 'Hearth console', signOut: 'Sign out', nav: 'Console', noViews: 'Your role has no console views.', language: 'Language', loadingView: 'Loading…', loadFailed: 'This view could not be loaded. Check your connection and try again.', retry: 'Try again' };
const messages: Catalog<typeof en> = {
  en,
  'zh-CN': { signingIn: '正在登录…', brand: 'Hearth 控制台', signOut: '退出登录', nav: '控制台', noViews: '你的角色没有可用的控制台视图。', language: '语言', loadingView: '正在加载…', loadFailed: '无法加载此视图。请检查网络连接后重试。', retry: '重试' },
  'zh-TW': { signingIn: '正在登入…', brand: 'Hearth 控制台', signOut: '登出', nav: '控制台', noViews: '你的角色沒有可用的控制台檢視。', language: '語言', loadingView: '正在載入…', loadFailed: '無法載入此檢視。請檢查網路連線後重試。', retry: '重試' },
};

function currentPath(): string {
  return location.hash.replace(/^#\/?/, '') || 'inbox';
}

/** Views already loaded, by path: a second visit shows at once. */
const loaded = new Map<string, ViewComponent>();

/** A view once its code is in: a status while it loads, the failure with a retry if it cannot load. */
function LazyView({ view, session }: { view: ConsoleView; session: ConsoleSession }) {
  const t = useMessages(messages);
  const [View, setView] = useState<ViewComponent | null>(() => loaded.get(view.path) ?? null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (View) return;
    let current = true;
    setFailed(false);
    view.load().then(
      (component) => {
        loaded.set(view.path, component);
        // A component is a function: hand it to the setter wrapped, or it would be called as an updater.
        if (current) setView(() => component);
      },
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [view, attempt]);
  if (View) return <View session={session} />;
  if (failed) {
    return (
      <div role="alert">
        <p class="error">{t.loadFailed}</p>
        <button type="button" onClick={() => setAttempt(attempt + 1)}>
          {t.retry}
        </button>
      </div>
    );
  }
  return <p role="status">{t.loadingView}</p>;
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
      <main>{view ? <LazyView key={view.path} view={view} session={session} /> : <p>{t.noViews}</p>}</main>
    </div>
  );
}
