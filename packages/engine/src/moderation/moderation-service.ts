import {
  ACTION_PERMISSIONS,
  ActInput,
  DisciplineInput,
  HearthError,
  LiftInput,
  ListAuditInput,
  ListQueueInput,
  ListReportsInput,
  PAGE_SIZE,
  ReportInput,
  SYSTEM_ACTOR_ID,
  moderationChannel,
  outranks,
  parseInput,
  refKey,
  type AuditEntry,
  type HoldReason,
  type MemberCard,
  type ModerationAdapter,
  type ModerationResult,
  type Page,
  type QueueItem,
  type Report,
  type ReportReceipt,
} from '@hearth/protocol';
import type { Acting, Actor, Core, Emit } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import type { Where } from '../collections.js';
import type { MemberRecord } from '../records.js';
import type { Store } from '../store.js';
import { applyAction, loadItem, noItem, openReports } from './actions.js';
import { held, screen } from './gate.js';
import { decodePosition, encodePosition, scanPage } from './paging.js';
import type { AuditRecord, QueueRecord, ReportRecord } from './records.js';
import { describeWait } from './rules.js';
import { SYSTEM_MEMBER, excerpt, memberOf, summarize, systemActing, toAuditEntry, toReceipt, toReports } from './views.js';

/**
 * The moderation rules: the gate every new piece of content passes (installed as
 * `core.gate`), reports and auto-hide, the review queue, moderation actions through each
 * type's content handler, mutes and bans, and the audit log. Public methods are exactly
 * the operations of `ModerationAdapter`.
 */
