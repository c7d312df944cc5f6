import { useEffect, useId, useRef, useState } from 'preact/hooks';
import {
  ACTION_PERMISSIONS,
  CONTENT_TYPES,
  HearthError,
  refKey,
  type AuditEntry,
  type CallContext,
  type ContentRef,
  type ContentType,
  type ListAuditInput,
  type Member,
  type MemberCard,
  type ModerationAction,
  type ModerationAdapter,
  type ModerationResult,
  type QueueItem,
  type ReportReason,
  type Space,
  moderationChannel,
} from '@hearth/protocol';
import { useLocale, useMessages, type Locale } from '../i18n.js';
import { MissingCapability } from '../missing-capability.js';
import type { ConsoleSession } from '../session.js';
import { formatAgo, formatTime } from '../time.js';
import { invalidate, toError, useAction, useInfiniteQuery, useLive, useQuery, type InfiniteQueryView } from '../use-query.js';
import { moderationMessages, type ModerationMessages } from './moderation-messages.js';
import './moderation.css';

/** What every part of the view talks through: the adapter's moderation group and the signed-in viewer. */
interface Api {
  session: ConsoleSession;
  moderation: ModerationAdapter;
  ctx: CallContext;
}

type QueueKind = 'pending' | 'reported';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** How many items one page of the queue or the audit log holds. */
const PAGE = 20;

/**
 * The extra actions each type takes, as its content handler on the server supports them
 * (comments lock their thread; feed posts and questions also pin and feature). The server
 * decides in the end: a refusal shows its message.
 */
const EXTRA_ACTIONS: Record<ContentType, ModerationAction[]> = {
  comment: ['lock', 'unlock'],
  post: ['lock', 'unlock', 'pin', 'unpin', 'feature', 'unfeature'],
  answer: [],
  feedback: [],
};

/** The types that move between spaces (`move`): feed posts and questions, feedback items. */
const MOVABLE: readonly ContentType[] = ['post', 'feedback'];

/** The actions that change an item's status, and so may take it out of the queue. */
const STATUS_ACTIONS: ModerationAction[] = ['approve', 'hide', 'delete', 'restore'];

/** The status actions that fit an item as it stands: what a moderator would do next. */
function statusActions(item: QueueItem, inQueue: boolean): ModerationAction[] {
  switch (item.status) {
    case 'pending':
      return ['approve', 'hide', 'delete'];
    case 'published':
      // In the reported queue, approving keeps the item and dismisses its reports.
      return inQueue ? ['approve', 'hide', 'delete'] : ['hide', 'delete'];
    case 'hidden':
      // Hidden by reports: approving dismisses them and publishes it; restoring publishes it and leaves them open.
      return inQueue ? ['approve', 'restore', 'delete'] : ['restore', 'delete'];
    case 'deleted':
      return [];
  }
}

/** "Comment by Ada (“Is the meetup…”)": how a message names one item. */
function nameOf(t: ModerationMessages, item: QueueItem): string {
  const text = item.excerpt.length > 40 ? `${item.excerpt.slice(0, 40)}…` : item.excerpt;
  return t.nameOf(t.types[item.target.type], item.author.displayName, text);
}

/** What an action did: its notice, or that nothing changed. */
function noticeOf(t: ModerationMessages, result: ModerationResult): string {
  return result.changed ? t.done[result.action] : t.unchanged(t.statuses[result.status]);
}

/** The content an audit target names (`comment:abc`), or null for members, threads, settings. */
function contentOf(target: string): ContentRef | null {
  const at = target.indexOf(':');
  const type = target.slice(0, at) as ContentType;
  return at > 0 && CONTENT_TYPES.includes(type) ? { type, id: target.slice(at + 1) } : null;
}

/**
 * The moderation view, for moderators and up: the review queue (held items and reported
 * items, oldest first) with actions on each item or on a selection, mutes and bans of
 * authors, and the audit log.
 */
export function Moderation({ session }: { session: ConsoleSession }) {
  const t = useMessages(moderationMessages);
  const moderation = session.client.adapter.moderation;
  if (!moderation) {
    return <MissingCapability title={t.title} capability="moderation" offers={t.missing} />;
  }
  return <ModerationView api={{ session, moderation, ctx: { viewer: session.client.viewer } }} />;
}

/** An item just acted on, kept on screen after it left the queue so the next step (Restore) is one click away. */
interface Handled {
  item: QueueItem;
  notice: string;
}

