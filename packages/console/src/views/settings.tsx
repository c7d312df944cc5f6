import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { createIdempotencyKey } from '@hearth/client';
import {
  HearthError,
  PROFILE_FIELDS,
  type AccessAdapter,
  type AccessSettings,
  type AdminKeySummary,
  type CallContext,
  type CommunityAdapter,
  type CommunitySettings,
  type FieldIssue,
  type ProfileField,
  type UpdateSettingsInput,
} from '@hearth/protocol';
import { useLocale, useMessages, type Catalog, type Locale } from '../i18n.js';
import { signOut, type ConsoleSession } from '../session.js';
import { formatAgo, formatTime } from '../time.js';
import { invalidate, useAction, useQuery } from '../use-query.js';
import './settings.css';

const en = {
  title: 'Settings',
  summary: 'How the community runs, and who may reach it.',
  refresh: 'Refresh',
  loading: 'Loading the settings…',
  noCommunity: 'This server offers no community settings: its adapter has no community capability.',
  // Community settings
  community: 'Community',
  rules: 'Rules',
  rulesText: 'Rules text (Markdown)',
  rulesHint: 'Shown behind the "rules" link of every widget.',
  timeZone: 'Time zone',
  timeZoneHint: 'Calendar days for check-ins, daily caps and leaderboards.',
  guests: 'Guests (people without an account)',
  guestPosting: 'Guests may comment',
  pollGuests: 'Guests may vote in polls',
  feedbackGuests: 'Guests may send feedback',
  moderation: 'Moderation',
  post: 'Post-moderation: publish at once, review after',
  pre: 'Pre-moderation: every post waits for review',
  newMemberHold: "Hold a new member's first posts for review",
  newMemberHoldHint: '0 holds none.',
  autoHideReports: 'Hide an item after this many reports',
  spam: 'Spam and flooding',
  bannedWords: 'Banned words (one per line)',
  bannedWordsHint: 'A post containing one is refused; case does not matter, and words match inside others (so Chinese text works).',
  linkLimitNewMember: 'Most links in a post by a new member',
  linkLimit: 'Most links in a post by anyone else',
  newMemberPosts: 'A member stops being new after this many published posts',
  duplicateWindow: 'Refuse the same text again within (minutes)',
  maxPostsPerMinute: 'Most posts per member per minute',
  members: 'Members',
  onboarding: 'Ask for these on a member’s first post',
  fields: { headline: 'Headline', industry: 'Industry', expertise: 'Expertise', interests: 'Interests' } as Record<ProfileField, string>,
  excludeStaff: 'Leave staff (moderators and up) out of leaderboards',
  response: 'First-response target',
  responseHint: 'The inbox colours items amber past half of it and red past it.',
  hours: 'Hours',
  minutes: 'Minutes',
  save: 'Save settings',
  saving: 'Saving…',
  saved: 'Saved.',
  nothingChanged: 'Nothing to save: no setting changed.',
  notSaved: 'Not saved; nothing was changed:',
  wholeNumber: 'Enter a whole number, 0 or more.',
  atLeastOne: 'Enter a whole number, 1 or more.',
  minutesRange: 'Enter whole minutes from 0 to 59.',
  line: (n: number) => `Line ${n}`,
  // Access
  access: 'Access',
  noAccess: 'This server keeps no access settings you can change here (its adapter has no access capability): allowed origins, sign-in and admin keys come from its configuration.',
  fromConfig: 'from the server config (read-only)',
  origins: 'Allowed embedding origins',
  originsHint: 'Sites whose pages may embed the widgets, like https://www.example.com (no path). * allows any site.',
  originsInForce: 'In force:',
  anyOrigin: 'any origin',
  configOrigins: 'From the server config (read-only):',
  openDefault: 'The config’s * allows any origin until you list some here.',
  consoleOrigins: 'Origins (one per line)',
  saveOrigins: 'Save origins',
  originsSaved: 'Origins saved.',
  sso: 'Sign-in (SSO)',
  ssoHint: 'Your site signs a short-lived token for each member; Hearth checks it with a shared secret (HS256) or your key set (JWKS).',
  onlyOwners: 'Only owners can change sign-in: whoever holds the secret or names the key set can sign in as anyone.',
  configSecret: 'A shared secret is set in the server config; it keeps working beside the one made here.',
  noSecret: 'No shared secret is kept here.',
  secretMade: (when: string) => `The console’s shared secret was made ${when}.`,
  previousUntil: (when: string) => `The previous secret is still accepted until ${when}.`,
  grace: 'Keep accepting the previous secret for',
  graceNone: 'No time: refuse it at once',
  graceDay: '1 day',
  graceWeek: '7 days',
  graceMonth: '30 days',
  rotate: 'Make a new secret',
  rotated: 'The new shared secret.',
  endRotation: 'Stop accepting the previous secret',
  rotationEnded: 'The previous secret is refused from now on.',
  removeSecret: 'Remove the console’s secret',
  confirmRemove: 'Tokens signed with the console’s secret will be refused at once. Remove it?',
  removed: 'The console’s secret is removed.',
  jwks: 'Key set (JWKS)',
  jwksUrl: 'Key set URL',
  issuer: 'Issuer (iss) tokens must carry, optional',
  audience: 'Audience (aud) tokens must carry, optional',
  saveJwks: 'Save key set',
  jwksSaved: 'Key set saved.',
  trustRole: (on: boolean): string => (on ? 'A token’s role claim counts (server config).' : 'A token’s role claim is ignored; roles are given in Hearth (server config).'),
  keys: 'Admin API keys',
  keysHint: 'For server-to-server calls: a request with one acts as an admin named after it.',
  noKeys: 'No admin keys yet.',
  keyName: 'Name',
  keySource: 'Where from',
  keyCreated: 'Created',
  keyUsed: 'Last used',
  never: 'never',
  notTracked: 'not tracked',
  sourceConsole: 'console',
  yourKey: 'you are signed in with it',
  revoke: 'Revoke',
  confirmRevoke: (name: string) => `Revoke "${name}"? Anything using it is refused at once.`,
  confirmRevokeOwn: (name: string) => `You are signed in with "${name}". Revoking it refuses it at once and signs this console out.`,
  revokeKey: 'Revoke key',
  keep: 'Keep it',
  revoked: (name: string) => `"${name}" is revoked.`,
  newKey: 'Create an admin key',
  newKeyName: 'Key name (what will use it)',
  create: 'Create key',
  creating: 'Creating…',
  keyMade: (name: string) => `The key "${name}".`,
  once: 'Copy it now: it will not be shown again.',
  copy: 'Copy',
  copied: 'Copied.',
  done: 'Done',
  cancel: 'Cancel',
  webhooks: 'Webhooks',
  webhooksHint: 'Signed notifications to your other systems when something happens.',
  webhooksLink: 'Manage webhooks',
};

