import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createWebhookSecret, signWebhook, verifyWebhook } from './signature.js';

const AT = Date.UTC(2030, 0, 1, 12);
const body = JSON.stringify({ type: 'post.created', data: { id: 'p1', body: 'Hello' } });

describe('webhook signatures', () => {
  it("are checked by the Standard Webhooks library receivers use, and refused when anything changes", () => {
    const secret = createWebhookSecret();
    const headers = signWebhook({ id: 'msg_1', at: AT, body, secrets: [secret] });
    expect(headers['webhook-timestamp']).toBe(String(AT / 1000));
    // The library checks the timestamp against its own clock: sign with now for it.
    const now = signWebhook({ id: 'msg_1', at: Date.now(), body, secrets: [secret] });
    expect(new Webhook(secret).verify(body, { ...now })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('Hello', 'Hellp'), { ...now })).toThrow();
    expect(() => new Webhook(createWebhookSecret()).verify(body, { ...now })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...now, 'webhook-id': 'msg_2' })).toThrow();
  });

  it('carry one signature per secret while a secret is rotated; either checks', () => {
    const [old, next] = [createWebhookSecret(), createWebhookSecret()];
    const headers = signWebhook({ id: 'msg_1', at: Date.now(), body, secrets: [old, next] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(old).verify(body, { ...headers })).toBeTruthy();
    expect(new Webhook(next).verify(body, { ...headers })).toBeTruthy();
  });

  it('verify for a Node receiver: the right secret within the tolerance, nothing else', () => {
    const secret = createWebhookSecret();
    const headers = { ...signWebhook({ id: 'msg_1', at: AT, body, secrets: [secret] }) };
    expect(verifyWebhook({ headers, body, secret, now: AT + 60_000 })).toBe(true);
    expect(verifyWebhook({ headers, body, secret, now: AT + 6 * 60_000 })).toBe(false);
    expect(verifyWebhook({ headers, body: `${body} `, secret, now: AT })).toBe(false);
    expect(verifyWebhook({ headers, body, secret: createWebhookSecret(), now: AT })).toBe(false);
    expect(verifyWebhook({ headers: { ...headers, 'webhook-signature': 'v2,abc' }, body, secret, now: AT })).toBe(false);
    expect(verifyWebhook({ headers: { ...headers, 'webhook-timestamp': 'soon' }, body, secret, now: AT })).toBe(false);
  });

  it('refuse a secret that is not one, saying what one looks like', () => {
    expect(() => signWebhook({ id: 'm', at: AT, body, secrets: ['hunter2'] })).toThrow(/starts with "whsec_"/);
    expect(() => signWebhook({ id: 'm', at: AT, body, secrets: ['whsec_c2hvcnQ='] })).toThrow(/at least 24 bytes/);
    expect(() => signWebhook({ id: 'm', at: AT, body, secrets: [] })).toThrow(/at least one secret/);
  });
});
