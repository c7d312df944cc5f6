import { SYSTEM_ACTOR_ID, type AuditEntry, type ContentRef, type ContentType, type Member, type Report, type ReportReceipt, type ReportSummary } from '@hearth/protocol';
import type { Acting } from '../core/core.js';
import type { MemberRecord } from '../records.js';
import type { Store } from '../store.js';
import type { AuditRecord, ReportRecord } from './records.js';

/** Who acts when Hearth acts by itself (hiding an item after enough reports). */
export const SYSTEM_MEMBER: Member = { id: SYSTEM_ACTOR_ID, displayName: 'Auto-moderation', avatarUrl: null, role: 'moderator' };

/** The system as an acting member, for content handlers that expect one. Never stored. */
export function systemActing(at: number): Acting {
  const record: MemberRecord = {
    id: SYSTEM_MEMBER.id,
    displayName: SYSTEM_MEMBER.displayName,
    avatarUrl: null,
    role: SYSTEM_MEMBER.role,
    assignedRole: null,
    joinedAt: 0,
    lastActiveAt: at,
    profile: {},
    title: null,
    publishedCount: 0,
    mutedUntil: null,
    bannedUntil: null,
  };
  return { member: SYSTEM_MEMBER, record, variant: null };
}

/** `type:id` back to a reference (content types never contain a colon; ids may). */
export function parseRef(ref: string): ContentRef {
  const colon = ref.indexOf(':');
  return { type: ref.slice(0, colon) as ContentType, id: ref.slice(colon + 1) };
}

/** A member record as others see the member. */
export function memberOf(record: MemberRecord): Member {
  return { id: record.id, displayName: record.displayName, avatarUrl: record.avatarUrl, role: record.assignedRole ?? record.role };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An audit record as the log shows it. */
export function toAuditEntry(record: AuditRecord): AuditEntry {
  return { id: record.id, action: record.action, actor: record.actor, target: record.target, reason: record.reason, at: iso(record.at)!, data: { ...record.data } };
}

/** A report as its reporter sees it. */
export function toReceipt(record: ReportRecord): ReportReceipt {
  return { id: record.id, target: parseRef(record.ref), reason: record.reason, note: record.note, status: record.status, createdAt: iso(record.createdAt)! };
}

/** Reports as staff see them, with each reporter. */
export async function toReports(tx: Store, records: ReportRecord[]): Promise<Report[]> {
  const ids = [...new Set(records.map((r) => r.reporterId))];
  const members = new Map((await tx.collection('members').getMany(ids)).map((m) => [m.id, memberOf(m)]));
  return records.map((record) => ({
    ...toReceipt(record),
    reporter: members.get(record.reporterId) ?? { id: record.reporterId, displayName: record.reporterId.slice(0, 64), avatarUrl: null, role: 'member' },
    resolvedAt: iso(record.resolvedAt),
  }));
}

/** Open reports of one item, summed for the queue. */
export function summarize(open: ReportRecord[]): ReportSummary {
  const sorted = [...open].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const reasons: Record<string, number> = {};
  for (const report of sorted) reasons[report.reason] = (reasons[report.reason] ?? 0) + 1;
  return {
    count: sorted.length,
    reasons,
    notes: sorted.flatMap((r) => (r.note ? [r.note] : [])).slice(0, 10),
    firstAt: iso(sorted[0]?.createdAt ?? null),
    lastAt: iso(sorted[sorted.length - 1]?.createdAt ?? null),
  };
}

/** At most `max` characters (code points, so no half emoji), with an ellipsis when cut. */
export function excerpt(text: string, max = 500): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
