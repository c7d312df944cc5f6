import {
  CommunitySettings,
  DEFAULT_COMMUNITY_SETTINGS,
  DEFAULT_LEVELS,
  GUEST_CONDITIONS,
  HearthError,
  Viewer,
  allows,
  outranks,
  parseInput,
  roleAtLeast,
  type ActivityType,
  type BadgeAward,
  type CommunityEvent,
  type Level,
  type ContentType,
  type Member,
  type MemberCard,
  type Permission,
  type Role,
} from '@hearth/protocol';
import type { Store } from '../store.js';
import type { ActivityRecord, MemberRecord } from '../records.js';
import type { AuditRecord } from '../moderation/records.js';
import type { LedgerRecord } from '../points/records.js';
import type { WebhookHooks } from '../webhooks/webhooks-service.js';
import { CONTENT_CREATED, MINUTE, keptCreate } from './recent.js';
import { deepFreeze } from './json-copy.js';
import { calendarDay } from './time.js';

/** The viewer of a call: who acts, or null/undefined for an anonymous reader. */
export type Actor = Viewer | null | undefined;

/** Collects the realtime events of a write; they go out once it commits. */
export type Emit = (event: CommunityEvent) => void;

/** Who acts inside a write: their member record (role as the community knows it). */
export interface Acting {
  member: Member;
  record: MemberRecord;
  /** From `Viewer.variant`. */
  variant: string | null;
}

/** Points movements other services ask for. Implemented by the points service. */
export interface PointsHooks {
  /**
   * Awards what `rule` earns under the community's points rules to `memberId`, for `ref`,
   * within the daily caps. `actorId` is who caused it (the reactor, the voter, the asker who
   * accepted); `*_received` rules earn nothing when the actor is the member. Awarding the
   * same (member, rule, ref, actor) twice while the first stands earns nothing. Returns the
   * entry, or null when nothing was earned. `fresh`: `ref` names what this same write just
   * created, so no entry can name it yet and the ledger is not asked.
   */
  award(tx: Store, entry: { memberId: string; rule: string; ref: string | null; at: number; actorId?: string | null; fresh?: boolean }): Promise<LedgerRecord | null>;
  /**
   * Reverses every standing entry for `ref`, narrowed to `memberId`, `rule` and `actorId`
   * when given, by writing `reversal` entries; removing content reverses all it earned.
   */
  reverse(tx: Store, entry: { ref: string; memberId?: string; rule?: string; actorId?: string | null; at: number }): Promise<void>;
  /** Moves points outside the rules and caps (bounties): a negative delta may not exceed the balance. */
  move(tx: Store, entry: { memberId: string; delta: number; rule: string; ref: string | null; at: number; actorId?: string | null; reason?: string | null }): Promise<LedgerRecord>;
  /** The points a member can spend now. */
  balance(tx: Store, memberId: string): Promise<number>;
  /** Awards any badges whose criteria the member now meets. */
  checkBadges(tx: Store, memberId: string, at: number): Promise<void>;
  /** What a member card shows of points: lifetime, balance, level, badges, current streak. */
  summary(tx: Store, memberId: string, at: number): Promise<PointsSummary>;
}

/** The points side of a member card. */
export interface PointsSummary {
  lifetimePoints: number;
  balance: number;
  level: Level;
  badges: BadgeAward[];
  streak: number;
}

/** What a new piece of content is screened for before it is stored. */
export interface ScreenInput {
  acting: Acting;
  type: ContentType;
  text: string;
  at: number;
  /** An edit of existing content: only the rules on the text itself apply (words, links), not holds or flood rules. */
  edit?: boolean;
}

/** The moderation gate every piece of new content passes. Implemented by the moderation service. */
export interface GateHooks {
  /**
   * Throws a `HearthError` saying why when the member may not post this (banned or muted,
   * banned words, too many links, flooding); otherwise says whether it is published or held
   * for review, and why it is held.
   */
  screen(tx: Store, input: ScreenInput): Promise<{ status: 'published' | 'pending'; reason: string | null }>;
  /** Content that `screen` held was stored as pending: it joins the review queue. */
  held?(tx: Store, item: { type: ContentType; id: string; reason: string | null; at: number }): Promise<void>;
}

