import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Poll, PollView } from '@hearth/protocol';
import { axeViolations, setUpConsole } from './test-support.js';

// The Q&A and polls view end to end: the built console in Chromium against a real server.
// Every test makes its own questions and polls, so none depends on another.

const h = setUpConsole();

let keys = 0;
const key = () => `key-qa-polls-${++keys}-${Date.now()}`;

/** Chromium's own line for an answer the page expected to be an error. */
const refusedRequest = /Failed to load resource: the server responded with a status of 409/;

async function openView(credential?: string): Promise<{ page: Page; problems: () => string[] }> {
  const { page, errors } = await h.open();
  page.setDefaultTimeout(10_000);
  await h.signIn(page, credential);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Q&A and polls' }).click();
  await page.getByRole('heading', { name: 'Q&A and polls', level: 1 }).waitFor();
  return { page, problems: () => [...errors] };
}

const member = (id: string, role?: string) => h.token({ id, displayName: id[0]!.toUpperCase() + id.slice(1), ...(role ? { role } : {}) });

/** A poll made over the API as the admin key, with one vote per `votes` entry (voter id → option index). */
async function pollWith(input: Record<string, unknown>, votes: Array<[string, number, string?]> = []): Promise<PollView> {
  const view = await h.call<PollView>('polls.createPoll', { type: 'single', options: ['Berlin', 'Lisbon', 'Online'], idempotencyKey: key(), ...input });
  for (const [id, index, role] of votes) {
    await h.call('polls.vote', { pollId: view.poll.id, choices: [view.poll.options[index]!.id] }, await member(id, role));
  }
  return view;
}

function pollCard(page: Page, question: string) {
  return page.getByRole('article', { name: question, exact: true });
}

