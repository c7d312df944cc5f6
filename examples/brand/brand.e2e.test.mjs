// End to end: the brand demo as `npm start` serves it (the CDN bundle from a real build, each
// widget's code loading when its tag appears, the memory backend seeded with the demo
// community), driven in the system Chromium as a visitor would. It proves issue 4's "Done
// when": every widget works together; posting in the feed moves the leaderboard; an accepted
// answer pays its bounty; a poll's results update live in two widgets at once; a reload keeps
// everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS } from '../../packages/protocol/src/community-defaults.ts';
import { startDemo } from '../../scripts/e2e-demo.mjs';

// The figures the rules give (docs/points.md): a feed post earns `post`; an accepted answer
// earns `answer_accepted`. The bounty is paid to the answerer's balance as a `bounty_award`,
// which — like every bounty movement — is left out of lifetime points and every leaderboard.
const POST_POINTS = DEFAULT_COMMUNITY_SETTINGS.points.rules.post; // 5
const ACCEPTED_POINTS = DEFAULT_COMMUNITY_SETTINGS.points.rules.answer_accepted; // 15
const BOUNTY = 50; // demoSeed: Maya's rain-jacket question
const QUESTION = 'How do I re-waterproof a rain jacket?';
const STORAGE_KEY = 'hearth:brand-demo';
const LOAD = { timeout: 20_000 };

let server;
let browser;
let demo;

beforeAll(async () => {
  demo = await startDemo();
  ({ server, browser } = demo);
}, 120_000);

afterAll(async () => {
  await demo?.stop();
});

/** A new visitor (fresh context: empty localStorage) on the brand page, with every page and console error kept. */
async function openDemo() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
  await page.goto(`${server.url}brand/`);
  const widgets = {
    feed: page.locator('community-feed'),
    qa: page.locator('community-qa'),
    board: page.locator('community-feedback[mode="board"]'),
    launcher: page.locator('community-feedback[mode="launcher"]'),
    leaderboard: page.locator('community-leaderboard'),
    sidebarPoll: page.locator('aside community-poll[poll="demo-poll"]'),
    storyPoll: page.locator('#story community-poll[poll="demo-poll"]'),
    counts: page.locator('community-count'),
    comments: page.locator('community-comments'),
  };
  return { context, page, errors, ...widgets };
}

/** Picks who the visitor is, as the header's "Viewing as" select does. */
async function viewAs(page, who) {
  await page.getByLabel('Viewing as').selectOption(who);
}

/** A leaderboard row by the member's name as shown (the viewer's own row says "(You)" after it). */
function boardRow(leaderboard, name) {
  return leaderboard
    .locator('[part~="list"] [part~="row"]')
    .filter({ has: leaderboard.page().locator('[part~="name"]', { hasText: new RegExp(`^\\s*${name.replace(/[()]/g, '\\$&')}(\\s*\\(you\\))?\\s*$`, 'i') }) });
}

/** The points a row shows ("41 points" → 41), or null when the member is not on the board. */
async function pointsOf(leaderboard, name) {
  const row = boardRow(leaderboard, name);
  if ((await row.count()) === 0) return null;
  const text = await row.first().locator('[part~="points"]').textContent();
  return Number(text.replace(/[^\d]/g, ''));
}

async function selectPeriod(leaderboard, label) {
  const tab = leaderboard.getByRole('tab', { name: label });
  await tab.click();
  await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
}

/** A poll option's count as shown in its results ("Glacier blue … 1 vote, 25%" → 1). */
async function resultCount(poll, label) {
  const text = await poll.locator('[part~="result"]', { hasText: label }).locator('.count').textContent();
  return Number(text.match(/^\s*([\d,]+)/)[1].replace(/,/g, ''));
}

/** Jonas's ledger entries as the memory backend saved them to localStorage. */
async function jonasLedger(page) {
  const snapshot = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), STORAGE_KEY);
  return (snapshot?.collections?.ledger ?? []).filter((entry) => entry.memberId === 'demo-jonas' && !entry.reversed);
}

/** Waits until the seeded demo community is on screen in the widgets the steps use. */
async function waitForDemo({ feed, qa, leaderboard, sidebarPoll, storyPoll }) {
  await feed.locator('[part~="post"]', { hasText: 'Welcome to the Northwind community' }).waitFor(LOAD);
  await qa.locator('[part~="question-row"]', { hasText: QUESTION }).waitFor(LOAD);
  await boardRow(leaderboard, 'Jonas Weber').waitFor(LOAD);
  await sidebarPoll.locator('[part~="result"]').first().waitFor(LOAD);
  await storyPoll.locator('[part~="result"]').first().waitFor(LOAD);
}

