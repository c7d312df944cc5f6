import { describe, expect, it } from 'vitest';
import type { MemorySnapshot } from '@hearth/engine';
import { mergeSnapshots } from './merge.js';

type Post = MemorySnapshot['posts'][number];
const author = { id: 'ada', displayName: 'Ada', avatarUrl: null, role: 'member' as const };
const thread = (id: string, createdAt = 1) => ({ id, key: '/t', locked: false, createdAt });

function post(id: string, seq: number, patch: Partial<Post> = {}): Post {
  return { id, threadId: 't1', parentId: null, rootId: null, depth: 0, replyTo: null, body: id, author, createdAt: 10, editedAt: null, status: 'published', reactions: {}, score: 0, seq, ...patch };
}

function snapshot(patch: Partial<MemorySnapshot>): MemorySnapshot {
  return { version: 2, threads: [thread('t1')], posts: [], reactions: [], idempotency: [], nextSeq: 1, collections: {}, ...patch };
}

describe('mergeSnapshots', () => {
  it('returns the stored copy unchanged when this tab changed nothing', () => {
    const base = snapshot({ posts: [post('p1', 1)], nextSeq: 2 });
    const theirs = snapshot({ posts: [post('p1', 1, { body: 'edited', editedAt: 20 }), post('p2', 2)], nextSeq: 3 });
    expect(mergeSnapshots(base, base, theirs)).toEqual(theirs);
  });

  it('never lets an older copy undo a delete, and a delete beats a concurrent edit', () => {
    const base = snapshot({ posts: [post('p1', 1), post('p2', 2, { status: 'hidden' })] });
    const mine = snapshot({ posts: [post('p1', 1, { status: 'deleted', body: '' }), post('p2', 2, { status: 'published' })] });
    const theirs = snapshot({ posts: [post('p1', 1, { body: 'edited later', editedAt: 99 }), post('p2', 2, { status: 'hidden' })] });
    const merged = mergeSnapshots(base, mine, theirs);
    expect(merged.posts.find((p) => p.id === 'p1')).toMatchObject({ status: 'deleted', body: '', editedAt: 99 });
    // Theirs still holds the base status, so this tab's unhide stands.
    expect(merged.posts.find((p) => p.id === 'p2')).toMatchObject({ status: 'published' });
  });

  it('keeps the later of two concurrent edits', () => {
    const base = snapshot({ posts: [post('p1', 1)] });
    const mine = snapshot({ posts: [post('p1', 1, { body: 'mine', editedAt: 30 })] });
    const theirs = snapshot({ posts: [post('p1', 1, { body: 'theirs', editedAt: 20 })] });
    expect(mergeSnapshots(base, mine, theirs).posts[0]).toMatchObject({ body: 'mine', editedAt: 30 });
    expect(mergeSnapshots(base, theirs, mine).posts[0]).toMatchObject({ body: 'mine', editedAt: 30 });
  });

  it('joins a thread created in both tabs under the earlier id, renumbering this tab\'s posts', () => {
    const mine = snapshot({ threads: [thread('mine', 2)], posts: [post('a', 1, { threadId: 'mine' })], nextSeq: 2 });
    const theirs = snapshot({ threads: [thread('theirs', 1)], posts: [post('b', 1, { threadId: 'theirs' })], nextSeq: 2 });
    const merged = mergeSnapshots(null, mine, theirs);
    expect(merged.threads).toEqual([thread('theirs', 1)]);
    expect(merged.posts.map((p) => [p.id, p.threadId, p.seq])).toEqual([
      ['b', 'theirs', 1],
      ['a', 'theirs', 2],
    ]);
    expect(merged.nextSeq).toBe(3);
  });

  it('recounts reactions from the merged rows, and a removal beats an unchanged copy', () => {
    const like = (memberId: string) => ({ postId: 'p1', memberId, emoji: '👍', createdAt: 5 });
    const base = snapshot({ posts: [post('p1', 1, { reactions: { '👍': 1 }, score: 1 })], reactions: [like('carl')] });
    // This tab added bob's like; the other removed carl's and added dan's.
    const mine = snapshot({ posts: [post('p1', 1, { reactions: { '👍': 2 }, score: 2 })], reactions: [like('carl'), like('bob')] });
    const theirs = snapshot({ posts: [post('p1', 1, { reactions: { '👍': 1 }, score: 1 })], reactions: [like('dan')] });
    const merged = mergeSnapshots(base, mine, theirs);
    expect(merged.reactions.map((r) => r.memberId).sort()).toEqual(['bob', 'dan']);
    expect(merged.posts[0]).toMatchObject({ reactions: { '👍': 2 }, score: 2 });
    // Without a base nothing tells a removal from an addition, so both sides' reactions stay.
    expect(mergeSnapshots(null, mine, theirs).reactions.map((r) => r.memberId).sort()).toEqual(['bob', 'carl', 'dan']);
  });

  it('merges record collections record by record: both tabs\' new rows, each side\'s own changes', () => {
    const entry = (id: string, delta = 5) => ({ id, memberId: 'ada', delta, rule: 'post', ref: null, at: 1, day: '2030-01-01', reason: null, reversed: false, actorId: null });
    const member = (id: string, title: string | null) => ({ ...memberRecord(id), title });
    const base = snapshot({ collections: { ledger: [entry('l1')], members: [member('ada', null), member('bob', null)] } });
    // This tab wrote a new entry and reversed l1; the other wrote its own entry and titled bob.
    const mine = snapshot({ collections: { ledger: [{ ...entry('l1'), reversed: true }, entry('l2')], members: [member('ada', null), member('bob', null)] } });
    const theirs = snapshot({ collections: { ledger: [entry('l1'), entry('l3')], members: [member('ada', null), member('bob', 'Helper')] } });
    const merged = mergeSnapshots(base, mine, theirs);
    expect(merged.collections.ledger?.map((e) => [e.id, e.reversed]).sort()).toEqual([
      ['l1', true],
      ['l2', false],
      ['l3', false],
    ]);
    expect(merged.collections.members?.find((m) => m.id === 'bob')?.title).toBe('Helper');
    // A record the other tab removed stays removed when this tab left it alone.
    const gone = snapshot({ collections: { ledger: [entry('l1')], members: [member('ada', null)] } });
    expect(mergeSnapshots(base, base, gone).collections.members?.map((m) => m.id)).toEqual(['ada']);
  });
});

