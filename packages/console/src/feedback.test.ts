import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, setUpConsole } from './test-support.js';

// The feedback view end to end: the built console in Chromium against a real server. Each
// test seeds its own board (a feedback space) over the HTTP API, so none sees another's items.

const h = setUpConsole();
/** Member tokens, by name: they send feedback and vote. */
const members: Record<'ada' | 'bo' | 'cy' | 'di' | 'ed', string> = { ada: '', bo: '', cy: '', di: '', ed: '' };

beforeAll(async () => {
  // The members here send more than the default five items a minute between them.
  await h.call('community.updateSettings', { flood: { duplicateWindowMs: 10 * 60 * 1000, maxPostsPerMinute: 1000 } });
  for (const id of Object.keys(members) as Array<keyof typeof members>) {
    members[id] = await h.token({ id, displayName: id[0]!.toUpperCase() + id.slice(1) });
  }
});

interface Item {
  id: string;
  status: string;
  voteCount: number;
  duplicateOf: string | null;
  officialReply: { body: string } | null;
  history: Array<{ from: string; to: string; reply: string | null; actor: { displayName: string } }>;
}

let serial = 0;

/** A new feedback board of its own, named `Board <n>`. */
async function newBoard(): Promise<{ key: string; name: string }> {
  const n = ++serial;
  const board = { key: `board-${n}`, name: `Board ${n}` };
  await h.call('community.createSpace', { ...board, kind: 'feedback' });
  return board;
}

async function send(space: string, by: keyof typeof members, fields: { title: string; kind?: string; rating?: number; nps?: number }): Promise<Item> {
  return h.call<Item>('feedback.submitFeedback', { kind: 'idea', body: `${fields.title}: please.`, ...fields, space, idempotencyKey: `key-feedback-e2e-${++serial}` }, members[by]);
}

async function vote(item: Item, ...voters: Array<keyof typeof members>): Promise<void> {
  for (const voter of voters) await h.call('feedback.voteFeedback', { feedbackId: item.id, active: true }, members[voter]);
}

const getFeedback = (item: Item) => h.call<Item>('feedback.getFeedback', { feedbackId: item.id }, ADMIN_KEY, false);

/** The console signed in (the admin key unless given), on the Feedback view showing `board`. */
async function openBoard(board: { name: string }, credential?: string): Promise<{ page: Page; problems: () => string[] }> {
  const { page, errors } = await h.open('/console/#/feedback');
  // A locator that never matches fails the test naming it, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  await h.signIn(page, credential);
  await page.getByRole('heading', { name: 'Feedback', level: 1 }).waitFor();
  await page.getByRole('combobox', { name: 'Board', exact: true }).selectOption({ label: board.name });
  await page.getByRole('region', { name: 'Summary' }).getByText(/NPS/).waitFor();
  return { page, problems: () => [...errors] };
}

/** A status column of the board, by its heading. */
const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
/** The item titles a column shows, top to bottom. */
const titles = (page: Page, name: string) => column(page, name).getByRole('heading', { level: 3 }).allTextContents();
const card = (page: Page, title: string) => page.getByRole('article', { name: title, exact: true });

/** Chromium's own console line for an answer the page expected to be an error. */
const refusedRequest = /Failed to load resource: the server responded with a status of 40[04]/;