/** Writes a feed post through the composer as the current viewer. */
async function postInFeed(feed, title, body) {
  await feed.getByRole('button', { name: 'Start a post…' }).click();
  const composer = feed.locator('[part~="composer"]');
  await composer.getByLabel('Title (optional)').fill(title);
  await composer.getByLabel('Your post (Markdown)').fill(body);
  await composer.getByRole('button', { name: 'Post', exact: true }).click();
  await feed.locator('[part~="post"]', { hasText: title }).first().waitFor(LOAD);
}

/** Opens the rain-jacket question and accepts Jonas's answer as Maya. */
async function acceptJonasAnswer(qa) {
  await qa.getByRole('button', { name: QUESTION }).click();
  await qa.getByRole('heading', { name: QUESTION }).waitFor(LOAD);
  const jonas = qa.locator('[part~="answer"]', { hasText: 'technical cleaner' });
  await jonas.getByRole('button', { name: 'Accept answer' }).click();
  await jonas.locator('[part~="accepted-badge"]').waitFor(LOAD);
}

describe('the brand demo', () => {
  it('renders every widget with the demo community, with no page or console errors', async () => {
    const demo = await openDemo();
    const { page, errors, feed, qa, board, launcher, leaderboard, sidebarPoll, storyPoll, counts, comments } = demo;
    await waitForDemo(demo);

    // Feed: the pinned announcement, the featured trip report, sort tabs and the composer button.
    await feed.locator('[part~="post"]', { hasText: 'Three nights on the Kungsleden' }).locator('[part~="featured"]').waitFor(LOAD);
    await feed.locator('[part~="post"]', { hasText: 'Welcome to the Northwind community' }).locator('[part~="pinned"]').waitFor();
    expect(await feed.getByRole('tab').count()).toBe(4);
    await feed.getByRole('button', { name: 'Start a post…' }).waitFor();

    // Q&A: the questions, the bounty tag on Maya's, the accepted mark on Priya's.
    await qa.locator('[part~="question-row"]', { hasText: QUESTION }).locator('[part~="bounty-tag"]', { hasText: `+${BOUNTY} bounty` }).waitFor();
    await qa.locator('[part~="question-row"]', { hasText: 'Ridge 2 big enough' }).locator('[part~="accepted-mark"]').waitFor();

    // Feedback board: the seeded ideas with votes and statuses.
    await board.locator('[part~="heading"]', { hasText: 'Feedback' }).waitFor(LOAD);
    await board.getByText('Show pack weight in grams and ounces').waitFor(LOAD);
    await board.getByText('Repair kits sold separately').waitFor();

    // Leaderboard: the week's members ranked, the period tabs, the check-in button.
    for (const name of ['Jonas Weber', 'Maya Chen', 'Priya Natarajan']) await boardRow(leaderboard, name).waitFor();
    expect(await leaderboard.getByRole('tab').count()).toBe(3);
    await leaderboard.getByRole('button', { name: 'Check in' }).waitFor();

    // Both polls: the question and the seeded results (3 ballots: 2 green, 1 orange).
    for (const poll of [sidebarPoll, storyPoll]) {
      await poll.getByRole('heading', { name: 'Which colour should the next Ridge tent come in?' }).waitFor();
      expect(await resultCount(poll, 'Forest green')).toBe(2);
      expect(await resultCount(poll, 'Sunset orange')).toBe(1);
      await poll.getByRole('radio', { name: 'Glacier blue' }).waitFor();
    }

    // Count badges: the two journal threads.
    await expect.poll(() => counts.nth(0).evaluate((el) => el.shadowRoot?.textContent ?? ''), LOAD).toContain('6 comments');
    await expect.poll(() => counts.nth(1).evaluate((el) => el.shadowRoot?.textContent ?? ''), LOAD).toContain('1 comment');

    // Comments: the seeded /demo conversation.
    await expect.poll(() => comments.locator('[part~="comment"]').count(), LOAD).toBeGreaterThan(1);
    await comments.getByText('Welcome to the demo!').first().waitFor();

    // The floating feedback button opens its dialog.
    const button = launcher.getByRole('button', { name: 'Send feedback' });
    await button.click();
    await launcher.getByRole('dialog', { name: 'Send feedback' }).waitFor(LOAD);
    await launcher.getByRole('button', { name: 'Close' }).click();
    await launcher.getByRole('dialog').waitFor({ state: 'hidden' });

    // Signed out, the widgets offer to sign in instead of writing.
    await viewAs(page, 'guest');
    await feed.getByText('Sign in to post.').waitFor(LOAD);
    for (const poll of [sidebarPoll, storyPoll]) await poll.getByText('Sign in to vote.').waitFor(LOAD);
    await leaderboard.locator('[part~="viewer-row"]', { hasText: 'Sign in' }).waitFor(LOAD);
    await viewAs(page, 'you');
    await feed.getByRole('button', { name: 'Start a post…' }).waitFor(LOAD);

    // The page's theme and language switches reach every widget.
    await page.getByLabel('Theme').selectOption('dark');
    for (const widget of [feed, qa, board, leaderboard, sidebarPoll, storyPoll]) {
      await expect.poll(() => widget.getAttribute('data-scheme')).toBe('dark');
    }
    await expect.poll(() => comments.getAttribute('theme')).toBe('dark');
    await page.getByLabel('Language').selectOption('zh-CN');
    await feed.getByRole('heading', { name: '社区动态' }).waitFor(LOAD);
    await qa.getByRole('heading', { name: '问答' }).waitFor(LOAD);
    await leaderboard.getByRole('heading', { name: '排行榜' }).waitFor(LOAD);

    expect(errors).toEqual([]);
    await demo.context.close();
  }, 90_000);

  it('posting in the feed earns points that put the new member on the week leaderboard', async () => {
    const demo = await openDemo();
    const { errors, feed, leaderboard } = demo;
    await waitForDemo(demo);
    await expect.poll(() => leaderboard.getByRole('tab', { name: 'This week' }).getAttribute('aria-selected')).toBe('true');

    // "You" is a new member with no points: not on the board yet.
    await leaderboard.locator('[part~="viewer-row"]', { hasText: 'Not ranked yet' }).waitFor(LOAD);
    expect(await pointsOf(leaderboard, 'You')).toBeNull();

    await postInFeed(feed, 'First trip with the Ridge 2', 'Pitched it **fly-first** like Jonas said. Worked a treat.');
    const post = feed.locator('[part~="post"]', { hasText: 'First trip with the Ridge 2' }).first();
    await expect(post.locator('strong').first().textContent()).resolves.toBe('fly-first');
    await expect(post.locator('community-member-chip').first().textContent()).resolves.toContain('You');

    // The leaderboard moves without a reload: "You" is ranked with the post's points.
    await expect.poll(() => pointsOf(leaderboard, 'You'), LOAD).toBe(POST_POINTS);
    // Ranked within the list, their rank is told (to screen readers) rather than shown twice.
    await leaderboard.locator('[part~="viewer-row"]', { hasText: 'Your rank' }).waitFor({ ...LOAD, state: 'attached' });

    expect(errors).toEqual([]);
    await demo.context.close();
  }, 90_000);

  it('accepting an answer pays its bounty and moves the answerer up the leaderboard', async () => {
    const demo = await openDemo();
    const { page, errors, qa, leaderboard } = demo;
    await waitForDemo(demo);

    // Jonas's points before, on the week and all-time boards.
    // Maya's admin grant of 20 days ago counts all-time only: her points tell which board is on screen.
    const weekBefore = await pointsOf(leaderboard, 'Jonas Weber');
    const mayaWeek = await pointsOf(leaderboard, 'Maya Chen');
    await selectPeriod(leaderboard, 'All time');
    await expect.poll(() => pointsOf(leaderboard, 'Maya Chen'), LOAD).toBeGreaterThan(mayaWeek);
    const allBefore = await pointsOf(leaderboard, 'Jonas Weber');
    expect(weekBefore).toBeGreaterThan(0);
    expect(allBefore).toBeGreaterThanOrEqual(weekBefore);

    // As Maya, who asked: the question page offers to accept, and shows the open bounty.
    await viewAs(page, 'maya');
    await qa.getByRole('button', { name: QUESTION }).click();
    await qa.getByRole('heading', { name: QUESTION }).waitFor(LOAD);
    await qa.locator('[part~="bounty"] [data-bounty="open"]', { hasText: `${BOUNTY} point bounty` }).waitFor(LOAD);
    const jonas = qa.locator('[part~="answer"]', { hasText: 'technical cleaner' });
    await jonas.getByRole('button', { name: 'Accept answer' }).click();

    // The answer is marked accepted and the bounty panel says who was paid what.
    await jonas.locator('[part~="accepted-badge"]').waitFor(LOAD);
    await qa.locator('[part~="bounty"] [data-bounty="paid"]', { hasText: `Bounty paid: ${BOUNTY} points to Jonas Weber.` }).waitFor(LOAD);

    // The leaderboards move live by the accepted-answer points (bounty movements stay off boards).
    await expect.poll(() => pointsOf(leaderboard, 'Jonas Weber'), LOAD).toBe(allBefore + ACCEPTED_POINTS);
    await selectPeriod(leaderboard, 'This week');
    await expect.poll(() => pointsOf(leaderboard, 'Maya Chen'), LOAD).toBe(mayaWeek);
    await expect.poll(() => pointsOf(leaderboard, 'Jonas Weber'), LOAD).toBe(weekBefore + ACCEPTED_POINTS);

    // What the backend now holds: Jonas's ledger has the bounty award and the accepted-answer points.
    const ledger = await jonasLedger(page);
    expect(ledger.filter((entry) => entry.rule === 'bounty_award').map((entry) => entry.delta)).toEqual([BOUNTY]);
    // One accepted answer from the seed (the Ridge 2 question), one now.
    expect(ledger.filter((entry) => entry.rule === 'answer_accepted').map((entry) => entry.delta)).toEqual([ACCEPTED_POINTS, ACCEPTED_POINTS]);

    expect(errors).toEqual([]);
    await demo.context.close();
  }, 90_000);

  it('a vote in one poll shows in the other copy of it at once', async () => {
    const demo = await openDemo();
    const { errors, sidebarPoll, storyPoll } = demo;
    await waitForDemo(demo);
    expect(await resultCount(storyPoll, 'Glacier blue')).toBe(0);

    await sidebarPoll.getByRole('radio', { name: 'Glacier blue' }).check();
    await sidebarPoll.getByRole('button', { name: 'Vote', exact: true }).click();

    // The widget voted in marks the ballot; the other copy, untouched, shows the new count live.
    await sidebarPoll.locator('[part~="ballot"]', { hasText: 'Glacier blue' }).waitFor(LOAD);
    await expect.poll(() => resultCount(sidebarPoll, 'Glacier blue'), LOAD).toBe(1);
    await expect.poll(() => resultCount(storyPoll, 'Glacier blue'), LOAD).toBe(1);
    await storyPoll.locator('[part~="meta"]', { hasText: '4 votes' }).waitFor(LOAD);
    // Same viewer, so the second copy knows the ballot is theirs too.
    await storyPoll.locator('[part~="ballot"]', { hasText: 'Glacier blue' }).waitFor(LOAD);

    expect(errors).toEqual([]);
    await demo.context.close();
  }, 90_000);

  it('keeps the post, the points, the accepted answer, the bounty and the vote after a reload', async () => {
    const demo = await openDemo();
    const { page, errors, feed, qa, leaderboard, sidebarPoll, storyPoll } = demo;
    await waitForDemo(demo);
    const jonasBefore = await pointsOf(leaderboard, 'Jonas Weber');

    await postInFeed(feed, 'Kept after reload', 'This post should survive a reload.');
    await expect.poll(() => pointsOf(leaderboard, 'You'), LOAD).toBe(POST_POINTS);
    await sidebarPoll.getByRole('radio', { name: 'Sunset orange' }).check();
    await sidebarPoll.getByRole('button', { name: 'Vote', exact: true }).click();
    await expect.poll(() => resultCount(storyPoll, 'Sunset orange'), LOAD).toBe(2);
    await viewAs(page, 'maya');
    await acceptJonasAnswer(qa);
    await expect.poll(() => pointsOf(leaderboard, 'Jonas Weber'), LOAD).toBe(jonasBefore + ACCEPTED_POINTS);

    await page.reload();
    // The viewer picked is remembered by the page.
    await expect.poll(() => page.getByLabel('Viewing as').inputValue(), LOAD).toBe('maya');
    await feed.locator('[part~="post"]', { hasText: 'Kept after reload' }).waitFor(LOAD);
    await expect.poll(() => pointsOf(leaderboard, 'You'), LOAD).toBe(POST_POINTS);
    await expect.poll(() => pointsOf(leaderboard, 'Jonas Weber'), LOAD).toBe(jonasBefore + ACCEPTED_POINTS);
    for (const poll of [sidebarPoll, storyPoll]) await expect.poll(() => resultCount(poll, 'Sunset orange'), LOAD).toBe(2);
    // The question is answered now and its bounty paid, not open.
    const row = qa.locator('[part~="question-row"]', { hasText: QUESTION });
    await row.locator('[part~="accepted-mark"]').waitFor(LOAD);
    expect(await row.locator('[part~="bounty-tag"]').count()).toBe(0);
    await qa.getByRole('button', { name: QUESTION }).click();
    await qa.locator('[part~="answer"]', { hasText: 'technical cleaner' }).locator('[part~="accepted-badge"]').waitFor(LOAD);
    await qa.locator('[part~="bounty"] [data-bounty="paid"]', { hasText: `Bounty paid: ${BOUNTY} points to Jonas Weber.` }).waitFor(LOAD);

    expect(errors).toEqual([]);
    await demo.context.close();
  }, 120_000);
});
