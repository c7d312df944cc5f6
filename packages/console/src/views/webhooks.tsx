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
import { formatNumber, useLocale, useMessages, type Catalog, type Locale } from '../i18n.js';
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

const n = (locale: Locale) => (count: number) => formatNumber(locale, count);

const en = {
  title: 'Webhooks',
  offers: 'webhooks',
  intro: 'Hearth POSTs a signed JSON body to each endpoint when something happens, and retries until it answers.',
  refresh: 'Refresh',
  /** Each event in the words an operator uses. */
  events: {
    'post.created': 'New post or reply',
    'feedback.created': 'New feedback',
    'feedback.status_changed': 'Feedback status changed',
    'report.created': 'New report',
    'member.banned': 'Member banned',
    'webhook.test': 'Test delivery',
  } as Record<WebhookDelivery['event'], string>,
  statuses: { pending: 'Pending', succeeded: 'Succeeded', failed: 'Failed' } as Record<WebhookDeliveryStatus, string>,
  /** The form fields a server issue can name (`url`, `events.0` → `events`), as their labels read. */
  fields: { url: 'URL', description: 'Description', events: 'Events', id: 'Endpoint' } as Record<string, string>,
  endpoints: 'Endpoints',
  loadingEndpoints: 'Loading the endpoints…',
  noEndpoints: 'No endpoints yet: add one below.',
  notAccepted: 'The server did not accept this:',
  fieldProblem: (field: string, issues: string) => `${field}: ${issues}`,
  url: 'URL',
  description: 'Description (optional)',
  eventsToSend: 'Events to send',
  copyNow: 'Copy it now: it will not be shown again.',
  copy: 'Copy',
  done: 'Done',
  copied: 'Copied.',
  addTitle: 'Add an endpoint',
  secretFor: (url: string) => `The signing secret for ${url}.`,
  adding: 'Adding…',
  add: 'Add endpoint',
  turnedOn: 'Turned on.',
  turnedOff: 'Turned off: it gets no new deliveries.',
  testQueued: 'Test delivery queued: follow it in the delivery log.',
  saved: 'Saved.',
  on: 'On',
  off: 'Off: gets no new deliveries',
  editOf: (url: string) => `Edit ${url}`,
  saving: 'Saving…',
  save: 'Save',
  cancel: 'Cancel',
  eventList: (names: string[]) => `Events: ${names.join(', ')}`,
  previousUntil: 'The previous secret signs beside the new one until',
  newSecret: 'The new signing secret.',
  confirmDelete: 'Confirm delete',
  deleteQuestion: 'Delete this endpoint? It gets no more deliveries; its log stays.',
  deleting: 'Deleting…',
  deleteEndpoint: 'Delete endpoint',
  keep: 'Keep it',
  turnOff: 'Turn off',
  turnOn: 'Turn on',
  edit: 'Edit',
  sendTest: 'Send test',
  rotate: 'Rotate secret',
  delete: 'Delete',
  log: 'Delivery log',
  endpoint: 'Endpoint',
  allEndpoints: 'All endpoints',
  status: 'Status',
  anyStatus: 'Any status',
  loadingLog: 'Loading the delivery log…',
  noMatch: 'No deliveries match.',
  nothingSent: 'Nothing has been sent yet.',
  time: 'Time',
  event: 'Event',
  attempts: 'Attempts',
  actions: 'Actions',
  loadingOlder: 'Loading older…',
  older: 'Older',
  deletedEndpoint: 'a deleted endpoint',
  nextTry: 'next try',
  details: 'Details',
  hideDetails: 'Hide details',
  sending: 'Sending…',
  sendAgain: 'Send again',
  notTried: 'Not tried yet.',
  ms: (ms: number) => `${n('en')(ms)} ms`,
  noAnswer: 'no answer',
  payload: 'Payload',
};

type Messages = typeof en;

