// The Analytics view's CSV export: one file of sections (a title line, a header row, the rows,
// a blank line), made in the browser from the Metrics on screen. RFC 4180 quoting, CRLF line
// ends, and a UTF-8 byte order mark so Excel reads Chinese names and topics as they are.
import type { Metrics } from '@hearth/protocol';

/** One cell: text, a number, or nothing (an empty cell: a rate nobody was eligible for). */
export type CsvCell = string | number | null;

/** A titled block of the file: its header row and its rows. */
export interface CsvSection {
  title: string;
  header: string[];
  rows: CsvCell[][];
}

/** The byte order mark Excel needs to read a CSV as UTF-8. */
export const BOM = '\uFEFF';

// A spreadsheet runs a cell that starts with one of these as a formula: member names, topics and
// poll questions are written by members, so text starting so is kept as text (OWASP's advice).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as CSV: quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled. */
export function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text, CRLF after every line. */
export function csvRows(rows: readonly CsvCell[][]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** Sections as one CSV file (with the byte order mark): each a title line, its header and rows, then a blank line. */
export function csvFile(sections: readonly CsvSection[]): string {
  return BOM + sections.map((s) => csvRows([[s.title], s.header, ...s.rows])).join('\r\n');
}

/** A share (0–1) as a fraction with four decimals, or an empty cell. */
const share = (rate: number | null): CsvCell => (rate === null ? null : Math.round(rate * 10_000) / 10_000);
/** Milliseconds as minutes with one decimal, or an empty cell. */
const minutes = (ms: number | null): CsvCell => (ms === null ? null : Math.round(ms / 6_000) / 10);

/** The column and section names of the export, in the operator's language. */
export interface CsvLabels {
  report: string;
  community: string;
  from: string;
  to: string;
  timeZone: string;
  variant: string;
  everyMember: string;
  noVariant: string;
  perDay: string;
  day: string;
  dau: string;
  wau: string;
  mau: string;
  newMembers: string;
  posts: string;
  replies: string;
  reactions: string;
  totals: string;
  measure: string;
  value: string;
  activeMembers: string;
  events: string;
  retention: string;
  week: string;
  members: string;
  eligible: (n: number) => string;
  retained: (n: number) => string;
  rate: (n: number) => string;
  responses: string;
  openers: string;
  zeroReply: string;
  zeroReplyRate: string;
  withinTargetRate: string;
  targetMinutes: string;
  firstReplies: string;
  firstReplyMedian: string;
  firstReplyP90: string;
  firstStaffReplies: string;
  firstStaffReplyMedian: string;
  firstStaffReplyP90: string;
  feedbackByStatus: string;
  status: string;
  count: string;
  statusName: (status: string) => string;
  polls: string;
  poll: string;
  question: string;
  ballots: string;
  voters: string;
  allPolls: string;
  participation: string;
  topContributors: string;
  member: string;
  memberId: string;
  points: string;
  topTopics: string;
  topic: string;
  variants: string;
}

/** Every number of a Metrics report as CSV sections: per day first, then each section of the view. */
export function metricsSections(m: Metrics, community: string, l: CsvLabels): CsvSection[] {
  const r = m.responses;
  const retentionHeader = [l.week, l.members, ...[1, 7, 30].flatMap((n) => [l.eligible(n), l.retained(n), l.rate(n)])];
  return [
    {
      title: l.report,
      header: [l.community, l.from, l.to, l.timeZone, l.variant],
      rows: [[community, m.from, m.to, m.timeZone, m.variant ?? l.everyMember]],
    },
    {
      title: l.perDay,
      header: [l.day, l.dau, l.wau, l.mau, l.newMembers, l.posts, l.replies, l.reactions],
      rows: m.days.map((d) => [d.day, d.activeMembers, d.weeklyActiveMembers, d.monthlyActiveMembers, d.newMembers, d.posts, d.replies, d.reactions]),
    },
    {
      title: l.totals,
      header: [l.measure, l.value],
      rows: [
        [l.activeMembers, m.totals.activeMembers],
        [l.wau, m.totals.weeklyActiveMembers],
        [l.mau, m.totals.monthlyActiveMembers],
        [l.newMembers, m.totals.newMembers],
        [l.posts, m.totals.posts],
        [l.replies, m.totals.replies],
        [l.reactions, m.totals.reactions],
        [l.events, m.totals.events],
      ],
    },
    {
      title: l.retention,
      header: retentionHeader,
      rows: m.retention.map((c) => [c.week, c.members, ...[c.d1, c.d7, c.d30].flatMap((p) => [p.eligible, p.retained, share(p.rate)])]),
    },
    {
      title: l.responses,
      header: [l.measure, l.value],
      rows: [
        [l.openers, r.openers],
        [l.zeroReply, r.zeroReply],
        [l.zeroReplyRate, share(r.zeroReplyRate)],
        [l.withinTargetRate, share(r.withinTargetRate)],
        [l.targetMinutes, minutes(r.targetMs)],
        [l.firstReplies, r.firstReply.count],
        [l.firstReplyMedian, minutes(r.firstReply.medianMs)],
        [l.firstReplyP90, minutes(r.firstReply.p90Ms)],
        [l.firstStaffReplies, r.firstStaffReply.count],
        [l.firstStaffReplyMedian, minutes(r.firstStaffReply.medianMs)],
        [l.firstStaffReplyP90, minutes(r.firstStaffReply.p90Ms)],
      ],
    },
    {
      title: l.feedbackByStatus,
      header: [l.status, l.count],
      rows: m.feedbackByStatus.map((s) => [l.statusName(s.status), s.count]),
    },
    {
      title: l.polls,
      header: [l.poll, l.question, l.ballots, l.voters],
      rows: [...m.polls.polls.map((p) => [p.pollId, p.question, p.ballots, p.voters]), [l.allPolls, null, null, m.polls.voters], [l.participation, null, null, share(m.polls.participation)]],
    },
    {
      title: l.topContributors,
      header: [l.member, l.memberId, l.events, l.points],
      rows: m.topContributors.map((c) => [c.member.displayName, c.member.id, c.events, c.points]),
    },
    {
      title: l.topTopics,
      header: [l.topic, l.posts],
      rows: m.topTopics.map((t) => [t.topic, t.posts]),
    },
    {
      title: l.variants,
      header: [l.variant, l.activeMembers, l.events],
      rows: m.variants.map((v) => [v.variant ?? l.noVariant, v.activeMembers, v.events]),
    },
  ];
}

/** The file name of a report: `hearth-analytics-<community>-<from>-to-<to>[-<variant>].csv`, safe on every system. */
export function csvFileName(community: string, m: Pick<Metrics, 'from' | 'to' | 'variant'>): string {
  const safe = (part: string) => part.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'x';
  return `hearth-analytics-${safe(community)}-${m.from}-to-${m.to}${m.variant ? `-${safe(m.variant)}` : ''}.csv`;
}
