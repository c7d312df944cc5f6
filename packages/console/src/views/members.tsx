import { useEffect, useRef, useState } from 'preact/hooks';
import { createIdempotencyKey } from '@hearth/client';
import {
  ADJUSTMENT_LIMIT,
  BADGES,
  HearthError,
  ROLES,
  assignableRoles,
  localName,
  type BadgeId,
  type CallContext,
  type EraseContent,
  type EraseMemberResult,
  type GamificationAdapter,
  type MemberCard,
  type MembersAdapter,
  type PointRule,
  type PointsEntry,
  type PointsStanding,
  type Role,
} from '@hearth/protocol';
import { fieldOf, issuesFor } from '../form-errors.js';
import { formatNumber, useLocale, useMessages, type Catalog, type Locale } from '../i18n.js';
import { MissingCapability } from '../missing-capability.js';
import type { ConsoleSession } from '../session.js';
import { formatTime } from '../time.js';
import { invalidate, toError, useAction, useInfiniteQuery, useQuery } from '../use-query.js';
import './members.css';

type Rules = Record<PointRule, string>;
type Roles = Record<Role, string>;

const en = {
  title: 'Members',
  offers: 'members and points',
  summary: 'Find a member, see why they have their points, change their role, reward them, or export or erase their data.',
  refresh: 'Refresh',
  search: 'Search by name or id',
  role: 'Role',
  anyRole: 'Any role',
  find: 'Search',
  results: 'Members found',
  loading: 'Loading…',
  none: 'No member matches.',
  more: 'More members',
  loadingMore: 'Loading more…',
  points: (n: string) => `${n} points`,
  close: 'Close profile',
  profile: 'Profile',
  level: 'Level',
  lifetime: 'Lifetime points',
  balance: 'Balance',
  toNext: (n: string, level: string) => `${n} to ${level}`,
  today: (earned: string, cap: string) => `${earned} of ${cap} earned today`,
  memberTitle: 'Title',
  noTitle: 'None',
  badges: 'Badges',
  noBadges: 'None yet',
  streak: 'Check-in streak',
  days: (n: string) => `${n} days`,
  joined: 'Joined',
  standing: 'Standing',
  muted: (until: string) => `Muted until ${until}`,
  banned: (until: string) => `Banned until ${until}`,
  inGood: 'Not muted or banned',
  history: 'Points history',
  when: 'When',
  delta: 'Points',
  why: 'Why',
  noHistory: 'No points yet.',
  older: 'Older entries',
  reversed: 'reversed later',
  reversal: (rule: string) => `cancels: ${rule}`,
  capped: 'daily cap reached: nothing paid',
  changeRole: 'Change role',
  newRole: 'New role',
  claimed: "The role the host site gives",
  reason: 'Reason (for the audit log)',
  saveRole: 'Save role',
  saving: 'Saving…',
  roleSaved: (role: string) => `Role is now ${role}.`,
  sameRole: 'That is already their role.',
  adjust: 'Adjust points',
  deltaLabel: 'Points to add (negative to take)',
  adjustReason: 'Reason (required, the member sees it)',
  adjustButton: 'Adjust points',
  adjusted: (delta: string, balance: string) => `Adjusted by ${delta}: the balance is ${balance}.`,
  needReason: 'Say why the points change.',
  needDelta: `Enter a whole number from -${ADJUSTMENT_LIMIT} to ${ADJUSTMENT_LIMIT}, not 0.`,
  titleSection: 'Title',
  titleLabel: 'Title (up to 24 characters)',
  grantTitle: 'Grant title',
  clearTitle: 'Clear title',
  titleSaved: (title: string) => `Title is now “${title}”.`,
  titleCleared: 'Title cleared.',
  badgeSection: 'Badges',
  held: 'Held',
  notHeld: 'Not held',
  grant: (name: string) => `Grant ${name}`,
  revoke: (name: string) => `Revoke ${name}`,
  granted: (name: string) => `${name} granted.`,
  revoked: (name: string) => `${name} revoked.`,
  titleWith: (title: string) => `comes with the title “${title}”`,
  data: 'Personal data (GDPR)',
  exportHint: 'A JSON file with everything stored about this member: profile, content, votes, ballots, reports, points, badges, check-ins and moderation actions. The export is logged.',
  export: 'Export data',
  exporting: 'Exporting…',
  exported: (file: string) => `Downloaded ${file}.`,
  erase: 'Erase member',
  eraseHint: 'Removes their record, profile, points, badges and check-ins for good. Their votes, reactions and ballots stay counted under an anonymous id. The audit log keeps that an erasure ran, not whose. A ban goes with the record.',
  content: 'Their content',
  anonymise: 'Keep it under “Deleted member”',
  remove: 'Remove it (replies by others stay)',
  confirm: (name: string) => `Type “${name}” to confirm`,
  mismatch: (name: string) => `Type the member's name exactly as shown: “${name}”.`,
  eraseButton: 'Erase permanently',
  erasing: 'Erasing…',
  erased: (name: string, n: string) => `${name} was erased: ${n} records removed or anonymised.`,
  alreadyErased: (name: string) => `${name} had already been erased; nothing changed.`,
  ownerNote: 'Owners cannot be erased.',
  refused: 'The server did not accept this:',
  fields: { memberId: 'Member', role: 'Role', reason: 'Reason', delta: 'Points', title: 'Title', badge: 'Badge', content: 'Content' } as Record<string, string>,
  roles: { owner: 'owner', admin: 'admin', moderator: 'moderator', volunteer: 'volunteer', member: 'member', guest: 'guest' } as Roles,
  rules: {
    post: 'Posted',
    reply: 'Replied',
    answer: 'Answered',
    reaction_received: 'Got a reaction',
    upvote_received: 'Got an upvote',
    answer_accepted: 'Answer accepted',
    check_in: 'Checked in',
    streak_bonus: 'Streak bonus',
    feedback_planned: 'Feedback planned',
    feedback_done: 'Feedback shipped',
    report_upheld: 'Report upheld',
    admin_adjustment: 'Adjusted by staff',
    bounty_escrow: 'Bounty offered',
    bounty_award: 'Bounty won',
    reversal: 'Reversed',
  } as Rules,
};