/** Conversation openers and their replies. Implemented by the analytics service. */
export interface OpenerHooks {
  /**
   * A new post, question, feedback item or top-level comment waits for replies (`text`: its
   * body, for the queue's excerpt). `fresh`: the item was created in this very write, so no
   * opener can exist for it yet and none is looked for.
   */
  opened(tx: Store, opener: { type: ContentType; itemId: string; location: string; title: string | null; authorId: string; at: number; status: 'published' | 'pending'; text?: string; fresh?: boolean }): Promise<void>;
  /** Someone replied to `ref` (`type:id`): counts it and stamps first (staff) reply times. */
  replied(tx: Store, reply: { ref: string; replier: Member; at: number }): Promise<void>;
  /**
   * A reply to `ref` went away (deleted, hidden). Pass its `replier` when known: replies by
   * the opener's own author never counted, so removing one changes nothing.
   */
  replyRemoved(tx: Store, ref: string, replier?: Member): Promise<void>;
  /** The opener's own status changed. */
  status(tx: Store, ref: string, status: 'published' | 'pending' | 'hidden' | 'deleted'): Promise<void>;
}

/** One piece of content as moderation sees it. */
export interface ContentItem {
  type: ContentType;
  id: string;
  author: Member;
  status: 'published' | 'pending' | 'hidden' | 'deleted';
  /** Title and body as text, for the queue. */
  text: string;
  /** A space key or thread key. */
  location: string;
  createdAt: number;
}

/** What moderation can do to one content type. Each service registers one for its type. */
export interface ContentHandler {
  load(tx: Store, id: string): Promise<ContentItem | null>;
  /** Moves the item to a status (approve: pending → published), emitting its events. */
  setStatus(tx: Store, id: string, status: ContentItem['status'], emit: Emit, acting: Acting): Promise<void>;
  lock?(tx: Store, id: string, locked: boolean, emit: Emit): Promise<void>;
  pin?(tx: Store, id: string, pinned: boolean, at: number, emit: Emit): Promise<void>;
  feature?(tx: Store, id: string, featured: boolean, emit: Emit): Promise<void>;
  move?(tx: Store, id: string, to: string, emit: Emit): Promise<void>;
}

/**
 * An item whose replies live as comments in a thread keyed `<prefix>:<itemId>` (feed posts
 * and questions: `post:<id>`, see `postThreadKey`). The comments engine calls these around
 * every reply in such a thread.
 */
export interface ThreadHooks {
  /** Throws (`not_found`, `forbidden` for a locked item...) when the item takes no reply now. */
  beforeReply(tx: Store, itemId: string, acting: Acting): Promise<void>;
  /** A reply was published there (`delta` 1) or went away (-1): counts, activity, openers. */
  replied(tx: Store, itemId: string, reply: { replier: Member; at: number; delta: 1 | -1 }): Promise<void>;
}

/** How to build the core. */
export interface CoreOptions {
  store: Store;
  clock?: () => number;
  publish?: (event: CommunityEvent) => void;
  ids?: () => string;
  /** The community's settings before an admin changes any (defaults filled in). */
  community?: Partial<CommunitySettings>;
}

/**
 * What every service shares: the store, the clock, ids, transactions that publish their
 * events after commit, community settings, members and permissions, the audit and
 * activity logs, and the hooks one service offers the others (points, the moderation gate,
 * conversation openers, content handlers). Services install their hooks when built; until
 * then the hooks do nothing, so each service also works alone.
 */
export class Core {
  readonly store: Store;
  readonly clock: () => number;
  readonly ids: () => string;
  #publish: (event: CommunityEvent) => void;
  #initial: CommunitySettings;
  /** The settings each open write has read (see `settings`). */
  #settingsOf = new WeakMap<Store, CommunitySettings>();
  /** Each open write's emit by transaction handle (see `bindEmit`). */
  #emits = new WeakMap<Store, Emit>();

  points: PointsHooks = {
    award: async () => null,
    reverse: async () => {},
    move: async () => {
      throw new HearthError('unavailable', 'Points are not available here.');
    },
    balance: async () => 0,
    checkBadges: async () => {},
    summary: async () => ({ lifetimePoints: 0, balance: 0, level: DEFAULT_LEVELS[0]!, badges: [], streak: 0 }),
  };
  gate: GateHooks = { screen: async () => ({ status: 'published', reason: null }) };
  openers: OpenerHooks = { opened: async () => {}, replied: async () => {}, replyRemoved: async () => {}, status: async () => {} };
  /** Queues outgoing webhooks inside a write (see WebhooksService); without it nothing is queued. */
  webhooks: WebhookHooks = { deliver: async () => {} };
  readonly content = new Map<ContentType, ContentHandler>();
  /** Thread hooks by thread-key prefix (`post`). */
  readonly threads = new Map<string, ThreadHooks>();

