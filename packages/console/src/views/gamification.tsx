import { useEffect, useRef, useState } from 'preact/hooks';
import {
  HearthError,
  localName,
  type BadgeCatalogueEntry,
  type CallContext,
  type CommunityAdapter,
  type CommunitySettings,
  type FieldIssue,
  type GamificationAdapter,
  type LeaderboardMove,
  type LeaderboardPreview,
  type Member,
  type PointsSettings,
} from '@hearth/protocol';
import { formatNumber, useLocale, useMessages, type Catalog, type Locale } from '../i18n.js';
import { MissingCapability } from '../missing-capability.js';
import type { ConsoleSession } from '../session.js';
import { useAction, useQuery } from '../use-query.js';
import './gamification.css';

/** The rules an admin prices, in the order the docs list them (streak bonuses have their own table). */
/** Settings as JSON with every object's keys in order, so two equal settings compare equal whatever order the server kept them in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const RULES = ['post', 'reply', 'answer', 'reaction_received', 'upvote_received', 'answer_accepted', 'check_in', 'feedback_planned', 'feedback_done', 'report_upheld'] as const;
type Rule = (typeof RULES)[number];

/** The boards a preview can be tried on. */
const PERIODS = ['week', 'month', 'all'] as const;
type Period = (typeof PERIODS)[number];

/** The languages a level is named in besides English. */
const LEVEL_LANGUAGES = ['zh-CN', 'zh-TW'] as const;

const en = {
  title: 'Gamification',
  offers: 'points, levels and badges',
  summary: 'What each action earns, the daily caps, check-in bonuses and levels. Preview how a change would reorder the leaderboard, then save.',
  refresh: 'Refresh',
  loading: 'Loading the points settings…',
  rulesTitle: 'Points rules',
  rule: 'Rule',
  when: 'When it earns',
  points: 'Points',
  ruleNames: {
    post: 'Post',
    reply: 'Reply',
    answer: 'Answer',
    reaction_received: 'Reaction received',
    upvote_received: 'Upvote received',
    answer_accepted: 'Answer accepted',
    check_in: 'Check-in',
    feedback_planned: 'Feedback planned',
    feedback_done: 'Feedback done',
    report_upheld: 'Report upheld',
  } as Record<Rule, string>,
  ruleMeanings: {
    post: 'A feed post or question is published (a held post earns when approved).',
    reply: 'A comment or a reply at any depth is published.',
    answer: "An answer is published; nothing for answering one's own question.",
    reaction_received: 'Another member reacts to your comment or post; taken back when they remove it.',
    upvote_received: 'Another member upvotes your question, answer or feedback; taken back on un-vote.',
    answer_accepted: 'Your answer is accepted; nothing for accepting your own.',
    check_in: 'The daily check-in.',
    feedback_planned: 'Your feedback moves to planned (once).',
    feedback_done: 'Your feedback moves to done (once).',
    report_upheld: 'A moderator upholds your report.',
  } as Record<Rule, string>,
  capsTitle: 'Daily caps',
  dailyCap: 'Most points a member earns by the rules in one day',
  dailyCapHint: 'Admin adjustments and bounties are outside the caps.',
  reactionDailyCap: 'Of those, most from reactions and upvotes received',
  bonusesTitle: 'Check-in streak bonuses',
  bonusesHint: 'A check-in that makes a streak of exactly this many days earns the bonus once.',
  noBonuses: 'No streak bonuses.',
  streakDays: 'Streak (days)',
  bonusPoints: 'Bonus points',
  bonusDays: (n: number) => `Bonus ${n} streak days`,
  bonusPointsOf: (n: number) => `Bonus ${n} points`,
  removeBonus: (n: number) => `Remove bonus ${n}`,
  addBonus: 'Add a streak bonus',
  levelsTitle: 'Levels',
  levelsHint: 'A member reaches a level at its lifetime points: the first level starts at 0, each next one needs more. Names left empty in Chinese show the English name.',
  level: 'Level',
  minPoints: 'Points needed',
  nameEn: 'Name (English)',
  nameIn: { 'zh-CN': 'Name (简体中文)', 'zh-TW': 'Name (繁體中文)' } as Record<(typeof LEVEL_LANGUAGES)[number], string>,
  levelMin: (n: number) => `Level ${n} points needed`,
  levelName: (n: number) => `Level ${n} name`,
  levelNameIn: (n: number, language: string) => `Level ${n} name in ${language}`,
  languageNames: { 'zh-CN': 'Simplified Chinese', 'zh-TW': 'Traditional Chinese' } as Record<(typeof LEVEL_LANGUAGES)[number], string>,
  removeLevel: (n: number) => `Remove level ${n}`,
  addLevel: 'Add a level',
  remove: 'Remove',
  previewTitle: 'Leaderboard preview',
  previewHint:
    'Saved rules apply to points earned from then on: the ledger is not rewritten. The preview shows the board had these settings applied this period, its entries re-priced and capped again; admin adjustments count as they are.',
  period: 'Period',
  periods: { week: 'This week', month: 'This month', all: 'All time' } as Record<Period, string>,
  preview: 'Preview changes',
  previewing: 'Working out the preview…',
  stale: 'The settings changed since this preview: preview again to see their effect.',
  unchanged: 'These are the saved settings: the board shows as it stands.',
  nobody: 'Nobody has points in this period yet.',
  moved: (n: number) => (n === 0 ? 'Nobody would move.' : n === 1 ? '1 member would move.' : `${formatNumber('en', n)} members would move.`),
  member: 'Member',
  now: 'Now',
  proposed: 'With these settings',
  change: 'Change',
  levelAfter: 'Level after saving',
  placing: (rank: number | null, points: number) => (rank === null ? 'not ranked' : `#${rank} · ${formatNumber('en', points)} pts`),
  up: (n: number) => `Up ${n}`,
  down: (n: number) => `Down ${n}`,
  isNew: 'new',
  isNewSpoken: 'New on the board',
  out: 'off',
  outSpoken: 'Off the board',
  same: 'Same place',
  pointsChange: (before: number, after: number) => `${formatNumber('en', before)} → ${formatNumber('en', after)}`,
  save: 'Save points settings',
  saving: 'Saving…',
  discard: 'Discard changes',
  saved: 'Saved. The new settings apply to points earned from now on.',
  nothingToSave: 'Nothing changed.',
  refused: 'The server did not accept these settings; nothing was saved:',
  checkFirst: 'Some values need fixing first:',
  enterNumber: 'Enter a number.',
  wholeNumber: 'Enter a whole number.',
  fieldOf: {
    dailyCap: 'Daily cap',
    reactionDailyCap: 'Reaction daily cap',
    bonus: (n: number, what: 'days' | 'points') => `Bonus ${n}, ${what === 'days' ? 'streak days' : 'points'}`,
    level: (n: number, what: string) => `Level ${n}, ${what === 'minPoints' ? 'points needed' : what === 'name' ? 'name' : what.startsWith('names.') ? `name (${what.slice(6)})` : what}`,
    levels: 'Levels',
    bonuses: 'Streak bonuses',
  },
  badgesTitle: 'Badges',
  badgesHint: 'Badges are awarded automatically when a member meets their criteria, each at most once; they stay once earned.',
  badge: 'Badge',
  criteria: 'Earned when',
  titleGranted: 'Title granted',
  holders: 'Members holding it',
  none: '—',
  loadingBadges: 'Loading the badges…',
};

