import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CommunitySettings, Leaderboard } from '@hearth/protocol';
import { ADMIN_KEY, axeViolations, setUpConsole } from './test-support.js';

// The gamification view end to end: members earn through real calls, the operator changes a
// rule, previews the reordered board, saves, and the next check-in earns under the new rule.

const h = setUpConsole();

async function openGamification(): Promise<{ page: Page; problems: () => string[] }> {
  const { page, errors } = await h.open();
  page.setDefaultTimeout(10_000);
  await h.signIn(page);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Gamification' }).click();
  await page.getByRole('heading', { name: 'Gamification', level: 1 }).waitFor();
  await page.getByRole('spinbutton', { name: 'Check-in', exact: true }).waitFor();
  return { page, problems: () => [...errors] };
}

/** The preview's row for a member: its cells as text (member, now, with these settings, change shown then spoken, points, level). */
async function previewRow(page: Page, name: string): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Leaderboard preview' });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  return [(await row.getByRole('rowheader').textContent()) ?? '', ...(await row.getByRole('cell').allTextContents())];
}

/** The names down the preview, in its order. */
async function previewOrder(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Leaderboard preview' }).getByRole('rowheader').allInnerTexts();
}

/** Chromium's own line for an answer the page expected to be an error. */
const refusedRequest = /Failed to load resource: the server responded with a status of 400/;