const messages: Catalog<typeof en> = {
  en,
  'zh-CN': {
    title: '成员',
    offers: '成员和积分',
    summary: '查找成员，查看积分来由，更改角色，给予奖励，或导出、删除其数据。',
    refresh: '刷新',
    search: '按名称或 ID 搜索',
    role: '角色',
    anyRole: '任意角色',
    find: '搜索',
    results: '找到的成员',
    loading: '正在加载…',
    none: '没有匹配的成员。',
    more: '更多成员',
    loadingMore: '正在加载更多…',
    points: (n) => `${n} 积分`,
    close: '关闭资料',
    profile: '资料',
    level: '等级',
    lifetime: '累计积分',
    balance: '可用积分',
    toNext: (n, level) => `距 ${level} 还差 ${n}`,
    today: (earned, cap) => `今日已得 ${earned}，上限 ${cap}`,
    memberTitle: '头衔',
    noTitle: '无',
    badges: '徽章',
    noBadges: '暂无',
    streak: '连续签到',
    days: (n) => `${n} 天`,
    joined: '加入时间',
    standing: '状态',
    muted: (until) => `禁言至 ${until}`,
    banned: (until) => `封禁至 ${until}`,
    inGood: '未被禁言或封禁',
    history: '积分记录',
    when: '时间',
    delta: '积分',
    why: '原因',
    noHistory: '还没有积分。',
    older: '更早的记录',
    reversed: '已被撤销',
    reversal: (rule) => `撤销：${rule}`,
    capped: '已达每日上限：未发放',
    changeRole: '更改角色',
    newRole: '新角色',
    claimed: '沿用主站给出的角色',
    reason: '理由（记入审计日志）',
    saveRole: '保存角色',
    saving: '正在保存…',
    roleSaved: (role) => `角色已改为${role}。`,
    sameRole: '这已经是其当前角色。',
    adjust: '调整积分',
    deltaLabel: '增加的积分（负数为扣除）',
    adjustReason: '理由（必填，成员可见）',
    adjustButton: '调整积分',
    adjusted: (delta, balance) => `已调整 ${delta}，可用积分为 ${balance}。`,
    needReason: '请说明积分变动的理由。',
    needDelta: `请输入 -${ADJUSTMENT_LIMIT} 到 ${ADJUSTMENT_LIMIT} 之间的整数，且不为 0。`,
    titleSection: '头衔',
    titleLabel: '头衔（最多 24 个字符）',
    grantTitle: '授予头衔',
    clearTitle: '清除头衔',
    titleSaved: (title) => `头衔已改为“${title}”。`,
    titleCleared: '头衔已清除。',
    badgeSection: '徽章',
    held: '已获得',
    notHeld: '未获得',
    grant: (name) => `授予${name}`,
    revoke: (name) => `收回${name}`,
    granted: (name) => `已授予${name}。`,
    revoked: (name) => `已收回${name}。`,
    titleWith: (title) => `附带头衔“${title}”`,
    data: '个人数据（GDPR）',
    exportHint: '一个 JSON 文件，包含该成员的全部存储数据：资料、内容、投票、问卷选择、举报、积分、徽章、签到和管理操作。导出操作会被记录。',
    export: '导出数据',
    exporting: '正在导出…',
    exported: (file) => `已下载 ${file}。`,
    erase: '删除成员',
    eraseHint: '永久删除其记录、资料、积分、徽章和签到。其投票、表情回应和问卷选择以匿名 ID 继续计数。审计日志只记录执行过删除，不记录是谁。封禁记录也会随之删除。',
    content: '其内容',
    anonymise: '保留，显示为“已删除的成员”',
    remove: '删除（他人的回复保留）',
    confirm: (name) => `输入“${name}”以确认`,
    mismatch: (name) => `请按显示输入成员名称：“${name}”。`,
    eraseButton: '永久删除',
    erasing: '正在删除…',
    erased: (name, n) => `${name} 已被删除：${n} 条记录已删除或匿名化。`,
    alreadyErased: (name) => `${name} 此前已被删除，未做任何更改。`,
    ownerNote: '所有者不能被删除。',
    refused: '服务器未接受：',
    fields: { memberId: '成员', role: '角色', reason: '理由', delta: '积分', title: '头衔', badge: '徽章', content: '内容' },
    roles: { owner: '所有者', admin: '管理员', moderator: '版主', volunteer: '志愿者', member: '成员', guest: '访客' },
    rules: {
      post: '发帖',
      reply: '回复',
      answer: '回答',
      reaction_received: '收到表情回应',
      upvote_received: '收到赞同',
      answer_accepted: '回答被采纳',
      check_in: '签到',
      streak_bonus: '连续签到奖励',
      feedback_planned: '反馈列入计划',
      feedback_done: '反馈已完成',
      report_upheld: '举报成立',
      admin_adjustment: '管理员调整',
      bounty_escrow: '悬赏支出',
      bounty_award: '获得悬赏',
      reversal: '撤销',
    },
  },
  'zh-TW': {
    title: '成員',
    offers: '成員和積分',
    summary: '查找成員，查看積分來由，變更角色，給予獎勵，或匯出、刪除其資料。',
    refresh: '重新整理',
    search: '依名稱或 ID 搜尋',
    role: '角色',
    anyRole: '任何角色',
    find: '搜尋',
    results: '找到的成員',
    loading: '正在載入…',
    none: '沒有符合的成員。',
    more: '更多成員',
    loadingMore: '正在載入更多…',
    points: (n) => `${n} 積分`,
    close: '關閉資料',
    profile: '資料',
    level: '等級',
    lifetime: '累計積分',
    balance: '可用積分',
    toNext: (n, level) => `距 ${level} 還差 ${n}`,
    today: (earned, cap) => `今日已得 ${earned}，上限 ${cap}`,
    memberTitle: '頭銜',
    noTitle: '無',
    badges: '徽章',
    noBadges: '暫無',
    streak: '連續簽到',
    days: (n) => `${n} 天`,
    joined: '加入時間',
    standing: '狀態',
    muted: (until) => `禁言至 ${until}`,
    banned: (until) => `停權至 ${until}`,
    inGood: '未被禁言或停權',
    history: '積分紀錄',
    when: '時間',
    delta: '積分',
    why: '原因',
    noHistory: '還沒有積分。',
    older: '更早的紀錄',
    reversed: '已被撤銷',
    reversal: (rule) => `撤銷：${rule}`,
    capped: '已達每日上限：未發放',
    changeRole: '變更角色',
    newRole: '新角色',
    claimed: '沿用主站給予的角色',
    reason: '理由（記入稽核日誌）',
    saveRole: '儲存角色',
    saving: '正在儲存…',
    roleSaved: (role) => `角色已改為${role}。`,
    sameRole: '這已經是其目前角色。',
    adjust: '調整積分',
    deltaLabel: '增加的積分（負數為扣除）',
    adjustReason: '理由（必填，成員可見）',
    adjustButton: '調整積分',
    adjusted: (delta, balance) => `已調整 ${delta}，可用積分為 ${balance}。`,
    needReason: '請說明積分變動的理由。',
    needDelta: `請輸入 -${ADJUSTMENT_LIMIT} 到 ${ADJUSTMENT_LIMIT} 之間的整數，且不為 0。`,
    titleSection: '頭銜',
    titleLabel: '頭銜（最多 24 個字元）',
    grantTitle: '授予頭銜',
    clearTitle: '清除頭銜',
    titleSaved: (title) => `頭銜已改為「${title}」。`,
    titleCleared: '頭銜已清除。',
    badgeSection: '徽章',
    held: '已獲得',
    notHeld: '未獲得',
    grant: (name) => `授予${name}`,
    revoke: (name) => `收回${name}`,
    granted: (name) => `已授予${name}。`,
    revoked: (name) => `已收回${name}。`,
    titleWith: (title) => `附帶頭銜「${title}」`,
    data: '個人資料（GDPR）',
    exportHint: '一個 JSON 檔案，包含該成員的全部儲存資料：個人資料、內容、投票、問卷選擇、檢舉、積分、徽章、簽到和管理操作。匯出操作會被記錄。',
    export: '匯出資料',
    exporting: '正在匯出…',
    exported: (file) => `已下載 ${file}。`,
    erase: '刪除成員',
    eraseHint: '永久刪除其紀錄、個人資料、積分、徽章和簽到。其投票、表情回應和問卷選擇以匿名 ID 繼續計數。稽核日誌只記錄執行過刪除，不記錄是誰。停權紀錄也會一併刪除。',
    content: '其內容',
    anonymise: '保留，顯示為「已刪除的成員」',
    remove: '刪除（他人的回覆保留）',
    confirm: (name) => `輸入「${name}」以確認`,
    mismatch: (name) => `請依顯示輸入成員名稱：「${name}」。`,
    eraseButton: '永久刪除',
    erasing: '正在刪除…',
    erased: (name, n) => `${name} 已被刪除：${n} 筆紀錄已刪除或匿名化。`,
    alreadyErased: (name) => `${name} 先前已被刪除，未做任何變更。`,
    ownerNote: '擁有者不能被刪除。',
    refused: '伺服器未接受：',
    fields: { memberId: '成員', role: '角色', reason: '理由', delta: '積分', title: '頭銜', badge: '徽章', content: '內容' },
    roles: { owner: '擁有者', admin: '管理員', moderator: '版主', volunteer: '志工', member: '成員', guest: '訪客' },
    rules: {
      post: '發文',
      reply: '回覆',
      answer: '回答',
      reaction_received: '收到表情回應',
      upvote_received: '收到贊同',
      answer_accepted: '回答被採納',
      check_in: '簽到',
      streak_bonus: '連續簽到獎勵',
      feedback_planned: '回饋列入計畫',
      feedback_done: '回饋已完成',
      report_upheld: '檢舉成立',
      admin_adjustment: '管理員調整',
      bounty_escrow: '懸賞支出',
      bounty_award: '獲得懸賞',
      reversal: '撤銷',
    },
  },
};

