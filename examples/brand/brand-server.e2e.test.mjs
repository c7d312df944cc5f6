// End to end: the brand demo as `npm start` serves it, against the Hearth server on PGlite
// seeded with the demo content, in the system Chromium. Two visitors signed in as two sample
// members see each other's comment and poll vote live, and a reload keeps both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../scripts/e2e-demo.mjs';

const LOAD = { timeout: 20_000 };

let demo;

beforeAll(async () => {
  demo = await startDemo({ hearth: true });
}, 180_000);

afterAll(async () => {
  await demo?.stop();
});

/** A visitor in a fresh context, signed in as `who` through the header's "Viewing as" select. */
async function visitor(who) {
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
  page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.url()}`));
  await page.goto(`${demo.server.url}brand/`);
  await page.getByLabel('Viewing as').selectOption(who);
  const comments = page.locator('community-comments');
  const poll = page.locator('aside community-poll[poll="demo-poll"]');
  await comments.locator('[part~="comment"]').first().waitFor(LOAD);
  await poll.locator('[part~="result"]').first().waitFor(LOAD);
  return { context, page, errors, comments, poll };
}

/** A poll option's count as shown in its results ("Glacier blue … 1 vote, 25%" → 1). */
async function resultCount(poll, label) {
  const text = await poll.locator('[part~="result"]', { hasText: label }).locator('.count').textContent();
  return Number(text.match(/^\s*([\d,]+)/)[1].replace(/,/g, ''));
}

describe('the brand demo on the Hearth server (npm start)', () => {
  it('tells the page where the server is, and the page says it runs there', async () => {
    const { page, context, errors } = await visitor('you');
    await expect.poll(() => page.locator('#backend').textContent()).toContain('Hearth server');
    expect(await page.locator('[adapter="memory"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows one member’s comment and vote to another live, and keeps both after a reload', async () => {
    const maya = await visitor('maya');
    const you = await visitor('you');
    const before = await resultCount(maya.poll, 'Glacier blue');

    const body = `Live from Maya ${Date.now()}`;
    const composer = maya.comments.getByLabel('Write a comment');
    await composer.fill(body);
    await composer.press('Control+Enter');
    await you.comments.locator('article', { hasText: body }).first().waitFor(LOAD);

    // The new member votes (Maya voted in the seed); Maya's copy of the poll counts it live.
    await you.poll.getByRole('radio', { name: 'Glacier blue' }).check();
    await you.poll.getByRole('button', { name: 'Vote', exact: true }).click();
    await expect.poll(() => resultCount(maya.poll, 'Glacier blue'), LOAD).toBe(before + 1);

    await you.page.reload();
    await you.comments.locator('article', { hasText: body }).first().waitFor(LOAD);
    await you.poll.locator('[part~="ballot"]', { hasText: 'Glacier blue' }).waitFor(LOAD);
    expect(await resultCount(you.poll, 'Glacier blue')).toBe(before + 1);
    expect([...maya.errors, ...you.errors]).toEqual([]);
    await maya.context.close();
    await you.context.close();
  }, 90_000);
});
