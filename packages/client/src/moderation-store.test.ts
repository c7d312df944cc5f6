import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import { ACTION_PERMISSIONS, HearthError, type BackendAdapter, type Member, type Viewer } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import { banMember, moderateContent, moderationOffer, muteMember, reportContent } from './moderation-store.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada', role: 'member' };
const bob: Viewer = { id: 'bob', displayName: 'Bob', role: 'member' };
const mod: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };
const admin: Viewer = { id: 'al', displayName: 'Al', role: 'admin' };
const member = (viewer: Viewer): Member => ({ id: viewer.id, displayName: viewer.displayName, avatarUrl: null, role: viewer.role ?? 'member' });

const clients: CommunityClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

function client(adapter: BackendAdapter, viewer: Viewer | null): CommunityClient {
  const c = createCommunityClient({ adapter, viewer, retry: 0 });
  clients.push(c);
  return c;
}

function fresh() {
  return createMemoryAdapter({ community: { flood: { duplicateWindowMs: 0, maxPostsPerMinute: 10_000 } } });
}

async function seed(adapter: BackendAdapter, viewer: Viewer, body = 'Hello') {
  return adapter.createComment({ threadKey: '/t', body, parentId: null, idempotencyKey: crypto.randomUUID() }, { viewer });
}

describe('moderationOffer', () => {
  it('offers nothing to anonymous viewers and nothing on deleted items', () => {
    expect(moderationOffer(null, 'comment', member(bob))).toEqual({ report: false, actions: [], discipline: false });
    expect(moderationOffer(member(mod), 'comment', member(bob), { status: 'deleted' }).actions).toEqual([]);
  });

  it('offers members Report on others’ content only, and guests nothing', () => {
    expect(moderationOffer(member(ada), 'comment', member(bob))).toEqual({ report: true, actions: [], discipline: false });
    expect(moderationOffer(member(ada), 'comment', member(ada)).report).toBe(false);
    expect(moderationOffer({ ...member(ada), role: 'guest' }, 'comment', member(bob)).report).toBe(false);
    expect(moderationOffer(member(ada), 'comment', member(bob), { status: 'hidden' }).report).toBe(false);
    expect(moderationOffer(member(ada), 'comment', member(bob), { status: 'pending' }).report).toBe(false);
  });

  it('offers moderators what the content type supports, following its state', () => {
    expect(moderationOffer(member(mod), 'comment', member(bob))).toEqual({ report: true, actions: ['hide', 'delete', 'lock'], discipline: true });
    expect(moderationOffer(member(mod), 'comment', member(bob), { status: 'hidden', locked: true }).actions).toEqual(['restore', 'delete', 'unlock']);
    expect(moderationOffer(member(mod), 'post', member(bob), { pinned: true }).actions).toEqual(['hide', 'delete', 'lock', 'unpin', 'feature']);
    expect(moderationOffer(member(mod), 'answer', member(bob)).actions).toEqual(['hide', 'delete']);
    expect(moderationOffer(member(mod), 'feedback', member(bob), { status: 'hidden' }).actions).toEqual(['restore', 'delete']);
  });

  it('gives a moderator no actions on an admin’s content, and no mute of a peer', () => {
    expect(moderationOffer(member(mod), 'post', member(admin))).toEqual({ report: true, actions: [], discipline: false });
    expect(moderationOffer(member(mod), 'comment', { ...member(bob), role: 'moderator' }).discipline).toBe(false);
    expect(moderationOffer(member(admin), 'comment', member(mod)).discipline).toBe(true);
  });

  it('agrees with protocol’s ACTION_PERMISSIONS', () => {
    // A volunteer may review but not moderate or curate: no action offered.
    expect(moderationOffer({ ...member(ada), role: 'volunteer' }, 'post', member(bob)).actions).toEqual([]);
    for (const action of ['hide', 'restore', 'delete', 'lock', 'unlock', 'pin', 'unpin', 'feature', 'unfeature'] as const) {
      expect(['moderate', 'curate']).toContain(ACTION_PERMISSIONS[action]);
    }
    expect(ACTION_PERMISSIONS.pin).toBe('curate');
    expect(ACTION_PERMISSIONS.hide).toBe('moderate');
  });
});

describe('moderation writes', () => {
  it('reports a comment; the backend holds it; a repeat returns the first report', async () => {
    const adapter = fresh();
    const post = await seed(adapter, bob);
    const c = client(adapter, ada);
    const receipt = await reportContent(c, { target: { type: 'comment', id: post.id }, reason: 'spam', note: 'Links' });
    expect(receipt).toMatchObject({ reason: 'spam', note: 'Links', status: 'open' });
    const again = await reportContent(c, { target: { type: 'comment', id: post.id }, reason: 'abuse' });
    expect(again.id).toBe(receipt.id);
    expect(again.reason).toBe('spam');
    const reports = await adapter.moderation!.listReports({ target: { type: 'comment', id: post.id } }, { viewer: mod });
    expect(reports.items.map((r) => r.reporter.id)).toEqual(['ada']);
  });

  it('hides a comment and refreshes cached threads', async () => {
    const adapter = fresh();
    const post = await seed(adapter, bob);
    const c = client(adapter, mod);
    const store = c.thread('/t');
    const seen: string[] = [];
    const stop = store.subscribe((state) => seen.push(state.comments[0]?.post.status ?? ''));
    await new Promise<void>((resolve) => {
      const wait = store.subscribe((state) => state.status === 'success' && (wait(), resolve()));
    });
    const result = await moderateContent(c, { target: { type: 'comment', id: post.id }, action: 'hide', reason: 'Spam' });
    expect(result).toMatchObject({ status: 'hidden', changed: true });
    await expect.poll(() => store.getSnapshot().comments[0]?.post.status).toBe('hidden');
    stop();
    store.destroy();
  });

  it('mutes and bans for a duration', async () => {
    const adapter = fresh();
    await seed(adapter, bob);
    const c = client(adapter, mod);
    const before = Date.now();
    const muted = await muteMember(c, { memberId: 'bob', durationMs: 86_400_000, reason: 'Flooding' });
    expect(Date.parse(muted.mutedUntil!)).toBeGreaterThanOrEqual(before + 86_400_000 - 1000);
    const banned = await banMember(c, { memberId: 'bob', durationMs: 7 * 86_400_000, reason: 'Spam' });
    expect(Date.parse(banned.bannedUntil!)).toBeGreaterThan(before + 6 * 86_400_000);
  });

  it('rejects with the backend’s HearthError, and unavailable without moderation', async () => {
    const adapter = fresh();
    const post = await seed(adapter, ada);
    const err = await reportContent(client(adapter, ada), { target: { type: 'comment', id: post.id }, reason: 'spam' }).catch((e: unknown) => e);
    expect(HearthError.is(err, 'forbidden')).toBe(true);
    const bare = { ...adapter, moderation: undefined } as BackendAdapter;
    const missing = await moderateContent(client(bare, mod), { target: { type: 'comment', id: post.id }, action: 'hide' }).catch((e: unknown) => e);
    expect(HearthError.is(missing, 'unavailable')).toBe(true);
  });
});
