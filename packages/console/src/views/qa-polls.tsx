import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { createIdempotencyKey } from '@hearth/client';
import {
  POLL_LIMITS,
  POLL_TYPES,
  ROLES,
  RESULTS_VISIBILITIES,
  type BreakdownGroup,
  type CallContext,
  type CreatePollInput,
  type EditPollInput,
  HearthError,
  type Poll,
  type PollBreakdown,
  type PollStatus,
  type PollType,
  type PollView,
  type PollsAdapter,
  type QaAdapter,
  type QuestionSummary,
  type ResultsVisibility,
  type Role,
} from '@hearth/protocol';
import { fieldOf, issuesFor } from '../form-errors.js';
import { formatNumber, formatPercent, useLocale, useMessages, type Catalog, type Locale } from '../i18n.js';
import type { ConsoleSession } from '../session.js';
import { formatAge, formatTime } from '../time.js';
import { invalidate, useAction, useInfiniteQuery, useQuery } from '../use-query.js';
import { download, pollRows, toCsv } from './qa-polls-csv.js';
import './qa-polls.css';

const en = {
  title: 'Q&A and polls',
  summary: 'Questions waiting for an answer, bounties running out, and the community’s polls.',
  refresh: 'Refresh',
  noQa: 'This server offers no Q&A: its adapter has no qa capability.',
  noPolls: 'This server offers no polls: its adapter has no polls capability.',
  // Q&A
  unanswered: 'Unanswered questions',
  unansweredHint: 'Oldest first: no answer yet, not closed or locked.',
  loadingQuestions: 'Loading the questions…',
  noUnanswered: 'Every question has an answer.',
  bounties: 'Bounties about to expire',
  bountiesHint: 'Open bounties, the soonest to expire first. An answer accepted before the grace period ends is paid in full.',
  noBounties: 'No open bounties.',
  older: 'Older',
  loadingOlder: 'Loading older…',
  untitled: '(untitled question)',
  asked: (who: string, space: string) => `${who} in ${space}`,
  waiting: (age: string) => `waiting ${age}`,
  answers: (n: number) => (n === 1 ? '1 answer' : `${n} answers`),
  points: (n: string) => `${n} points`,
  left: (time: string) => `${time} left`,
  inGrace: (time: string) => `expired; ${time} of grace left`,
  answer: 'Answer',
  yourAnswer: (who: string) => `Your answer to ${who}`,
  send: 'Send answer',
  sending: 'Sending…',
  cancel: 'Cancel',
  answered: 'Answer sent.',
  // Polls
  polls: 'Polls',
  status: 'Status',
  all: 'All polls',
  open: 'Open',
  closed: 'Closed',
  loadingPolls: 'Loading the polls…',
  noPollsYet: 'No polls yet: create one below.',
  noMatch: 'No polls match.',
  types: { single: 'Single choice', multiple: 'Multiple choice', ranked: 'Ranked choice', rating: 'Rating' } satisfies Record<PollType, string>,
  visibilities: {
    always: 'Always shown',
    after_vote: 'Shown after voting',
    after_close: 'Shown once closed',
    staff_only: 'Staff only',
  } satisfies Record<ResultsVisibility, string>,
  secretVoters: 'Secret voters',
  publicVoters: 'Public voters',
  ballots: (n: number) => (n === 1 ? '1 ballot' : `${n} ballots`),
  closesAt: (time: string) => `closes ${time}`,
  closedAt: (time: string) => `closed ${time}`,
  createdBy: (who: string, time: string) => `by ${who}, ${time}`,
  edited: 'edited',
  results: 'Results',
  hideResults: 'Hide results',
  edit: 'Edit',
  close: 'Close poll',
  reopen: 'Reopen poll',
  closedNow: 'Closed: it takes no more votes.',
  reopenedNow: 'Reopened: it takes votes again.',
  saved: 'Saved.',
  embed: 'Embed it with',
  // Results
  loadingResults: 'Loading the results…',
  option: 'Option',
  votes: 'Votes',
  share: 'Share',
  value: 'Rating',
  average: 'Average',
  noBallots: 'No ballots yet.',
  firstPreferences: 'First preferences',
  winner: (label: string) => `Winner after the instant-runoff count: ${label}`,
  rounds: (n: number) => (n === 1 ? '1 round' : `${n} rounds`),
  breakdown: 'Breakdown',
  byRole: 'By role',
  byLevel: 'By level',
  group: 'Group',
  groupBallots: 'Ballots',
  privacy: (n: number) => `Secret poll: no group of fewer than ${n} ballots is shown; smaller ones are merged into “Other”.`,
  roles: { owner: 'Owners', admin: 'Admins', moderator: 'Moderators', volunteer: 'Volunteers', member: 'Members', guest: 'Guests' } satisfies Record<Role, string>,
  level: (n: number, name: string) => `Level ${n} · ${name}`,
  levelOnly: (n: number) => `Level ${n}`,
  guests: 'Guests (no level)',
  other: (groups: string) => `Other (${groups})`,
  exportCsv: 'Export CSV',
  exported: 'CSV downloaded.',
  // Forms
  newPoll: 'New poll',
  createTitle: 'Create a poll',
  question: 'Question',
  description: 'Description (optional)',
  type: 'Type',
  options: 'Options',
  optionLabel: (n: number) => `Option ${n}`,
  optionVotes: (n: number) => (n === 1 ? '1 vote' : `${n} votes`),
  addOption: 'Add option',
  removeOption: (n: number) => `Remove option ${n}`,
  minPicks: 'Fewest picks (optional)',
  maxPicks: 'Most picks (optional)',
  scaleMin: 'Scale from',
  scaleMax: 'Scale to',
  scaleStep: 'Step',
  closesAtLabel: 'Closes at (optional, your local time)',
  closedNoDeadline: 'Closed: reopen it to give it a new closing time.',
  visibility: 'Who sees the results',
  voters: 'Voters',
  secretHint: 'Secret: nobody sees who voted for what.',
  publicHint: 'Public: those who see the results can list who voted for what.',
  allowChange: 'Voters may change or withdraw their vote',
  guestsOn: 'Guests can vote in this community’s polls.',
  guestsOff: 'Guests cannot vote in this community’s polls.',
  guestsToggle: 'Let guests vote in polls (a community setting)',
  create: 'Create poll',
  creating: 'Creating…',
  created: 'Poll created.',
  editTitle: (q: string) => `Edit “${q}”`,
  editHint: 'Type, scale, picks and voters stay as created: ballots were cast under them. An option with votes can be corrected but not removed or replaced.',
  save: 'Save',
  saving: 'Saving…',
  refused: 'The server did not accept this:',
  fieldNames: {
    question: 'Question',
    description: 'Description',
    type: 'Type',
    options: 'Options',
    minPicks: 'Fewest picks',
    maxPicks: 'Most picks',
    scale: 'Scale',
    closesAt: 'Closes at',
    resultsVisibility: 'Who sees the results',
    voters: 'Voters',
    pollId: 'Poll',
  } as Record<string, string>,
  badNumber: 'Use a number.',
};

