import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { METRICS_MAX_DAYS, type AnalyticsAdapter, type CallContext, type CommunityInfo, type HearthError, type Metrics, type MetricsInput, type ReplyTimes } from '@hearth/protocol';
import { issuesFor } from '../form-errors.js';
import { formatNumber, formatPercent, useLocale, useMessages, type Catalog, type Locale } from '../i18n.js';
import { MissingCapability } from '../missing-capability.js';
import type { ConsoleSession } from '../session.js';
import { formatAge } from '../time.js';
import { invalidate, toError, useQuery } from '../use-query.js';
import type { ChartHandle, ChartSeries, ChartSpec } from './analytics-chart.js';
import { csvFile, csvFileName, metricsSections, type CsvLabels } from './analytics-csv.js';
import './analytics.css';

// ——— Strings ———

const STATUS_EN: Record<string, string> = {
  open: 'Open',
  under_review: 'Under review',
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  declined: 'Declined',
  duplicate: 'Duplicate',
};
const STATUS_CN: Record<string, string> = { open: '待处理', under_review: '评估中', planned: '已计划', in_progress: '进行中', done: '已完成', declined: '已拒绝', duplicate: '重复' };
const STATUS_TW: Record<string, string> = { open: '待處理', under_review: '評估中', planned: '已規劃', in_progress: '進行中', done: '已完成', declined: '已婉拒', duplicate: '重複' };

const csvEn: CsvLabels = {
  report: 'Hearth analytics',
  community: 'Community',
  from: 'From',
  to: 'To',
  timeZone: 'Time zone',
  variant: 'Variant',
  everyMember: 'Every member',
  noVariant: 'No variant',
  perDay: 'Per day',
  day: 'Day',
  dau: 'Daily active members',
  wau: 'Weekly active members',
  mau: 'Monthly active members',
  newMembers: 'New members',
  posts: 'Posts',
  replies: 'Replies',
  reactions: 'Reactions',
  totals: 'Totals',
  measure: 'Measure',
  value: 'Value',
  activeMembers: 'Active members',
  events: 'Events',
  retention: 'Retention by join week',
  week: 'Week of',
  members: 'Members',
  eligible: (n) => `Day ${n} eligible`,
  retained: (n) => `Day ${n} retained`,
  rate: (n) => `Day ${n} rate`,
  responses: 'Responses',
  openers: 'Conversation openers',
  zeroReply: 'With no reply',
  zeroReplyRate: 'Zero-reply rate',
  withinTargetRate: 'Answered within target',
  targetMinutes: 'First-response target (minutes)',
  firstReplies: 'Openers with a first reply',
  firstReplyMedian: 'First reply, median (minutes)',
  firstReplyP90: 'First reply, 90th percentile (minutes)',
  firstStaffReplies: 'Openers with a staff reply',
  firstStaffReplyMedian: 'First staff reply, median (minutes)',
  firstStaffReplyP90: 'First staff reply, 90th percentile (minutes)',
  feedbackByStatus: 'Feedback by status (now)',
  status: 'Status',
  count: 'Count',
  statusName: (s) => STATUS_EN[s] ?? s,
  polls: 'Polls',
  poll: 'Poll',
  question: 'Question',
  ballots: 'Ballots',
  voters: 'Voters',
  allPolls: 'Any poll',
  participation: 'Participation (share of active members)',
  topContributors: 'Top contributors',
  member: 'Member',
  memberId: 'Member id',
  points: 'Points',
  topTopics: 'Top topics',
  topic: 'Topic',
  variants: 'Experiment variants',
};

