import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Metrics } from '@hearth/protocol';
import { ADMIN_KEY, COMMUNITY, axeViolations, setUpConsole } from './test-support.js';

// The analytics view end to end: members of the test community post, reply, react, vote and
// send feedback over HTTP (some in an experiment variant), then the built console in Chromium
// shows those numbers in its charts' data tables and accessible names, changes range and
// variant, exports them as CSV, and refuses a bad range without changing what it shows.

const h = setUpConsole();

let serial = 0;
const key = () => `key-analytics-e2e-${++serial}`;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** A write as `token`, carrying the experiment variant the host gave the viewer (the Hearth-Variant header). */
async function write<T>(op: string, input: unknown, token: string, variant?: string): Promise<T> {
  const headers: Record<string, string> = { 'hearth-community': COMMUNITY, authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (variant) headers['hearth-variant'] = variant;
  const res = await fetch(`${h.server.url}/v1/${op}`, { method: 'POST', headers, body: JSON.stringify(input) });
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${op}: ${res.status} ${body.error?.message}`);
  return body;
}

const POLL_QUESTION = 'Which plan, "Pro" or Team?';

beforeAll(async () => {
  // The community's default time zone is UTC, as `today` above.
  await h.call('community.updateSettings', { flood: { duplicateWindowMs: 10 * 60 * 1000, maxPostsPerMinute: 1000 } });
  const ada = await h.token({ id: 'ada', displayName: 'Ada Lovelace' });
  const li = await h.token({ id: 'li', displayName: '李娜' });
  const cy = await h.token({ id: 'cy', displayName: 'Cy' });
  const post = await write<{ id: string }>('feed.createPost', { space: 'general', title: 'Pricing', body: 'What does the yearly plan cost?', topics: ['pricing'], idempotencyKey: key() }, ada, 'quick-start');
  await write('createComment', { threadKey: `post:${post.id}`, body: 'About 20% less than monthly.', idempotencyKey: key() }, li);
  await write('feed.reactToPost', { postId: post.id, emoji: '👍', active: true }, li);
  await write('feed.reactToPost', { postId: post.id, emoji: '❤️', active: true }, cy, 'control');
  const poll = await h.call<{ poll: { id: string; options: Array<{ id: string }> } }>('polls.createPoll', { question: POLL_QUESTION, type: 'single', options: ['Pro', 'Team'], idempotencyKey: key() });
  await write('polls.vote', { pollId: poll.poll.id, choices: [poll.poll.options[0]!.id] }, ada, 'quick-start');
  await write('polls.vote', { pollId: poll.poll.id, choices: [poll.poll.options[1]!.id] }, li);
  const idea = await write<{ id: string }>('feedback.submitFeedback', { kind: 'idea', title: 'Annual invoices', body: 'One invoice a year, please.', idempotencyKey: key() }, cy, 'control');
  await h.call('feedback.setFeedbackStatus', { feedbackId: idea.id, status: 'planned', reply: 'Coming in March.' });
  await write('feedback.submitFeedback', { kind: 'bug', title: 'Receipt typo', body: 'It says "recieved".', idempotencyKey: key() }, li);
});

/** The server's own numbers for a range, to hold the view to. */
const metrics = (input: { from: string; to: string; variant?: string }) => h.call<Metrics>('analytics.metrics', input, ADMIN_KEY, false);

/** A new page signed in as the admin key, on the Analytics view with its first report shown. */
async function openAnalytics(): Promise<{ page: Page; problems: () => string[] }> {
  const { page, errors } = await h.open();
  page.setDefaultTimeout(10_000);
  await h.signIn(page);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Analytics' }).click();
  await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
  await page.getByRole('status').filter({ hasText: /^Showing / }).waitFor();
  return { page, problems: () => [...errors] };
}

/** A chart's "Show data" table, opened: its rows as arrays of cell texts (header row first). */
async function chartData(page: Page, title: string): Promise<string[][]> {
  const figure = page.getByRole('figure', { name: title });
  const details = figure.locator('details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await figure.getByText('Show data').click();
  return rows(figure.getByRole('table', { name: title }));
}

async function rows(table: Locator): Promise<string[][]> {
  return table.getByRole('row').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell.textContent ?? '').trim())));
}

/** The range form's date input named `name`. */
const dateField = (page: Page, name: 'From' | 'To') => page.getByRole('form', { name: 'Report range' }).getByLabel(name, { exact: true });

/** The row of `rows` whose first cell is `first`. */
const rowOf = (table: string[][], first: string) => table.find((row) => row[0] === first);

describe('the analytics view', { timeout: 60_000 }, () => {
  it('charts the range’s activity, retention, responses, feedback, polls, contributors and variants, with their numbers', async () => {
    const server = await metrics({ from: daysAgo(29), to: today });
    const todays = server.days.at(-1)!;
    expect(todays).toMatchObject({ posts: 1, replies: 1, reactions: 2 });
    const { page, problems } = await openAnalytics();
    try {
      const status = page.getByRole('status').filter({ hasText: /^Showing / });
      expect(await status.textContent()).toContain(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`)));

      // Tiles.
      const tile = (name: string) => page.locator('.tile').filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${name}$`) }) }).locator('.tile-value');
      expect(await tile('Active members').first().textContent()).toBe(String(server.totals.activeMembers));
      expect(await tile('Posts').textContent()).toBe('1');
      expect(await tile('Replies').textContent()).toBe('1');
      expect(await tile('Reactions').textContent()).toBe('2');

      // Time series: the canvas is named by a summary, and the data table has every day.
      const active = page.getByRole('figure', { name: 'Active members per day' });
      const canvas = active.getByRole('img');
      expect(await canvas.getAttribute('aria-label')).toContain(`on the last day ${todays.activeMembers} were active that day`);
      await active.locator('canvas').first().waitFor();
      const activeRows = await chartData(page, 'Active members per day');
      expect(activeRows[0]).toEqual(['Day', 'Daily', 'Weekly', 'Monthly']);
      expect(activeRows).toHaveLength(31);
      expect(rowOf(activeRows, today)).toEqual([today, String(todays.activeMembers), String(todays.weeklyActiveMembers), String(todays.monthlyActiveMembers)]);
      expect(rowOf(activeRows, daysAgo(1))).toEqual([daysAgo(1), '0', '0', '0']);
      expect(rowOf(await chartData(page, 'New members per day'), today)).toEqual([today, String(todays.newMembers)]);
      expect(todays.newMembers).toBeGreaterThanOrEqual(3);
      const content = page.getByRole('figure', { name: 'Posts, replies and reactions per day' });
      expect(await content.getByRole('img').getAttribute('aria-label')).toContain('1 posts, 1 replies and 2 reactions in all');
      expect(rowOf(await chartData(page, 'Posts, replies and reactions per day'), today)).toEqual([today, '1', '1', '2']);

      // Retention: everyone joined this week; nobody's day 1 has passed yet.
      const heat = await rows(page.getByRole('table', { name: /^Retention by join week/ }));
      expect(heat[0]).toEqual(['Joined in the week of', 'Joined', 'Day 1', 'Day 7', 'Day 30']);
      expect(heat).toHaveLength(2);
      expect(heat[1]!.slice(1)).toEqual([String(server.retention[0]!.members), 'not yet', 'not yet', 'not yet']);

      // Responses: the post got a reply, both feedback items opened conversations.
      const responses = page.getByRole('region', { name: 'Responses' });
      const zero = server.responses;
      expect(await responses.locator('.tile').first().textContent()).toContain(`${zero.zeroReply} of ${zero.openers} conversation openers have no reply`);
      const times = await rows(responses.getByRole('table'));
      expect(times.map((row) => row[0])).toEqual(['Measure', 'First reply, median', 'First reply, 90th percentile', 'First staff reply, median', 'First staff reply, 90th percentile']);
      expect(times[1]![2]).toBe(String(zero.firstReply.count));

      // Feedback by status, polls, contributors, topics, variants.
      const feedback = await rows(page.getByRole('table', { name: /^Feedback by status/ }));
      expect(rowOf(feedback, 'Planned')?.[1]).toBe('1');
      expect(rowOf(feedback, 'Open')?.[1]).toBe('1');
      expect(feedback).toHaveLength(8);
      const polls = await rows(page.getByRole('table', { name: /^Poll participation/ }));
      expect(rowOf(polls, POLL_QUESTION)?.slice(1)).toEqual(['2', '2']);
      const contributors = await rows(page.getByRole('table', { name: /^Top contributors/ }));
      expect(contributors.map((row) => row[0])).toEqual(expect.arrayContaining(['Ada Lovelace', '李娜', 'Cy']));
      const topics = await rows(page.getByRole('table', { name: /^Top topics/ }));
      expect(rowOf(topics, 'pricing')?.[1]).toBe('1');
      const variants = await rows(page.getByRole('table', { name: /^Experiment variants/ }));
      expect(variants.map((row) => row[0])).toEqual(['Variant', 'control', 'quick-start', 'No variant']);
      expect(rowOf(variants, 'quick-start')?.[1]).toBe('1');

      expect(await axeViolations(page)).toEqual([]);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('changes the range by preset and by dates, and filters by variant', async () => {
    const { page, problems } = await openAnalytics();
    try {
      const last7 = page.getByRole('button', { name: 'Last 7 days' });
      await last7.click();
      await expect.poll(() => last7.getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('false');
      expect(await dateField(page, 'From').inputValue()).toBe(daysAgo(6));
      await expect.poll(async () => (await chartData(page, 'New members per day')).length).toBe(8);

      // Dates typed in: the 3 days up to yesterday hold no activity at all.
      await dateField(page, 'From').fill(daysAgo(3));
      await dateField(page, 'To').fill(daysAgo(1));
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await expect.poll(async () => (await chartData(page, 'Posts, replies and reactions per day')).map((row) => row[0])).toEqual(['Day', daysAgo(3), daysAgo(2), daysAgo(1)]);
      expect(await page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('false');
      await page.getByText('No poll had votes in this range.').waitFor();

      // Back to the last 30 days, then only the quick-start variant: Ada alone.
      await page.getByRole('button', { name: 'Last 30 days' }).click();
      await page.getByRole('table', { name: /^Poll participation/ }).waitFor();
      const variant = page.getByRole('combobox', { name: 'Experiment variant' });
      expect(await variant.locator('option').allTextContents()).toEqual(['Every member', 'control', 'quick-start']);
      await variant.selectOption('quick-start');
      await page.getByRole('status').filter({ hasText: 'variant quick-start' }).waitFor();
      const server = await metrics({ from: daysAgo(29), to: today, variant: 'quick-start' });
      expect(server.totals).toMatchObject({ activeMembers: 1, posts: 1, replies: 0, reactions: 0 });
      expect(rowOf(await chartData(page, 'Posts, replies and reactions per day'), today)).toEqual([today, '1', '0', '0']);
      const contributors = await rows(page.getByRole('table', { name: /^Top contributors/ }));
      expect(contributors.slice(1).map((row) => row[0])).toEqual(['Ada Lovelace']);
      // The split still lists every variant side by side.
      expect((await rows(page.getByRole('table', { name: /^Experiment variants/ }))).length).toBe(4);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('exports the numbers on screen as a CSV file Excel reads (BOM, quoting, sections)', async () => {
    const { page, problems } = await openAnalytics();
    try {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const name = download.suggestedFilename();
      expect(name).toBe(`hearth-analytics-${COMMUNITY}-${daysAgo(29)}-to-${today}.csv`);
      await page.getByRole('status').filter({ hasText: `Downloaded ${name}.` }).waitFor();
      const bytes = readFileSync((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      const lines = text.split('\r\n');
      expect(lines.slice(0, 3)).toEqual(['Hearth analytics', 'Community,From,To,Time zone,Variant', `${COMMUNITY},${daysAgo(29)},${today},UTC,Every member`]);
      const perDay = lines.indexOf('Per day');
      expect(lines[perDay + 1]).toBe('Day,Daily active members,Weekly active members,Monthly active members,New members,Posts,Replies,Reactions');
      const server = await metrics({ from: daysAgo(29), to: today });
      const d = server.days.at(-1)!;
      expect(lines).toContain(`${today},${d.activeMembers},${d.weeklyActiveMembers},${d.monthlyActiveMembers},${d.newMembers},1,1,2`);
      expect(lines.filter((line) => /^\d{4}-\d{2}-\d{2},/.test(line)).length).toBeGreaterThanOrEqual(30);
      // A question with a comma and quotes is one quoted cell, its quotes doubled.
      expect(text).toContain(`,"Which plan, ""Pro"" or Team?",2,2\r\n`);
      expect(lines).toContain('李娜,li,' + server.topContributors.find((c) => c.member.id === 'li')!.events + ',' + server.topContributors.find((c) => c.member.id === 'li')!.points);
      expect(lines).toContain('Planned,1');
      expect(lines).toContain('quick-start,1,' + server.variants.find((v) => v.variant === 'quick-start')!.events);
      for (const section of ['Totals', 'Retention by join week', 'Responses', 'Feedback by status (now)', 'Polls', 'Top contributors', 'Top topics', 'Experiment variants']) expect(lines).toContain(section);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('speaks Simplified Chinese and draws in the dark scheme’s colours, with no axe violations', async () => {
    const context = await h.browser.newContext({ colorScheme: 'dark', locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(`${h.server.url}/console/`);
      await page.getByLabel('社区').fill(COMMUNITY);
      await page.getByLabel('管理员 API 密钥或登录令牌').fill(ADMIN_KEY);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('navigation', { name: '控制台' }).getByRole('link', { name: '数据分析' }).click();
      await page.getByRole('heading', { name: '数据分析', level: 1 }).waitFor();
      const chart = page.getByRole('figure', { name: '每日帖子、回复和互动' });
      expect(await chart.getByRole('img').getAttribute('aria-label')).toContain('共 1 篇帖子、1 条回复、2 次互动');
      await chart.locator('canvas').first().waitFor();
      expect(await page.getByRole('button', { name: '最近 7 天' }).count()).toBe(1);
      // The series colours are the dark scheme's, read by the chart when it draws.
      expect(await page.locator('.analytics-view').evaluate((el) => getComputedStyle(el).getPropertyValue('--chart-2').trim())).toBe('#7fb0ea');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the server’s reason for a bad range and keeps the report it had; a range too long is shortened', async () => {
    const { page, problems } = await openAnalytics();
    try {
      const before = await chartData(page, 'Active members per day');
      await dateField(page, 'From').fill(today);
      await dateField(page, 'To').fill(daysAgo(5));
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(`The range ends (${daysAgo(5)}) before it starts (${today}). Swap the dates.`);
      expect(await dateField(page, 'To').getAttribute('aria-invalid')).toBe('true');
      expect(await chartData(page, 'Active members per day')).toEqual(before);
      expect(await page.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true');

      // Two years: the report keeps its end and covers the longest range there is.
      await dateField(page, 'From').fill(daysAgo(730));
      await dateField(page, 'To').fill(today);
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.getByRole('status').filter({ hasText: `A report covers at most 366 days, so it starts on ${daysAgo(365)}.` }).waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await dateField(page, 'From').inputValue()).toBe(daysAgo(365));
      expect(await chartData(page, 'Active members per day')).toHaveLength(367);
      // The refused request is Chromium's one console line; nothing else went wrong.
      expect(problems().filter((e) => !/status of 400/.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
