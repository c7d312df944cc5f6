import { describe, expect, it } from 'vitest';
import { HearthError, type CommunitySettings, type Viewer, type WebhookEventType } from '@hearth/protocol';
import { createEngine } from '../engine.js';
import { MemoryStore } from '../memory-store.js';
import { MAX_WEBHOOK_ENDPOINTS, WebhooksService } from './webhooks-service.js';

const START = Date.UTC(2030, 0, 1, 12);
const HOUR = 3_600_000;

const ann: Viewer = { id: 'ann', displayName: 'Ann', role: 'admin' };
const mo: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };
const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };

function setup(community: Partial<CommunitySettings> = {}) {
  let now = START;
  let n = 0;
  const store = new MemoryStore();
  const engine = createEngine({ store, clock: () => now, ids: () => `id${++n}`, webhooks: WebhooksService, community: { flood: { duplicateWindowMs: 0, maxPostsPerMinute: 1000 }, ...community } });
  const w = engine.webhooks!;
  let key = 0;
  const k = () => `key-webhook-${++key}`;
  const create = (events: WebhookEventType[], url = 'https://hooks.example.com/hearth') => w.createWebhook({ url, events, idempotencyKey: k() }, ann);
  /** Every delivery stored, oldest first. */
  const deliveries = async () => (await store.collection('webhookDeliveries').find({})).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return { engine, store, w, k, create, deliveries, advance: (ms: number) => void (now += ms), now: () => now };
}

