import { describe, expect, it } from 'vitest';
import { inboxChannel, moderationChannel, type CommunityEvent, type Viewer } from '@hearth/protocol';
import { visibleTo } from './visibility.js';
import { plainEvent, postEvent } from './test-events.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob', role: 'member' };
const mo: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };
const vic: Viewer = { id: 'vic', displayName: 'Vic', role: 'volunteer' };

describe('visibleTo', () => {
  it('shows published items and item-less events to everyone', () => {
    for (const viewer of [null, ada, bob, mo]) {
      expect(visibleTo(postEvent('1', 'c'), viewer)).toBe(true);
      expect(visibleTo(plainEvent('2', 'c'), viewer)).toBe(true);
    }
  });

  it('shows an unpublished item with its text only to its author and to moderators and up', () => {
    for (const status of ['pending', 'hidden', 'deleted'] as const) {
      const event = postEvent('1', 'c', { status, body: 'Secret' });
      expect([null, ada, bob, vic, mo].map((viewer) => visibleTo(event, viewer))).toEqual([false, true, false, false, true]);
      expect(visibleTo(event, { id: 'own', displayName: 'Owner', role: 'owner' })).toBe(true);
    }
  });

  it('keeps the inbox and moderation channels to reviewers: volunteers and up', () => {
    const own: Viewer = { id: 'own', displayName: 'Owner', role: 'owner' };
    for (const channel of [inboxChannel(), moderationChannel()]) {
      const event = plainEvent('1', channel);
      expect([null, ada, bob, vic, mo, own].map((viewer) => visibleTo(event, viewer))).toEqual([false, false, false, true, true, true]);
    }
    expect(visibleTo(plainEvent('1', 'thread:/inbox'), null)).toBe(true);
  });

  it('shows a tombstone (an unpublished item with its text left out) to everyone, so open views drop it', () => {
    expect(visibleTo(postEvent('1', 'c', { status: 'hidden', body: '' }), null)).toBe(true);
  });

  it('judges feedback by its moderation visibility, not its roadmap status', () => {
    const feedback = (visibility: 'published' | 'pending', status: 'open' | 'planned') =>
      ({
        type: 'feedback.updated',
        id: '1',
        channel: 'feedback:feedback',
        feedback: { title: 'Dark mode', body: 'Please', author: { id: 'ada' }, visibility, status },
      }) as unknown as CommunityEvent;
    expect(visibleTo(feedback('published', 'planned'), null)).toBe(true);
    expect(visibleTo(feedback('pending', 'open'), null)).toBe(false);
    expect(visibleTo(feedback('pending', 'open'), ada)).toBe(true);
  });
});
