import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, setUpConsole, type CallFailure } from './test-support.js';

// The moderation view end to end: the built console in Chromium against a real server. The
// test seeds content, reports, mutes and bans over the HTTP API and checks there what the
// console's actions did; the console itself only clicks.

const h = setUpConsole();

/** Calls a write that the server must refuse: how it refused. */
async function refused(op: string, input: unknown, token: string): Promise<CallFailure> {
  const res = await h.request(op, input, token, true);
  if (res.ok) throw new Error(`${op} was expected to fail, and did not.`);
  return res.failure;
}

let keys = 0;
const key = () => `key-moderation-e2e-${++keys}`;
const member = (id: string, displayName: string, role?: string) => h.token({ id, displayName, ...(role ? { role } : {}) });

interface Comment {
  id: string;
  status: string;
}

/** Turns pre-moderation on: from now on members' new posts wait in the held queue. */
const holdEverything = () => h.call('community.updateSettings', { moderation: 'pre' });

function comment(token: string, threadKey: string, body: string): Promise<Comment> {
  return h.call<Comment>('createComment', { threadKey, body, idempotencyKey: key() }, token);
}

/** A comment members can see (approved through the API if the community holds new posts). */
async function publishedComment(token: string, threadKey: string, body: string): Promise<Comment> {
  const made = await comment(token, threadKey, body);
  if (made.status === 'pending') await h.call('moderation.act', { target: { type: 'comment', id: made.id }, action: 'approve' });
  return made;
}

/** The bodies a member (not staff) reads in a thread. */
async function visibleBodies(threadKey: string): Promise<string[]> {
  const reader = await member('reader', 'Reader');
  const page = await h.call<{ items: Array<{ body: string }> }>('listComments', { threadKey }, reader, false);
  return page.items.map((c) => c.body);
}

/** Chromium's console line for an answer the page expected to be a refusal. */
const refusedRequest = /Failed to load resource: the server responded with a status of 403/;

/** A new page signed in (as the admin key unless given a token), on the Moderation view. */
async function openModeration(credential?: string): Promise<{ page: Page; problems: () => string[] }> {
  const { page, errors } = await h.open('/console/#/moderation');
  page.setDefaultTimeout(10_000);
  await h.signIn(page, credential);
  await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor();
  return { page, problems: () => [...errors] };
}

/** The queue card of one comment. */
const card = (page: Page, id: string): Locator => page.locator(`li[data-ref="comment:${id}"]`);

