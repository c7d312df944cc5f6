// A poll's results and breakdown as a CSV file made in the browser from what the view loaded:
// RFC 4180 quoting, CRLF line ends, a UTF-8 byte order mark so spreadsheet apps read Chinese
// labels right, and text cells that would start a formula defused.
import type { BreakdownGroup, Poll, PollBreakdown, PollResults } from '@hearth/protocol';

/** One cell: text is quoted when it needs to be; numbers go as they are. */
export type Cell = string | number | null;

/** The words of the file, in the operator's language. */
export interface CsvWords {
  poll: string;
  question: string;
  type: string;
  status: string;
  ballots: string;
  exported: string;
  results: string;
  option: string;
  votes: string;
  percent: string;
  value: string;
  average: string;
  winner: string;
  firstPreferences: string;
  byRole: string;
  byLevel: string;
  group: string;
  minGroup: string;
  groupName: (group: BreakdownGroup) => string;
}

/** A text cell as CSV writes it: quoted when it holds a comma, quote or line break; `=`, `+`, `-`, `@` first get a `'`. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // A label such as "=HYPERLINK(…)" must stay text in a spreadsheet, never run.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text with the UTF-8 byte order mark, CRLF after every row. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The rows of a poll's export: the poll, its results, then the breakdown by role and by level when loaded. */
export function pollRows(poll: Poll, results: PollResults | null, breakdown: PollBreakdown | null, words: CsvWords, labels: { type: string; status: string }, now: Date): Cell[][] {
  const rows: Cell[][] = [
    [words.poll, poll.id],
    [words.question, poll.question],
    [words.type, labels.type],
    [words.status, labels.status],
    [words.ballots, poll.totalBallots],
    [words.exported, now.toISOString()],
    [],
  ];
  if (results) {
    rows.push([words.results]);
    if (results.type === 'rating') {
      rows.push([words.value, words.votes, words.percent]);
      for (const bucket of results.distribution) rows.push([bucket.value, bucket.count, bucket.percent]);
      rows.push([words.average, results.average]);
    } else {
      rows.push([words.option, results.type === 'ranked' ? words.firstPreferences : words.votes, words.percent]);
      for (const option of results.options) rows.push([option.label, option.count, option.percent]);
      if (results.type === 'ranked') rows.push([words.winner, poll.options.find((o) => o.id === results.winner)?.label ?? null]);
    }
    rows.push([]);
  }
  if (breakdown) {
    const head: Cell[] =
      breakdown.type === 'rating'
        ? [words.group, words.ballots, words.average, ...(results?.type === 'rating' ? results.distribution.map((b) => String(b.value)) : [])]
        : [words.group, words.ballots, ...poll.options.map((o) => o.label)];
    const line = (group: BreakdownGroup): Cell[] =>
      breakdown.type === 'rating' ? [words.groupName(group), group.ballots, group.average, ...group.distribution.map((b) => b.count)] : [words.groupName(group), group.ballots, ...group.options.map((o) => o.count)];
    rows.push([words.byRole], head, ...breakdown.byRole.map(line), []);
    rows.push([words.byLevel], head, ...breakdown.byLevel.map(line), []);
    rows.push([words.minGroup, breakdown.minGroupSize]);
  }
  return rows;
}

/** Hands `text` to the browser as a download named `filename`. */
export function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