type Messages = typeof en;

const zhCN: Messages = {
  title: '问答与投票',
  summary: '等待回答的问题、即将到期的悬赏，以及社区的投票。',
  refresh: '刷新',
  noQa: '此服务器不提供问答：它的适配器没有 qa 能力。',
  noPolls: '此服务器不提供投票：它的适配器没有 polls 能力。',
  unanswered: '未回答的问题',
  unansweredHint: '最早的在前：还没有回答，未关闭也未锁定。',
  loadingQuestions: '正在加载问题…',
  noUnanswered: '每个问题都有回答了。',
  bounties: '即将到期的悬赏',
  bountiesHint: '进行中的悬赏，最快到期的在前。宽限期结束前采纳的回答可获得全额悬赏。',
  noBounties: '没有进行中的悬赏。',
  older: '更早',
  loadingOlder: '正在加载更早的…',
  untitled: '（无标题问题）',
  asked: (who, space) => `${who} 发在 ${space}`,
  waiting: (age) => `已等待 ${age}`,
  answers: (n) => `${n} 个回答`,
  points: (n) => `${n} 积分`,
  left: (time) => `剩余 ${time}`,
  inGrace: (time) => `已到期，宽限期剩余 ${time}`,
  answer: '回答',
  yourAnswer: (who) => `你对 ${who} 的回答`,
  send: '发送回答',
  sending: '正在发送…',
  cancel: '取消',
  answered: '回答已发送。',
  polls: '投票',
  status: '状态',
  all: '全部投票',
  open: '进行中',
  closed: '已结束',
  loadingPolls: '正在加载投票…',
  noPollsYet: '还没有投票：在下方创建一个。',
  noMatch: '没有符合条件的投票。',
  types: { single: '单选', multiple: '多选', ranked: '排序选择', rating: '评分' },
  visibilities: { always: '始终显示', after_vote: '投票后显示', after_close: '结束后显示', staff_only: '仅工作人员可见' },
  secretVoters: '不公开投票人',
  publicVoters: '公开投票人',
  ballots: (n) => `${n} 张选票`,
  closesAt: (time) => `${time} 结束`,
  closedAt: (time) => `已于 ${time} 结束`,
  createdBy: (who, time) => `${who} 创建于 ${time}`,
  edited: '已编辑',
  results: '结果',
  hideResults: '隐藏结果',
  edit: '编辑',
  close: '结束投票',
  reopen: '重新开放',
  closedNow: '已结束：不再接受投票。',
  reopenedNow: '已重新开放：可以再次投票。',
  saved: '已保存。',
  embed: '嵌入代码',
  loadingResults: '正在加载结果…',
  option: '选项',
  votes: '票数',
  share: '占比',
  value: '评分',
  average: '平均分',
  noBallots: '还没有选票。',
  firstPreferences: '第一志愿',
  winner: (label) => `即时决选计票后的胜出者：${label}`,
  rounds: (n) => `${n} 轮`,
  breakdown: '细分',
  byRole: '按角色',
  byLevel: '按等级',
  group: '分组',
  groupBallots: '选票',
  privacy: (n) => `不公开投票人的投票：少于 ${n} 张选票的分组不单独显示，合并到“其他”。`,
  roles: { owner: '所有者', admin: '管理员', moderator: '版主', volunteer: '志愿者', member: '成员', guest: '访客' },
  level: (n, name) => `等级 ${n} · ${name}`,
  levelOnly: (n) => `等级 ${n}`,
  guests: '访客（无等级）',
  other: (groups) => `其他（${groups}）`,
  exportCsv: '导出 CSV',
  exported: 'CSV 已下载。',
  newPoll: '新建投票',
  createTitle: '创建投票',
  question: '问题',
  description: '说明（可选）',
  type: '类型',
  options: '选项',
  optionLabel: (n) => `选项 ${n}`,
  optionVotes: (n) => `${n} 票`,
  addOption: '添加选项',
  removeOption: (n) => `删除选项 ${n}`,
  minPicks: '最少选几项（可选）',
  maxPicks: '最多选几项（可选）',
  scaleMin: '评分从',
  scaleMax: '评分到',
  scaleStep: '间隔',
  closesAtLabel: '结束时间（可选，你的本地时间）',
  closedNoDeadline: '已结束：重新开放后才能设置新的结束时间。',
  visibility: '谁能看到结果',
  voters: '投票人',
  secretHint: '不公开：谁也看不到谁投了什么。',
  publicHint: '公开：能看到结果的人可以查看谁投了什么。',
  allowChange: '投票人可以修改或撤回投票',
  guestsOn: '访客可以参与本社区的投票。',
  guestsOff: '访客不能参与本社区的投票。',
  guestsToggle: '允许访客参与投票（社区设置）',
  create: '创建投票',
  creating: '正在创建…',
  created: '投票已创建。',
  editTitle: (q) => `编辑“${q}”`,
  editHint: '类型、评分范围、可选项数和投票人公开方式保持创建时的设置：已有的选票是按它们投出的。有票的选项可以修正文字，但不能删除或替换。',
  save: '保存',
  saving: '正在保存…',
  refused: '服务器未接受：',
  fieldNames: {
    question: '问题',
    description: '说明',
    type: '类型',
    options: '选项',
    minPicks: '最少选几项',
    maxPicks: '最多选几项',
    scale: '评分范围',
    closesAt: '结束时间',
    resultsVisibility: '谁能看到结果',
    voters: '投票人',
    pollId: '投票',
  },
  badNumber: '请输入数字。',
};