describe('the feedback view', { timeout: 30_000 }, () => {
  it('shows each item in its status column, with its votes, and sorts by votes or newest as chosen', async () => {
    const board = await newBoard();
    const dark = await send(board.key, 'ada', { title: 'Dark mode' });
    const csv = await send(board.key, 'bo', { title: 'Export to CSV', kind: 'question' });
    const sso = await send(board.key, 'cy', { title: 'Single sign-on' });
    const search = await send(board.key, 'di', { title: 'Faster search' });
    const crash = await send(board.key, 'ed', { title: 'Crash on save', kind: 'bug' });
    await vote(dark, 'bo', 'cy', 'di');
    await vote(csv, 'ada');
    await vote(sso, 'ada', 'bo');
    await h.call('feedback.setFeedbackStatus', { feedbackId: search.id, status: 'in_progress' });
    await h.call('feedback.setFeedbackStatus', { feedbackId: crash.id, status: 'declined', reply: 'Fixed by the 2.1 rewrite.' });

    const { page, problems } = await openBoard(board);
    try {
      // Most votes first by default.
      await expect.poll(() => titles(page, 'Open')).toEqual(['Dark mode', 'Single sign-on', 'Export to CSV']);
      expect(await titles(page, 'In progress')).toEqual(['Faster search']);
      expect(await titles(page, 'Declined')).toEqual(['Crash on save']);
      for (const empty of ['Under review', 'Planned', 'Done', 'Duplicate']) expect(await column(page, empty).textContent()).toContain('Nothing here.');
      const facts = await card(page, 'Dark mode').textContent();
      expect(facts).toContain('Idea');
      expect(facts).toContain('3 votes');
      expect(facts).toContain('Ada');
      expect(await card(page, 'Export to CSV').textContent()).toContain('Question');
      expect(await page.getByRole('list', { name: 'Items per status' }).getByRole('listitem').allTextContents()).toEqual([
        'Open 3',
        'Under review 0',
        'Planned 0',
        'In progress 1',
        'Done 0',
        'Declined 1',
        'Duplicate 0',
      ]);

      await page.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Newest' });
      await expect.poll(() => titles(page, 'Open')).toEqual(['Single sign-on', 'Export to CSV', 'Dark mode']);
      await page.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Most votes' });
      await expect.poll(() => titles(page, 'Open')).toEqual(['Dark mode', 'Single sign-on', 'Export to CSV']);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('moves an item to Planned with an official reply, by keyboard, as a moderator, and shows the reply in its history', async () => {
    const board = await newBoard();
    const offline = await send(board.key, 'ada', { title: 'Offline mode' });
    const { page, problems } = await openBoard(board, await h.token({ id: 'mo', displayName: 'Mo', role: 'moderator' }));
    try {
      const open = card(page, 'Offline mode');
      await open.getByRole('button', { name: 'Change status' }).focus();
      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: 'Change the status of Offline mode' });
      // The form takes the keyboard at its first control.
      const status = form.getByRole('combobox', { name: 'New status' });
      await expect.poll(() => status.evaluate((el) => el === document.activeElement)).toBe(true);
      await status.selectOption({ label: 'Planned' });
      await page.keyboard.press('Tab');
      await page.keyboard.type('Coming in **May**.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');

      await page.getByRole('status').getByText('Moved “Offline mode” to Planned with your official reply.').waitFor();
      const planned = column(page, 'Planned').getByRole('article', { name: 'Offline mode' });
      await planned.waitFor();
      expect(await titles(page, 'Open')).toEqual([]);
      // The keyboard followed the card into its new column.
      await expect.poll(() => planned.evaluate((el) => el === document.activeElement)).toBe(true);

      await planned.getByRole('button', { name: 'Details' }).click();
      const history = planned.getByRole('listitem');
      await expect.poll(() => history.allTextContents()).toEqual([expect.stringContaining('Mo moved it from Open to Planned')]);
      expect(await history.first().textContent()).toContain('Official reply');
      expect(await history.first().textContent()).toContain('Coming in **May**.');

      const detail = await getFeedback(offline);
      expect(detail.status).toBe('planned');
      expect(detail.history.map((c) => [c.from, c.to, c.reply, c.actor.displayName])).toEqual([['open', 'planned', 'Coming in **May**.', 'Mo']]);
      expect(detail.officialReply?.body).toBe('Coming in **May**.');
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('merges a duplicate picked by title into its original and says how many votes moved', async () => {
    const board = await newBoard();
    const original = await send(board.key, 'ada', { title: 'Dark theme' });
    const copy = await send(board.key, 'cy', { title: 'Night mode please' });
    await vote(original, 'bo');
    await vote(copy, 'bo', 'di', 'ed');

    const { page, problems } = await openBoard(board);
    try {
      const item = card(page, 'Night mode please');
      await item.getByRole('button', { name: 'Change status' }).click();
      const form = item.getByRole('form');
      await form.getByRole('combobox', { name: 'New status' }).selectOption({ label: 'Duplicate' });
      await form.getByRole('searchbox', { name: 'Search other items by title' }).fill('dark');
      await form.getByRole('group', { name: 'Matching items' }).getByRole('radio', { name: /Dark theme/ }).check();
      expect(await form.getByRole('textbox', { name: "Or paste the original's id" }).inputValue()).toBe(original.id);
      await form.getByRole('button', { name: 'Save' }).click();

      // Bo already backed the original: two of the three votes moved.
      await page
        .getByRole('status')
        .getByText('Merged “Night mode please” into “Dark theme”: 2 of its 3 votes moved there (the others were already there); it now has 3 votes.')
        .waitFor();
      await column(page, 'Duplicate').getByRole('article', { name: 'Night mode please' }).getByText('0 votes').waitFor();
      await column(page, 'Open').getByRole('article', { name: 'Dark theme' }).getByText('3 votes').waitFor();

      expect((await getFeedback(original)).voteCount).toBe(3);
      const merged = await getFeedback(copy);
      expect([merged.status, merged.duplicateOf, merged.voteCount]).toEqual(['duplicate', original.id, 0]);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('narrows the board to one kind', async () => {
    const board = await newBoard();
    await send(board.key, 'ada', { title: 'Calendar view' });
    await send(board.key, 'bo', { title: 'Login loops', kind: 'bug' });
    const praise = await send(board.key, 'cy', { title: 'Love the new editor', kind: 'praise' });
    await h.call('feedback.setFeedbackStatus', { feedbackId: praise.id, status: 'done' });
    const { page, problems } = await openBoard(board);
    try {
      const all = page.getByRole('article');
      await expect.poll(() => all.count()).toBe(3);
      await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Bug' });
      await expect.poll(() => all.locator('h3').allTextContents()).toEqual(['Login loops']);
      expect(await titles(page, 'Open')).toEqual(['Login loops']);
      expect(await column(page, 'Done').textContent()).toContain('Nothing here.');
      await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Praise' });
      await expect.poll(() => all.locator('h3').allTextContents()).toEqual(['Love the new editor']);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('sums up the NPS of the items loaded, and filters by rating', async () => {
    const board = await newBoard();
    await send(board.key, 'ada', { title: 'Great', kind: 'praise', nps: 10 });
    await send(board.key, 'bo', { title: 'Good', kind: 'praise', nps: 9, rating: 5 });
    await send(board.key, 'cy', { title: 'Fine', kind: 'other', nps: 7 });
    await send(board.key, 'di', { title: 'Too slow', kind: 'bug', nps: 3, rating: 2 });
    await send(board.key, 'ed', { title: 'No score given' });
    const { page, problems } = await openBoard(board);
    try {
      const summary = page.getByRole('region', { name: 'Summary' });
      // 2 promoters, 1 passive, 1 detractor of 4: 50% − 25%.
      await expect.poll(() => summary.textContent()).toContain('NPS 25 from 4 answers (2 promoters, 1 passive, 1 detractor), among the 5 items loaded.');
      expect(await card(page, 'Too slow').textContent()).toContain('NPS answer 3/10');
      expect(await card(page, 'Too slow').textContent()).toContain('2/5');

      const rating = page.getByRole('combobox', { name: 'Rating' });
      await rating.selectOption({ label: '5 stars' });
      await expect.poll(() => page.getByRole('article').locator('h3').allTextContents()).toEqual(['Good']);
      await rating.selectOption({ label: 'Detractors (NPS 0–6)' });
      await expect.poll(() => page.getByRole('article').locator('h3').allTextContents()).toEqual(['Too slow']);
      expect(await summary.textContent()).toContain('NPS −100 from 1 answer (0 promoters, 0 passives, 1 detractor), among the 1 item loaded.');
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("shows the server's message when it refuses a change, and changes nothing", async () => {
    const board = await newBoard();
    const item = await send(board.key, 'ada', { title: 'Webhooks for votes' });
    const { page, problems } = await openBoard(board);
    try {
      const open = card(page, 'Webhooks for votes');
      await open.getByRole('button', { name: 'Change status' }).click();
      const form = open.getByRole('form');
      await form.getByRole('combobox', { name: 'New status' }).selectOption({ label: 'Duplicate' });
      await form.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => form.getByRole('alert').textContent()).toBe('Say which item this one duplicates.');

      const id = form.getByRole('textbox', { name: "Or paste the original's id" });
      await id.fill('no-such-item');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => form.getByRole('alert').textContent()).toContain('The original feedback item does not exist.');
      expect(await id.getAttribute('aria-invalid')).toBe('true');

      expect(await titles(page, 'Open')).toEqual(['Webhooks for votes']);
      const detail = await getFeedback(item);
      expect([detail.status, detail.history]).toEqual(['open', []]);
      // The refused requests are Chromium's only console lines; nothing else went wrong.
      expect(problems().filter((e) => !refusedRequest.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