type Messages = typeof en;

const messages: Catalog<Messages> = {
  en,
  'zh-CN': {
    title: '积分与等级',
    offers: '积分、等级和徽章',
    summary: '设置每种行为得多少积分、每日上限、签到奖励和等级。保存前可预览改动会如何改变排行榜。',
    refresh: '刷新',
    loading: '正在加载积分设置…',
    rulesTitle: '积分规则',
    rule: '规则',
    when: '何时得分',
    points: '积分',
    ruleNames: {
      post: '发帖',
      reply: '评论回复',
      answer: '回答',
      reaction_received: '收到表情回应',
      upvote_received: '收到点赞',
      answer_accepted: '回答被采纳',
      check_in: '签到',
      feedback_planned: '反馈列入计划',
      feedback_done: '反馈已完成',
      report_upheld: '举报被确认',
    },
    ruleMeanings: {
      post: '发布一篇动态帖子或提问（待审核的帖子在通过后计分）。',
      reply: '发布一条评论或任意层级的回复。',
      answer: '发布一个回答；回答自己的问题不计分。',
      reaction_received: '其他成员对你的评论或帖子做出表情回应；对方撤回时扣回。',
      upvote_received: '其他成员为你的问题、回答或反馈点赞；取消点赞时扣回。',
      answer_accepted: '你的回答被采纳；采纳自己的回答不计分。',
      check_in: '每日签到。',
      feedback_planned: '你的反馈被列入计划（仅一次）。',
      feedback_done: '你的反馈已完成（仅一次）。',
      report_upheld: '版主确认了你的举报。',
    },
    capsTitle: '每日上限',
    dailyCap: '每位成员每天按规则最多获得的积分',
    dailyCapHint: '管理员调整和悬赏不计入上限。',
    reactionDailyCap: '其中来自收到的表情回应和点赞的上限',
    bonusesTitle: '连续签到奖励',
    bonusesHint: '签到恰好达到连续天数时，额外获得一次奖励。',
    noBonuses: '没有连续签到奖励。',
    streakDays: '连续天数',
    bonusPoints: '奖励积分',
    bonusDays: (n) => `奖励 ${n} 的连续天数`,
    bonusPointsOf: (n) => `奖励 ${n} 的积分`,
    removeBonus: (n) => `删除奖励 ${n}`,
    addBonus: '添加连续签到奖励',
    levelsTitle: '等级',
    levelsHint: '成员的累计积分达到门槛即升到该等级：第一级从 0 开始，之后每级所需积分必须更多。中文名称留空时显示英文名称。',
    level: '等级',
    minPoints: '所需积分',
    nameEn: '名称（英文）',
    nameIn: { 'zh-CN': '名称（简体中文）', 'zh-TW': '名称（繁體中文）' },
    levelMin: (n) => `等级 ${n} 所需积分`,
    levelName: (n) => `等级 ${n} 名称`,
    levelNameIn: (n, language) => `等级 ${n} 的${language}名称`,
    languageNames: { 'zh-CN': '简体中文', 'zh-TW': '繁体中文' },
    removeLevel: (n) => `删除等级 ${n}`,
    addLevel: '添加等级',
    remove: '删除',
    previewTitle: '排行榜预览',
    previewHint: '保存后的规则只对此后获得的积分生效，已有积分记录不会被改写。预览显示的是：假如本周期一直按这些设置计分，排行榜会是什么样（各条记录按新规则重新计价并重新套用上限；管理员调整保持不变）。',
    period: '周期',
    periods: { week: '本周', month: '本月', all: '全部时间' },
    preview: '预览改动',
    previewing: '正在计算预览…',
    stale: '设置在这次预览之后又改过了：请重新预览查看效果。',
    unchanged: '这是已保存的设置：排行榜显示当前状态。',
    nobody: '这个周期还没有人获得积分。',
    moved: (n) => (n === 0 ? '没有人的名次会变化。' : `${formatNumber('zh-CN', n)} 位成员的名次会变化。`),
    member: '成员',
    now: '当前',
    proposed: '按这些设置',
    change: '变化',
    levelAfter: '保存后的等级',
    placing: (rank, points) => (rank === null ? '未上榜' : `第 ${rank} 名 · ${formatNumber('zh-CN', points)} 分`),
    up: (n) => `上升 ${n} 名`,
    down: (n) => `下降 ${n} 名`,
    isNew: '新上榜',
    isNewSpoken: '新上榜',
    out: '落榜',
    outSpoken: '跌出排行榜',
    same: '名次不变',
    pointsChange: (before, after) => `${formatNumber('zh-CN', before)} → ${formatNumber('zh-CN', after)}`,
    save: '保存积分设置',
    saving: '正在保存…',
    discard: '放弃改动',
    saved: '已保存。新设置对此后获得的积分生效。',
    nothingToSave: '没有改动。',
    refused: '服务器没有接受这些设置，未保存任何内容：',
    checkFirst: '请先修正以下数值：',
    enterNumber: '请输入数字。',
    wholeNumber: '请输入整数。',
    fieldOf: {
      dailyCap: '每日上限',
      reactionDailyCap: '表情回应每日上限',
      bonus: (n, what) => `奖励 ${n} 的${what === 'days' ? '连续天数' : '积分'}`,
      level: (n, what) => `等级 ${n} 的${what === 'minPoints' ? '所需积分' : what === 'name' ? '名称' : what.startsWith('names.') ? `名称（${what.slice(6)}）` : what}`,
      levels: '等级',
      bonuses: '连续签到奖励',
    },
    badgesTitle: '徽章',
    badgesHint: '成员达到条件时自动获得徽章，每种最多一次；获得后不会收回。',
    badge: '徽章',
    criteria: '获得条件',
    titleGranted: '授予头衔',
    holders: '拥有人数',
    none: '—',
    loadingBadges: '正在加载徽章…',
  },
  'zh-TW': {
    title: '積分與等級',
    offers: '積分、等級和徽章',
    summary: '設定每種行為得多少積分、每日上限、簽到獎勵和等級。儲存前可預覽變更會如何改變排行榜。',
    refresh: '重新整理',
    loading: '正在載入積分設定…',
    rulesTitle: '積分規則',
    rule: '規則',
    when: '何時得分',
    points: '積分',
    ruleNames: {
      post: '發文',
      reply: '留言回覆',
      answer: '回答',
      reaction_received: '收到表情回應',
      upvote_received: '收到按讚',
      answer_accepted: '回答被採納',
      check_in: '簽到',
      feedback_planned: '回饋列入計畫',
      feedback_done: '回饋已完成',
      report_upheld: '檢舉被確認',
    },
    ruleMeanings: {
      post: '發布一篇動態貼文或提問（待審核的貼文在通過後計分）。',
      reply: '發布一則留言或任意層級的回覆。',
      answer: '發布一個回答；回答自己的問題不計分。',
      reaction_received: '其他成員對你的留言或貼文做出表情回應；對方撤回時扣回。',
      upvote_received: '其他成員為你的問題、回答或回饋按讚；取消按讚時扣回。',
      answer_accepted: '你的回答被採納；採納自己的回答不計分。',
      check_in: '每日簽到。',
      feedback_planned: '你的回饋被列入計畫（僅一次）。',
      feedback_done: '你的回饋已完成（僅一次）。',
      report_upheld: '版主確認了你的檢舉。',
    },
    capsTitle: '每日上限',
    dailyCap: '每位成員每天依規則最多獲得的積分',
    dailyCapHint: '管理員調整和懸賞不計入上限。',
    reactionDailyCap: '其中來自收到的表情回應和按讚的上限',
    bonusesTitle: '連續簽到獎勵',
    bonusesHint: '簽到恰好達到連續天數時，額外獲得一次獎勵。',
    noBonuses: '沒有連續簽到獎勵。',
    streakDays: '連續天數',
    bonusPoints: '獎勵積分',
    bonusDays: (n) => `獎勵 ${n} 的連續天數`,
    bonusPointsOf: (n) => `獎勵 ${n} 的積分`,
    removeBonus: (n) => `刪除獎勵 ${n}`,
    addBonus: '新增連續簽到獎勵',
    levelsTitle: '等級',
    levelsHint: '成員的累計積分達到門檻即升到該等級：第一級從 0 開始，之後每級所需積分必須更多。中文名稱留空時顯示英文名稱。',
    level: '等級',
    minPoints: '所需積分',
    nameEn: '名稱（英文）',
    nameIn: { 'zh-CN': '名稱（简体中文）', 'zh-TW': '名稱（繁體中文）' },
    levelMin: (n) => `等級 ${n} 所需積分`,
    levelName: (n) => `等級 ${n} 名稱`,
    levelNameIn: (n, language) => `等級 ${n} 的${language}名稱`,
    languageNames: { 'zh-CN': '簡體中文', 'zh-TW': '繁體中文' },
    removeLevel: (n) => `刪除等級 ${n}`,
    addLevel: '新增等級',
    remove: '刪除',
    previewTitle: '排行榜預覽',
    previewHint: '儲存後的規則只對此後獲得的積分生效，既有積分紀錄不會被改寫。預覽顯示的是：假如本週期一直依這些設定計分，排行榜會是什麼樣子（各筆紀錄依新規則重新計價並重新套用上限；管理員調整維持不變）。',
    period: '週期',
    periods: { week: '本週', month: '本月', all: '全部時間' },
    preview: '預覽變更',
    previewing: '正在計算預覽…',
    stale: '設定在這次預覽之後又改過了：請重新預覽查看效果。',
    unchanged: '這是已儲存的設定：排行榜顯示目前狀態。',
    nobody: '這個週期還沒有人獲得積分。',
    moved: (n) => (n === 0 ? '沒有人的名次會變動。' : `${formatNumber('zh-TW', n)} 位成員的名次會變動。`),
    member: '成員',
    now: '目前',
    proposed: '依這些設定',
    change: '變動',
    levelAfter: '儲存後的等級',
    placing: (rank, points) => (rank === null ? '未上榜' : `第 ${rank} 名 · ${formatNumber('zh-TW', points)} 分`),
    up: (n) => `上升 ${n} 名`,
    down: (n) => `下降 ${n} 名`,
    isNew: '新上榜',
    isNewSpoken: '新上榜',
    out: '落榜',
    outSpoken: '跌出排行榜',
    same: '名次不變',
    pointsChange: (before, after) => `${formatNumber('zh-TW', before)} → ${formatNumber('zh-TW', after)}`,
    save: '儲存積分設定',
    saving: '正在儲存…',
    discard: '捨棄變更',
    saved: '已儲存。新設定對此後獲得的積分生效。',
    nothingToSave: '沒有變更。',
    refused: '伺服器沒有接受這些設定，未儲存任何內容：',
    checkFirst: '請先修正以下數值：',
    enterNumber: '請輸入數字。',
    wholeNumber: '請輸入整數。',
    fieldOf: {
      dailyCap: '每日上限',
      reactionDailyCap: '表情回應每日上限',
      bonus: (n, what) => `獎勵 ${n} 的${what === 'days' ? '連續天數' : '積分'}`,
      level: (n, what) => `等級 ${n} 的${what === 'minPoints' ? '所需積分' : what === 'name' ? '名稱' : what.startsWith('names.') ? `名稱（${what.slice(6)}）` : what}`,
      levels: '等級',
      bonuses: '連續簽到獎勵',
    },
    badgesTitle: '徽章',
    badgesHint: '成員達到條件時自動獲得徽章，每種最多一次；獲得後不會收回。',
    badge: '徽章',
    criteria: '獲得條件',
    titleGranted: '授予頭銜',
    holders: '擁有人數',
    none: '—',
    loadingBadges: '正在載入徽章…',
  },
};

