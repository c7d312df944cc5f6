import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, receiver, setUpConsole } from './test-support.js';

// The webhooks view end to end: the built console in Chromium, a real server sending real
// deliveries to a receiver on loopback, retried fast (three attempts 100 ms apart).

const harness = setUpConsole({ webhooks: { pollMs: 50, schedule: [100, 100] } });

/** A new page at /console/ whose `problems()` are the console errors `open()` collected. */
async function openPage(): Promise<{ page: Page; problems: () => string[] }> {
  const { page, errors } = await harness.open();
  // A locator that never matches fails the test naming it, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  return { page, problems: () => [...errors] };
}

/** A new page signed in as the admin key, on the Webhooks view. */
async function openWebhooks(): Promise<{ page: Page; problems: () => string[] }> {
  const opened = await openPage();
  await harness.signIn(opened.page);
  await opened.page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
  await opened.page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
  return opened;
}

/** The log's summary row for a delivery (each has a details toggle), and the open details. */
function log(page: Page) {
  const table = page.getByRole('table', { name: 'Delivery log' });
  return {
    row: (text: string) => table.getByRole('row').filter({ has: page.getByRole('button', { name: 'Details' }) }).filter({ hasText: text }),
    details: table.getByRole('row').filter({ has: page.getByRole('heading', { name: 'Payload' }) }),
  };
}

/** Chromium's own line for an answer the page expected to be an error. */
const refusedRequest = /Failed to load resource: the server responded with a status of 400/;

