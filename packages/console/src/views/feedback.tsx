import { useEffect, useRef, useState } from 'preact/hooks';
import {
  FEEDBACK_KINDS,
  FEEDBACK_SORTS,
  FEEDBACK_STATUSES,
  type CallContext,
  type Feedback as FeedbackItem,
  type FeedbackAdapter,
  type FeedbackDetail,
  type FeedbackKind,
  type FeedbackSort,
  type FeedbackStatus,
  type FeedbackStatusChange,
  type FeedbackSuggestion,
  type Space,
  feedbackChannel,
} from '@hearth/protocol';
import { issuesFor } from '../form-errors.js';
import { formatNumber, useLocale, useMessages, type Catalog, type Locale } from '../i18n.js';
import { MissingCapability } from '../missing-capability.js';
import type { ConsoleSession } from '../session.js';
import { formatAgo, formatTime } from '../time.js';
import { invalidate, useAction, useInfiniteQuery, useLive, useQuery } from '../use-query.js';
import './feedback.css';

/** What every part of the view talks through: the adapter's feedback group and the signed-in viewer. */
interface Api {
  session: ConsoleSession;
  feedback: FeedbackAdapter;
  ctx: CallContext;
}

const n = (locale: Locale) => (count: number) => formatNumber(locale, count);
const enN = n('en');
const cnN = n('zh-CN');
const twN = n('zh-TW');

function plural(count: number, one: string, many = `${one}s`): string {
  return `${enN(count)} ${count === 1 ? one : many}`;
}

const en = {
  title: 'Feedback',
  offers: 'feedback boards',
  intro: "Ideas, bugs, praise and questions people sent, by status. Change an item's status with an official reply from its card.",
  refresh: 'Refresh',
  which: 'Which items',
  board: 'Board',
  kind: 'Kind',
  everyKind: 'Every kind',
  rating: 'Rating',
  sort: 'Sort',
  ratingHint: 'The rating filter, the counts and the NPS cover the items loaded; a column with more to load says so.',
  boardsError: (message: string) => `Could not list the boards: ${message}`,
  byStatus: 'Board by status',
  statuses: {
    open: 'Open',
    under_review: 'Under review',
    planned: 'Planned',
    in_progress: 'In progress',
    done: 'Done',
    declined: 'Declined',
    duplicate: 'Duplicate',
  } as Record<FeedbackStatus, string>,
  kinds: { idea: 'Idea', bug: 'Bug', praise: 'Praise', question: 'Question', other: 'Other' } as Record<FeedbackKind, string>,
  sorts: { votes: 'Most votes', new: 'Newest', updated: 'Recently updated' } as Record<FeedbackSort, string>,
  visibility: { pending: 'Held for review', hidden: 'Hidden', deleted: 'Deleted' } as Record<Exclude<FeedbackItem['visibility'], 'published'>, string>,
  ratings: {
    any: 'Any rating or none',
    stars: 'Has a star rating',
    starsN: (stars: number) => `${enN(stars)} ${stars === 1 ? 'star' : 'stars'}`,
    nps: 'Has an NPS score',
    promoters: 'Promoters (NPS 9–10)',
    detractors: 'Detractors (NPS 0–6)',
    none: 'No rating and no score',
  },
  summary: 'Summary',
  loadingBoard: 'Loading the board…',
  noNps: (items: number) => `No NPS answers among the ${plural(items, 'item')} loaded.`,
  npsHead: (score: string, answers: number) => `NPS ${score} from ${plural(answers, 'answer')}`,
  npsRest: (promoters: number, passives: number, detractors: number, items: number, more: boolean) =>
    ` (${plural(promoters, 'promoter')}, ${plural(passives, 'passive')}, ${plural(detractors, 'detractor')}), among the ${plural(items, 'item')} loaded${more ? '; load more to count the rest' : ''}.`,
  perStatus: 'Items per status',
  count: (count: number, more: boolean) => `${enN(count)}${more ? '+' : ''}`,
  loading: 'Loading…',
  noMatch: 'No loaded item here matches the rating filter.',
  nothingHere: 'Nothing here.',
  moreOf: (status: string) => `More: ${status}`,
  loadingMore: 'Loading more…',
  more: 'More',
  rated: (rating: number) => `Rated ${enN(rating)} of 5`,
  votes: (votes: number) => plural(votes, 'vote'),
  npsAnswer: (score: number) => `NPS answer ${enN(score)}/10`,
  sent: (time: string) => `Sent ${time}`,
  details: 'Details',
  hideDetails: 'Hide details',
  changeStatus: 'Change status',
  quote: (name: string) => `“${name}”`,
  noVotesToMove: 'it had no votes to move',
  votesWent: (votes: number) => `its ${plural(votes, 'vote')} went there`,
  votesMoved: (moved: number, votes: number) => `${enN(moved)} of its ${plural(votes, 'vote')} moved there${moved < votes ? ' (the others were already there)' : ''}`,
  merged: (name: string, original: string, votes: string, total: number) => `Merged “${name}” into “${original}”: ${votes}; it now has ${plural(total, 'vote')}.`,
  nothingChanged: (name: string, status: string) => `Nothing changed: “${name}” is already ${status}.`,
  repliedOn: (name: string, status: string) => `Replied on “${name}”; it stays ${status}.`,
  movedTo: (name: string, status: string, withReply: boolean) => `Moved “${name}” to ${status}${withReply ? ' with your official reply' : ''}.`,
  changeStatusOf: (name: string) => `Change the status of ${name}`,
  newStatus: 'New status',
  current: ' (current)',
  replyLabel: 'Official reply (Markdown, optional)',
  saving: 'Saving…',
  save: 'Save',
  cancel: 'Cancel',
  originalItem: 'The original item',
  searchOthers: 'Search other items by title',
  likeError: (message: string) => `Could not find items like this one: ${message}`,
  matching: 'Matching items',
  alike: 'Items like this one',
  noMatchPaste: (query: string) => `No loaded item matches “${query}”: paste its id below.`,
  pasteId: "Or paste the original's id",
  loadingHistory: 'Loading the history…',
  sentFrom: 'Sent from',
  contact: (email: string) => `Contact: ${email}`,
  mergedInto: (original: string) => `Merged into ${original}.`,
  history: 'Status history',
  noChanges: 'No changes yet: open since it was sent.',
  keptReplied: (status: string) => `replied, keeping it ${status}`,
  movedFrom: (from: string, to: string, original: string | null) => `moved it from ${from} to ${to}${original ? `, merged into ${original}` : ''}`,
  officialReply: 'Official reply',
};