/** What every part of the view talks through. */
interface Api {
  session: ConsoleSession;
  community: CommunityAdapter;
  gamification: GamificationAdapter;
  ctx: CallContext;
}

/**
 * The gamification view, for admins: the points rules with what each means, the daily caps,
 * check-in streak bonuses and levels, a preview of how the proposed settings would reorder a
 * period's leaderboard, the save, and the badge catalogue with how many members hold each.
 */
export function Gamification({ session }: { session: ConsoleSession }) {
  const t = useMessages(messages);
  const { community, gamification } = session.client.adapter;
  if (!gamification) return <MissingCapability title={t.title} capability="gamification" offers={t.offers} />;
  if (!community) return <MissingCapability title={t.title} capability="community" offers={t.offers} />;
  return <GamificationView api={{ session, community, gamification, ctx: { viewer: session.client.viewer } }} />;
}

// ——— The draft: the form's values as typed ———

interface Draft {
  rules: Record<Rule, string>;
  dailyCap: string;
  reactionDailyCap: string;
  streakBonuses: Array<{ key: number; days: string; points: string }>;
  levels: Array<{ key: number; minPoints: string; name: string; names: Record<string, string> }>;
}

let rowKeys = 0;

function draftOf(points: PointsSettings): Draft {
  return {
    rules: Object.fromEntries(RULES.map((rule) => [rule, String(points.rules[rule] ?? 0)])) as Record<Rule, string>,
    dailyCap: String(points.dailyCap),
    reactionDailyCap: String(points.reactionDailyCap),
    streakBonuses: points.streakBonuses.map((b) => ({ key: ++rowKeys, days: String(b.days), points: String(b.points) })),
    levels: points.levels.map((l) => ({ key: ++rowKeys, minPoints: String(l.minPoints), name: l.name, names: { ...l.names } })),
  };
}

