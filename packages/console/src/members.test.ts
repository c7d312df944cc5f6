import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, axeViolations, setUpConsole } from './test-support.js';

// The members view end to end: the built console in Chromium against a real server (PGlite
// in memory), signed in with the admin key or a moderator's token.

const h = setUpConsole();
let made = 0;

/** A member who has written one comment (so the community knows them), with a name unique to the test. */
async function member(name: string): Promise<{ id: string; name: string; token: string; commentId: string; thread: string }> {
  made += 1;
  const id = `m-${made}-${Date.now()}`;
  const token = await h.token({ id, displayName: name });
  const thread = `/members-e2e/${id}`;
  const comment = await h.call<{ id: string }>('createComment', { threadKey: thread, body: `${name} says hello`, idempotencyKey: `key-members-${id}` }, token);
  return { id, name, token, commentId: comment.id, thread };
}

/** A page signed in (the admin key unless given), on the Members view. */
async function openMembers(credential = ADMIN_KEY): Promise<{ page: Page; problems: () => string[] }> {
  const { page, errors } = await h.open();
  page.setDefaultTimeout(10_000);
  await h.signIn(page, credential);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Members' }).click();
  await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
  return { page, problems: () => [...errors] };
}

/** Searches for `query` and opens the member named `name`; returns the profile region. */
async function openProfile(page: Page, query: string, name: string) {
  await page.getByRole('searchbox', { name: 'Search by name or id' }).fill(query);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('list', { name: 'Members found' }).getByRole('button', { name, exact: true }).click();
  const profile = page.getByRole('region', { name });
  await profile.getByRole('heading', { name, level: 2 }).waitFor();
  return profile;
}

/** Chromium's own line for an answer the page expected to be an error. */
const refusedRequest = /Failed to load resource: the server responded with a status of 4\d\d/;