type Messages = typeof en;

/** What every part of the view talks through. */
interface Api {
  session: ConsoleSession;
  members: MembersAdapter;
  gamification: GamificationAdapter;
  ctx: CallContext;
}

/** How many history entries one page shows. */
const HISTORY_PAGE = 20;

/**
 * The members view (moderators and up read; admins change roles, points, titles and badges,
 * and export or erase a member's data): search, then a profile with the points history.
 */
export function Members({ session }: { session: ConsoleSession }) {
  const t = useMessages(messages);
  const { members, gamification } = session.client.adapter;
  if (!members) return <MissingCapability title={t.title} capability="community" offers={t.offers} />;
  if (!gamification) return <MissingCapability title={t.title} capability="gamification" offers={t.offers} />;
  return <MembersView api={{ session, members, gamification, ctx: { viewer: session.client.viewer } }} />;
}

function MembersView({ api }: { api: Api }) {
  const t = useMessages(messages);
  const { session, members, ctx } = api;
  const [draft, setDraft] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [query, setQuery] = useState<{ query: string; role: Role | '' }>({ query: '', role: '' });
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const list = useInfiniteQuery<MemberCard>(
    session,
    ['members', 'list', query],
    (cursor) => members.listMembers({ ...(query.query ? { query: query.query } : {}), ...(query.role ? { role: query.role } : {}), ...(cursor ? { cursor } : {}) }, ctx),
    (card) => card.member.id,
  );
  const submit = (event: Event) => {
    event.preventDefault();
    setQuery({ query: draft.trim(), role });
  };
  return (
    <section aria-labelledby="members-title">
      <div class="view-head">
        <h1 id="members-title">{t.title}</h1>
        <p class="summary">{t.summary}</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['members'])}>
          {t.refresh}
        </button>
      </div>
      <p role="status" class="notice">
        {notice}
      </p>
      <div class="members-layout">
        <section aria-labelledby="members-results" class="members-search">
          <form role="search" onSubmit={submit} class="search-form">
            <label>
              {t.search}
              <input type="search" name="query" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} autocomplete="off" />
            </label>
            <label>
              {t.role}
              <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role | '')}>
                <option value="">{t.anyRole}</option>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t.roles[r]}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">{t.find}</button>
          </form>
          <h2 id="members-results">{t.results}</h2>
          {list.error && (
            <p class="error" role="alert">
              {list.error.message}
            </p>
          )}
          {list.loading && <p role="status">{t.loading}</p>}
          {list.items && list.items.length === 0 && <p class="muted">{t.none}</p>}
          {list.items && list.items.length > 0 && (
            <ul class="member-list" aria-labelledby="members-results">
              {list.items.map((card) => (
                <li key={card.member.id}>
                  <MemberRow card={card} selected={open === card.member.id} onOpen={() => (setNotice(''), setOpen(card.member.id))} />
                </li>
              ))}
            </ul>
          )}
          {list.hasMore && (
            <button type="button" class="quiet" onClick={list.loadMore} aria-disabled={list.loadingMore}>
              {list.loadingMore ? t.loadingMore : t.more}
            </button>
          )}
        </section>
        {open && (
          <Profile
            key={open}
            api={api}
            memberId={open}
            onClose={() => setOpen(null)}
            onErased={(said) => {
              setOpen(null);
              setNotice(said);
            }}
          />
        )}
      </div>
    </section>
  );
}