const messages: Catalog<Messages> = {
  en,
  'zh-CN': {
    title: 'Webhooks',
    offers: 'Webhooks',
    intro: '有事情发生时，Hearth 会向每个端点 POST 一份带签名的 JSON，并在对方应答之前不断重试。',
    refresh: '刷新',
    events: {
      'post.created': '新帖子或回复',
      'feedback.created': '新反馈',
      'feedback.status_changed': '反馈状态变更',
      'report.created': '新举报',
      'member.banned': '成员被封禁',
      'webhook.test': '测试投递',
    },
    statuses: { pending: '等待中', succeeded: '成功', failed: '失败' },
    fields: { url: 'URL', description: '描述', events: '事件', id: '端点' },
    endpoints: '端点',
    loadingEndpoints: '正在加载端点…',
    noEndpoints: '还没有端点：请在下方添加。',
    notAccepted: '服务器未接受以下内容：',
    fieldProblem: (field, issues) => `${field}：${issues}`,
    url: 'URL',
    description: '描述（可选）',
    eventsToSend: '要发送的事件',
    copyNow: '请立即复制：它不会再次显示。',
    copy: '复制',
    done: '完成',
    copied: '已复制。',
    addTitle: '添加端点',
    secretFor: (url) => `${url} 的签名密钥。`,
    adding: '正在添加…',
    add: '添加端点',
    turnedOn: '已启用。',
    turnedOff: '已停用：它不会再收到新的投递。',
    testQueued: '测试投递已排队：可在投递记录中查看进度。',
    saved: '已保存。',
    on: '已启用',
    off: '已停用：不会收到新的投递',
    editOf: (url) => `编辑 ${url}`,
    saving: '正在保存…',
    save: '保存',
    cancel: '取消',
    eventList: (names) => `事件：${names.join('、')}`,
    previousUntil: '旧密钥与新密钥同时签名，直到',
    newSecret: '新的签名密钥。',
    confirmDelete: '确认删除',
    deleteQuestion: '删除此端点？它将不再收到投递；投递记录会保留。',
    deleting: '正在删除…',
    deleteEndpoint: '删除端点',
    keep: '保留',
    turnOff: '停用',
    turnOn: '启用',
    edit: '编辑',
    sendTest: '发送测试',
    rotate: '轮换密钥',
    delete: '删除',
    log: '投递记录',
    endpoint: '端点',
    allEndpoints: '所有端点',
    status: '状态',
    anyStatus: '任意状态',
    loadingLog: '正在加载投递记录…',
    noMatch: '没有符合条件的投递。',
    nothingSent: '尚未发送任何内容。',
    time: '时间',
    event: '事件',
    attempts: '尝试次数',
    actions: '操作',
    loadingOlder: '正在加载更早的记录…',
    older: '更早',
    deletedEndpoint: '已删除的端点',
    nextTry: '下次重试',
    details: '详情',
    hideDetails: '收起详情',
    sending: '正在发送…',
    sendAgain: '重新发送',
    notTried: '尚未尝试。',
    ms: (ms) => `${n('zh-CN')(ms)} 毫秒`,
    noAnswer: '无应答',
    payload: '负载内容',
  },
  'zh-TW': {
    title: 'Webhooks',
    offers: 'Webhooks',
    intro: '有事情發生時，Hearth 會向每個端點 POST 一份帶簽章的 JSON，並在對方回應之前持續重試。',
    refresh: '重新整理',
    events: {
      'post.created': '新貼文或回覆',
      'feedback.created': '新回饋',
      'feedback.status_changed': '回饋狀態變更',
      'report.created': '新檢舉',
      'member.banned': '成員遭停權',
      'webhook.test': '測試傳送',
    },
    statuses: { pending: '等待中', succeeded: '成功', failed: '失敗' },
    fields: { url: 'URL', description: '說明', events: '事件', id: '端點' },
    endpoints: '端點',
    loadingEndpoints: '正在載入端點…',
    noEndpoints: '還沒有端點：請在下方新增。',
    notAccepted: '伺服器未接受以下內容：',
    fieldProblem: (field, issues) => `${field}：${issues}`,
    url: 'URL',
    description: '說明（選填）',
    eventsToSend: '要傳送的事件',
    copyNow: '請立即複製：它不會再次顯示。',
    copy: '複製',
    done: '完成',
    copied: '已複製。',
    addTitle: '新增端點',
    secretFor: (url) => `${url} 的簽章密鑰。`,
    adding: '正在新增…',
    add: '新增端點',
    turnedOn: '已啟用。',
    turnedOff: '已停用：它不會再收到新的傳送。',
    testQueued: '測試傳送已排入佇列：可在傳送紀錄中查看進度。',
    saved: '已儲存。',
    on: '已啟用',
    off: '已停用：不會收到新的傳送',
    editOf: (url) => `編輯 ${url}`,
    saving: '正在儲存…',
    save: '儲存',
    cancel: '取消',
    eventList: (names) => `事件：${names.join('、')}`,
    previousUntil: '舊密鑰與新密鑰同時簽章，直到',
    newSecret: '新的簽章密鑰。',
    confirmDelete: '確認刪除',
    deleteQuestion: '刪除此端點？它將不再收到傳送；傳送紀錄會保留。',
    deleting: '正在刪除…',
    deleteEndpoint: '刪除端點',
    keep: '保留',
    turnOff: '停用',
    turnOn: '啟用',
    edit: '編輯',
    sendTest: '傳送測試',
    rotate: '輪換密鑰',
    delete: '刪除',
    log: '傳送紀錄',
    endpoint: '端點',
    allEndpoints: '所有端點',
    status: '狀態',
    anyStatus: '任何狀態',
    loadingLog: '正在載入傳送紀錄…',
    noMatch: '沒有符合條件的傳送。',
    nothingSent: '尚未傳送任何內容。',
    time: '時間',
    event: '事件',
    attempts: '嘗試次數',
    actions: '操作',
    loadingOlder: '正在載入較早的紀錄…',
    older: '較早',
    deletedEndpoint: '已刪除的端點',
    nextTry: '下次重試',
    details: '詳細資料',
    hideDetails: '收合詳細資料',
    sending: '正在傳送…',
    sendAgain: '重新傳送',
    notTried: '尚未嘗試。',
    ms: (ms) => `${n('zh-TW')(ms)} 毫秒`,
    noAnswer: '無回應',
    payload: '酬載內容',
  },
};