describe('the webhooks view', { timeout: 30_000 }, () => {
  it('adds an endpoint, shows its secret once, and logs a new comment delivered to it', async () => {
    const hook = await receiver();
    const { page, problems } = await openWebhooks();
    try {
      const form = page.getByRole('form', { name: 'Add an endpoint' });
      await form.getByLabel('URL').fill(hook.url);
      await form.getByLabel('New post or reply').check();
      await form.getByRole('button', { name: 'Add endpoint' }).click();

      const secret = page.getByText(/^whsec_/);
      await secret.waitFor();
      await page.getByText('it will not be shown again').waitFor();
      const endpoint = page.getByRole('article', { name: hook.url });
      await endpoint.getByText('Events: New post or reply').waitFor();

      await page.reload();
      await endpoint.waitFor();
      expect(await page.getByText(/whsec_/).count()).toBe(0);

      const ada = await harness.token({ id: 'ada', displayName: 'Ada' });
      const posted = await harness.request('createComment', { threadKey: '/t', body: 'Hello', idempotencyKey: 'key-e2e-0001' }, ada);
      expect(posted.ok).toBe(true);
      await expect.poll(() => hook.bodies.length).toBe(1);
      expect(JSON.parse(hook.bodies[0]!)).toMatchObject({ type: 'post.created', data: { kind: 'comment', post: { body: 'Hello' } } });

      await page.getByRole('combobox', { name: 'Endpoint', exact: true }).selectOption({ label: hook.url });
      await page.getByRole('button', { name: 'Refresh' }).click();
      const { row, details } = log(page);
      const delivery = row('New post or reply');
      await expect.poll(() => delivery.textContent(), { timeout: 10_000 }).toContain('Succeeded');
      await delivery.getByRole('button', { name: 'Details' }).click();
      expect(await details.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('HTTP 200')]);
      expect(await details.locator('pre').textContent()).toContain('"body": "Hello"');
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
      await hook.close();
    }
  });

  it('shows a test delivery failing after its attempts, and succeeding when sent again', async () => {
    let answer = 500;
    const hook = await receiver(() => answer);
    await harness.call('webhooks.createWebhook', { url: hook.url, events: ['member.banned'], idempotencyKey: 'key-e2e-hook-failing' });
    const { page, problems } = await openWebhooks();
    try {
      await page.getByRole('article', { name: hook.url }).getByRole('button', { name: 'Send test' }).click();
      await page.getByText('Test delivery queued').waitFor();
      await page.getByRole('combobox', { name: 'Endpoint', exact: true }).selectOption({ label: hook.url });
      const { row, details } = log(page);
      const test = row('Test delivery');
      await expect.poll(() => test.textContent(), { timeout: 10_000 }).toContain('Failed');
      await test.getByRole('button', { name: 'Details' }).click();
      expect(await details.getByRole('listitem').allTextContents()).toEqual(Array(3).fill(expect.stringContaining('HTTP 500')));

      answer = 200;
      await test.getByRole('button', { name: 'Send again' }).click();
      await expect.poll(() => test.textContent(), { timeout: 10_000 }).toContain('Succeeded');
      const attempts = await details.getByRole('listitem').allTextContents();
      expect(attempts).toHaveLength(4);
      expect(attempts[3]).toContain('HTTP 200');
      expect(hook.bodies).toHaveLength(4);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
      await hook.close();
    }
  });

  it('names the field the server refused and adds nothing (keyboard only)', async () => {
    const { page, problems } = await openWebhooks();
    try {
      const form = page.getByRole('form', { name: 'Add an endpoint' });
      await form.getByLabel('URL').focus();
      await page.keyboard.type('ftp://x');
      await page.keyboard.press('Tab'); // description
      await page.keyboard.press('Tab'); // the first event
      await page.keyboard.press('Space');
      for (let i = 0; i < 5; i++) await page.keyboard.press('Tab'); // past the other four events
      await page.keyboard.press('Enter');

      const alert = form.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('URL: Use an absolute http:// or https:// URL without a user name or password in it.');
      const url = form.getByLabel('URL');
      expect(await url.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await url.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('Use an absolute http://');
      expect(await form.getByLabel('New post or reply').isChecked()).toBe(true);

      expect(await page.getByRole('article', { name: 'ftp://x' }).count()).toBe(0);
      const endpoints = await harness.call<Array<{ url: string }>>('webhooks.listWebhooks', {}, ADMIN_KEY, false);
      expect(endpoints.map((e) => e.url)).not.toContain('ftp://x');
      // The refused request is Chromium's one console line; nothing else went wrong.
      expect(problems().filter((e) => !refusedRequest.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('turns an endpoint off, edits it, rotates its secret and deletes it after a confirmation', async () => {
    const hook = await receiver();
    await harness.call('webhooks.createWebhook', { url: hook.url, events: ['report.created'], description: 'Tickets', idempotencyKey: 'key-e2e-hook-managed' });
    const { page, problems } = await openWebhooks();
    try {
      const endpoint = page.getByRole('article', { name: hook.url });
      await endpoint.getByText('Tickets').waitFor();
      await endpoint.getByRole('button', { name: 'Turn off' }).click();
      await endpoint.getByText('Off: gets no new deliveries').waitFor();
      await endpoint.getByRole('button', { name: 'Turn on' }).waitFor();

      await endpoint.getByRole('button', { name: 'Edit' }).click();
      const edit = endpoint.getByRole('form', { name: `Edit ${hook.url}` });
      await edit.getByLabel('URL').fill(`${hook.url}/v2`);
      await edit.getByLabel('Member banned').check();
      await edit.getByRole('button', { name: 'Save' }).click();
      const moved = page.getByRole('article', { name: `${hook.url}/v2` });
      await moved.getByText('Events: New report, Member banned').waitFor();

      await moved.getByRole('button', { name: 'Rotate secret' }).click();
      await moved.getByText(/^whsec_/).waitFor();
      await moved.getByText('The previous secret signs beside the new one until').waitFor();

      await moved.getByRole('button', { name: 'Delete', exact: true }).click();
      await moved.getByText('Delete this endpoint?').waitFor();
      await moved.getByRole('button', { name: 'Keep it' }).click();
      await moved.getByRole('button', { name: 'Delete', exact: true }).click();
      await moved.getByRole('button', { name: 'Delete endpoint' }).click();
      await moved.waitFor({ state: 'detached' });
      const endpoints = await harness.call<Array<{ url: string }>>('webhooks.listWebhooks', {}, ADMIN_KEY, false);
      expect(endpoints.map((e) => e.url)).not.toContain(`${hook.url}/v2`);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
      await hook.close();
    }
  });

  it('leaves Webhooks out of a moderator’s navigation', async () => {
    const token = await harness.token({ id: 'mod', displayName: 'Mo', role: 'moderator' });
    const { page, problems } = await openPage();
    try {
      await harness.signIn(page, token);
      const nav = page.getByRole('navigation', { name: 'Console' });
      await nav.getByRole('link', { name: 'Inbox' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
      // Nor does the address open it.
      await page.evaluate(() => (location.hash = '#/webhooks'));
      await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
      expect(await page.getByRole('heading', { name: 'Webhooks' }).count()).toBe(0);
      expect(problems()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
