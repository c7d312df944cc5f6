// Pure rules for what a post may carry: topics, images, titles, event fields. Kept apart
// from the service so composers' expectations are unit-tested without a store.
import { FEED_LIMITS, HearthError, countChars, type FeedEventInput, type PostKind } from '@hearth/protocol';
import { normalizeTopic } from '../core/text.js';

/**
 * Topics as stored: normalised (`#` stripped, NFKC, lower-cased, spaces to dashes),
 * de-duplicated in first-seen order. Each must be 1–32 characters after normalising
 * (`topics.N` names the offender); more than 5 distinct is a `validation` error on `topics`.
 */
export function cleanTopics(raw: readonly string[]): string[] {
  const out: string[] = [];
  raw.forEach((value, index) => {
    const topic = normalizeTopic(value);
    const length = countChars(topic);
    if (length === 0) throw HearthError.validation(`topics.${index}`, 'A topic needs at least one letter or digit after the #.');
    if (length > FEED_LIMITS.topicMaxLength) throw HearthError.validation(`topics.${index}`, `A topic has at most ${FEED_LIMITS.topicMaxLength} characters.`);
    if (!out.includes(topic)) out.push(topic);
  });
  if (out.length > FEED_LIMITS.maxTopics) throw HearthError.validation('topics', `A post has at most ${FEED_LIMITS.maxTopics} topics.`);
  return out;
}

/** Image URLs as stored (trimmed); only absolute http(s) URLs, at most 4 (`images.N` names a bad one). */
export function cleanImages(raw: readonly string[]): string[] {
  if (raw.length > FEED_LIMITS.maxImages) throw HearthError.validation('images', `A post has at most ${FEED_LIMITS.maxImages} images.`);
  return raw.map((value, index) => {
    const url = value.trim();
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    // Other schemes (javascript:, data:, file:) could run script or leak local files when rendered.
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
      throw HearthError.validation(`images.${index}`, 'Images must be http:// or https:// links.');
    }
    return url;
  });
}

/** The title as stored: trimmed, null when empty; questions must have one. */
export function cleanTitle(raw: string | null | undefined, kind: PostKind): string | null {
  const title = raw?.trim() ?? '';
  if (title === '') {
    if (kind === 'question') throw HearthError.validation('title', 'A question needs a title.');
    return null;
  }
  if (countChars(title) > FEED_LIMITS.titleMaxLength) throw HearthError.validation('title', `A title has at most ${FEED_LIMITS.titleMaxLength} characters.`);
  return title;
}

/** Event fields as stored: required for kind `event`, refused for others. */
export function cleanEvent(raw: FeedEventInput | null | undefined, kind: PostKind): { startsAt: number; location: string | null } | null {
  if (kind !== 'event') {
    if (raw) throw HearthError.validation('event', 'Only posts of kind "event" have event details.');
    return null;
  }
  if (!raw) throw HearthError.validation('event.startsAt', 'Say when the event starts.');
  const startsAt = Date.parse(raw.startsAt);
  if (Number.isNaN(startsAt)) throw HearthError.validation('event.startsAt', 'Give the start as an ISO date-time, such as 2026-05-01T18:00:00Z.');
  const location = raw.location?.trim() ?? '';
  return { startsAt, location: location === '' ? null : location };
}

/** Lower-cased, normalised title and body for "similar" searches. */
export function searchTextOf(title: string | null, body: string): string {
  return `${title ?? ''}\n${body}`.normalize('NFKC').toLowerCase();
}
