import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import type { BackendAdapter, MemberCard, Viewer } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import { memberCardStore } from './member-store.js';
import { countingSubscriptions, until } from './test-support.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada', role: 'member' };
const owner: Viewer = { id: 'olga', displayName: 'Olga', role: 'owner' };

const clients: CommunityClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** The memory adapter counting getCard calls and live subscriptions. */
function counted(inner: BackendAdapter = createMemoryAdapter()) {
  let cards = 0;
  const members = { ...inner.members!, getCard: (...args: Parameters<NonNullable<BackendAdapter['members']>['getCard']>) => (cards++, inner.members!.getCard(...args)) };
  const { adapter: watched, live } = countingSubscriptions(inner);
  const adapter: BackendAdapter = Object.create(watched, { members: { value: members } });
  return { adapter, inner, live, cards: () => cards };
}

function client(adapter: BackendAdapter, viewer: Viewer | null = ada): CommunityClient {
  const c = createCommunityClient({ adapter, viewer, retry: 0 });
  clients.push(c);
  return c;
}


async function member(adapter: BackendAdapter, viewer: Viewer) {
  await adapter.createComment({ threadKey: '/t', body: `Hi from ${viewer.id}`, idempotencyKey: `k-${crypto.randomUUID()}` }, { viewer });
}

describe('memberCardStore', () => {
  it('loads a member card with level, title and badges', async () => {
    const { adapter } = counted();
    await member(adapter, ada);
    await adapter.members!.setTitle({ memberId: 'ada', title: 'Helper' }, { viewer: owner });
    const state = await until(memberCardStore(client(adapter), 'ada'), (s) => s.status === 'success');
    const card = state.data as MemberCard;
    expect(card.member.displayName).toBe('Ada');
    expect(card.title).toBe('Helper');
    expect(card.level.level).toBe(1);
    expect(card.lifetimePoints).toBeGreaterThan(0);
  });

  it('makes one request and one subscription for many stores of one member', async () => {
    const { adapter, cards, live } = counted();
    await member(adapter, ada);
    const c = client(adapter);
    const stores = Array.from({ length: 30 }, () => memberCardStore(c, 'ada'));
    const stops = stores.map((store) => store.subscribe(() => {}));
    await until(stores[29]!, (s) => s.status === 'success');
    expect(cards()).toBe(1);
    expect(live()).toBe(1);
    for (const stop of stops) stop();
    expect(live()).toBe(0);
  });

  it('puts points, badges and title changes into the card while observed', async () => {
    const { adapter } = counted();
    await member(adapter, ada);
    const store = memberCardStore(client(adapter), 'ada');
    const first = await until(store, (s) => s.status === 'success');
    const stop = store.subscribe(() => {});
    await adapter.gamification!.adjustPoints({ memberId: 'ada', delta: 100, reason: 'Award', idempotencyKey: `k-${crypto.randomUUID()}` }, { viewer: owner });
    await until(store, (s) => s.data!.lifetimePoints === first.data!.lifetimePoints + 100);
    await adapter.members!.setTitle({ memberId: 'ada', title: 'Star' }, { viewer: owner });
    await until(store, (s) => s.data!.title === 'Star');
    stop();
  });

  it('says the backend has no member cards when it lacks the members group', async () => {
    const inner = createMemoryAdapter();
    const adapter: BackendAdapter = Object.create(inner, { capabilities: { value: { ...inner.capabilities, community: false } }, members: { value: undefined } });
    const state = await until(memberCardStore(client(adapter), 'ada'), (s) => s.status === 'error');
    expect(state.error?.code).toBe('unavailable');
    expect(state.error?.details?.unsupported).toBe(true);
  });

  it('rejects an empty member id', () => {
    expect(() => memberCardStore(client(createMemoryAdapter()), ' ')).toThrow(/member id/);
  });
});
