import { useState } from 'preact/hooks';
import { createIdempotencyKey } from '@hearth/client';
import { postThreadKey, type ZeroReplyItem, type ZeroReplyPage } from '@hearth/protocol';
import type { ConsoleSession } from '../session.js';
import { formatAge, formatTime } from '../time.js';
import { useAction, useQuery } from '../use-query.js';

/** How an item stands against the first-response target: well within, past half of it, or over. */
export function urgency(ageMs: number, targetMs: number): 'ok' | 'soon' | 'overdue' {
  if (targetMs > 0 && ageMs >= targetMs) return 'overdue';
  if (targetMs > 0 && ageMs >= targetMs / 2) return 'soon';
  return 'ok';
}

const TYPE_NAMES: Record<ZeroReplyItem['type'], string> = { comment: 'Comment', post: 'Post', answer: 'Answer', feedback: 'Feedback' };

/**
 * Answers an item as staff, the way its kind is answered: a reply to a page comment, a
 * comment on a feed post, an answer to a question, an official reply on feedback (its status
 * kept). Resolves once the server has it; the queue then drops the item.
 */
async function reply(session: ConsoleSession, item: ZeroReplyItem, body: string): Promise<void> {
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
    throw new Error('Answers are replied to on their question.');
  }
}

/**
 * The zero-reply queue across comments, the feed, Q&A and feedback, oldest first: each item's
 * age against the community's first-response target, and a reply box that answers it as
 * staff. An answered item leaves the queue.
 */
export function Inbox({ session }: { session: ConsoleSession }) {
  const viewer = session.client.viewer;
  const queue = useQuery<ZeroReplyPage>(session, ['inbox'], () => session.client.adapter.analytics!.zeroReplies({ limit: 100 }, { viewer }));
  const page = queue.data;
  return (
    <section aria-labelledby="inbox-title">
      <div class="view-head">
        <h1 id="inbox-title">Inbox</h1>
        {page && (
          <p class="summary">
            {page.total === 0 ? 'Nothing waits for a first reply.' : `${page.total} waiting for a first reply, ${page.overdue} past the ${formatAge(page.targetMs)} target.`}
          </p>
        )}
        <button type="button" class="quiet" onClick={queue.refetch}>
          Refresh
        </button>
      </div>
      {queue.error && (
        <p class="error" role="alert">
          {queue.error.message}
        </p>
      )}
      {queue.loading && <p role="status">Loading the queue…</p>}
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
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction(session, ['inbox']);
  const level = urgency(item.ageMs, targetMs);
  const send = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      await reply(session, item, body.trim());
      setBody('');
      setOpen(false);
    });
  };
  const label = item.title ?? item.excerpt ?? '(no text)';
  // A titled item's excerpt starts with its title: show the rest once.
  const more = item.title && item.excerpt ? item.excerpt.replace(item.title, '').trim() : '';
  return (
    <li class={`item ${level}`} data-ref={item.ref}>
      <div class="item-head">
        <span class="type">{TYPE_NAMES[item.type]}</span>
        <span class={`age ${level}`} title={`Posted ${formatTime(item.createdAt)}`}>
          {formatAge(item.ageMs)}
          {level === 'overdue' ? ' · overdue' : ''}
        </span>
        <span class="where">
          {item.author.displayName} in {item.location}
        </span>
      </div>
      <p class="excerpt">{label}</p>
      {more && <p class="excerpt more">{more}</p>}
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          Reply
        </button>
      ) : (
        <form class="reply" onSubmit={send}>
          <label>
            Your reply to {item.author.displayName}
            <textarea value={body} onInput={(e) => setBody(e.currentTarget.value)} rows={3} required />
          </label>
          {error && (
            <p class="error" role="alert">
              {error.message}
            </p>
          )}
          <div class="actions">
            <button type="submit" disabled={busy || body.trim() === ''}>
              {busy ? 'Sending…' : 'Send reply'}
            </button>
            <button type="button" class="quiet" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