/**
 * The settings a draft stands for, or the values to fix first (a number left empty or not
 * whole), each under the path the server would name it by (`points.levels.1.minPoints`).
 */
function proposalOf(draft: Draft, t: Messages): { points: PointsSettings; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const number = (text: string, path: string) => {
    const trimmed = text.trim();
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value)) issues.push({ path, message: t.enterNumber });
    else if (!Number.isInteger(value)) issues.push({ path, message: t.wholeNumber });
    return value;
  };
  const points: PointsSettings = {
    rules: Object.fromEntries(RULES.map((rule) => [rule, number(draft.rules[rule], `points.rules.${rule}`)])),
    dailyCap: number(draft.dailyCap, 'points.dailyCap'),
    reactionDailyCap: number(draft.reactionDailyCap, 'points.reactionDailyCap'),
    streakBonuses: draft.streakBonuses.map((b, i) => ({ days: number(b.days, `points.streakBonuses.${i}.days`), points: number(b.points, `points.streakBonuses.${i}.points`) })),
    levels: draft.levels.map((l, i) => {
      // An empty Chinese name falls back to the English one, so it is left out rather than saved empty.
      const names = Object.fromEntries(Object.entries(l.names).flatMap(([lang, name]) => (name.trim() ? [[lang, name.trim()]] : [])));
      return { level: i + 1, minPoints: number(l.minPoints, `points.levels.${i}.minPoints`), name: l.name.trim(), names };
    }),
  };
  return { points, issues };
}