type Messages = typeof en;

const messages: Catalog<Messages> = {
  en,
  'zh-CN': {
    title: '设置',
    summary: '社区如何运作，以及谁可以访问它。',
    refresh: '刷新',
    loading: '正在加载设置…',
    noCommunity: '此服务器不提供社区设置：它的适配器没有 community 能力。',
    community: '社区',
    rules: '规则',
    rulesText: '社区规则（Markdown）',
    rulesHint: '显示在每个组件的“规则”链接之后。',
    timeZone: '时区',
    timeZoneHint: '用于签到、每日上限和排行榜的日历日。',
    guests: '访客（没有账号的人）',
    guestPosting: '访客可以评论',
    pollGuests: '访客可以参与投票',
    feedbackGuests: '访客可以提交反馈',
    moderation: '审核',
    post: '先发后审：立即发布，之后审核',
    pre: '先审后发：每条内容都要等待审核',
    newMemberHold: '新成员的前几条内容需要审核',
    newMemberHoldHint: '0 表示不暂扣。',
    autoHideReports: '被举报达到此次数后隐藏',
    spam: '垃圾内容与刷屏',
    bannedWords: '屏蔽词（每行一个）',
    bannedWordsHint: '含有屏蔽词的内容会被拒绝；不区分大小写，也匹配词中的部分（因此中文同样适用）。',
    linkLimitNewMember: '新成员每条内容最多链接数',
    linkLimit: '其他成员每条内容最多链接数',
    newMemberPosts: '发布多少条内容后不再算新成员',
    duplicateWindow: '多少分钟内拒绝重复的相同内容',
    maxPostsPerMinute: '每位成员每分钟最多发布数',
    members: '成员',
    onboarding: '成员首次发布时请其填写',
    fields: { headline: '一句话介绍', industry: '行业', expertise: '专长', interests: '兴趣' },
    excludeStaff: '排行榜不计入工作人员（版主及以上）',
    response: '首次回复目标',
    responseHint: '待回复列表中，超过一半时间显示为琥珀色，超过目标显示为红色。',
    hours: '小时',
    minutes: '分钟',
    save: '保存设置',
    saving: '正在保存…',
    saved: '已保存。',
    nothingChanged: '没有需要保存的内容：未更改任何设置。',
    notSaved: '未保存，也未做任何更改：',
    wholeNumber: '请输入 0 或更大的整数。',
    atLeastOne: '请输入 1 或更大的整数。',
    minutesRange: '请输入 0 到 59 的整数分钟。',
    line: (n) => `第 ${n} 行`,
    access: '访问',
    noAccess: '此服务器没有可在此更改的访问设置（它的适配器没有 access 能力）：允许的来源、登录方式和管理员密钥来自其配置。',
    fromConfig: '来自服务器配置（只读）',
    origins: '允许嵌入的来源',
    originsHint: '可以嵌入组件的网站，例如 https://www.example.com（不带路径）。* 表示允许任何网站。',
    originsInForce: '当前生效：',
    anyOrigin: '任何来源',
    configOrigins: '来自服务器配置（只读）：',
    openDefault: '在你于此列出来源之前，配置中的 * 允许任何来源。',
    consoleOrigins: '来源（每行一个）',
    saveOrigins: '保存来源',
    originsSaved: '来源已保存。',
    sso: '登录（SSO）',
    ssoHint: '你的网站为每位成员签发短期令牌；Hearth 用共享密钥（HS256）或你的公钥集（JWKS）验证。',
    onlyOwners: '只有所有者可以更改登录方式：持有密钥或指定公钥集的人可以以任何人的身份登录。',
    configSecret: '服务器配置中设置了共享密钥；它与此处生成的密钥同时有效。',
    noSecret: '此处没有保存共享密钥。',
    secretMade: (when) => `控制台的共享密钥生成于 ${when}。`,
    previousUntil: (when) => `旧密钥在 ${when} 之前仍然有效。`,
    grace: '旧密钥继续有效的时长',
    graceNone: '不保留：立即拒绝',
    graceDay: '1 天',
    graceWeek: '7 天',
    graceMonth: '30 天',
    rotate: '生成新密钥',
    rotated: '新的共享密钥。',
    endRotation: '停止接受旧密钥',
    rotationEnded: '从现在起拒绝旧密钥。',
    removeSecret: '删除控制台的密钥',
    confirmRemove: '用控制台密钥签发的令牌将立即被拒绝。确定删除？',
    removed: '控制台的密钥已删除。',
    jwks: '公钥集（JWKS）',
    jwksUrl: '公钥集 URL',
    issuer: '令牌必须带有的签发者（iss），可选',
    audience: '令牌必须带有的受众（aud），可选',
    saveJwks: '保存公钥集',
    jwksSaved: '公钥集已保存。',
    trustRole: (on) => (on ? '令牌中的角色声明有效（服务器配置）。' : '令牌中的角色声明被忽略；角色在 Hearth 中授予（服务器配置）。'),
    keys: '管理员 API 密钥',
    keysHint: '用于服务器之间的调用：带密钥的请求以与密钥同名的管理员身份执行。',
    noKeys: '还没有管理员密钥。',
    keyName: '名称',
    keySource: '来源',
    keyCreated: '创建时间',
    keyUsed: '最近使用',
    never: '从未',
    notTracked: '不记录',
    sourceConsole: '控制台',
    yourKey: '你正用它登录',
    revoke: '吊销',
    confirmRevoke: (name) => `吊销“${name}”？使用它的一切请求将立即被拒绝。`,
    confirmRevokeOwn: (name) => `你正用“${name}”登录。吊销后它会立即失效，并使此控制台退出登录。`,
    revokeKey: '吊销密钥',
    keep: '保留',
    revoked: (name) => `“${name}”已吊销。`,
    newKey: '创建管理员密钥',
    newKeyName: '密钥名称（由什么使用）',
    create: '创建密钥',
    creating: '正在创建…',
    keyMade: (name) => `密钥“${name}”。`,
    once: '请立即复制：它不会再次显示。',
    copy: '复制',
    copied: '已复制。',
    done: '完成',
    cancel: '取消',
    webhooks: 'Webhooks',
    webhooksHint: '发生事情时，向你的其他系统发送签名通知。',
    webhooksLink: '管理 Webhooks',
  },
  'zh-TW': {
    title: '設定',
    summary: '社群如何運作，以及誰可以存取它。',
    refresh: '重新整理',
    loading: '正在載入設定…',
    noCommunity: '此伺服器不提供社群設定：它的轉接器沒有 community 功能。',
    community: '社群',
    rules: '規則',
    rulesText: '社群規則（Markdown）',
    rulesHint: '顯示在每個元件的「規則」連結之後。',
    timeZone: '時區',
    timeZoneHint: '用於簽到、每日上限和排行榜的日曆日。',
    guests: '訪客（沒有帳號的人）',
    guestPosting: '訪客可以留言',
    pollGuests: '訪客可以參與投票',
    feedbackGuests: '訪客可以提交回饋',
    moderation: '審核',
    post: '先發後審：立即發布，之後審核',
    pre: '先審後發：每則內容都要等待審核',
    newMemberHold: '新成員的前幾則內容需要審核',
    newMemberHoldHint: '0 表示不暫扣。',
    autoHideReports: '被檢舉達到此次數後隱藏',
    spam: '垃圾內容與洗版',
    bannedWords: '封鎖詞（每行一個）',
    bannedWordsHint: '含有封鎖詞的內容會被拒絕；不分大小寫，也比對詞中的部分（因此中文同樣適用）。',
    linkLimitNewMember: '新成員每則內容最多連結數',
    linkLimit: '其他成員每則內容最多連結數',
    newMemberPosts: '發布多少則內容後不再算新成員',
    duplicateWindow: '幾分鐘內拒絕重複的相同內容',
    maxPostsPerMinute: '每位成員每分鐘最多發布數',
    members: '成員',
    onboarding: '成員首次發布時請其填寫',
    fields: { headline: '一句話介紹', industry: '產業', expertise: '專長', interests: '興趣' },
    excludeStaff: '排行榜不計入工作人員（版主及以上）',
    response: '首次回覆目標',
    responseHint: '待回覆清單中，超過一半時間顯示為琥珀色，超過目標顯示為紅色。',
    hours: '小時',
    minutes: '分鐘',
    save: '儲存設定',
    saving: '正在儲存…',
    saved: '已儲存。',
    nothingChanged: '沒有需要儲存的內容：未變更任何設定。',
    notSaved: '未儲存，也未做任何變更：',
    wholeNumber: '請輸入 0 或更大的整數。',
    atLeastOne: '請輸入 1 或更大的整數。',
    minutesRange: '請輸入 0 到 59 的整數分鐘。',
    line: (n) => `第 ${n} 行`,
    access: '存取',
    noAccess: '此伺服器沒有可在此變更的存取設定（它的轉接器沒有 access 功能）：允許的來源、登入方式和管理員金鑰來自其設定檔。',
    fromConfig: '來自伺服器設定檔（唯讀）',
    origins: '允許嵌入的來源',
    originsHint: '可以嵌入元件的網站，例如 https://www.example.com（不含路徑）。* 表示允許任何網站。',
    originsInForce: '目前生效：',
    anyOrigin: '任何來源',
    configOrigins: '來自伺服器設定檔（唯讀）：',
    openDefault: '在你於此列出來源之前，設定檔中的 * 允許任何來源。',
    consoleOrigins: '來源（每行一個）',
    saveOrigins: '儲存來源',
    originsSaved: '來源已儲存。',
    sso: '登入（SSO）',
    ssoHint: '你的網站為每位成員簽發短期權杖；Hearth 以共用密鑰（HS256）或你的公鑰集（JWKS）驗證。',
    onlyOwners: '只有擁有者可以變更登入方式：持有密鑰或指定公鑰集的人可以用任何人的身分登入。',
    configSecret: '伺服器設定檔中設有共用密鑰；它與此處產生的密鑰同時有效。',
    noSecret: '此處沒有保存共用密鑰。',
    secretMade: (when) => `控制台的共用密鑰產生於 ${when}。`,
    previousUntil: (when) => `舊密鑰在 ${when} 之前仍然有效。`,
    grace: '舊密鑰繼續有效的時間',
    graceNone: '不保留：立即拒絕',
    graceDay: '1 天',
    graceWeek: '7 天',
    graceMonth: '30 天',
    rotate: '產生新密鑰',
    rotated: '新的共用密鑰。',
    endRotation: '停止接受舊密鑰',
    rotationEnded: '從現在起拒絕舊密鑰。',
    removeSecret: '刪除控制台的密鑰',
    confirmRemove: '以控制台密鑰簽發的權杖將立即被拒絕。確定刪除？',
    removed: '控制台的密鑰已刪除。',
    jwks: '公鑰集（JWKS）',
    jwksUrl: '公鑰集 URL',
    issuer: '權杖必須帶有的簽發者（iss），選填',
    audience: '權杖必須帶有的受眾（aud），選填',
    saveJwks: '儲存公鑰集',
    jwksSaved: '公鑰集已儲存。',
    trustRole: (on) => (on ? '權杖中的角色聲明有效（伺服器設定檔）。' : '權杖中的角色聲明會被忽略；角色在 Hearth 中授予（伺服器設定檔）。'),
    keys: '管理員 API 金鑰',
    keysHint: '用於伺服器之間的呼叫：帶金鑰的請求以與金鑰同名的管理員身分執行。',
    noKeys: '還沒有管理員金鑰。',
    keyName: '名稱',
    keySource: '來源',
    keyCreated: '建立時間',
    keyUsed: '最近使用',
    never: '從未',
    notTracked: '不記錄',
    sourceConsole: '控制台',
    yourKey: '你正用它登入',
    revoke: '撤銷',
    confirmRevoke: (name) => `撤銷「${name}」？使用它的所有請求將立即被拒絕。`,
    confirmRevokeOwn: (name) => `你正用「${name}」登入。撤銷後它會立即失效，並讓此控制台登出。`,
    revokeKey: '撤銷金鑰',
    keep: '保留',
    revoked: (name) => `「${name}」已撤銷。`,
    newKey: '建立管理員金鑰',
    newKeyName: '金鑰名稱（由什麼使用）',
    create: '建立金鑰',
    creating: '正在建立…',
    keyMade: (name) => `金鑰「${name}」。`,
    once: '請立即複製：它不會再次顯示。',
    copy: '複製',
    copied: '已複製。',
    done: '完成',
    cancel: '取消',
    webhooks: 'Webhooks',
    webhooksHint: '發生事情時，向你的其他系統傳送簽章通知。',
    webhooksLink: '管理 Webhooks',
  },
};

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The messages of `error` for the field at `path` and below (`flood` takes `flood.maxPostsPerMinute`). */
function issuesAt(error: HearthError | null, path: string): FieldIssue[] {
  return (error?.details.issues ?? []).filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
}