describe('mergeSnapshots: counts kept on records', () => {
  it('adds both tabs\' changes to a count both moved, and keeps the later time', () => {
    const post = (patch: Record<string, unknown>) => ({ id: 'p1', replyCount: 1, score: 2, reactions: { '👍': 2 }, lastActivityAt: 10, title: 'T', ...patch });
    const base = snapshot({ collections: { feedPosts: [post({})] as never } });
    // Each tab saw one more reply and one more 👍 (different people), at different times.
    const mine = snapshot({ collections: { feedPosts: [post({ replyCount: 2, score: 3, reactions: { '👍': 3 }, lastActivityAt: 30 })] as never } });
    const theirs = snapshot({ collections: { feedPosts: [post({ replyCount: 2, score: 3, reactions: { '👍': 2, '🎉': 1 }, lastActivityAt: 20, title: 'Renamed' })] as never } });
    const merged = mergeSnapshots(base, mine, theirs).collections.feedPosts as unknown as Array<Record<string, unknown>>;
    expect(merged[0]).toMatchObject({ replyCount: 3, score: 4, reactions: { '👍': 3, '🎉': 1 }, lastActivityAt: 30, title: 'Renamed' });
  });

  it('never counts below zero when both tabs took the same thing away', () => {
    const member = (publishedCount: number) => ({ ...memberRecord('ada'), publishedCount });
    const base = snapshot({ collections: { members: [member(1)] } });
    const merged = mergeSnapshots(base, snapshot({ collections: { members: [member(0)] } }), snapshot({ collections: { members: [member(0)] } }));
    expect(merged.collections.members?.[0]?.publishedCount).toBe(0);
  });
});

function memberRecord(id: string) {
  return { id, displayName: id, avatarUrl: null, role: 'member' as const, assignedRole: null, joinedAt: 1, lastActiveAt: 1, profile: {}, title: null, publishedCount: 0, mutedUntil: null, bannedUntil: null };
}