const en = {
  title: 'Analytics',
  summary: (tz: string) => `How the community is doing over a range of days: activity, growth, retention, response times, feedback, polls and contributors. Days are in the community's time zone, ${tz}.`,
  refresh: 'Refresh',
  rangeForm: 'Report range',
  from: 'From',
  to: 'To',
  show: 'Show',
  presets: 'Quick ranges',
  lastDays: (n: number) => `Last ${n} days`,
  variant: 'Experiment variant',
  everyMember: 'Every member',
  exportCsv: 'Export CSV',
  exported: (file: string) => `Downloaded ${file}.`,
  clamped: (max: number, from: string) => `A report covers at most ${max} days, so it starts on ${from}.`,
  loading: 'Loading the numbers…',
  showing: (from: string, to: string, variant: string | null) => `Showing ${from} to ${to}${variant ? `, variant ${variant}` : ''}.`,
  notLoaded: 'The numbers could not be loaded:',
  problem: 'This range was not shown:',
  showData: 'Show data',
  chartsFailed: 'The charts could not be loaded; the data tables below each one still have the numbers.',
  day: 'Day',
  // Overview
  overview: 'At a glance',
  activeMembers: 'Active members',
  activeHint: 'active on any day of the range',
  wau: 'Weekly active',
  wauHint: (to: string) => `in the 7 days to ${to}`,
  mau: 'Monthly active',
  mauHint: (to: string) => `in the 30 days to ${to}`,
  newMembers: 'New members',
  posts: 'Posts',
  replies: 'Replies',
  reactions: 'Reactions',
  // Activity
  activity: 'Activity',
  activeChart: 'Active members per day',
  dau: 'Daily',
  wauShort: 'Weekly',
  mauShort: 'Monthly',
  activeSummary: (peak: string, peakDay: string, dau: string, wau: string, mau: string) =>
    `Active members per day: daily active members peaked at ${peak} on ${peakDay}; on the last day ${dau} were active that day, ${wau} in the week and ${mau} in the month.`,
  newChart: 'New members per day',
  newSummary: (total: string, peak: string, peakDay: string) => `New members per day: ${total} in all, most on ${peakDay} (${peak}).`,
  contentChart: 'Posts, replies and reactions per day',
  contentSummary: (posts: string, replies: string, reactions: string, peakDay: string, peak: string) =>
    `Posts, replies and reactions per day: ${posts} posts, ${replies} replies and ${reactions} reactions in all; the busiest day was ${peakDay} with ${peak}.`,
  // Retention
  retention: 'Retention',
  retentionHint: 'Members who joined in each week of the range, and the share of them active again on exactly day 1, 7 and 30 after joining. A blank cell: that day has not passed for any of them yet.',
  retentionTable: 'Retention by join week: share active on day 1, 7 and 30',
  weekOf: 'Joined in the week of',
  joined: 'Joined',
  dayN: (n: number) => `Day ${n}`,
  ofEligible: (retained: string, eligible: string) => `${retained} of ${eligible}`,
  notYet: 'not yet',
  noCohorts: 'Nobody joined in this range.',
  // Responses
  responses: 'Responses',
  zeroReplyRate: 'Zero-reply rate',
  zeroReplyHint: (zero: string, openers: string) => `${zero} of ${openers} conversation openers have no reply`,
  withinTarget: 'Answered within target',
  withinTargetHint: (target: string) => `first reply within ${target}`,
  noOpeners: 'no conversation started in this range',
  replyTimes: 'Time to first reply',
  replyTimesSummary: (reply: string, staff: string) => `Time to first reply: median ${reply}; to the first staff reply: median ${staff}.`,
  measure: 'Measure',
  time: 'Time',
  answered: 'Answered',
  firstReplyMedian: 'First reply, median',
  firstReplyP90: 'First reply, 90th percentile',
  staffReplyMedian: 'First staff reply, median',
  staffReplyP90: 'First staff reply, 90th percentile',
  none: 'none yet',
  underSecond: 'under 1 s',
  // Feedback and polls
  feedback: 'Feedback by status',
  feedbackHint: 'The board as it stands now: neither the range nor the variant applies.',
  feedbackSummary: (total: string) => `Feedback by status: ${total} published items now.`,
  status: 'Status',
  items: 'Items',
  polls: 'Poll participation',
  participation: 'Participation',
  participationHint: (voters: string, active: string) => `${voters} of ${active} active members voted in a poll`,
  pollsSummary: (polls: string, voters: string) => `Poll participation: ${polls} polls had votes; ${voters} members voted.`,
  poll: 'Poll',
  voters: 'Voters',
  ballots: 'Ballots',
  untitledPoll: (id: string) => `Poll ${id}`,
  noPolls: 'No poll had votes in this range.',
  // Contributors and topics
  people: 'Contributors and topics',
  contributors: 'Top contributors',
  contributorsSummary: (name: string, events: string) => `Top contributors by activity: ${name} leads with ${events} events.`,
  member: 'Member',
  events: 'Events',
  points: 'Points',
  noContributors: 'Nobody was active in this range.',
  topics: 'Top topics',
  topicsSummary: (topic: string, posts: string) => `Top topics by posts: ${topic} leads with ${posts}.`,
  topic: 'Topic',
  noTopics: 'No post in this range named a topic.',
  // Experiments
  experiments: 'Experiment variants',
  experimentsHint: 'Every variant seen in the range, whichever one the filter shows. Your site sets a viewer’s variant (Viewer.variant, the Hearth-Variant header).',
  variantsSummary: (n: string) => `Experiment variants: ${n} side by side, by active members.`,
  variantName: 'Variant',
  noVariant: 'No variant',
  shareOfEvents: 'Share of events',
  noVariants: 'No activity in this range carries an experiment variant.',
  csv: csvEn,
};

