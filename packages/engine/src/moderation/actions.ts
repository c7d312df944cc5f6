import { HearthError, moderationChannel, outranks, refKey, type ContentRef, type ModerationAction, type Role } from '@hearth/protocol';
import type { Acting, ContentHandler, ContentItem, Core, Emit } from '../core/core.js';
import type { Store } from '../store.js';
import { spaceRecord } from '../community/community-service.js';
import type { AuditRecord, ReportRecord } from './records.js';

/** What one action did to one item. */
export interface ActionOutcome {
  status: ContentItem['status'];
  changed: boolean;
  audit: AuditRecord | null;
}

const TYPE_NAMES: Record<ContentItem['type'], string> = { comment: 'comment', post: 'post', answer: 'answer', feedback: 'feedback item' };

/** `not_found` for an item that does not exist (or whose type no service handles here). */
export function noItem(target: ContentRef): HearthError {
  const message = `There is no such ${TYPE_NAMES[target.type]}.`;
  return new HearthError('not_found', message, { issues: [{ path: 'target.id', message }] });
}

/** The handler and the item, or `not_found`. */
export async function loadItem(core: Core, tx: Store, target: ContentRef): Promise<{ handler: ContentHandler; item: ContentItem }> {
  const handler = core.content.get(target.type);
  const item = handler ? await handler.load(tx, target.id) : null;
  if (!handler || !item) throw noItem(target);
  return { handler, item };
}

/** A member's role as the community knows it now (an assigned role wins over the claimed one). */
async function currentRole(tx: Store, member: { id: string; role: Role }): Promise<Role> {
  const record = await tx.collection('members').get(member.id);
  return record ? (record.assignedRole ?? record.role) : member.role;
}

/** The open reports of an item, oldest first. */
export async function openReports(tx: Store, ref: string): Promise<ReportRecord[]> {
  return tx.collection('reports').find({ where: { ref, status: 'open' }, orderBy: [['createdAt', 'asc']] });
}

/**
 * Applies one moderation action through the item's content handler, resolves its reports
 * and queue entries, and audits it. An action that finds the item already as asked changes
 * nothing and audits nothing (`changed: false`), so a double click is harmless.
 */
export async function applyAction(
  core: Core,
  tx: Store,
  emit: Emit,
  acting: Acting,
  request: { target: ContentRef; action: ModerationAction; reason: string | null; to: string | undefined; at: number },
): Promise<ActionOutcome> {
  const { target, action, reason, to, at } = request;
  const { handler, item } = await loadItem(core, tx, target);
  const ref = refKey(target);
  const actor = acting.member;
  const name = TYPE_NAMES[target.type];
  const conflict = (message: string) => new HearthError('conflict', message, { issues: [{ path: 'action', message }] });
  const open = await openReports(tx, ref);
  const data: AuditRecord['data'] = {};
  let next: ContentItem['status'] = item.status;
  let reports: 'upheld' | 'dismissed' | null = null;

  if (item.status === 'deleted' && action !== 'delete') throw conflict(`This ${name} was deleted; there is nothing left to ${action}.`);
  if ((action === 'hide' || action === 'delete') && item.author.id !== actor.id && outranks(await currentRole(tx, item.author), actor.role)) {
    throw new HearthError('forbidden', `You cannot ${action} content by someone ranked above you.`);
  }

  switch (action) {
    case 'approve': {
      if (item.author.id === actor.id && !core.isStaff(actor)) throw new HearthError('forbidden', 'You cannot approve your own post; another reviewer will.');
      if (item.status === 'pending') next = 'published';
      else if (open.length > 0) {
        // Keeping a reported item: its reports are dismissed, and an item the reports hid comes back.
        reports = 'dismissed';
        next = 'published';
      } else if (item.status === 'hidden') throw conflict(`This ${name} was hidden by a moderator; restore it to publish it again.`);
      break;
    }
    case 'hide':
      if (item.status !== 'hidden') next = 'hidden';
      if (open.length > 0) reports = 'upheld';
      break;
    case 'delete':
      next = 'deleted';
      if (open.length > 0) reports = 'upheld';
      break;
    case 'restore':
      if (item.status === 'pending') throw conflict(`This ${name} waits for review; approve it to publish it.`);
      next = 'published';
      break;
    default:
      await applyHandlerAction(tx, handler, item, action, to, at, emit);
      if (to !== undefined) data.space = to;
      break;
  }

  const statusAction = action === 'approve' || action === 'hide' || action === 'delete' || action === 'restore';
  if (statusAction && next === item.status && reports === null) return { status: item.status, changed: false, audit: null };
  if (next !== item.status) await handler.setStatus(tx, target.id, next, emit, acting);
  if (statusAction) Object.assign(data, { from: item.status, to: next });
  if (reports !== null) {
    data[reports] = open.length;
    await resolveReports(core, tx, open, reports, actor.id, at);
  }
  await syncQueue(tx, ref, next);
  const audit = await core.moderated(tx, acting, { action, target: ref, reason, at, data });
  emit({ type: 'moderation.changed', id: core.ids(), channel: moderationChannel(), target: ref, action });
  return { status: next, changed: true, audit };
}

/** The actions that are not status changes: each needs the handler to support it. */
async function applyHandlerAction(tx: Store, handler: ContentHandler, item: ContentItem, action: ModerationAction, to: string | undefined, at: number, emit: Emit): Promise<void> {
  const unsupported = () => {
    const what = { lock: 'locked', unlock: 'unlocked', pin: 'pinned', unpin: 'unpinned', feature: 'featured', unfeature: 'unfeatured', move: 'moved' }[action as string] ?? action;
    const message = `A ${TYPE_NAMES[item.type]} cannot be ${what}.`;
    return new HearthError('validation', message, { issues: [{ path: 'action', message }] });
  };
  switch (action) {
    case 'lock':
    case 'unlock':
      if (!handler.lock) throw unsupported();
      return handler.lock(tx, item.id, action === 'lock', emit);
    case 'pin':
    case 'unpin':
      if (!handler.pin) throw unsupported();
      return handler.pin(tx, item.id, action === 'pin', at, emit);
    case 'feature':
    case 'unfeature':
      if (!handler.feature) throw unsupported();
      return handler.feature(tx, item.id, action === 'feature', emit);
    case 'move': {
      if (!handler.move) throw unsupported();
      if (!(await spaceRecord(tx, to!))) {
        throw new HearthError('not_found', `There is no space "${to}".`, { issues: [{ path: 'to', message: 'No such space.' }] });
      }
      return handler.move(tx, item.id, to!, emit);
    }
    default:
      throw unsupported();
  }
}

/** Closes reports: upheld ones earn their reporters `report_upheld`. */
export async function resolveReports(core: Core, tx: Store, open: ReportRecord[], outcome: 'upheld' | 'dismissed', actorId: string, at: number): Promise<void> {
  for (const report of open) {
    await tx.collection('reports').update(report.id, { status: outcome, resolvedAt: at });
    // Ref the report, not the item: removing the item reverses what the item earned, not this.
    if (outcome === 'upheld') await core.points.award(tx, { memberId: report.reporterId, rule: 'report_upheld', ref: `report:${report.id}`, at, actorId });
  }
}

/** Drops queue entries the item no longer belongs in: pending once it is not, reported once no report is open. */
export async function syncQueue(tx: Store, ref: string, status: ContentItem['status']): Promise<void> {
  const queue = tx.collection('moderationQueue');
  if (status !== 'pending') await queue.remove(`pending:${ref}`);
  if ((await tx.collection('reports').count({ ref, status: 'open' })) === 0 || status === 'deleted') await queue.remove(`reported:${ref}`);
}