/** What a field says when it was refused: the attributes for its control and the message below it. */
function problemOf(formId: string, error: HearthError | null, path: string, t: Messages) {
  const issues = issuesAt(error, path);
  const id = `${formId}-${path.replace(/\W/g, '-')}-problem`;
  const control = issues.length ? { 'aria-invalid': true as const, 'aria-describedby': id } : {};
  const text = issues
    .map((issue) => {
      // A list's item (`bannedWords.3`) is a line of its text box.
      const index = /\.(\d+)$/.exec(issue.path);
      return index && issue.path.split('.').length === 2 ? `${t.line(Number(index[1]) + 1)}: ${issue.message}` : issue.message;
    })
    .join(' ');
  const message = issues.length ? (
    <p class="error field-problem" id={id}>
      {text}
    </p>
  ) : null;
  return { control, message };
}

/** The view: community settings, access settings where the server keeps them, and the way to webhooks. */
export function Settings({ session }: { session: ConsoleSession }) {
  const t = useMessages(messages);
  const ctx: CallContext = { viewer: session.client.viewer };
  const { community, access } = session.client.adapter;
  return (
    <section aria-labelledby="settings-title" class="settings">
      <div class="view-head">
        <h1 id="settings-title">{t.title}</h1>
        <p class="summary">{t.summary}</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['settings'])}>
          {t.refresh}
        </button>
      </div>
      {community ? (
        <CommunityForm session={session} community={community} ctx={ctx} />
      ) : (
        <p class="error" role="alert">
          {t.noCommunity}
        </p>
      )}
      <section aria-labelledby="access-title" class="settings-part">
        <h2 id="access-title">{t.access}</h2>
        {access ? <AccessPanel session={session} access={access} ctx={ctx} /> : <p class="hint">{t.noAccess}</p>}
      </section>
      <section aria-labelledby="settings-webhooks-title" class="settings-part">
        <h2 id="settings-webhooks-title">{t.webhooks}</h2>
        <p class="hint">{t.webhooksHint}</p>
        <p>
          <a href="#/webhooks">{t.webhooksLink}</a>
        </p>
      </section>
    </section>
  );
}

