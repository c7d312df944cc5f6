import type { ContentType, Member } from '@hearth/protocol';

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
  /** `actor.id`, kept as a column so the log filters by actor with an index. */
  actorId: string;
  /** `type:id` of the item, or `member:<id>`. */
  target: string;
  reason: string | null;
  at: number;
  data: Record<string, string | number | boolean | null>;
}

/**
 * One entry of the review queue: content held by the gate (`kind: 'pending'`, id
 * `pending:<ref>`) or content with open reports (`kind: 'reported'`, id `reported:<ref>`).
 * Content handlers do not say when an item stops being pending, so an entry may outlive
 * its reason; the queue checks each item's status as it reads and skips stale ones.
 */
export interface QueueRecord {
  id: string;
  kind: 'pending' | 'reported';
  /** `type:id` of the item. */
  ref: string;
  type: ContentType;
  itemId: string;
  /** Why the gate held it (`pre_moderation`, `new_member_hold`); null for reported items. */
  reason: string | null;
  /** When it was held, or when its first open report came in. */
  at: number;
}