const messages: Catalog<typeof en> = {
  en,
  'zh-CN': {
    title: '数据分析',
    summary: (tz) => `社区在一段日期内的表现：活跃、增长、留存、响应时间、反馈、投票和贡献者。日期按社区时区 ${tz} 计算。`,
    refresh: '刷新',
    rangeForm: '报表日期范围',
    from: '开始日期',
    to: '结束日期',
    show: '查看',
    presets: '快捷范围',
    lastDays: (n) => `最近 ${n} 天`,
    variant: '实验分组',
    everyMember: '全部成员',
    exportCsv: '导出 CSV',
    exported: (file) => `已下载 ${file}。`,
    clamped: (max, from) => `一份报表最多涵盖 ${max} 天，因此从 ${from} 开始。`,
    loading: '正在加载数据…',
    showing: (from, to, variant) => `正在显示 ${from} 至 ${to}${variant ? `，分组 ${variant}` : ''}。`,
    notLoaded: '数据无法加载：',
    problem: '未显示此范围：',
    showData: '查看数据',
    chartsFailed: '图表无法加载；每个图表下方的数据表仍列出全部数字。',
    day: '日期',
    overview: '概览',
    activeMembers: '活跃成员',
    activeHint: '范围内任意一天有活动',
    wau: '周活跃',
    wauHint: (to) => `截至 ${to} 的 7 天内`,
    mau: '月活跃',
    mauHint: (to) => `截至 ${to} 的 30 天内`,
    newMembers: '新成员',
    posts: '帖子',
    replies: '回复',
    reactions: '互动',
    activity: '活跃度',
    activeChart: '每日活跃成员',
    dau: '日活',
    wauShort: '周活',
    mauShort: '月活',
    activeSummary: (peak, peakDay, dau, wau, mau) => `每日活跃成员：日活在 ${peakDay} 达到最高 ${peak}；最后一天日活 ${dau}、周活 ${wau}、月活 ${mau}。`,
    newChart: '每日新成员',
    newSummary: (total, peak, peakDay) => `每日新成员：共 ${total} 人，${peakDay} 最多（${peak} 人）。`,
    contentChart: '每日帖子、回复和互动',
    contentSummary: (posts, replies, reactions, peakDay, peak) => `每日帖子、回复和互动：共 ${posts} 篇帖子、${replies} 条回复、${reactions} 次互动；最忙的一天是 ${peakDay}，共 ${peak}。`,
    retention: '留存',
    retentionHint: '范围内每周加入的成员，以及其中在加入后第 1、7、30 天当天再次活跃的比例。空白格：对这批成员来说那一天还没过去。',
    retentionTable: '按加入周的留存：第 1、7、30 天活跃比例',
    weekOf: '加入周（周一）',
    joined: '加入人数',
    dayN: (n) => `第 ${n} 天`,
    ofEligible: (retained, eligible) => `${eligible} 人中 ${retained} 人`,
    notYet: '尚未到',
    noCohorts: '此范围内没有新加入的成员。',
    responses: '响应',
    zeroReplyRate: '零回复率',
    zeroReplyHint: (zero, openers) => `${openers} 个话题中有 ${zero} 个无人回复`,
    withinTarget: '目标时间内回复',
    withinTargetHint: (target) => `首次回复在 ${target} 内`,
    noOpeners: '此范围内没有新话题',
    replyTimes: '首次回复用时',
    replyTimesSummary: (reply, staff) => `首次回复用时中位数 ${reply}；首次工作人员回复用时中位数 ${staff}。`,
    measure: '指标',
    time: '用时',
    answered: '已回复',
    firstReplyMedian: '首次回复，中位数',
    firstReplyP90: '首次回复，第 90 百分位',
    staffReplyMedian: '首次工作人员回复，中位数',
    staffReplyP90: '首次工作人员回复，第 90 百分位',
    none: '暂无',
    underSecond: '不到 1 秒',
    feedback: '各状态的反馈',
    feedbackHint: '当前看板的情况：不受日期范围和分组筛选影响。',
    feedbackSummary: (total) => `各状态的反馈：当前共 ${total} 条已发布的反馈。`,
    status: '状态',
    items: '条数',
    polls: '投票参与',
    participation: '参与率',
    participationHint: (voters, active) => `${active} 位活跃成员中有 ${voters} 位参与了投票`,
    pollsSummary: (polls, voters) => `投票参与：${polls} 个投票有人投票；共 ${voters} 位成员投票。`,
    poll: '投票',
    voters: '投票人数',
    ballots: '选票',
    untitledPoll: (id) => `投票 ${id}`,
    noPolls: '此范围内没有投票收到选票。',
    people: '贡献者和话题',
    contributors: '贡献最多的成员',
    contributorsSummary: (name, events) => `按活动排序的贡献者：${name} 以 ${events} 次活动居首。`,
    member: '成员',
    events: '活动',
    points: '积分',
    noContributors: '此范围内没有成员活动。',
    topics: '热门话题',
    topicsSummary: (topic, posts) => `按帖子数排序的话题：${topic} 以 ${posts} 篇居首。`,
    topic: '话题',
    noTopics: '此范围内的帖子都没有标注话题。',
    experiments: '实验分组',
    experimentsHint: '范围内出现过的每个分组，不受筛选影响。分组由你的网站为访客设置（Viewer.variant，即 Hearth-Variant 请求头）。',
    variantsSummary: (n) => `实验分组：${n} 个分组按活跃成员并列比较。`,
    variantName: '分组',
    noVariant: '无分组',
    shareOfEvents: '活动占比',
    noVariants: '此范围内的活动都没有带实验分组。',
    csv: {
      report: 'Hearth 数据分析',
      community: '社区',
      from: '开始日期',
      to: '结束日期',
      timeZone: '时区',
      variant: '分组',
      everyMember: '全部成员',
      noVariant: '无分组',
      perDay: '每日',
      day: '日期',
      dau: '日活跃成员',
      wau: '周活跃成员',
      mau: '月活跃成员',
      newMembers: '新成员',
      posts: '帖子',
      replies: '回复',
      reactions: '互动',
      totals: '合计',
      measure: '指标',
      value: '数值',
      activeMembers: '活跃成员',
      events: '活动',
      retention: '按加入周的留存',
      week: '加入周',
      members: '成员',
      eligible: (n) => `第 ${n} 天可计人数`,
      retained: (n) => `第 ${n} 天留存人数`,
      rate: (n) => `第 ${n} 天留存率`,
      responses: '响应',
      openers: '话题数',
      zeroReply: '无人回复',
      zeroReplyRate: '零回复率',
      withinTargetRate: '目标时间内回复率',
      targetMinutes: '首次响应目标（分钟）',
      firstReplies: '有首次回复的话题',
      firstReplyMedian: '首次回复中位数（分钟）',
      firstReplyP90: '首次回复第 90 百分位（分钟）',
      firstStaffReplies: '有工作人员回复的话题',
      firstStaffReplyMedian: '首次工作人员回复中位数（分钟）',
      firstStaffReplyP90: '首次工作人员回复第 90 百分位（分钟）',
      feedbackByStatus: '各状态的反馈（当前）',
      status: '状态',
      count: '条数',
      statusName: (s) => STATUS_CN[s] ?? s,
      polls: '投票',
      poll: '投票',
      question: '问题',
      ballots: '选票',
      voters: '投票人数',
      allPolls: '任意投票',
      participation: '参与率（占活跃成员）',
      topContributors: '贡献最多的成员',
      member: '成员',
      memberId: '成员 ID',
      points: '积分',
      topTopics: '热门话题',
      topic: '话题',
      variants: '实验分组',
    },
  },
  'zh-TW': {
    title: '數據分析',
    summary: (tz) => `社群在一段日期內的表現：活躍、成長、留存、回應時間、回饋、投票和貢獻者。日期依社群時區 ${tz} 計算。`,
    refresh: '重新整理',
    rangeForm: '報表日期範圍',
    from: '開始日期',
    to: '結束日期',
    show: '檢視',
    presets: '快速範圍',
    lastDays: (n) => `最近 ${n} 天`,
    variant: '實驗分組',
    everyMember: '全部成員',
    exportCsv: '匯出 CSV',
    exported: (file) => `已下載 ${file}。`,
    clamped: (max, from) => `一份報表最多涵蓋 ${max} 天，因此從 ${from} 開始。`,
    loading: '正在載入數據…',
    showing: (from, to, variant) => `正在顯示 ${from} 至 ${to}${variant ? `，分組 ${variant}` : ''}。`,
    notLoaded: '數據無法載入：',
    problem: '未顯示此範圍：',
    showData: '檢視數據',
    chartsFailed: '圖表無法載入；每個圖表下方的數據表仍列出全部數字。',
    day: '日期',
    overview: '概覽',
    activeMembers: '活躍成員',
    activeHint: '範圍內任一天有活動',
    wau: '週活躍',
    wauHint: (to) => `截至 ${to} 的 7 天內`,
    mau: '月活躍',
    mauHint: (to) => `截至 ${to} 的 30 天內`,
    newMembers: '新成員',
    posts: '貼文',
    replies: '回覆',
    reactions: '互動',
    activity: '活躍度',
    activeChart: '每日活躍成員',
    dau: '日活',
    wauShort: '週活',
    mauShort: '月活',
    activeSummary: (peak, peakDay, dau, wau, mau) => `每日活躍成員：日活在 ${peakDay} 達到最高 ${peak}；最後一天日活 ${dau}、週活 ${wau}、月活 ${mau}。`,
    newChart: '每日新成員',
    newSummary: (total, peak, peakDay) => `每日新成員：共 ${total} 人，${peakDay} 最多（${peak} 人）。`,
    contentChart: '每日貼文、回覆和互動',
    contentSummary: (posts, replies, reactions, peakDay, peak) => `每日貼文、回覆和互動：共 ${posts} 篇貼文、${replies} 則回覆、${reactions} 次互動；最忙的一天是 ${peakDay}，共 ${peak}。`,
    retention: '留存',
    retentionHint: '範圍內每週加入的成員，以及其中在加入後第 1、7、30 天當天再次活躍的比例。空白格：對這批成員來說那一天還沒過去。',
    retentionTable: '依加入週的留存：第 1、7、30 天活躍比例',
    weekOf: '加入週（週一）',
    joined: '加入人數',
    dayN: (n) => `第 ${n} 天`,
    ofEligible: (retained, eligible) => `${eligible} 人中 ${retained} 人`,
    notYet: '尚未到',
    noCohorts: '此範圍內沒有新加入的成員。',
    responses: '回應',
    zeroReplyRate: '零回覆率',
    zeroReplyHint: (zero, openers) => `${openers} 個話題中有 ${zero} 個無人回覆`,
    withinTarget: '目標時間內回覆',
    withinTargetHint: (target) => `首次回覆在 ${target} 內`,
    noOpeners: '此範圍內沒有新話題',
    replyTimes: '首次回覆用時',
    replyTimesSummary: (reply, staff) => `首次回覆用時中位數 ${reply}；首次工作人員回覆用時中位數 ${staff}。`,
    measure: '指標',
    time: '用時',
    answered: '已回覆',
    firstReplyMedian: '首次回覆，中位數',
    firstReplyP90: '首次回覆，第 90 百分位',
    staffReplyMedian: '首次工作人員回覆，中位數',
    staffReplyP90: '首次工作人員回覆，第 90 百分位',
    none: '尚無',
    underSecond: '不到 1 秒',
    feedback: '各狀態的回饋',
    feedbackHint: '目前看板的情況：不受日期範圍和分組篩選影響。',
    feedbackSummary: (total) => `各狀態的回饋：目前共 ${total} 則已發布的回饋。`,
    status: '狀態',
    items: '則數',
    polls: '投票參與',
    participation: '參與率',
    participationHint: (voters, active) => `${active} 位活躍成員中有 ${voters} 位參與了投票`,
    pollsSummary: (polls, voters) => `投票參與：${polls} 個投票有人投票；共 ${voters} 位成員投票。`,
    poll: '投票',
    voters: '投票人數',
    ballots: '選票',
    untitledPoll: (id) => `投票 ${id}`,
    noPolls: '此範圍內沒有投票收到選票。',
    people: '貢獻者和話題',
    contributors: '貢獻最多的成員',
    contributorsSummary: (name, events) => `依活動排序的貢獻者：${name} 以 ${events} 次活動居首。`,
    member: '成員',
    events: '活動',
    points: '積分',
    noContributors: '此範圍內沒有成員活動。',
    topics: '熱門話題',
    topicsSummary: (topic, posts) => `依貼文數排序的話題：${topic} 以 ${posts} 篇居首。`,
    topic: '話題',
    noTopics: '此範圍內的貼文都沒有標註話題。',
    experiments: '實驗分組',
    experimentsHint: '範圍內出現過的每個分組，不受篩選影響。分組由你的網站為訪客設定（Viewer.variant，即 Hearth-Variant 請求標頭）。',
    variantsSummary: (n) => `實驗分組：${n} 個分組依活躍成員並列比較。`,
    variantName: '分組',
    noVariant: '無分組',
    shareOfEvents: '活動占比',
    noVariants: '此範圍內的活動都沒有帶實驗分組。',
    csv: {
      report: 'Hearth 數據分析',
      community: '社群',
      from: '開始日期',
      to: '結束日期',
      timeZone: '時區',
      variant: '分組',
      everyMember: '全部成員',
      noVariant: '無分組',
      perDay: '每日',
      day: '日期',
      dau: '日活躍成員',
      wau: '週活躍成員',
      mau: '月活躍成員',
      newMembers: '新成員',
      posts: '貼文',
      replies: '回覆',
      reactions: '互動',
      totals: '合計',
      measure: '指標',
      value: '數值',
      activeMembers: '活躍成員',
      events: '活動',
      retention: '依加入週的留存',
      week: '加入週',
      members: '成員',
      eligible: (n) => `第 ${n} 天可計人數`,
      retained: (n) => `第 ${n} 天留存人數`,
      rate: (n) => `第 ${n} 天留存率`,
      responses: '回應',
      openers: '話題數',
      zeroReply: '無人回覆',
      zeroReplyRate: '零回覆率',
      withinTargetRate: '目標時間內回覆率',
      targetMinutes: '首次回應目標（分鐘）',
      firstReplies: '有首次回覆的話題',
      firstReplyMedian: '首次回覆中位數（分鐘）',
      firstReplyP90: '首次回覆第 90 百分位（分鐘）',
      firstStaffReplies: '有工作人員回覆的話題',
      firstStaffReplyMedian: '首次工作人員回覆中位數（分鐘）',
      firstStaffReplyP90: '首次工作人員回覆第 90 百分位（分鐘）',
      feedbackByStatus: '各狀態的回饋（目前）',
      status: '狀態',
      count: '則數',
      statusName: (s) => STATUS_TW[s] ?? s,
      polls: '投票',
      poll: '投票',
      question: '問題',
      ballots: '選票',
      voters: '投票人數',
      allPolls: '任一投票',
      participation: '參與率（占活躍成員）',
      topContributors: '貢獻最多的成員',
      member: '成員',
      memberId: '成員 ID',
      points: '積分',
      topTopics: '熱門話題',
      topic: '話題',
      variants: '實驗分組',
    },
  },
};