// ——— Community settings ———

/** The form's text as typed: numbers stay strings until saved, so a half-typed one is never lost. */
interface Draft {
  rulesText: string;
  timeZone: string;
  guestPosting: boolean;
  pollGuests: boolean;
  feedbackGuests: boolean;
  moderation: 'pre' | 'post';
  newMemberHold: string;
  bannedWords: string;
  linkLimitNewMember: string;
  linkLimit: string;
  newMemberPosts: string;
  duplicateWindowMinutes: string;
  maxPostsPerMinute: string;
  autoHideReports: string;
  onboardingFields: ProfileField[];
  leaderboardExcludesStaff: boolean;
  responseHours: string;
  responseMinutes: string;
}

function draftOf(settings: CommunitySettings): Draft {
  const target = settings.firstResponseTargetMs;
  return {
    rulesText: settings.rulesText,
    timeZone: settings.timeZone,
    guestPosting: settings.guestPosting,
    pollGuests: settings.pollGuests,
    feedbackGuests: settings.feedbackGuests,
    moderation: settings.moderation,
    newMemberHold: String(settings.newMemberHold),
    bannedWords: settings.bannedWords.join('\n'),
    linkLimitNewMember: String(settings.linkLimitNewMember),
    linkLimit: String(settings.linkLimit),
    newMemberPosts: String(settings.newMemberPosts),
    duplicateWindowMinutes: String(Math.round((settings.flood.duplicateWindowMs / MINUTE) * 100) / 100),
    maxPostsPerMinute: String(settings.flood.maxPostsPerMinute),
    autoHideReports: String(settings.autoHideReports),
    onboardingFields: [...settings.onboardingFields],
    leaderboardExcludesStaff: settings.leaderboardExcludesStaff,
    responseHours: String(Math.floor(target / HOUR)),
    responseMinutes: String(Math.round((target % HOUR) / MINUTE)),
  };
}

/**
 * The settings the draft changes from `base`, or the field errors that keep it from saving
 * (checked here first, so a typo never reaches the server).
 */