type Messages = typeof en;

const messages: Catalog<Messages> = {
  en,
  'zh-CN': {
    title: '反馈',
    offers: '反馈看板',
    intro: '用户提交的想法、缺陷、表扬和提问，按状态排列。在卡片上更改状态，并可附上官方回复。',
    refresh: '刷新',
    which: '显示哪些条目',
    board: '看板',
    kind: '类型',
    everyKind: '所有类型',
    rating: '评分',
    sort: '排序',
    ratingHint: '评分筛选、各状态计数和 NPS 只统计已加载的条目；还有更多可加载的列会注明。',
    boardsError: (message) => `无法列出看板：${message}`,
    byStatus: '按状态排列的看板',
    statuses: { open: '待处理', under_review: '评估中', planned: '已计划', in_progress: '进行中', done: '已完成', declined: '已拒绝', duplicate: '重复' },
    kinds: { idea: '想法', bug: '缺陷', praise: '表扬', question: '提问', other: '其他' },
    sorts: { votes: '票数最多', new: '最新', updated: '最近更新' },
    visibility: { pending: '待审核', hidden: '已隐藏', deleted: '已删除' },
    ratings: {
      any: '不限评分',
      stars: '有星级评分',
      starsN: (stars) => `${cnN(stars)} 星`,
      nps: '有 NPS 分数',
      promoters: '推荐者（NPS 9–10）',
      detractors: '贬损者（NPS 0–6）',
      none: '无星级评分也无 NPS 分数',
    },
    summary: '概览',
    loadingBoard: '正在加载看板…',
    noNps: (items) => `已加载的 ${cnN(items)} 个条目中没有 NPS 回答。`,
    npsHead: (score, answers) => `NPS ${score}，共 ${cnN(answers)} 个回答`,
    npsRest: (promoters, passives, detractors, items, more) =>
      `（推荐者 ${cnN(promoters)} 个，被动者 ${cnN(passives)} 个，贬损者 ${cnN(detractors)} 个），统计自已加载的 ${cnN(items)} 个条目${more ? '；加载更多才能计入其余条目' : ''}。`,
    perStatus: '各状态条目数',
    count: (count, more) => `${cnN(count)}${more ? '+' : ''}`,
    loading: '正在加载…',
    noMatch: '此列已加载的条目中没有符合评分筛选的。',
    nothingHere: '暂无条目。',
    moreOf: (status) => `更多：${status}`,
    loadingMore: '正在加载更多…',
    more: '更多',
    rated: (rating) => `评分 ${cnN(rating)}（满分 5）`,
    votes: (votes) => `${cnN(votes)} 票`,
    npsAnswer: (score) => `NPS 回答 ${cnN(score)}/10`,
    sent: (time) => `提交于 ${time}`,
    details: '详情',
    hideDetails: '收起详情',
    changeStatus: '更改状态',
    quote: (name) => `“${name}”`,
    noVotesToMove: '它没有可转移的票',
    votesWent: (votes) => `它的 ${cnN(votes)} 票已转到那里`,
    votesMoved: (moved, votes) => `它的 ${cnN(votes)} 票中有 ${cnN(moved)} 票转到了那里${moved < votes ? '（其余投票者已经投过那一条）' : ''}`,
    merged: (name, original, votes, total) => `已将“${name}”合并到“${original}”：${votes}；那一条现在有 ${cnN(total)} 票。`,
    nothingChanged: (name, status) => `没有变化：“${name}”已经是“${status}”。`,
    repliedOn: (name, status) => `已回复“${name}”，状态仍为“${status}”。`,
    movedTo: (name, status, withReply) => `已将“${name}”移至“${status}”${withReply ? '，并附上你的官方回复' : ''}。`,
    changeStatusOf: (name) => `更改“${name}”的状态`,
    newStatus: '新状态',
    current: '（当前）',
    replyLabel: '官方回复（Markdown，可选）',
    saving: '正在保存…',
    save: '保存',
    cancel: '取消',
    originalItem: '原始条目',
    searchOthers: '按标题搜索其他条目',
    likeError: (message) => `无法查找相似条目：${message}`,
    matching: '匹配的条目',
    alike: '相似的条目',
    noMatchPaste: (query) => `已加载的条目中没有与“${query}”匹配的：请在下方粘贴它的 ID。`,
    pasteId: '或粘贴原始条目的 ID',
    loadingHistory: '正在加载历史记录…',
    sentFrom: '提交自',
    contact: (email) => `联系方式：${email}`,
    mergedInto: (original) => `已合并到${original}。`,
    history: '状态历史',
    noChanges: '尚无变更：提交以来一直是待处理。',
    keptReplied: (status) => `作了回复，状态仍为“${status}”`,
    movedFrom: (from, to, original) => `将其从“${from}”移至“${to}”${original ? `，合并到${original}` : ''}`,
    officialReply: '官方回复',
  },
  'zh-TW': {
    title: '回饋',
    offers: '回饋看板',
    intro: '使用者送出的想法、錯誤、稱讚和提問，依狀態排列。在卡片上變更狀態，並可附上官方回覆。',
    refresh: '重新整理',
    which: '顯示哪些項目',
    board: '看板',
    kind: '類型',
    everyKind: '所有類型',
    rating: '評分',
    sort: '排序',
    ratingHint: '評分篩選、各狀態計數和 NPS 只統計已載入的項目；還有更多可載入的欄會註明。',
    boardsError: (message) => `無法列出看板：${message}`,
    byStatus: '依狀態排列的看板',
    statuses: { open: '待處理', under_review: '評估中', planned: '已規劃', in_progress: '進行中', done: '已完成', declined: '已婉拒', duplicate: '重複' },
    kinds: { idea: '想法', bug: '錯誤', praise: '稱讚', question: '提問', other: '其他' },
    sorts: { votes: '票數最多', new: '最新', updated: '最近更新' },
    visibility: { pending: '待審核', hidden: '已隱藏', deleted: '已刪除' },
    ratings: {
      any: '不限評分',
      stars: '有星級評分',
      starsN: (stars) => `${twN(stars)} 星`,
      nps: '有 NPS 分數',
      promoters: '推薦者（NPS 9–10）',
      detractors: '貶損者（NPS 0–6）',
      none: '無星級評分也無 NPS 分數',
    },
    summary: '概覽',
    loadingBoard: '正在載入看板…',
    noNps: (items) => `已載入的 ${twN(items)} 個項目中沒有 NPS 回答。`,
    npsHead: (score, answers) => `NPS ${score}，共 ${twN(answers)} 個回答`,
    npsRest: (promoters, passives, detractors, items, more) =>
      `（推薦者 ${twN(promoters)} 個，被動者 ${twN(passives)} 個，貶損者 ${twN(detractors)} 個），統計自已載入的 ${twN(items)} 個項目${more ? '；載入更多才能計入其餘項目' : ''}。`,
    perStatus: '各狀態項目數',
    count: (count, more) => `${twN(count)}${more ? '+' : ''}`,
    loading: '正在載入…',
    noMatch: '此欄已載入的項目中沒有符合評分篩選的。',
    nothingHere: '目前沒有項目。',
    moreOf: (status) => `更多：${status}`,
    loadingMore: '正在載入更多…',
    more: '更多',
    rated: (rating) => `評分 ${twN(rating)}（滿分 5）`,
    votes: (votes) => `${twN(votes)} 票`,
    npsAnswer: (score) => `NPS 回答 ${twN(score)}/10`,
    sent: (time) => `送出於 ${time}`,
    details: '詳細資料',
    hideDetails: '收合詳細資料',
    changeStatus: '變更狀態',
    quote: (name) => `「${name}」`,
    noVotesToMove: '它沒有可轉移的票',
    votesWent: (votes) => `它的 ${twN(votes)} 票已轉到那裡`,
    votesMoved: (moved, votes) => `它的 ${twN(votes)} 票中有 ${twN(moved)} 票轉到了那裡${moved < votes ? '（其餘投票者已經投過那一則）' : ''}`,
    merged: (name, original, votes, total) => `已將「${name}」合併到「${original}」：${votes}；那一則現在有 ${twN(total)} 票。`,
    nothingChanged: (name, status) => `沒有變更：「${name}」已經是「${status}」。`,
    repliedOn: (name, status) => `已回覆「${name}」，狀態仍為「${status}」。`,
    movedTo: (name, status, withReply) => `已將「${name}」移至「${status}」${withReply ? '，並附上你的官方回覆' : ''}。`,
    changeStatusOf: (name) => `變更「${name}」的狀態`,
    newStatus: '新狀態',
    current: '（目前）',
    replyLabel: '官方回覆（Markdown，選填）',
    saving: '正在儲存…',
    save: '儲存',
    cancel: '取消',
    originalItem: '原始項目',
    searchOthers: '依標題搜尋其他項目',
    likeError: (message) => `無法尋找相似項目：${message}`,
    matching: '符合的項目',
    alike: '相似的項目',
    noMatchPaste: (query) => `已載入的項目中沒有符合「${query}」的：請在下方貼上它的 ID。`,
    pasteId: '或貼上原始項目的 ID',
    loadingHistory: '正在載入歷史紀錄…',
    sentFrom: '送出自',
    contact: (email) => `聯絡方式：${email}`,
    mergedInto: (original) => `已合併到${original}。`,
    history: '狀態歷史',
    noChanges: '尚無變更：送出以來一直是待處理。',
    keptReplied: (status) => `作了回覆，狀態仍為「${status}」`,
    movedFrom: (from, to, original) => `將其從「${from}」移至「${to}」${original ? `，合併到${original}` : ''}`,
    officialReply: '官方回覆',
  },
};

