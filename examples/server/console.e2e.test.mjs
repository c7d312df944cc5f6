// End to end, the operator's side and the member's side at once: the console (built by Vite,
// served by a real Hearth server on PGlite) in one browser context, and a member's page with
// the widgets (examples/server/widgets.html on the CDN bundle) in another. What staff do in the
// console must show where members look.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdnConfig } from '../../rollup.config.mjs';
import { serveExamples } from '../../scripts/serve.mjs';
import { COMMUNITY, buildConsole, startConsole } from '../../packages/console/src/test-support.ts';

const LOAD = { timeout: 20_000 };

let built; // the console's build
let h; // the server with the console, and Chromium
let cdnDir;
let examples; // the examples server, for the member's page
let keys = 0;
const key = () => `key-console-widgets-${++keys}`;

beforeAll(async () => {
  cdnDir = mkdtempSync(join(tmpdir(), 'hearth-cdn-'));
  const config = cdnConfig({ outDir: cdnDir });
  const [bundle, consoleBuild] = await Promise.all([rollup({ ...config, onwarn: () => {} }), buildConsole()]);
  await bundle.write(config.output);
  await bundle.close();
  built = consoleBuild;
  h = await startConsole(built.dir);
  examples = await serveExamples({ cdnDir, backend: { endpoint: h.server.url, community: COMMUNITY } });
}, 180_000);

afterAll(async () => {
  await h?.close();
  examples?.close();
  built?.remove();
  if (cdnDir) rmSync(cdnDir, { recursive: true, force: true });
});

/** A member's page with the widgets, signed in as `who` (a member token of the test community). */
async function memberPage(who) {
  const token = await h.token(who);
  const context = await h.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.url()}`));
  const query = new URLSearchParams({ endpoint: h.server.url, community: COMMUNITY, id: who.id, name: who.displayName, token });
  await page.goto(`${examples.url}server/widgets.html?${query}`);
  await page.locator('#who').getByText(`Signed in as ${who.displayName}`).waitFor(LOAD);
  return { page, errors, close: () => context.close() };
}

/** The console signed in with the admin key, on `view`. */
async function consoleOn(view) {
  const { page, errors } = await h.open(`/console/#/${view}`);
  page.setDefaultTimeout(15_000);
  await h.signIn(page);
  return { page, errors, close: () => page.context().close() };
}

