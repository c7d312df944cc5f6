import { inboxChannel, roleAtLeast, type ContentType, type Member } from '@hearth/protocol';
import type { Core, OpenerHooks } from '../core/core.js';
import type { Store } from '../store.js';
import type { OpenerRecord } from './records.js';

/** Longest excerpt kept on an opener. */
export const EXCERPT_LENGTH = 200;

/**
 * Who counts as the responding team for "first staff reply": volunteers and up. Community
 * practice treats volunteers (community helpers, 版主助理) as part of the team that answers
 * posts, so their reply stops the staff response clock too.
 */
export function isResponder(member: Member): boolean {
  return roleAtLeast(member.role, 'volunteer');
}

/** The first `EXCERPT_LENGTH` characters of a text, whitespace collapsed, or null when empty. */
export function excerpt(text: string | null | undefined): string | null {
  if (!text) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return null;
  const chars = [...flat];
  return chars.length <= EXCERPT_LENGTH ? flat : `${chars.slice(0, EXCERPT_LENGTH - 1).join('')}…`;
}

/**
 * The `OpenerHooks` every content service calls, over the `openers` collection. Each change
 * publishes `analytics.opener.changed` on the inbox channel once the write commits.
 */
export function openerHooks(core: Core): OpenerHooks {
  const changed = (tx: Store, record: OpenerRecord) =>
    core.emitter(tx)({
      type: 'analytics.opener.changed',
      id: core.ids(),
      channel: inboxChannel(),
      ref: record.id,
      replyCount: record.replyCount,
      status: record.status,
    });

  return {
    async opened(tx, opener) {
      const record: OpenerRecord = {
        id: `${opener.type}:${opener.itemId}`,
        type: opener.type as ContentType,
        itemId: opener.itemId,
        location: opener.location,
        title: opener.title,
        excerpt: excerpt(opener.text),
        authorId: opener.authorId,
        createdAt: opener.at,
        replyCount: 0,
        firstReplyAt: null,
        firstStaffReplyAt: null,
        status: opener.status,
      };
      const openers = tx.collection('openers');
      // Asked first rather than caught: a failed insert aborts a SQL transaction. A retried
      // create (same idempotency key) opens nothing new; the first record stands. Asked, so
      // appended: no clash is left to catch.
      if (opener.fresh !== true && (await openers.get(record.id))) return;
      await openers.append(record);
      changed(tx, record);
    },

    async replied(tx, { ref, replier, at }) {
      const openers = tx.collection('openers');
      const record = await openers.get(ref);
      // Not an opener (a reply to a reply, content from before openers existed): nothing to count.
      if (!record || replier.id === record.authorId) return;
      const next = await openers.update(ref, {
        replyCount: record.replyCount + 1,
        firstReplyAt: record.firstReplyAt ?? at,
        firstStaffReplyAt: record.firstStaffReplyAt ?? (isResponder(replier) ? at : null),
      });
      changed(tx, next);
    },

    async replyRemoved(tx, ref, replier) {
      const openers = tx.collection('openers');
      const record = await openers.get(ref);
      if (!record || (replier && replier.id === record.authorId)) return;
      if (record.replyCount === 0) return;
      changed(tx, await openers.update(ref, { replyCount: record.replyCount - 1 }));
    },

    async status(tx, ref, status) {
      const openers = tx.collection('openers');
      const record = await openers.get(ref);
      if (!record || record.status === status) return;
      changed(tx, await openers.update(ref, { status }));
    },
  };
}
