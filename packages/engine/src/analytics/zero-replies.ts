import { decodePosition, encodePosition } from '../core/page-cursor.js';
import { PAGE_SIZE, type CommunitySettings, type ContentType, type Member, type ZeroReplyItem, type ZeroReplyPage } from '@hearth/protocol';
import type { Where } from '../collections.js';
import type { Core } from '../core/core.js';
import type { MemberRecord } from '../records.js';
import { excerpt } from './openers.js';
import type { OpenerRecord } from './records.js';

/** A parsed `ZeroRepliesInput`. */
export interface ZeroReplyQuery {
  olderThanMs?: number;
  types?: ContentType[];
  location?: string;
  cursor?: string;
  limit?: number;
}

/**
 * One page of the zero-reply queue: published openers with no reply from anyone but their
 * author, posted at least `olderThanMs` ago, oldest first (ties by ref).
 */
export async function zeroReplyPage(core: Core, query: ZeroReplyQuery, settings: CommunitySettings, now: number): Promise<ZeroReplyPage> {
  const openers = core.store.collection('openers');
  const cutoff = now - (query.olderThanMs ?? 0);
  const target = settings.firstResponseTargetMs;
  const base: Where<OpenerRecord> = { status: 'published', replyCount: 0 };
  if (query.types) base.type = { in: query.types };
  if (query.location !== undefined) base.location = query.location;
  const limit = query.limit ?? PAGE_SIZE.default;

  let page: OpenerRecord[];
  if (query.cursor === undefined) {
    page = await openers.find({ where: { ...base, createdAt: { lte: cutoff } }, orderBy: [['createdAt', 'asc']], limit: limit + 1 });
  } else {
    const after = decodeQueueCursor(query.cursor);
    // Same instant as the cursor: only ids after it; later instants: everything up to the cutoff.
    const ties = after.createdAt <= cutoff ? (await openers.find({ where: { ...base, createdAt: after.createdAt } })).filter((o) => o.id > after.id) : [];
    const later = await openers.find({ where: { ...base, createdAt: { gt: after.createdAt, lte: cutoff } }, orderBy: [['createdAt', 'asc']], limit: limit + 1 });
    page = [...ties, ...later].slice(0, limit + 1);
  }
  const more = page.length > limit;
  page = page.slice(0, limit);

  const total = await openers.count({ ...base, createdAt: { lte: cutoff } });
  // Overdue: older than the target (strictly), within the same filters.
  const overdue = await openers.count({ ...base, createdAt: { lte: cutoff, lt: now - target } });

  const authors = new Map((await core.store.collection('members').getMany([...new Set(page.map((o) => o.authorId))])).map((m) => [m.id, m]));
  const items: ZeroReplyItem[] = [];
  for (const opener of page) items.push(await toItem(core, opener, authors.get(opener.authorId) ?? null, now, target));
  const last = page[page.length - 1];
  return { items, nextCursor: more && last ? encodeQueueCursor(last) : null, total, overdue, targetMs: target };
}

async function toItem(core: Core, opener: OpenerRecord, author: MemberRecord | null, now: number, target: number): Promise<ZeroReplyItem> {
  // The live text wins over the excerpt kept at opening: edits show, and callers that
  // opened without text still get one where the content type can load it.
  const live = await core.content.get(opener.type)?.load(core.store, opener.itemId);
  const ageMs = Math.max(0, now - opener.createdAt);
  return {
    ref: opener.id,
    type: opener.type,
    id: opener.itemId,
    location: opener.location,
    title: opener.title,
    excerpt: (live ? excerpt(live.text) : null) ?? opener.excerpt,
    author: author ? toPublicMember(author) : (live?.author ?? { id: opener.authorId, displayName: 'Former member', avatarUrl: null, role: 'member' }),
    createdAt: new Date(opener.createdAt).toISOString(),
    ageMs,
    overdue: ageMs > target,
  };
}

/** A member record as others see the member. */
export function toPublicMember(record: MemberRecord): Member {
  return { id: record.id, displayName: record.displayName, avatarUrl: record.avatarUrl, role: record.assignedRole ?? record.role };
}

function encodeQueueCursor(opener: OpenerRecord): string {
  return encodePosition('z', { at: opener.createdAt, id: opener.id });
}

function decodeQueueCursor(cursor: string): { createdAt: number; id: string } {
  const { at, id } = decodePosition('z', cursor);
  return { createdAt: at, id };
}