describe('what staff do in the console shows in the widgets', { timeout: 90_000 }, () => {
  it('a reported post hidden in the console disappears from the feed widget', async () => {
    const ada = { id: 'ada', displayName: 'Ada' };
    const post = await h.call('feed.createPost', { space: 'general', body: 'Cheap followers at spam.example', idempotencyKey: key() }, await h.token(ada));
    await h.call('feed.createPost', { space: 'general', body: 'Our meetup is on Friday', idempotencyKey: key() }, await h.token(ada));
    await h.call('moderation.report', { target: { type: 'post', id: post.id }, reason: 'spam' }, await h.token({ id: 'bo', displayName: 'Bo' }));

    const member = await memberPage({ id: 'cy', displayName: 'Cy' });
    const feed = member.page.locator('community-feed');
    await feed.locator('[part~="post"]', { hasText: 'Cheap followers at spam.example' }).waitFor(LOAD);

    const staff = await consoleOn('moderation');
    await staff.page.getByRole('tab', { name: /Reported/ }).click();
    const item = staff.page.getByRole('tabpanel').locator(`li[data-ref="post:${post.id}"]`);
    await item.getByRole('button', { name: 'Hide' }).click();
    await staff.page.getByText('Hidden: members no longer see it.').first().waitFor();

    // Live, with no reload: the post goes, the other stays.
    await feed.locator('[part~="post"]', { hasText: 'Cheap followers at spam.example' }).waitFor({ state: 'detached', ...LOAD });
    expect(await feed.locator('[part~="post"]', { hasText: 'Our meetup is on Friday' }).count()).toBe(1);
    // And after a reload.
    await member.page.reload();
    await feed.locator('[part~="post"]', { hasText: 'Our meetup is on Friday' }).waitFor(LOAD);
    expect(await feed.locator('[part~="post"]', { hasText: 'Cheap followers at spam.example' }).count()).toBe(0);
    expect([...member.errors, ...staff.errors]).toEqual([]);
    await member.close();
    await staff.close();
  });

  it("a feedback status change with an official reply shows in the submitter's <community-feedback>", async () => {
    const dee = { id: 'dee', displayName: 'Dee' };
    const member = await memberPage(dee);
    const widget = member.page.locator('community-feedback');
    await widget.getByLabel(/^Title/).fill('Export to CSV');
    await widget.getByLabel(/^(Your feedback|Feedback|Your idea|Details)/).first().fill('Please let us export the member list to CSV.');
    await widget.getByRole('button', { name: /^Send/ }).click();
    await widget.locator('[part~="thanks"]').getByText('Thank you! Your feedback was sent.').waitFor(LOAD);

    const staff = await consoleOn('feedback');
    const card = staff.page.getByRole('article', { name: 'Export to CSV' });
    await card.getByRole('button', { name: 'Change status' }).click();
    const form = staff.page.getByRole('form', { name: 'Change the status of Export to CSV' });
    await form.getByRole('combobox', { name: 'New status' }).selectOption({ label: 'Planned' });
    await form.getByLabel('Official reply (Markdown, optional)').fill('Planned for the March release.');
    await form.getByRole('button', { name: 'Save' }).click();
    await staff.page.getByRole('status').getByText('Moved “Export to CSV” to Planned with your official reply.').waitFor();

    // The submitter sees the new status and the reply under "Your feedback", live.
    const mine = widget.locator('[part~="mine"] [part~="item"]', { hasText: 'Export to CSV' });
    await mine.getByText('Planned for the March release.').first().waitFor(LOAD);
    expect(await mine.textContent()).toContain('Planned');
    // And after a reload.
    await member.page.reload();
    await widget.locator('[part~="mine"] [part~="item"]', { hasText: 'Export to CSV' }).getByText('Planned for the March release.').first().waitFor(LOAD);
    expect([...member.errors, ...staff.errors]).toEqual([]);
    await member.close();
    await staff.close();
  });

  it('a points-rule change made in the console moves the leaderboard widget', async () => {
    const eli = await h.token({ id: 'eli', displayName: 'Eli' });
    const fox = await h.token({ id: 'fox', displayName: 'Fox' });
    // Eli posts twice (5 each), Fox replies twice (2 each): Eli leads, 10 to 4.
    for (const body of ['Welcome, everyone', 'Show us your desk']) await h.call('feed.createPost', { space: 'general', body, idempotencyKey: key() }, eli);
    for (const body of ['Hi all', 'Mine is a mess']) await h.call('createComment', { threadKey: '/rules', body, idempotencyKey: key() }, fox);

    const member = await memberPage({ id: 'fox', displayName: 'Fox' });
    const board = member.page.locator('community-leaderboard');
    const names = () => board.locator('[part~="list"] [part~="name"] .name-text').allTextContents();
    await expect.poll(names, LOAD).toEqual(expect.arrayContaining(['Eli', 'Fox']));
    const order = async () => (await names()).filter((name) => name === 'Eli' || name === 'Fox');
    expect(await order()).toEqual(['Eli', 'Fox']);

    await changeReplyPoints(10);
    expect((await h.call('community.getSettings', {}, undefined, false)).points.rules.reply).toBe(10);
    // From now on a reply earns 10: one more puts Fox ahead, 14 to 10.
    await h.call('createComment', { threadKey: '/rules', body: 'Tidied it up', idempotencyKey: key() }, fox);
    await member.page.reload();
    await expect.poll(order, LOAD).toEqual(['Fox', 'Eli']);
    expect(member.errors).toEqual([]);
    await member.close();
  });
});

/** Sets what replies earn, as an operator does: in the console's Gamification view, previewed, then saved. */
async function changeReplyPoints(points) {
  const staff = await consoleOn('gamification');
  await staff.page.getByRole('spinbutton', { name: 'Reply', exact: true }).fill(String(points));
  await staff.page.getByRole('button', { name: 'Preview changes' }).click();
  // Fox's two replies re-priced at 10 put Fox above Eli in the preview, before anything is saved.
  await staff.page.getByRole('status').filter({ hasText: /members? would move\./ }).waitFor();
  await staff.page.getByRole('button', { name: 'Save points settings' }).click();
  await staff.page.getByRole('status').filter({ hasText: 'Saved. The new settings apply to points earned from now on.' }).waitFor();
  expect(staff.errors).toEqual([]);
  await staff.close();
}