function changesOf(draft: Draft, base: Draft, settings: CommunitySettings, t: Messages): { input: UpdateSettingsInput; issues: FieldIssue[] } {
  const input: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  const whole = (path: string, text: string, min = 0): number | null => {
    const value = text.trim();
    if (!/^\d+$/.test(value) || Number(value) < min) {
      issues.push({ path, message: min > 0 ? t.atLeastOne : t.wholeNumber });
      return null;
    }
    return Number(value);
  };
  const changed = (...keys: Array<keyof Draft>) => keys.some((key) => JSON.stringify(draft[key]) !== JSON.stringify(base[key]));
  for (const key of ['rulesText', 'timeZone', 'guestPosting', 'pollGuests', 'feedbackGuests', 'moderation', 'leaderboardExcludesStaff'] as const) {
    if (changed(key)) input[key] = draft[key];
  }
  if (changed('onboardingFields')) input.onboardingFields = PROFILE_FIELDS.filter((field) => draft.onboardingFields.includes(field));
  for (const [key, min] of [
    ['newMemberHold', 0],
    ['linkLimitNewMember', 0],
    ['linkLimit', 0],
    ['newMemberPosts', 0],
    ['autoHideReports', 1],
  ] as const) {
    if (!changed(key)) continue;
    const value = whole(key, draft[key], min);
    if (value !== null) input[key] = value;
  }
  if (changed('bannedWords')) {
    const seen = new Set<string>();
    input.bannedWords = draft.bannedWords
      .split('\n')
      .map((word) => word.trim())
      .filter((word) => word && !seen.has(word.toLowerCase()) && (seen.add(word.toLowerCase()), true));
  }
  if (changed('duplicateWindowMinutes', 'maxPostsPerMinute')) {
    const minutes = draft.duplicateWindowMinutes.trim();
    const windowOk = /^\d+(\.\d+)?$/.test(minutes);
    if (!windowOk) issues.push({ path: 'flood.duplicateWindowMs', message: t.wholeNumber });
    const perMinute = whole('flood.maxPostsPerMinute', draft.maxPostsPerMinute, 1);
    if (windowOk && perMinute !== null) {
      input.flood = {
        duplicateWindowMs: changed('duplicateWindowMinutes') ? Math.round(Number(minutes) * MINUTE) : settings.flood.duplicateWindowMs,
        maxPostsPerMinute: perMinute,
      };
    }
  }
  if (changed('responseHours', 'responseMinutes')) {
    const hours = whole('firstResponseTargetMs', draft.responseHours);
    const minutes = draft.responseMinutes.trim();
    if (!/^\d+$/.test(minutes) || Number(minutes) > 59) issues.push({ path: 'firstResponseTargetMs', message: t.minutesRange });
    else if (hours !== null) input.firstResponseTargetMs = hours * HOUR + Number(minutes) * MINUTE;
  }
  return { input: input as UpdateSettingsInput, issues };
}

/** Every IANA zone the browser knows, with the community's own first when it is not among them (`UTC`). */
function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(current) ? known : [current, ...known];
}