describe('the gamification view', { timeout: 60_000 }, () => {
  it('previews a rule change reordering the board, saves it, and new check-ins earn under it', async () => {
    const [ada, bo, cy] = await Promise.all([h.token({ id: 'ada', displayName: 'Ada' }), h.token({ id: 'bo', displayName: 'Bo' }), h.token({ id: 'cy', displayName: 'Cy' })]);
    const comment = (token: string, n: number) => h.call('createComment', { threadKey: '/launch', body: `Comment number ${n}`, idempotencyKey: `gamification-e2e-${n}` }, token);
    // Ada: three comments (6). Cy: two (4). Bo: a check-in and a comment (3).
    for (const n of [1, 2, 3]) await comment(ada, n);
    for (const n of [4, 5]) await comment(cy, n);
    await h.call('gamification.checkIn', {}, bo);
    await comment(bo, 6);
    const board = await h.call<Leaderboard>('gamification.leaderboard', { period: 'week' }, ADMIN_KEY, false);
    expect(board.items.map((r) => [r.member.displayName, r.points])).toEqual([
      ['Ada', 6],
      ['Cy', 4],
      ['Bo', 3],
    ]);

    const { page, problems } = await openGamification();
    try {
      // The saved settings: the board as it stands.
      await page.getByText('These are the saved settings').waitFor();
      expect(await previewOrder(page)).toEqual(['Ada', 'Cy', 'Bo']);
      expect(await previewRow(page, 'Ada')).toEqual(['Ada', '#1 · 6 pts', '#1 · 6 pts', '—Same place', '6 → 6', '1 · Newcomer']);
      await page.getByText('The daily check-in.').waitFor();

      await page.getByRole('spinbutton', { name: 'Check-in', exact: true }).fill('10');
      await page.getByText('The settings changed since this preview').waitFor();
      await page.getByRole('button', { name: 'Preview changes' }).click();
      await page.getByRole('status').filter({ hasText: '3 members would move.' }).waitFor();
      expect(await previewOrder(page)).toEqual(['Bo', 'Ada', 'Cy']);
      expect(await previewRow(page, 'Bo')).toEqual(['Bo', '#3 · 3 pts', '#1 · 12 pts', '↑2Up 2', '3 → 12', '1 · Newcomer']);
      expect(await previewRow(page, 'Ada')).toEqual(['Ada', '#1 · 6 pts', '#2 · 6 pts', '↓1Down 1', '6 → 6', '1 · Newcomer']);
      expect(await previewRow(page, 'Cy')).toEqual(['Cy', '#2 · 4 pts', '#3 · 4 pts', '↓1Down 1', '4 → 4', '1 · Newcomer']);
      // A preview saves nothing, and the board has not moved.
      expect((await h.call<CommunitySettings>('community.getSettings', {}, ADMIN_KEY, false)).points.rules.check_in).toBe(1);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Save points settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved. The new settings apply to points earned from now on.' }).waitFor();
      expect((await h.call<CommunitySettings>('community.getSettings', {}, ADMIN_KEY, false)).points.rules.check_in).toBe(10);

      // Saved rules apply from now on: Bo's check-in keeps its 1; Cy's new one earns 10.
      const after = await h.call<Leaderboard>('gamification.leaderboard', { period: 'week' }, ADMIN_KEY, false);
      expect(after.items.map((r) => [r.member.displayName, r.points])).toEqual([
        ['Ada', 6],
        ['Cy', 4],
        ['Bo', 3],
      ]);
      const checkIn = await h.call<{ earned: number }>('gamification.checkIn', {}, cy);
      expect(checkIn.earned).toBe(10);
      const moved = await h.call<Leaderboard>('gamification.leaderboard', { period: 'week' }, ADMIN_KEY, false);
      expect(moved.items.map((r) => [r.member.displayName, r.points])).toEqual([
        ['Cy', 14],
        ['Ada', 6],
        ['Bo', 3],
      ]);

      await page.reload();
      await page.getByRole('spinbutton', { name: 'Check-in', exact: true }).waitFor();
      expect(await page.getByRole('spinbutton', { name: 'Check-in', exact: true }).inputValue()).toBe('10');
      await page.getByText('These are the saved settings').waitFor();
      expect(await previewOrder(page)).toEqual(['Cy', 'Ada', 'Bo']);
      expect(await previewRow(page, 'Cy')).toEqual(['Cy', '#1 · 14 pts', '#1 · 14 pts', '—Same place', '14 → 14', '1 · Newcomer']);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows a refused save by the field, from the keyboard, and changes nothing', async () => {
    const before = (await h.call<CommunitySettings>('community.getSettings', {}, ADMIN_KEY, false)).points;
    const { page, problems } = await openGamification();
    try {
      // Level 2 at 0 points: no higher than level 1.
      const second = page.getByRole('spinbutton', { name: 'Level 2 points needed' });
      await second.fill('0');
      await page.getByRole('button', { name: 'Save points settings' }).focus();
      await page.keyboard.press('Enter');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toContain('Level 2, points needed: Each level needs more points than the one before (0).');
      expect(await second.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await second.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe('Each level needs more points than the one before (0).');
      expect((await h.call<CommunitySettings>('community.getSettings', {}, ADMIN_KEY, false)).points).toEqual(before);

      // A rule left empty is caught before anything is sent.
      await second.fill('50');
      const reply = page.getByRole('spinbutton', { name: 'Reply', exact: true });
      await reply.fill('');
      await page.getByRole('button', { name: 'Preview changes' }).click();
      expect(await page.getByRole('alert').innerText()).toContain('Reply: Enter a number.');
      expect(await reply.getAttribute('aria-invalid')).toBe('true');

      // Streak bonuses are added and removed from the keyboard; discarding brings the saved values back.
      await page.getByRole('button', { name: 'Add a streak bonus' }).focus();
      await page.keyboard.press('Enter');
      const third = page.getByRole('spinbutton', { name: 'Bonus 3 streak days' });
      await third.waitFor();
      // The new row takes the keyboard once it has rendered (an effect after paint): wait for it.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Bonus 3 streak days');
      expect(await third.inputValue()).toBe('60');
      await page.getByRole('button', { name: 'Remove bonus 3' }).press('Enter');
      await third.waitFor({ state: 'detached' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Add a streak bonus');
      await page.getByRole('button', { name: 'Discard changes' }).click();
      expect(await reply.inputValue()).toBe(String(before.rules.reply));
      expect(await page.getByRole('alert').count()).toBe(0);
      expect((await h.call<CommunitySettings>('community.getSettings', {}, ADMIN_KEY, false)).points).toEqual(before);
      expect(problems().filter((e) => !refusedRequest.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('lists the badge catalogue with how many members hold each badge', async () => {
    const dee = await h.token({ id: 'dee', displayName: 'Dee' });
    await h.call('feed.createPost', { space: 'general', body: 'Hello from Dee', idempotencyKey: 'gamification-e2e-post-1' }, dee);
    const { page, problems } = await openGamification();
    try {
      const badges = page.getByRole('table', { name: 'Badges' });
      const firstPost = badges.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /First Post/ }) });
      expect(await firstPost.getByRole('cell').allInnerTexts()).toEqual(['Published a first feed post or question.', '—', '1']);
      const streak30 = badges.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /30-Day Streak/ }) });
      expect(await streak30.getByRole('cell').allInnerTexts()).toEqual(['Checked in 30 days in a row.', 'Streak Master', '0']);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('leaves Gamification out of a moderator’s navigation', async () => {
    const token = await h.token({ id: 'mod', displayName: 'Mo', role: 'moderator' });
    const { page } = await h.open();
    try {
      await h.signIn(page, token);
      const nav = page.getByRole('navigation', { name: 'Console' });
      await nav.getByRole('link', { name: 'Inbox' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Gamification' }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});