const zhTW: Messages = {
  title: '問答與投票',
  summary: '等待回答的問題、即將到期的懸賞，以及社群的投票。',
  refresh: '重新整理',
  noQa: '此伺服器不提供問答：它的轉接器沒有 qa 能力。',
  noPolls: '此伺服器不提供投票：它的轉接器沒有 polls 能力。',
  unanswered: '未回答的問題',
  unansweredHint: '最早的在前：還沒有回答，未關閉也未鎖定。',
  loadingQuestions: '正在載入問題…',
  noUnanswered: '每個問題都有回答了。',
  bounties: '即將到期的懸賞',
  bountiesHint: '進行中的懸賞，最快到期的在前。寬限期結束前採納的回答可獲得全額懸賞。',
  noBounties: '沒有進行中的懸賞。',
  older: '更早',
  loadingOlder: '正在載入更早的…',
  untitled: '（無標題問題）',
  asked: (who, space) => `${who} 發在 ${space}`,
  waiting: (age) => `已等待 ${age}`,
  answers: (n) => `${n} 個回答`,
  points: (n) => `${n} 點數`,
  left: (time) => `剩餘 ${time}`,
  inGrace: (time) => `已到期，寬限期剩餘 ${time}`,
  answer: '回答',
  yourAnswer: (who) => `你對 ${who} 的回答`,
  send: '送出回答',
  sending: '正在送出…',
  cancel: '取消',
  answered: '回答已送出。',
  polls: '投票',
  status: '狀態',
  all: '全部投票',
  open: '進行中',
  closed: '已結束',
  loadingPolls: '正在載入投票…',
  noPollsYet: '還沒有投票：在下方建立一個。',
  noMatch: '沒有符合條件的投票。',
  types: { single: '單選', multiple: '複選', ranked: '排序選擇', rating: '評分' },
  visibilities: { always: '一律顯示', after_vote: '投票後顯示', after_close: '結束後顯示', staff_only: '僅工作人員可見' },
  secretVoters: '不公開投票人',
  publicVoters: '公開投票人',
  ballots: (n) => `${n} 張選票`,
  closesAt: (time) => `${time} 結束`,
  closedAt: (time) => `已於 ${time} 結束`,
  createdBy: (who, time) => `${who} 建立於 ${time}`,
  edited: '已編輯',
  results: '結果',
  hideResults: '隱藏結果',
  edit: '編輯',
  close: '結束投票',
  reopen: '重新開放',
  closedNow: '已結束：不再接受投票。',
  reopenedNow: '已重新開放：可以再次投票。',
  saved: '已儲存。',
  embed: '嵌入程式碼',
  loadingResults: '正在載入結果…',
  option: '選項',
  votes: '票數',
  share: '占比',
  value: '評分',
  average: '平均分',
  noBallots: '還沒有選票。',
  firstPreferences: '第一志願',
  winner: (label) => `即時決選計票後的勝出者：${label}`,
  rounds: (n) => `${n} 輪`,
  breakdown: '細分',
  byRole: '依角色',
  byLevel: '依等級',
  group: '分組',
  groupBallots: '選票',
  privacy: (n) => `不公開投票人的投票：少於 ${n} 張選票的分組不單獨顯示，合併到「其他」。`,
  roles: { owner: '擁有者', admin: '管理員', moderator: '版主', volunteer: '志工', member: '成員', guest: '訪客' },
  level: (n, name) => `等級 ${n} · ${name}`,
  levelOnly: (n) => `等級 ${n}`,
  guests: '訪客（無等級）',
  other: (groups) => `其他（${groups}）`,
  exportCsv: '匯出 CSV',
  exported: 'CSV 已下載。',
  newPoll: '新增投票',
  createTitle: '建立投票',
  question: '問題',
  description: '說明（選填）',
  type: '類型',
  options: '選項',
  optionLabel: (n) => `選項 ${n}`,
  optionVotes: (n) => `${n} 票`,
  addOption: '新增選項',
  removeOption: (n) => `移除選項 ${n}`,
  minPicks: '最少選幾項（選填）',
  maxPicks: '最多選幾項（選填）',
  scaleMin: '評分從',
  scaleMax: '評分到',
  scaleStep: '間隔',
  closesAtLabel: '結束時間（選填，你的當地時間）',
  closedNoDeadline: '已結束：重新開放後才能設定新的結束時間。',
  visibility: '誰能看到結果',
  voters: '投票人',
  secretHint: '不公開：誰也看不到誰投了什麼。',
  publicHint: '公開：能看到結果的人可以查看誰投了什麼。',
  allowChange: '投票人可以修改或撤回投票',
  guestsOn: '訪客可以參與本社群的投票。',
  guestsOff: '訪客不能參與本社群的投票。',
  guestsToggle: '允許訪客參與投票（社群設定）',
  create: '建立投票',
  creating: '正在建立…',
  created: '投票已建立。',
  editTitle: (q) => `編輯「${q}」`,
  editHint: '類型、評分範圍、可選項數和投票人公開方式維持建立時的設定：已有的選票是依它們投出的。有票的選項可以修正文字，但不能移除或替換。',
  save: '儲存',
  saving: '正在儲存…',
  refused: '伺服器未接受：',
  fieldNames: {
    question: '問題',
    description: '說明',
    type: '類型',
    options: '選項',
    minPicks: '最少選幾項',
    maxPicks: '最多選幾項',
    scale: '評分範圍',
    closesAt: '結束時間',
    resultsVisibility: '誰能看到結果',
    voters: '投票人',
    pollId: '投票',
  },
  badNumber: '請輸入數字。',
};

const messages: Catalog<Messages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

/** What the parts of the view talk through. */
interface Api {
  session: ConsoleSession;
  ctx: CallContext;
  t: Messages;
  locale: Locale;
}

const PAGE = 20;

/**
 * Q&A and polls, for staff: unanswered questions and bounties about to expire across every
 * space (answered inline), and the community's polls (create, edit, close, reopen; results
 * with a breakdown by voter role and level; CSV export).
 */
export function QaPolls({ session }: { session: ConsoleSession }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const api: Api = { session, ctx: { viewer: session.client.viewer }, t, locale };
  const { qa, polls } = session.client.adapter;
  return (
    <section aria-labelledby="qa-polls-title" class="qa-polls">
      <div class="view-head">
        <h1 id="qa-polls-title">{t.title}</h1>
        <p class="summary">{t.summary}</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['qa-polls'])}>
          {t.refresh}
        </button>
      </div>
      {qa ? (
        <div class="qa-columns">
          <QuestionList api={api} qa={qa} kind="unanswered" />
          <QuestionList api={api} qa={qa} kind="bounty" />
        </div>
      ) : (
        <p class="error" role="alert">
          {t.noQa}
        </p>
      )}
      {polls ? (
        <PollsSection api={api} polls={polls} />
      ) : (
        <p class="error" role="alert">
          {t.noPolls}
        </p>
      )}
    </section>
  );
}