/**
 * The rating filter. The server filters by status and kind only, so this one applies to the
 * items loaded (the hint under the filters says so).
 */
const RATING_FILTERS: ReadonlyArray<{ value: string; label: (t: Messages) => string; keeps: (item: FeedbackItem) => boolean }> = [
  { value: '', label: (t) => t.ratings.any, keeps: () => true },
  { value: 'stars', label: (t) => t.ratings.stars, keeps: (item) => item.rating !== null },
  ...[5, 4, 3, 2, 1].map((stars) => ({ value: `stars-${stars}`, label: (t: Messages) => t.ratings.starsN(stars), keeps: (item: FeedbackItem) => item.rating === stars })),
  { value: 'nps', label: (t) => t.ratings.nps, keeps: (item) => item.nps !== null },
  { value: 'promoters', label: (t) => t.ratings.promoters, keeps: (item) => item.nps !== null && item.nps >= 9 },
  { value: 'detractors', label: (t) => t.ratings.detractors, keeps: (item) => item.nps !== null && item.nps <= 6 },
  { value: 'none', label: (t) => t.ratings.none, keeps: (item) => item.rating === null && item.nps === null },
];

/** How many items each column loads at a time. */
const COLUMN_PAGE = 20;

/** The built-in board, used until the operator picks another. */
const DEFAULT_BOARD = 'feedback';

