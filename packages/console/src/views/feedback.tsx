import { useEffect, useRef, useState } from 'preact/hooks';
import {
  FEEDBACK_KINDS,
  FEEDBACK_SORTS,
  FEEDBACK_STATUSES,
  type CallContext,
  type Feedback as FeedbackItem,
  type FeedbackAdapter,
  type FeedbackDetail,
  type FeedbackKind,
  type FeedbackSort,
  type FeedbackStatus,
  type FeedbackStatusChange,
  type FeedbackSuggestion,
  type Space,
} from '@hearth/protocol';
import { issuesFor } from '../form-errors.js';
import { MissingCapability } from '../missing-capability.js';
import type { ConsoleSession } from '../session.js';
import { formatAgo, formatTime } from '../time.js';
import { invalidate, useAction, useInfiniteQuery, useQuery } from '../use-query.js';
import './feedback.css';

/** What every part of the view talks through: the adapter's feedback group and the signed-in viewer. */
interface Api {
  session: ConsoleSession;
  feedback: FeedbackAdapter;
  ctx: CallContext;
}

const STATUS_NAMES: Record<FeedbackStatus, string> = {
  open: 'Open',
  under_review: 'Under review',
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  declined: 'Declined',
  duplicate: 'Duplicate',
};

const KIND_NAMES: Record<FeedbackKind, string> = { idea: 'Idea', bug: 'Bug', praise: 'Praise', question: 'Question', other: 'Other' };

const SORT_NAMES: Record<FeedbackSort, string> = { votes: 'Most votes', new: 'Newest', updated: 'Recently updated' };

const VISIBILITY_NAMES: Record<FeedbackItem['visibility'], string | null> = {
  published: null,
  pending: 'Held for review',
  hidden: 'Hidden',
  deleted: 'Deleted',
};

/**
 * The rating filter. The server filters by status and kind only, so this one applies to the
 * items loaded (the hint under the filters says so).
 */
const RATING_FILTERS: ReadonlyArray<{ value: string; label: string; keeps: (item: FeedbackItem) => boolean }> = [
  { value: '', label: 'Any rating or none', keeps: () => true },
  { value: 'stars', label: 'Has a star rating', keeps: (item) => item.rating !== null },
  ...[5, 4, 3, 2, 1].map((stars) => ({ value: `stars-${stars}`, label: `${stars} ${stars === 1 ? 'star' : 'stars'}`, keeps: (item: FeedbackItem) => item.rating === stars })),
  { value: 'nps', label: 'Has an NPS score', keeps: (item) => item.nps !== null },
  { value: 'promoters', label: 'Promoters (NPS 9–10)', keeps: (item) => item.nps !== null && item.nps >= 9 },
  { value: 'detractors', label: 'Detractors (NPS 0–6)', keeps: (item) => item.nps !== null && item.nps <= 6 },
  { value: 'none', label: 'No rating and no score', keeps: (item) => item.rating === null && item.nps === null },
];

/** How many items each column loads at a time. */
const COLUMN_PAGE = 20;

