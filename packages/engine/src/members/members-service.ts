import {
  HearthError,
  ListMembersInput,
  MemberRefInput,
  PAGE_SIZE,
  SetRoleInput,
  SetTitleInput,
  memberChannel,
  parseInput,
  roleChangeRefusal,
  type MemberCard,
  type MembersAdapter,
  type Page,
  type Role,
} from '@hearth/protocol';
import type { Acting, Actor, Core, Emit } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import type { MemberRecord } from '../records.js';
import type { Store } from '../store.js';
import { decodeMemberCursor, encodeMemberCursor, nameMatcher, type MemberCursor } from './member-list.js';

/** Members read per batch while searching; the search filters in memory, the store orders. */
const BATCH = 100;

/** Member cards, roles and titles. Public methods are exactly the operations of `MembersAdapter`. */
export class MembersService implements EngineGroup<MembersAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /** A member's card as the viewer sees it (mute and ban times only for staff or the member); `not_found` for someone never seen. */
  async getCard(input: unknown, viewer: Actor): Promise<MemberCard> {
    const { memberId } = parseInput(MemberRefInput, input);
    const store = this.#core.store;
    const known = await this.#core.known(store, viewer);
    const record = await store.collection('members').get(memberId);
    if (!record) throw noMember(memberId);
    return this.#core.card(store, record, known?.member ?? null);
  }

  /** Members whose name matches `query` and whose role is `role`, newest first, in cursor pages (permission `review`). */
  async listMembers(input: unknown, viewer: Actor): Promise<Page<MemberCard>> {
    const { query = '', role, cursor, limit = PAGE_SIZE.default } = parseInput(ListMembersInput, input);
    const store = this.#core.store;
    const known = await this.#core.known(store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to take part.');
    this.#core.require(known.member, 'review');
    const named = nameMatcher(query);
    const wanted = (record: MemberRecord) => named(record) && (role === undefined || effectiveRole(record) === role);

    const found: MemberRecord[] = [];
    let after: MemberCursor | null = cursor === undefined ? null : decodeMemberCursor(cursor);
    while (found.length <= limit) {
      const batch = await this.#batchAfter(store, after);
      for (const record of batch) if (wanted(record)) found.push(record);
      if (batch.length < BATCH) break;
      const last = batch[batch.length - 1]!;
      after = { joinedAt: last.joinedAt, id: last.id };
    }

    const at = this.#core.clock();
    const items = found.slice(0, limit);
    const cards: MemberCard[] = [];
    for (const record of items) cards.push(await this.#core.card(store, record, known.member, at));
    const last = items[items.length - 1];
    return { items: cards, nextCursor: found.length > limit && last ? encodeMemberCursor(last) : null };
  }

  /**
   * Assigns a role (or clears the assigned one with null). Admins assign up to moderator,
   * owners up to admin; only owners change the role of someone ranked as high as themselves;
   * nobody changes their own. The new role applies from the member's next call. Audited.
   */
  async setRole(input: unknown, viewer: Actor): Promise<MemberCard> {
    const { memberId, role, reason } = parseInput(SetRoleInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'assign_roles');
      const target = await tx.collection('members').get(memberId);
      if (!target) throw noMember(memberId);
      const from = effectiveRole(target);
      const to = role ?? target.role;
      // An owner may always hand a member back to the role the host site claims for them,
      // even owner, which nobody can assign: it undoes an owner's own earlier demotion.
      const restoring = role === null && acting.member.role === 'owner' && acting.member.id !== target.id;
      const refusal = restoring ? null : roleChangeRefusal(acting.member, { id: target.id, role: from }, to);
      if (refusal) throw new HearthError('forbidden', refusal);
      if (target.assignedRole === role) return this.#core.card(tx, target, acting.member, at);

      const record = await tx.collection('members').update(memberId, { assignedRole: role });
      const data = { from, to, assigned: role !== null };
      await this.#core.audit(tx, { action: 'member.role', actor: acting.member, target: `member:${memberId}`, reason: reason || null, at, data });
      await this.#core.track(tx, acting, 'member.role_changed', `member:${memberId}`, data, at);
      return this.#changed(tx, record, 'role', acting, emit, at);
    });
  }

  /** Grants a title, or takes it away with null (permission `manage`). Audited. */
  async setTitle(input: unknown, viewer: Actor): Promise<MemberCard> {
    const { memberId, title } = parseInput(SetTitleInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      const target = await tx.collection('members').get(memberId);
      if (!target) throw noMember(memberId);
      if (target.title === title) return this.#core.card(tx, target, acting.member, at);

      const record = await tx.collection('members').update(memberId, { title });
      const data = { from: target.title, to: title };
      await this.#core.audit(tx, { action: 'member.title', actor: acting.member, target: `member:${memberId}`, at, data });
      await this.#core.track(tx, acting, 'member.title_changed', `member:${memberId}`, data, at);
      return this.#changed(tx, record, 'title', acting, emit, at);
    });
  }

  /** Announces a changed card on the member's channel and returns it as the actor sees it. */
  async #changed(tx: Store, record: MemberRecord, change: 'role' | 'title', acting: Acting, emit: Emit, at: number): Promise<MemberCard> {
    await emitMemberChanged(this.#core, tx, record, change, emit, at);
    return this.#core.card(tx, record, acting.member, at);
  }

  /** The next batch of members after `after`, newest first (ties by id). */
  async #batchAfter(store: Store, after: MemberCursor | null): Promise<MemberRecord[]> {
    const members = store.collection('members');
    const orderBy = [['joinedAt', 'desc']] as const;
    if (!after) return members.find({ orderBy, limit: BATCH });
    const sameTime = await members.find({ where: { joinedAt: after.joinedAt, id: { gt: after.id } }, orderBy, limit: BATCH });
    if (sameTime.length === BATCH) return sameTime;
    const older = await members.find({ where: { joinedAt: { lt: after.joinedAt } }, orderBy, limit: BATCH - sameTime.length });
    return [...sameTime, ...older];
  }
}

/** Publishes `member.changed` with the card as anyone sees it (after the write commits). */
export async function emitMemberChanged(core: Core, tx: Store, record: MemberRecord, change: 'role' | 'title' | 'profile', emit: Emit, at: number): Promise<void> {
  const card = await core.card(tx, record, null, at);
  emit({ type: 'member.changed', id: core.ids(), channel: memberChannel(record.id), memberId: record.id, change, card });
}

/** The role the community gives a member: the one an admin assigned, else the one the host claims. */
export function effectiveRole(record: MemberRecord): Role {
  return record.assignedRole ?? record.role;
}

function noMember(memberId: string): HearthError {
  return new HearthError('not_found', `No member "${memberId}" has taken part in this community.`, { issues: [{ path: 'memberId', message: 'No such member.' }] });
}
