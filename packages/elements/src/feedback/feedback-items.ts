// How feedback items look and are voted on, downloaded with the core (their English
// strings and styles come along): "Your feedback" with statuses, official replies
// and history, the upvote toggle, and status-change announcements.
import { html, nothing, type TemplateResult } from 'lit';
import { voteFeedback, type CommunityClient } from '@hearth/client';
import type { Feedback, FeedbackDetail, FeedbackKind, FeedbackStatus, HearthError } from '@hearth/protocol';
import type { CommunityErrorAction } from '../events/error-event.js';
import { renderMarkdown } from '../markdown/markdown.js';
import { CommunityFeedbackVoteEvent } from './feedback-events.js';
import type { FeedbackText } from './messages.js';

export { messages as english } from './messages-en-parts.js';
export { partStyles } from './feedback-parts.styles.js';

/** The widget's text with what only the lazy parts show: dates, and status and kind names. */
export interface PartText extends FeedbackText {
  /** A date through Intl. */
  date(iso: string): string;
  /** A status's name. */
  status(status: FeedbackStatus): string;
  /** A kind's name. */
  kind(kind: FeedbackKind): string;
}

// One per text (and so per locale): the date format is made once.
const partTexts = new WeakMap<FeedbackText, PartText>();

/** `text` with dates and names, for the items, the form and the board. */
export function partText(text: FeedbackText): PartText {
  let part = partTexts.get(text);
  if (!part) {
    const dates = new Intl.DateTimeFormat(text.locale, { dateStyle: 'medium' });
    part = {
      ...text,
      date: (iso) => dates.format(new Date(iso)),
      status: (status) => text.t(`status_${status}`),
      kind: (kind) => text.t(`kind_${kind}`),
    };
    partTexts.set(text, part);
  }
  return part;
}

/** What the lazily loaded parts ask of the widget. */
export interface FeedbackHost {
  readonly el: HTMLElement & { updateComplete: Promise<boolean>; renderRoot: HTMLElement | DocumentFragment };
  readonly text: PartText;
  readonly client: CommunityClient | null;
  /** The board key, or undefined for the built-in one. */
  readonly board: string | undefined;
  /** Whether the viewer is a guest the community lets send feedback with an email. */
  readonly guestEmail: boolean;
  /** The kind the form starts on. */
  readonly kind: Feedback['kind'];
  /** The score the form asks for with `kind`. */
  scoreFor(kind: Feedback['kind']): 'rating' | 'nps' | null;
  /** The page the feedback is about: attributes first, else the document's. */
  page(): { pageUrl: string | null; pageTitle: string | null };
  announce(message: string): void;
  report(error: HearthError, action: CommunityErrorAction): void;
  update(): void;
}

/** What an item is called: its title, else the start of its text. */
export function titleOf(item: Pick<Feedback, 'title' | 'body'>): string {
  return item.title || excerpt(item.body, 80);
}

function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A failure in the widget's language; a validation error keeps the backend's message, which names the field. */
export function errorText(t: FeedbackText, error: HearthError): string {
  const key = (
    {
      unauthorized: 'errorUnauthorized',
      forbidden: 'errorForbidden',
      conflict: 'errorConflict',
      not_found: 'errorNotFound',
      rate_limited: 'errorRateLimited',
      unavailable: 'errorUnavailable',
    } as const
  )[error?.code as 'forbidden'];
  return error?.code === 'validation' ? error.message : t.t(key ?? 'errorInternal');
}

/** The items' rendering and votes for one widget. */
export class FeedbackItems {
  /** The last failed vote's message, or ''. */
  voteError = '';
  readonly #host: FeedbackHost;
  readonly #voting = new Set<string>();
  readonly #seen = new Map<string, string>();

  constructor(host: FeedbackHost) {
    this.#host = host;
  }

  /** Announces each status change to the viewer's items after the first load. */
  follow(items: readonly FeedbackDetail[]): void {
    const t = this.#host.text;
    const first = !this.#seen.size;
    for (const item of items) {
      const before = this.#seen.get(item.id);
      if (!first && before !== undefined && before !== item.status) {
        this.#host.announce(t.t('nowStatus', { title: titleOf(item), status: t.status(item.status) }));
      }
      this.#seen.set(item.id, item.status);
    }
  }

