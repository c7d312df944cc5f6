import {
  EraseMemberInput,
  ExportDataInput,
  HearthError,
  ListMembersInput,
  MemberRefInput,
  PAGE_SIZE,
  SetRoleInput,
  SetTitleInput,
  memberChannel,
  parseInput,
  roleChangeRefusal,
  type EraseMemberResult,
  type MemberCard,
  type MemberExport,
  type MembersAdapter,
  type Page,
  type Role,
} from '@hearth/protocol';
import type { Acting, Actor, Core, Emit } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import type { MemberRecord } from '../records.js';
import type { Store } from '../store.js';
import { eraseMemberData, erasureRef, exportMember, exportSections, readMemberData } from './member-data.js';
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

  /**
   * Everything stored about one member, as JSON (permission `manage`). The export itself is
   * audited (who read whose data), so it is a write; the log keeps no part of the data.
   */
  async exportData(input: unknown, viewer: Actor): Promise<MemberExport> {
    const { memberId } = parseInput(ExportDataInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      const record = await tx.collection('members').get(memberId);
      if (!record) throw noMember(memberId);
      const data = await readMemberData(tx, record);
      const card = await this.#core.card(tx, record, acting.member, at);
      await this.#core.audit(tx, { action: 'member.export', actor: acting.member, target: `member:${memberId}`, at });
      return { format: 'hearth.member-export.v1', exportedAt: new Date(at).toISOString(), memberId, card, member: exportMember(record), ...exportSections(data) };
    });
  }

  /**
   * Erases a member (permission `manage`): see `eraseMemberData`. Owners cannot be erased,
   * nobody erases themselves, and only owners erase admins. A repeat finds the first run's
   * audit entry and returns its result with `alreadyErased`, changing nothing.
   */
  async eraseMember(input: unknown, viewer: Actor): Promise<EraseMemberResult> {
    const { memberId, content } = parseInput(EraseMemberInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      const ref = erasureRef(memberId);
      const record = await tx.collection('members').get(memberId);
      if (!record) {
        const done = (await tx.collection('audit').find({ where: { action: 'member.erase', target: ref }, orderBy: [['at', 'desc']], limit: 1 }))[0];
        if (!done) throw noMember(memberId);
        const counts = Object.fromEntries(Object.entries(done.data).filter((e): e is [string, number] => typeof e[1] === 'number'));
        const first = done.data.content === 'remove' ? 'remove' : 'anonymise';
        return { memberId, content: first, erasedAt: new Date(done.at).toISOString(), alreadyErased: true, counts };
      }
      if (record.id === acting.member.id) throw new HearthError('forbidden', 'You cannot erase yourself: ask another admin.');
      const role = effectiveRole(record);
      if (role === 'owner') throw new HearthError('forbidden', 'Owners cannot be erased: the host site names its owners. Ask it to stop naming them one first.');
      if (role === 'admin' && acting.member.role !== 'owner') throw new HearthError('forbidden', 'Only an owner can erase an admin.');

      const data = await readMemberData(tx, record);
      const counts = await eraseMemberData(this.#core, tx, data, content, acting, emit);
      // The log says an erasure ran and what it touched, never whose data it was.
      await this.#core.audit(tx, { action: 'member.erase', actor: acting.member, target: ref, at, data: { content, ...counts } });
      await this.#core.track(tx, acting, 'moderation.action', ref, { action: 'member.erase' }, at);
      return { memberId, content, erasedAt: new Date(at).toISOString(), alreadyErased: false, counts };
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
