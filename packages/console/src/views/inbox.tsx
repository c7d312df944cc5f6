import { useState } from 'preact/hooks';
import { createIdempotencyKey } from '@hearth/client';
import { HearthError, inboxChannel, postThreadKey, type AnalyticsAdapter, type ZeroReplyItem, type ZeroReplyPage } from '@hearth/protocol';
import { formatNumber, useLocale, useMessages, type Catalog } from '../i18n.js';
import { MissingCapability } from '../missing-capability.js';
import type { ConsoleSession } from '../session.js';
import { formatAge, formatTime } from '../time.js';
import { useAction, useLive, useQuery } from '../use-query.js';

const en = {
  title: 'Inbox',
  offers: 'the zero-reply queue',
  nothing: 'Nothing waits for a first reply.',
  waiting: (total: number, overdue: number, target: string) => `${formatNumber('en', total)} waiting for a first reply, ${formatNumber('en', overdue)} past the ${target} target.`,
  refresh: 'Refresh',
  loading: 'Loading the queue…',
  types: { comment: 'Comment', post: 'Post', answer: 'Answer', feedback: 'Feedback' } as Record<ZeroReplyItem['type'], string>,
  posted: (time: string) => `Posted ${time}`,
  overdue: ' · overdue',
  where: (author: string, location: string) => `${author} in ${location}`,
  noText: '(no text)',
  reply: 'Reply',
  yourReply: (author: string) => `Your reply to ${author}`,
  sending: 'Sending…',
  send: 'Send reply',
  cancel: 'Cancel',
  answerOnQuestion: 'Answers are replied to on their question.',
};
const messages: Catalog<typeof en> = {
  en,
  'zh-CN': {
    title: '待回复',
    offers: '零回复队列',
    nothing: '没有等待首次回复的内容。',
    waiting: (total, overdue, target) => `${formatNumber('zh-CN', total)} 条等待首次回复，其中 ${formatNumber('zh-CN', overdue)} 条已超过 ${target} 的首次响应目标。`,
    refresh: '刷新',
    loading: '正在加载队列…',
    types: { comment: '评论', post: '帖子', answer: '回答', feedback: '反馈' },
    posted: (time) => `发布于 ${time}`,
    overdue: ' · 已超时',
    where: (author, location) => `${author} 发表于 ${location}`,
    noText: '（无文字）',
    reply: '回复',
    yourReply: (author) => `你对 ${author} 的回复`,
    sending: '正在发送…',
    send: '发送回复',
    cancel: '取消',
    answerOnQuestion: '回答请在其所属的问题下回复。',
  },
  'zh-TW': {
    title: '待回覆',
    offers: '零回覆佇列',
    nothing: '沒有等待首次回覆的內容。',
    waiting: (total, overdue, target) => `${formatNumber('zh-TW', total)} 則等待首次回覆，其中 ${formatNumber('zh-TW', overdue)} 則已超過 ${target} 的首次回應目標。`,
    refresh: '重新整理',
    loading: '正在載入佇列…',
    types: { comment: '留言', post: '貼文', answer: '回答', feedback: '回饋' },
    posted: (time) => `發佈於 ${time}`,
    overdue: ' · 已逾時',
    where: (author, location) => `${author} 發表於 ${location}`,
    noText: '（無文字）',
    reply: '回覆',
    yourReply: (author) => `你對 ${author} 的回覆`,
    sending: '正在傳送…',
    send: '送出回覆',
    cancel: '取消',
    answerOnQuestion: '回答請在其所屬的問題下回覆。',
  },
};

type Messages = typeof en;

/** How an item stands against the first-response target: well within, past half of it, or over. */
export function urgency(ageMs: number, targetMs: number): 'ok' | 'soon' | 'overdue' {
  if (targetMs > 0 && ageMs >= targetMs) return 'overdue';
  if (targetMs > 0 && ageMs >= targetMs / 2) return 'soon';
  return 'ok';
}

/**
 * Answers an item as staff, the way its kind is answered: a reply to a page comment, a
 * comment on a feed post, an answer to a question, an official reply on feedback (its status
 * kept). Resolves once the server has it; the queue then drops the item.
 */