  constructor(options: CoreOptions) {
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
    this.#publish = options.publish ?? (() => {});
    this.ids = options.ids ?? randomId;
    // Frozen: every write of a community without saved settings reads this one object.
    this.#initial = deepFreeze(parseInput(CommunitySettings, { ...DEFAULT_COMMUNITY_SETTINGS, ...options.community }));
    checkTimeZone(this.#initial.timeZone);
  }

  /** Runs a write in a transaction and publishes its events only once it has committed. */
  async write<T>(fn: (tx: Store, emit: Emit) => Promise<T>): Promise<T> {
    let events: CommunityEvent[] = [];
    const result = await this.store.transaction((tx) => {
      // A SQL store may run this again after a serialization failure: only the last run's events count.
      events = [];
      const attempt = events;
      const emit: Emit = (event) => attempt.push(event);
      this.bindEmit(tx, emit);
      return fn(tx, emit);
    });
    for (const event of events) {
      try {
        this.#publish(event);
      } catch (error) {
        // The write has landed; a failing subscriber must not turn it into a reported failure.
        console.error('Hearth: publishing an event failed', error);
      }
    }
    return result;
  }

  /**
   * Ties a transaction handle to the emit of its write, so hooks that receive only `tx`
   * (`core.openers`) can still publish after commit. `write` does it; a service running its
   * own transactions calls it first thing inside them.
   */
  bindEmit(tx: Store, emit: Emit): void {
    this.#emits.set(tx, emit);
  }

  /** The emit of the write `tx` belongs to; events of an unbound transaction are dropped. */
  emitter(tx: Store): Emit {
    return this.#emits.get(tx) ?? (() => {});
  }

  /**
   * The community's settings as they stand (`tx` to read inside a write), to read, never to
   * change (the defaults come frozen). Inside a write, every call gets the same object (rules
   * read it many times per write).
   */
  async settings(tx: Store = this.store): Promise<CommunitySettings> {
    const kept = this.#settingsOf.get(tx);
    if (kept) return kept;
    const stored = await tx.collection('settings').get('community');
    // Stored settings come out read-only like every record; the defaults are frozen too.
    const settings = stored?.settings ?? this.#initial;
    if (tx !== this.store) this.#settingsOf.set(tx, settings);
    return settings;
  }

  /** Replaces some settings after checking the result as a whole; returns the result. */
  async saveSettings(tx: Store, patch: Partial<CommunitySettings>): Promise<CommunitySettings> {
    const next = parseInput(CommunitySettings, { ...(await this.settings(tx)), ...patch });
    checkTimeZone(next.timeZone);
    const stored = await tx.collection('settings').get('community');
    // The record also carries the webhook targets (see WebhooksService), which stay.
    await tx.collection('settings').put({ ...stored, id: 'community', settings: next });
    this.#settingsOf.delete(tx);
    return next;
  }

  /** The calendar day (`YYYY-MM-DD`) of `at` in the community's time zone. */
  day(at: number, settings: Pick<CommunitySettings, 'timeZone'>): string {
    return calendarDay(at, settings.timeZone);
  }

  /** The viewer's claims as a member, or null when anonymous; malformed claims are a `validation` error on `viewer.*`. */
  claims(viewer: Actor): Member | null {
    return toMember(viewer);
  }

  /** The viewer's claims, or `unauthorized`. */
  requireClaims(viewer: Actor): Member {
    const member = toMember(viewer);
    if (!member) throw new HearthError('unauthorized', 'Sign in to take part.');
    return member;
  }

  /** The member as this community knows them (role an admin assigned wins), without writing. */
  async known(tx: Store, viewer: Actor): Promise<{ member: Member; record: MemberRecord | null } | null> {
    const claims = toMember(viewer);
    if (!claims) return null;
    const record = await tx.collection('members').get(claims.id);
    return { member: { ...claims, role: record?.assignedRole ?? claims.role }, record };
  }

  /**
   * Signs the viewer in for a write: creates their member record on first contact (tracking
   * `member.joined`), refreshes name, avatar and claimed role, and returns who acts. Banned
   * members are `forbidden` from every write.
   */
  async act(tx: Store, viewer: Actor, at: number = this.clock()): Promise<Acting> {
    const claims = this.requireClaims(viewer);
    const members = tx.collection('members');
    const prior = await members.get(claims.id);
    let record: MemberRecord;
    if (!prior) {
      record = {
        id: claims.id,
        displayName: claims.displayName,
        avatarUrl: claims.avatarUrl,
        role: claims.role,
        assignedRole: null,
        joinedAt: at,
        lastActiveAt: at,
        profile: {},
        title: null,
        publishedCount: 0,
        mutedUntil: null,
        bannedUntil: null,
      };
      await members.insert(record);
    } else {
      record = await members.update(claims.id, { displayName: claims.displayName, avatarUrl: claims.avatarUrl, role: claims.role, lastActiveAt: at });
    }
    const member: Member = { ...claims, role: record.assignedRole ?? claims.role };
    const acting: Acting = { member, record, variant: (viewer as Viewer).variant ?? null };
    if (!prior) await this.track(tx, acting, 'member.joined', null, {}, at);
    if (record.bannedUntil !== null && record.bannedUntil > at) {
      throw new HearthError('forbidden', `You are banned from this community until ${new Date(record.bannedUntil).toISOString()}.`, { bannedUntil: record.bannedUntil });
    }
    return acting;
  }

  /**
   * Throws `forbidden` unless the member's role may do `action` (see `PERMISSIONS`). Guests
   * may comment, vote in polls or send feedback only where the community allows it.
   */
  require(member: Member, action: Permission, settings?: CommunitySettings): void {
    if (!allows(member.role, action)) throw new HearthError('forbidden', forbiddenMessage(action));
    if (member.role !== 'guest' || !settings) return;
    const flag = (GUEST_CONDITIONS as Partial<Record<Permission, keyof CommunitySettings>>)[action];
    if (flag && settings[flag] !== true) throw new HearthError('forbidden', 'Guests cannot do this here. Sign in to take part.');
  }

  /**
   * Throws `forbidden` when someone acts on another member's content while ranked below its
   * author (by the role the community knows the author by): staff never override their
   * superiors. `what` completes "You cannot … by someone ranked above you".
   */
  async requireRank(tx: Store, author: Member, acting: Acting, what: string): Promise<void> {
    if (author.id === acting.member.id) return;
    const record = await tx.collection('members').get(author.id);
    const role = record ? (record.assignedRole ?? record.role) : author.role;
    if (outranks(role, acting.member.role)) throw new HearthError('forbidden', `You cannot ${what} by someone ranked above you.`);
  }

  /** Whether `member` is staff: moderator and up. */
  isStaff(member: Member | null): boolean {
    return member !== null && roleAtLeast(member.role, 'moderator');
  }

  /**
   * Counts a member's published content up or down (posts, comments, answers, feedback),
   * which the new-member rules (hold, link limit) read.
   */
  async countPublished(tx: Store, memberId: string, delta: 1 | -1): Promise<void> {
    const record = await tx.collection('members').get(memberId);
    if (record) await tx.collection('members').update(memberId, { publishedCount: Math.max(0, record.publishedCount + delta) });
  }

  /** Writes one audit entry (every moderation action writes one). */
  async audit(tx: Store, entry: { action: string; actor: Member; target: string; reason?: string | null; at: number; data?: AuditRecord['data'] }): Promise<AuditRecord> {
    const record: AuditRecord = { id: this.ids(), action: entry.action, actor: entry.actor, actorId: entry.actor.id, target: entry.target, reason: entry.reason ?? null, at: entry.at, data: entry.data ?? {} };
    await tx.collection('audit').insert(record);
    return record;
  }

  /** One moderation action by `acting`: its audit entry and its `moderation.action` event. */
  async moderated(tx: Store, acting: Acting, entry: { action: string; target: string; reason?: string | null; at: number; data?: AuditRecord['data'] }): Promise<AuditRecord> {
    const record = await this.audit(tx, { ...entry, actor: acting.member });
    await this.track(tx, acting, 'moderation.action', entry.target, { action: entry.action }, entry.at);
    return record;
  }

  /** Writes one analytics event; every state change writes one. */
  async track(tx: Store, acting: Acting | null, type: ActivityType, ref: string | null, data: ActivityRecord['data'] = {}, at: number = this.clock()): Promise<void> {
    const settings = await this.settings(tx);
    await tx.collection('activity').append({
      id: this.ids(),
      type,
      memberId: acting?.member.id ?? null,
      staff: acting ? this.isStaff(acting.member) : false,
      at,
      day: this.day(at, settings),
      ref,
      variant: acting?.variant ?? null,
      data,
    });
    if (acting && CONTENT_CREATED.includes(type)) {
      const hash = typeof data.hash === 'string' ? data.hash : null;
      await keptCreate(tx, acting.member.id, { at, hash }, Math.max(settings.flood.duplicateWindowMs, MINUTE));
    }
  }

  /**
   * Runs a create once per (member, key): a retry with the same key and request returns
   * `load(firstId)`; the same key with a different request is a `conflict` naming
   * `idempotencyKey`.
   */
  async once<T>(tx: Store, memberId: string, key: string, fingerprint: string, create: () => Promise<{ id: string; result: T }>, load: (id: string) => Promise<T>, at: number): Promise<T> {
    const prior = await tx.getIdempotency(memberId, key);
    if (prior) {
      if (prior.fingerprint !== fingerprint) {
        throw new HearthError('conflict', 'This idempotency key was already used for a different request.', {
          issues: [{ path: 'idempotencyKey', message: 'Already used for a different request.' }],
        });
      }
      return load(prior.postId);
    }
    const { id, result } = await create();
    await tx.insertIdempotency({ actorId: memberId, key, fingerprint, postId: id, createdAt: at });
    return result;
  }

  /** A member's card as anyone sees it; mute and ban times only for staff or the member. */
  async card(tx: Store, record: MemberRecord, viewer: Member | null, at: number = this.clock()): Promise<MemberCard> {
    const points = await this.points.summary(tx, record.id, at);
    const privy = viewer !== null && (viewer.id === record.id || this.isStaff(viewer));
    const iso = (ms: number | null) => (ms === null || !privy || ms <= at ? null : new Date(ms).toISOString());
    return {
      member: { id: record.id, displayName: record.displayName, avatarUrl: record.avatarUrl, role: record.assignedRole ?? record.role },
      joinedAt: new Date(record.joinedAt).toISOString(),
      profile: structuredClone(record.profile),
      ...points,
      title: record.title,
      mutedUntil: iso(record.mutedUntil),
      bannedUntil: iso(record.bannedUntil),
    };
  }

  /** Publishes an event outside a write (events from elsewhere, such as expiry sweeps). */
  publish(event: CommunityEvent): void {
    try {
      this.#publish(event);
    } catch (error) {
      console.error('Hearth: publishing an event failed', error);
    }
  }
}

/** The viewer as a member, or null when anonymous; a malformed viewer is a `validation` error on `viewer.*`. */
export function toMember(viewer: Actor): Member | null {
  if (viewer === null || viewer === undefined) return null;
  let parsed: Viewer;
  try {
    parsed = parseInput(Viewer, viewer);
  } catch (error) {
    const issues = HearthError.is(error) ? (error.details.issues ?? []) : [];
    const prefixed = issues.map((issue) => ({ path: `viewer.${issue.path}`, message: issue.message }));
    throw new HearthError('validation', `The signed-in member is malformed (${prefixed[0]?.path ?? 'viewer'}).`, { issues: prefixed });
  }
  return { id: parsed.id, displayName: parsed.displayName, avatarUrl: parsed.avatarUrl ?? null, role: (parsed.role ?? 'member') as Role };
}

const FORBIDDEN: Partial<Record<Permission, string>> = {
  post: 'Only members can start posts.',
  announce: 'Only staff can post announcements.',
  comment: 'You cannot comment here.',
  react: 'Only members can react and vote.',
  report: 'Only members can report content.',
  create_poll: 'Only staff can create polls.',
  review: 'Only staff can review content.',
  moderate: 'Only moderators can do this.',
  curate: 'Only moderators can pin or feature posts.',
  discipline: 'Only moderators can mute or ban members.',
  triage_feedback: 'Only moderators can change the status of feedback.',
  view_insights: 'Only moderators can see this.',
  manage: 'Only admins can change community settings.',
  assign_roles: 'Only admins can change roles.',
};

function forbiddenMessage(action: Permission): string {
  return FORBIDDEN[action] ?? 'You are not allowed to do this.';
}

function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw HearthError.validation('timeZone', `"${timeZone}" is not a time zone. Use an IANA name such as Asia/Shanghai.`);
  }
}

function randomId(): string {
  const crypto = globalThis.crypto;
  // randomUUID exists only in secure contexts; a demo page opened over plain http still works.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
