import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { createIdempotencyKey } from '@hearth/client';
import {
  WEBHOOK_EVENT_TYPES,
  type CallContext,
  type HearthError,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEndpoint,
  type WebhookEventType,
  type WebhooksAdapter,
} from '@hearth/protocol';
import { fieldOf, issuesFor } from '../form-errors.js';
import { MissingCapability } from '../missing-capability.js';
import type { ConsoleSession } from '../session.js';
import { formatTime } from '../time.js';
import { invalidate, useAction, useInfiniteQuery, useQuery } from '../use-query.js';

/** What every part of the view talks through: the adapter's webhooks group and the signed-in viewer. */
interface Api {
  session: ConsoleSession;
  hooks: WebhooksAdapter;
  ctx: CallContext;
}

/** Each event in the words an operator uses. */
const EVENT_NAMES: Record<WebhookDelivery['event'], string> = {
  'post.created': 'New post or reply',
  'feedback.created': 'New feedback',
  'feedback.status_changed': 'Feedback status changed',
  'report.created': 'New report',
  'member.banned': 'Member banned',
  'webhook.test': 'Test delivery',
};

const STATUS_NAMES: Record<WebhookDeliveryStatus, string> = { pending: 'Pending', succeeded: 'Succeeded', failed: 'Failed' };

/** The form fields a server issue can name (`url`, `events.0` → `events`), as their labels read. */
const FIELD_NAMES: Record<string, string> = { url: 'URL', description: 'Description', events: 'Events', id: 'Endpoint' };

/** How many deliveries one page of the log holds. */
const LOG_PAGE = 20;

/**
 * The webhooks view, for admins: the community's endpoints (add, edit, turn on or off, send a
 * test, rotate the secret, delete) and the delivery log with each attempt and body.
 */
export function Webhooks({ session }: { session: ConsoleSession }) {
  const hooks = session.client.adapter.webhooks;
  if (!hooks) {
    return <MissingCapability title="Webhooks" capability="webhooks" offers="webhooks" />;
  }
  return <WebhooksView api={{ session, hooks, ctx: { viewer: session.client.viewer } }} />;
}

function WebhooksView({ api }: { api: Api }) {
  const { session, hooks, ctx } = api;
  const endpoints = useQuery<WebhookEndpoint[]>(session, ['webhooks', 'endpoints'], () => hooks.listWebhooks({}, ctx));
  return (
    <section aria-labelledby="webhooks-title">
      <div class="view-head">
        <h1 id="webhooks-title">Webhooks</h1>
        <p class="summary">Hearth POSTs a signed JSON body to each endpoint when something happens, and retries until it answers.</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['webhooks'])}>
          Refresh
        </button>
      </div>

      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">Endpoints</h2>
        {endpoints.error && (
          <p class="error" role="alert">
            {endpoints.error.message}
          </p>
        )}
        {endpoints.loading && <p role="status">Loading the endpoints…</p>}
        {endpoints.data && endpoints.data.length === 0 && <p class="muted">No endpoints yet: add one below.</p>}
        {endpoints.data && endpoints.data.length > 0 && (
          <ol class="queue">
            {endpoints.data.map((endpoint) => (
              <li key={endpoint.id} class="item">
                <EndpointItem api={api} endpoint={endpoint} />
              </li>
            ))}
          </ol>
        )}
        <AddEndpoint api={api} />
      </section>

      <DeliveryLog api={api} endpoints={endpoints.data ?? []} />
    </section>
  );
}

// ——— Endpoints ———

interface Draft {
  url: string;
  description: string;
  events: WebhookEventType[];
}

const EMPTY: Draft = { url: '', description: '', events: [] };

/**
 * A server error for a form: its message, or, when the server named fields, each field by its
 * label with what was wrong. Inputs point at it through `aria-describedby`.
 */