// ——— Q&A ———

function QuestionList({ api, qa, kind }: { api: Api; qa: QaAdapter; kind: 'unanswered' | 'bounty' }) {
  const { session, ctx, t } = api;
  const list = useInfiniteQuery<QuestionSummary>(
    session,
    ['qa-polls', 'qa', kind],
    (cursor) => qa.listQuestions({ filter: kind, limit: PAGE, ...(cursor ? { cursor } : {}) }, ctx),
    (item) => item.question.id,
  );
  const id = `qa-${kind}-title`;
  return (
    <section aria-labelledby={id} class="qa-list">
      <h2 id={id}>{kind === 'unanswered' ? t.unanswered : t.bounties}</h2>
      <p class="hint">{kind === 'unanswered' ? t.unansweredHint : t.bountiesHint}</p>
      {list.error && (
        <p class="error" role="alert">
          {list.error.message}
        </p>
      )}
      {list.loading && <p role="status">{t.loadingQuestions}</p>}
      {list.items && list.items.length === 0 && <p class="muted">{kind === 'unanswered' ? t.noUnanswered : t.noBounties}</p>}
      {list.items && list.items.length > 0 && (
        <ol class="queue" aria-labelledby={id}>
          {list.items.map((item) => (
            <QuestionItem key={item.question.id} api={api} qa={qa} item={item} kind={kind} />
          ))}
        </ol>
      )}
      {list.hasMore && (
        <button type="button" class="quiet" onClick={list.loadMore} aria-disabled={list.loadingMore}>
          {list.loadingMore ? t.loadingOlder : t.older}
        </button>
      )}
    </section>
  );
}

function QuestionItem({ api, qa, item, kind }: { api: Api; qa: QaAdapter; item: QuestionSummary; kind: 'unanswered' | 'bounty' }) {
  const { session, ctx, t, locale } = api;
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction(session, ['qa-polls']);
  const answerButton = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const shown = useRef(open);
  useLayoutEffect(() => {
    if (open) box.current?.focus();
    else if (shown.current) answerButton.current?.focus();
    shown.current = open;
  }, [open]);

  const q = item.question;
  const titleId = `question-${q.id}`;
  const title = q.title ?? t.untitled;
  const age = Date.now() - Date.parse(q.createdAt);
  const bounty = item.bounty?.status === 'open' ? item.bounty : null;
  const send = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      await qa.answer({ questionId: q.id, body: body.trim(), idempotencyKey: createIdempotencyKey() }, ctx);
      setBody('');
      setOpen(false);
      // The Inbox counts the same question; it leaves there too.
      void invalidate(session, ['inbox']);
    });
  };
  return (
    <li class={`item ${kind === 'bounty' ? bountyUrgency(bounty) : ''}`}>
      <article aria-labelledby={titleId}>
        <div class="item-head">
          <h3 id={titleId} class="type">
            {title}
          </h3>
          {kind === 'unanswered' ? (
            <span class="age" title={formatTime(q.createdAt, locale)}>
              {t.waiting(formatAge(age, locale))}
            </span>
          ) : (
            bounty && (
              <span class="bounty">
                <strong>{t.points(formatNumber(locale, bounty.amount))}</strong> · <BountyTime api={api} expiresAt={bounty.expiresAt} graceUntil={bounty.graceUntil} />
              </span>
            )
          )}
        </div>
        <p class="where">
          {t.asked(q.author.displayName, q.space)} · {t.answers(item.answerCount)}
        </p>
        {!open ? (
          <button type="button" ref={answerButton} onClick={() => setOpen(true)}>
            {t.answer}
          </button>
        ) : (
          <form class="reply" onSubmit={send} aria-label={t.yourAnswer(q.author.displayName)}>
            <label>
              {t.yourAnswer(q.author.displayName)}
              <textarea ref={box} value={body} onInput={(e) => setBody(e.currentTarget.value)} rows={3} required aria-invalid={error ? true : undefined} />
            </label>
            {error && (
              <p class="error" role="alert">
                {error.message}
              </p>
            )}
            <div class="actions">
              <button type="submit" disabled={busy || body.trim() === ''}>
                {busy ? t.sending : t.send}
              </button>
              <button type="button" class="quiet" onClick={() => setOpen(false)}>
                {t.cancel}
              </button>
            </div>
          </form>
        )}
      </article>
    </li>
  );
}

/** Red within a day of expiry (or in grace), amber within three days. */
function bountyUrgency(bounty: { expiresAt: string } | null): string {
  if (!bounty) return '';
  const left = Date.parse(bounty.expiresAt) - Date.now();
  return left < 24 * 3_600_000 ? 'overdue' : left < 3 * 24 * 3_600_000 ? 'soon' : '';
}

function BountyTime({ api, expiresAt, graceUntil }: { api: Api; expiresAt: string; graceUntil: string }) {
  const { t, locale } = api;
  const now = Date.now();
  const left = Date.parse(expiresAt) - now;
  const text = left > 0 ? t.left(formatAge(left, locale)) : t.inGrace(formatAge(Math.max(0, Date.parse(graceUntil) - now), locale));
  return (
    <time dateTime={left > 0 ? expiresAt : graceUntil} title={formatTime(left > 0 ? expiresAt : graceUntil, locale)}>
      {text}
    </time>
  );
}

// ——— Polls ———

function PollsSection({ api, polls }: { api: Api; polls: PollsAdapter }) {
  const { session, ctx, t } = api;
  const [status, setStatus] = useState<PollStatus | ''>('');
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState('');
  const list = useInfiniteQuery<Poll>(
    session,
    ['qa-polls', 'polls', status],
    (cursor) => polls.listPolls({ limit: PAGE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }, ctx),
    (poll) => poll.id,
  );
  const newButton = useRef<HTMLButtonElement>(null);
  return (
    <section aria-labelledby="polls-title" class="polls">
      <div class="view-head">
        <h2 id="polls-title">{t.polls}</h2>
        <label class="inline">
          {t.status}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as PollStatus | '')}>
            <option value="">{t.all}</option>
            <option value="open">{t.open}</option>
            <option value="closed">{t.closed}</option>
          </select>
        </label>
        {session.can('create_poll') && !creating && (
          <button type="button" ref={newButton} onClick={() => setCreating(true)}>
            {t.newPoll}
          </button>
        )}
      </div>
      <p role="status" class="notice">
        {notice}
      </p>
      {creating && (
        <CreatePoll
          api={api}
          polls={polls}
          onDone={(made) => {
            setCreating(false);
            if (made) setNotice(`${t.created} ${t.embed} <community-poll poll="${made.poll.id}">`);
            setTimeout(() => newButton.current?.focus(), 0);
          }}
        />
      )}
      {list.error && (
        <p class="error" role="alert">
          {list.error.message}
        </p>
      )}
      {list.loading && <p role="status">{t.loadingPolls}</p>}
      {list.items && list.items.length === 0 && <p class="muted">{status ? t.noMatch : t.noPollsYet}</p>}
      {list.items && list.items.length > 0 && (
        <ol class="queue" aria-labelledby="polls-title">
          {list.items.map((poll) => (
            <li key={poll.id} class="item">
              <PollItem api={api} polls={polls} poll={poll} />
            </li>
          ))}
        </ol>
      )}
      {list.hasMore && (
        <button type="button" class="quiet" onClick={list.loadMore} aria-disabled={list.loadingMore}>
          {list.loadingMore ? t.loadingOlder : t.older}
        </button>
      )}
    </section>
  );
}