function CommunityForm({ session, community, ctx }: { session: ConsoleSession; community: CommunityAdapter; ctx: CallContext }) {
  const t = useMessages(messages);
  const settings = useQuery<CommunitySettings>(session, ['settings', 'community'], () => community.getSettings({}, ctx));
  const [base, setBase] = useState<Draft | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState('');
  const { busy, error, run, setError } = useAction(session, ['settings', 'community']);

  // A fresh read replaces the form only while nothing is typed in it.
  useEffect(() => {
    if (!settings.data) return;
    const next = draftOf(settings.data);
    if (!draft || !base || JSON.stringify(draft) === JSON.stringify(base)) setDraft(next);
    setBase(next);
  }, [settings.data]);

  if (settings.error) {
    return (
      <p class="error" role="alert">
        {settings.error.message}
      </p>
    );
  }
  if (!settings.data || !draft || !base) return <p role="status">{t.loading}</p>;
  const loaded = settings.data;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setNotice('');
    setDraft({ ...draft, [key]: value });
  };
  const text = (key: keyof Draft) => ({
    value: draft[key] as string,
    onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => set(key, e.currentTarget.value as never),
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    setNotice('');
    const { input, issues } = changesOf(draft, base, loaded, t);
    if (issues.length) {
      setError(new HearthError('validation', issues[0]!.message, { issues }));
      return;
    }
    if (Object.keys(input).length === 0) {
      setError(null);
      setNotice(t.nothingChanged);
      return;
    }
    await run(async () => {
      const saved = await community.updateSettings(input, ctx);
      const next = draftOf(saved);
      setBase(next);
      setDraft(next);
      setNotice(t.saved);
    });
  };

  const p = (path: string) => problemOf('community', error, path, t);
  const problems = {
    rulesText: p('rulesText'),
    timeZone: p('timeZone'),
    newMemberHold: p('newMemberHold'),
    autoHideReports: p('autoHideReports'),
    bannedWords: p('bannedWords'),
    linkLimitNewMember: p('linkLimitNewMember'),
    linkLimit: p('linkLimit'),
    newMemberPosts: p('newMemberPosts'),
    duplicateWindow: p('flood.duplicateWindowMs'),
    maxPostsPerMinute: p('flood.maxPostsPerMinute'),
    onboardingFields: p('onboardingFields'),
    response: p('firstResponseTargetMs'),
  };
  const check = (key: 'guestPosting' | 'pollGuests' | 'feedbackGuests' | 'leaderboardExcludesStaff', label: string) => (
    <label>
      <input type="checkbox" name={key} checked={draft[key]} onChange={(e) => set(key, e.currentTarget.checked)} />
      {label}
    </label>
  );
  const number = (key: 'newMemberHold' | 'linkLimitNewMember' | 'linkLimit' | 'newMemberPosts' | 'autoHideReports' | 'maxPostsPerMinute', label: string, problem: ReturnType<typeof p>, hint?: string) => (
    <div class="field">
      <label>
        {label}
        <input type="number" inputMode="numeric" min={key === 'autoHideReports' || key === 'maxPostsPerMinute' ? 1 : 0} step={1} name={key} {...text(key)} {...problem.control} />
      </label>
      {hint && <p class="hint">{hint}</p>}
      {problem.message}
    </div>
  );
  const otherIssues = (error?.details.issues ?? []).length === 0 && error;

  return (
    <form onSubmit={submit} aria-labelledby="community-settings-title" class="settings-part" noValidate>
      <h2 id="community-settings-title">{t.community}</h2>

      <fieldset>
        <legend>{t.rules}</legend>
        <div class="field">
          <label>
            {t.rulesText}
            <textarea name="rulesText" rows={5} aria-describedby="rules-hint" {...text('rulesText')} {...problems.rulesText.control} />
          </label>
          <p class="hint" id="rules-hint">
            {t.rulesHint}
          </p>
          {problems.rulesText.message}
        </div>
        <div class="field">
          <label>
            {t.timeZone}
            <select name="timeZone" value={draft.timeZone} onChange={(e) => set('timeZone', e.currentTarget.value)} {...problems.timeZone.control}>
              {timeZones(draft.timeZone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </label>
          <p class="hint">{t.timeZoneHint}</p>
          {problems.timeZone.message}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t.guests}</legend>
        {check('guestPosting', t.guestPosting)}
        {check('pollGuests', t.pollGuests)}
        {check('feedbackGuests', t.feedbackGuests)}
      </fieldset>

      <fieldset>
        <legend>{t.moderation}</legend>
        {(['post', 'pre'] as const).map((mode) => (
          <label key={mode}>
            <input type="radio" name="moderation" value={mode} checked={draft.moderation === mode} onChange={() => set('moderation', mode)} />
            {t[mode]}
          </label>
        ))}
        <div class="settings-grid">
          {number('newMemberHold', t.newMemberHold, problems.newMemberHold, t.newMemberHoldHint)}
          {number('autoHideReports', t.autoHideReports, problems.autoHideReports)}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t.spam}</legend>
        <div class="field">
          <label>
            {t.bannedWords}
            <textarea name="bannedWords" rows={5} aria-describedby="banned-hint" {...text('bannedWords')} {...problems.bannedWords.control} />
          </label>
          <p class="hint" id="banned-hint">
            {t.bannedWordsHint}
          </p>
          {problems.bannedWords.message}
        </div>
        <div class="settings-grid">
          {number('linkLimitNewMember', t.linkLimitNewMember, problems.linkLimitNewMember)}
          {number('linkLimit', t.linkLimit, problems.linkLimit)}
          {number('newMemberPosts', t.newMemberPosts, problems.newMemberPosts)}
          <div class="field">
            <label>
              {t.duplicateWindow}
              <input type="number" inputMode="decimal" min={0} step="any" name="duplicateWindowMinutes" {...text('duplicateWindowMinutes')} {...problems.duplicateWindow.control} />
            </label>
            {problems.duplicateWindow.message}
          </div>
          {number('maxPostsPerMinute', t.maxPostsPerMinute, problems.maxPostsPerMinute)}
        </div>
      </fieldset>

      <fieldset {...problems.onboardingFields.control}>
        <legend>{t.members}</legend>
        <p class="legend-like">{t.onboarding}</p>
        {PROFILE_FIELDS.map((field) => (
          <label key={field}>
            <input
              type="checkbox"
              name="onboardingFields"
              value={field}
              checked={draft.onboardingFields.includes(field)}
              onChange={(e) => set('onboardingFields', e.currentTarget.checked ? [...draft.onboardingFields, field] : draft.onboardingFields.filter((f) => f !== field))}
            />
            {t.fields[field]}
          </label>
        ))}
        {problems.onboardingFields.message}
        {check('leaderboardExcludesStaff', t.excludeStaff)}
      </fieldset>

      <fieldset aria-describedby="response-hint" {...(problems.response.message ? { 'aria-invalid': true } : {})}>
        <legend>{t.response}</legend>
        <div class="settings-inline">
          <label>
            {t.hours}
            <input type="number" inputMode="numeric" min={0} step={1} name="responseHours" {...text('responseHours')} {...problems.response.control} />
          </label>
          <label>
            {t.minutes}
            <input type="number" inputMode="numeric" min={0} max={59} step={1} name="responseMinutes" {...text('responseMinutes')} {...problems.response.control} />
          </label>
        </div>
        <p class="hint" id="response-hint">
          {t.responseHint}
        </p>
        {problems.response.message}
      </fieldset>

      {error && (
        <div class="error" role="alert">
          <p>
            {t.notSaved} {otherIssues ? error.message : (error.details.issues ?? []).map((issue) => issue.message).join(' ')}
          </p>
        </div>
      )}
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t.saving : t.save}
        </button>
        <span role="status" class="settings-notice">
          {notice}
        </span>
      </div>
    </form>
  );
}

// ——— Access settings ———

interface AccessApi {
  session: ConsoleSession;
  access: AccessAdapter;
  ctx: CallContext;
}

function AccessPanel({ session, access, ctx }: AccessApi) {
  const t = useMessages(messages);
  const state = useQuery<AccessSettings>(session, ['settings', 'access'], () => access.getAccess({}, ctx));
  if (state.error) {
    return (
      <p class="error" role="alert">
        {state.error.message}
      </p>
    );
  }
  if (!state.data) return <p role="status">{t.loading}</p>;
  const api = { session, access, ctx };
  return (
    <>
      <Origins api={api} state={state.data} />
      <Sso api={api} state={state.data} />
      <AdminKeys api={api} state={state.data} />
    </>
  );
}

/** A value shown the one time the server hands it out, with a copy button that takes the focus. */
function ShownOnce({ value, note, onDone }: { value: string; note: string; onDone: () => void }) {
  const t = useMessages(messages);
  const [copied, setCopied] = useState(false);
  const copyButton = useRef<HTMLButtonElement>(null);
  const noteId = useId();
  useEffect(() => copyButton.current?.focus(), []);
  const copy = () => {
    // Without a clipboard (an insecure origin, a denied permission) the value is there to select.
    navigator.clipboard?.writeText(value).then(
      () => setCopied(true),
      () => {},
    );
  };
  return (
    <div class="shown-once">
      <p id={noteId}>
        <strong>{note}</strong> {t.once}
      </p>
      <p class="secret" data-secret>
        {value}
      </p>
      <div class="actions">
        <button type="button" ref={copyButton} onClick={copy} aria-describedby={noteId}>
          {t.copy}
        </button>
        <button type="button" class="quiet" onClick={onDone}>
          {t.done}
        </button>
        <span role="status">{copied ? t.copied : ''}</span>
      </div>
    </div>
  );
}

/** A server refusal: its message, each field's line named where a list was refused. */
function Refusal({ error, children }: { error: HearthError | null; children?: ComponentChildren }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {children}
      {error.message}
    </p>
  );
}