describe('the Q&A and polls view', { timeout: 60_000 }, () => {
  it('lists unanswered questions of every space oldest first, answers one inline, and shows bounties by expiry', async () => {
    const ada = await member('ada-qa');
    await h.call('community.createSpace', { key: 'help-desk', kind: 'qa', name: 'Help desk' });
    const first = await h.call<{ id: string }>('feed.createPost', { space: 'qa', kind: 'question', title: 'How do I export my data?', body: 'Looking for a CSV.', idempotencyKey: key() }, ada);
    const second = await h.call<{ id: string }>('feed.createPost', { space: 'help-desk', kind: 'question', title: 'Where is the invoice page?', body: 'Cannot find it.', idempotencyKey: key() }, ada);
    const memberId = (await h.call<{ viewer: { id: string } }>('getSession', {}, ada, false)).viewer.id;
    await h.call('gamification.adjustPoints', { memberId, delta: 300, reason: 'Points for a bounty' });
    await h.call('qa.offerBounty', { questionId: second.id, amount: 120 }, ada);

    const { page, problems } = await openView();
    try {
      const unanswered = page.getByRole('list', { name: 'Unanswered questions' });
      await unanswered.getByRole('article').first().waitFor();
      const titles = await unanswered.getByRole('heading', { level: 3 }).allTextContents();
      expect(titles.indexOf('How do I export my data?')).toBeLessThan(titles.indexOf('Where is the invoice page?'));
      const card = unanswered.getByRole('article', { name: 'Where is the invoice page?' });
      expect(await card.textContent()).toContain('Ada-qa in help-desk');
      expect(await card.textContent()).toMatch(/waiting (just now|\d+ s)/);

      const bounties = page.getByRole('list', { name: 'Bounties about to expire' });
      const bountyCard = bounties.getByRole('article', { name: 'Where is the invoice page?' });
      expect(await bountyCard.textContent()).toMatch(/120 points · 6 d 23 h left/);

      // Answer the first one from the keyboard.
      const asked = unanswered.getByRole('article', { name: 'How do I export my data?' });
      await asked.getByRole('button', { name: 'Answer' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
      await page.keyboard.type('Settings → Privacy → Export.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await asked.waitFor({ state: 'detached' });
      const detail = await h.call<{ answers: Array<{ body: string; author: { role: string } }> }>('qa.getQuestion', { questionId: first.id }, undefined, false);
      expect(detail.answers.map((a) => [a.body, a.author.role])).toEqual([['Settings → Privacy → Export.', 'admin']]);
      // The bounty question is still waiting, in both lists.
      await card.waitFor();
      await bountyCard.waitFor();
      expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('creates a poll of every type from the form, with options, a deadline, visibility and voters', async () => {
    const { page, problems } = await openView();
    try {
      await page.getByRole('button', { name: 'New poll' }).click();
      const form = page.getByRole('form', { name: 'Create a poll' });
      await form.getByLabel('Question').fill('Which day suits the meetup?');
      await form.getByLabel('Description (optional)').fill('Evenings, 18:00.');
      await form.getByLabel('Type').selectOption({ label: 'Multiple choice' });
      await form.getByLabel('Option 1', { exact: true }).fill('Monday');
      await form.getByLabel('Option 2', { exact: true }).fill('Tuesday, "late"');
      await form.getByRole('button', { name: 'Add option' }).click();
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.closest('label')?.textContent)).toContain('Option 3');
      await page.keyboard.type('Friday');
      await form.getByLabel('Most picks (optional)').fill('2');
      await form.getByLabel('Closes at (optional, your local time)').fill('2031-05-01T18:30');
      await form.getByLabel('Who sees the results').selectOption({ label: 'Shown once closed' });
      await form.getByLabel('Public: those who see the results can list who voted for what.').check();
      await form.getByLabel('Voters may change or withdraw their vote').uncheck();
      expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
      await form.getByRole('button', { name: 'Create poll' }).click();
      await page.getByText(/Poll created\. Embed it with <community-poll poll="/).waitFor();
      const card = pollCard(page, 'Which day suits the meetup?');
      await card.waitFor();
      expect(await card.textContent()).toContain('Multiple choice · Shown once closed · Public voters');

      const listed = await h.call<{ items: Poll[] }>('polls.listPolls', { status: 'open' }, undefined, false);
      const made = listed.items.find((p) => p.question === 'Which day suits the meetup?')!;
      expect(made).toMatchObject({
        type: 'multiple',
        description: 'Evenings, 18:00.',
        minPicks: 1,
        maxPicks: 2,
        resultsVisibility: 'after_close',
        voters: 'public',
        allowChange: false,
      });
      expect(made.options.map((o) => o.label)).toEqual(['Monday', 'Tuesday, "late"', 'Friday']);
      expect(new Date(made.closesAt!).getTime()).toBe(new Date('2031-05-01T18:30').getTime());

      // A rating poll takes a scale instead of options; a bad one is named and nothing is made.
      await page.getByRole('button', { name: 'New poll' }).click();
      await form.getByLabel('Question').fill('How was the meetup?');
      await form.getByLabel('Type').selectOption({ label: 'Rating' });
      expect(await form.getByLabel('Option 1', { exact: true }).count()).toBe(0);
      await form.getByLabel('Scale to').fill('0');
      await form.getByRole('button', { name: 'Create poll' }).click();
      expect(await form.getByRole('alert').textContent()).toContain('Scale: The top of the scale must be above its bottom.');
      await form.getByLabel('Scale to').fill('10');
      await form.getByRole('button', { name: 'Create poll' }).click();
      await pollCard(page, 'How was the meetup?').waitFor();
      const rating = (await h.call<{ items: Poll[] }>('polls.listPolls', {}, undefined, false)).items.find((p) => p.question === 'How was the meetup?')!;
      expect(rating).toMatchObject({ type: 'rating', scale: { min: 1, max: 10, step: 1 }, options: [] });
      expect(problems().filter((e) => !/status of 400/.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('edits a poll with votes: a voted option cannot be removed, an unvoted one is renamed and one added', async () => {
    const view = await pollWith({ question: 'Where should we meet in June?' }, [
      ['bo-edit', 0],
      ['cy-edit', 0],
    ]);
    const { page, problems } = await openView();
    try {
      const card = pollCard(page, 'Where should we meet in June?');
      await card.getByRole('button', { name: 'Edit' }).click();
      const form = card.getByRole('form', { name: 'Edit “Where should we meet in June?”' });
      await form.getByText('(2 votes)').waitFor();
      await form.getByRole('button', { name: 'Remove option 1' }).click();
      await form.getByRole('button', { name: 'Save' }).click();
      const alert = form.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Options: "Berlin" has 2 votes, so it cannot be removed: its voters would lose their choice.');
      const unchanged = await h.call<PollView>('polls.getPoll', { pollId: view.poll.id }, undefined, false);
      expect(unchanged.poll.options.map((o) => o.label)).toEqual(['Berlin', 'Lisbon', 'Online']);
      expect(unchanged.poll.editedAt).toBeNull();

      await form.getByRole('button', { name: 'Cancel' }).click();
      await card.getByRole('button', { name: 'Edit' }).click();
      await form.getByLabel('Question').fill('Where shall we meet in June?');
      await form.getByLabel('Option 2').fill('Porto');
      await form.getByRole('button', { name: 'Add option' }).click();
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.closest('label')?.textContent)).toContain('Option 4');
      await page.keyboard.type('Madrid');
      await form.getByRole('button', { name: 'Save' }).click();
      const renamed = pollCard(page, 'Where shall we meet in June?');
      await renamed.getByText('Saved.').waitFor();
      expect(await renamed.textContent()).toContain('edited');
      const edited = await h.call<PollView>('polls.getPoll', { pollId: view.poll.id }, undefined, false);
      expect(edited.poll.options.map((o) => o.label)).toEqual(['Berlin', 'Porto', 'Online', 'Madrid']);
      expect(edited.results?.type === 'single' && edited.results.options[0]!.count).toBe(2);
      const audit = await h.call<{ items: Array<{ action: string }> }>('moderation.listAudit', { target: `poll:${view.poll.id}` }, undefined, false);
      expect(audit.items.map((e) => e.action)).toEqual(['poll.edit']);
      expect(problems().filter((e) => !refusedRequest.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('closes and reopens a poll, and filters the list by status', async () => {
    const view = await pollWith({ question: 'Close me for a moment?' });
    const { page, problems } = await openView();
    try {
      const card = pollCard(page, 'Close me for a moment?');
      await card.getByRole('button', { name: 'Close poll' }).click();
      await card.getByText('Closed: it takes no more votes.').waitFor();
      await card.getByRole('button', { name: 'Reopen poll' }).waitFor();
      await page.getByLabel('Status').selectOption({ label: 'Closed' });
      await card.waitFor();
      await page.getByLabel('Status').selectOption({ label: 'Open' });
      await card.waitFor({ state: 'detached' });
      await page.getByLabel('Status').selectOption({ label: 'Closed' });
      await card.getByRole('button', { name: 'Reopen poll' }).click();
      await card.waitFor({ state: 'detached' });
      await page.getByLabel('Status').selectOption({ label: 'Open' });
      await card.getByRole('button', { name: 'Close poll' }).waitFor();
      const audit = await h.call<{ items: Array<{ action: string }> }>('moderation.listAudit', { target: `poll:${view.poll.id}` }, undefined, false);
      expect(audit.items.map((e) => e.action)).toEqual(['poll.reopen', 'poll.close']);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows results by role and by level, merges small groups of a secret poll, and exports a CSV', async () => {
    await pollWith({ question: 'Best venue, "really"?', voters: 'public', options: ['Hall A, upstairs', '=Cafe', 'Garden'] }, [
      ['di-res', 0],
      ['ed-res', 1],
      ['mo-res', 1, 'moderator'],
    ]);
    await pollWith({ question: 'Secret favourite?', voters: 'secret' }, [
      ['fi-res', 0],
      ['gu-res', 2, 'moderator'],
    ]);
    const { page, problems } = await openView();
    try {
      const card = pollCard(page, 'Best venue, "really"?');
      await card.getByRole('button', { name: 'Results' }).click();
      const results = card.getByRole('table', { name: 'Results' });
      await results.waitFor();
      expect(await results.getByRole('row').allInnerTexts()).toEqual([
        expect.stringContaining('Option'),
        expect.stringMatching(/Hall A, upstairs\s+1\s+33\.3%/),
        expect.stringMatching(/=Cafe\s+2\s+66\.7%/),
        expect.stringMatching(/Garden\s+0\s+0%/),
      ]);
      const byRole = card.getByRole('table', { name: 'By role' });
      expect(await byRole.getByRole('row').allInnerTexts()).toEqual([
        expect.stringContaining('Group'),
        expect.stringMatching(/^Moderators\s+1\s+0 \(0%\)\s+1 \(100%\)\s+0 \(0%\)/),
        expect.stringMatching(/^Members\s+2\s+1 \(50%\)\s+1 \(50%\)\s+0 \(0%\)/),
      ]);
      expect(await card.getByRole('table', { name: 'By level' }).textContent()).toContain('Level 1 · Newcomer');
      expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });

      const downloading = page.waitForEvent('download');
      await card.getByRole('button', { name: 'Export CSV' }).click();
      const file = await downloading;
      expect(file.suggestedFilename()).toBe('poll-Best-venue-really-results.csv');
      const csv = readFileSync((await file.path())!, 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const lines = csv.slice(1).split('\r\n');
      expect(lines).toContain('Question,"Best venue, ""really""?"');
      expect(lines).toContain('"Hall A, upstairs",1,33.3');
      expect(lines).toContain("'=Cafe,2,66.7");
      expect(lines).toContain(`Group,Ballots,"Hall A, upstairs",'=Cafe,Garden`);
      expect(lines).toContain('Moderators,1,0,1,0');
      expect(lines).toContain('Members,2,1,1,0');
      expect(lines).toContain('Level 1 · Newcomer,3,1,2,0');
      await card.getByText('CSV downloaded.').waitFor();

      const secret = pollCard(page, 'Secret favourite?');
      await secret.getByRole('button', { name: 'Results' }).click();
      await secret.getByText('Secret poll: no group of fewer than 5 ballots is shown').waitFor();
      expect(await secret.getByRole('table', { name: 'By role' }).getByRole('row').allInnerTexts()).toEqual([
        expect.stringContaining('Group'),
        expect.stringMatching(/^Other \(Moderators, Members\)\s+2/),
      ]);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('lets a moderator run polls, and shows the server refusing their edit of an admin’s poll', async () => {
    await pollWith({ question: 'Seen by a moderator?' });
    const mo = await member('mo-view', 'moderator');
    const { page, problems } = await openView(mo);
    try {
      const card = pollCard(page, 'Seen by a moderator?');
      await card.getByRole('button', { name: 'Edit' }).waitFor();
      await card.getByRole('button', { name: 'Close poll' }).waitFor();
      await page.getByRole('button', { name: 'New poll' }).waitFor();
      // An admin's poll: the server refuses a moderator's edit by rank, and says so.
      await card.getByRole('button', { name: 'Edit' }).click();
      await card.getByLabel('Question').fill('Hijacked?');
      await card.getByRole('button', { name: 'Save' }).click();
      expect(await card.getByRole('alert').textContent()).toContain('You cannot edit a poll by someone ranked above you.');
      expect(problems().filter((e) => !/status of 403/.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