type Messages = typeof en;

const STATUS_NAMES: Record<Locale, Record<string, string>> = { en: STATUS_EN, 'zh-CN': STATUS_CN, 'zh-TW': STATUS_TW };

// ——— Days ———

const DAY_MS = 86_400_000;
const PRESETS = [7, 30, 90] as const;
const DEFAULT_DAYS = 30;

/** Whether `day` is a real `YYYY-MM-DD` date. */
function isDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const at = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === day;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Today's date in the community's time zone (UTC when the zone is unknown to this browser). */
function todayIn(timeZone: string): string {
  const format = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/** A calendar day as the locale writes a short date ("Dec 4", "12月4日"). */
function shortDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A calendar day as the locale writes a full date ("Dec 4, 2026"). */
function longDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

function lastDaysRange(today: string, n: number): { from: string; to: string } {
  return { from: addDays(today, -(n - 1)), to: today };
}

// ——— The view ———

/** What every part of the view talks through: the adapter's analytics group and the signed-in viewer. */
interface Api {
  session: ConsoleSession;
  analytics: AnalyticsAdapter;
  ctx: CallContext;
}

/**
 * The analytics view, for moderators and up (`view_insights`): a range of days (presets or
 * dates, at most `METRICS_MAX_DAYS`), an experiment-variant filter, charts of activity, growth,
 * retention, responses, feedback, polls, contributors and variants, each with its numbers as a
 * table, and a CSV export of them all.
 */
export function Analytics({ session }: { session: ConsoleSession }) {
  const t = useMessages(messages);
  const analytics = session.client.adapter.analytics;
  if (!analytics) return <MissingCapability title={t.title} capability="analytics" offers="analytics" />;
  return <AnalyticsView api={{ session, analytics, ctx: { viewer: session.client.viewer } }} />;
}

function AnalyticsView({ api }: { api: Api }) {
  const t = useMessages(messages);
  const { session, ctx } = api;
  const community = session.client.adapter.community;
  // Days are the community's: "today" and the presets follow its time zone.
  const info = useQuery<CommunityInfo | null>(session, ['analytics', 'info'], () => (community ? community.getInfo({}, ctx) : Promise.resolve(null)));
  const timeZone = info.data ? info.data.timeZone : info.data === null || info.error ? 'UTC' : null;
  if (timeZone === null) {
    return (
      <section aria-labelledby="analytics-title">
        <h1 id="analytics-title">{t.title}</h1>
        <p role="status">{t.loading}</p>
      </section>
    );
  }
  return <Report api={api} timeZone={timeZone} />;
}

/** The metrics query key of one report input. */
const metricsKey = (input: MetricsInput) => ['analytics', 'metrics', input];

function Report({ api, timeZone }: { api: Api; timeZone: string }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const { session, analytics, ctx } = api;
  const today = todayIn(timeZone);
  const [applied, setApplied] = useState<MetricsInput>(() => lastDaysRange(today, DEFAULT_DAYS));
  const [draft, setDraft] = useState<{ from: string; to: string }>({ from: applied.from, to: applied.to });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<HearthError | null>(null);
  const [notice, setNotice] = useState('');
  const metrics = useQuery<Metrics>(session, metricsKey(applied), () => analytics.metrics(applied, ctx));
  const m = metrics.data;

  /**
   * Loads `next` and only then shows it: a range the server refuses leaves the report on
   * screen as it was, with the server's reason beside the dates.
   */
  const apply = async (next: MetricsInput, announce = '') => {
    setBusy(true);
    setProblem(null);
    setNotice('');
    try {
      await session.client.queryClient.fetchQuery({
        queryKey: ['console', session.community, ...metricsKey(next)],
        queryFn: () => analytics.metrics(next, ctx),
        retry: false,
        staleTime: 10_000,
      });
      setApplied(next);
      setNotice(announce);
    } catch (failure) {
      setProblem(toError(failure));
    } finally {
      setBusy(false);
    }
  };

  const withVariant = (range: { from: string; to: string }, variant = applied.variant): MetricsInput => ({ ...range, ...(variant ? { variant } : {}) });

  const submit = (event: Event) => {
    event.preventDefault();
    let { from, to } = draft;
    let announce = '';
    // The longest report the server makes: a longer range keeps its end and starts later.
    if (isDay(from) && isDay(to) && daysBetween(from, to) + 1 > METRICS_MAX_DAYS) {
      from = addDays(to, -(METRICS_MAX_DAYS - 1));
      setDraft({ from, to });
      announce = t.clamped(METRICS_MAX_DAYS, from);
    }
    void apply(withVariant({ from, to }), announce);
  };

  const preset = (n: number) => {
    const range = lastDaysRange(today, n);
    setDraft(range);
    void apply(withVariant(range));
  };

  const exportCsv = () => {
    if (!m) return;
    const labels = t.csv;
    const name = csvFileName(session.community, m);
    download(name, csvFile(metricsSections(m, session.community, labels)));
    setNotice(t.exported(name));
  };

  const fieldProblem = (field: 'from' | 'to') => issuesFor(problem, field);
  const invalid = (field: 'from' | 'to') => (fieldProblem(field).length > 0 ? { 'aria-invalid': true as const, 'aria-describedby': 'analytics-problem' } : {});
  const variants = (m?.variants ?? []).flatMap((v) => (v.variant === null ? [] : [v.variant]));
  if (applied.variant && !variants.includes(applied.variant)) variants.unshift(applied.variant);

  return (
    <section aria-labelledby="analytics-title" class="analytics-view">
      <div class="view-head">
        <h1 id="analytics-title">{t.title}</h1>
        <p class="summary">{t.summary(m?.timeZone ?? timeZone)}</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['analytics'])}>
          {t.refresh}
        </button>
      </div>

      <form class="analytics-range" aria-label={t.rangeForm} onSubmit={submit} noValidate>
        <label>
          {t.from}
          <input type="date" name="from" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} {...invalid('from')} />
        </label>
        <label>
          {t.to}
          <input type="date" name="to" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} {...invalid('to')} />
        </label>
        <button type="submit" aria-disabled={busy}>
          {t.show}
        </button>
        <div class="presets" role="group" aria-label={t.presets}>
          {PRESETS.map((n) => {
            const range = lastDaysRange(today, n);
            return (
              <button key={n} type="button" class="quiet" aria-pressed={applied.from === range.from && applied.to === range.to} onClick={() => preset(n)}>
                {t.lastDays(n)}
              </button>
            );
          })}
        </div>
        <label class="variant-filter">
          {t.variant}
          <select value={applied.variant ?? ''} onChange={(e) => void apply(withVariant(applied, e.currentTarget.value || undefined))}>
            <option value="">{t.everyMember}</option>
            {variants.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="quiet export" onClick={exportCsv} aria-disabled={!m}>
          {t.exportCsv}
        </button>
      </form>
      {problem && (
        <div class="error" role="alert" id="analytics-problem">
          <p>
            {t.problem} {problem.message}
          </p>
        </div>
      )}
      <p role="status" class="analytics-status">
        {busy || metrics.loading ? t.loading : notice || (m ? t.showing(longDay(m.from, locale), longDay(m.to, locale), m.variant) : '')}
      </p>
      {metrics.error && (
        <p class="error" role="alert">
          {t.notLoaded} {metrics.error.message}
        </p>
      )}
      {m && <Charts m={m} t={t} locale={locale} />}
    </section>
  );
}

