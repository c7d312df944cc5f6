import { HearthError, moderationChannel, refKey, type ContentType, type HoldReason } from '@hearth/protocol';
import type { Core, ScreenInput } from '../core/core.js';
import { MINUTE, recentCreates } from '../core/recent.js';
import { countLinks, textHash } from '../core/text.js';
import type { Store } from '../store.js';
import type { QueueRecord } from './records.js';
import { describeWait, findBannedWord, linkLimitFor } from './rules.js';

/**
 * Screens new content, rule by rule in this order (docs/moderation.md): mute, banned
 * words, link limit, same text twice, posting rate, then pre-moderation and the
 * new-member hold. The first rule that refuses throws; otherwise the result says whether
 * the content is published or held, and why. Edits pass only the mute and the rules on
 * the text itself (banned words, links).
 */
export async function screen(core: Core, tx: Store, input: ScreenInput): Promise<{ status: 'published' | 'pending'; reason: HoldReason | null }> {
  const { acting, text, at } = input;
  const settings = await core.settings(tx);
  // Staff keep the community running (announcements, answering a queue in bursts), so
  // holds, link limits and the rate limit do not apply to them; words and repeats do.
  const staff = core.isStaff(acting.member);

  const mutedUntil = acting.record.mutedUntil;
  if (mutedUntil !== null && mutedUntil > at) {
    const until = new Date(mutedUntil).toISOString();
    throw new HearthError('forbidden', `You are muted until ${until}, so you cannot post until then.`, { mutedUntil: until });
  }

  const word = findBannedWord(text, settings.bannedWords);
  if (word !== null) {
    throw new HearthError('validation', `This contains a word this community does not allow: "${word}". Remove it and try again.`, {
      issues: [{ path: 'body', message: `Contains a word this community does not allow: "${word}".` }],
      rule: 'banned_word',
    });
  }

  if (!staff) {
    const links = countLinks(text);
    const { limit, newMember } = linkLimitFor(acting.record.publishedCount, settings);
    if (links > limit) {
      const who = newMember ? 'New members' : 'Members';
      const message = limit === 0 ? `${who} cannot include links here (this has ${links}).` : `${who} can include at most ${limit} link${limit === 1 ? '' : 's'} in a post (this has ${links}).`;
      throw new HearthError('validation', message, { issues: [{ path: 'body', message }], rule: 'link_limit', limit, links });
    }
  }

  if (input.edit) return { status: 'published', reason: null };

  const window = settings.flood.duplicateWindowMs;
  const since = Math.max(at - Math.max(window, MINUTE), 0);
  const recent = (await recentCreates(tx, acting.member.id, since)).filter((create) => create.at <= at);

  if (window > 0) {
    const hash = textHash(text);
    const same = recent.find((event) => event.at > at - window && event.hash === hash);
    if (same) {
      const retryAfterMs = Math.max(1, same.at + window - at);
      const message = `You posted this same text ${describeWait(at - same.at)} ago. Say something new, or wait ${describeWait(retryAfterMs)} to post it again.`;
      throw new HearthError('conflict', message, { issues: [{ path: 'body', message: 'You just posted this.' }], retryAfterMs, rule: 'duplicate' });
    }
  }

  if (!staff) {
    const max = settings.flood.maxPostsPerMinute;
    const lastMinute = recent.filter((event) => event.at > at - MINUTE);
    if (lastMinute.length >= max) {
      // Once the max-th most recent create leaves the minute, one more fits.
      const retryAfterMs = Math.max(1, lastMinute[max - 1]!.at + MINUTE - at);
      throw new HearthError('rate_limited', `You are posting too fast: at most ${max} a minute. Try again in ${describeWait(retryAfterMs)}.`, { retryAfterMs, rule: 'rate' });
    }
  }

  if (!staff && settings.moderation === 'pre') return { status: 'pending', reason: 'pre_moderation' };
  if (!staff && acting.record.publishedCount < settings.newMemberHold) return { status: 'pending', reason: 'new_member_hold' };
  return { status: 'published', reason: null };
}

/** Content `screen` held was stored as pending: it joins the review queue, and staff consoles hear of it. */
export async function held(core: Core, tx: Store, item: { type: ContentType; id: string; reason: string | null; at: number }): Promise<void> {
  const ref = refKey(item);
  const entry: QueueRecord = { id: `pending:${ref}`, kind: 'pending', ref, type: item.type, itemId: item.id, reason: item.reason, at: item.at };
  await tx.collection('moderationQueue').put(entry);
  core.emitter(tx)({ type: 'moderation.changed', id: core.ids(), channel: moderationChannel(), target: ref, action: 'held' });
}