function MemberRow({ card, selected, onOpen }: { card: MemberCard; selected: boolean; onOpen: () => void }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const detailsId = `member-row-${card.member.id}`;
  return (
    <div class={selected ? 'member-row selected' : 'member-row'}>
      <button type="button" class="quiet" aria-pressed={selected} aria-describedby={detailsId} onClick={onOpen}>
        {card.member.displayName}
      </button>
      <span class="muted" id={detailsId}>
        {t.roles[card.member.role]} · {localName(card.level, locale)} · {t.points(formatNumber(locale, card.lifetimePoints))}
      </span>
    </div>
  );
}

/** A server refusal for one form: its message, and each field it named, by label. */
function Problem({ id, error }: { id: string; error: HearthError | null }) {
  const t = useMessages(messages);
  if (!error) return null;
  const fields = [...new Set((error.details.issues ?? []).map((issue) => fieldOf(issue.path)))];
  return (
    <div class="error" role="alert" id={id}>
      {fields.length === 0 ? (
        <p>{error.message}</p>
      ) : (
        <>
          <p>{t.refused}</p>
          <ul>
            {fields.map((field) => (
              <li key={field} id={`${id}-${field}`}>
                {t.fields[field] ?? field}: {issuesFor(error, field).join(' ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Attributes that mark an input the server refused and point it at the reason. */
function invalidIf(error: HearthError | null, id: string, field: string) {
  return issuesFor(error, field).length > 0 ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${field}` } : {};
}

function Profile({ api, memberId, onClose, onErased }: { api: Api; memberId: string; onClose: () => void; onErased: (said: string) => void }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, members, gamification, ctx } = api;
  const card = useQuery<MemberCard>(session, ['members', 'card', memberId], () => members.getCard({ memberId }, ctx));
  const standing = useQuery<PointsStanding>(session, ['members', 'standing', memberId], () => gamification.getStanding({ memberId }, ctx));
  const heading = useRef<HTMLHeadingElement>(null);
  // The keyboard lands on the profile it opened.
  useEffect(() => heading.current?.focus(), [card.data !== undefined]);
  const titleId = `profile-${memberId}`;
  const data = card.data;
  return (
    <section aria-labelledby={titleId} class="profile">
      {card.error && (
        <p class="error" role="alert">
          {card.error.message}
        </p>
      )}
      {card.loading && <p role="status">{t.loading}</p>}
      {data && (
        <>
          <div class="item-head profile-head">
            <h2 id={titleId} ref={heading} tabIndex={-1}>
              {data.member.displayName}
            </h2>
            <span class="muted">{data.member.id}</span>
            <button type="button" class="quiet" onClick={onClose}>
              {t.close}
            </button>
          </div>
          <Facts card={data} standing={standing.data} locale={locale} t={t} />
          <History api={api} memberId={memberId} />
          {session.can('assign_roles') && session.viewer.id !== memberId && data.member.role !== 'owner' && <RoleForm api={api} card={data} />}
          {session.can('manage') && (
            <>
              <AdjustForm api={api} memberId={memberId} />
              <TitleForm api={api} card={data} />
              <BadgeList api={api} card={data} />
              <DataSection api={api} card={data} onErased={onErased} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function Facts({ card, standing, locale, t }: { card: MemberCard; standing: PointsStanding | undefined; locale: Locale; t: Messages }) {
  const n = (value: number) => formatNumber(locale, value);
  return (
    <dl class="facts" aria-label={t.profile}>
      <dt>{t.role}</dt>
      <dd>{t.roles[card.member.role]}</dd>
      <dt>{t.level}</dt>
      <dd>
        {card.level.level} · {localName(card.level, locale)}
        {standing?.nextLevel && standing.pointsToNextLevel !== null && <span class="muted"> ({t.toNext(n(standing.pointsToNextLevel), localName(standing.nextLevel, locale))})</span>}
      </dd>
      <dt>{t.lifetime}</dt>
      <dd>{n(card.lifetimePoints)}</dd>
      <dt>{t.balance}</dt>
      <dd>
        {n(card.balance)}
        {standing && <span class="muted"> ({t.today(n(standing.earnedToday), n(standing.dailyCap))})</span>}
      </dd>
      <dt>{t.memberTitle}</dt>
      <dd>{card.title ?? <span class="muted">{t.noTitle}</span>}</dd>
      <dt>{t.badges}</dt>
      <dd>
        {card.badges.length === 0 ? (
          <span class="muted">{t.noBadges}</span>
        ) : (
          <ul class="badges">
            {card.badges.map((award) => {
              const definition = BADGES.find((b) => b.id === award.badge);
              return (
                <li key={award.badge}>
                  {definition ? localName(definition, locale) : award.name} <span class="muted">({formatTime(award.awardedAt, locale)})</span>
                </li>
              );
            })}
          </ul>
        )}
      </dd>
      <dt>{t.streak}</dt>
      <dd>{t.days(n(card.streak))}</dd>
      <dt>{t.joined}</dt>
      <dd>{card.joinedAt ? formatTime(card.joinedAt, locale) : '—'}</dd>
      <dt>{t.standing}</dt>
      <dd>
        {card.mutedUntil && <span class="status-failed">{t.muted(formatTime(card.mutedUntil, locale))} </span>}
        {card.bannedUntil && <span class="status-failed">{t.banned(formatTime(card.bannedUntil, locale))}</span>}
        {!card.mutedUntil && !card.bannedUntil && <span class="muted">{t.inGood}</span>}
      </dd>
    </dl>
  );
}

/** The ledger, newest first, a page at a time: each entry's points and why. */
function History({ api, memberId }: { api: Api; memberId: string }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, gamification, ctx } = api;
  const history = useInfiniteQuery<PointsEntry>(
    session,
    ['members', 'history', memberId],
    (cursor) => gamification.pointsHistory({ memberId, limit: HISTORY_PAGE, ...(cursor ? { cursor } : {}) }, ctx),
    (entry) => entry.id,
  );
  const titleId = `history-${memberId}`;
  const why = (entry: PointsEntry) => {
    const parts = [t.rules[entry.rule] ?? entry.rule];
    if (entry.reverses) parts.push(t.reversal(t.rules[entry.reverses.rule] ?? entry.reverses.rule));
    if (entry.reason) parts.push(`“${entry.reason}”`);
    if (entry.delta === 0 && entry.rule !== 'reversal') parts.push(t.capped);
    if (entry.reversed) parts.push(t.reversed);
    return parts.join(' · ');
  };
  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>{t.history}</h3>
      {history.error && (
        <p class="error" role="alert">
          {history.error.message}
        </p>
      )}
      {history.loading && <p role="status">{t.loading}</p>}
      {history.items && history.items.length === 0 && <p class="muted">{t.noHistory}</p>}
      {history.items && history.items.length > 0 && (
        <table aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{t.when}</th>
              <th scope="col">{t.delta}</th>
              <th scope="col">{t.why}</th>
            </tr>
          </thead>
          <tbody>
            {history.items.map((entry) => (
              <tr key={entry.id} class={entry.reversed ? 'reversed' : undefined}>
                <td>
                  <time dateTime={entry.at}>{formatTime(entry.at, locale)}</time>
                </td>
                <td class="delta">{formatNumber(locale, entry.delta, { signDisplay: 'exceptZero' })}</td>
                <td>
                  {why(entry)}
                  {entry.ref && <span class="muted"> ({entry.ref})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {history.hasMore && (
        <button type="button" class="quiet" onClick={history.loadMore} aria-disabled={history.loadingMore}>
          {history.loadingMore ? t.loadingMore : t.older}
        </button>
      )}
    </section>
  );
}

function RoleForm({ api, card }: { api: Api; card: MemberCard }) {
  const t = useMessages(messages);
  const { session, members, ctx } = api;
  const choices = assignableRoles(session.viewer.role ?? 'member');
  const [role, setRole] = useState<Role | ''>(choices.includes(card.member.role) ? card.member.role : '');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState('');
  const { busy, error, run } = useAction(session, ['members']);
  const id = `role-${card.member.id}`;
  const submit = (event: Event) => {
    event.preventDefault();
    setNotice('');
    void run(async () => {
      const changed = await members.setRole({ memberId: card.member.id, role: role === '' ? null : role, ...(reason.trim() ? { reason: reason.trim() } : {}) }, ctx);
      setReason('');
      setNotice(changed.member.role === card.member.role && role !== '' ? t.sameRole : t.roleSaved(t.roles[changed.member.role]));
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} class="panel-form">
      <h3 id={`${id}-title`}>{t.changeRole}</h3>
      <label>
        {t.newRole}
        <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role | '')} {...invalidIf(error, `${id}-problem`, 'role')}>
          {choices.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
          <option value="">{t.claimed}</option>
        </select>
      </label>
      <label>
        {t.reason}
        <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} maxLength={500} autocomplete="off" {...invalidIf(error, `${id}-problem`, 'reason')} />
      </label>
      <Problem id={`${id}-problem`} error={error} />
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t.saving : t.saveRole}
        </button>
        <span role="status">{notice}</span>
      </div>
    </form>
  );
}

function AdjustForm({ api, memberId }: { api: Api; memberId: string }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, gamification, ctx } = api;
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState('');
  const [key, setKey] = useState(createIdempotencyKey);
  const { busy, error, run, setError } = useAction(session, ['members']);
  const id = `adjust-${memberId}`;
  const submit = (event: Event) => {
    event.preventDefault();
    setNotice('');
    const amount = Number(delta);
    // Checked here first so the operator hears at once; the server checks the same again.
    const issues = [
      ...(delta.trim() === '' || !Number.isInteger(amount) || amount === 0 || Math.abs(amount) > ADJUSTMENT_LIMIT ? [{ path: 'delta', message: t.needDelta }] : []),
      ...(reason.trim() === '' ? [{ path: 'reason', message: t.needReason }] : []),
    ];
    if (issues.length > 0) {
      setError(new HearthError('validation', issues[0]!.message, { issues }));
      return;
    }
    void run(async () => {
      const result = await gamification.adjustPoints({ memberId, delta: amount, reason: reason.trim(), idempotencyKey: key }, ctx);
      setDelta('');
      setReason('');
      setKey(createIdempotencyKey());
      setNotice(t.adjusted(formatNumber(locale, result.entry.delta, { signDisplay: 'exceptZero' }), formatNumber(locale, result.standing.balance)));
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} class="panel-form" noValidate>
      <h3 id={`${id}-title`}>{t.adjust}</h3>
      <label>
        {t.deltaLabel}
        <input type="number" step={1} min={-ADJUSTMENT_LIMIT} max={ADJUSTMENT_LIMIT} value={delta} onInput={(e) => setDelta(e.currentTarget.value)} {...invalidIf(error, `${id}-problem`, 'delta')} />
      </label>
      <label>
        {t.adjustReason}
        <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} maxLength={500} autocomplete="off" aria-required="true" {...invalidIf(error, `${id}-problem`, 'reason')} />
      </label>
      <Problem id={`${id}-problem`} error={error} />
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t.saving : t.adjustButton}
        </button>
        <span role="status">{notice}</span>
      </div>
    </form>
  );
}

function TitleForm({ api, card }: { api: Api; card: MemberCard }) {
  const t = useMessages(messages);
  const { session, members, ctx } = api;
  const [title, setTitle] = useState(card.title ?? '');
  const [notice, setNotice] = useState('');
  const { busy, error, run } = useAction(session, ['members']);
  const id = `title-${card.member.id}`;
  const save = (value: string | null) => {
    setNotice('');
    void run(async () => {
      const changed = await members.setTitle({ memberId: card.member.id, title: value }, ctx);
      setTitle(changed.title ?? '');
      setNotice(changed.title === null ? t.titleCleared : t.titleSaved(changed.title));
    });
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save(title);
      }}
      aria-labelledby={`${id}-title`}
      class="panel-form"
    >
      <h3 id={`${id}-title`}>{t.titleSection}</h3>
      <label>
        {t.titleLabel}
        <input value={title} onInput={(e) => setTitle(e.currentTarget.value)} autocomplete="off" {...invalidIf(error, `${id}-problem`, 'title')} />
      </label>
      <Problem id={`${id}-problem`} error={error} />
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t.saving : t.grantTitle}
        </button>
        {card.title !== null && (
          <button type="button" class="quiet" onClick={() => save(null)} aria-disabled={busy}>
            {t.clearTitle}
          </button>
        )}
        <span role="status">{notice}</span>
      </div>
    </form>
  );
}

function BadgeList({ api, card }: { api: Api; card: MemberCard }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, gamification, ctx } = api;
  const [notice, setNotice] = useState('');
  const { busy, error, run } = useAction(session, ['members']);
  const id = `badges-${card.member.id}`;
  const held = new Set(card.badges.map((b) => b.badge));
  const toggle = (badge: BadgeId, name: string, grant: boolean) => {
    setNotice('');
    void run(async () => {
      const input = { memberId: card.member.id, badge };
      if (grant) await gamification.grantBadge(input, ctx);
      else await gamification.revokeBadge(input, ctx);
      setNotice(grant ? t.granted(name) : t.revoked(name));
    });
  };
  return (
    <section aria-labelledby={`${id}-title`} class="panel-form">
      <h3 id={`${id}-title`}>{t.badgeSection}</h3>
      <ul class="badge-controls">
        {BADGES.map((badge) => {
          const name = localName(badge, locale);
          const has = held.has(badge.id);
          return (
            <li key={badge.id}>
              <span>
                <strong>{name}</strong> <span class={has ? 'status-succeeded' : 'muted'}>{has ? t.held : t.notHeld}</span>
                <br />
                <span class="muted">
                  {localName({ name: badge.criteria, names: badge.criteriaNames }, locale)}
                  {badge.title && ` · ${t.titleWith(localName(badge.title, locale))}`}
                </span>
              </span>
              <button type="button" class="quiet" onClick={() => toggle(badge.id, name, !has)} aria-disabled={busy}>
                {has ? t.revoke(name) : t.grant(name)}
              </button>
            </li>
          );
        })}
      </ul>
      <Problem id={`${id}-problem`} error={error} />
      <p role="status" class="hint">
        {notice}
      </p>
    </section>
  );
}

/** A file name for a member's export: their id made safe, and the date. */
function exportName(memberId: string): string {
  return `hearth-member-${memberId.replace(/[^\p{L}\p{N}_.-]+/gu, '_').slice(0, 64)}-${new Date().toISOString().slice(0, 10)}.json`;
}

function DataSection({ api, card, onErased }: { api: Api; card: MemberCard; onErased: (said: string) => void }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, members, ctx } = api;
  const name = card.member.displayName;
  const [content, setContent] = useState<EraseContent>('anonymise');
  const [typed, setTyped] = useState('');
  const [notice, setNotice] = useState('');
  const exporting = useAction(session, ['members']);
  // Not `useAction`: a done erasure closes this panel rather than reloading it.
  const erasing = useAction(session, ['members']);
  const [erasingNow, setErasingNow] = useState(false);
  const id = `data-${card.member.id}`;

  const download = () => {
    setNotice('');
    void exporting.run(async () => {
      const data = await members.exportData({ memberId: card.member.id }, ctx);
      const file = exportName(card.member.id);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setNotice(t.exported(file));
    });
  };

  const erase = (event: Event) => {
    event.preventDefault();
    if (typed.trim() !== name.trim()) {
      erasing.setError(new HearthError('validation', t.mismatch(name), { issues: [{ path: 'confirm', message: t.mismatch(name) }] }));
      return;
    }
    if (erasingNow) return;
    setErasingNow(true);
    erasing.setError(null);
    members.eraseMember({ memberId: card.member.id, content }, ctx).then(
      (done: EraseMemberResult) => {
        const total = Object.values(done.counts).reduce((a, b) => a + b, 0);
        // Close the profile first (its reads would find no one), forget them, then reload
        // everything else shown, which may have named them.
        onErased(done.alreadyErased ? t.alreadyErased(name) : t.erased(name, formatNumber(locale, total)));
        for (const part of ['card', 'standing', 'history']) session.client.queryClient.removeQueries({ queryKey: ['console', session.community, 'members', part, card.member.id] });
        void invalidate(session);
      },
      (failure: unknown) => {
        setErasingNow(false);
        erasing.setError(toError(failure));
      },
    );
  };

  const confirmIssues = issuesFor(erasing.error, 'confirm');
  return (
    <section aria-labelledby={`${id}-title`} class="panel-form danger">
      <h3 id={`${id}-title`}>{t.data}</h3>
      <p class="hint">{t.exportHint}</p>
      <div class="actions">
        <button type="button" class="quiet" onClick={download} aria-disabled={exporting.busy}>
          {exporting.busy ? t.exporting : t.export}
        </button>
        <span role="status">{notice}</span>
      </div>
      <Problem id={`${id}-export-problem`} error={exporting.error} />
      {card.member.role === 'owner' ? (
        <p class="muted">{t.ownerNote}</p>
      ) : (
        <form onSubmit={erase} aria-labelledby={`${id}-erase-title`} noValidate>
          <h4 id={`${id}-erase-title`}>{t.erase}</h4>
          <p class="hint">{t.eraseHint}</p>
          <fieldset>
            <legend>{t.content}</legend>
            {(['anonymise', 'remove'] as const).map((choice) => (
              <label key={choice}>
                <input type="radio" name={`${id}-content`} value={choice} checked={content === choice} onChange={() => setContent(choice)} />
                {t[choice]}
              </label>
            ))}
          </fieldset>
          <label>
            {t.confirm(name)}
            <input value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" {...(confirmIssues.length ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-erase-problem` } : {})} />
          </label>
          {confirmIssues.length > 0 ? (
            <p class="error" role="alert" id={`${id}-erase-problem`}>
              {confirmIssues.join(' ')}
            </p>
          ) : (
            <Problem id={`${id}-erase-problem`} error={erasing.error} />
          )}
          <div class="actions">
            <button type="submit" class="danger" aria-disabled={erasingNow}>
              {erasingNow ? t.erasing : t.eraseButton}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