/** Starts a download of `text` as `name`, made here in the browser. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ——— The report ———

interface Fmt {
  n: (value: number) => string;
  pct: (share: number | null) => string;
  duration: (ms: number | null) => string;
}

function formatters(locale: Locale, t: Messages): Fmt {
  return {
    n: (value) => formatNumber(locale, value),
    pct: (share) => (share === null ? '—' : formatPercent(locale, share)),
    duration: (ms) => (ms === null ? t.none : ms < 1000 ? t.underSecond : formatAge(ms, locale)),
  };
}

/** The day with the highest value (the first such), for a chart's summary. */
function peak(values: number[], days: string[]): { value: number; day: string } {
  let best = 0;
  values.forEach((v, i) => {
    if (v > values[best]!) best = i;
  });
  return { value: values[best] ?? 0, day: days[best] ?? '' };
}

function Charts({ m, t, locale }: { m: Metrics; t: Messages; locale: Locale }) {
  const f = formatters(locale, t);
  const days = m.days.map((d) => d.day);
  const labels = days.map((d) => shortDay(d, locale));
  const last = m.days.at(-1);
  const dau = m.days.map((d) => d.activeMembers);
  const top = peak(dau, days);
  const joins = m.days.map((d) => d.newMembers);
  const topJoin = peak(joins, days);
  const content = m.days.map((d) => d.posts + d.replies + d.reactions);
  const busiest = peak(content, days);
  const series = (label: string, key: 'activeMembers' | 'weeklyActiveMembers' | 'monthlyActiveMembers' | 'newMembers' | 'posts' | 'replies' | 'reactions', color: string, kind: ChartSeries['kind'] = 'line'): ChartSeries => ({
    label,
    values: m.days.map((d) => d[key]),
    color,
    kind,
  });

  return (
    <>
      <section aria-labelledby="analytics-overview" class="analytics-section">
        <h2 id="analytics-overview">{t.overview}</h2>
        <dl class="tiles">
          <Tile name={t.activeMembers} value={f.n(m.totals.activeMembers)} hint={t.activeHint} />
          <Tile name={t.wau} value={f.n(m.totals.weeklyActiveMembers)} hint={t.wauHint(shortDay(m.to, locale))} />
          <Tile name={t.mau} value={f.n(m.totals.monthlyActiveMembers)} hint={t.mauHint(shortDay(m.to, locale))} />
          <Tile name={t.newMembers} value={f.n(m.totals.newMembers)} />
          <Tile name={t.posts} value={f.n(m.totals.posts)} />
          <Tile name={t.replies} value={f.n(m.totals.replies)} />
          <Tile name={t.reactions} value={f.n(m.totals.reactions)} />
        </dl>
      </section>

      <section aria-labelledby="analytics-activity" class="analytics-section">
        <h2 id="analytics-activity">{t.activity}</h2>
        <div class="chart-grid">
          <TimeChart
            id="chart-active"
            title={t.activeChart}
            summary={t.activeSummary(f.n(top.value), shortDay(top.day, locale), f.n(last?.activeMembers ?? 0), f.n(last?.weeklyActiveMembers ?? 0), f.n(last?.monthlyActiveMembers ?? 0))}
            days={days}
            labels={labels}
            series={[series(t.dau, 'activeMembers', '--chart-1'), series(t.wauShort, 'weeklyActiveMembers', '--chart-2'), series(t.mauShort, 'monthlyActiveMembers', '--chart-3')]}
            t={t}
            f={f}
            locale={locale}
          />
          <TimeChart
            id="chart-new"
            title={t.newChart}
            summary={t.newSummary(f.n(m.totals.newMembers), f.n(topJoin.value), shortDay(topJoin.day, locale))}
            days={days}
            labels={labels}
            series={[series(t.newMembers, 'newMembers', '--chart-2', 'bars')]}
            t={t}
            f={f}
            locale={locale}
          />
          <TimeChart
            id="chart-content"
            title={t.contentChart}
            summary={t.contentSummary(f.n(m.totals.posts), f.n(m.totals.replies), f.n(m.totals.reactions), shortDay(busiest.day, locale), f.n(busiest.value))}
            days={days}
            labels={labels}
            series={[series(t.posts, 'posts', '--chart-1'), series(t.replies, 'replies', '--chart-2'), series(t.reactions, 'reactions', '--chart-3')]}
            t={t}
            f={f}
            locale={locale}
          />
        </div>
      </section>

      <Retention m={m} t={t} f={f} locale={locale} />
      <Responses m={m} t={t} f={f} />

      <div class="analytics-columns">
        <section aria-labelledby="analytics-feedback" class="analytics-section">
          <h2 id="analytics-feedback">{t.feedback}</h2>
          <p class="hint">{t.feedbackHint}</p>
          <BarChart
            label={t.feedbackSummary(f.n(m.feedbackByStatus.reduce((n, s) => n + s.count, 0)))}
            head={t.status}
            valueHead={t.items}
            color="--chart-2"
            rows={m.feedbackByStatus.map((s) => ({ key: s.status, name: STATUS_NAMES[locale][s.status] ?? s.status, value: s.count, text: f.n(s.count) }))}
          />
        </section>
        <Polls m={m} t={t} f={f} />
      </div>

      <section aria-labelledby="analytics-people" class="analytics-section">
        <h2 id="analytics-people">{t.people}</h2>
        <div class="analytics-columns">
          <div>
            <h3>{t.contributors}</h3>
            {m.topContributors.length === 0 ? (
              <p class="muted">{t.noContributors}</p>
            ) : (
              <BarChart
                label={t.contributorsSummary(m.topContributors[0]!.member.displayName, f.n(m.topContributors[0]!.events))}
                head={t.member}
                valueHead={t.events}
                extraHead={t.points}
                color="--chart-1"
                rows={m.topContributors.map((c) => ({ key: c.member.id, name: c.member.displayName, value: c.events, text: f.n(c.events), extra: f.n(c.points) }))}
              />
            )}
          </div>
          <div>
            <h3>{t.topics}</h3>
            {m.topTopics.length === 0 ? (
              <p class="muted">{t.noTopics}</p>
            ) : (
              <BarChart
                label={t.topicsSummary(m.topTopics[0]!.topic, f.n(m.topTopics[0]!.posts))}
                head={t.topic}
                valueHead={t.posts}
                color="--chart-3"
                rows={m.topTopics.map((topic) => ({ key: topic.topic, name: topic.topic, value: topic.posts, text: f.n(topic.posts) }))}
              />
            )}
          </div>
        </div>
      </section>

      <Variants m={m} t={t} f={f} />
    </>
  );
}