function PollItem({ api, polls, poll }: { api: Api; polls: PollsAdapter; poll: Poll }) {
  const { session, ctx, t, locale } = api;
  const [showResults, setShowResults] = useState(false);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState('');
  const { busy, error, run } = useAction(session, ['qa-polls']);
  const editButton = useRef<HTMLButtonElement>(null);
  const titleId = `poll-${poll.id}`;
  const mine = session.viewer.id === poll.author.id;
  const mayRun = mine || session.can('moderate');
  const mayEdit = session.can('create_poll') && mayRun;

  const toggleClosed = () =>
    run(async () => {
      setNotice('');
      if (poll.closed) {
        await polls.reopenPoll({ pollId: poll.id }, ctx);
        setNotice(t.reopenedNow);
      } else {
        await polls.closePoll({ pollId: poll.id }, ctx);
        setNotice(t.closedNow);
      }
    });

  return (
    <article aria-labelledby={titleId}>
      <div class="item-head">
        <h3 id={titleId} class="type">
          {poll.question}
        </h3>
        <span class={poll.closed ? 'muted' : 'status-succeeded'}>{poll.closed ? t.closed : t.open}</span>
        <span>{t.ballots(poll.totalBallots)}</span>
      </div>
      <p class="where">
        {t.types[poll.type]} · {t.visibilities[poll.resultsVisibility]} · {poll.voters === 'secret' ? t.secretVoters : t.publicVoters}
        {poll.closed && poll.closedAt && <> · {t.closedAt(formatTime(poll.closedAt, locale))}</>}
        {!poll.closed && poll.closesAt && <> · {t.closesAt(formatTime(poll.closesAt, locale))}</>}
        {' · '}
        {t.createdBy(poll.author.displayName, formatTime(poll.createdAt, locale))}
        {poll.editedAt && <> · {t.edited}</>}
      </p>
      {poll.description && <p class="excerpt">{poll.description}</p>}
      {editing ? (
        <EditPoll
          api={api}
          polls={polls}
          poll={poll}
          onDone={(saved) => {
            setEditing(false);
            if (saved) setNotice(t.saved);
            setTimeout(() => editButton.current?.focus(), 0);
          }}
        />
      ) : (
        <div class="actions">
          <button type="button" class="quiet" aria-expanded={showResults} aria-controls={showResults ? `${titleId}-results` : undefined} onClick={() => setShowResults(!showResults)}>
            {showResults ? t.hideResults : t.results}
          </button>
          {mayEdit && (
            <button
              type="button"
              class="quiet"
              ref={editButton}
              onClick={() => {
                setNotice('');
                setEditing(true);
              }}
            >
              {t.edit}
            </button>
          )}
          {mayRun && (
            <button type="button" class="quiet" onClick={() => void toggleClosed()} aria-disabled={busy}>
              {poll.closed ? t.reopen : t.close}
            </button>
          )}
        </div>
      )}
      <p role="status" class="notice">
        {notice}
      </p>
      {error && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      {showResults && <PollResultsPanel api={api} polls={polls} poll={poll} id={`${titleId}-results`} />}
    </article>
  );
}

// ——— Results ———

function PollResultsPanel({ api, polls, poll, id }: { api: Api; polls: PollsAdapter; poll: Poll; id: string }) {
  const { session, ctx, t } = api;
  const insights = session.can('view_insights');
  const view = useQuery<PollView>(session, ['qa-polls', 'poll', poll.id, poll.totalBallots, poll.editedAt], () => polls.getPoll({ pollId: poll.id }, ctx));
  const split = useQuery<PollBreakdown | null>(session, ['qa-polls', 'breakdown', poll.id, poll.totalBallots, poll.editedAt], () =>
    insights ? polls.breakdown({ pollId: poll.id }, ctx) : Promise.resolve(null),
  );
  const [exported, setExported] = useState('');
  const results = view.data?.results ?? null;
  const current = view.data?.poll ?? poll;
  const exportCsv = () => {
    // The breakdown is part of the file: wait for it rather than export without it.
    if (!view.data || (insights && !split.data)) return;
    const words = {
      poll: 'id',
      question: t.question,
      type: t.type,
      status: t.status,
      ballots: t.groupBallots,
      exported: 'exported',
      results: t.results,
      option: t.option,
      votes: t.votes,
      percent: '%',
      value: t.value,
      average: t.average,
      winner: 'winner',
      firstPreferences: t.firstPreferences,
      byRole: t.byRole,
      byLevel: t.byLevel,
      group: t.group,
      minGroup: 'min group size',
      groupName: (group: BreakdownGroup) => groupName(api, group),
    };
    const rows = pollRows(current, results, split.data ?? null, words, { type: t.types[current.type], status: current.closed ? t.closed : t.open }, new Date());
    const slug = current.question.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 40) || current.id;
    download(`poll-${slug}-results.csv`, toCsv(rows));
    setExported(t.exported);
  };
  return (
    <div id={id} class="poll-results">
      {(view.loading || split.loading) && <p role="status">{t.loadingResults}</p>}
      {view.error && (
        <p class="error" role="alert">
          {view.error.message}
        </p>
      )}
      {split.error && (
        <p class="error" role="alert">
          {split.error.message}
        </p>
      )}
      {results && <ResultsTable api={api} poll={current} results={results} />}
      {split.data && (
        <section aria-labelledby={`${id}-breakdown`}>
          <h4 id={`${id}-breakdown`}>{t.breakdown}</h4>
          {split.data.minGroupSize > 1 && <p class="hint">{t.privacy(split.data.minGroupSize)}</p>}
          <BreakdownTable api={api} poll={current} groups={split.data.byRole} caption={t.byRole} results={results} />
          <BreakdownTable api={api} poll={current} groups={split.data.byLevel} caption={t.byLevel} results={results} />
        </section>
      )}
      {view.data && (
        <div class="actions">
          <button type="button" class="quiet" onClick={exportCsv} aria-disabled={insights && !split.data}>
            {t.exportCsv}
          </button>
          <span role="status">{exported}</span>
        </div>
      )}
      {results && results.totalBallots === 0 && <p class="muted">{t.noBallots}</p>}
    </div>
  );
}

