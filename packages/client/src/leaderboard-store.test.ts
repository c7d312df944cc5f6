import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import type { BackendAdapter, Viewer } from '@hearth/protocol';
import { createCommunityClient } from './community-client.js';
import { checkIn, checkInStore, communityInfoStore, leaderboardStore, type GamificationState } from './leaderboard-store.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada', role: 'member' };
const bob: Viewer = { id: 'bob', displayName: 'Bob', role: 'member' };
const owner: Viewer = { id: 'olga', displayName: 'Olga', role: 'owner' };

/** A memory adapter that counts live subscriptions. */
function counted() {
  const inner = createMemoryAdapter();
  let active = 0;
  const adapter: BackendAdapter = Object.create(inner, {
    subscribe: {
      value: (channel: string, listener: never) => {
        const off = inner.subscribe(channel, listener);
        active++;
        let done = false;
        return () => {
          if (!done) active--;
          done = true;
          off();
        };
      },
    },
  });
  return { adapter, active: () => active };
}

/** A comment by `viewer`, which makes them a member and earns `reply` (+2). */
function comment(adapter: BackendAdapter, viewer: Viewer) {
  return adapter.createComment({ threadKey: '/t', body: `Hello from ${viewer.id}`, idempotencyKey: `k-${crypto.randomUUID()}` }, { viewer });
}

function next<T>(store: { subscribe(l: (s: GamificationState<T>) => void): () => void; getSnapshot(): GamificationState<T> }, test: (s: GamificationState<T>) => boolean) {
  return new Promise<GamificationState<T>>((resolve) => {
    if (test(store.getSnapshot())) return resolve(store.getSnapshot());
    const stop = store.subscribe((s) => {
      if (!test(s)) return;
      stop();
      resolve(s);
    });
  });
}

describe('leaderboardStore', () => {
  it('ranks members by points in the period, with the viewer’s own row', async () => {
    const { adapter } = counted();
    await comment(adapter, bob);
    await comment(adapter, { id: 'cy', displayName: 'Cy' });
    await adapter.gamification!.adjustPoints({ memberId: 'bob', delta: 30, reason: 'Welcome' }, { viewer: owner });
    await adapter.gamification!.adjustPoints({ memberId: 'cy', delta: 50, reason: 'Welcome' }, { viewer: owner });
    const client = createCommunityClient({ adapter, viewer: ada });
    const store = leaderboardStore(client, { period: 'all', limit: 5 });
    const stop = store.subscribe(() => {});
    const state = await next(store, (s) => s.status === 'success');
    expect(state.data!.items.map((r) => [r.member.id, r.points, r.rank])).toEqual([
      ['cy', 52, 1],
      ['bob', 32, 2],
    ]);
    expect(state.data!.viewer?.rank ?? null).toBeNull();
    stop();
    client.destroy();
  });

  it('holds one realtime subscription while observed and reloads when points move', async () => {
    const { adapter, active } = counted();
    const client = createCommunityClient({ adapter, viewer: ada });
    const week = leaderboardStore(client, { period: 'week' });
    const all = leaderboardStore(client, { period: 'all' });
    expect(active()).toBe(0);
    const stops = [week.subscribe(() => {}), all.subscribe(() => {}), week.subscribe(() => {})];
    expect(active()).toBe(1);
    await next(week, (s) => s.status === 'success');
    // Someone else earns points on another device.
    await comment(adapter, bob);
    const moved = await next(week, (s) => s.data?.items[0]?.member.id === 'bob');
    expect(moved.data!.items[0]!.points).toBe(2);
    for (const stop of stops.slice(0, 2)) stop();
    expect(active()).toBe(1);
    stops[2]!();
    stops[2]!();
    expect(active()).toBe(0);
    client.destroy();
  });

  it('follows a viewer switch', async () => {
    const { adapter } = counted();
    await comment(adapter, bob);
    const client = createCommunityClient({ adapter, viewer: ada });
    const store = leaderboardStore(client, { period: 'all' });
    const stop = store.subscribe(() => {});
    await next(store, (s) => s.status === 'success');
    client.setViewer(bob);
    const state = await next(store, (s) => s.data?.viewer?.member.id === 'bob');
    expect(state.data!.viewer!.rank).toBe(1);
    stop();
    client.destroy();
  });

  it('says clearly when the backend has no gamification', async () => {
    const inner = createMemoryAdapter();
    const adapter: BackendAdapter = Object.create(inner, {
      capabilities: { value: { ...inner.capabilities, gamification: false } },
      gamification: { value: undefined },
    });
    const client = createCommunityClient({ adapter, viewer: ada });
    const store = leaderboardStore(client);
    const stop = store.subscribe(() => {});
    const state = await next(store, (s) => s.status === 'error');
    expect(state.error!.message).toMatch(/no points or leaderboards/);
    stop();
    client.destroy();
  });
});

describe('checkIn', () => {
  it('checks in, updates the check-in state and every board, and refuses a second time today', async () => {
    const { adapter } = counted();
    const client = createCommunityClient({ adapter, viewer: ada });
    const status = checkInStore(client);
    const board = leaderboardStore(client, { period: 'week' });
    const stops = [status.subscribe(() => {}), board.subscribe(() => {})];
    const before = await next(status, (s) => s.status === 'success');
    expect(before.data).toMatchObject({ checkedInToday: false, streak: 0 });
    await next(board, (s) => s.status === 'success');
    const result = await checkIn(client);
    expect(result.streak).toBe(1);
    expect(status.getSnapshot().data).toMatchObject({ checkedInToday: true, streak: 1 });
    const after = await next(board, (s) => s.data?.viewer?.rank === 1);
    expect(after.data!.viewer!.points).toBe(1);
    await expect(checkIn(client)).rejects.toMatchObject({ code: 'conflict' });
    for (const stop of stops) stop();
    client.destroy();
  });

  it('leaves the check-in state pending for a signed-out visitor', async () => {
    const { adapter } = counted();
    const client = createCommunityClient({ adapter, viewer: null });
    const status = checkInStore(client);
    const stop = status.subscribe(() => {});
    await new Promise((r) => setTimeout(r, 10));
    expect(status.getSnapshot()).toMatchObject({ status: 'pending', isFetching: false });
    stop();
    client.destroy();
  });
});

describe('communityInfoStore', () => {
  it('serves the configured points rules and shows a change on refetch', async () => {
    const { adapter } = counted();
    const client = createCommunityClient({ adapter, viewer: ada });
    const info = communityInfoStore(client);
    const stop = info.subscribe(() => {});
    const first = await next(info, (s) => s.status === 'success');
    expect(first.data!.points.rules.reply).toBe(2);
    await adapter.community!.updateSettings({ points: { ...first.data!.points, rules: { ...first.data!.points.rules, reply: 7 } } }, { viewer: owner });
    await info.refetch();
    expect(info.getSnapshot().data!.points.rules.reply).toBe(7);
    stop();
    client.destroy();
  });
});
