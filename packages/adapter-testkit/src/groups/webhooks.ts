import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

const HOUR = 3_600_000;

async function admin(h: Harness) {
  return { viewer: await h.as('Ann', 'admin') };
}

/**
 * Outgoing webhooks as an adapter exposes them (capability `webhooks`): endpoints, secrets,
 * test deliveries, the log and retries. Sending is the backend's own business; what an
 * adapter must get right is that only admins reach any of it, that bad input changes
 * nothing, and that the events it promises queue deliveries the log shows.
 */
export function webhooksConformance(suite: Suite): void {
  describe('webhooks', () => {
    it('lets only admins list, create, change or read the log', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'webhooks');
      const w = h.group('webhooks');
      const input = { url: 'https://hooks.example.com/in', events: ['post.created' as const], idempotencyKey: h.key() };
      for (const role of ['member', 'volunteer', 'moderator'] as const) {
        const viewer = await h.as(`Not-admin-${role}`, role);
        await expectError(w.createWebhook({ ...input, idempotencyKey: h.key() }, { viewer }), 'forbidden');
        await expectError(w.listWebhooks({}, { viewer }), 'forbidden');
        await expectError(w.listWebhookDeliveries({}, { viewer }), 'forbidden');
      }
      await expectError(w.listWebhooks({}, { viewer: null }), 'unauthorized');
      expect(await w.listWebhooks({}, await admin(h))).toEqual([]);
    });

    it('creates an endpoint and shows its whsec_ secret once; a retry with the same key returns it again', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'webhooks');
      const w = h.group('webhooks');
      const as = await admin(h);
      const input = { url: 'https://hooks.example.com/crm', events: ['feedback.created' as const, 'post.created' as const], description: 'CRM', idempotencyKey: h.key() };
      const made = await w.createWebhook(input, as);
      expect(made).toMatchObject({ url: input.url, description: 'CRM', enabled: true, previousSecretExpiresAt: null });
      expect([...made.events].sort()).toEqual(['feedback.created', 'post.created']);
      expect(made.secret).toMatch(/^whsec_/);
      expect(await w.createWebhook(input, as)).toEqual(made);
      const listed = await w.listWebhooks({}, as);
      expect(listed.map((e) => e.id)).toEqual([made.id]);
      expect(listed[0]).not.toHaveProperty('secret');
      await expectError(w.createWebhook({ ...input, url: 'https://elsewhere.example.com/' }, as), 'conflict', 'idempotencyKey');
    });

    it('refuses what is not an endpoint, naming the field, and changes nothing', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'webhooks');
      const w = h.group('webhooks');
      const as = await admin(h);
      const base = { url: 'https://hooks.example.com/in', events: ['post.created' as const] };
      await expectError(w.createWebhook({ ...base, url: 'ftp://hooks.example.com/in', idempotencyKey: h.key() }, as), 'validation', 'url');
      await expectError(w.createWebhook({ ...base, url: 'https://user:secret@hooks.example.com/', idempotencyKey: h.key() }, as), 'validation', 'url');
      await expectError(w.createWebhook({ ...base, events: [], idempotencyKey: h.key() }, as), 'validation', 'events');
      await expectError(w.createWebhook({ ...base, events: ['everything' as never], idempotencyKey: h.key() }, as), 'validation', 'events.0');
      expect(await w.listWebhooks({}, as)).toEqual([]);
      const { id } = await w.createWebhook({ ...base, idempotencyKey: h.key() }, as);
      await expectError(w.updateWebhook({ id, url: 'not a url' }, as), 'validation', 'url');
      await expectError(w.updateWebhook({ id: 'no-such-endpoint', enabled: false }, as), 'not_found');
      await expectError(w.rotateWebhookSecret({ id, overlapMs: -1 }, as), 'validation', 'overlapMs');
      expect((await w.listWebhooks({}, as))[0]).toMatchObject({ url: base.url, enabled: true });
    });

    it('changes, turns off and deletes an endpoint', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'webhooks');
      const w = h.group('webhooks');
      const as = await admin(h);
      const { id } = await w.createWebhook({ url: 'https://hooks.example.com/a', events: ['post.created'], idempotencyKey: h.key() }, as);
      const changed = await w.updateWebhook({ id, url: 'https://hooks.example.com/b', events: [...WEBHOOK_EVENT_TYPES], enabled: false, description: null }, as);
      expect(changed).toMatchObject({ id, url: 'https://hooks.example.com/b', enabled: false });
      expect([...changed.events].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
      expect(await w.deleteWebhook({ id }, as)).toMatchObject({ id, url: 'https://hooks.example.com/b' });
      expect(await w.listWebhooks({}, as)).toEqual([]);
      await expectError(w.deleteWebhook({ id }, as), 'not_found');
    });

    it('rotates the secret, keeping the old one signing for the overlap, and one rotated out before to its own end', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'webhooks');
      const w = h.group('webhooks');
      const as = await admin(h);
      const made = await w.createWebhook({ url: 'https://hooks.example.com/r', events: ['member.banned'], idempotencyKey: h.key() }, as);
      const rotated = await w.rotateWebhookSecret({ id: made.id, overlapMs: 2 * HOUR }, as);
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(made.secret);
      expect(Date.parse(rotated.previousSecretExpiresAt!)).toBe(h.now + 2 * HOUR);
      // A second rotation ending its overlap at once leaves the first one's end as it was.
      const again = await w.rotateWebhookSecret({ id: made.id, overlapMs: 0 }, as);
      expect(again.secret).not.toBe(rotated.secret);
      expect(again.previousSecretExpiresAt).toBe(rotated.previousSecretExpiresAt);
    });

    it('queues a delivery for a new comment and a test delivery, and the log shows them newest first', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'webhooks');
      const w = h.group('webhooks');
      const as = await admin(h);
      const posts = await w.createWebhook({ url: 'https://hooks.example.com/posts', events: ['post.created'], idempotencyKey: h.key() }, as);
      const other = await w.createWebhook({ url: 'https://hooks.example.com/bans', events: ['member.banned'], idempotencyKey: h.key() }, as);
      const key = h.thread('webhook-comment');
      const post = await h.post(await h.as('Ada'), key, 'Hello, hooks');
      h.advance(1000);
      const test = await w.sendTestWebhook({ id: other.id, idempotencyKey: h.key() }, as);
      expect(test).toMatchObject({ endpointId: other.id, event: 'webhook.test', attempts: [] });
      const log = await w.listWebhookDeliveries({}, as);
      expect(log.items.map((d) => [d.event, d.endpointId])).toEqual([
        ['webhook.test', other.id],
        ['post.created', posts.id],
      ]);
      const delivery = log.items[1]!;
      expect(delivery.payload).toMatchObject({ type: 'post.created', data: { kind: 'comment', threadKey: key, post: { id: post.id, body: 'Hello, hooks' } } });
      expect((await w.listWebhookDeliveries({ endpointId: posts.id }, as)).items.map((d) => d.id)).toEqual([delivery.id]);
      await expectError(w.listWebhookDeliveries({ cursor: 'nonsense' }, as), 'validation', 'cursor');
      await expectError(w.retryWebhookDelivery({ id: 'msg_no_such_delivery' }, as), 'not_found');
    });
  });
}
