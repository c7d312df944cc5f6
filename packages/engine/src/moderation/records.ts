import type { Member } from '@hearth/protocol';

/** One member's report of one item; id `${ref}:${reporterId}`, so each reports once. */
export interface ReportRecord {
  id: string;
  /** `type:id` of the item. */
  ref: string;
  reporterId: string;
  reason: 'spam' | 'ad' | 'abuse' | 'off_topic' | 'other';
  note: string | null;
  createdAt: number;
  /** open until a moderator acts: upheld (the item was removed) or dismissed. */
  status: 'open' | 'upheld' | 'dismissed';
  resolvedAt: number | null;
}

/** One moderation action. */
export interface AuditRecord {
  id: string;
  action: string;
  actor: Member;
  /** `type:id` of the item, or `member:<id>`. */
  target: string;
  reason: string | null;
  at: number;
  data: Record<string, string | number | boolean | null>;
}
