import { describe, expect, it } from 'vitest';
import { axeViolations, setUpConsole } from './test-support.js';

// Every view the navigation offers, in every language: no axe-core violations, reachable by
// keyboard, and named in the operator's language once they pick one.

const h = setUpConsole();

describe('the console for every operator', { timeout: 120_000 }, () => {
  it('has no axe violations on the sign-in page or in any view', async () => {
    const { page } = await h.open();
    expect(await axeViolations(page)).toEqual([]);
    await h.signIn(page);
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link').first().waitFor();
    const names = await nav.getByRole('link').allTextContents();
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      await nav.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      // Let the view's first reads land, so what is checked is the view with its data.
      await page.waitForLoadState('networkidle');
      expect({ view: name, violations: await axeViolations(page) }).toEqual({ view: name, violations: [] });
    }
    await page.context().close();
  });

  it('is run from the keyboard: the navigation is reached and followed with Tab and Enter', async () => {
    const { page } = await h.open();
    await h.signIn(page);
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link').first().waitFor();
    const second = (await nav.getByRole('link').allTextContents())[1]!;
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === second) break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: second }).waitFor();
    await page.context().close();
  });

  it('switches every label to Simplified or Traditional Chinese, and keeps the choice', async () => {
    const { page } = await h.open();
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByLabel('社区').fill('console-test');
    await page.getByLabel('管理员 API 密钥或登录令牌').fill('console-admin-key-0123456789abcdef');
    await page.getByRole('button', { name: '登录' }).click();
    const nav = page.getByRole('navigation', { name: '控制台' });
    await nav.getByRole('link', { name: '待回复' }).waitFor();
    await page.getByLabel('语言').selectOption('zh-TW');
    await page.getByRole('navigation', { name: '控制台' }).getByRole('link', { name: '待回覆' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: '登出' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-TW');
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    await page.context().close();
  });
});
