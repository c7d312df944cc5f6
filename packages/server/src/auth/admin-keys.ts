// Admin API keys: server-to-server calls that act as an admin of one community.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Viewer } from '@hearth/protocol';
import type { CommunityConfig } from '../contracts.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Each community's keys, hashed once (a community's config does not change while it is hosted). */
const digests = new WeakMap<CommunityConfig, ReadonlyArray<{ name: string; hash: Buffer }>>();

function keyDigests(community: CommunityConfig): ReadonlyArray<{ name: string; hash: Buffer }> {
  let found = digests.get(community);
  if (!found) digests.set(community, (found = community.adminKeys.map(({ name, key }) => ({ name, hash: digest(key) }))));
  return found;
}

/**
 * The admin viewer `{ id: 'key:<name>', displayName: <name>, role: 'admin' }` when `presented`
 * is one of the community's `adminKeys`, else null. Every key is compared in constant time, so
 * response timing says nothing about how close a guess was.
 */
export function adminKeyViewer(community: CommunityConfig, presented: string): Viewer | null {
  const wanted = digest(presented);
  let match: string | null = null;
  for (const { name, hash } of keyDigests(community)) {
    if (timingSafeEqual(wanted, hash) && match === null) match = name;
  }
  return match === null ? null : { id: `key:${match}`, displayName: match, avatarUrl: null, role: 'admin' };
}
