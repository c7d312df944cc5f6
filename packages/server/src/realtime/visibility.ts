import { allows, isStaffChannel, roleAtLeast, type CommunityEvent, type Viewer } from '@hearth/protocol';

/** The moderation state and author of the item an event carries. */
interface Carried {
  state: string;
  authorId: string;
  /** Whether the item still carries text (a tombstone carries none). */
  hasText: boolean;
}

function carried(event: CommunityEvent): Carried | null {
  if ('post' in event) return { state: event.post.status, authorId: event.post.author.id, hasText: hasText(event.post) };
  if ('answer' in event) return { state: event.answer.status, authorId: event.answer.author.id, hasText: hasText(event.answer) };
  // A feedback item's `status` is its roadmap column; `visibility` is its moderation state.
  if ('feedback' in event) return { state: event.feedback.visibility, authorId: event.feedback.author.id, hasText: hasText(event.feedback) };
  return null;
}

function hasText(item: { body: string; title?: string | null }): boolean {
  return item.body !== '' || (item.title ?? '') !== '';
}

/**
 * Whether `viewer` may receive `event` on the stream. Events on the staff channels (the
 * inbox, moderation) go only to reviewers (permission `review`: volunteers and up). An event
 * carrying a post, answer or feedback item that is not published (pending, hidden, deleted)
 * goes only to moderators and up and the item's author, unless it is a tombstone with its text left out, which everyone gets
 * so that open views drop the item. Every other event is public.
 */
export function visibleTo(event: CommunityEvent, viewer: Viewer | null): boolean {
  if (isStaffChannel(event.channel)) return viewer !== null && allows(viewer.role ?? 'member', 'review');
  const item = carried(event);
  if (!item || item.state === 'published' || !item.hasText) return true;
  return viewer !== null && (viewer.id === item.authorId || isStaff(viewer));
}

function isStaff(viewer: Viewer | null): boolean {
  return viewer !== null && roleAtLeast(viewer.role ?? 'member', 'moderator');
}