function Origins({ api, state }: { api: AccessApi; state: AccessSettings }) {
  const t = useMessages(messages);
  const { session, access, ctx } = api;
  const [text, setText] = useState(() => state.origins.join('\n'));
  const [notice, setNotice] = useState('');
  const { busy, error, run } = useAction(session, ['settings', 'access']);
  const problem = problemOf('origins', error, 'origins', t);
  useEffect(() => setText(state.origins.join('\n')), [state.origins.join('\n')]);

  const save = async (event: Event) => {
    event.preventDefault();
    setNotice('');
    await run(async () => {
      const origins = text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      await access.setOrigins({ origins }, ctx);
      setNotice(t.originsSaved);
    });
  };
  const any = state.effectiveOrigins.includes('*');
  return (
    <form onSubmit={save} aria-labelledby="origins-title" class="access-part" noValidate>
      <h3 id="origins-title">{t.origins}</h3>
      <p class="hint">{t.originsHint}</p>
      <p>
        {t.originsInForce} <strong>{any ? t.anyOrigin : state.effectiveOrigins.join(', ')}</strong>
      </p>
      {state.configOrigins.length > 0 && (
        <div class="from-config">
          <p>{t.configOrigins}</p>
          <ul>
            {state.configOrigins.map((origin) => (
              <li key={origin}>
                <code>{origin}</code>
              </li>
            ))}
          </ul>
          {state.configOrigins.includes('*') && state.origins.length === 0 && <p class="hint">{t.openDefault}</p>}
        </div>
      )}
      <div class="field">
        <label>
          {t.consoleOrigins}
          <textarea name="origins" rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck={false} autocomplete="off" {...problem.control} />
        </label>
        {problem.message}
      </div>
      {error && !(error.details.issues ?? []).length && <Refusal error={error} />}
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {t.saveOrigins}
        </button>
        <span role="status" class="settings-notice">
          {notice}
        </span>
      </div>
    </form>
  );
}

const GRACES = [
  ['graceNone', 0],
  ['graceDay', 86_400_000],
  ['graceWeek', 7 * 86_400_000],
  ['graceMonth', 30 * 86_400_000],
] as const;

function Sso({ api, state }: { api: AccessApi; state: AccessSettings }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, access, ctx } = api;
  const { sso } = state;
  const [grace, setGrace] = useState(String(7 * 86_400_000));
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const [jwks, setJwks] = useState({ url: sso.jwksUrl ?? '', issuer: sso.issuer ?? '', audience: sso.audience ?? '' });
  const { busy, error, run } = useAction(session, ['settings', 'access']);
  const jwksAction = useAction(session, ['settings', 'access']);
  const urlProblem = problemOf('jwks', jwksAction.error, 'jwksUrl', t);
  const issuerProblem = problemOf('jwks', jwksAction.error, 'issuer', t);
  const audienceProblem = problemOf('jwks', jwksAction.error, 'audience', t);
  const keepButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keepButton.current?.focus();
  }, [confirming]);

  const write = (action: () => Promise<string | void>) =>
    run(async () => {
      setNotice('');
      const said = await action();
      if (said) setNotice(said);
    });
  const rotate = () =>
    write(async () => {
      const rotated = await access.rotateSsoSecret({ graceMs: Number(grace) }, ctx);
      setSecret(rotated.secret);
    });
  const endRotation = () =>
    write(async () => {
      await access.endSsoRotation({}, ctx);
      return t.rotationEnded;
    });
  const remove = () =>
    write(async () => {
      await access.removeSsoSecret({}, ctx);
      setConfirming(false);
      return t.removed;
    });
  const saveJwks = async (event: Event) => {
    event.preventDefault();
    setNotice('');
    await jwksAction.run(async () => {
      await access.setJwks({ jwksUrl: jwks.url.trim() || null, issuer: jwks.issuer.trim() || null, audience: jwks.audience.trim() || null }, ctx);
      setNotice(t.jwksSaved);
    });
  };
  const configJwks = sso.jwksSource === 'config';

  return (
    <section aria-labelledby="sso-title" class="access-part">
      <h3 id="sso-title">{t.sso}</h3>
      <p class="hint">{t.ssoHint}</p>
      <ul class="facts">
        {sso.configSecret && <li>{t.configSecret}</li>}
        <li>{sso.secretCreatedAt ? t.secretMade(formatTime(sso.secretCreatedAt, locale)) : t.noSecret}</li>
        {sso.previousSecretExpiresAt && (
          <li>
            <strong>{t.previousUntil(formatTime(sso.previousSecretExpiresAt, locale))}</strong>
          </li>
        )}
        <li>{t.trustRole(sso.trustRole)}</li>
      </ul>
      {!sso.canChange && <p class="note">{t.onlyOwners}</p>}
      {secret && <ShownOnce value={secret} note={t.rotated} onDone={() => setSecret(null)} />}
      {sso.canChange && (
        <>
          <div class="settings-inline">
            <label>
              {t.grace}
              <select name="grace" value={grace} onChange={(e) => setGrace(e.currentTarget.value)}>
                {GRACES.map(([key, ms]) => (
                  <option key={key} value={String(ms)}>
                    {t[key]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {confirming ? (
            <div role="group" aria-label={t.removeSecret}>
              <p>{t.confirmRemove}</p>
              <div class="actions">
                <button type="button" onClick={() => void remove()} aria-disabled={busy}>
                  {t.removeSecret}
                </button>
                <button type="button" class="quiet" ref={keepButton} onClick={() => setConfirming(false)}>
                  {t.keep}
                </button>
              </div>
            </div>
          ) : (
            <div class="actions">
              <button type="button" onClick={() => void rotate()} aria-disabled={busy}>
                {t.rotate}
              </button>
              {sso.previousSecretExpiresAt && (
                <button type="button" class="quiet" onClick={() => void endRotation()} aria-disabled={busy}>
                  {t.endRotation}
                </button>
              )}
              {sso.secretCreatedAt && (
                <button type="button" class="quiet" onClick={() => setConfirming(true)}>
                  {t.removeSecret}
                </button>
              )}
            </div>
          )}
          <Refusal error={error} />
        </>
      )}

      <form onSubmit={saveJwks} aria-labelledby="jwks-title" noValidate>
        <h4 id="jwks-title">{t.jwks}</h4>
        {configJwks && <p class="hint">{t.fromConfig}</p>}
        <div class="field">
          <label>
            {t.jwksUrl}
            <input type="url" name="jwksUrl" value={jwks.url} onInput={(e) => setJwks({ ...jwks, url: e.currentTarget.value })} readOnly={!sso.canChange || configJwks} autocomplete="off" {...urlProblem.control} />
          </label>
          {urlProblem.message}
        </div>
        <div class="settings-grid">
          <div class="field">
            <label>
              {t.issuer}
              <input name="issuer" value={jwks.issuer} onInput={(e) => setJwks({ ...jwks, issuer: e.currentTarget.value })} readOnly={!sso.canChange} autocomplete="off" {...issuerProblem.control} />
            </label>
            {issuerProblem.message}
          </div>
          <div class="field">
            <label>
              {t.audience}
              <input name="audience" value={jwks.audience} onInput={(e) => setJwks({ ...jwks, audience: e.currentTarget.value })} readOnly={!sso.canChange} autocomplete="off" {...audienceProblem.control} />
            </label>
            {audienceProblem.message}
          </div>
        </div>
        {jwksAction.error && !(jwksAction.error.details.issues ?? []).length && <Refusal error={jwksAction.error} />}
        {sso.canChange && (
          <div class="actions">
            <button type="submit" aria-disabled={jwksAction.busy}>
              {t.saveJwks}
            </button>
          </div>
        )}
      </form>
      <p role="status" class="settings-notice">
        {notice}
      </p>
    </section>
  );
}

function AdminKeys({ api, state }: { api: AccessApi; state: AccessSettings }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, access, ctx } = api;
  const [name, setName] = useState('');
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);
  const [notice, setNotice] = useState('');
  const create = useAction(session, ['settings', 'access']);
  const problem = problemOf('new-key', create.error, 'name', t);

  const submit = async (event: Event) => {
    event.preventDefault();
    setNotice('');
    await create.run(async () => {
      const key = await access.createAdminKey({ name: name.trim(), idempotencyKey: createIdempotencyKey() }, ctx);
      setMade({ name: key.name, key: key.key });
      setName('');
    });
  };

  return (
    <section aria-labelledby="keys-title" class="access-part">
      <h3 id="keys-title">{t.keys}</h3>
      <p class="hint">{t.keysHint}</p>
      {state.adminKeys.length === 0 ? (
        <p class="muted">{t.noKeys}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t.keys}</caption>
          <thead>
            <tr>
              <th scope="col">{t.keyName}</th>
              <th scope="col">{t.keySource}</th>
              <th scope="col">{t.keyCreated}</th>
              <th scope="col">{t.keyUsed}</th>
              <th scope="col">
                <span class="visually-hidden">{t.revoke}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.adminKeys.map((key) => (
              <KeyRow key={key.id} api={api} item={key} current={key.id === state.currentKeyId} locale={locale} onRevoked={(n) => setNotice(t.revoked(n))} />
            ))}
          </tbody>
        </table>
      )}
      <p role="status" class="settings-notice">
        {notice}
      </p>
      <form onSubmit={submit} aria-labelledby="new-key-title" noValidate>
        <h4 id="new-key-title">{t.newKey}</h4>
        {made && <ShownOnce value={made.key} note={t.keyMade(made.name)} onDone={() => setMade(null)} />}
        <div class="field">
          <label>
            {t.newKeyName}
            <input name="keyName" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={64} autocomplete="off" {...problem.control} />
          </label>
          {problem.message}
        </div>
        {create.error && !(create.error.details.issues ?? []).length && <Refusal error={create.error} />}
        <div class="actions">
          <button type="submit" aria-disabled={create.busy}>
            {create.busy ? t.creating : t.create}
          </button>
        </div>
      </form>
    </section>
  );
}