describe('the moderation view', { timeout: 30_000 }, () => {
  it('shows a held comment with why it waits; approving it publishes it in the thread', async () => {
    await holdEverything();
    const ada = await member('ada', 'Ada');
    const held = await comment(ada, '/meetups', 'Is the meetup on Friday?');
    expect(held.status).toBe('pending');
    expect(await visibleBodies('/meetups')).not.toContain('Is the meetup on Friday?');

    const { page, problems } = await openModeration();
    try {
      expect(await page.getByRole('tab', { name: /Held for review/ }).getAttribute('aria-selected')).toBe('true');
      const item = card(page, held.id);
      await item.waitFor();
      expect(await item.getByRole('heading').textContent()).toBe('Comment by Ada');
      const text = await item.textContent();
      expect(text).toContain('Is the meetup on Friday?');
      expect(text).toContain('in /meetups');
      expect(text).toContain('pre-moderation');
      expect(text).toMatch(/posted (just now|\d+ s ago)/);

      await item.getByRole('button', { name: 'Approve' }).click();
      const handled = page.getByRole('region', { name: 'Handled just now' });
      await handled.getByText('Approved: it is published.').waitFor();
      expect(await page.getByRole('tabpanel').locator(`li[data-ref="comment:${held.id}"]`).count()).toBe(0);
      expect(await visibleBodies('/meetups')).toContain('Is the meetup on Friday?');
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('hides a reported comment and restores it, by keyboard', async () => {
    const bo = await member('bo', 'Bo');
    const ad = await publishedComment(bo, '/deals', 'Cheap watches at example.com');
    await h.call('moderation.report', { target: { type: 'comment', id: ad.id }, reason: 'spam' }, await member('cy', 'Cy'));
    await h.call('moderation.report', { target: { type: 'comment', id: ad.id }, reason: 'ad', note: 'Posted in three threads' }, await member('di', 'Di'));

    const { page, problems } = await openModeration();
    try {
      await page.getByRole('tab', { name: /Held for review/ }).focus();
      await page.keyboard.press('ArrowRight');
      const reportedTab = page.getByRole('tab', { name: /Reported/ });
      expect(await reportedTab.getAttribute('aria-selected')).toBe('true');
      expect(await reportedTab.evaluate((tab) => tab === document.activeElement)).toBe(true);

      const item = card(page, ad.id);
      await item.waitFor();
      const text = await item.textContent();
      expect(text).toContain('2 reports:');
      expect(text).toContain('Spam × 1');
      expect(text).toContain('Advertising × 1');
      expect(text).toContain('“Posted in three threads”');

      await item.getByRole('button', { name: 'Hide' }).focus();
      await page.keyboard.press('Enter');
      // The item leaves the queue; the keyboard lands on what happened, and Restore is the next stop.
      const handled = page.getByRole('region', { name: 'Handled just now' }).locator(`li[data-ref="comment:${ad.id}"]`);
      await handled.getByText('Hidden: members no longer see it.').waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Hidden: members no longer see it.');
      expect(await page.getByRole('tabpanel').locator(`li[data-ref="comment:${ad.id}"]`).count()).toBe(0);
      expect(await visibleBodies('/deals')).not.toContain('Cheap watches at example.com');

      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Restore');
      await page.keyboard.press('Enter');
      await handled.getByText('Restored: it is published again.').waitFor();
      expect(await visibleBodies('/deals')).toContain('Cheap watches at example.com');

      // The log has both, newest first; the hide's entry offers Restore, which finds nothing left to do.
      const entries = page.getByRole('table', { name: 'Audit log' }).locator('tbody tr').filter({ hasText: `comment:${ad.id}` });
      await expect.poll(async () => (await entries.locator('td:nth-child(2)').allTextContents()).slice(0, 2)).toEqual(['Restored', 'Hidden']);
      expect(await entries.nth(1).locator('td:nth-child(6)').textContent()).toBe('published → hidden · 2 reports upheld');
      await entries.nth(1).getByRole('button', { name: `Restore comment:${ad.id}` }).click();
      await entries.nth(1).getByText('Already published.').waitFor();
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('approves two held comments at once from the bulk bar', async () => {
    await holdEverything();
    const eve = await member('eve', 'Eve');
    const first = await comment(eve, '/bulk', 'First question about billing');
    const second = await comment(eve, '/bulk', 'Second question about invoices');

    const { page, problems } = await openModeration();
    try {
      await card(page, first.id).getByRole('checkbox').check();
      await card(page, second.id).getByRole('checkbox').check();
      const bar = page.getByRole('group', { name: 'Bulk actions on held for review' });
      await bar.getByText('2 selected:').waitFor();
      await bar.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('Approved 2 items.').waitFor();
      await card(page, first.id).getByText('Approved: it is published.').waitFor();
      await card(page, second.id).getByText('Approved: it is published.').waitFor();
      expect(await page.getByRole('tabpanel').locator('li[data-ref^="comment:"]').filter({ hasText: 'question about' }).count()).toBe(0);
      expect(await bar.getByText('selected:').count()).toBe(0);
      expect(await visibleBodies('/bulk')).toEqual(expect.arrayContaining(['First question about billing', 'Second question about invoices']));
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('bans an author for a day, which stops their posts, and unbans them; mutes for a custom number of days', async () => {
    await holdEverything();
    const fay = await member('fay', 'Fay');
    const held = await comment(fay, '/ban', 'Buy followers now');
    const { page, problems } = await openModeration();
    try {
      const item = card(page, held.id);
      await item.getByRole('button', { name: 'Ban Fay…' }).click();
      const form = item.getByRole('form', { name: 'Ban Fay' });
      await form.getByLabel('For how long').selectOption({ label: '1 day' });
      await form.getByLabel('Reason (kept in the audit log)').fill('Selling followers');
      const asked = Date.now();
      await form.getByRole('button', { name: 'Ban Fay' }).click();
      await item.getByText('Fay is banned until').first().waitFor();

      const banned = await h.call<{ bannedUntil: string | null }>('members.getCard', { memberId: 'fay' }, ADMIN_KEY, false);
      expect(Date.parse(banned.bannedUntil!) - asked).toBeGreaterThan(24 * 3600_000 - 60_000);
      expect(Date.parse(banned.bannedUntil!) - asked).toBeLessThan(24 * 3600_000 + 60_000);
      const refusal = await refused('createComment', { threadKey: '/ban', body: 'Still here', idempotencyKey: key() }, fay);
      expect(refusal).toMatchObject({ status: 403, code: 'forbidden' });

      await item.getByRole('button', { name: 'Unban Fay' }).click();
      await item.getByText('Fay is no longer banned.').waitFor();
      expect((await h.call<{ bannedUntil: string | null }>('members.getCard', { memberId: 'fay' }, ADMIN_KEY, false)).bannedUntil).toBeNull();
      await comment(fay, '/ban', 'Sorry, I will stop');

      await item.getByRole('button', { name: 'Mute Fay…' }).click();
      const mute = item.getByRole('form', { name: 'Mute Fay' });
      await mute.getByLabel('For how long').selectOption({ label: 'A number of days…' });
      await mute.getByRole('spinbutton', { name: 'Days' }).fill('2');
      await mute.getByLabel('Reason (kept in the audit log)').fill('Cooling off');
      await mute.getByRole('button', { name: 'Mute Fay' }).click();
      await item.getByText('Fay is muted until').first().waitFor();
      const muted = await h.call<{ mutedUntil: string | null }>('members.getCard', { memberId: 'fay' }, ADMIN_KEY, false);
      expect(Math.round((Date.parse(muted.mutedUntil!) - Date.now()) / 3600_000)).toBe(48);
      expect((await refused('createComment', { threadKey: '/ban', body: 'Muted words', idempotencyKey: key() }, fay)).message).toContain('muted until');
      await item.getByRole('button', { name: 'Unmute Fay' }).click();
      await item.getByText('Fay may post again.').waitFor();
      await comment(fay, '/ban', 'Back to normal');
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows the audit log newest first, filters it by action and target, and pages to older entries', async () => {
    await holdEverything();
    const gus = await member('gus', 'Gus');
    const locked = await publishedComment(gus, '/audit', 'A thread that keeps getting locked');
    for (let i = 0; i < 11; i++) {
      await h.call('moderation.act', { target: { type: 'comment', id: locked.id }, action: 'lock' });
      await h.call('moderation.act', { target: { type: 'comment', id: locked.id }, action: 'unlock' });
    }
    const held = await comment(gus, '/audit', 'Held then approved');
    await h.call('moderation.act', { target: { type: 'comment', id: held.id }, action: 'approve', reason: 'Fine' });
    await h.call('moderation.ban', { memberId: 'gus', durationMs: 3600_000, reason: 'Testing the log' });
    await h.call('moderation.unban', { memberId: 'gus' });

    const { page, problems } = await openModeration();
    try {
      const table = page.getByRole('table', { name: 'Audit log' });
      const rows = table.locator('tbody tr');
      await rows.first().waitFor();
      const cells = (row: number) => rows.nth(row).locator('td').allTextContents();
      const [unban, ban, approve, unlock] = await Promise.all([cells(0), cells(1), cells(2), cells(3)]);
      expect(unban.slice(1, 4)).toEqual(['Unbanned', expect.stringContaining('ops'), 'member:gus']);
      expect(ban.slice(1, 5)).toEqual(['Banned', expect.stringContaining('ops'), 'member:gus', 'Testing the log']);
      expect(ban[5]).toContain('(1 hour)');
      expect(approve.slice(1, 5)).toEqual(['Approved', expect.stringContaining('ops'), `comment:${held.id}`, 'Fine']);
      expect(approve[5]).toBe('pending → published');
      expect(unlock.slice(1, 4)).toEqual(['Unlocked', expect.stringContaining('ops'), `comment:${locked.id}`]);

      const filters = page.getByRole('form', { name: 'Filter the audit log' });
      await filters.getByLabel('Action').fill('ban');
      await filters.getByRole('button', { name: 'Filter', exact: true }).click();
      await expect.poll(async () => new Set(await rows.locator('td:nth-child(2)').allTextContents())).toEqual(new Set(['Banned']));
      expect(await rows.locator('td:nth-child(4)').allTextContents()).toContain('member:gus');

      await filters.getByLabel('Action').fill('');
      await filters.getByLabel('Target').fill(`comment:${locked.id}`);
      await filters.getByRole('button', { name: 'Filter', exact: true }).click();
      await expect.poll(() => rows.count()).toBe(20);
      expect(await rows.locator('td:nth-child(4)').allTextContents()).toEqual(Array(20).fill(`comment:${locked.id}`));
      await page.getByRole('button', { name: 'Older' }).click();
      // 22 locks and unlocks, and before them the approval that published the comment.
      await expect.poll(() => rows.count()).toBe(23);
      expect((await rows.locator('td:nth-child(2)').allTextContents()).slice(-3)).toEqual(['Unlocked', 'Locked', 'Approved']);
      expect(await page.getByRole('button', { name: 'Older' }).count()).toBe(0);

      await filters.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => rows.first().locator('td:nth-child(4)').textContent()).toBe('member:gus');
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('lets a moderator in; hiding an admin’s comment shows the server’s refusal while the rest of the selection goes through', async () => {
    const hal = await member('hal', 'Hal');
    const ivy = await member('ivy', 'Ivy', 'admin');
    const spam = await publishedComment(hal, '/rank', 'Spam by a member');
    const official = await publishedComment(ivy, '/rank', 'Announcement by an admin');
    for (const [id, name] of [['jo', 'Jo'], ['kim', 'Kim']] as const) {
      const reporter = await member(id, name);
      await h.call('moderation.report', { target: { type: 'comment', id: spam.id }, reason: 'spam' }, reporter);
      await h.call('moderation.report', { target: { type: 'comment', id: official.id }, reason: 'off_topic' }, reporter);
    }

    const { page, problems } = await openModeration(await member('mo', 'Mo', 'moderator'));
    try {
      const nav = page.getByRole('navigation', { name: 'Console' });
      expect(await nav.getByRole('link', { name: 'Moderation' }).getAttribute('aria-current')).toBe('page');
      await page.getByRole('tab', { name: /Reported/ }).click();
      await card(page, spam.id).getByRole('checkbox').check();
      await card(page, official.id).getByRole('checkbox').check();
      const bar = page.getByRole('group', { name: 'Bulk actions on reported' });
      await bar.getByRole('button', { name: 'Hide' }).click();

      const alert = page.getByRole('tabpanel').getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('1 of 2 could not be hidden:');
      expect(await alert.getByRole('listitem').allTextContents()).toEqual(['Comment by Ivy (“Announcement by an admin”): You cannot hide content by someone ranked above you.']);
      await page.getByText('Hidden 1 item.').waitFor();
      // What failed stays in the queue, still selected for another try; what went through is hidden.
      expect(await card(page, official.id).getByRole('checkbox').isChecked()).toBe(true);
      expect(await bar.getByText('1 selected:').count()).toBe(1);
      expect(await visibleBodies('/rank')).toEqual(['Announcement by an admin']);

      // One item at a time, the refusal shows on the item.
      const item = page.getByRole('tabpanel').locator(`li[data-ref="comment:${official.id}"]`);
      await item.getByRole('button', { name: 'Hide' }).click();
      await item.getByRole('alert').getByText('You cannot hide content by someone ranked above you.').waitFor();
      // A moderator cannot ban an admin either: the server says so.
      await item.getByRole('button', { name: 'Ban Ivy…' }).click();
      await item.getByLabel('Reason (kept in the audit log)').fill('Off topic');
      await item.getByRole('button', { name: 'Ban Ivy' }).click();
      await item.getByRole('alert').getByText('You cannot ban an admin: only someone ranked above them can.').waitFor();
      expect(problems().filter((e) => !refusedRequest.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('moves a reported feed post to another space: it leaves the old feed, shows in the new one, and the log says where', async () => {
    await h.call('community.updateSettings', { moderation: 'post' });
    await h.call('community.createSpace', { key: 'offers', kind: 'feed', name: 'Offers' });
    const eve = await member('eve', 'Eve');
    const post = await h.call<{ id: string }>('feed.createPost', { space: 'general', body: 'Selling my old bike, DM me', idempotencyKey: key() }, eve);
    await h.call('moderation.report', { target: { type: 'post', id: post.id }, reason: 'off_topic' }, await member('fay', 'Fay'));
    const feedBodies = async (space: string) => (await h.call<{ items: Array<{ body: string }> }>('feed.listPosts', { space }, await member('reader', 'Reader'), false)).items.map((p) => p.body);

    const { page, problems } = await openModeration();
    try {
      await page.getByRole('tab', { name: /Reported/ }).click();
      const item = page.getByRole('tabpanel').locator(`li[data-ref="post:${post.id}"]`);
      await item.getByRole('button', { name: 'More actions' }).click();
      const move = item.getByRole('form', { name: 'Move to' });
      const options = await move.getByLabel('Move to').locator('option').allTextContents();
      // Only spaces that take a post, and not the one it is in; feedback boards are left out.
      expect(options.some((o) => o.includes('offers'))).toBe(true);
      expect(options.some((o) => o.includes('(feed, general)'))).toBe(false);
      expect(options.some((o) => o.includes('feedback board'))).toBe(false);
      await move.getByLabel('Move to').selectOption('offers');
      await move.getByRole('button', { name: 'Move' }).press('Enter');
      await item.getByText('Moved to offers.').waitFor();
      expect(await item.textContent()).toContain('in offers');
      expect(await feedBodies('general')).not.toContain('Selling my old bike, DM me');
      expect(await feedBodies('offers')).toContain('Selling my old bike, DM me');
      const entries = page.getByRole('table', { name: 'Audit log' }).locator('tbody tr').filter({ hasText: `post:${post.id}` });
      await expect.poll(() => entries.first().locator('td:nth-child(2)').textContent()).toBe('Moved');

      // A post cannot go to a feedback board: the console offers none, and the server refuses one asked for by hand.
      const failure = await refused('moderation.act', { target: { type: 'post', id: post.id }, action: 'move', to: 'feedback' }, ADMIN_KEY);
      expect(failure.code).toBe('validation');
      expect(await feedBodies('offers')).toContain('Selling my old bike, DM me');
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows new reports and held items as they arrive, and drops what another moderator handled, without a refresh', async () => {
    await h.call('community.updateSettings', { moderation: 'post' });
    const gus = await member('gus', 'Gus');
    const { page, problems } = await openModeration();
    try {
      await page.getByRole('tab', { name: /Reported/ }).click();
      const spam = await publishedComment(gus, '/live', 'Buy followers now');
      await h.call('moderation.report', { target: { type: 'comment', id: spam.id }, reason: 'spam' }, await member('hal', 'Hal'));
      const item = page.getByRole('tabpanel').locator(`li[data-ref="comment:${spam.id}"]`);
      await item.waitFor();
      // Another moderator hides it over the API: it leaves this console's queue by itself.
      await h.call('moderation.act', { target: { type: 'comment', id: spam.id }, action: 'hide' });
      await item.waitFor({ state: 'detached' });

      await holdEverything();
      await page.getByRole('tab', { name: /Held for review/ }).click();
      const held = await comment(gus, '/live', 'A question for the team');
      await page.getByRole('tabpanel').locator(`li[data-ref="comment:${held.id}"]`).waitFor();
      expect(problems()).toEqual([]);
    } finally {
      await h.call('community.updateSettings', { moderation: 'post' });
      await page.context().close();
    }
  });
});