/** The issues at one field (or below it). */
function issuesAt(error: HearthError | null, path: string): string[] {
  return (error?.details.issues ?? []).filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`)).map((issue) => issue.message);
}

/** A field path as the operator reads it (`points.levels.1.minPoints` → "Level 2, points needed"). */
function fieldName(path: string, t: Messages): string {
  const parts = path.split('.');
  if (parts[0] !== 'points') return path;
  const [, group, index, ...rest] = parts;
  if (group === 'rules' && index && (RULES as readonly string[]).includes(index)) return t.ruleNames[index as Rule];
  if (group === 'rules' && index) return index;
  if (group === 'dailyCap') return t.fieldOf.dailyCap;
  if (group === 'reactionDailyCap') return t.fieldOf.reactionDailyCap;
  if (group === 'streakBonuses') return index === undefined ? t.fieldOf.bonuses : t.fieldOf.bonus(Number(index) + 1, rest[0] === 'days' ? 'days' : 'points');
  if (group === 'levels') return index === undefined ? t.fieldOf.levels : t.fieldOf.level(Number(index) + 1, rest.join('.'));
  return path;
}

/** The props a field takes from the errors: marked invalid and described by its messages. */
function fieldProps(error: HearthError | null, path: string) {
  return issuesAt(error, path).length > 0 ? { 'aria-invalid': true as const, 'aria-describedby': errorId(path) } : {};
}

function errorId(path: string): string {
  return `gamification-error-${path.replace(/\./g, '-')}`;
}

/** The messages for one field, beside it; the id its input points at. */
function FieldError({ error, path }: { error: HearthError | null; path: string }) {
  const issues = issuesAt(error, path);
  if (issues.length === 0) return null;
  return (
    <span class="field-error error" id={errorId(path)}>
      {issues.join(' ')}
    </span>
  );
}

// ——— The view ———

function GamificationView({ api }: { api: Api }) {
  const t = useMessages(messages);
  const { session, community, ctx } = api;
  const settings = useQuery<CommunitySettings>(session, ['gamification', 'settings'], () => community.getSettings({}, ctx));
  return (
    <section aria-labelledby="gamification-title" class="gamification">
      <div class="view-head">
        <h1 id="gamification-title">{t.title}</h1>
        <p class="summary">{t.summary}</p>
        <button type="button" class="quiet" onClick={() => settings.refetch()}>
          {t.refresh}
        </button>
      </div>
      {settings.error && (
        <p class="error" role="alert">
          {settings.error.message}
        </p>
      )}
      {settings.loading && <p role="status">{t.loading}</p>}
      {settings.data && <PointsEditor api={api} saved={settings.data.points} />}
      <BadgeCatalogue api={api} />
    </section>
  );
}

function PointsEditor({ api, saved }: { api: Api; saved: PointsSettings }) {
  const t = useMessages(messages);
  const { session, community, ctx } = api;
  const [edited, setEdited] = useState<Draft | null>(null);
  const draft = edited ?? draftOf(saved);
  const [notice, setNotice] = useState('');
  const { busy, error, run, setError } = useAction(session, ['gamification']);
  const [period, setPeriod] = useState<Period>('week');
  // What the preview shows: the proposal last asked for (the saved settings until then).
  const [asked, setAsked] = useState<PointsSettings | null>(null);
  const focusAfter = useRef<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!focusAfter.current) return;
    form.current?.querySelector<HTMLElement>(focusAfter.current)?.focus();
    focusAfter.current = null;
  });

  const change = (next: Draft) => {
    setEdited(next);
    setNotice('');
  };
  const proposal = proposalOf(draft, t);
  const dirty = JSON.stringify(proposal.points) !== JSON.stringify(proposalOf(draftOf(saved), t).points);

  /** The proposal, or null after showing what to fix first. */
  const checked = (): PointsSettings | null => {
    if (proposal.issues.length > 0) {
      setError(new HearthError('validation', t.checkFirst, { issues: proposal.issues, local: true }));
      return null;
    }
    return proposal.points;
  };

  const previewNow = () => {
    setNotice('');
    const points = checked();
    if (!points) return;
    setError(null);
    setAsked(points);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const points = checked();
    if (!points) return;
    if (!dirty) {
      setError(null);
      setNotice(t.nothingToSave);
      return;
    }
    await run(async () => {
      await community.updateSettings({ points }, ctx);
      setEdited(null);
      setAsked(null);
      setNotice(t.saved);
    });
  };

  const setRule = (rule: Rule, value: string) => change({ ...draft, rules: { ...draft.rules, [rule]: value } });
  const setBonus = (i: number, patch: Partial<Draft['streakBonuses'][number]>) => change({ ...draft, streakBonuses: draft.streakBonuses.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  const setLevel = (i: number, patch: Partial<Draft['levels'][number]>) => change({ ...draft, levels: draft.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const addBonus = () => {
    const longest = Math.max(0, ...draft.streakBonuses.map((b) => Number(b.days) || 0));
    focusAfter.current = `#bonus-days-${draft.streakBonuses.length}`;
    change({ ...draft, streakBonuses: [...draft.streakBonuses, { key: ++rowKeys, days: String(longest > 0 ? longest * 2 : 7), points: '5' }] });
  };
  const removeBonus = (i: number) => {
    focusAfter.current = '#add-bonus';
    change({ ...draft, streakBonuses: draft.streakBonuses.filter((_, j) => j !== i) });
  };
  const addLevel = () => {
    const top = Math.max(0, ...draft.levels.map((l) => Number(l.minPoints) || 0));
    focusAfter.current = `#level-name-${draft.levels.length}`;
    change({ ...draft, levels: [...draft.levels, { key: ++rowKeys, minPoints: String(top > 0 ? top * 2 : 50), name: '', names: {} }] });
  };
  const removeLevel = (i: number) => {
    focusAfter.current = '#add-level';
    change({ ...draft, levels: draft.levels.filter((_, j) => j !== i) });
  };

  const local = error?.details.local === true;
  const summaryIssues = error?.details.issues ?? [];
  return (
    <form ref={form} onSubmit={save} noValidate aria-labelledby="gamification-title" class="points-editor">
      <section aria-labelledby="rules-title">
        <h2 id="rules-title">{t.rulesTitle}</h2>
        <table class="rules">
          <thead>
            <tr>
              <th scope="col">{t.rule}</th>
              <th scope="col">{t.when}</th>
              <th scope="col">{t.points}</th>
            </tr>
          </thead>
          <tbody>
            {RULES.map((rule) => {
              const path = `points.rules.${rule}`;
              const invalid = fieldProps(error, path);
              return (
                <tr key={rule}>
                  <th scope="row" id={`rule-${rule}`}>
                    {t.ruleNames[rule]} <code class="muted">{rule}</code>
                  </th>
                  <td id={`rule-${rule}-meaning`}>{t.ruleMeanings[rule]}</td>
                  <td>
                    <input
                      type="number"
                      step={1}
                      inputMode="numeric"
                      value={draft.rules[rule]}
                      onInput={(e) => setRule(rule, e.currentTarget.value)}
                      aria-label={t.ruleNames[rule]}
                      {...invalid}
                      aria-describedby={[`rule-${rule}-meaning`, invalid['aria-describedby']].filter(Boolean).join(' ')}
                    />
                    <FieldError error={error} path={path} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="caps-title">
        <h2 id="caps-title">{t.capsTitle}</h2>
        <div class="caps">
          <label>
            {t.dailyCap}
            <input type="number" step={1} min={0} inputMode="numeric" value={draft.dailyCap} onInput={(e) => change({ ...draft, dailyCap: e.currentTarget.value })} {...fieldProps(error, 'points.dailyCap')} />
            <FieldError error={error} path="points.dailyCap" />
          </label>
          <label>
            {t.reactionDailyCap}
            <input
              type="number"
              step={1}
              min={0}
              inputMode="numeric"
              value={draft.reactionDailyCap}
              onInput={(e) => change({ ...draft, reactionDailyCap: e.currentTarget.value })}
              {...fieldProps(error, 'points.reactionDailyCap')}
            />
            <FieldError error={error} path="points.reactionDailyCap" />
          </label>
        </div>
        <p class="hint">{t.dailyCapHint}</p>
      </section>

      <section aria-labelledby="bonuses-title">
        <h2 id="bonuses-title">{t.bonusesTitle}</h2>
        <p class="hint">{t.bonusesHint}</p>
        {draft.streakBonuses.length === 0 ? (
          <p class="muted">{t.noBonuses}</p>
        ) : (
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">{t.streakDays}</th>
                <th scope="col">{t.bonusPoints}</th>
                <th scope="col">
                  <span class="visually-hidden">{t.remove}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.streakBonuses.map((bonus, i) => (
                <tr key={bonus.key}>
                  <td>
                    <input
                      id={`bonus-days-${i}`}
                      type="number"
                      step={1}
                      min={2}
                      inputMode="numeric"
                      value={bonus.days}
                      onInput={(e) => setBonus(i, { days: e.currentTarget.value })}
                      aria-label={t.bonusDays(i + 1)}
                      {...fieldProps(error, `points.streakBonuses.${i}.days`)}
                    />
                    <FieldError error={error} path={`points.streakBonuses.${i}.days`} />
                  </td>
                  <td>
                    <input
                      type="number"
                      step={1}
                      inputMode="numeric"
                      value={bonus.points}
                      onInput={(e) => setBonus(i, { points: e.currentTarget.value })}
                      aria-label={t.bonusPointsOf(i + 1)}
                      {...fieldProps(error, `points.streakBonuses.${i}.points`)}
                    />
                    <FieldError error={error} path={`points.streakBonuses.${i}.points`} />
                  </td>
                  <td>
                    <button type="button" class="quiet" onClick={() => removeBonus(i)} aria-label={t.removeBonus(i + 1)}>
                      {t.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <FieldError error={error} path="points.streakBonuses" />
        <button type="button" class="quiet" id="add-bonus" onClick={addBonus}>
          {t.addBonus}
        </button>
      </section>

      <section aria-labelledby="levels-title">
        <h2 id="levels-title">{t.levelsTitle}</h2>
        <p class="hint">{t.levelsHint}</p>
        <table class="rows">
          <thead>
            <tr>
              <th scope="col">{t.level}</th>
              <th scope="col">{t.minPoints}</th>
              <th scope="col">{t.nameEn}</th>
              {LEVEL_LANGUAGES.map((lang) => (
                <th scope="col" key={lang}>
                  {t.nameIn[lang]}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">{t.remove}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.levels.map((level, i) => {
              const n = i + 1;
              return (
                <tr key={level.key}>
                  <th scope="row">{n}</th>
                  <td>
                    <input
                      type="number"
                      step={1}
                      min={0}
                      inputMode="numeric"
                      value={level.minPoints}
                      onInput={(e) => setLevel(i, { minPoints: e.currentTarget.value })}
                      aria-label={t.levelMin(n)}
                      {...fieldProps(error, `points.levels.${i}.minPoints`)}
                    />
                    <FieldError error={error} path={`points.levels.${i}.minPoints`} />
                  </td>
                  <td>
                    <input
                      id={`level-name-${i}`}
                      value={level.name}
                      maxLength={40}
                      onInput={(e) => setLevel(i, { name: e.currentTarget.value })}
                      aria-label={t.levelName(n)}
                      autocomplete="off"
                      {...fieldProps(error, `points.levels.${i}.name`)}
                    />
                    <FieldError error={error} path={`points.levels.${i}.name`} />
                  </td>
                  {LEVEL_LANGUAGES.map((lang) => (
                    <td key={lang}>
                      <input
                        lang={lang}
                        value={level.names[lang] ?? ''}
                        maxLength={40}
                        onInput={(e) => setLevel(i, { names: { ...level.names, [lang]: e.currentTarget.value } })}
                        aria-label={t.levelNameIn(n, t.languageNames[lang])}
                        placeholder={level.name}
                        autocomplete="off"
                        {...fieldProps(error, `points.levels.${i}.names.${lang}`)}
                      />
                      <FieldError error={error} path={`points.levels.${i}.names.${lang}`} />
                    </td>
                  ))}
                  <td>
                    {draft.levels.length > 1 && (
                      <button type="button" class="quiet" onClick={() => removeLevel(i)} aria-label={t.removeLevel(n)}>
                        {t.remove}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" class="quiet" id="add-level" onClick={addLevel}>
          {t.addLevel}
        </button>
      </section>

      <Preview api={api} period={period} onPeriod={setPeriod} asked={asked ?? saved} isSaved={asked === null} current={proposal.points} onPreview={previewNow} />

      {error && (
        <div class="error" role="alert" id="points-problem">
          <p>{local ? t.checkFirst : summaryIssues.length > 0 ? t.refused : error.message}</p>
          {summaryIssues.length > 0 && (
            <ul>
              {summaryIssues.map((issue) => (
                <li key={issue.path}>
                  {fieldName(issue.path, t)}: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="actions">
        <button type="submit" aria-disabled={busy} aria-describedby={error ? 'points-problem' : undefined}>
          {busy ? t.saving : t.save}
        </button>
        {edited && (
          <button
            type="button"
            class="quiet"
            onClick={() => {
              setEdited(null);
              setError(null);
              setAsked(null);
              setNotice('');
            }}
          >
            {t.discard}
          </button>
        )}
      </div>
      <p role="status" class="hint">
        {notice}
      </p>
    </form>
  );
}

// ——— The preview ———

function Preview({
  api,
  period,
  onPeriod,
  asked,
  isSaved,
  current,
  onPreview,
}: {
  api: Api;
  period: Period;
  onPeriod: (period: Period) => void;
  asked: PointsSettings;
  isSaved: boolean;
  current: PointsSettings;
  onPreview: () => void;
}) {
  const t = useMessages(messages);
  const { session, gamification, ctx } = api;
  const preview = useQuery<LeaderboardPreview>(session, ['gamification', 'preview', period, asked], () =>
    gamification.previewLeaderboard({ points: asked, period, limit: 20 }, ctx),
  );
  const stale = canonical(current) !== canonical(asked);
  // With nothing proposed the board shows as it stands: the saved rules re-pricing the period's
  // earlier entries would be a what-if, not the board members see.
  const raw = preview.data;
  const data = raw && isSaved ? { ...raw, proposed: raw.current, moves: raw.moves.filter((m) => m.now.rank !== null).map((m) => ({ ...m, proposed: m.now })).sort((a, b) => (a.now.rank ?? 0) - (b.now.rank ?? 0)) } : raw;
  const members = new Map<string, Member>();
  for (const row of [...(data?.current ?? []), ...(data?.proposed ?? [])]) members.set(row.member.id, row.member);
  const movedCount = data ? data.moves.filter((m) => m.now.rank !== m.proposed.rank).length : 0;
  return (
    <section aria-labelledby="preview-title" class="preview">
      <h2 id="preview-title">{t.previewTitle}</h2>
      <p class="hint" id="preview-hint">
        {t.previewHint}
      </p>
      <div class="actions preview-controls">
        <label>
          {t.period}
          <select value={period} onChange={(e) => onPeriod(e.currentTarget.value as Period)}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t.periods[p]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={onPreview} aria-describedby="preview-hint">
          {t.preview}
        </button>
      </div>
      <p role="status" class="preview-status">
        {preview.loading ? t.previewing : data ? (stale ? t.stale : isSaved ? t.unchanged : t.moved(movedCount)) : ''}
      </p>
      {preview.error && (
        <p class="error" role="alert">
          {preview.error.message}
        </p>
      )}
      {data && data.moves.length === 0 && <p class="muted">{t.nobody}</p>}
      {data && data.moves.length > 0 && (
        <table aria-labelledby="preview-title" class={stale ? 'preview-table stale' : 'preview-table'}>
          <thead>
            <tr>
              <th scope="col">{t.member}</th>
              <th scope="col">{t.now}</th>
              <th scope="col">{t.proposed}</th>
              <th scope="col">{t.change}</th>
              <th scope="col">{t.points}</th>
              <th scope="col">{t.levelAfter}</th>
            </tr>
          </thead>
          <tbody>
            {data.moves.map((move) => (
              <MoveRow key={move.memberId} move={move} member={members.get(move.memberId)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MoveRow({ move, member }: { move: LeaderboardMove; member: Member | undefined }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { now, proposed } = move;
  let shown: string;
  let spoken: string;
  let tone: string;
  if (now.rank === null) [shown, spoken, tone] = [t.isNew, t.isNewSpoken, 'up'];
  else if (proposed.rank === null) [shown, spoken, tone] = [t.out, t.outSpoken, 'down'];
  else if (proposed.rank < now.rank) [shown, spoken, tone] = [`↑${now.rank - proposed.rank}`, t.up(now.rank - proposed.rank), 'up'];
  else if (proposed.rank > now.rank) [shown, spoken, tone] = [`↓${proposed.rank - now.rank}`, t.down(proposed.rank - now.rank), 'down'];
  else [shown, spoken, tone] = ['—', t.same, 'same'];
  return (
    <tr>
      <th scope="row">{member?.displayName ?? move.memberId}</th>
      <td>{t.placing(now.rank, now.points)}</td>
      <td>{t.placing(proposed.rank, proposed.points)}</td>
      <td class={`move ${tone}`}>
        <span aria-hidden="true">{shown}</span>
        <span class="visually-hidden">{spoken}</span>
      </td>
      <td>{t.pointsChange(now.points, proposed.points)}</td>
      <td>{levelLabel(move.level, locale)}</td>
    </tr>
  );
}

function levelLabel(level: LeaderboardMove['level'], locale: Locale): string {
  return `${formatNumber(locale, level.level)} · ${localName(level, locale)}`;
}

// ——— Badges ———

function BadgeCatalogue({ api }: { api: Api }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, gamification, ctx } = api;
  const catalogue = useQuery<BadgeCatalogueEntry[]>(session, ['gamification', 'badges'], () => gamification.badgeCatalogue({}, ctx));
  const criteria = (badge: BadgeCatalogueEntry) => (locale === 'en' ? badge.criteria : (badge.criteriaNames[locale] ?? badge.criteria));
  return (
    <section aria-labelledby="badges-title">
      <h2 id="badges-title">{t.badgesTitle}</h2>
      <p class="hint">{t.badgesHint}</p>
      {catalogue.error && (
        <p class="error" role="alert">
          {catalogue.error.message}
        </p>
      )}
      {catalogue.loading && <p role="status">{t.loadingBadges}</p>}
      {catalogue.data && (
        <table aria-labelledby="badges-title">
          <thead>
            <tr>
              <th scope="col">{t.badge}</th>
              <th scope="col">{t.criteria}</th>
              <th scope="col">{t.titleGranted}</th>
              <th scope="col">{t.holders}</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.data.map((badge) => (
              <tr key={badge.badge}>
                <th scope="row">
                  {localName(badge, locale)} <code class="muted">{badge.badge}</code>
                </th>
                <td>{criteria(badge)}</td>
                <td>{badge.title ? localName(badge.title, locale) : t.none}</td>
                <td>{formatNumber(locale, badge.holders)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
