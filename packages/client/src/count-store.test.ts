import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import type { BackendAdapter, Thread, Viewer } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import { threadCountStore } from './count-store.js';
import { countingSubscriptions, until } from './test-support.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada', role: 'member' };
const mod: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };

const clients: CommunityClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

function counted(inner: BackendAdapter = createMemoryAdapter()) {
  let reads = 0;
  const { adapter: watched, live } = countingSubscriptions(inner);
  const adapter: BackendAdapter = Object.create(watched, {
    getThread: { value: (...args: Parameters<BackendAdapter['getThread']>) => (reads++, inner.getThread(...args)) },
  });
  return { adapter, live, reads: () => reads };
}

function client(adapter: BackendAdapter, viewer: Viewer | null = null): CommunityClient {
  const c = createCommunityClient({ adapter, viewer, retry: 0 });
  clients.push(c);
  return c;
}


const comment = (adapter: BackendAdapter, threadKey: string, viewer: Viewer = ada) =>
  adapter.createComment({ threadKey, body: `Hello ${crypto.randomUUID()}`, idempotencyKey: `k-${crypto.randomUUID()}` }, { viewer });

describe('threadCountStore', () => {
  it('reads a thread’s comment count, zero for a thread never commented on', async () => {
    const { adapter } = counted();
    await comment(adapter, '/a');
    await comment(adapter, '/a');
    const c = client(adapter);
    expect((await until(threadCountStore(c, '/a'), (s) => s.status === 'success')).data!.commentCount).toBe(2);
    expect((await until(threadCountStore(c, '/none'), (s) => s.status === 'success')).data!.commentCount).toBe(0);
  });

  it('shares one read and one subscription between the badges of a thread', async () => {
    const { adapter, reads, live } = counted();
    const c = client(adapter);
    const stores = Array.from({ length: 20 }, () => threadCountStore(c, '/a'));
    const others = ['/b', '/c'].map((key) => threadCountStore(c, key));
    const stops = [...stores, ...others].map((store) => store.subscribe(() => {}));
    await Promise.all([...stores, ...others].map((store) => until(store, (s) => s.status === 'success')));
    expect(reads()).toBe(3);
    expect(live()).toBe(3);
    for (const stop of stops) stop();
    expect(live()).toBe(0);
  });

  it('follows new comments and hidden ones while observed', async () => {
    const { adapter } = counted();
    const post = await comment(adapter, '/a');
    const store = threadCountStore(client(adapter), '/a');
    const stop = store.subscribe(() => {});
    await until(store, (s) => s.data?.commentCount === 1);
    await comment(adapter, '/a');
    await until(store, (s) => s.data?.commentCount === 2);
    await adapter.hideComment({ postId: post.id }, { viewer: mod });
    await until(store, (s) => s.data?.commentCount === 1);
    stop();
  });

  it('fails with the backend’s error', async () => {
    const inner = createMemoryAdapter();
    const adapter: BackendAdapter = Object.create(inner, { getThread: { value: () => Promise.reject(new Error('down')) } });
    const state = await until(threadCountStore(client(adapter), '/a'), (s) => s.status === 'error');
    expect(state.error?.code).toBeDefined();
    expect((state.data as Thread | null)).toBeNull();
  });
});