function ModerationView({ api }: { api: Api }) {
  const { session, moderation, ctx } = api;
  const t = useMessages(moderationMessages);
  // Held items, reports and every moderator's action reach the queues as they happen.
  useLive(session, moderationChannel(), ['moderation']);
  const [kind, setKind] = useState<QueueKind>('pending');
  const [handled, setHandled] = useState<Handled[]>([]);
  const [focusRef, setFocusRef] = useState<string | null>(null);
  const queueOf = (k: QueueKind) => (cursor: string | null) => moderation.listQueue({ kind: k, limit: PAGE, ...(cursor ? { cursor } : {}) }, ctx);
  const refOf = (item: QueueItem) => refKey(item.target);
  const queues: Record<QueueKind, InfiniteQueryView<QueueItem>> = {
    pending: useInfiniteQuery(session, ['moderation', 'queue', 'pending'], queueOf('pending'), refOf),
    reported: useInfiniteQuery(session, ['moderation', 'queue', 'reported'], queueOf('reported'), refOf),
  };

  /** Keeps what an action did: the item with its new status first in "Handled just now". */
  const onHandled = (all: Array<{ item: QueueItem; result: ModerationResult }>, focus: boolean) => {
    // Locks, pins, features and moves leave the item where it is; the card itself says what they did.
    const done = all.filter(({ result }) => STATUS_ACTIONS.includes(result.action));
    if (done.length === 0) return;
    const refs = new Set(done.map(({ item }) => refKey(item.target)));
    const fresh = done.map(({ item, result }) => ({
      item: { ...item, status: result.status },
      notice: noticeOf(t, result),
    }));
    setHandled((before) => [...fresh, ...before.filter((h) => !refs.has(refKey(h.item.target)))]);
    if (focus && done.length === 1) setFocusRef(refKey(done[0]!.item.target));
  };

  // What is still in a queue shows there, with its current state, not twice.
  const queued = new Set([...(queues.pending.items ?? []), ...(queues.reported.items ?? [])].map(refOf));
  const recent = handled.filter((h) => !queued.has(refKey(h.item.target)));

  return (
    <section aria-labelledby="moderation-title" class="moderation">
      <div class="view-head">
        <h1 id="moderation-title">{t.title}</h1>
        <p class="summary">{t.summary}</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['moderation'])}>
          {t.refresh}
        </button>
      </div>

      <QueueTabs kind={kind} onKind={setKind} queues={queues} />
      {(['pending', 'reported'] as const).map((k) => (
        <div key={k} role="tabpanel" id={`queue-panel-${k}`} aria-labelledby={`queue-tab-${k}`} hidden={k !== kind} tabIndex={0}>
          <QueuePanel api={api} kind={k} queue={queues[k]} onHandled={onHandled} />
        </div>
      ))}

      {recent.length > 0 && (
        <section aria-labelledby="handled-title">
          <h2 id="handled-title">{t.handledTitle}</h2>
          <ol class="queue">
            {recent.map((h) => (
              <ItemCard
                key={refKey(h.item.target)}
                api={api}
                item={h.item}
                inQueue={false}
                notice={h.notice}
                focus={focusRef === refKey(h.item.target)}
                onHandled={(result) => onHandled([{ item: h.item, result }], false)}
              />
            ))}
          </ol>
        </section>
      )}

      {session.can('view_insights') && <AuditLog api={api} />}
    </section>
  );
}

// ——— The queue ———

/** Two tabs, one per queue, with how many wait in each; arrow keys, Home and End move between them. */
function QueueTabs({ kind, onKind, queues }: { kind: QueueKind; onKind: (kind: QueueKind) => void; queues: Record<QueueKind, InfiniteQueryView<QueueItem>> }) {
  const t = useMessages(moderationMessages);
  const kinds: QueueKind[] = ['pending', 'reported'];
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const go = (next: QueueKind) => {
    onKind(next);
    tabs.current[next]?.focus();
  };
  const onKey = (event: KeyboardEvent) => {
    const at = kinds.indexOf(kind);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: kinds.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    go(kinds[(to + kinds.length) % kinds.length]!);
  };
  return (
    <div role="tablist" aria-label={t.reviewQueue} class="tabs" onKeyDown={onKey}>
      {kinds.map((k) => {
        const items = queues[k].items;
        const count = items ? ` (${items.length}${queues[k].hasMore ? '+' : ''})` : '';
        return (
          <button
            key={k}
            type="button"
            role="tab"
            id={`queue-tab-${k}`}
            aria-controls={`queue-panel-${k}`}
            aria-selected={k === kind}
            tabIndex={k === kind ? 0 : -1}
            class="quiet tab"
            ref={(el) => {
              tabs.current[k] = el;
            }}
            onClick={() => onKind(k)}
          >
            {t.kinds[k]}
            {count}
          </button>
        );
      })}
    </div>
  );
}

