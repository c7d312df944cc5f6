import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { signMemberToken } from '@hearth/server';
import { DEFAULT_COMMUNITY_SETTINGS } from '@hearth/protocol';
import { COMMUNITY, axeViolations, setUpConsole } from './test-support.js';

// The settings view end to end: the built console in Chromium against a real server. Community
// settings saved here take effect on the next post; admin keys made here sign in and stop when
// revoked; the SSO secret rotates; origins added here get CORS answers.

const harness = setUpConsole();

let counter = 0;
const key = () => `settings-e2e-${Date.now()}-${++counter}`;

/** A new page signed in (the admin key unless given) on the Settings view. */
async function openSettings(credential?: string): Promise<{ page: Page; problems: () => string[] }> {
  const { page, errors } = await harness.open();
  page.setDefaultTimeout(10_000);
  await harness.signIn(page, credential);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.getByRole('form', { name: 'Community' }).waitFor();
  return { page, problems: () => [...errors] };
}

/** Chromium's own line for an answer the page expected to be an error. */
const refused = /Failed to load resource: the server responded with a status of (400|401|409)/;

describe('the settings view', { timeout: 40_000 }, () => {
  afterEach(async () => {
    // Each test starts from the defaults, whatever the one before saved.
    const { points: _points, ...rest } = DEFAULT_COMMUNITY_SETTINGS;
    await harness.call('community.updateSettings', rest);
    await harness.call('access.setOrigins', { origins: [] });
  });

  it('turns on pre-moderation and a banned word, and the next posts are held and refused', async () => {
    const { page, problems } = await openSettings();
    const form = page.getByRole('form', { name: 'Community' });
    await form.getByLabel('Pre-moderation: every post waits for review').check();
    await form.getByLabel('Banned words (one per line)').fill('casino\n  \nCasino\nfree money');
    await form.getByLabel('Hours', { exact: true }).fill('2');
    await form.getByLabel('Minutes', { exact: true }).fill('30');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const saved = await harness.call<{ moderation: string; bannedWords: string[]; firstResponseTargetMs: number; rulesText: string }>('community.getSettings', {}, undefined, false);
    expect(saved).toMatchObject({ moderation: 'pre', bannedWords: ['casino', 'free money'], firstResponseTargetMs: 2.5 * 3_600_000 });
    // Only what changed was sent: the rules are as they were.
    expect(saved.rulesText).toBe(DEFAULT_COMMUNITY_SETTINGS.rulesText);

    const ada = await harness.token({ id: 'ada', displayName: 'Ada' });
    const held = await harness.call<{ status: string }>('createComment', { threadKey: '/settings', body: 'Hello there', idempotencyKey: key() }, ada);
    expect(held.status).toBe('pending');
    const spam = await harness.request('createComment', { threadKey: '/settings', body: 'Win at the CASINO today', idempotencyKey: key() }, ada);
    expect(spam.ok).toBe(false);
    if (!spam.ok) expect(spam.failure.code).toBe('validation');

    // Saving again with nothing changed says so and sends nothing.
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Nothing to save: no setting changed.').waitFor();
    expect(problems()).toEqual([]);
  });

  it('shows a refused save by its field and changes nothing', async () => {
    const { page, problems } = await openSettings();
    const before = await harness.call('community.getSettings', {}, undefined, false);
    const form = page.getByRole('form', { name: 'Community' });

    // The console's own check: nothing reaches the server.
    await form.getByLabel("Hold a new member's first posts for review").fill('-2');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('alert').filter({ hasText: 'Enter a whole number, 0 or more.' }).waitFor();
    expect(await form.getByLabel("Hold a new member's first posts for review").getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel("Hold a new member's first posts for review").fill('0');

    // The server's: rules longer than it takes, and a banned word longer than 100 characters.
    await form.getByLabel('Guests may comment').check();
    await form.getByLabel('Banned words (one per line)').fill(`fine\n${'x'.repeat(101)}`);
    await form.getByRole('button', { name: 'Save settings' }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'Not saved; nothing was changed' });
    await alert.waitFor();
    await form.getByText(/^Line 2: /).waitFor();
    expect(await form.getByLabel('Banned words (one per line)').getAttribute('aria-invalid')).toBe('true');
    expect(await harness.call('community.getSettings', {}, undefined, false)).toEqual(before);
    // What was typed stays, to fix.
    expect(await form.getByLabel('Guests may comment').isChecked()).toBe(true);
    expect(problems().filter((line) => !refused.test(line))).toEqual([]);
  });

  it('makes an admin key that signs in a fresh page, and refuses it once revoked', async () => {
    const { page, problems } = await openSettings();
    const keys = page.getByRole('region', { name: 'Admin API keys' });
    const create = page.getByRole('form', { name: 'Create an admin key' });
    await create.getByLabel('Key name (what will use it)').fill('e2e-bot');
    await create.getByRole('button', { name: 'Create key' }).click();
    const shown = page.locator('[data-secret]');
    await shown.waitFor();
    const value = (await shown.textContent())!.trim();
    expect(value).toMatch(/^hk_/);
    await page.getByText('Copy it now: it will not be shown again.').waitFor();
    await keys.getByRole('row', { name: /e2e-bot/ }).waitFor();

    // A duplicate name is refused by its field.
    await create.getByLabel('Key name (what will use it)').fill('e2e-bot');
    await create.getByRole('button', { name: 'Create key' }).click();
    await create.getByText('A key named "e2e-bot" exists already; choose another name.').waitFor();

    const fresh = await harness.open();
    await harness.signIn(fresh.page, value);
    await fresh.page.getByText('e2e-bot · admin').waitFor();
    await fresh.page.close();

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.locator('[data-secret]').count()).toBe(0);
    await keys.getByRole('button', { name: 'Revoke e2e-bot' }).click();
    await keys.getByText('Revoke "e2e-bot"? Anything using it is refused at once.').waitFor();
    await keys.getByRole('button', { name: 'Revoke key' }).click();
    await keys.getByRole('status').filter({ hasText: '"e2e-bot" is revoked.' }).waitFor();
    expect(await keys.getByRole('row', { name: /e2e-bot/ }).count()).toBe(0);
    // The config's key is listed, read-only.
    await keys.getByRole('row', { name: /ops/ }).getByText('from the server config (read-only)').waitFor();

    const again = await harness.open();
    await harness.signIn(again.page, value);
    await again.page.getByText('This key or token was not accepted').waitFor();
    expect(problems().filter((line) => !refused.test(line))).toEqual([]);
  });

  it('warns before revoking the key the console is signed in with', async () => {
    const made = await harness.call<{ id: string; key: string }>('access.createAdminKey', { name: 'own-key', idempotencyKey: key() });
    const { page } = await openSettings(made.key);
    const keys = page.getByRole('region', { name: 'Admin API keys' });
    await keys.getByText('(you are signed in with it)').waitFor();
    await keys.getByRole('button', { name: 'Revoke own-key' }).click();
    await keys.getByText('You are signed in with "own-key". Revoking it refuses it at once and signs this console out.').waitFor();
    await keys.getByRole('button', { name: 'Keep it' }).click();
    await keys.getByRole('button', { name: 'Revoke own-key' }).waitFor();
    await harness.call('access.revokeAdminKey', { id: made.id });
  });

  it('rotates the SSO secret for an owner, showing it once, with the previous one accepted for the grace chosen', async () => {
    const owner = await harness.token({ id: 'olive', displayName: 'Olive', role: 'owner' });
    const { page, problems } = await openSettings(owner);
    const sso = page.getByRole('region', { name: 'Sign-in (SSO)' });
    await sso.getByLabel('Keep accepting the previous secret for').selectOption({ label: '1 day' });
    await sso.getByRole('button', { name: 'Make a new secret' }).click();
    const first = (await page.locator('[data-secret]').textContent())!.trim();
    await page.getByRole('button', { name: 'Done' }).click();
    await sso.getByText(/The console’s shared secret was made/).waitFor();
    await sso.getByRole('button', { name: 'Make a new secret' }).click();
    const second = (await page.locator('[data-secret]').textContent())!.trim();
    expect(second).not.toBe(first);
    await sso.getByText(/The previous secret is still accepted until/).waitFor();

    const signedWith = (secret: string, id: string) => signMemberToken(secret, { sub: id, name: id }, 600);
    const session = async (token: string) => harness.request<{ viewer: { id: string } | null }>('getSession', {}, token, false);
    expect((await session(await signedWith(second, 'new-secret'))).ok).toBe(true);
    expect((await session(await signedWith(first, 'old-secret'))).ok).toBe(true);

    await sso.getByRole('button', { name: 'Stop accepting the previous secret' }).click();
    await sso.getByRole('status').filter({ hasText: 'The previous secret is refused from now on.' }).waitFor();
    expect((await session(await signedWith(first, 'old-secret-2'))).ok).toBe(false);
    expect((await session(await signedWith(second, 'new-secret-2'))).ok).toBe(true);
    await harness.call('access.removeSsoSecret', {}, owner);
    expect(problems()).toEqual([]);
  });

  it('tells an admin that only owners change sign-in, and refuses a key set URL that is not http(s)', async () => {
    const { page } = await openSettings();
    const sso = page.getByRole('region', { name: 'Sign-in (SSO)' });
    await sso.getByText('Only owners can change sign-in').waitFor();
    expect(await sso.getByRole('button', { name: 'Make a new secret' }).count()).toBe(0);

    const owner = await harness.token({ id: 'olive', displayName: 'Olive', role: 'owner' });
    const own = await openSettings(owner);
    const form = own.page.getByRole('form', { name: 'Key set (JWKS)' });
    await form.getByLabel('Key set URL').fill('ftp://id.example/jwks.json');
    await form.getByRole('button', { name: 'Save key set' }).click();
    await form.getByText(/must be an absolute http:\/\/ or https:\/\/ URL/).waitFor();
    expect(await form.getByLabel('Key set URL').getAttribute('aria-invalid')).toBe('true');
    const access = await harness.call<{ sso: { jwksUrl: string | null } }>('access.getAccess', {}, owner, false);
    expect(access.sso.jwksUrl).toBeNull();
  });

  it('adds an origin that then gets CORS answers, and refuses one with a path', async () => {
    const { page, problems } = await openSettings();
    const origins = page.getByRole('form', { name: 'Allowed embedding origins' });
    await origins.getByText('In force: any origin').waitFor();
    await origins.getByLabel('Origins (one per line)').fill('https://shop.example/blog');
    await origins.getByRole('button', { name: 'Save origins' }).click();
    await origins.getByText(/^Line 1: .*no path/).waitFor();

    await origins.getByLabel('Origins (one per line)').fill('https://shop.example\nhttps://www.brand.example');
    await origins.getByRole('button', { name: 'Save origins' }).click();
    await origins.getByRole('status').filter({ hasText: 'Origins saved.' }).waitFor();
    await origins.getByText('In force: https://shop.example, https://www.brand.example').waitFor();

    const from = (origin: string) => fetch(`${harness.server.url}/v1/getSession`, { headers: { origin, 'hearth-community': COMMUNITY } });
    const allowed = await from('https://shop.example');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await from('https://elsewhere.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    // The console itself, on the server's own origin, keeps working.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.reload();
    await page.getByRole('form', { name: 'Allowed embedding origins' }).getByText('In force: https://shop.example, https://www.brand.example').waitFor();
    expect(problems().filter((line) => !refused.test(line))).toEqual([]);
  });

  it('links to webhooks, and has no axe violations', async () => {
    const owner = await harness.token({ id: 'olive', displayName: 'Olive', role: 'owner' });
    const { page } = await openSettings(owner);
    await page.getByRole('region', { name: 'Admin API keys' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Manage webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
  });
});
