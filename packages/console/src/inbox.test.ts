import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, setUpConsole } from './test-support.js';

// The console end to end: built by Vite, served by a real server at /console/, driven in
// Chromium. Sign-in, the navigation a role gets, and the inbox: the zero-reply queue with
// ages against the first-response target, answered inline as staff.

const h = setUpConsole();

let keys = 0;
const key = () => `key-console-e2e-${++keys}`;

describe('the console', { timeout: 60_000 }, () => {
  it('is served at /console/ with its own security headers', async () => {
    const res = await fetch(`${h.server.url}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-cache');
    // Any path under it is the app (the view lives in the hash).
    expect((await fetch(`${h.server.url}/console/inbox`)).status).toBe(200);
    expect((await fetch(`${h.server.url}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
  });

  it('refuses a wrong key and a member, saying why, and lets a moderator in without the admin views', async () => {
    const { page, errors } = await h.open();
    await h.signIn(page, 'not-a-key-at-all');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('was not accepted');
    await h.signIn(page, await h.token({ id: 'ada', displayName: 'Ada' }));
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('the console is for moderators, admins and owners');
    await h.signIn(page, await h.token({ id: 'mo', displayName: 'Mo', role: 'moderator' }));
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Inbox', 'Moderation', 'Feedback', 'Q&A and polls', 'Members', 'Analytics']);
    expect(errors.filter((e) => !e.includes('401') && !e.includes('403'))).toEqual([]);
    await page.context().close();
  });

  it('keeps the sign-in across a reload until signing out', async () => {
    const { page } = await h.open();
    await h.signIn(page);
    await page.getByRole('link', { name: 'Webhooks' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Webhooks' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  it('lists what waits for a first reply, oldest first, against the target; a staff reply takes each out', async () => {
    const ada = await h.token({ id: 'ada', displayName: 'Ada' });
    const comment = await h.call<{ id: string }>('createComment', { threadKey: '/pricing', body: 'Is there a yearly plan?', idempotencyKey: key() }, ada);
    const post = await h.call<{ id: string }>('feed.createPost', { space: 'general', body: 'Show us your setups!', idempotencyKey: key() }, ada);
    const question = await h.call<{ id: string }>('feed.createPost', { space: 'qa', kind: 'question', title: 'How do I export my data?', body: 'I cannot find the button.', idempotencyKey: key() }, ada);
    const feedback = await h.call<{ id: string; status: string }>('feedback.submitFeedback', { kind: 'idea', title: 'Dark mode', body: 'Please add a dark theme.', idempotencyKey: key() }, ada);
    // A one-second target: all of them are overdue by the time the console looks.
    await h.call('community.updateSettings', { firstResponseTargetMs: 1000 }, ADMIN_KEY);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const { page, errors } = await h.open('/console/#/inbox');
    await h.signIn(page);
    const items = page.locator('ol.queue > li');
    await expect.poll(() => items.count()).toBe(4);
    expect(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-ref')))).toEqual([`comment:${comment.id}`, `post:${post.id}`, `post:${question.id}`, `feedback:${feedback.id}`]);
    expect(await page.locator('.summary').textContent()).toBe('4 waiting for a first reply, 4 past the 1 s target.');
    expect(await items.first().locator('.age').textContent()).toContain('overdue');
    expect(await items.first().getAttribute('class')).toContain('overdue');

    const answer = async (ref: string, text: string) => {
      const item = page.locator(`li[data-ref="${ref}"]`);
      await item.getByRole('button', { name: 'Reply' }).click();
      await item.getByLabel(/Your reply to Ada/).fill(text);
      await item.getByRole('button', { name: 'Send reply' }).click();
      await item.waitFor({ state: 'detached' });
    };
    await answer(`comment:${comment.id}`, 'Yes: two months free on yearly.');
    await answer(`post:${post.id}`, 'Love this one!');
    await answer(`post:${question.id}`, 'Settings → Account → Export.');
    await answer(`feedback:${feedback.id}`, 'Thanks! We are looking at it.');
    await page.getByText('Nothing waits for a first reply.').waitFor();

    // Each reply landed where its kind is answered, as the admin key's member.
    const thread = await h.call<{ replies: Array<{ parentId: string; body: string; author: { displayName: string } }> }>('listComments', { threadKey: '/pricing' }, ada, false);
    expect(thread.replies.map((r) => [r.parentId, r.body, r.author.displayName])).toEqual([[comment.id, 'Yes: two months free on yearly.', 'ops']]);
    const onPost = await h.call<{ items: Array<{ body: string }> }>('listComments', { threadKey: `post:${post.id}` }, ada, false);
    expect(onPost.items.map((c) => c.body)).toEqual(['Love this one!']);
    const asked = await h.call<{ answers: Array<{ body: string }> }>('qa.getQuestion', { questionId: question.id }, ada, false);
    expect(asked.answers.map((a) => a.body)).toEqual(['Settings → Account → Export.']);
    const detail = await h.call<{ status: string; history: Array<{ reply: string | null }> }>('feedback.getFeedback', { feedbackId: feedback.id }, ada, false);
    expect(detail.status).toBe(feedback.status);
    expect(detail.history.map((u) => u.reply)).toEqual(['Thanks! We are looking at it.']);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