/** The actions the bulk bar offers. */
const BULK_ACTIONS = ['approve', 'hide', 'delete'] as const satisfies readonly ModerationAction[];

type OnHandled = (done: Array<{ item: QueueItem; result: ModerationResult }>, focus: boolean) => void;

/** One queue: a checkbox per item, the bulk bar for what is selected, and each item's own actions. */
function QueuePanel({ api, kind, queue, onHandled }: { api: Api; kind: QueueKind; queue: InfiniteQueryView<QueueItem>; onHandled: OnHandled }) {
  const { session, moderation, ctx } = api;
  const t = useMessages(moderationMessages);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set());
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ done: string; failures: string[] } | null>(null);
  const items = queue.items ?? [];
  // Only what is still in the queue counts as selected.
  const selected = items.filter((item) => chosen.has(refKey(item.target)));
  const bulk = BULK_ACTIONS.filter((action) => session.can(ACTION_PERMISSIONS[action]));
  const resultRef = useRef<HTMLDivElement>(null);

  const select = (ref: string, on: boolean) =>
    setChosen((before) => {
      const next = new Set(before);
      if (on) next.add(ref);
      else next.delete(ref);
      return next;
    });
  const selectAll = (on: boolean) => setChosen(new Set(on ? items.map((item) => refKey(item.target)) : []));

  /** Runs `action` on each selected item in turn; what failed stays selected, each failure named with the server's message. */
  const run = async (action: (typeof BULK_ACTIONS)[number]) => {
    if (busy) return;
    setBusy(true);
    setConfirming(false);
    setOutcome(null);
    const done: Array<{ item: QueueItem; result: ModerationResult }> = [];
    const failures: string[] = [];
    for (const item of selected) {
      try {
        done.push({ item, result: await moderation.act({ target: item.target, action }, ctx) });
      } catch (failure) {
        failures.push(`${nameOf(t, item)}: ${toError(failure).message}`);
      }
    }
    const left = new Set(selected.filter((item) => !done.some((d) => d.item === item)).map((item) => refKey(item.target)));
    setChosen(left);
    setOutcome({
      done: done.length ? t.bulkDoneCount(t.bulkDone[action], done.length) : '',
      failures: failures.length ? [t.bulkFailed(failures.length, selected.length, t.bulkDone[action]), ...failures] : [],
    });
    onHandled(done, false);
    setBusy(false);
    resultRef.current?.focus();
    if (done.length) await invalidate(session, ['moderation']);
  };

  const empty = kind === 'pending' ? t.emptyPending : t.emptyReported;
  const allChosen = items.length > 0 && selected.length === items.length;
  return (
    <>
      {queue.error && (
        <p class="error" role="alert">
          {queue.error.message}
        </p>
      )}
      {queue.loading && <p role="status">{t.loadingQueue}</p>}
      {queue.items && items.length === 0 && <p class="muted">{empty}</p>}
      {items.length > 0 && (
        <div class="bulk" role="group" aria-label={t.bulkOn(t.kinds[kind])}>
          <label>
            <input type="checkbox" checked={allChosen} onChange={(e) => selectAll(e.currentTarget.checked)} />
            {t.selectAll}
          </label>
          {selected.length > 0 &&
            (confirming ? (
              <>
                <span>{t.deleteSelected(selected.length)}</span>
                <button type="button" onClick={() => void run('delete')} aria-disabled={busy}>
                  {t.deleteN(selected.length)}
                </button>
                <button type="button" class="quiet" onClick={() => setConfirming(false)}>
                  {t.keepThem}
                </button>
              </>
            ) : (
              <>
                <span class="count">{t.selected(selected.length)}</span>
                {bulk.map((action, index) => (
                  <span key={action}>
                    {index > 0 && <span aria-hidden="true"> · </span>}
                    <button type="button" class="quiet" aria-disabled={busy} onClick={() => (action === 'delete' ? setConfirming(true) : void run(action))}>
                      {t.actions[action]}
                    </button>
                  </span>
                ))}
                {busy && <span role="status">{t.working}</span>}
              </>
            ))}
        </div>
      )}
      <div ref={resultRef} tabIndex={-1} class="bulk-result">
        <p role="status">{outcome?.done ?? ''}</p>
        {outcome && outcome.failures.length > 0 && (
          <div class="error" role="alert">
            <p>{outcome.failures[0]}</p>
            <ul>
              {outcome.failures.slice(1).map((failure, index) => (
                <li key={index}>{failure}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {items.length > 0 && (
        <ol class="queue">
          {items.map((item) => {
            const ref = refKey(item.target);
            return (
              <ItemCard
                key={ref}
                api={api}
                item={item}
                inQueue
                selected={chosen.has(ref)}
                onSelect={(on) => select(ref, on)}
                onHandled={(result) => onHandled([{ item, result }], true)}
              />
            );
          })}
        </ol>
      )}
      {queue.hasMore && (
        <button type="button" class="quiet" onClick={queue.loadMore} aria-disabled={queue.loadingMore}>
          {queue.loadingMore ? t.loadingMore : t.loadMore}
        </button>
      )}
    </>
  );
}

/**
 * One item: what it is, who wrote it where and when, why it is here, and the actions that fit
 * its state; its author's mute or ban below.
 */
function ItemCard(props: {
  api: Api;
  item: QueueItem;
  inQueue: boolean;
  selected?: boolean;
  onSelect?: (on: boolean) => void;
  onHandled: (result: ModerationResult) => void;
  notice?: string;
  focus?: boolean;
}) {
  const { api, item, inQueue, onHandled } = props;
  const { session, moderation, ctx } = api;
  const t = useMessages(moderationMessages);
  const locale = useLocale();
  const { busy, error, run } = useAction(session, ['moderation']);
  const [notice, setNotice] = useState(props.notice ?? '');
  const [confirming, setConfirming] = useState(false);
  const [more, setMore] = useState(false);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const ref = refKey(item.target);

  useEffect(() => setNotice(props.notice ?? ''), [props.notice]);
  // An item that just left the queue takes the keyboard with it, so its next step is a Tab away.
  useEffect(() => {
    if (props.focus) noticeRef.current?.focus();
  }, [props.focus]);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) keepButton.current?.focus();
    else if (wasConfirming.current) deleteButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const act = (action: ModerationAction) =>
    run(async () => {
      setConfirming(false);
      setNotice('');
      const result = await moderation.act({ target: item.target, action }, ctx);
      setNotice(noticeOf(t, result));
      onHandled(result);
    });

  const allowed = (action: ModerationAction) => session.can(ACTION_PERMISSIONS[action]);
  const main = statusActions(item, inQueue).filter(allowed);
  const extra = item.status === 'deleted' ? [] : EXTRA_ACTIONS[item.target.type].filter(allowed);
  // Feed posts, questions and feedback move between spaces; the item shows where it went.
  const [location, setLocation] = useState(item.location);
  useEffect(() => setLocation(item.location), [item.location]);
  const movable = item.status !== 'deleted' && MOVABLE.includes(item.target.type) && allowed('move') && session.client.adapter.community !== undefined;
  const reasons = Object.entries(item.reports.reasons).sort(([, a], [, b]) => b - a);
  return (
    <li class="item" data-status={item.status} data-ref={ref}>
      <article aria-labelledby={titleId}>
        <div class="item-head">
          {props.onSelect && (
            <input
              type="checkbox"
              checked={props.selected ?? false}
              onChange={(e) => props.onSelect!(e.currentTarget.checked)}
              aria-label={t.select(nameOf(t, item))}
            />
          )}
          <h3 id={titleId} class="type">
            {t.heading(t.types[item.target.type], item.author.displayName)}
          </h3>
          {item.status !== 'pending' && <span class={`state ${item.status}`}>{t.statuses[item.status]}</span>}
          <span class="where">{t.inLocation(location)}</span>
          <span class="where" title={t.postedAt(formatTime(item.createdAt, locale))}>
            {t.posted} <time dateTime={item.createdAt}>{formatAgo(item.createdAt, locale)}</time>
          </span>
        </div>
        <p class="excerpt">{item.excerpt || <span class="muted">{t.noText}</span>}</p>
        {inQueue && item.heldReason && <p class="hint">{t.holds[item.heldReason]}</p>}
        {inQueue && item.reports.count > 0 && (
          <div class="reports">
            <p>
              <strong>{t.reportCount(item.reports.count)}</strong>{' '}
              {reasons.map(([reason, count]) => `${t.reasons[reason as ReportReason] ?? reason} × ${count}`).join(', ')}
              {item.reports.firstAt && <span class="muted">{t.first(formatAgo(item.reports.firstAt, locale))}</span>}
            </p>
            {item.reports.notes.length > 0 && (
              <ul class="notes">
                {item.reports.notes.map((note, index) => (
                  <li key={index}>“{note}”</li>
                ))}
              </ul>
            )}
            <p class="hint">{t.reportHint}</p>
          </div>
        )}
        <p role="status" class="hint" tabIndex={-1} ref={noticeRef}>
          {notice}
        </p>
        {confirming ? (
          <div role="group" aria-label={t.confirmDelete} class="actions">
            <span>{t.deleteForGood(t.types[item.target.type])}</span>
            <button type="button" onClick={() => void act('delete')} aria-disabled={busy}>
              {busy ? t.deleting : t.deleteType(t.types[item.target.type])}
            </button>
            <button type="button" class="quiet" ref={keepButton} onClick={() => setConfirming(false)}>
              {t.keepIt}
            </button>
          </div>
        ) : (
          main.length + extra.length + (movable ? 1 : 0) > 0 && (
            <div class="actions" role="group" aria-label={t.actionsOn(nameOf(t, item))}>
              {main.map((action) =>
                action === 'delete' ? (
                  <button key={action} type="button" class="quiet" ref={deleteButton} onClick={() => setConfirming(true)}>
                    {t.actions.delete}
                  </button>
                ) : (
                  <button key={action} type="button" class={action === 'approve' || action === 'restore' ? '' : 'quiet'} onClick={() => void act(action)} aria-disabled={busy}>
                    {t.actions[action]}
                  </button>
                ),
              )}
              {extra.length + (movable ? 1 : 0) > 0 && (
                <button type="button" class="quiet" aria-expanded={more} onClick={() => setMore(!more)}>
                  {t.moreActions}
                </button>
              )}
            </div>
          )
        )}
        {more && extra.length + (movable ? 1 : 0) > 0 && !confirming && (
          <div class="actions" role="group" aria-label={t.moreActions}>
            {extra.map((action) => (
              <button key={action} type="button" class="quiet" onClick={() => void act(action)} aria-disabled={busy}>
                {item.target.type === 'comment' ? t.threadAction(t.actions[action]) : t.actions[action]}
              </button>
            ))}
          </div>
        )}
        {more && movable && !confirming && (
          <MoveForm
            api={api}
            item={{ ...item, location }}
            onMoved={(result, to) => {
              setLocation(to);
              setNotice(result.changed ? t.movedTo(to) : noticeOf(t, result));
              onHandled(result);
            }}
          />
        )}
        {error && (
          <p class="error" role="alert">
            {error.message}
          </p>
        )}
        {session.can('discipline') && item.author.id !== session.viewer.id && <AuthorStanding api={api} author={item.author} />}
      </article>
    </li>
  );
}

// ——— Moving between spaces ———

/** The spaces an item may go to: another space of a kind that takes it (the server decides in the end). */
function destinations(spaces: readonly Space[], item: QueueItem): Space[] {
  const from = spaces.find((space) => space.key === item.location);
  // A question lives in Q&A or a feed; a post with no Q&A home only in a feed; feedback on a board.
  const kinds: readonly string[] = item.target.type === 'feedback' ? ['feedback'] : from?.kind === 'qa' ? ['qa', 'feed'] : ['feed', 'qa'];
  return spaces.filter((space) => space.key !== item.location && kinds.includes(space.kind));
}

/** Move to another space: a choice of the spaces that take the item, and the server's word if it refuses. */
function MoveForm({ api, item, onMoved }: { api: Api; item: QueueItem; onMoved: (result: ModerationResult, to: string) => void }) {
  const { session, moderation, ctx } = api;
  const t = useMessages(moderationMessages);
  const community = session.client.adapter.community!;
  const spaces = useQuery<Space[]>(session, ['moderation', 'spaces'], () => community.listSpaces({}, ctx));
  const { busy, error, run } = useAction(session, ['moderation']);
  const [to, setTo] = useState('');
  const id = useId();
  const choices = destinations(spaces.data ?? [], item);
  const chosen = choices.some((space) => space.key === to) ? to : (choices[0]?.key ?? '');
  const submit = (event: Event) => {
    event.preventDefault();
    if (!chosen) return;
    void run(async () => {
      const result = await moderation.act({ target: item.target, action: 'move', to: chosen }, ctx);
      onMoved(result, chosen);
    });
  };
  if (spaces.error) {
    return (
      <p class="error" role="alert">
        {spaces.error.message}
      </p>
    );
  }
  if (!spaces.data) return null;
  if (choices.length === 0) return <p class="hint">{t.noOtherSpace}</p>;
  return (
    <form class="move actions" onSubmit={submit} aria-label={t.moveTo}>
      <label>
        {t.moveTo}
        <select value={chosen} onChange={(e) => setTo(e.currentTarget.value)} aria-describedby={`${id}-hint`}>
          {choices.map((space) => (
            <option key={space.key} value={space.key}>
              {space.name} ({t.spaceKinds[space.kind]}, {space.key})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="quiet" aria-disabled={busy}>
        {busy ? t.moving : t.moveButton}
      </button>
      <p class="hint" id={`${id}-hint`}>
        {t.moveHint}
      </p>
      {error && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}

// ——— Mutes and bans ———

/** The durations the picker offers; "custom" asks for a number of days. */
const DURATIONS = [
  { value: 'hour', ms: HOUR },
  { value: 'day', ms: DAY },
  { value: 'week', ms: 7 * DAY },
  { value: 'month', ms: 30 * DAY },
] as const;

/** Whether the author is muted or banned now (their card says until when), with the lift; and the forms to mute or ban. */
function AuthorStanding({ api, author }: { api: Api; author: Member }) {
  const { session, moderation, ctx } = api;
  const t = useMessages(moderationMessages);
  const locale = useLocale();
  const members = session.client.adapter.members;
  const card = useQuery<MemberCard | null>(session, ['moderation', 'member', author.id], () => (members ? members.getCard({ memberId: author.id }, ctx) : Promise.resolve(null)));
  const [open, setOpen] = useState<'mute' | 'ban' | null>(null);
  const { busy, error, run } = useAction(session, ['moderation']);
  const [notice, setNotice] = useState('');
  const openers = useRef<Record<string, HTMLButtonElement | null>>({});
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const name = author.displayName;
  const now = Date.now();
  const mutedUntil = card.data?.mutedUntil && Date.parse(card.data.mutedUntil) > now ? card.data.mutedUntil : null;
  const bannedUntil = card.data?.bannedUntil && Date.parse(card.data.bannedUntil) > now ? card.data.bannedUntil : null;

  /** Closes the form: the keyboard goes back to its button, or after a mute or ban to what it did (the button goes). */
  const close = (kind: 'mute' | 'ban', done: boolean) => {
    setOpen(null);
    requestAnimationFrame(() => (done ? noticeRef.current : openers.current[kind])?.focus());
  };
  const lift = (kind: 'unmute' | 'unban') =>
    run(async () => {
      setNotice('');
      await moderation[kind]({ memberId: author.id }, ctx);
      setNotice(kind === 'unmute' ? t.mayPost(name) : t.noLongerBanned(name));
      // The button is about to go: keep the keyboard on what it did.
      noticeRef.current?.focus();
    });

  return (
    <div class="standing" role="group" aria-label={t.standing(name)}>
      {card.error && (
        <p class="error" role="alert">
          {card.error.message}
        </p>
      )}
      {bannedUntil && (
        <p>
          <strong>
            {t.bannedUntil(name)}
            <time dateTime={bannedUntil}>{formatTime(bannedUntil, locale)}</time>
          </strong>{' '}
          <button type="button" class="quiet" onClick={() => void lift('unban')} aria-disabled={busy}>
            {t.unban(name)}
          </button>
        </p>
      )}
      {mutedUntil && (
        <p>
          <strong>
            {t.mutedUntil(name)}
            <time dateTime={mutedUntil}>{formatTime(mutedUntil, locale)}</time>
          </strong>{' '}
          <button type="button" class="quiet" onClick={() => void lift('unmute')} aria-disabled={busy}>
            {t.unmute(name)}
          </button>
        </p>
      )}
      {open ? (
        <DisciplineForm
          api={api}
          author={author}
          kind={open}
          onDone={(said) => {
            setNotice(said);
            close(open, true);
          }}
          onCancel={() => close(open, false)}
        />
      ) : (
        <div class="actions">
          {!mutedUntil && !bannedUntil && (
            <button type="button" class="quiet" ref={(el) => void (openers.current.mute = el)} onClick={() => setOpen('mute')}>
              {t.muteOpen(name)}
            </button>
          )}
          {!bannedUntil && (
            <button type="button" class="quiet" ref={(el) => void (openers.current.ban = el)} onClick={() => setOpen('ban')}>
              {t.banOpen(name)}
            </button>
          )}
        </div>
      )}
      <p role="status" class="hint" tabIndex={-1} ref={noticeRef}>
        {notice}
      </p>
      {error && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}

/** How long and why: a preset or a number of days, and the reason the audit log keeps. */
function DisciplineForm({ api, author, kind, onDone, onCancel }: { api: Api; author: Member; kind: 'mute' | 'ban'; onDone: (notice: string) => void; onCancel: () => void }) {
  const { session, moderation, ctx } = api;
  const [duration, setDuration] = useState<string>('day');
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, run, setError } = useAction(session, ['moderation']);
  const t = useMessages(moderationMessages);
  const locale = useLocale();
  const first = useRef<HTMLSelectElement>(null);
  const id = useId();
  useEffect(() => first.current?.focus(), []);
  const name = author.displayName;
  const verbed = kind === 'mute' ? t.mute(name) : t.ban(name);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const preset = DURATIONS.find((d) => d.value === duration);
    const durationMs = preset ? preset.ms : Math.round(Number(days) * DAY);
    if (!preset && !(durationMs > 0)) {
      setError(HearthError.validation('durationMs', t.daysNeeded));
      return;
    }
    await run(async () => {
      const card = await moderation[kind]({ memberId: author.id, durationMs, reason: reason.trim() }, ctx);
      const until = kind === 'mute' ? card.mutedUntil : card.bannedUntil;
      onDone(t.disciplined(name, kind, until ? formatTime(until, locale) : null));
    });
  };

  return (
    <form class="discipline" onSubmit={submit} aria-label={verbed}>
      <p class="hint">{kind === 'mute' ? t.muteHint(name) : t.banHint(name)}</p>
      <label>
        {t.howLong}
        <select ref={first} value={duration} onChange={(e) => setDuration(e.currentTarget.value)}>
          {DURATIONS.map((d) => (
            <option key={d.value} value={d.value}>
              {t.durations[d.value]}
            </option>
          ))}
          <option value="custom">{t.customDays}</option>
        </select>
      </label>
      {duration === 'custom' && (
        <label>
          {t.days}
          <input type="number" min="1" max="36500" step="1" inputMode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} required aria-invalid={error?.field === 'durationMs' || undefined} />
        </label>
      )}
      <label>
        {t.reason}
        <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} maxLength={500} autocomplete="off" required aria-describedby={error ? `${id}-error` : undefined} />
      </label>
      {error && (
        <p class="error" role="alert" id={`${id}-error`}>
          {error.message}
        </p>
      )}
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t.saving : verbed}
        </button>
        <button type="button" class="quiet" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

// ——— The audit log ———

type AuditFilter = Pick<ListAuditInput, 'action' | 'actorId' | 'target'>;

/** "pending → published · 2 reports upheld · until …": an entry's data in words. */
function details(t: ModerationMessages, locale: Locale, entry: AuditEntry): string {
  const data = { ...entry.data };
  const parts: string[] = [];
  const take = (key: string) => {
    const value = data[key];
    delete data[key];
    return value;
  };
  const from = take('from');
  const to = take('to');
  if (from != null && to != null) parts.push(`${from} → ${to}`);
  const upheld = take('upheld');
  if (typeof upheld === 'number') parts.push(t.reportsUpheld(upheld));
  const dismissed = take('dismissed');
  if (typeof dismissed === 'number') parts.push(t.reportsDismissed(dismissed));
  const reports = take('reports');
  if (typeof reports === 'number') parts.push(t.afterReports(reports));
  const until = take('until');
  const span = take('for');
  if (typeof until === 'string') parts.push(`${t.until(formatTime(until, locale))}${span ? ` (${span})` : ''}`);
  const was = take('was');
  if (typeof was === 'string') parts.push(t.wasUntil(formatTime(was, locale)));
  const space = take('space');
  if (space != null) parts.push(t.toSpace(String(space)));
  for (const [key, value] of Object.entries(data)) parts.push(`${key}: ${String(value)}`);
  return parts.join(' · ');
}

/** The audit log, newest first, filtered by action, actor and target, a page at a time. */
function AuditLog({ api }: { api: Api }) {
  const { session, moderation, ctx } = api;
  const t = useMessages(moderationMessages);
  const [draft, setDraft] = useState({ action: '', actorId: '', target: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const log = useInfiniteQuery<AuditEntry>(
    session,
    ['moderation', 'audit', filter],
    (cursor) => moderation.listAudit({ ...filter, limit: PAGE, ...(cursor ? { cursor } : {}) }, ctx),
    (entry) => entry.id,
  );
  const listId = useId();
  const apply = (event: Event) => {
    event.preventDefault();
    const next: AuditFilter = {};
    if (draft.action.trim()) next.action = draft.action.trim();
    if (draft.actorId.trim()) next.actorId = draft.actorId.trim();
    if (draft.target.trim()) next.target = draft.target.trim();
    setFilter(next);
  };
  const clear = () => {
    setDraft({ action: '', actorId: '', target: '' });
    setFilter({});
  };
  const filtered = Object.keys(filter).length > 0;
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t.auditTitle}</h2>
      <form class="filters" onSubmit={apply} aria-label={t.filterAudit}>
        <label>
          {t.action}
          <input list={listId} value={draft.action} onInput={(e) => setDraft({ ...draft, action: e.currentTarget.value })} placeholder={t.anyAction} autocomplete="off" />
          <datalist id={listId}>
            {Object.entries(t.audit).map(([action, label]) => (
              <option key={action} value={action}>
                {label}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          {t.actorId}
          <input value={draft.actorId} onInput={(e) => setDraft({ ...draft, actorId: e.currentTarget.value })} placeholder={t.anyone} autocomplete="off" />
        </label>
        <label>
          {t.target}
          <input value={draft.target} onInput={(e) => setDraft({ ...draft, target: e.currentTarget.value })} placeholder={t.targetPlaceholder} autocomplete="off" />
        </label>
        <div class="actions">
          <button type="submit">{t.filter}</button>
          {filtered && (
            <button type="button" class="quiet" onClick={clear}>
              {t.clearFilters}
            </button>
          )}
        </div>
      </form>
      {log.error && (
        <p class="error" role="alert">
          {log.error.message}
        </p>
      )}
      {log.loading && <p role="status">{t.loadingAudit}</p>}
      {log.items && log.items.length === 0 && <p class="muted">{filtered ? t.noMatch : t.nothingAudited}</p>}
      {log.items && log.items.length > 0 && (
        <table aria-labelledby="audit-title">
          <thead>
            <tr>
              <th scope="col">{t.columns.time}</th>
              <th scope="col">{t.columns.action}</th>
              <th scope="col">{t.columns.by}</th>
              <th scope="col">{t.columns.target}</th>
              <th scope="col">{t.columns.reason}</th>
              <th scope="col">{t.columns.details}</th>
            </tr>
          </thead>
          <tbody>
            {log.items.map((entry) => (
              <AuditRow key={entry.id} api={api} entry={entry} />
            ))}
          </tbody>
        </table>
      )}
      {log.hasMore && (
        <button type="button" class="quiet" onClick={log.loadMore} aria-disabled={log.loadingMore}>
          {log.loadingMore ? t.loadingOlder : t.older}
        </button>
      )}
    </section>
  );
}

/** One entry; a hidden item's entry offers to restore it, since it has left the queue. */
function AuditRow({ api, entry }: { api: Api; entry: AuditEntry }) {
  const { session, moderation, ctx } = api;
  const { busy, error, run } = useAction(session, ['moderation']);
  const t = useMessages(moderationMessages);
  const locale = useLocale();
  const [notice, setNotice] = useState('');
  const content = contentOf(entry.target);
  const restorable = content && (entry.action === 'hide' || entry.action === 'auto_hide') && session.can('moderate');
  const restore = async () => {
    if (!content) return;
    await run(async () => {
      const result = await moderation.act({ target: content, action: 'restore' }, ctx);
      setNotice(result.changed ? t.restored : t.already(t.statuses[result.status]));
    });
  };
  return (
    <tr>
      <td>
        <time dateTime={entry.at}>{formatTime(entry.at, locale)}</time>
      </td>
      <td data-action={entry.action}>{t.audit[entry.action] ?? entry.action}</td>
      <td>
        {entry.actor.displayName} <span class="muted">({entry.actor.id})</span>
      </td>
      <td>
        <code>{entry.target}</code>
        {restorable && (
          <div>
            <button type="button" class="quiet" onClick={() => void restore()} aria-disabled={busy} aria-label={t.restoreTarget(entry.target)}>
              {t.actions.restore}
            </button>
            <span role="status" class="hint">
              {notice}
            </span>
          </div>
        )}
        {error && (
          <p class="error" role="alert">
            {error.message}
          </p>
        )}
      </td>
      <td>{entry.reason ?? <span class="muted">—</span>}</td>
      <td>{details(t, locale, entry)}</td>
    </tr>
  );
}