async function reply(session: ConsoleSession, item: ZeroReplyItem, body: string, t: Messages): Promise<void> {
  const { adapter, viewer } = session.client;
  const ctx = { viewer };
  const idempotencyKey = createIdempotencyKey();
  if (item.type === 'comment') {
    await adapter.createComment({ threadKey: item.location, parentId: item.id, body, idempotencyKey }, ctx);
  } else if (item.type === 'post') {
    const post = await adapter.feed!.getPost({ postId: item.id }, ctx);
    if (post.kind === 'question') await adapter.qa!.answer({ questionId: item.id, body, idempotencyKey }, ctx);
    else await adapter.createComment({ threadKey: postThreadKey(item.id), body, idempotencyKey }, ctx);
  } else if (item.type === 'feedback') {
    const feedback = await adapter.feedback!.getFeedback({ feedbackId: item.id }, ctx);
    await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: feedback.status, reply: body }, ctx);
  } else {
    throw new HearthError('validation', t.answerOnQuestion);
  }
}

/**
 * The zero-reply queue across comments, the feed, Q&A and feedback, oldest first: each item's
 * age against the community's first-response target, and a reply box that answers it as
 * staff. Live: every change on the inbox channel (a new opener, a reply, a hide or delete,
 * by anyone) reloads it; an answered item leaves the queue.
 */
export function Inbox({ session }: { session: ConsoleSession }) {
  const t = useMessages(messages);
  const analytics = session.client.adapter.analytics;
  if (!analytics) return <MissingCapability title={t.title} capability="analytics" offers={t.offers} />;
  return <InboxView session={session} analytics={analytics} />;
}

function InboxView({ session, analytics }: { session: ConsoleSession; analytics: AnalyticsAdapter }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const viewer = session.client.viewer;
  const queue = useQuery<ZeroReplyPage>(session, ['inbox'], () => analytics.zeroReplies({ limit: 100 }, { viewer }));
  useLive(session, inboxChannel(), ['inbox']);
  const page = queue.data;
  return (
    <section aria-labelledby="inbox-title">
      <div class="view-head">
        <h1 id="inbox-title">{t.title}</h1>
        {page && <p class="summary">{page.total === 0 ? t.nothing : t.waiting(page.total, page.overdue, formatAge(page.targetMs, locale))}</p>}
        <button type="button" class="quiet" onClick={queue.refetch}>
          {t.refresh}
        </button>
      </div>
      {queue.error && (
        <p class="error" role="alert">
          {queue.error.message}
        </p>
      )}
      {queue.loading && <p role="status">{t.loading}</p>}
      {page && page.items.length > 0 && (
        <ol class="queue">
          {page.items.map((item) => (
            <QueueItem key={item.ref} session={session} item={item} targetMs={page.targetMs} />
          ))}
        </ol>
      )}
    </section>
  );
}

function QueueItem({ session, item, targetMs }: { session: ConsoleSession; item: ZeroReplyItem; targetMs: number }) {
  const t = useMessages(messages);
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction(session, ['inbox']);
  const level = urgency(item.ageMs, targetMs);
  const send = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      await reply(session, item, body.trim(), t);
      setBody('');
      setOpen(false);
    });
  };
  const label = item.title ?? item.excerpt ?? t.noText;
  // A titled item's excerpt starts with its title: show the rest once.
  const more = item.title && item.excerpt ? item.excerpt.replace(item.title, '').trim() : '';
  return (
    <li class={`item ${level}`} data-ref={item.ref}>
      <div class="item-head">
        <span class="type">{t.types[item.type]}</span>
        <span class={`age ${level}`} title={t.posted(formatTime(item.createdAt, locale))}>
          {formatAge(item.ageMs, locale)}
          {level === 'overdue' ? t.overdue : ''}
        </span>
        <span class="where">{t.where(item.author.displayName, item.location)}</span>
      </div>
      <p class="excerpt">{label}</p>
      {more && <p class="excerpt more">{more}</p>}
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {t.reply}
        </button>
      ) : (
        <form class="reply" onSubmit={send}>
          <label>
            {t.yourReply(item.author.displayName)}
            <textarea value={body} onInput={(e) => setBody(e.currentTarget.value)} rows={3} required />
          </label>
          {error && (
            <p class="error" role="alert">
              {error.message}
            </p>
          )}
          <div class="actions">
            <button type="submit" disabled={busy || body.trim() === ''}>
              {busy ? t.sending : t.send}
            </button>
            <button type="button" class="quiet" onClick={() => setOpen(false)}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