  /** "Your feedback": the viewer's items, hidden while there are none. */
  mine(items: readonly FeedbackDetail[]): TemplateResult {
    const t = this.#host.text;
    return html`<section part="mine" class="mine" aria-labelledby="mine-heading" ?hidden=${!items.length}>
      <h3 id="mine-heading">${t.t('mine')}</h3>
      <ul role="list">
        ${items.map(
          (item) => html`<li part="item" class="item" data-id=${item.id}>
            <div class="item-body">${this.summary(item)}${this.#history(item)}</div>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #history(item: FeedbackDetail): TemplateResult | typeof nothing {
    const t = this.#host.text;
    if (!item.history.length) return nothing;
    return html`<details part="history" class="history">
      <summary>${t.t('history')}</summary>
      <ol>
        ${item.history.map(
          (change) => html`<li>
            <span>${t.t('historyItem', { from: t.status(change.from), to: t.status(change.to) })}</span>
            <span class="meta"><span>${change.actor.displayName}</span><time datetime=${change.at}>${t.date(change.at)}</time></span>
            ${change.reply ? html`<div class="md">${renderMarkdown(change.reply)}</div>` : nothing}
          </li>`,
        )}
      </ol>
    </details>`;
  }

  /** One item's heading, status, kind, date, text and official reply. */
  summary(item: Feedback, level = 4): TemplateResult {
    const t = this.#host.text;
    const reply = item.officialReply;
    return html`<p class="item-title" role="heading" aria-level=${level}>${titleOf(item)}</p>
      <p class="meta">
        <span part="status" class="status" data-status=${item.status}>${t.status(item.status)}</span>
        <span>${t.kind(item.kind)}</span>
        <time datetime=${item.createdAt}>${t.t('sentOn', { date: t.date(item.createdAt) })}</time>
        ${item.visibility === 'pending' ? html`<span>${t.t('held')}</span>` : nothing}
      </p>
      ${item.title ? html`<p class="excerpt">${excerpt(item.body)}</p>` : nothing}
      ${reply
        ? html`<div part="reply" class="reply">
            <p class="meta"><strong>${t.t('officialReply')}</strong><span>${reply.author.displayName}</span><time datetime=${reply.at}>${t.date(reply.at)}</time></p>
            <div class="md">${renderMarkdown(reply.body)}</div>
          </div>`
        : nothing}`;
  }

  /** An upvote toggle for `item`; `voted` gets the item as it stands afterwards. */
  voteButton(item: Feedback, voted?: (item: Feedback) => void): TemplateResult {
    const t = this.#host.text;
    const viewer = this.#host.client?.viewer;
    const can = !!viewer && viewer.role !== 'guest' && viewer.id !== item.author.id && item.status !== 'duplicate';
    return html`<button
      part="upvote"
      class="upvote"
      type="button"
      aria-pressed=${item.viewerVoted ? 'true' : 'false'}
      aria-label=${t.t('upvoteLabel', { title: titleOf(item), votes: t.t('votes', { count: item.voteCount }) })}
      title=${viewer ? '' : t.t('signInToVote')}
      ?disabled=${!can || this.#voting.has(item.id)}
      @click=${() => this.#vote(item, voted)}
    >
      <span aria-hidden="true">▲</span><span class="count">${t.n(item.voteCount)}</span>
    </button>`;
  }

  async #vote(item: Feedback, voted?: (item: Feedback) => void): Promise<void> {
    const h = this.#host;
    const client = h.client;
    if (!client || this.#voting.has(item.id)) return;
    this.#voting.add(item.id);
    this.voteError = '';
    h.update();
    const active = !item.viewerVoted;
    try {
      const next = await voteFeedback(client, { feedbackId: item.id, active });
      voted?.(next);
      h.el.dispatchEvent(new CommunityFeedbackVoteEvent({ item: next, active }));
      if (active) h.announce(h.text.t('votedInstead', { title: titleOf(next) }));
    } catch (error) {
      this.voteError = errorText(h.text, error as HearthError);
      h.report(error as HearthError, 'react');
    } finally {
      this.#voting.delete(item.id);
      h.update();
    }
  }
}
