import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVENTS_PATH, HTTP_HEADERS, WRITES, httpRoute, readQuery, type OperationKey } from '@hearth/protocol';
import { GUEST_SESSION_PATH } from './app.js';
import { memberToken, serverFor, testCommunity } from './test-server.js';

// "A token or key for one community never reads or writes another (test every route)":
// two communities with their own secrets and admin keys; every route of the binding is
// tried with A's credentials at B, and what A writes is looked for at B.

const suffix = () => randomBytes(4).toString('hex');
const key = () => `k-${randomBytes(8).toString('hex')}`;
const OPERATIONS = Object.keys(WRITES) as OperationKey[];

/** The routes a credential could be presented at: every operation, the event stream and guest sessions. */
const ROUTES: Array<{ name: string; method: 'GET' | 'POST'; path: string }> = [
  ...OPERATIONS.map((op) => ({ name: op, ...httpRoute(op) })),
  { name: 'events', method: 'GET', path: `${EVENTS_PATH}?channel=${encodeURIComponent('thread:/isolation')}` },
  { name: 'guest session', method: 'POST', path: GUEST_SESSION_PATH },
];

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`on ${kind}: communities never see each other`, async () => {
    const server = await serverFor(kind);
    const { app } = server.hearth;
    const a = testCommunity(`iso-a-${suffix()}`, { auth: { secret: `secret-of-a-${randomBytes(16).toString('hex')}`, trustRole: true }, adminKeys: [{ name: 'ops', key: `admin-a-${suffix()}` }] });
    const b = testCommunity(`iso-b-${suffix()}`, { auth: { secret: `secret-of-b-${randomBytes(16).toString('hex')}`, trustRole: true }, adminKeys: [{ name: 'ops', key: `admin-b-${suffix()}` }] });
    server.hearth.addCommunity(a);
    server.hearth.addCommunity(b);
    const adminA = a.adminKeys[0]!.key;
    const adminB = b.adminKeys[0]!.key;
    const memberA = await memberToken({ id: 'ada', displayName: 'Ada', role: 'admin' }, a.auth.secret);
    const memberB = await memberToken({ id: 'ada', displayName: 'Ada' }, b.auth.secret);

    const call = async (route: { method: string; path: string }, community: string, token: string | null, body: unknown = {}) => {
      const headers: Record<string, string> = { [HTTP_HEADERS.community]: community, 'content-type': 'application/json' };
      if (token) headers[HTTP_HEADERS.authorization] = `Bearer ${token}`;
      const res = await app.request(route.path, { method: route.method, headers, ...(route.method === 'POST' ? { body: JSON.stringify(body) } : {}) });
      // An event stream that opened never ends by itself: its status is all we need.
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        await res.body?.cancel();
        return { status: res.status, text: '' };
      }
      const text = await res.text();
      return { status: res.status, text };
    };
    /** A call that must succeed, with its JSON answer. */
    const ok = async <T = Record<string, unknown>>(op: OperationKey, community: string, token: string, input: unknown): Promise<T> => {
      const route = httpRoute(op);
      const res = await call(route.method === 'GET' ? { method: 'GET', path: route.path + readQuery(input) } : route, community, token, input);
      expect(res.status, `${op}: ${res.text}`).toBe(200);
      return JSON.parse(res.text) as T;
    };
    /** The error code a read answers with. */
    const readError = async (op: OperationKey, community: string, token: string, input: unknown): Promise<string> => {
      const res = await call({ method: 'GET', path: httpRoute(op).path + readQuery(input) }, community, token);
      return res.status === 200 ? 'none' : (JSON.parse(res.text) as { error: { code: string } }).error.code;
    };

    const guestA = (JSON.parse((await call({ method: 'POST', path: GUEST_SESSION_PATH }, a.id, null, { displayName: 'Gus' })).text) as { token: string }).token;

    describe.each(ROUTES)('$method $name', (route) => {
      it.each([
        ['a member token of A', memberA],
        ["A's admin key", adminA],
        ["A's guest token", guestA],
      ])('refuses %s at B with 401', async (_what, token) => {
        const res = await call(route, b.id, token);
        expect(res.status, res.text).toBe(401);
        expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'unauthorized' } });
      });

      it("lets B's own member past authentication (the 401 above is about the credential)", async () => {
        const res = await call(route, b.id, memberB);
        expect(res.status, res.text).not.toBe(401);
      });
    });

    it('a comment, feed post, poll, feedback item and check-in written in A are not visible in B', async () => {
      // A member the per-route checks above never acted as, in either community.
      const writer = await memberToken({ id: 'cy', displayName: 'Cy' }, a.auth.secret);
      const readerB = await memberToken({ id: 'cy', displayName: 'Cy' }, b.auth.secret);
      const threadKey = `/isolation/${suffix()}`;
      const comment = await ok<{ id: string }>('createComment', a.id, memberA, { threadKey, body: 'Only in A', idempotencyKey: key() });
      const post = await ok<{ id: string }>('feed.createPost', a.id, memberA, { space: 'general', body: 'A feed post', idempotencyKey: key() });
      const { poll } = await ok<{ poll: { id: string } }>('polls.createPoll', a.id, adminA, { question: 'Lunch?', type: 'single', options: ['Pizza', 'Sushi'], idempotencyKey: key() });
      const feedback = await ok<{ id: string }>('feedback.submitFeedback', a.id, memberA, { kind: 'idea', title: 'Dark mode', body: 'Please add a dark theme.', idempotencyKey: key() });
      await ok('gamification.checkIn', a.id, writer, {});

      // A sees its own rows (so the reads below would find them if isolation failed).
      expect((await ok<{ items: unknown[] }>('listComments', a.id, adminA, { threadKey })).items).toHaveLength(1);
      expect((await ok<{ poll: { id: string } }>('polls.getPoll', a.id, adminA, { pollId: poll.id })).poll.id).toBe(poll.id);
      expect((await ok<{ id: string }>('feedback.getFeedback', a.id, adminA, { feedbackId: feedback.id })).id).toBe(feedback.id);
      expect((await ok<{ items: Array<{ id: string }> }>('feed.listPosts', a.id, adminA, { space: 'general' })).items.map((p) => p.id)).toContain(post.id);
      expect((await ok<{ checkedInToday: boolean }>('gamification.getCheckIn', a.id, writer, {})).checkedInToday).toBe(true);

      // B, read with B's admin key, has none of them.
      expect((await ok<{ items: unknown[] }>('listComments', b.id, adminB, { threadKey })).items).toEqual([]);
      expect(await readError('feed.getPost', b.id, adminB, { postId: post.id })).toBe('not_found');
      expect((await ok<{ items: unknown[] }>('feed.listPosts', b.id, adminB, { space: 'general' })).items).toEqual([]);
      expect(await readError('polls.getPoll', b.id, adminB, { pollId: poll.id })).toBe('not_found');
      expect(await readError('feedback.getFeedback', b.id, adminB, { feedbackId: feedback.id })).toBe('not_found');
      expect((await ok<{ items: unknown[] }>('feedback.listFeedback', b.id, adminB, {})).items).toEqual([]);
      expect((await ok<{ checkedInToday: boolean }>('gamification.getCheckIn', b.id, readerB, {})).checkedInToday).toBe(false);
      expect(comment.id).toBeTruthy();
    });
  });
}