async function rejection(promise: Promise<unknown>): Promise<HearthError> {
  try {
    await promise;
  } catch (error) {
    if (HearthError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('webhook endpoints', () => {
  it('are for admins: members and moderators are refused, signed-out callers asked to sign in', async () => {
    const t = setup();
    expect((await rejection(t.w.createWebhook({ url: 'https://a.example', events: ['post.created'], idempotencyKey: t.k() }, ada))).code).toBe('forbidden');
    expect((await rejection(t.w.createWebhook({ url: 'https://a.example', events: ['post.created'], idempotencyKey: t.k() }, mo))).code).toBe('forbidden');
    expect((await rejection(t.w.listWebhooks({}, null))).code).toBe('unauthorized');
    expect((await rejection(t.w.listWebhookDeliveries({}, mo))).code).toBe('forbidden');
    expect(await t.w.listWebhooks({}, ann)).toEqual([]);
  });

  it('come back with their secret once, when made; a retried create returns the same endpoint and secret', async () => {
    const t = setup();
    const input = { url: 'https://hooks.example.com/a', events: ['post.created', 'feedback.created'], description: 'CRM', idempotencyKey: 'key-create-1' };
    const made = await t.w.createWebhook(input, ann);
    expect(made).toMatchObject({ url: input.url, events: ['feedback.created', 'post.created'], description: 'CRM', enabled: true, previousSecretExpiresAt: null });
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await t.w.createWebhook(input, ann)).toEqual(made);
    const listed = await t.w.listWebhooks({}, ann);
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('secret');
    const other = await rejection(t.w.createWebhook({ ...input, url: 'https://elsewhere.example' }, ann));
    expect(other.code).toBe('conflict');
    expect(other.details).toMatchObject({ issues: [{ path: 'idempotencyKey' }] });
  });

  it('refuse bad input, naming the field, and change nothing', async () => {
    const t = setup();
    const bad = async (input: Record<string, unknown>, path: string) => {
      const error = await rejection(t.w.createWebhook({ url: 'https://a.example', events: ['post.created'], idempotencyKey: t.k(), ...input }, ann));
      expect(error.code).toBe('validation');
      expect(JSON.stringify(error.details)).toContain(path);
    };
    await bad({ url: 'ftp://files.example/in' }, 'url');
    await bad({ url: '/relative/path' }, 'url');
    await bad({ url: 'https://user:pass@hooks.example' }, 'url');
    await bad({ events: [] }, 'events');
    await bad({ events: ['post.deleted'] }, 'events');
    await bad({ description: 'x'.repeat(201) }, 'description');
    expect(await t.w.listWebhooks({}, ann)).toEqual([]);
    const { id } = await t.create(['post.created']);
    expect((await rejection(t.w.updateWebhook({ id, url: 'mailto:a@b.example' }, ann))).code).toBe('validation');
    expect((await rejection(t.w.updateWebhook({ id: 'nope', enabled: false }, ann))).code).toBe('not_found');
    expect((await rejection(t.w.rotateWebhookSecret({ id, overlapMs: 8 * 24 * HOUR }, ann))).code).toBe('validation');
    expect((await t.w.listWebhooks({}, ann))[0]).toMatchObject({ url: 'https://hooks.example.com/hearth', enabled: true });
  });

  it(`stop at ${MAX_WEBHOOK_ENDPOINTS} per community`, async () => {
    const t = setup();
    for (let i = 0; i < MAX_WEBHOOK_ENDPOINTS; i++) await t.create(['post.created'], `https://hooks.example.com/${i}`);
    const error = await rejection(t.create(['post.created'], 'https://hooks.example.com/one-more'));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/at most 20/);
  });

  it('are audited (created, changed, rotated, deleted) without the URL path, which may hold a secret', async () => {
    const t = setup();
    const { id } = await t.create(['post.created']);
    await t.w.updateWebhook({ id, enabled: false, description: 'off for now' }, ann);
    await t.w.updateWebhook({ id, enabled: false }, ann);
    await t.w.rotateWebhookSecret({ id }, ann);
    await t.w.deleteWebhook({ id }, ann);
    const audit = await t.engine.moderation.listAudit({ target: `webhook:${id}` }, ann);
    expect(audit.items.map((e) => [e.action, e.data])).toEqual([
      ['webhook.delete', { host: 'hooks.example.com' }],
      ['webhook.rotate_secret', { overlapMs: 24 * HOUR }],
      ['webhook.update', { changed: 'description,enabled' }],
      ['webhook.create', { host: 'hooks.example.com' }],
    ]);
  });

  it('rotate: a new secret, the old one signing on for the overlap; a rotation sent twice keeps both old ones until their end', async () => {
    const t = setup();
    const made = await t.create(['post.created']);
    const first = await t.w.rotateWebhookSecret({ id: made.id }, ann);
    expect(first.secret).not.toBe(made.secret);
    expect(first.previousSecretExpiresAt).toBe(new Date(START + 24 * HOUR).toISOString());
    t.advance(HOUR);
    const second = await t.w.rotateWebhookSecret({ id: made.id, overlapMs: HOUR }, ann);
    const record = (await t.store.collection('webhooks').get(made.id))!;
    expect(record.secrets).toEqual([
      { secret: second.secret, expiresAt: null },
      { secret: first.secret, expiresAt: START + 2 * HOUR },
      { secret: made.secret, expiresAt: START + 24 * HOUR },
    ]);
    expect(second.previousSecretExpiresAt).toBe(new Date(START + 24 * HOUR).toISOString());
    // Ending the overlap now drops the one replaced; those rotated out before run to their end.
    const now = await t.w.rotateWebhookSecret({ id: made.id, overlapMs: 0 }, ann);
    expect((await t.store.collection('webhooks').get(made.id))!.secrets.map((s) => s.secret)).toEqual([now.secret, first.secret, made.secret]);
    t.advance(24 * HOUR);
    expect((await t.w.listWebhooks({}, ann))[0]!.previousSecretExpiresAt).toBeNull();
    const last = await t.w.rotateWebhookSecret({ id: made.id, overlapMs: 0 }, ann);
    expect((await t.store.collection('webhooks').get(made.id))!.secrets).toEqual([{ secret: last.secret, expiresAt: null }]);
  });
});

describe('webhook deliveries', () => {
  it('are queued for each subscribed, enabled endpoint when a comment is posted, with the comment in the payload', async () => {
    const t = setup();
    const posts = await t.create(['post.created'], 'https://hooks.example.com/posts');
    await t.create(['feedback.created'], 'https://hooks.example.com/feedback');
    const off = await t.create(['post.created'], 'https://hooks.example.com/off');
    await t.w.updateWebhook({ id: off.id, enabled: false }, ann);
    const post = await t.engine.createComment({ threadKey: '/launch', body: 'First!', idempotencyKey: t.k() }, ada);
    const [delivery, ...rest] = await t.deliveries();
    expect(rest).toEqual([]);
    expect(delivery).toMatchObject({ endpointId: posts.id, event: 'post.created', status: 'pending', attempts: [], dueAt: START, claim: null, createdAt: START });
    expect(delivery!.id).toMatch(/^msg_/);
    expect(delivery!.payload).toEqual({ type: 'post.created', timestamp: new Date(START).toISOString(), data: { kind: 'comment', threadKey: '/launch', post } });
  });

  it('are queued once per create: a retry with the same idempotency key queues nothing', async () => {
    const t = setup();
    await t.create(['post.created']);
    const input = { threadKey: '/a', body: 'Hello', idempotencyKey: 'key-comment-1' };
    await t.engine.createComment(input, ada);
    await t.engine.createComment(input, ada);
    expect(await t.deliveries()).toHaveLength(1);
  });

  it('commit with the change they report: a write that fails leaves none', async () => {
    const t = setup();
    await t.create(['post.created']);
    await expect(
      t.engine.core.write(async (tx) => {
        await t.engine.core.webhooks.deliver(tx, 'post.created', { kind: 'comment' }, t.now());
        throw new Error('the write failed after queueing');
      }),
    ).rejects.toThrow('the write failed');
    expect(await t.deliveries()).toEqual([]);
  });

  it('report feed posts, questions, answers, feedback, status changes, reports and bans', async () => {
    const t = setup();
    await t.create(['post.created', 'feedback.created', 'feedback.status_changed', 'report.created', 'member.banned']);
    const feedPost = await t.engine.feed.createPost({ space: 'general', body: 'Show and tell', idempotencyKey: t.k() }, ada);
    const question = await t.engine.feed.createPost({ space: 'qa', kind: 'question', title: 'How do I export?', body: 'Where is the button?', idempotencyKey: t.k() }, ada);
    const answer = await t.engine.qa.answer({ questionId: question.id, body: 'Under Settings.', idempotencyKey: t.k() }, bob);
    const feedback = await t.engine.feedback.submitFeedback({ kind: 'idea', title: 'Dark mode', body: 'Please add a dark theme.', idempotencyKey: t.k() }, ada);
    await t.engine.feedback.setFeedbackStatus({ feedbackId: feedback.id, status: 'planned', reply: 'On the list for May.' }, ann);
    await t.engine.moderation.report({ target: { type: 'post', id: feedPost.id }, reason: 'spam', note: 'Selling things' }, bob);
    await t.engine.moderation.ban({ memberId: 'bob', durationMs: 7 * 24 * HOUR, reason: 'spam' }, ann);
    const got = (await t.deliveries()).map((d) => [d.event, d.payload.data]);
    expect(got).toEqual([
      ['post.created', { kind: 'feed_post', space: 'general', post: feedPost }],
      ['post.created', { kind: 'feed_post', space: 'qa', post: question }],
      ['post.created', { kind: 'answer', questionId: question.id, answer }],
      ['feedback.created', { feedback }],
      ['feedback.status_changed', expect.objectContaining({ from: 'open', to: 'planned', reply: 'On the list for May.', duplicateOf: null, by: expect.objectContaining({ id: 'ann' }) })],
      ['report.created', expect.objectContaining({ report: expect.objectContaining({ reason: 'spam', note: 'Selling things', target: { type: 'post', id: feedPost.id }, reporter: expect.objectContaining({ id: 'bob' }) }), item: expect.objectContaining({ type: 'post', id: feedPost.id, excerpt: 'Show and tell' }) })],
      ['member.banned', expect.objectContaining({ until: new Date(START + 7 * 24 * HOUR).toISOString(), reason: 'spam', member: expect.objectContaining({ member: expect.objectContaining({ id: 'bob' }) }) })],
    ]);
    const status = (await t.deliveries())[4]!.payload.data as { feedback: { status: string } };
    expect(status.feedback.status).toBe('planned');
  });

  it("carry the staff view of feedback: a guest's email reaches the receiver, not the guest's own answer", async () => {
    const t = setup({ feedbackGuests: true });
    await t.create(['feedback.created']);
    const guest: Viewer = { id: 'guest:gina', displayName: 'Gina', role: 'guest' };
    const sent = await t.engine.feedback.submitFeedback({ kind: 'bug', body: 'The export button does nothing.', email: 'gina@example.com', idempotencyKey: t.k() }, guest);
    const [delivery] = await t.deliveries();
    expect((delivery!.payload.data.feedback as { id: string; email: string | null })).toMatchObject({ id: sent.id, email: 'gina@example.com' });
  });

  it('stop for an endpoint once it is deleted or no longer subscribed, and survive a settings change', async () => {
    const t = setup();
    const a = await t.create(['post.created']);
    const b = await t.create(['post.created']);
    await t.engine.community.updateSettings({ autoHideReports: 5 }, ann);
    await t.engine.createComment({ threadKey: '/x', body: 'one', idempotencyKey: t.k() }, ada);
    expect((await t.deliveries()).map((d) => d.endpointId).sort()).toEqual([a.id, b.id].sort());
    await t.w.deleteWebhook({ id: a.id }, ann);
    await t.w.updateWebhook({ id: b.id, events: ['feedback.created'] }, ann);
    await t.engine.createComment({ threadKey: '/x', body: 'two', idempotencyKey: t.k() }, ada);
    expect(await t.deliveries()).toHaveLength(2);
  });

  it('send test: a webhook.test delivery even to an endpoint turned off; once per key', async () => {
    const t = setup();
    const { id } = await t.create(['member.banned']);
    await t.w.updateWebhook({ id, enabled: false }, ann);
    const input = { id, idempotencyKey: 'key-test-1' };
    const sent = await t.w.sendTestWebhook(input, ann);
    expect(sent).toMatchObject({ endpointId: id, event: 'webhook.test', status: 'pending', attempts: [], nextAttemptAt: new Date(START).toISOString() });
    expect(sent.payload).toMatchObject({ type: 'webhook.test', data: { endpointId: id, sentBy: 'ann' } });
    expect(await t.w.sendTestWebhook(input, ann)).toEqual(sent);
    expect(await t.deliveries()).toHaveLength(1);
    expect((await rejection(t.w.sendTestWebhook({ id: 'gone', idempotencyKey: 'key-test-2' }, ann))).code).toBe('not_found');
  });

  it('the log: newest first, by endpoint and status, a page at a time', async () => {
    const t = setup();
    const a = await t.create(['post.created']);
    const b = await t.create(['feedback.created']);
    for (let i = 0; i < 5; i++) {
      await t.engine.createComment({ threadKey: '/log', body: `comment ${i}`, idempotencyKey: t.k() }, ada);
      t.advance(1000);
    }
    await t.w.sendTestWebhook({ id: b.id, idempotencyKey: t.k() }, ann);
    const first = await t.w.listWebhookDeliveries({ limit: 4 }, ann);
    expect(first.items.map((d) => d.event)).toEqual(['webhook.test', 'post.created', 'post.created', 'post.created']);
    const second = await t.w.listWebhookDeliveries({ limit: 4, cursor: first.nextCursor! }, ann);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const bodies = [...first.items, ...second.items].filter((d) => d.event === 'post.created').map((d) => (d.payload.data.post as { body: string }).body);
    expect(bodies).toEqual(['comment 4', 'comment 3', 'comment 2', 'comment 1', 'comment 0']);
    expect((await t.w.listWebhookDeliveries({ endpointId: a.id }, ann)).items).toHaveLength(5);
    expect((await t.w.listWebhookDeliveries({ status: 'failed' }, ann)).items).toEqual([]);
    expect((await rejection(t.w.listWebhookDeliveries({ cursor: 'not-a-cursor' }, ann))).details).toMatchObject({ issues: [{ path: 'cursor' }] });
  });

  it('retry: a failed delivery is due again now; one being sent is left alone', async () => {
    const t = setup();
    const { id } = await t.create(['post.created']);
    const sent = await t.w.sendTestWebhook({ id, idempotencyKey: t.k() }, ann);
    const deliveries = t.store.collection('webhookDeliveries');
    await deliveries.update(sent.id, { status: 'failed', attempts: [{ at: START, durationMs: 12, status: 500, error: 'HTTP 500' }], dueAt: START + 5000 });
    t.advance(HOUR);
    const retried = await t.w.retryWebhookDelivery({ id: sent.id }, ann);
    expect(retried).toMatchObject({ status: 'pending', nextAttemptAt: new Date(START + HOUR).toISOString(), attempts: [{ status: 500, error: 'HTTP 500' }] });
    await deliveries.update(sent.id, { claim: 'instance-1', dueAt: t.now() + 60_000 });
    expect((await rejection(t.w.retryWebhookDelivery({ id: sent.id }, ann))).code).toBe('conflict');
    expect((await rejection(t.w.retryWebhookDelivery({ id: 'msg_none' }, ann))).code).toBe('not_found');
    expect((await rejection(t.w.retryWebhookDelivery({ id: sent.id }, mo))).code).toBe('forbidden');
  });
});