function KeyRow({ api, item, current, locale, onRevoked }: { api: AccessApi; item: AdminKeySummary; current: boolean; locale: Locale; onRevoked: (name: string) => void }) {
  const t = useMessages(messages);
  const { session, access, ctx } = api;
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction(session, ['settings', 'access']);
  const keepButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const shown = useRef(false);
  useEffect(() => {
    if (confirming) keepButton.current?.focus();
    else if (shown.current) revokeButton.current?.focus();
    shown.current = confirming;
  }, [confirming]);

  const revoke = () =>
    run(async () => {
      await access.revokeAdminKey({ id: item.id }, ctx);
      if (current) {
        // The key this console signed in with no longer works: back to the sign-in page.
        signOut(session);
        location.reload();
        return;
      }
      onRevoked(item.name);
    });
  const config = item.source === 'config';
  return (
    <tr>
      <th scope="row">
        {item.name}
        {current && <span class="badge"> ({t.yourKey})</span>}
      </th>
      <td>{config ? t.fromConfig : t.sourceConsole}</td>
      <td>{item.createdAt ? <time dateTime={item.createdAt}>{formatTime(item.createdAt, locale)}</time> : '—'}</td>
      <td>{config ? t.notTracked : item.lastUsedAt ? <time dateTime={item.lastUsedAt} title={formatTime(item.lastUsedAt, locale)}>{formatAgo(item.lastUsedAt, locale)}</time> : t.never}</td>
      <td>
        {!config &&
          (confirming ? (
            <div role="group" aria-label={`${t.revoke} ${item.name}`}>
              <p class={current ? 'error' : ''}>{current ? t.confirmRevokeOwn(item.name) : t.confirmRevoke(item.name)}</p>
              <div class="actions">
                <button type="button" onClick={() => void revoke()} aria-disabled={busy}>
                  {t.revokeKey}
                </button>
                <button type="button" class="quiet" ref={keepButton} onClick={() => setConfirming(false)}>
                  {t.keep}
                </button>
              </div>
            </div>
          ) : (
            <button type="button" class="quiet" ref={revokeButton} onClick={() => setConfirming(true)} aria-label={`${t.revoke} ${item.name}`}>
              {t.revoke}
            </button>
          ))}
        <Refusal error={error} />
      </td>
    </tr>
  );
}