function FormProblem({ id, error }: { id: string; error: HearthError | null }) {
  if (!error) return null;
  const fields = [...new Set((error.details.issues ?? []).map((issue) => fieldOf(issue.path)))];
  return (
    <div class="error" role="alert" id={id}>
      {fields.length === 0 ? (
        <p>{error.message}</p>
      ) : (
        <>
          <p>The server did not accept this:</p>
          <ul>
            {fields.map((field) => (
              <li key={field} id={`${id}-${field}`}>
                {FIELD_NAMES[field] ?? field}: {issuesFor(error, field).join(' ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** URL, description and a checkbox per event; fields the server refused are marked and described. */
function EndpointFields({ id, draft, onChange, error }: { id: string; draft: Draft; onChange: (draft: Draft) => void; error: HearthError | null }) {
  const described = (field: string) => (issuesFor(error, field).length > 0 ? { 'aria-describedby': `${id}-problem-${field}` } : {});
  const invalid = (field: string) => (issuesFor(error, field).length > 0 ? { 'aria-invalid': true as const, ...described(field) } : {});
  const toggle = (event: WebhookEventType, on: boolean) => {
    const events = on ? [...draft.events, event] : draft.events.filter((e) => e !== event);
    onChange({ ...draft, events: WEBHOOK_EVENT_TYPES.filter((e) => events.includes(e)) });
  };
  return (
    <>
      <label>
        URL
        <input type="url" name="url" value={draft.url} onInput={(e) => onChange({ ...draft, url: e.currentTarget.value })} required autocomplete="off" {...invalid('url')} />
      </label>
      <label>
        Description (optional)
        <input name="description" value={draft.description} onInput={(e) => onChange({ ...draft, description: e.currentTarget.value })} autocomplete="off" {...invalid('description')} />
      </label>
      <fieldset {...described('events')}>
        <legend>Events to send</legend>
        {WEBHOOK_EVENT_TYPES.map((event) => (
          <label key={event}>
            <input type="checkbox" name="events" value={event} checked={draft.events.includes(event)} onChange={(e) => toggle(event, e.currentTarget.checked)} />
            {EVENT_NAMES[event]}
          </label>
        ))}
      </fieldset>
    </>
  );
}

/** A secret shown the one time the server hands it out, with a copy button. */
function SecretOnce({ secret, note, onDone }: { secret: string; note: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copyButton = useRef<HTMLButtonElement>(null);
  const noteId = useId();
  // Put the keyboard on the secret's controls: the form that made it is behind.
  useEffect(() => copyButton.current?.focus(), []);
  const copy = () => {
    // No clipboard (an insecure origin, a denied permission) leaves the secret to select by hand.
    navigator.clipboard?.writeText(secret).then(
      () => setCopied(true),
      () => {},
    );
  };
  return (
    <div>
      <p id={noteId}>
        <strong>{note}</strong> Copy it now: it will not be shown again.
      </p>
      <p class="secret">{secret}</p>
      <div class="actions">
        <button type="button" ref={copyButton} onClick={copy} aria-describedby={noteId}>
          Copy
        </button>
        <button type="button" class="quiet" onClick={onDone}>
          Done
        </button>
        <span role="status">{copied ? 'Copied.' : ''}</span>
      </div>
    </div>
  );
}

function AddEndpoint({ api }: { api: Api }) {
  const { session, hooks, ctx } = api;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { busy, error, run } = useAction(session, ['webhooks']);
  const [made, setMade] = useState<{ url: string; secret: string } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const description = draft.description.trim();
      const endpoint = await hooks.createWebhook(
        { url: draft.url.trim(), events: draft.events, ...(description ? { description } : {}), idempotencyKey: createIdempotencyKey() },
        ctx,
      );
      setMade({ url: endpoint.url, secret: endpoint.secret });
      setDraft(EMPTY);
    });
  };

  return (
    <section aria-labelledby="add-endpoint-title">
      <h2 id="add-endpoint-title">Add an endpoint</h2>
      {made && <SecretOnce secret={made.secret} note={`The signing secret for ${made.url}.`} onDone={() => setMade(null)} />}
      <form onSubmit={submit} aria-labelledby="add-endpoint-title">
        <EndpointFields id="add" draft={draft} onChange={setDraft} error={error} />
        <FormProblem id="add-problem" error={error} />
        <div class="actions">
          <button type="submit" aria-disabled={busy}>
            {busy ? 'Adding…' : 'Add endpoint'}
          </button>
        </div>
      </form>
    </section>
  );
}

function EndpointItem({ api, endpoint }: { api: Api; endpoint: WebhookEndpoint }) {
  const { session, hooks, ctx } = api;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [confirming, setConfirming] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const { busy, error, run, setError } = useAction(session, ['webhooks']);
  const keepButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const urlInput = useRef<HTMLDivElement>(null);
  const titleId = `endpoint-${endpoint.id}`;

  // The keyboard follows the step: into the form or the confirmation that opened, back to its button when it closes.
  const shown = useRef({ editing, confirming });
  useEffect(() => {
    if (editing) urlInput.current?.querySelector('input')?.focus();
    else if (shown.current.editing) editButton.current?.focus();
    if (confirming) keepButton.current?.focus();
    else if (shown.current.confirming) deleteButton.current?.focus();
    shown.current = { editing, confirming };
  }, [editing, confirming]);

  /** Runs one write, shows its error or its notice, and reloads what it changed. */
  const write = (action: () => Promise<string | void>) =>
    run(async () => {
      setNotice('');
      const said = await action();
      if (said) setNotice(said);
    });

  const toggle = () =>
    write(async () => {
      const changed = await hooks.updateWebhook({ id: endpoint.id, enabled: !endpoint.enabled }, ctx);
      return changed.enabled ? 'Turned on.' : 'Turned off: it gets no new deliveries.';
    });
  const sendTest = () =>
    write(async () => {
      await hooks.sendTestWebhook({ id: endpoint.id, idempotencyKey: createIdempotencyKey() }, ctx);
      return 'Test delivery queued: follow it in the delivery log.';
    });
  const rotate = () =>
    write(async () => {
      const rotated = await hooks.rotateWebhookSecret({ id: endpoint.id }, ctx);
      setSecret(rotated.secret);
    });
  const remove = () =>
    write(async () => {
      await hooks.deleteWebhook({ id: endpoint.id }, ctx);
    });
  const startEditing = () => {
    setDraft({ url: endpoint.url, description: endpoint.description ?? '', events: [...endpoint.events] });
    setError(null);
    setNotice('');
    setEditing(true);
  };
  const stopEditing = () => {
    setEditing(false);
    setError(null);
  };
  const save = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      const description = draft.description.trim();
      await hooks.updateWebhook({ id: endpoint.id, url: draft.url.trim(), events: draft.events, description: description || null }, ctx);
      stopEditing();
      setNotice('Saved.');
    });
  };

  const problemId = `${titleId}-problem`;
  return (
    <article aria-labelledby={titleId}>
      <div class="item-head">
        <h3 id={titleId} class="type">
          {endpoint.url}
        </h3>
        <span class={endpoint.enabled ? 'status-succeeded' : 'muted'}>{endpoint.enabled ? 'On' : 'Off: gets no new deliveries'}</span>
      </div>
      {editing ? (
        <form onSubmit={save} aria-label={`Edit ${endpoint.url}`}>
          <div ref={urlInput}>
            <EndpointFields id={titleId} draft={draft} onChange={setDraft} error={error} />
          </div>
          <FormProblem id={problemId} error={error} />
          <div class="actions">
            <button type="submit" aria-disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
            <button type="button" class="quiet" onClick={stopEditing}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          {endpoint.description && <p class="excerpt">{endpoint.description}</p>}
          <p class="excerpt more">
            Events:{' '}
            {WEBHOOK_EVENT_TYPES.filter((event) => endpoint.events.includes(event))
              .map((event) => EVENT_NAMES[event])
              .join(', ')}
          </p>
          {endpoint.previousSecretExpiresAt && (
            <p class="hint">
              The previous secret signs beside the new one until <time dateTime={endpoint.previousSecretExpiresAt}>{formatTime(endpoint.previousSecretExpiresAt)}</time>.
            </p>
          )}
          {secret && <SecretOnce secret={secret} note="The new signing secret." onDone={() => setSecret(null)} />}
          {confirming ? (
            <div role="group" aria-label="Confirm delete">
              <p>Delete this endpoint? It gets no more deliveries; its log stays.</p>
              <div class="actions">
                <button type="button" onClick={() => void remove()} aria-disabled={busy}>
                  {busy ? 'Deleting…' : 'Delete endpoint'}
                </button>
                <button
                  type="button"
                  class="quiet"
                  ref={keepButton}
                  onClick={() => setConfirming(false)}
                >
                  Keep it
                </button>
              </div>
            </div>
          ) : (
            <div class="actions">
              <button type="button" class="quiet" onClick={() => void toggle()} aria-disabled={busy}>
                {endpoint.enabled ? 'Turn off' : 'Turn on'}
              </button>
              <button type="button" class="quiet" ref={editButton} onClick={startEditing}>
                Edit
              </button>
              <button type="button" class="quiet" onClick={() => void sendTest()} aria-disabled={busy}>
                Send test
              </button>
              <button type="button" class="quiet" onClick={() => void rotate()} aria-disabled={busy}>
                Rotate secret
              </button>
              <button type="button" class="quiet" ref={deleteButton} onClick={() => setConfirming(true)}>
                Delete
              </button>
            </div>
          )}
          <FormProblem id={problemId} error={error} />
        </>
      )}
      <p role="status" class="hint">
        {notice}
      </p>
    </article>
  );
}

// ——— Delivery log ———

interface LogFilter {
  endpointId?: string;
  status?: WebhookDeliveryStatus;
}

/** How often the log reloads itself: soon while something is on its way, else now and then. */
const POLL_PENDING_MS = 1_000;
const POLL_IDLE_MS = 10_000;

/**
 * The log, newest first, a page at a time ("Older" keeps what is on screen); pages overlap
 * when deliveries arrive between loading one and the next, and each shows once.
 */
function useDeliveryLog({ session, hooks, ctx }: Api, filter: LogFilter) {
  return useInfiniteQuery<WebhookDelivery>(
    session,
    ['webhooks', 'deliveries', filter],
    (cursor) => hooks.listWebhookDeliveries({ ...filter, ...(cursor ? { cursor } : {}), limit: LOG_PAGE }, ctx),
    (delivery) => delivery.id,
    {
      staleTime: POLL_PENDING_MS,
      refetchInterval: (pages) => (pages.some((page) => page.items.some((d) => d.status === 'pending')) ? POLL_PENDING_MS : POLL_IDLE_MS),
    },
  );
}

function DeliveryLog({ api, endpoints }: { api: Api; endpoints: WebhookEndpoint[] }) {
  const [endpointId, setEndpointId] = useState('');
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const filter: LogFilter = { ...(endpointId ? { endpointId } : {}), ...(status ? { status } : {}) };
  const log = useDeliveryLog(api, filter);
  const urls = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.url]));
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Delivery log</h2>
      <div class="actions">
        <label>
          Endpoint
          <select value={endpointId} onChange={(e) => setEndpointId(e.currentTarget.value)}>
            <option value="">All endpoints</option>
            {endpoints.map((endpoint) => (
              <option key={endpoint.id} value={endpoint.id}>
                {endpoint.url}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as WebhookDeliveryStatus | '')}>
            <option value="">Any status</option>
            {(Object.keys(STATUS_NAMES) as WebhookDeliveryStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_NAMES[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {log.error && (
        <p class="error" role="alert">
          {log.error.message}
        </p>
      )}
      {log.loading && <p role="status">Loading the delivery log…</p>}
      {log.items && log.items.length === 0 && <p class="muted">{endpointId || status ? 'No deliveries match.' : 'Nothing has been sent yet.'}</p>}
      {log.items && log.items.length > 0 && (
        <table aria-labelledby="log-title">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">
                <span class="muted">Actions</span>
              </th>
            </tr>
          </thead>
          {log.items.map((delivery) => (
            <DeliveryRows key={delivery.id} api={api} delivery={delivery} url={urls.get(delivery.endpointId)} />
          ))}
        </table>
      )}
      {log.hasMore && (
        <button type="button" class="quiet" onClick={log.loadMore} aria-disabled={log.loadingMore}>
          {log.loadingMore ? 'Loading older…' : 'Older'}
        </button>
      )}
    </section>
  );
}

/** One delivery: its summary row, and when opened a row with every attempt and the body. */
function DeliveryRows({ api, delivery, url }: { api: Api; delivery: WebhookDelivery; url: string | undefined }) {
  const { session, hooks, ctx } = api;
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useAction(session, ['webhooks']);
  const detailsId = `delivery-${delivery.id}`;
  const again = () =>
    run(async () => {
      await hooks.retryWebhookDelivery({ id: delivery.id }, ctx);
    });
  return (
    <tbody>
      <tr>
        <td>
          <time dateTime={delivery.createdAt}>{formatTime(delivery.createdAt)}</time>
        </td>
        <td>
          {EVENT_NAMES[delivery.event]} <span class="muted">({delivery.event})</span>
        </td>
        <td>{url ?? <span class="muted">a deleted endpoint</span>}</td>
        <td>
          <span class={`status-${delivery.status}`}>{STATUS_NAMES[delivery.status]}</span>
          {delivery.status === 'pending' && delivery.nextAttemptAt && (
            <span class="muted">
              {' '}
              · next try <time dateTime={delivery.nextAttemptAt}>{formatTime(delivery.nextAttemptAt)}</time>
            </span>
          )}
        </td>
        <td>{delivery.attempts.length}</td>
        <td>
          <div class="actions">
            <button type="button" class="quiet" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => setOpen(!open)}>
              {open ? 'Hide details' : 'Details'}
            </button>
            {delivery.status !== 'pending' && (
              <button type="button" class="quiet" onClick={() => void again()} aria-disabled={busy}>
                {busy ? 'Sending…' : 'Send again'}
              </button>
            )}
          </div>
          {error && (
            <p class="error" role="alert">
              {error.message}
            </p>
          )}
        </td>
      </tr>
      {open && (
        <tr id={detailsId}>
          <td colSpan={6}>
            <h4>Attempts</h4>
            {delivery.attempts.length === 0 ? (
              <p class="muted">Not tried yet.</p>
            ) : (
              <ol>
                {delivery.attempts.map((attempt, index) => (
                  <li key={index}>
                    <time dateTime={attempt.at}>{formatTime(attempt.at)}</time> · {attempt.durationMs} ms · {attempt.status === null ? 'no answer' : `HTTP ${attempt.status}`}
                    {attempt.error && <span class="error"> · {attempt.error}</span>}
                  </li>
                ))}
              </ol>
            )}
            <h4>Payload</h4>
            <pre>{JSON.stringify(delivery.payload, null, 2)}</pre>
          </td>
        </tr>
      )}
    </tbody>
  );
}