/** The built-in board, used until the operator picks another. */
const DEFAULT_BOARD = 'feedback';

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What an item is called on the board: its title, else the start of its text. */
function nameOf(item: Pick<FeedbackItem, 'title' | 'body'>): string {
  return item.title ?? clip(item.body, 80);
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Net Promoter Score of some 0–10 answers: % promoters (9–10) − % detractors (0–6), rounded;
 * null with no answers.
 */
export function netPromoterScore(scores: readonly number[]): { answers: number; promoters: number; passives: number; detractors: number; score: number | null } {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const answers = scores.length;
  const score = answers === 0 ? null : Math.round(((promoters - detractors) / answers) * 100);
  return { answers, promoters, passives: answers - promoters - detractors, detractors, score };
}

/** "25", "0", "−40" (a real minus sign, read as "minus"). */
function signed(score: number): string {
  return score < 0 ? `−${-score}` : String(score);
}

/**
 * The feedback view, for moderators and up: one column per status, each item with its kind,
 * votes, rating or NPS answer, author and age; status changes with an official reply from the
 * card (marking a duplicate merges it and its votes into the original); each item's history.
 */
export function Feedback({ session }: { session: ConsoleSession }) {
  const feedback = session.client.adapter.feedback;
  if (!feedback) {
    return <MissingCapability title="Feedback" capability="feedback" offers="feedback boards" />;
  }
  return <FeedbackView api={{ session, feedback, ctx: { viewer: session.client.viewer } }} />;
}

interface BoardFilter {
  space: string;
  kind: FeedbackKind | '';
  sort: FeedbackSort;
}

/**
 * One status column, a page at a time ("More" keeps what is on screen); a vote or a status
 * change between two pages can show an item twice, and it shows once.
 */
function useColumn({ session, feedback, ctx }: Api, filter: BoardFilter, status: FeedbackStatus) {
  const input = { space: filter.space, status, sort: filter.sort, ...(filter.kind ? { kind: filter.kind } : {}) };
  const column = useInfiniteQuery<FeedbackItem>(
    session,
    ['feedback', 'list', input],
    (cursor) => feedback.listFeedback({ ...input, ...(cursor ? { cursor } : {}), limit: COLUMN_PAGE }, ctx),
    (item) => item.id,
  );
  return { status, ...column };
}

type Column = ReturnType<typeof useColumn>;

/** Which card should take the keyboard once it shows again (in its new column after a move). */
type FocusRequest = { current: string | null };

function FeedbackView({ api }: { api: Api }) {
  const { session, ctx } = api;
  const [space, setSpace] = useState(DEFAULT_BOARD);
  const [kind, setKind] = useState<FeedbackKind | ''>('');
  const [sort, setSort] = useState<FeedbackSort>('votes');
  const [rating, setRating] = useState('');
  const [notice, setNotice] = useState('');
  const focus = useRef<string | null>(null);
  const community = session.client.adapter.community;
  const boards = useQuery<Space[]>(session, ['feedback', 'boards'], async () =>
    community ? (await community.listSpaces({}, ctx)).filter((s) => s.kind === 'feedback') : [],
  );
  const filter: BoardFilter = { space, kind, sort };
  // One hook per status, always in the protocol's order.
  const columns = FEEDBACK_STATUSES.map((status) => useColumn(api, filter, status));
  const keeps = (RATING_FILTERS.find((f) => f.value === rating) ?? RATING_FILTERS[0]!).keeps;
  const loaded = columns.flatMap((column) => column.items ?? []);
  const shown = loaded.filter(keeps);


  return (
    <section aria-labelledby="feedback-title" class="feedback-view">
      <div class="view-head">
        <h1 id="feedback-title">Feedback</h1>
        <p class="summary">Ideas, bugs, praise and questions people sent, by status. Change an item's status with an official reply from its card.</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['feedback'])}>
          Refresh
        </button>
      </div>

      <div class="feedback-filters" role="group" aria-label="Which items">
        {boards.data && boards.data.length > 1 && (
          <label>
            Board
            <select value={space} onChange={(e) => setSpace(e.currentTarget.value)}>
              {boards.data.map((board) => (
                <option key={board.key} value={board.key}>
                  {board.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as FeedbackKind | '')}>
            <option value="">Every kind</option>
            {FEEDBACK_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_NAMES[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rating
          <select value={rating} onChange={(e) => setRating(e.currentTarget.value)} aria-describedby="feedback-rating-hint">
            {RATING_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as FeedbackSort)}>
            {FEEDBACK_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_NAMES[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="hint" id="feedback-rating-hint">
        The rating filter, the counts and the NPS cover the items loaded; a column with more to load says so.
      </p>
      {boards.error && (
        <p class="error" role="alert">
          Could not list the boards: {boards.error.message}
        </p>
      )}

      <Summary columns={columns} keeps={keeps} shown={shown} />

      <p role="status" class="feedback-notice">
        {notice}
      </p>

      <div class="feedback-board" role="region" aria-label="Board by status" tabIndex={0}>
        {columns.map((column) => (
          <StatusColumn key={column.status} api={api} column={column} keeps={keeps} space={space} loaded={loaded} focus={focus} onDone={setNotice} />
        ))}
      </div>
    </section>
  );
}

/** The NPS of the items shown, and how many items each status holds. */
function Summary({ columns, keeps, shown }: { columns: Column[]; keeps: (item: FeedbackItem) => boolean; shown: FeedbackItem[] }) {
  const ready = columns.every((column) => column.items !== undefined || column.error);
  const more = columns.some((column) => column.hasMore);
  const nps = netPromoterScore(shown.flatMap((item) => (item.nps === null ? [] : [item.nps])));
  return (
    <section aria-labelledby="feedback-summary-title" class="feedback-summary">
      <h2 id="feedback-summary-title">Summary</h2>
      {!ready ? (
        <p role="status">Loading the board…</p>
      ) : (
        <>
          <p class="nps">
            {nps.score === null ? (
              `No NPS answers among the ${plural(shown.length, 'item')} loaded.`
            ) : (
              <>
                <strong>
                  NPS {signed(nps.score)} from {plural(nps.answers, 'answer')}
                </strong>{' '}
                ({plural(nps.promoters, 'promoter')}, {plural(nps.passives, 'passive')}, {plural(nps.detractors, 'detractor')}), among the {plural(shown.length, 'item')} loaded
                {more ? '; load more to count the rest' : ''}.
              </>
            )}
          </p>
          <ul class="status-counts" aria-label="Items per status">
            {columns.map((column) => (
              <li key={column.status}>
                {STATUS_NAMES[column.status]} <strong>{countOf(column, keeps)}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "3", or "20+" when the column has more to load. */
function countOf(column: Column, keeps: (item: FeedbackItem) => boolean): string {
  const count = (column.items ?? []).filter(keeps).length;
  return column.hasMore ? `${count}+` : String(count);
}

function StatusColumn({
  api,
  column,
  keeps,
  space,
  loaded,
  focus,
  onDone,
}: {
  api: Api;
  column: Column;
  keeps: (item: FeedbackItem) => boolean;
  space: string;
  loaded: FeedbackItem[];
  focus: FocusRequest;
  onDone: (said: string) => void;
}) {
  const titleId = `feedback-column-${column.status}`;
  const name = STATUS_NAMES[column.status];
  const items = column.items ?? [];
  const shown = items.filter(keeps);
  return (
    <section class="feedback-column" aria-labelledby={titleId} data-status={column.status}>
      <header>
        <h2 id={titleId}>{name}</h2>
        <span class="count">{countOf(column, keeps)}</span>
      </header>
      {column.error && (
        <p class="error" role="alert">
          {column.error.message}
        </p>
      )}
      {column.loading && <p role="status">Loading…</p>}
      {column.items && shown.length === 0 && <p class="muted">{items.length > 0 ? 'No loaded item here matches the rating filter.' : 'Nothing here.'}</p>}
      {shown.length > 0 && (
        <ol class="feedback-cards">
          {shown.map((item) => (
            <li key={item.id}>
              <Card api={api} item={item} space={space} loaded={loaded} focus={focus} onDone={onDone} />
            </li>
          ))}
        </ol>
      )}
      {column.hasMore && (
        <button type="button" class="quiet" onClick={column.loadMore} aria-disabled={column.loadingMore} aria-label={`More: ${name}`}>
          {column.loadingMore ? 'Loading more…' : 'More'}
        </button>
      )}
    </section>
  );
}

// ——— Cards ———

function Stars({ rating }: { rating: number }) {
  return (
    <span class="stars" title={`Rated ${rating} of 5`}>
      <span aria-hidden="true">{'★'.repeat(rating) + '☆'.repeat(Math.max(0, 5 - rating))}</span> {rating}/5
    </span>
  );
}

function Card({ api, item, space, loaded, focus, onDone }: { api: Api; item: FeedbackItem; space: string; loaded: FeedbackItem[]; focus: FocusRequest; onDone: (said: string) => void }) {
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const article = useRef<HTMLElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const titleId = `feedback-${item.id}`;
  const detailsId = `${titleId}-details`;
  const formId = `${titleId}-status`;
  const name = nameOf(item);
  const visibility = VISIBILITY_NAMES[item.visibility];

  // After a change the card shows again in its new column: the keyboard goes with it.
  useEffect(() => {
    if (focus.current !== item.id) return;
    focus.current = null;
    article.current?.focus();
  }, [item.id, item.status]);

  // Back to the button that opened the form when it closes, unless the card is moving.
  const wasChanging = useRef(changing);
  useEffect(() => {
    if (wasChanging.current && !changing && focus.current !== item.id) changeButton.current?.focus();
    wasChanging.current = changing;
  }, [changing]);

  return (
    <article class="feedback-card" aria-labelledby={titleId} tabIndex={-1} ref={article} data-id={item.id}>
      <h3 id={titleId}>{name}</h3>
      {item.title && <p class="excerpt">{clip(item.body, 160)}</p>}
      <p class="facts">
        <span class="kind">{KIND_NAMES[item.kind]}</span>
        <span class="votes">{plural(item.voteCount, 'vote')}</span>
        {item.rating !== null && <Stars rating={item.rating} />}
        {item.nps !== null && <span class="nps-answer">NPS answer {item.nps}/10</span>}
        {visibility && <span class="visibility">{visibility}</span>}
      </p>
      <p class="where">
        {item.author.displayName} ·{' '}
        <time dateTime={item.createdAt} title={`Sent ${formatTime(item.createdAt)}`}>
          {formatAgo(item.createdAt)}
        </time>
      </p>
      <div class="actions">
        <button type="button" class="quiet" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => setOpen(!open)}>
          {open ? 'Hide details' : 'Details'}
        </button>
        <button type="button" class="quiet" ref={changeButton} aria-expanded={changing} aria-controls={changing ? formId : undefined} onClick={() => setChanging(!changing)}>
          Change status
        </button>
      </div>
      {changing && (
        <StatusForm
          id={formId}
          api={api}
          item={item}
          space={space}
          loaded={loaded}
          onCancel={() => setChanging(false)}
          onDone={(said, moved) => {
            if (moved) focus.current = item.id;
            onDone(said);
            setChanging(false);
          }}
        />
      )}
      {open && <Details id={detailsId} api={api} item={item} loaded={loaded} />}
    </article>
  );
}

/**
 * The new status, an optional official reply, and for a duplicate the original. A merge reads
 * the original before and after, so the notice can say how many votes moved.
 */
function StatusForm({
  id,
  api,
  item,
  space,
  loaded,
  onCancel,
  onDone,
}: {
  id: string;
  api: Api;
  item: FeedbackItem;
  space: string;
  loaded: FeedbackItem[];
  onCancel: () => void;
  /** `moved`: the item changed status, so it shows again in another column. */
  onDone: (said: string, moved: boolean) => void;
}) {
  const { session, feedback, ctx } = api;
  const [status, setStatus] = useState<FeedbackStatus>(item.status);
  const [reply, setReply] = useState('');
  const [originalId, setOriginalId] = useState('');
  const { busy, error, run } = useAction(session, ['feedback']);
  const select = useRef<HTMLSelectElement>(null);
  const name = nameOf(item);
  const problemId = `${id}-problem`;
  useEffect(() => select.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const text = reply.trim();
      const duplicateOf = status === 'duplicate' ? originalId.trim() : '';
      // The original as it stood, to count the votes the merge moves (a wrong id is the write's to report).
      const before = duplicateOf ? await feedback.getFeedback({ feedbackId: duplicateOf }, ctx).catch(() => null) : null;
      const changed = await feedback.setFeedbackStatus({ feedbackId: item.id, status, ...(text ? { reply: text } : {}), ...(duplicateOf ? { duplicateOf } : {}) }, ctx);
      let said: string;
      if (changed.status === 'duplicate' && changed.duplicateOf) {
        const original = await feedback.getFeedback({ feedbackId: changed.duplicateOf }, ctx);
        const moved = before?.id === original.id ? original.voteCount - before.voteCount : null;
        const votes =
          item.voteCount === 0
            ? 'it had no votes to move'
            : moved === null
              ? `its ${plural(item.voteCount, 'vote')} went there`
              : `${moved} of its ${plural(item.voteCount, 'vote')} moved there${moved < item.voteCount ? ' (the others were already there)' : ''}`;
        said = `Merged “${name}” into “${nameOf(original)}”: ${votes}; it now has ${plural(original.voteCount, 'vote')}.`;
      } else if (changed.status === item.status && !text) {
        said = `Nothing changed: “${name}” is already ${STATUS_NAMES[item.status]}.`;
      } else if (changed.status === item.status) {
        said = `Replied on “${name}”; it stays ${STATUS_NAMES[item.status]}.`;
      } else {
        said = `Moved “${name}” to ${STATUS_NAMES[changed.status]}${text ? ' with your official reply' : ''}.`;
      }
      onDone(said, changed.status !== item.status);
    });
  };

  const originalIssues = issuesFor(error, 'duplicateOf');
  const replyIssues = issuesFor(error, 'reply');
  return (
    <form id={id} class="status-form" onSubmit={submit} aria-label={`Change the status of ${name}`} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <label>
        New status
        <select ref={select} value={status} onChange={(e) => setStatus(e.currentTarget.value as FeedbackStatus)}>
          {FEEDBACK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_NAMES[s]}
              {s === item.status ? ' (current)' : ''}
            </option>
          ))}
        </select>
      </label>
      {status === 'duplicate' && (
        <OriginalPicker
          api={api}
          item={item}
          space={space}
          loaded={loaded}
          value={originalId}
          onChange={setOriginalId}
          invalid={originalIssues.length > 0 ? problemId : null}
        />
      )}
      <label>
        Official reply (Markdown, optional)
        <textarea
          rows={4}
          value={reply}
          onInput={(e) => setReply(e.currentTarget.value)}
          {...(replyIssues.length > 0 ? { 'aria-invalid': true, 'aria-describedby': problemId } : {})}
        />
      </label>
      {error && (
        <p class="error" role="alert" id={problemId}>
          {error.message}
          {[...originalIssues, ...replyIssues].filter((m) => m !== error.message).map((m) => ` ${m}`)}
        </p>
      )}
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Finding the original of a duplicate: a search over the items loaded (by title or text), the
 * server's "items like this one" until something is typed, or an id pasted as is.
 */
function OriginalPicker({
  api,
  item,
  space,
  loaded,
  value,
  onChange,
  invalid,
}: {
  api: Api;
  item: FeedbackItem;
  space: string;
  loaded: FeedbackItem[];
  value: string;
  onChange: (id: string) => void;
  invalid: string | null;
}) {
  const { session, feedback, ctx } = api;
  const [query, setQuery] = useState('');
  const like = useQuery<FeedbackSuggestion[]>(session, ['feedback', 'similar', space, item.id], () =>
    feedback.similarFeedback({ text: `${item.title ?? ''} ${item.body}`.slice(0, 5000), space, limit: 5 }, ctx),
  );
  const wanted = query.trim().toLowerCase();
  // A duplicate's votes must land on a live item: other duplicates are not offered.
  const candidates = wanted
    ? loaded.filter((other) => other.id !== item.id && other.status !== 'duplicate' && `${other.title ?? ''} ${other.body}`.toLowerCase().includes(wanted)).slice(0, 8)
    : (like.data ?? []).map((s) => s.feedback).filter((other) => other.id !== item.id);
  const group = `${item.id}-original`;
  return (
    <fieldset class="original-picker">
      <legend>The original item</legend>
      <label>
        Search other items by title
        <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} autocomplete="off" />
      </label>
      {!wanted && like.error && (
        <p class="error" role="alert">
          Could not find items like this one: {like.error.message}
        </p>
      )}
      {candidates.length > 0 ? (
        <fieldset class="matches">
          <legend>{wanted ? 'Matching items' : 'Items like this one'}</legend>
          {candidates.map((other) => (
            <label key={other.id}>
              <input type="radio" name={group} value={other.id} checked={value === other.id} onChange={() => onChange(other.id)} />
              <span>
                {nameOf(other)} <span class="muted">· {STATUS_NAMES[other.status]} · {plural(other.voteCount, 'vote')}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        wanted && <p class="muted">No loaded item matches “{query.trim()}”: paste its id below.</p>
      )}
      <label>
        Or paste the original's id
        <input value={value} onInput={(e) => onChange(e.currentTarget.value)} autocomplete="off" spellcheck={false} {...(invalid ? { 'aria-invalid': true, 'aria-describedby': invalid } : {})} />
      </label>
    </fieldset>
  );
}

// ——— Details ———

function Details({ id, api, item, loaded }: { id: string; api: Api; item: FeedbackItem; loaded: FeedbackItem[] }) {
  const { session, feedback, ctx } = api;
  const detail = useQuery<FeedbackDetail>(session, ['feedback', 'detail', item.id], () => feedback.getFeedback({ feedbackId: item.id }, ctx));
  const d = detail.data;
  const titleOf = (otherId: string) => {
    const other = loaded.find((i) => i.id === otherId);
    return other ? `“${nameOf(other)}”` : otherId;
  };
  return (
    <div id={id} class="feedback-details">
      {detail.error && (
        <p class="error" role="alert">
          {detail.error.message}
        </p>
      )}
      {detail.loading && <p role="status">Loading the history…</p>}
      {d && (
        <>
          {/* The card shows at most the start of the text: the whole of it, when there is more. */}
          {(d.title ? clip(d.body, 160) : clip(d.body, 80)) !== d.body.trim() && <p class="body">{d.body}</p>}
          {d.pageUrl && (
            <p class="hint">
              Sent from{' '}
              <a href={d.pageUrl} rel="noreferrer noopener" target="_blank">
                {d.pageTitle ?? d.pageUrl}
              </a>
            </p>
          )}
          {d.email && <p class="hint">Contact: {d.email}</p>}
          {d.duplicateOf && <p class="hint">Merged into {titleOf(d.duplicateOf)}.</p>}
          <h4>Status history</h4>
          {d.history.length === 0 ? (
            <p class="muted">No changes yet: open since it was sent.</p>
          ) : (
            <ol class="history">
              {d.history.map((change) => (
                <HistoryEntry key={change.id} change={change} titleOf={titleOf} />
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}

function HistoryEntry({ change, titleOf }: { change: FeedbackStatusChange; titleOf: (id: string) => string }) {
  const what =
    change.from === change.to
      ? `replied, keeping it ${STATUS_NAMES[change.to]}`
      : `moved it from ${STATUS_NAMES[change.from]} to ${STATUS_NAMES[change.to]}${change.duplicateOf ? `, merged into ${titleOf(change.duplicateOf)}` : ''}`;
  return (
    <li>
      <p>
        <time dateTime={change.at}>{formatTime(change.at)}</time> · {change.actor.displayName} {what}
      </p>
      {change.reply && (
        <figure class="official-reply">
          <figcaption>Official reply</figcaption>
          <div class="reply-body">{change.reply}</div>
        </figure>
      )}
    </li>
  );
}