describe('the members view', { timeout: 60_000 }, () => {
  it('finds a member by any part of their name, ignoring case, and shows their standing and why they have their points', async () => {
    const ada = await member('Ada Lovelace 艾达');
    await h.call('gamification.adjustPoints', { memberId: ada.id, delta: 40, reason: 'Welcome gift' });
    const { page, problems } = await openMembers();
    try {
      const profile = await openProfile(page, 'LOVELACE', ada.name);
      const facts = profile.getByRole('definition');
      expect(await profile.locator('dl').textContent()).toContain('Lifetime points');
      expect(await facts.allTextContents()).toEqual(expect.arrayContaining(['member', expect.stringMatching(/^\d+$/)]));
      const history = profile.getByRole('table', { name: 'Points history' });
      await history.getByRole('row', { name: /Adjusted by staff · “Welcome gift”/ }).waitFor();
      expect(await history.getByRole('row', { name: /Adjusted by staff/ }).textContent()).toContain('+40');

      // CJK names are found by any part of them too.
      await page.getByRole('searchbox', { name: 'Search by name or id' }).fill('艾达');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('list', { name: 'Members found' }).getByRole('button', { name: ada.name, exact: true }).waitFor();
      // The earlier search's list may still be on screen while this one loads: wait for the new one.
      await expect.poll(() => page.getByRole('list', { name: 'Members found' }).getByRole('listitem').count()).toBe(1);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('changes the role, adjusts points with a reason (refused without one or past the balance), grants a title and a badge, and revokes it', async () => {
    const bob = await member('Bob Builder');
    const { page, problems } = await openMembers();
    try {
      const profile = await openProfile(page, 'bob builder', bob.name);

      const role = profile.getByRole('form', { name: 'Change role' });
      await role.getByLabel('New role').selectOption('moderator');
      await role.getByLabel('Reason (for the audit log)').fill('Runs the Tuesday Q&A');
      await role.getByRole('button', { name: 'Save role' }).click();
      await role.getByText('Role is now moderator.').waitFor();
      expect((await h.call<{ member: { role: string } }>('members.getCard', { memberId: bob.id }, ADMIN_KEY, false)).member.role).toBe('moderator');

      // No reason: refused next to the field, nothing written.
      const adjust = profile.getByRole('form', { name: 'Adjust points' });
      await adjust.getByLabel('Points to add (negative to take)').fill('25');
      await adjust.getByRole('button', { name: 'Adjust points' }).click();
      await adjust.getByRole('alert').getByText('Reason: Say why the points change.').waitFor();
      const reason = adjust.getByLabel('Reason (required, the member sees it)');
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      const before = await h.call<{ balance: number }>('gamification.getStanding', { memberId: bob.id }, ADMIN_KEY, false);
      // Taking more than the balance: the server refuses it, and says why.
      await adjust.getByLabel('Points to add (negative to take)').fill('-9999');
      await reason.fill('Testing the refusal');
      await adjust.getByRole('button', { name: 'Adjust points' }).click();
      await adjust.getByRole('alert').waitFor();
      expect((await h.call<{ balance: number }>('gamification.getStanding', { memberId: bob.id }, ADMIN_KEY, false)).balance).toBe(before.balance);
      await adjust.getByLabel('Points to add (negative to take)').fill('25');
      await reason.fill('Great meetup talk');
      await adjust.getByRole('button', { name: 'Adjust points' }).click();
      await adjust.getByText(`Adjusted by +25: the balance is ${before.balance + 25}.`).waitFor();
      await profile.getByRole('table', { name: 'Points history' }).getByRole('row', { name: /Great meetup talk/ }).waitFor();

      const title = profile.getByRole('form', { name: 'Title', exact: true });
      await title.getByLabel('Title (up to 24 characters)').fill('Meetup Host');
      await title.getByRole('button', { name: 'Grant title' }).click();
      await title.getByText('Title is now “Meetup Host”.').waitFor();

      const badges = profile.getByRole('region', { name: 'Badges' });
      await badges.getByRole('button', { name: 'Grant Idea Adopted' }).click();
      await badges.getByText('Idea Adopted granted.').waitFor();
      await badges.getByRole('button', { name: 'Revoke Idea Adopted' }).waitFor();
      expect((await h.call<Array<{ badge: string }>>('gamification.listBadges', { memberId: bob.id }, ADMIN_KEY, false)).map((b) => b.badge)).toContain('feedback_adopted');
      await badges.getByRole('button', { name: 'Revoke Idea Adopted' }).click();
      await badges.getByText('Idea Adopted revoked.').waitFor();
      expect((await h.call<Array<{ badge: string }>>('gamification.listBadges', { memberId: bob.id }, ADMIN_KEY, false)).map((b) => b.badge)).not.toContain('feedback_adopted');

      const card = await h.call<{ title: string | null; balance: number }>('members.getCard', { memberId: bob.id }, ADMIN_KEY, false);
      expect(card).toMatchObject({ title: 'Meetup Host', balance: before.balance + 25 });
      expect(problems().filter((e) => !refusedRequest.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('downloads a member\'s data, then erases them after the typed name matches, keeping their comment anonymised', async () => {
    const cy = await member('Cy Twombly');
    const { page, problems } = await openMembers();
    try {
      const profile = await openProfile(page, 'twombly', cy.name);
      const data = profile.getByRole('region', { name: 'Personal data (GDPR)' });
      const [download] = await Promise.all([page.waitForEvent('download'), data.getByRole('button', { name: 'Export data' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^hearth-member-m-\d+-\d+-\d{4}-\d\d-\d\d\.json$/);
      const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(exported).toMatchObject({ format: 'hearth.member-export.v1', memberId: cy.id, member: { displayName: cy.name } });
      expect(exported.comments.map((c: { body: string }) => c.body)).toEqual(['Cy Twombly says hello']);
      await data.getByText(/^Downloaded hearth-member-/).waitFor();

      const erase = data.getByRole('form', { name: 'Erase member' });
      await erase.getByLabel('Keep it under “Deleted member”').check();
      await erase.getByLabel(`Type “${cy.name}” to confirm`).fill('Cy');
      await erase.getByRole('button', { name: 'Erase permanently' }).click();
      await erase.getByRole('alert').getByText(`Type the member's name exactly as shown: “${cy.name}”.`).waitFor();
      expect((await h.request('members.getCard', { memberId: cy.id }, ADMIN_KEY, false)).ok).toBe(true);

      await erase.getByLabel(`Type “${cy.name}” to confirm`).fill(cy.name);
      await erase.getByRole('button', { name: 'Erase permanently' }).click();
      await page.getByRole('status').getByText(new RegExp(`^${cy.name} was erased: \\d+ records removed or anonymised\\.$`)).waitFor();
      expect(await page.getByRole('region', { name: cy.name }).count()).toBe(0);

      const gone = await h.request('members.getCard', { memberId: cy.id }, ADMIN_KEY, false);
      expect(gone.ok === false && gone.failure.code).toBe('not_found');
      const thread = await h.call<{ items: Array<{ body: string; author: { displayName: string; id: string } }> }>('listComments', { threadKey: cy.thread }, ADMIN_KEY, false);
      expect(thread.items).toEqual([expect.objectContaining({ body: 'Cy Twombly says hello', author: expect.objectContaining({ displayName: 'Deleted member' }) })]);
      expect(thread.items[0]!.author.id).not.toBe(cy.id);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows a moderator the profile and history but none of the admin controls, and passes axe with a profile open', async () => {
    const dee = await member('Dee Dee');
    const mod = await h.token({ id: `mod-${Date.now()}`, displayName: 'Mo Moderator', role: 'moderator' });
    const { page, problems } = await openMembers(mod);
    try {
      const profile = await openProfile(page, 'dee', dee.name);
      await profile.getByRole('table', { name: 'Points history' }).or(profile.getByText('No points yet.')).first().waitFor();
      for (const name of ['Change role', 'Adjust points', 'Title']) expect(await profile.getByRole('form', { name, exact: true }).count(), name).toBe(0);
      expect(await profile.getByRole('region', { name: 'Personal data (GDPR)' }).count()).toBe(0);
      expect(await profile.getByRole('button', { name: /^Grant / }).count()).toBe(0);
      // The server refuses a moderator the same, whatever the console shows.
      const refused = await h.request('members.exportData', { memberId: dee.id }, mod);
      expect(refused.ok === false && refused.failure.code).toBe('forbidden');
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page)).toEqual([]);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('passes axe with an admin\'s profile open, every control shown', async () => {
    const eve = await member('Eve Ng');
    const { page } = await openMembers();
    try {
      const profile = await openProfile(page, 'eve ng', eve.name);
      await profile.getByRole('region', { name: 'Personal data (GDPR)' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