function Tile({ name, value, hint }: { name: string; value: string; hint?: string }) {
  return (
    <div class="tile">
      <dt>{name}</dt>
      <dd>
        <span class="tile-value">{value}</span>
        {hint && <span class="tile-hint">{hint}</span>}
      </dd>
    </div>
  );
}

// ——— Time series (uPlot, loaded on demand) ———

type ChartModule = typeof import('./analytics-chart.js');
let chartModule: Promise<ChartModule> | null = null;
/** uPlot and the chart code, fetched the first time a chart shows; a failed fetch is tried again next time. */
function loadCharts(): Promise<ChartModule> {
  chartModule ??= import('./analytics-chart.js').catch((error: unknown) => {
    chartModule = null;
    throw error;
  });
  return chartModule;
}

/**
 * One time-series chart: a heading, the canvas named by a summary of what it shows, a legend,
 * the values of the day under the pointer (the last day otherwise), and every value in a
 * "Show data" table for screen readers and keyboards.
 */
function TimeChart(props: { id: string; title: string; summary: string; days: string[]; labels: string[]; series: ChartSeries[]; t: Messages; f: Fmt; locale: Locale }) {
  const { id, title, summary, days, labels, series, t, f, locale } = props;
  const host = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const spec: ChartSpec = { labels, series, height: 200, formatValue: (v) => f.n(v) };
  const specRef = useRef(spec);
  specRef.current = spec;
  const handle = useRef<ChartHandle | null>(null);
  const shape = JSON.stringify([labels, series, locale]);

  // Mount once; later reports redraw the same chart.
  useEffect(() => {
    let gone = false;
    let observer: ResizeObserver | undefined;
    loadCharts().then(
      (charts) => {
        const el = host.current;
        if (gone || !el) return;
        handle.current = charts.mountChart(el, specRef.current, Math.max(el.clientWidth, 200), setIndex);
        observer = new ResizeObserver(([entry]) => entry && handle.current?.resize(Math.floor(entry.contentRect.width)));
        observer.observe(el);
      },
      () => !gone && setFailed(true),
    );
    return () => {
      gone = true;
      observer?.disconnect();
      handle.current?.destroy();
      handle.current = null;
    };
  }, []);
  useEffect(() => {
    handle.current?.update(specRef.current);
    setIndex(null);
  }, [shape]);

  const shown = index ?? labels.length - 1;
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <ul class="legend">
        {series.map((s) => (
          <li key={s.label}>
            <span class={`swatch ${s.kind}`} style={{ background: `var(${s.color})` }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
      {failed ? (
        <p class="error">{t.chartsFailed}</p>
      ) : (
        <div class="chart-canvas" role="img" aria-label={summary} ref={host} />
      )}
      <p class="readout" aria-hidden="true">
        {labels[shown] !== undefined && `${labels[shown]}: ${series.map((s) => `${s.label} ${f.n(s.values[shown] ?? 0)}`).join(' · ')}`}
      </p>
      <details class="chart-data">
        <summary>{t.showData}</summary>
        <table aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{t.day}</th>
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr key={day}>
                <th scope="row">
                  <time dateTime={day}>{day}</time>
                </th>
                {series.map((s) => (
                  <td key={s.label}>{f.n(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

// ——— Bars (ranked categories: a table whose cells carry their bar) ———

interface BarRow {
  key: string;
  name: ComponentChildren;
  value: number;
  text: string;
  extra?: ComponentChildren;
}

/**
 * Ranked categories as horizontal bars. It is a table (name, value and bar, an optional extra
 * column), so the numbers are there for everyone; `label` summarises it as its accessible name.
 */
function BarChart({ label, head, valueHead, extraHead, rows, color }: { label: string; head: string; valueHead: string; extraHead?: string; rows: BarRow[]; color: string }) {
  const max = Math.max(0, ...rows.map((r) => r.value));
  return (
    <table class="bars" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">{valueHead}</th>
          {extraHead && (
            <th scope="col" class="num">
              {extraHead}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.name}</th>
            <td class="bar-cell">
              <span class="bar-value">{row.text}</span>
              <span class="bar-track" aria-hidden="true">
                <span class="bar" style={{ '--share': String(max ? row.value / max : 0), background: `var(${color})` }} />
              </span>
            </td>
            {extraHead && <td class="num">{row.extra}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ——— Retention heat-map ———

function Retention({ m, t, f, locale }: { m: Metrics; t: Messages; f: Fmt; locale: Locale }) {
  return (
    <section aria-labelledby="analytics-retention" class="analytics-section">
      <h2 id="analytics-retention">{t.retention}</h2>
      <p class="hint" id="analytics-retention-hint">
        {t.retentionHint}
      </p>
      {m.retention.length === 0 ? (
        <p class="muted">{t.noCohorts}</p>
      ) : (
        <div class="heatmap-scroll">
          <table class="heatmap" aria-label={t.retentionTable} aria-describedby="analytics-retention-hint">
            <thead>
              <tr>
                <th scope="col">{t.weekOf}</th>
                <th scope="col" class="num">
                  {t.joined}
                </th>
                {[1, 7, 30].map((n) => (
                  <th key={n} scope="col">
                    {t.dayN(n)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.retention.map((cohort) => (
                <tr key={cohort.week}>
                  <th scope="row">
                    <time dateTime={cohort.week}>{longDay(cohort.week, locale)}</time>
                  </th>
                  <td class="num">{f.n(cohort.members)}</td>
                  {[cohort.d1, cohort.d7, cohort.d30].map((point, i) =>
                    point.rate === null ? (
                      <td key={i} class="heat empty">
                        <span class="muted">{t.notYet}</span>
                      </td>
                    ) : (
                      <td key={i} class="heat" style={{ '--rate': String(point.rate) }}>
                        <strong>{f.pct(point.rate)}</strong>
                        <span class="heat-count">{t.ofEligible(f.n(point.retained), f.n(point.eligible))}</span>
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ——— Responses ———

function Responses({ m, t, f }: { m: Metrics; t: Messages; f: Fmt }) {
  const r = m.responses;
  const times = (name: string, median: string, p90: string, stats: ReplyTimes) => [
    { key: `${name}-median`, name: median, value: stats.medianMs ?? 0, text: f.duration(stats.medianMs), extra: f.n(stats.count) },
    { key: `${name}-p90`, name: p90, value: stats.p90Ms ?? 0, text: f.duration(stats.p90Ms), extra: f.n(stats.count) },
  ];
  return (
    <section aria-labelledby="analytics-responses" class="analytics-section">
      <h2 id="analytics-responses">{t.responses}</h2>
      <dl class="tiles">
        <RateTile name={t.zeroReplyRate} share={r.zeroReplyRate} text={f.pct(r.zeroReplyRate)} hint={r.openers === 0 ? t.noOpeners : t.zeroReplyHint(f.n(r.zeroReply), f.n(r.openers))} tone="bad" />
        <RateTile name={t.withinTarget} share={r.withinTargetRate} text={f.pct(r.withinTargetRate)} hint={r.openers === 0 ? t.noOpeners : t.withinTargetHint(f.duration(r.targetMs))} tone="good" />
      </dl>
      <h3>{t.replyTimes}</h3>
      <BarChart
        label={t.replyTimesSummary(f.duration(r.firstReply.medianMs), f.duration(r.firstStaffReply.medianMs))}
        head={t.measure}
        valueHead={t.time}
        extraHead={t.answered}
        color="--chart-1"
        rows={[...times('reply', t.firstReplyMedian, t.firstReplyP90, r.firstReply), ...times('staff', t.staffReplyMedian, t.staffReplyP90, r.firstStaffReply)]}
      />
    </section>
  );
}

/** A share as a big number with a bar under it. */
function RateTile({ name, share, text, hint, tone }: { name: string; share: number | null; text: string; hint: string; tone: 'good' | 'bad' }) {
  return (
    <div class={`tile rate ${tone}`}>
      <dt>{name}</dt>
      <dd>
        <span class="tile-value">{text}</span>
        <span class="bar-track" aria-hidden="true">
          <span class="bar" style={{ '--share': String(share ?? 0) }} />
        </span>
        <span class="tile-hint">{hint}</span>
      </dd>
    </div>
  );
}

// ——— Polls ———

function Polls({ m, t, f }: { m: Metrics; t: Messages; f: Fmt }) {
  const p = m.polls;
  return (
    <section aria-labelledby="analytics-polls" class="analytics-section">
      <h2 id="analytics-polls">{t.polls}</h2>
      <dl class="tiles">
        <RateTile name={t.participation} share={p.participation} text={f.pct(p.participation)} hint={t.participationHint(f.n(p.voters), f.n(m.totals.activeMembers))} tone="good" />
      </dl>
      {p.polls.length === 0 ? (
        <p class="muted">{t.noPolls}</p>
      ) : (
        <BarChart
          label={t.pollsSummary(f.n(p.polls.length), f.n(p.voters))}
          head={t.poll}
          valueHead={t.voters}
          extraHead={t.ballots}
          color="--chart-3"
          rows={p.polls.map((poll) => ({ key: poll.pollId, name: poll.question ?? t.untitledPoll(poll.pollId), value: poll.voters, text: f.n(poll.voters), extra: f.n(poll.ballots) }))}
        />
      )}
    </section>
  );
}

// ——— Experiments ———

function Variants({ m, t, f }: { m: Metrics; t: Messages; f: Fmt }) {
  const named = m.variants.filter((v) => v.variant !== null);
  const events = m.variants.reduce((n, v) => n + v.events, 0);
  return (
    <section aria-labelledby="analytics-variants" class="analytics-section">
      <h2 id="analytics-variants">{t.experiments}</h2>
      <p class="hint">{t.experimentsHint}</p>
      {named.length === 0 ? (
        <p class="muted">{t.noVariants}</p>
      ) : (
        <BarChart
          label={t.variantsSummary(f.n(m.variants.length))}
          head={t.variantName}
          valueHead={t.activeMembers}
          extraHead={t.events}
          color="--chart-2"
          rows={m.variants.map((v) => ({
            key: v.variant ?? '',
            name: v.variant ?? <span class="muted">{t.noVariant}</span>,
            value: v.activeMembers,
            text: f.n(v.activeMembers),
            extra: `${f.n(v.events)} (${f.pct(events ? v.events / events : 0)})`,
          }))}
        />
      )}
    </section>
  );
}