export class ModerationService implements EngineGroup<ModerationAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    core.gate = {
      screen: (tx, input) => screen(core, tx, input),
      held: (tx, item) => held(core, tx, item),
    };
  }

  /**
   * Reports a published item (permission `report`; not one's own). Each member reports an
   * item once: a repeat returns the first report unchanged. The report that brings an
   * item's open reports to `autoHideReports` hides it until a moderator looks.
   */
  async report(input: unknown, viewer: Actor): Promise<ReportReceipt> {
    const { target, reason, note } = parseInput(ReportInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'report');
      const { handler, item } = await loadItem(this.#core, tx, target);
      const me = acting.member;
      const ref = refKey(target);
      const reports = tx.collection('reports');
      // A repeat (a retry, another tab) gets the first report back, even once the item is hidden.
      const prior = await reports.get(`${ref}:${me.id}`);
      if (prior) return toReceipt(prior);
      const visible = item.status === 'published' || (item.status === 'pending' && (item.author.id === me.id || this.#core.isStaff(me))) || (item.status === 'hidden' && this.#core.isStaff(me));
      if (!visible) throw noItem(target);
      if (item.author.id === me.id) throw new HearthError('forbidden', 'You cannot report your own post.');
      if (item.status !== 'published') throw new HearthError('conflict', 'Only published content can be reported; this is already with the moderators.');

      const record: ReportRecord = { id: `${ref}:${me.id}`, ref, reporterId: me.id, reason, note: note ? note : null, createdAt: at, status: 'open', resolvedAt: null };
      await reports.insert(record);
      await this.#core.track(tx, acting, 'report.created', ref, { reason }, at);
      const report = { id: record.id, target, reporter: me, reason, note: record.note, status: record.status, createdAt: new Date(at).toISOString(), resolvedAt: null };
      await this.#core.webhooks.deliver(tx, 'report.created', { report, item: { type: target.type, id: target.id, author: item.author, status: item.status, excerpt: excerpt(item.text) } }, at);

      const queue = tx.collection('moderationQueue');
      const queued = await queue.get(`reported:${ref}`);
      if (!queued) {
        const entry: QueueRecord = { id: `reported:${ref}`, kind: 'reported', ref, type: target.type, itemId: target.id, reason: null, at };
        await queue.insert(entry);
      } else {
        // Written by every report of the item, so reports made at once conflict and a store
        // with snapshot isolation runs them one after another: each then counts the others.
        await queue.update(queued.id, { at: queued.at });
      }
      emit({ type: 'moderation.changed', id: this.#core.ids(), channel: moderationChannel(), target: ref, action: 'reported' });

      // At or past the threshold (an admin may have lowered it), unless a moderator restored
      // the item while these reports were open: then it stays up under further reports until
      // they are dismissed or upheld.
      const settings = await this.#core.settings(tx);
      const open = await reports.count({ ref, status: 'open' });
      if (open >= settings.autoHideReports && !(await this.#restoredUnder(tx, ref))) {
        await handler.setStatus(tx, target.id, 'hidden', emit, systemActing(at));
        await this.#core.audit(tx, { action: 'auto_hide', actor: SYSTEM_MEMBER, target: ref, reason: `${open} members reported it.`, at, data: { reports: open, from: 'published', to: 'hidden' } });
        await this.#core.track(tx, null, 'moderation.action', ref, { action: 'auto_hide' }, at);
        emit({ type: 'moderation.changed', id: this.#core.ids(), channel: moderationChannel(), target: ref, action: 'auto_hide' });
      }
      return toReceipt(record);
    });
  }

  /**
   * The review queue, oldest first (permission `review`): `pending` is content the gate
   * held, from every content type; `reported` is content with open reports, with their
   * count, reasons and notes (auto-hidden items included).
   */
  async listQueue(input: unknown, viewer: Actor): Promise<Page<QueueItem>> {
    const { kind, cursor, limit = PAGE_SIZE.default } = parseInput(ListQueueInput, input);
    const after = cursor === undefined ? null : decodePosition(`queue:${kind}`, cursor);
    const store = this.#core.store;
    await this.#reader(store, viewer, 'review');
    const queue = store.collection('moderationQueue');
    const where: Where<QueueRecord> = { kind, ...(after ? { at: { gte: after.at } } : {}) };
    const page = await scanPage<QueueRecord, QueueItem>({
      direction: 'asc',
      after,
      limit,
      at: (r) => r.at,
      fetch: (offset, count) => queue.find({ where, orderBy: [['at', 'asc'], ['id', 'asc']], offset, limit: count }),
      accept: async (entry) => {
        const handler = this.#core.content.get(entry.type);
        const item = handler ? await handler.load(store, entry.itemId) : null;
        if (!item) return null;
        const open = await openReports(store, entry.ref);
        // Entries outlive their reason when content changes outside `act`; skip those.
        if (kind === 'pending' ? item.status !== 'pending' : open.length === 0 || item.status === 'deleted') return null;
        return {
          target: { type: item.type, id: item.id },
          author: item.author,
          status: item.status,
          excerpt: excerpt(item.text),
          location: item.location,
          createdAt: new Date(item.createdAt).toISOString(),
          queuedAt: new Date(entry.at).toISOString(),
          heldReason: kind === 'pending' ? ((entry.reason ?? 'pre_moderation') as HoldReason) : null,
          reports: summarize(open),
        };
      },
    });
    return { items: page.items, nextCursor: page.more && page.last ? encodePosition(`queue:${kind}`, page.last) : null };
  }

  /**
   * Acts on one item through its type's content handler (approve needs `review`; hide,
   * delete, restore, lock, unlock and move `moderate`; pin and feature `curate`). Hiding
   * or deleting upholds the item's open reports (each reporter earns `report_upheld`);
   * approving a reported item dismisses them. Audited, unless nothing changed.
   */
  async act(input: unknown, viewer: Actor): Promise<ModerationResult> {
    const { target, action, reason, to } = parseInput(ActInput, input);
    if (action === 'move' && to === undefined) throw HearthError.validation('to', 'Say which space to move it to.');
    if (action !== 'move' && to !== undefined) throw HearthError.validation('to', 'Only "move" takes a space.');
    const at = this.#core.clock();
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, ACTION_PERMISSIONS[action]);
      const outcome = await applyAction(this.#core, tx, emit, acting, { target, action, reason: reason ? reason : null, to, at });
      return { target, action, status: outcome.status, changed: outcome.changed, audit: outcome.audit ? toAuditEntry(outcome.audit) : null };
    });
  }

  /** Stops a member posting until `until` (or for `durationMs`); permission `discipline`, never on staff ranked as high as the actor. Audited. */
  async mute(input: unknown, viewer: Actor): Promise<MemberCard> {
    return this.#discipline(input, viewer, 'mute');
  }

  /** Lifts a mute (permission `discipline`). Audited; lifting a mute that is not there changes nothing. */
  async unmute(input: unknown, viewer: Actor): Promise<MemberCard> {
    return this.#lift(input, viewer, 'unmute');
  }

  /** Bars a member from every write until `until` (or for `durationMs`); their content stays as it is. Audited. */
  async ban(input: unknown, viewer: Actor): Promise<MemberCard> {
    return this.#discipline(input, viewer, 'ban');
  }

  /** Lifts a ban (permission `discipline`). Audited; lifting a ban that is not there changes nothing. */
  async unban(input: unknown, viewer: Actor): Promise<MemberCard> {
    return this.#lift(input, viewer, 'unban');
  }

  /** The audit log, newest first, by action, actor, target and time (`from` inclusive, `to` exclusive); permission `view_insights`. */
  async listAudit(input: unknown, viewer: Actor): Promise<Page<AuditEntry>> {
    const { action, actorId, target, from, to, cursor, limit = PAGE_SIZE.default } = parseInput(ListAuditInput, input);
    const after = cursor === undefined ? null : decodePosition('audit', cursor);
    const store = this.#core.store;
    await this.#reader(store, viewer, 'view_insights');
    const at: { gte?: number; lt?: number; lte?: number } = {};
    if (from !== undefined) at.gte = Date.parse(from);
    if (to !== undefined) at.lt = Date.parse(to);
    if (after) at.lte = after.at;
    const where: Where<AuditRecord> = { ...(action ? { action } : {}), ...(actorId ? { actorId } : {}), ...(target ? { target } : {}), ...(Object.keys(at).length ? { at } : {}) };
    const audit = store.collection('audit');
    const page = await scanPage<AuditRecord, AuditEntry>({
      direction: 'desc',
      after,
      limit,
      at: (r) => r.at,
      fetch: (offset, count) => audit.find({ where, orderBy: [['at', 'desc'], ['id', 'desc']], offset, limit: count }),
      accept: async (record) => toAuditEntry(record),
    });
    return { items: page.items, nextCursor: page.more && page.last ? encodePosition('audit', page.last) : null };
  }

  /** Reports newest first, of one item or all, optionally by status (permission `review`). */
  async listReports(input: unknown, viewer: Actor): Promise<Page<Report>> {
    const { target, status, cursor, limit = PAGE_SIZE.default } = parseInput(ListReportsInput, input);
    const after = cursor === undefined ? null : decodePosition('reports', cursor);
    const store = this.#core.store;
    await this.#reader(store, viewer, 'review');
    const where: Where<ReportRecord> = { ...(target ? { ref: refKey(target) } : {}), ...(status ? { status } : {}), ...(after ? { createdAt: { lte: after.at } } : {}) };
    const reports = store.collection('reports');
    const page = await scanPage<ReportRecord, ReportRecord>({
      direction: 'desc',
      after,
      limit,
      at: (r) => r.createdAt,
      fetch: (offset, count) => reports.find({ where, orderBy: [['createdAt', 'desc'], ['id', 'desc']], offset, limit: count }),
      accept: async (record) => record,
    });
    return { items: await toReports(store, page.items), nextCursor: page.more && page.last ? encodePosition('reports', page.last) : null };
  }

  /** Whether a moderator restored the item since its oldest open report came in. */
  async #restoredUnder(tx: Store, ref: string): Promise<boolean> {
    const oldest = (await openReports(tx, ref))[0];
    if (!oldest) return false;
    return (await tx.collection('audit').count({ target: ref, action: 'restore', at: { gte: oldest.createdAt } })) > 0;
  }

  /** Who reads: signed in (else `unauthorized`) with `permission` (else `forbidden`). Reads write nothing. */
  async #reader(store: Store, viewer: Actor, permission: 'review' | 'view_insights'): Promise<void> {
    const known = await this.#core.known(store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to take part.');
    this.#core.require(known.member, permission);
  }

  async #discipline(input: unknown, viewer: Actor, action: 'mute' | 'ban'): Promise<MemberCard> {
    const { memberId, until, durationMs, reason } = parseInput(DisciplineInput, input);
    if ((until === undefined) === (durationMs === undefined)) {
      throw HearthError.validation('until', `Say how long: give either "until" (an ISO date-time) or "durationMs".`);
    }
    const at = this.#core.clock();
    const end = until !== undefined ? Date.parse(until) : at + durationMs!;
    if (end <= at) throw HearthError.validation('until', `Pick a time in the future for the ${action} to end.`);
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      const target = await this.#target(tx, acting, memberId, action);
      const field = action === 'mute' ? 'mutedUntil' : 'bannedUntil';
      const record = await tx.collection('members').update(target.id, { [field]: end });
      const iso = new Date(end).toISOString();
      await this.#disciplined(tx, emit, acting, record, action, reason, { until: iso, for: describeWait(end - at) }, at);
      const card = await this.#core.card(tx, record, acting.member, at);
      if (action === 'ban') await this.#core.webhooks.deliver(tx, 'member.banned', { member: card, until: iso, reason: reason ?? null, by: acting.member }, at);
      return card;
    });
  }

  async #lift(input: unknown, viewer: Actor, action: 'unmute' | 'unban'): Promise<MemberCard> {
    const { memberId, reason } = parseInput(LiftInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      const target = await this.#target(tx, acting, memberId, action);
      const field = action === 'unmute' ? 'mutedUntil' : 'bannedUntil';
      const current = target[field];
      if (current === null || current <= at) return this.#core.card(tx, target, acting.member, at);
      const record = await tx.collection('members').update(target.id, { [field]: null });
      await this.#disciplined(tx, emit, acting, record, action, reason ? reason : null, { was: new Date(current).toISOString() }, at);
      return this.#core.card(tx, record, acting.member, at);
    });
  }

  /** The member a discipline call acts on, after the permission and rank checks. */
  async #target(tx: Store, acting: Acting, memberId: string, action: string): Promise<MemberRecord> {
    this.#core.require(acting.member, 'discipline');
    if (memberId === SYSTEM_ACTOR_ID) throw new HearthError('forbidden', `You cannot ${action} the system.`);
    const record = await tx.collection('members').get(memberId);
    if (!record) throw new HearthError('not_found', 'There is no such member.', { issues: [{ path: 'memberId', message: 'No such member.' }] });
    if (record.id === acting.member.id) throw new HearthError('forbidden', `You cannot ${action} yourself.`);
    const role = memberOf(record).role;
    if (!outranks(acting.member.role, role)) throw new HearthError('forbidden', `You cannot ${action} ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}: only someone ranked above them can.`);
    return record;
  }

  async #disciplined(tx: Store, emit: Emit, acting: Acting, record: MemberRecord, action: string, reason: string | null, data: AuditRecord['data'], at: number): Promise<void> {
    const target = `member:${record.id}`;
    await this.#core.moderated(tx, acting, { action, target, reason, at, data });
    emit({ type: 'moderation.changed', id: this.#core.ids(), channel: moderationChannel(), target, action });
  }
}