/** What an item is called on the board: its title, else the start of its text. */
function nameOf(item: Pick<FeedbackItem, 'title' | 'body'>): string {
  return item.title ?? clip(item.body, 80);
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Net Promoter Score of some 0–10 answers: % promoters (9–10) − % detractors (0–6), rounded;
 * null with no answers.
 */
export function netPromoterScore(scores: readonly number[]): { answers: number; promoters: number; passives: number; detractors: number; score: number | null } {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const answers = scores.length;
  const score = answers === 0 ? null : Math.round(((promoters - detractors) / answers) * 100);
  return { answers, promoters, passives: answers - promoters - detractors, detractors, score };
}

/** "25", "0", "−40" (a real minus sign, read as "minus"). */
function signed(score: number): string {
  return score < 0 ? `−${-score}` : String(score);
}

/**
 * The feedback view, for moderators and up: one column per status, each item with its kind,
 * votes, rating or NPS answer, author and age; status changes with an official reply from the
 * card (marking a duplicate merges it and its votes into the original); each item's history.
 * Live: every event on the board's channel (an item sent, voted on, moved, hidden) reloads it.
 */
export function Feedback({ session }: { session: ConsoleSession }) {
  const t = useMessages(messages);
  const feedback = session.client.adapter.feedback;
  if (!feedback) {
    return <MissingCapability title={t.title} capability="feedback" offers={t.offers} />;
  }
  return <FeedbackView api={{ session, feedback, ctx: { viewer: session.client.viewer } }} />;
}

interface BoardFilter {
  space: string;
  kind: FeedbackKind | '';
  sort: FeedbackSort;
}

/**
 * One status column, a page at a time ("More" keeps what is on screen); a vote or a status
 * change between two pages can show an item twice, and it shows once.
 */
function useColumn({ session, feedback, ctx }: Api, filter: BoardFilter, status: FeedbackStatus) {
  const input = { space: filter.space, status, sort: filter.sort, ...(filter.kind ? { kind: filter.kind } : {}) };
  const column = useInfiniteQuery<FeedbackItem>(
    session,
    ['feedback', 'list', input],
    (cursor) => feedback.listFeedback({ ...input, ...(cursor ? { cursor } : {}), limit: COLUMN_PAGE }, ctx),
    (item) => item.id,
  );
  return { status, ...column };
}

type Column = ReturnType<typeof useColumn>;

/** Which card should take the keyboard once it shows again (in its new column after a move). */
type FocusRequest = { current: string | null };

function FeedbackView({ api }: { api: Api }) {
  const t = useMessages(messages);
  const { session, ctx } = api;
  const [space, setSpace] = useState(DEFAULT_BOARD);
  const [kind, setKind] = useState<FeedbackKind | ''>('');
  const [sort, setSort] = useState<FeedbackSort>('votes');
  const [rating, setRating] = useState('');
  const [notice, setNotice] = useState('');
  const focus = useRef<string | null>(null);
  const community = session.client.adapter.community;
  const boards = useQuery<Space[]>(session, ['feedback', 'boards'], async () =>
    community ? (await community.listSpaces({}, ctx)).filter((s) => s.kind === 'feedback') : [],
  );
  const filter: BoardFilter = { space, kind, sort };
  // One hook per status, always in the protocol's order.
  const columns = FEEDBACK_STATUSES.map((status) => useColumn(api, filter, status));
  // The board shown follows its channel: what members send, vote on or staff move elsewhere shows without Refresh.
  useLive(session, feedbackChannel(space), ['feedback', 'list']);
  const keeps = (RATING_FILTERS.find((f) => f.value === rating) ?? RATING_FILTERS[0]!).keeps;
  const loaded = columns.flatMap((column) => column.items ?? []);
  const shown = loaded.filter(keeps);

  return (
    <section aria-labelledby="feedback-title" class="feedback-view">
      <div class="view-head">
        <h1 id="feedback-title">{t.title}</h1>
        <p class="summary">{t.intro}</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['feedback'])}>
          {t.refresh}
        </button>
      </div>

      <div class="feedback-filters" role="group" aria-label={t.which}>
        {boards.data && boards.data.length > 1 && (
          <label>
            {t.board}
            <select value={space} onChange={(e) => setSpace(e.currentTarget.value)}>
              {boards.data.map((board) => (
                <option key={board.key} value={board.key}>
                  {board.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t.kind}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as FeedbackKind | '')}>
            <option value="">{t.everyKind}</option>
            {FEEDBACK_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.rating}
          <select value={rating} onChange={(e) => setRating(e.currentTarget.value)} aria-describedby="feedback-rating-hint">
            {RATING_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.sort}
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as FeedbackSort)}>
            {FEEDBACK_SORTS.map((s) => (
              <option key={s} value={s}>
                {t.sorts[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="hint" id="feedback-rating-hint">
        {t.ratingHint}
      </p>
      {boards.error && (
        <p class="error" role="alert">
          {t.boardsError(boards.error.message)}
        </p>
      )}

      <Summary columns={columns} keeps={keeps} shown={shown} />

      <p role="status" class="feedback-notice">
        {notice}
      </p>

      <div class="feedback-board" role="region" aria-label={t.byStatus} tabIndex={0}>
        {columns.map((column) => (
          <StatusColumn key={column.status} api={api} column={column} keeps={keeps} space={space} loaded={loaded} focus={focus} onDone={setNotice} />
        ))}
      </div>
    </section>
  );
}

/** The NPS of the items shown, and how many items each status holds. */
function Summary({ columns, keeps, shown }: { columns: Column[]; keeps: (item: FeedbackItem) => boolean; shown: FeedbackItem[] }) {
  const t = useMessages(messages);
  const ready = columns.every((column) => column.items !== undefined || column.error);
  const more = columns.some((column) => column.hasMore);
  const nps = netPromoterScore(shown.flatMap((item) => (item.nps === null ? [] : [item.nps])));
  return (
    <section aria-labelledby="feedback-summary-title" class="feedback-summary">
      <h2 id="feedback-summary-title">{t.summary}</h2>
      {!ready ? (
        <p role="status">{t.loadingBoard}</p>
      ) : (
        <>
          <p class="nps">
            {nps.score === null ? (
              t.noNps(shown.length)
            ) : (
              <>
                <strong>{t.npsHead(signed(nps.score), nps.answers)}</strong>
                {t.npsRest(nps.promoters, nps.passives, nps.detractors, shown.length, more)}
              </>
            )}
          </p>
          <ul class="status-counts" aria-label={t.perStatus}>
            {columns.map((column) => (
              <li key={column.status}>
                {t.statuses[column.status]} <strong>{countOf(t, column, keeps)}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "3", or "20+" when the column has more to load. */
function countOf(t: Messages, column: Column, keeps: (item: FeedbackItem) => boolean): string {
  return t.count((column.items ?? []).filter(keeps).length, column.hasMore);
}

function StatusColumn({
  api,
  column,
  keeps,
  space,
  loaded,
  focus,
  onDone,
}: {
  api: Api;
  column: Column;
  keeps: (item: FeedbackItem) => boolean;
  space: string;
  loaded: FeedbackItem[];
  focus: FocusRequest;
  onDone: (said: string) => void;
}) {
  const t = useMessages(messages);
  const titleId = `feedback-column-${column.status}`;
  const name = t.statuses[column.status];
  const items = column.items ?? [];
  const shown = items.filter(keeps);
  return (
    <section class="feedback-column" aria-labelledby={titleId} data-status={column.status}>
      <header>
        <h2 id={titleId}>{name}</h2>
        <span class="count">{countOf(t, column, keeps)}</span>
      </header>
      {column.error && (
        <p class="error" role="alert">
          {column.error.message}
        </p>
      )}
      {column.loading && <p role="status">{t.loading}</p>}
      {column.items && shown.length === 0 && <p class="muted">{items.length > 0 ? t.noMatch : t.nothingHere}</p>}
      {shown.length > 0 && (
        <ol class="feedback-cards">
          {shown.map((item) => (
            <li key={item.id}>
              <Card api={api} item={item} space={space} loaded={loaded} focus={focus} onDone={onDone} />
            </li>
          ))}
        </ol>
      )}
      {column.hasMore && (
        <button type="button" class="quiet" onClick={column.loadMore} aria-disabled={column.loadingMore} aria-label={t.moreOf(name)}>
          {column.loadingMore ? t.loadingMore : t.more}
        </button>
      )}
    </section>
  );
}

// ——— Cards ———

function Stars({ rating }: { rating: number }) {
  const t = useMessages(messages);
  return (
    <span class="stars" title={t.rated(rating)}>
      <span aria-hidden="true">{'★'.repeat(rating) + '☆'.repeat(Math.max(0, 5 - rating))}</span> {rating}/5
    </span>
  );
}

function Card({ api, item, space, loaded, focus, onDone }: { api: Api; item: FeedbackItem; space: string; loaded: FeedbackItem[]; focus: FocusRequest; onDone: (said: string) => void }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const article = useRef<HTMLElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const titleId = `feedback-${item.id}`;
  const detailsId = `${titleId}-details`;
  const formId = `${titleId}-status`;
  const name = nameOf(item);
  const visibility = item.visibility === 'published' ? null : t.visibility[item.visibility];

  // After a change the card shows again in its new column: the keyboard goes with it.
  useEffect(() => {
    if (focus.current !== item.id) return;
    focus.current = null;
    article.current?.focus();
  }, [item.id, item.status]);

  // Back to the button that opened the form when it closes, unless the card is moving.
  const wasChanging = useRef(changing);
  useEffect(() => {
    if (wasChanging.current && !changing && focus.current !== item.id) changeButton.current?.focus();
    wasChanging.current = changing;
  }, [changing]);

  return (
    <article class="feedback-card" aria-labelledby={titleId} tabIndex={-1} ref={article} data-id={item.id}>
      <h3 id={titleId}>{name}</h3>
      {item.title && <p class="excerpt">{clip(item.body, 160)}</p>}
      <p class="facts">
        <span class="kind">{t.kinds[item.kind]}</span>
        <span class="votes">{t.votes(item.voteCount)}</span>
        {item.rating !== null && <Stars rating={item.rating} />}
        {item.nps !== null && <span class="nps-answer">{t.npsAnswer(item.nps)}</span>}
        {visibility && <span class="visibility">{visibility}</span>}
      </p>
      <p class="where">
        {item.author.displayName} ·{' '}
        <time dateTime={item.createdAt} title={t.sent(formatTime(item.createdAt, locale))}>
          {formatAgo(item.createdAt, locale)}
        </time>
      </p>
      <div class="actions">
        <button type="button" class="quiet" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => setOpen(!open)}>
          {open ? t.hideDetails : t.details}
        </button>
        <button type="button" class="quiet" ref={changeButton} aria-expanded={changing} aria-controls={changing ? formId : undefined} onClick={() => setChanging(!changing)}>
          {t.changeStatus}
        </button>
      </div>
      {changing && (
        <StatusForm
          id={formId}
          api={api}
          item={item}
          space={space}
          loaded={loaded}
          onCancel={() => setChanging(false)}
          onDone={(said, moved) => {
            if (moved) focus.current = item.id;
            onDone(said);
            setChanging(false);
          }}
        />
      )}
      {open && <Details id={detailsId} api={api} item={item} loaded={loaded} />}
    </article>
  );
}

/**
 * The new status, an optional official reply, and for a duplicate the original. A merge reads
 * the original before and after, so the notice can say how many votes moved.
 */
function StatusForm({
  id,
  api,
  item,
  space,
  loaded,
  onCancel,
  onDone,
}: {
  id: string;
  api: Api;
  item: FeedbackItem;
  space: string;
  loaded: FeedbackItem[];
  onCancel: () => void;
  /** `moved`: the item changed status, so it shows again in another column. */
  onDone: (said: string, moved: boolean) => void;
}) {
  const t = useMessages(messages);
  const { session, feedback, ctx } = api;
  const [status, setStatus] = useState<FeedbackStatus>(item.status);
  const [reply, setReply] = useState('');
  const [originalId, setOriginalId] = useState('');
  const { busy, error, run } = useAction(session, ['feedback']);
  const select = useRef<HTMLSelectElement>(null);
  const name = nameOf(item);
  const problemId = `${id}-problem`;
  useEffect(() => select.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const text = reply.trim();
      const duplicateOf = status === 'duplicate' ? originalId.trim() : '';
      // The original as it stood, to count the votes the merge moves (a wrong id is the write's to report).
      const before = duplicateOf ? await feedback.getFeedback({ feedbackId: duplicateOf }, ctx).catch(() => null) : null;
      const changed = await feedback.setFeedbackStatus({ feedbackId: item.id, status, ...(text ? { reply: text } : {}), ...(duplicateOf ? { duplicateOf } : {}) }, ctx);
      let said: string;
      if (changed.status === 'duplicate' && changed.duplicateOf) {
        const original = await feedback.getFeedback({ feedbackId: changed.duplicateOf }, ctx);
        const moved = before?.id === original.id ? original.voteCount - before.voteCount : null;
        const votes = item.voteCount === 0 ? t.noVotesToMove : moved === null ? t.votesWent(item.voteCount) : t.votesMoved(moved, item.voteCount);
        said = t.merged(name, nameOf(original), votes, original.voteCount);
      } else if (changed.status === item.status && !text) {
        said = t.nothingChanged(name, t.statuses[item.status]);
      } else if (changed.status === item.status) {
        said = t.repliedOn(name, t.statuses[item.status]);
      } else {
        said = t.movedTo(name, t.statuses[changed.status], text !== '');
      }
      onDone(said, changed.status !== item.status);
    });
  };

  const originalIssues = issuesFor(error, 'duplicateOf');
  const replyIssues = issuesFor(error, 'reply');
  return (
    <form id={id} class="status-form" onSubmit={submit} aria-label={t.changeStatusOf(name)} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <label>
        {t.newStatus}
        <select ref={select} value={status} onChange={(e) => setStatus(e.currentTarget.value as FeedbackStatus)}>
          {FEEDBACK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t.statuses[s]}
              {s === item.status ? t.current : ''}
            </option>
          ))}
        </select>
      </label>
      {status === 'duplicate' && (
        <OriginalPicker
          api={api}
          item={item}
          space={space}
          loaded={loaded}
          value={originalId}
          onChange={setOriginalId}
          invalid={originalIssues.length > 0 ? problemId : null}
        />
      )}
      <label>
        {t.replyLabel}
        <textarea
          rows={4}
          value={reply}
          onInput={(e) => setReply(e.currentTarget.value)}
          {...(replyIssues.length > 0 ? { 'aria-invalid': true, 'aria-describedby': problemId } : {})}
        />
      </label>
      {error && (
        <p class="error" role="alert" id={problemId}>
          {error.message}
          {[...originalIssues, ...replyIssues].filter((m) => m !== error.message).map((m) => ` ${m}`)}
        </p>
      )}
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t.saving : t.save}
        </button>
        <button type="button" class="quiet" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

/**
 * Finding the original of a duplicate: a search over the items loaded (by title or text), the
 * server's "items like this one" until something is typed, or an id pasted as is.
 */
function OriginalPicker({
  api,
  item,
  space,
  loaded,
  value,
  onChange,
  invalid,
}: {
  api: Api;
  item: FeedbackItem;
  space: string;
  loaded: FeedbackItem[];
  value: string;
  onChange: (id: string) => void;
  invalid: string | null;
}) {
  const t = useMessages(messages);
  const { session, feedback, ctx } = api;
  const [query, setQuery] = useState('');
  const like = useQuery<FeedbackSuggestion[]>(session, ['feedback', 'similar', space, item.id], () =>
    feedback.similarFeedback({ text: `${item.title ?? ''} ${item.body}`.slice(0, 5000), space, limit: 5 }, ctx),
  );
  const wanted = query.trim().toLowerCase();
  // A duplicate's votes must land on a live item: other duplicates are not offered.
  const candidates = wanted
    ? loaded.filter((other) => other.id !== item.id && other.status !== 'duplicate' && `${other.title ?? ''} ${other.body}`.toLowerCase().includes(wanted)).slice(0, 8)
    : (like.data ?? []).map((s) => s.feedback).filter((other) => other.id !== item.id);
  const group = `${item.id}-original`;
  return (
    <fieldset class="original-picker">
      <legend>{t.originalItem}</legend>
      <label>
        {t.searchOthers}
        <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} autocomplete="off" />
      </label>
      {!wanted && like.error && (
        <p class="error" role="alert">
          {t.likeError(like.error.message)}
        </p>
      )}
      {candidates.length > 0 ? (
        <fieldset class="matches">
          <legend>{wanted ? t.matching : t.alike}</legend>
          {candidates.map((other) => (
            <label key={other.id}>
              <input type="radio" name={group} value={other.id} checked={value === other.id} onChange={() => onChange(other.id)} />
              <span>
                {nameOf(other)} <span class="muted">· {t.statuses[other.status]} · {t.votes(other.voteCount)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        wanted && <p class="muted">{t.noMatchPaste(query.trim())}</p>
      )}
      <label>
        {t.pasteId}
        <input value={value} onInput={(e) => onChange(e.currentTarget.value)} autocomplete="off" spellcheck={false} {...(invalid ? { 'aria-invalid': true, 'aria-describedby': invalid } : {})} />
      </label>
    </fieldset>
  );
}

// ——— Details ———

function Details({ id, api, item, loaded }: { id: string; api: Api; item: FeedbackItem; loaded: FeedbackItem[] }) {
  const t = useMessages(messages);
  const { session, feedback, ctx } = api;
  const detail = useQuery<FeedbackDetail>(session, ['feedback', 'detail', item.id], () => feedback.getFeedback({ feedbackId: item.id }, ctx));
  const d = detail.data;
  const titleOf = (otherId: string) => {
    const other = loaded.find((i) => i.id === otherId);
    return other ? t.quote(nameOf(other)) : otherId;
  };
  return (
    <div id={id} class="feedback-details">
      {detail.error && (
        <p class="error" role="alert">
          {detail.error.message}
        </p>
      )}
      {detail.loading && <p role="status">{t.loadingHistory}</p>}
      {d && (
        <>
          {/* The card shows at most the start of the text: the whole of it, when there is more. */}
          {(d.title ? clip(d.body, 160) : clip(d.body, 80)) !== d.body.trim() && <p class="body">{d.body}</p>}
          {d.pageUrl && (
            <p class="hint">
              {t.sentFrom}{' '}
              <a href={d.pageUrl} rel="noreferrer noopener" target="_blank">
                {d.pageTitle ?? d.pageUrl}
              </a>
            </p>
          )}
          {d.email && <p class="hint">{t.contact(d.email)}</p>}
          {d.duplicateOf && <p class="hint">{t.mergedInto(titleOf(d.duplicateOf))}</p>}
          <h4>{t.history}</h4>
          {d.history.length === 0 ? (
            <p class="muted">{t.noChanges}</p>
          ) : (
            <ol class="history">
              {d.history.map((change) => (
                <HistoryEntry key={change.id} change={change} titleOf={titleOf} />
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}

function HistoryEntry({ change, titleOf }: { change: FeedbackStatusChange; titleOf: (id: string) => string }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const what =
    change.from === change.to
      ? t.keptReplied(t.statuses[change.to])
      : t.movedFrom(t.statuses[change.from], t.statuses[change.to], change.duplicateOf ? titleOf(change.duplicateOf) : null);
  return (
    <li>
      <p>
        <time dateTime={change.at}>{formatTime(change.at, locale)}</time> · {change.actor.displayName} {what}
      </p>
      {change.reply && (
        <figure class="official-reply">
          <figcaption>{t.officialReply}</figcaption>
          <div class="reply-body">{change.reply}</div>
        </figure>
      )}
    </li>
  );
}