function ResultsTable({ api, poll, results }: { api: Api; poll: Poll; results: NonNullable<PollView['results']> }) {
  const { t, locale } = api;
  if (results.type === 'rating') {
    return (
      <table>
        <caption>
          {t.results} · {t.average}: {results.average === null ? '—' : formatNumber(locale, results.average)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.value}</th>
            <th scope="col">{t.votes}</th>
            <th scope="col">{t.share}</th>
          </tr>
        </thead>
        <tbody>
          {results.distribution.map((bucket) => (
            <tr key={bucket.value}>
              <th scope="row">{formatNumber(locale, bucket.value)}</th>
              <td>{formatNumber(locale, bucket.count)}</td>
              <td>
                <Bar percent={bucket.percent} locale={locale} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const winner = results.type === 'ranked' && results.winner ? poll.options.find((o) => o.id === results.winner)?.label : null;
  return (
    <table>
      <caption>
        {results.type === 'ranked' ? `${t.results} · ${t.firstPreferences}` : t.results}
        {winner && (
          <>
            {' · '}
            {t.winner(winner)} ({t.rounds(results.type === 'ranked' ? results.rounds.length : 0)})
          </>
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t.option}</th>
          <th scope="col">{results.type === 'ranked' ? t.firstPreferences : t.votes}</th>
          <th scope="col">{t.share}</th>
        </tr>
      </thead>
      <tbody>
        {results.options.map((option) => (
          <tr key={option.optionId}>
            <th scope="row">{option.label}</th>
            <td>{formatNumber(locale, option.count)}</td>
            <td>
              <Bar percent={option.percent} locale={locale} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A share written out, with a bar beside it for the eye only. */
function Bar({ percent, locale }: { percent: number; locale: Locale }) {
  return (
    <span class="share">
      <span class="bar" aria-hidden="true" style={{ width: `${Math.min(100, percent)}%` }} />
      <span>{formatPercent(locale, percent / 100, 1)}</span>
    </span>
  );
}

/** A breakdown group in the operator's words. */
function groupName(api: Api, group: BreakdownGroup): string {
  const { t, locale } = api;
  if (group.key === 'other') return t.other(group.merged.map((key) => keyName(t, key)).join(', '));
  if (group.role) return t.roles[group.role];
  if (group.level) return t.level(group.level.level, group.level.names[locale] ?? group.level.name);
  return keyName(t, group.key);
}

/** A group known by its key alone (those merged into `other`): a role, `guests`, or a level number. */
function keyName(t: Messages, key: string): string {
  if (key === 'guests') return t.guests;
  if ((ROLES as readonly string[]).includes(key)) return t.roles[key as Role];
  return /^\d+$/.test(key) ? t.levelOnly(Number(key)) : key;
}

function BreakdownTable({ api, poll, groups, caption, results }: { api: Api; poll: Poll; groups: BreakdownGroup[]; caption: string; results: PollView['results'] }) {
  const { t, locale } = api;
  if (groups.length === 0) return null;
  const values = poll.type === 'rating' && results?.type === 'rating' ? results.distribution.map((b) => b.value) : [];
  return (
    <table class="breakdown">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.group}</th>
          <th scope="col">{t.groupBallots}</th>
          {poll.type === 'rating' ? (
            <>
              <th scope="col">{t.average}</th>
              {values.map((v) => (
                <th scope="col" key={v}>
                  {formatNumber(locale, v)}
                </th>
              ))}
            </>
          ) : (
            poll.options.map((o) => (
              <th scope="col" key={o.id}>
                {o.label}
              </th>
            ))
          )}
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.key}>
            <th scope="row">{groupName(api, group)}</th>
            <td>{formatNumber(locale, group.ballots)}</td>
            {poll.type === 'rating' ? (
              <>
                <td>{group.average === null ? '—' : formatNumber(locale, group.average)}</td>
                {group.distribution.map((b) => (
                  <td key={b.value}>{formatNumber(locale, b.count)}</td>
                ))}
              </>
            ) : (
              group.options.map((o) => (
                <td key={o.optionId}>
                  {formatNumber(locale, o.count)} <span class="muted">({formatPercent(locale, o.percent / 100, 1)})</span>
                </td>
              ))
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ——— Forms ———

/**
 * A server error for a form: its message, or, when the server named fields, each field by its
 * label with what was wrong. Inputs point at it through `aria-describedby`.
 */
function FormProblem({ id, error, t }: { id: string; error: HearthError | null; t: Messages }) {
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
              <li key={field}>
                {t.fieldNames[field] ?? field}: {issuesFor(error, field).join(' ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** `aria-invalid` and `aria-describedby` for an input the server named. */
function marks(error: HearthError | null, field: string, problemId: string) {
  return issuesFor(error, field).length > 0 ? { 'aria-invalid': true as const, 'aria-describedby': problemId } : {};
}

/** An ISO time as a `datetime-local` value in the browser's zone (`2030-01-31T18:00`). */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as an ISO time, or null when empty. */
function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : at.toISOString();
}

interface OptionDraft {
  /** The option's id when it exists on the poll. */
  id?: string;
  label: string;
  /** A key for the list while editing. */
  key: number;
}

let keys = 0;
const draftOption = (label = '', id?: string): OptionDraft => ({ label, key: ++keys, ...(id ? { id } : {}) });

/** The option inputs: one per option, each removable, and a button to add one. */
function OptionFields({
  t,
  options,
  onChange,
  votes,
  error,
  problemId,
}: {
  t: Messages;
  options: OptionDraft[];
  onChange: (options: OptionDraft[]) => void;
  votes?: Map<string, number>;
  error: HearthError | null;
  problemId: string;
}) {
  const list = useRef<HTMLDivElement>(null);
  const focusLast = useRef(false);
  // Before the next key press lands: the new option takes what the operator types next.
  useLayoutEffect(() => {
    if (!focusLast.current) return;
    focusLast.current = false;
    const inputs = list.current?.querySelectorAll('input');
    inputs?.[inputs.length - 1]?.focus();
  }, [options.length]);
  const set = (index: number, label: string) => onChange(options.map((o, i) => (i === index ? { ...o, label } : o)));
  return (
    <fieldset {...(issuesFor(error, 'options').length > 0 ? { 'aria-describedby': problemId } : {})}>
      <legend>{t.options}</legend>
      <div ref={list} class="option-list">
        {options.map((option, index) => {
          const n = option.id ? (votes?.get(option.id) ?? 0) : 0;
          return (
            <div class="option-row" key={option.key}>
              <label>
                {t.optionLabel(index + 1)}
                {option.id && votes && <span class="muted"> ({t.optionVotes(n)})</span>}
                <input value={option.label} onInput={(e) => set(index, e.currentTarget.value)} maxLength={POLL_LIMITS.optionMax * 2} required autocomplete="off" />
              </label>
              {options.length > POLL_LIMITS.minOptions && (
                <button
                  type="button"
                  class="quiet"
                  onClick={() => {
                    onChange(options.filter((_, i) => i !== index));
                    // The keyboard stays in the list: on the option now in this place, or the one before.
                    setTimeout(() => list.current?.querySelectorAll('input')[Math.max(0, Math.min(index, options.length - 2))]?.focus(), 0);
                  }}
                >
                  {t.removeOption(index + 1)}
                </button>
              )}
            </div>
          );
        })}
      </div>
      {options.length < POLL_LIMITS.maxOptions && (
        <button
          type="button"
          class="quiet"
          onClick={() => {
            focusLast.current = true;
            onChange([...options, draftOption()]);
          }}
        >
          {t.addOption}
        </button>
      )}
    </fieldset>
  );
}

function VisibilitySelect({ t, value, onChange }: { t: Messages; value: ResultsVisibility; onChange: (v: ResultsVisibility) => void }) {
  return (
    <label>
      {t.visibility}
      <select name="resultsVisibility" value={value} onChange={(e) => onChange(e.currentTarget.value as ResultsVisibility)}>
        {RESULTS_VISIBILITIES.map((v) => (
          <option key={v} value={v}>
            {t.visibilities[v]}
          </option>
        ))}
      </select>
    </label>
  );
}

interface CreateDraft {
  question: string;
  description: string;
  type: PollType;
  options: OptionDraft[];
  minPicks: string;
  maxPicks: string;
  scale: { min: string; max: string; step: string };
  closesAt: string;
  resultsVisibility: ResultsVisibility;
  voters: 'secret' | 'public';
  allowChange: boolean;
}

const emptyDraft = (): CreateDraft => ({
  question: '',
  description: '',
  type: 'single',
  options: [draftOption(), draftOption()],
  minPicks: '',
  maxPicks: '',
  scale: { min: '1', max: '5', step: '1' },
  closesAt: '',
  resultsVisibility: 'always',
  voters: 'secret',
  allowChange: true,
});

/** A number typed into a field, or a validation error naming it. */
function numberOf(value: string, field: string, t: Messages): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw Object.assign(new Error(t.badNumber), { field });
  return n;
}

function CreatePoll({ api, polls, onDone }: { api: Api; polls: PollsAdapter; onDone: (made: PollView | null) => void }) {
  const { session, ctx, t } = api;
  const [draft, setDraft] = useState<CreateDraft>(emptyDraft);
  const { busy, error, run, setError } = useAction(session, ['qa-polls']);
  const info = useQuery(session, ['qa-polls', 'community'], () => session.client.adapter.community?.getInfo({}, ctx) ?? Promise.resolve(null));
  const guests = useAction(session, ['qa-polls', 'community']);
  const question = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => question.current?.focus(), []);
  const problemId = 'create-poll-problem';
  const set = (patch: Partial<CreateDraft>) => setDraft({ ...draft, ...patch });

  const submit = async (event: Event) => {
    event.preventDefault();
    let input: CreatePollInput;
    try {
      const description = draft.description.trim();
      const closesAt = fromLocalInput(draft.closesAt);
      input = {
        question: draft.question,
        type: draft.type,
        ...(description ? { description } : {}),
        ...(draft.type === 'rating' ? {} : { options: draft.options.map((o) => o.label) }),
        ...(draft.type === 'multiple' && draft.minPicks.trim() ? { minPicks: numberOf(draft.minPicks, 'minPicks', t) } : {}),
        ...(draft.type === 'multiple' && draft.maxPicks.trim() ? { maxPicks: numberOf(draft.maxPicks, 'maxPicks', t) } : {}),
        ...(draft.type === 'rating'
          ? { scale: { min: numberOf(draft.scale.min, 'scale', t), max: numberOf(draft.scale.max, 'scale', t), step: numberOf(draft.scale.step, 'scale', t) } }
          : {}),
        ...(closesAt ? { closesAt } : {}),
        resultsVisibility: draft.resultsVisibility,
        voters: draft.voters,
        allowChange: draft.allowChange,
        idempotencyKey: createIdempotencyKey(),
      };
    } catch (problem) {
      setError(HearthError.validation((problem as { field?: string }).field ?? 'question', (problem as Error).message));
      return;
    }
    await run(async () => {
      const made = await polls.createPoll(input, ctx);
      setDraft(emptyDraft());
      onDone(made);
    });
  };

  return (
    <section aria-labelledby="create-poll-title" class="poll-form">
      <h3 id="create-poll-title">{t.createTitle}</h3>
      <form onSubmit={submit} aria-labelledby="create-poll-title" noValidate>
        <label>
          {t.question}
          <input ref={question} name="question" value={draft.question} onInput={(e) => set({ question: e.currentTarget.value })} required autocomplete="off" {...marks(error, 'question', problemId)} />
        </label>
        <label>
          {t.description}
          <textarea name="description" rows={2} value={draft.description} onInput={(e) => set({ description: e.currentTarget.value })} {...marks(error, 'description', problemId)} />
        </label>
        <label>
          {t.type}
          <select name="type" value={draft.type} onChange={(e) => set({ type: e.currentTarget.value as PollType })}>
            {POLL_TYPES.map((type) => (
              <option key={type} value={type}>
                {t.types[type]}
              </option>
            ))}
          </select>
        </label>
        {draft.type !== 'rating' && <OptionFields t={t} options={draft.options} onChange={(options) => set({ options })} error={error} problemId={problemId} />}
        {draft.type === 'multiple' && (
          <div class="row">
            <label>
              {t.minPicks}
              <input type="number" min={1} name="minPicks" value={draft.minPicks} onInput={(e) => set({ minPicks: e.currentTarget.value })} {...marks(error, 'minPicks', problemId)} />
            </label>
            <label>
              {t.maxPicks}
              <input type="number" min={1} name="maxPicks" value={draft.maxPicks} onInput={(e) => set({ maxPicks: e.currentTarget.value })} {...marks(error, 'maxPicks', problemId)} />
            </label>
          </div>
        )}
        {draft.type === 'rating' && (
          <div class="row">
            {(['min', 'max', 'step'] as const).map((part) => (
              <label key={part}>
                {part === 'min' ? t.scaleMin : part === 'max' ? t.scaleMax : t.scaleStep}
                <input type="number" step="any" value={draft.scale[part]} onInput={(e) => set({ scale: { ...draft.scale, [part]: e.currentTarget.value } })} {...marks(error, 'scale', problemId)} />
              </label>
            ))}
          </div>
        )}
        <label>
          {t.closesAtLabel}
          <input type="datetime-local" name="closesAt" value={draft.closesAt} onInput={(e) => set({ closesAt: e.currentTarget.value })} {...marks(error, 'closesAt', problemId)} />
        </label>
        <VisibilitySelect t={t} value={draft.resultsVisibility} onChange={(resultsVisibility) => set({ resultsVisibility })} />
        <fieldset>
          <legend>{t.voters}</legend>
          <label>
            <input type="radio" name="voters" value="secret" checked={draft.voters === 'secret'} onChange={() => set({ voters: 'secret' })} />
            {t.secretHint}
          </label>
          <label>
            <input type="radio" name="voters" value="public" checked={draft.voters === 'public'} onChange={() => set({ voters: 'public' })} />
            {t.publicHint}
          </label>
        </fieldset>
        <label>
          <input type="checkbox" name="allowChange" checked={draft.allowChange} onChange={(e) => set({ allowChange: e.currentTarget.checked })} />
          {t.allowChange}
        </label>
        {info.data &&
          (session.can('manage') ? (
            <label>
              <input
                type="checkbox"
                checked={info.data.pollGuests}
                aria-disabled={guests.busy}
                onChange={(e) => {
                  const pollGuests = e.currentTarget.checked;
                  void guests.run(async () => {
                    await session.client.adapter.community!.updateSettings({ pollGuests }, ctx);
                  });
                }}
              />
              {t.guestsToggle}
            </label>
          ) : (
            <p class="hint">{info.data.pollGuests ? t.guestsOn : t.guestsOff}</p>
          ))}
        {guests.error && (
          <p class="error" role="alert">
            {guests.error.message}
          </p>
        )}
        <FormProblem id={problemId} error={error} t={t} />
        <div class="actions">
          <button type="submit" aria-disabled={busy}>
            {busy ? t.creating : t.create}
          </button>
          <button type="button" class="quiet" onClick={() => onDone(null)}>
            {t.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}

function EditPoll({ api, polls, poll, onDone }: { api: Api; polls: PollsAdapter; poll: Poll; onDone: (saved: boolean) => void }) {
  const { session, ctx, t } = api;
  const initialCloses = toLocalInput(poll.closesAt);
  const [question, setQuestion] = useState(poll.question);
  const [description, setDescription] = useState(poll.description ?? '');
  const [options, setOptions] = useState<OptionDraft[]>(() => poll.options.map((o) => draftOption(o.label, o.id)));
  const [closesAt, setClosesAt] = useState(initialCloses);
  const [visibility, setVisibility] = useState<ResultsVisibility>(poll.resultsVisibility);
  const { busy, error, run } = useAction(session, ['qa-polls']);
  const view = useQuery<PollView>(session, ['qa-polls', 'poll', poll.id, poll.totalBallots, poll.editedAt], () => polls.getPoll({ pollId: poll.id }, ctx));
  const first = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => first.current?.focus(), []);
  const results = view.data?.results;
  const votes = results && results.type !== 'rating' ? new Map(results.options.map((o) => [o.optionId, o.count])) : undefined;
  const problemId = `edit-${poll.id}-problem`;
  const formId = `edit-${poll.id}-title`;

  const save = async (event: Event) => {
    event.preventDefault();
    const input: EditPollInput = {
      pollId: poll.id,
      question,
      description: description.trim() || null,
      ...(poll.type === 'rating' ? {} : { options: options.map((o) => (o.id ? { id: o.id, label: o.label } : { label: o.label })) }),
      // datetime-local drops seconds: send the deadline only when the operator changed it.
      ...(closesAt !== initialCloses ? { closesAt: fromLocalInput(closesAt) } : {}),
      resultsVisibility: visibility,
    };
    await run(async () => {
      await polls.editPoll(input, ctx);
      onDone(true);
    });
  };

  return (
    <form class="poll-form" onSubmit={save} aria-labelledby={formId} noValidate>
      <h4 id={formId}>{t.editTitle(poll.question)}</h4>
      <p class="hint">{t.editHint}</p>
      <label>
        {t.question}
        <input ref={first} value={question} onInput={(e) => setQuestion(e.currentTarget.value)} required autocomplete="off" {...marks(error, 'question', problemId)} />
      </label>
      <label>
        {t.description}
        <textarea rows={2} value={description} onInput={(e) => setDescription(e.currentTarget.value)} {...marks(error, 'description', problemId)} />
      </label>
      {/* A ranked ballot counts for every option it ranks; first preferences would undercount, so ranked polls show no counts here. */}
      {poll.type !== 'rating' && <OptionFields t={t} options={options} onChange={setOptions} votes={poll.type === 'ranked' ? undefined : votes} error={error} problemId={problemId} />}
      {poll.closed ? (
        <p class="hint">{t.closedNoDeadline}</p>
      ) : (
        <label>
          {t.closesAtLabel}
          <input type="datetime-local" value={closesAt} onInput={(e) => setClosesAt(e.currentTarget.value)} {...marks(error, 'closesAt', problemId)} />
        </label>
      )}
      <VisibilitySelect t={t} value={visibility} onChange={setVisibility} />
      <FormProblem id={problemId} error={error} t={t} />
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t.saving : t.save}
        </button>
        <button type="button" class="quiet" onClick={() => onDone(false)}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
