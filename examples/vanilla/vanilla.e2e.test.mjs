// End to end: the vanilla demo as `npm start` serves it (the CDN bundle from a real
// build, the plain HTML page), driven in the system Chromium as a new visitor would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../scripts/e2e-demo.mjs';

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

async function openDemo(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${server.url}vanilla/`);
  const widget = page.locator('community-comments').first();
  return { page, widget, errors };
}

describe('the vanilla demo', () => {
  it('lets a new visitor post, reply, react, edit and delete, and keeps it after a reload', async () => {
    const context = await browser.newContext();
    const { page, widget, errors } = await openDemo(context);

    // The seeded demo conversation renders from the CDN bundle alone.
    await expect.poll(() => widget.locator('[part~="comment"]').count(), { timeout: 15_000 }).toBeGreaterThan(1);

    // Post as a guest with a name, sending with the keyboard.
    await widget.getByLabel('Your name').first().fill('Grace');
    const composer = widget.getByLabel('Write a comment');
    await composer.fill('Hello from **the demo**');
    await composer.press('Control+Enter');
    const mine = widget.locator('article', { hasText: 'Hello from the demo' }).first();
    await mine.waitFor();
    await expect(mine.locator('strong').first().textContent()).resolves.toBe('the demo');
    await expect(composer.inputValue()).resolves.toBe('');

    // Reply to it.
    await mine.getByRole('button', { name: 'Reply', exact: true }).first().click();
    const replyBox = widget.getByLabel('Reply to Grace');
    await replyBox.fill('A reply to myself');
    await replyBox.press('Control+Enter');
    await widget.locator('article', { hasText: 'A reply to myself' }).first().waitFor();

    // React through the picker, as a first reaction is added.
    await mine.getByRole('button', { name: 'Add reaction' }).first().click();
    await mine.getByRole('button', { name: /^React with/ }).first().click();
    await expect.poll(() => mine.locator('[part~="reaction"][aria-pressed="true"]').count()).toBeGreaterThan(0);

    // Edit it.
    await mine.getByRole('button', { name: 'Edit', exact: true }).first().click();
    const editor = widget.getByLabel('Edit your comment');
    await editor.fill('Hello again, edited');
    await widget.getByRole('button', { name: 'Save', exact: true }).click();
    const edited = widget.locator('article', { hasText: 'Hello again, edited' }).first();
    await edited.waitFor();

    // Delete the reply (no replies of its own, so it disappears).
    const reply = widget.locator('article', { hasText: 'A reply to myself' }).first();
    await reply.getByRole('button', { name: 'Delete', exact: true }).first().click();
    await reply.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => widget.locator('article', { hasText: 'A reply to myself' }).count()).toBe(0);

    // Everything accepted survives a reload (the memory adapter persists to localStorage). The
    // widget drops the reply the moment Delete is pressed; the delete is accepted, and saved, a
    // moment later (on a busy machine, after the reload below would have come).
    const saved = () =>
      page.evaluate(() =>
        Object.values(localStorage).some((value) => {
          // A stored post whose body is still the reply's (a deleted one keeps an empty body).
          let found = false;
          try {
            JSON.parse(value, (key, field) => ((found ||= key === 'body' && field === 'A reply to myself'), field));
          } catch {
            // Not JSON: not the adapter's.
          }
          return found;
        }),
      );
    await expect.poll(saved).toBe(false);
    await page.reload();
    await widget.locator('article', { hasText: 'Hello again, edited' }).first().waitFor({ timeout: 15_000 });
    expect(await widget.locator('article', { hasText: 'A reply to myself' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows a post from one widget in another open on the same page at once', async () => {
    const context = await browser.newContext();
    const { page, widget } = await openDemo(context);
    await widget.locator('[part~="comment"]').first().waitFor({ timeout: 15_000 });
    // A second widget for the same thread, added the way a page author would.
    await page.evaluate(() => {
      const second = document.createElement('community-comments');
      second.setAttribute('thread', '/demo');
      second.setAttribute('adapter', 'memory');
      second.id = 'second';
      document.querySelector('main').append(second);
    });
    const second = page.locator('#second');
    await second.locator('[part~="comment"]').first().waitFor({ timeout: 15_000 });
    await widget.getByLabel('Your name').first().fill('Linus');
    const composer = widget.getByLabel('Write a comment');
    await composer.fill('Seen in both widgets');
    await composer.press('Control+Enter');
    await second.locator('article', { hasText: 'Seen in both widgets' }).first().waitFor({ timeout: 10_000 });
    await context.close();
  }, 60_000);

  it('registers every widget from the one CDN file, so a widget a script adds later renders too', async () => {
    const context = await browser.newContext();
    const { page, widget, errors } = await openDemo(context);
    await widget.locator('[part~="comment"]').first().waitFor({ timeout: 15_000 });
    const tags = ['community-comments', 'community-feed', 'community-qa', 'community-poll', 'community-feedback', 'community-leaderboard'];
    expect(await page.evaluate((names) => names.filter((name) => !customElements.get(name)), tags)).toEqual([]);
    await page.evaluate(() => document.querySelector('main').append(Object.assign(document.createElement('community-leaderboard'), { adapter: 'memory' })));
    await page.locator('community-leaderboard [part~="heading"]').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