/** The delivery statuses, in the order the log's filter offers them. */
const DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['pending', 'succeeded', 'failed'];

/** How many deliveries one page of the log holds. */
const LOG_PAGE = 20;

/**
 * The webhooks view, for admins: the community's endpoints (add, edit, turn on or off, send a
 * test, rotate the secret, delete) and the delivery log with each attempt and body.
 */
export function Webhooks({ session }: { session: ConsoleSession }) {
  const t = useMessages(messages);
  const hooks = session.client.adapter.webhooks;
  if (!hooks) {
    return <MissingCapability title={t.title} capability="webhooks" offers={t.offers} />;
  }
  return <WebhooksView api={{ session, hooks, ctx: { viewer: session.client.viewer } }} />;
}

function WebhooksView({ api }: { api: Api }) {
  const t = useMessages(messages);
  const { session, hooks, ctx } = api;
  const endpoints = useQuery<WebhookEndpoint[]>(session, ['webhooks', 'endpoints'], () => hooks.listWebhooks({}, ctx));
  return (
    <section aria-labelledby="webhooks-title">
      <div class="view-head">
        <h1 id="webhooks-title">{t.title}</h1>
        <p class="summary">{t.intro}</p>
        <button type="button" class="quiet" onClick={() => void invalidate(session, ['webhooks'])}>
          {t.refresh}
        </button>
      </div>

      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">{t.endpoints}</h2>
        {endpoints.error && (
          <p class="error" role="alert">
            {endpoints.error.message}
          </p>
        )}
        {endpoints.loading && <p role="status">{t.loadingEndpoints}</p>}
        {endpoints.data && endpoints.data.length === 0 && <p class="muted">{t.noEndpoints}</p>}
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
  const t = useMessages(messages);
  if (!error) return null;
  const fields = [...new Set((error.details.issues ?? []).map((issue) => fieldOf(issue.path)))];
  return (
    <div class="error" role="alert" id={id}>
      {fields.length === 0 ? (
        <p>{error.message}</p>
      ) : (
        <>
          <p>{t.notAccepted}</p>
          <ul>
            {fields.map((field) => (
              <li key={field} id={`${id}-${field}`}>
                {t.fieldProblem(t.fields[field] ?? field, issuesFor(error, field).join(' '))}
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
  const t = useMessages(messages);
  const described = (field: string) => (issuesFor(error, field).length > 0 ? { 'aria-describedby': `${id}-problem-${field}` } : {});
  const invalid = (field: string) => (issuesFor(error, field).length > 0 ? { 'aria-invalid': true as const, ...described(field) } : {});
  const toggle = (event: WebhookEventType, on: boolean) => {
    const events = on ? [...draft.events, event] : draft.events.filter((e) => e !== event);
    onChange({ ...draft, events: WEBHOOK_EVENT_TYPES.filter((e) => events.includes(e)) });
  };
  return (
    <>
      <label>
        {t.url}
        <input type="url" name="url" value={draft.url} onInput={(e) => onChange({ ...draft, url: e.currentTarget.value })} required autocomplete="off" {...invalid('url')} />
      </label>
      <label>
        {t.description}
        <input name="description" value={draft.description} onInput={(e) => onChange({ ...draft, description: e.currentTarget.value })} autocomplete="off" {...invalid('description')} />
      </label>
      <fieldset {...described('events')}>
        <legend>{t.eventsToSend}</legend>
        {WEBHOOK_EVENT_TYPES.map((event) => (
          <label key={event}>
            <input type="checkbox" name="events" value={event} checked={draft.events.includes(event)} onChange={(e) => toggle(event, e.currentTarget.checked)} />
            {t.events[event]}
          </label>
        ))}
      </fieldset>
    </>
  );
}

/** A secret shown the one time the server hands it out, with a copy button. */
function SecretOnce({ secret, note, onDone }: { secret: string; note: string; onDone: () => void }) {
  const t = useMessages(messages);
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
        <strong>{note}</strong> {t.copyNow}
      </p>
      <p class="secret">{secret}</p>
      <div class="actions">
        <button type="button" ref={copyButton} onClick={copy} aria-describedby={noteId}>
          {t.copy}
        </button>
        <button type="button" class="quiet" onClick={onDone}>
          {t.done}
        </button>
        <span role="status">{copied ? t.copied : ''}</span>
      </div>
    </div>
  );
}

function AddEndpoint({ api }: { api: Api }) {
  const t = useMessages(messages);
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
      <h2 id="add-endpoint-title">{t.addTitle}</h2>
      {made && <SecretOnce secret={made.secret} note={t.secretFor(made.url)} onDone={() => setMade(null)} />}
      <form onSubmit={submit} aria-labelledby="add-endpoint-title">
        <EndpointFields id="add" draft={draft} onChange={setDraft} error={error} />
        <FormProblem id="add-problem" error={error} />
        <div class="actions">
          <button type="submit" aria-disabled={busy}>
            {busy ? t.adding : t.add}
          </button>
        </div>
      </form>
    </section>
  );
}

function EndpointItem({ api, endpoint }: { api: Api; endpoint: WebhookEndpoint }) {
  const t = useMessages(messages);
  const locale = useLocale();
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
      return changed.enabled ? t.turnedOn : t.turnedOff;
    });
  const sendTest = () =>
    write(async () => {
      await hooks.sendTestWebhook({ id: endpoint.id, idempotencyKey: createIdempotencyKey() }, ctx);
      return t.testQueued;
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
      setNotice(t.saved);
    });
  };

  const problemId = `${titleId}-problem`;
  return (
    <article aria-labelledby={titleId}>
      <div class="item-head">
        <h3 id={titleId} class="type">
          {endpoint.url}
        </h3>
        <span class={endpoint.enabled ? 'status-succeeded' : 'muted'}>{endpoint.enabled ? t.on : t.off}</span>
      </div>
      {editing ? (
        <form onSubmit={save} aria-label={t.editOf(endpoint.url)}>
          <div ref={urlInput}>
            <EndpointFields id={titleId} draft={draft} onChange={setDraft} error={error} />
          </div>
          <FormProblem id={problemId} error={error} />
          <div class="actions">
            <button type="submit" aria-disabled={busy}>
              {busy ? t.saving : t.save}
            </button>
            <button type="button" class="quiet" onClick={stopEditing}>
              {t.cancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          {endpoint.description && <p class="excerpt">{endpoint.description}</p>}
          <p class="excerpt more">{t.eventList(WEBHOOK_EVENT_TYPES.filter((event) => endpoint.events.includes(event)).map((event) => t.events[event]))}</p>
          {endpoint.previousSecretExpiresAt && (
            <p class="hint">
              {t.previousUntil} <time dateTime={endpoint.previousSecretExpiresAt}>{formatTime(endpoint.previousSecretExpiresAt, locale)}</time>{locale === 'en' ? '.' : '。'}
            </p>
          )}
          {secret && <SecretOnce secret={secret} note={t.newSecret} onDone={() => setSecret(null)} />}
          {confirming ? (
            <div role="group" aria-label={t.confirmDelete}>
              <p>{t.deleteQuestion}</p>
              <div class="actions">
                <button type="button" onClick={() => void remove()} aria-disabled={busy}>
                  {busy ? t.deleting : t.deleteEndpoint}
                </button>
                <button
                  type="button"
                  class="quiet"
                  ref={keepButton}
                  onClick={() => setConfirming(false)}
                >
                  {t.keep}
                </button>
              </div>
            </div>
          ) : (
            <div class="actions">
              <button type="button" class="quiet" onClick={() => void toggle()} aria-disabled={busy}>
                {endpoint.enabled ? t.turnOff : t.turnOn}
              </button>
              <button type="button" class="quiet" ref={editButton} onClick={startEditing}>
                {t.edit}
              </button>
              <button type="button" class="quiet" onClick={() => void sendTest()} aria-disabled={busy}>
                {t.sendTest}
              </button>
              <button type="button" class="quiet" onClick={() => void rotate()} aria-disabled={busy}>
                {t.rotate}
              </button>
              <button type="button" class="quiet" ref={deleteButton} onClick={() => setConfirming(true)}>
                {t.delete}
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
  const t = useMessages(messages);
  const [endpointId, setEndpointId] = useState('');
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const filter: LogFilter = { ...(endpointId ? { endpointId } : {}), ...(status ? { status } : {}) };
  const log = useDeliveryLog(api, filter);
  const urls = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.url]));
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">{t.log}</h2>
      <div class="actions">
        <label>
          {t.endpoint}
          <select value={endpointId} onChange={(e) => setEndpointId(e.currentTarget.value)}>
            <option value="">{t.allEndpoints}</option>
            {endpoints.map((endpoint) => (
              <option key={endpoint.id} value={endpoint.id}>
                {endpoint.url}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.status}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as WebhookDeliveryStatus | '')}>
            <option value="">{t.anyStatus}</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.statuses[s]}
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
      {log.loading && <p role="status">{t.loadingLog}</p>}
      {log.items && log.items.length === 0 && <p class="muted">{endpointId || status ? t.noMatch : t.nothingSent}</p>}
      {log.items && log.items.length > 0 && (
        <table aria-labelledby="log-title">
          <thead>
            <tr>
              <th scope="col">{t.time}</th>
              <th scope="col">{t.event}</th>
              <th scope="col">{t.endpoint}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.attempts}</th>
              <th scope="col">
                <span class="muted">{t.actions}</span>
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
          {log.loadingMore ? t.loadingOlder : t.older}
        </button>
      )}
    </section>
  );
}

/** One delivery: its summary row, and when opened a row with every attempt and the body. */
function DeliveryRows({ api, delivery, url }: { api: Api; delivery: WebhookDelivery; url: string | undefined }) {
  const t = useMessages(messages);
  const locale = useLocale();
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
          <time dateTime={delivery.createdAt}>{formatTime(delivery.createdAt, locale)}</time>
        </td>
        <td>
          {t.events[delivery.event]} <span class="muted">({delivery.event})</span>
        </td>
        <td>{url ?? <span class="muted">{t.deletedEndpoint}</span>}</td>
        <td>
          <span class={`status-${delivery.status}`}>{t.statuses[delivery.status]}</span>
          {delivery.status === 'pending' && delivery.nextAttemptAt && (
            <span class="muted">
              {' '}
              · {t.nextTry} <time dateTime={delivery.nextAttemptAt}>{formatTime(delivery.nextAttemptAt, locale)}</time>
            </span>
          )}
        </td>
        <td>{delivery.attempts.length}</td>
        <td>
          <div class="actions">
            <button type="button" class="quiet" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => setOpen(!open)}>
              {open ? t.hideDetails : t.details}
            </button>
            {delivery.status !== 'pending' && (
              <button type="button" class="quiet" onClick={() => void again()} aria-disabled={busy}>
                {busy ? t.sending : t.sendAgain}
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
            <h4>{t.attempts}</h4>
            {delivery.attempts.length === 0 ? (
              <p class="muted">{t.notTried}</p>
            ) : (
              <ol>
                {delivery.attempts.map((attempt, index) => (
                  <li key={index}>
                    <time dateTime={attempt.at}>{formatTime(attempt.at, locale)}</time> · {t.ms(attempt.durationMs)} · {attempt.status === null ? t.noAnswer : `HTTP ${attempt.status}`}
                    {attempt.error && <span class="error"> · {attempt.error}</span>}
                  </li>
                ))}
              </ol>
            )}
            <h4>{t.payload}</h4>
            <pre>{JSON.stringify(delivery.payload, null, 2)}</pre>
          </td>
        </tr>
      )}
    </tbody>
  );
}
