// The question page: the question, its answers by votes (accepted first), votes, accepting,
// the bounty panel and its Offer form, and the answer form. Downloaded when a question opens
// or on the first sign of intent over the list.
import { css, html, nothing, type TemplateResult } from 'lit';
import { acceptAnswer, answerQuestion, bountyBalanceStore, offerBounty, voteAnswer, voteQuestion, type LoadState, type QuestionState } from '@hearth/client';
import { roleAtLeast, type Answer, type HearthError, type PointsStanding, type QuestionDetail, type VoteTally, type VoteValue } from '@hearth/protocol';
import { StoreController } from '../controllers/store-controller.js';
import { renderMarkdown } from '../markdown/markdown.js';
import { markdownStyles } from '../markdown/markdown.styles.js';
import '../member/define.js';
import '../moderation/define.js';
import { pageEn } from './messages-en-page.js';
import { addEnglish, type QaKey } from './messages.js';
import type { QaBridge } from './qa.js';
import { adopt, announce, explain, listStyles, relative } from './qa-list.js';
import { CommunityAcceptEvent, CommunityAnswerEvent } from './qa-events.js';

addEnglish(pageEn);

// BOUNTY_LIMITS and BOUNTY_MIN_UPVOTES: protocol's qa.ts holds them beside its zod schemas,
// which would come along with them.
const MIN = 50;
const MAX = 500;
const MIN_UPVOTES = 2;

/** Styles only the page and the ask form use. */
export const pageStyles = css`
  .back {
    margin-block-end: 0.75em;
  }
  .q-head,
  .answer {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 0.75em;
  }
  .votes {
    display: grid;
    justify-items: center;
    align-content: start;
    gap: 0.15em;
  }
  .votes button {
    padding: 0.1em 0.55em;
    line-height: 1.2;
  }
  .votes [aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .score {
    font-weight: 600;
  }
  .answers {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
    display: grid;
    gap: 0.75em;
  }
  .answer {
    padding: 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .answer.accepted {
    border-color: var(--_success);
    background: var(--_raised);
  }
  .bounty {
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    padding: 0.6em 0.8em;
    margin-block: 0.75em;
  }
  .bounty h3 {
    margin-block-start: 0;
  }
  .bounty p,
  .hint {
    margin: 0.25em 0;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
  h3 {
    font-size: 1em;
    margin: 0.75em 0 0.5em;
  }
  .form {
    display: grid;
    gap: 0.35em;
    margin-block: 0.75em;
  }
  .form input:not([type='checkbox']),
  .form textarea {
    width: 100%;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .notice {
    border-inline-start: 3px solid var(--_border);
    padding-inline-start: 0.6em;
  }
  .similar {
    margin: 0;
    padding-inline-start: 1.2em;
  }
`;

type Busy = string | null;

/** A date and time, for the bounty's deadline (one a render at most, so no formatter is kept). */
const dateOf = (iso: string, locale: string): string => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export class QaPage {
  readonly #b: QaBridge;
  readonly #balance: StoreController<LoadState<PointsStanding>>;
  #for = '';
  #count = -1;
  #draft = '';
  #busy: Busy = null;
  #errors = new Map<string, string>();
  #bountyOpen = false;
  #amount = 100;
  #tick?: ReturnType<typeof setInterval>;

  constructor(bridge: QaBridge) {
    this.#b = bridge;
    this.#balance = new StoreController(bridge.el);
    adopt(bridge, markdownStyles, listStyles, pageStyles);
    // The countdown ends with the widget.
    bridge.el.addController({ hostDisconnected: () => this.stop() });
  }

  /** Keeps up with `detail` before a render: another question starts afresh; others' new answers are announced. */
  follow(detail: QuestionDetail): void {
    if (detail.question.id !== this.#for) {
      this.#for = detail.question.id;
      this.#draft = '';
      this.#errors.clear();
      this.#bountyOpen = false;
    } else if (detail.answerCount > this.#count && this.#busy !== 'answer') announce(this.#b, this.#b.text().t('newAnswers'));
    this.#count = detail.answerCount;
  }

  /** Stops the bounty countdown (the page was left or the widget removed). */
  stop(): void {
    clearInterval(this.#tick);
    this.#tick = undefined;
  }

  /** The question view: Back, then the question once loaded, its load failure with a Retry, or a placeholder. */
  render(state: QuestionState | undefined, retry: () => void): TemplateResult {
    const t = this.#b.text();
    const detail = state?.data;
    // The bounty countdown moves on its own; nothing else re-renders the page meanwhile.
    if (detail?.bounty?.status === 'open') this.#tick ??= setInterval(() => this.#b.el.requestUpdate(), 30_000);
    else this.stop();
    return html`<button part="back" class="back" type="button" @click=${this.#b.back}>← ${t.t('back')}</button>
      ${detail
        ? this.#renderPage(detail)
        : state?.error
          ? html`<div part="error" class="error-box" role="alert">
              <p>${t.t('loadErrorQuestion')} ${explain(t, state.error)}</p>
              <button type="button" @click=${retry}>${t.t('retry')}</button>
            </div>`
          : html`<div class="skeleton" role="status" aria-label=${t.t('loadingQuestion')}><span class="bone"></span><span class="bone"></span><span class="bone"></span></div>`}`;
  }

  #renderPage(detail: QuestionDetail): TemplateResult {
    const b = this.#b;
    const t = b.text();
    const q = detail.question;
    this.follow(detail);
    const viewer = b.viewer();
    const asker = !!viewer && viewer.id === q.author.id;
    const canAccept = asker || (!!viewer && roleAtLeast(viewer.role ?? 'member', 'moderator'));
    const answers = [...detail.answers].sort(
      (x, y) => Number(y.accepted) - Number(x.accepted) || y.votes.score - x.votes.score || x.createdAt.localeCompare(y.createdAt),
    );
    return html`<article part="question" class="question">
        <div class="q-head">
          ${this.#votes(q.id, 'post', q.id, detail.votes, asker)}
          <div>
            <h2 id="qa-heading" part="heading">${q.title ?? ''}</h2>
            <div class="meta">
              <community-member-chip .client=${b.client()} .member=${q.author}></community-member-chip>
              <time datetime=${q.createdAt}>${t.t('asked', { time: relative(t, q.createdAt, Date.now()) })}</time>
              <community-content-menu
                .client=${b.client()}
                .target=${{ type: 'post', id: q.id }}
                .author=${q.author}
                .state=${{ status: q.status, pinned: q.pinned, locked: q.locked, featured: q.featured }}
              ></community-content-menu>
            </div>
          </div>
        </div>
        ${this.#error(q.id)}
        ${q.status === 'pending' ? html`<p part="notice" class="notice">${t.t('pendingQuestion')}</p>` : nothing}
        ${detail.duplicateOf
          ? html`<p part="duplicate" class="notice">
              ${t.t('duplicate')}
              <button class="link" type="button" data-original=${detail.duplicateOf.id} @click=${() => b.open(detail.duplicateOf!.id)}>
                ${detail.duplicateOf.title ?? t.t('duplicateUntitled')}
              </button>
            </p>`
          : nothing}
        <div part="body" class="body">${renderMarkdown(q.body)}</div>
        ${this.#renderBounty(detail, asker)}
      </article>
      <h3 id="qa-answers">${t.t('answersHeading', { count: detail.answerCount })}</h3>
      ${answers.length
        ? html`<ol part="answers" class="answers" aria-labelledby="qa-answers">
            ${answers.map((answer) => this.#renderAnswer(detail, answer, canAccept))}
          </ol>`
        : html`<p class="notice">${t.t('noAnswers')}</p>`}
      ${this.#renderAnswerForm(detail)}`;
  }

  #renderAnswer(detail: QuestionDetail, answer: Answer, canAccept: boolean): TemplateResult {
    const b = this.#b;
    const t = b.text();
    const own = b.viewer()?.id === answer.author.id;
    const acceptable = canAccept && !answer.accepted && answer.status === 'published' && detail.question.status === 'published';
    return html`<li part="answer${answer.accepted ? ' answer-accepted' : ''}" class="answer ${answer.accepted ? 'accepted' : ''}" data-answer=${answer.id}>
      ${this.#votes(detail.question.id, 'answer', answer.id, answer.votes, own)}
      <div>
        ${answer.accepted ? html`<p part="accepted-badge" class="ok">✓ ${t.t('acceptedBadge')}</p>` : nothing}
        <div part="body" class="body">${renderMarkdown(answer.body)}</div>
        ${answer.heldReason ? html`<p part="notice" class="notice">${t.t('heldAnswer')}</p>` : nothing}
        <div class="meta">
          <community-member-chip .client=${b.client()} .member=${answer.author}></community-member-chip>
          <time datetime=${answer.createdAt}>${t.t('answered', { time: relative(t, answer.createdAt, Date.now()) })}</time>
          ${acceptable
            ? html`<button part="accept" type="button" ?disabled=${this.#busy !== null} @click=${() => this.#accept(detail, answer)}>
                ${t.t(detail.acceptedAnswerId ? 'acceptInstead' : 'accept')}
              </button>`
            : nothing}
          <community-content-menu
            .client=${b.client()}
            .target=${{ type: 'answer', id: answer.id }}
            .author=${answer.author}
            .state=${{ status: answer.status }}
          ></community-content-menu>
        </div>
        ${this.#error(answer.id)}
      </div>
    </li>`;
  }

  #votes(questionId: string, type: 'post' | 'answer', id: string, votes: VoteTally, own: boolean): TemplateResult {
    const t = this.#b.text();
    const busy = this.#busy === id;
    const cast = (value: VoteValue) => () => this.#vote(questionId, type, id, votes.viewerVote === value ? 0 : value, own);
    return html`<div class="votes" role="group" aria-label=${t.t('votesOn')}>
      <button part="vote" type="button" data-vote="up" aria-label=${t.t('upvote')} aria-pressed=${votes.viewerVote === 1 ? 'true' : 'false'} ?disabled=${busy} @click=${cast(1)}>▲</button>
      <span part="score" class="score">${votes.score}<span class="visually-hidden"> ${t.t('scoreLabel')}</span></span>
      <button part="vote" type="button" data-vote="down" aria-label=${t.t('downvote')} aria-pressed=${votes.viewerVote === -1 ? 'true' : 'false'} ?disabled=${busy} @click=${cast(-1)}>▼</button>
    </div>`;
  }

  #error(key: string): TemplateResult | typeof nothing {
    const message = this.#errors.get(key);
    return message ? html`<p part="error" role="alert" data-error=${key}>${message}</p>` : nothing;
  }

  #renderBounty(detail: QuestionDetail, asker: boolean): TemplateResult | typeof nothing {
    const b = this.#b;
    const t = b.text();
    const bounty = detail.bounty;
    const q = detail.question;
    const offer = asker && !detail.acceptedAnswerId && bounty?.status !== 'open' && !detail.duplicateOf && q.status === 'published';
    if (!bounty && !offer) return nothing;
    const now = Date.now();
    const nameOf = (id: string | null) => detail.answers.find((a) => a.author.id === id)?.author.displayName ?? t.t('someone');
    let status: TemplateResult | typeof nothing = nothing;
    if (bounty?.status === 'open') {
      const grace = now >= Date.parse(bounty.expiresAt);
      const until = grace ? bounty.graceUntil : bounty.expiresAt;
      status = html`<p class="tag" data-bounty="open">${t.t('bountyOpen', { count: bounty.amount })}</p>
        <p>
          <time datetime=${until}>${t.t(grace ? 'bountyGrace' : 'bountyExpires', { time: relative(t, until, now), date: dateOf(until, t.locale) })}</time>
        </p>
        <p class="hint">${t.t('bountyRules', { min: MIN_UPVOTES })}</p>`;
    } else if (bounty) {
      const key: QaKey = bounty.status === 'paid' ? 'bountyPaid' : bounty.paidTo ? 'bountyExpiredPaid' : 'bountyExpiredNone';
      status = html`<p data-bounty=${bounty.status}>${t.t(key, { count: bounty.paidAmount, name: nameOf(bounty.paidTo) })}</p>`;
    }
    return html`<section part="bounty" class="bounty" aria-labelledby="qa-bounty">
      <h3 id="qa-bounty">${t.t('bountyHeading')}</h3>
      ${status} ${offer ? (this.#bountyOpen ? this.#renderBountyForm(detail) : html`<button type="button" data-action="offer-bounty" @click=${this.#openBounty}>${t.t('offerBounty')}</button>`) : nothing}
    </section>`;
  }

  #renderBountyForm(detail: QuestionDetail): TemplateResult {
    const t = this.#b.text();
    const standing = this.#balance.value?.data;
    return html`<form part="bounty-form" class="form" novalidate @submit=${(e: Event) => this.#offer(e, detail)}>
      <label for="qa-amount">${t.t('bountyAmount', { min: MIN, max: MAX })}</label>
      <input
        id="qa-amount"
        type="number"
        inputmode="numeric"
        min=${MIN}
        max=${MAX}
        step="10"
        aria-describedby="qa-balance qa-escrow"
        .value=${String(this.#amount)}
        @input=${(e: Event) => {
          this.#amount = Number((e.target as HTMLInputElement).value);
          this.#b.el.requestUpdate();
        }}
      />
      <p class="hint" id="qa-balance" data-balance=${standing?.balance ?? ''}>${standing ? t.t('balance', { count: standing.balance }) : t.t('balanceLoading')}</p>
      <p class="hint" id="qa-escrow">${t.t('bountyEscrow')}</p>
      ${this.#error('bounty')}
      <div class="actions">
        <button part="submit" class="primary" type="submit" ?disabled=${this.#busy !== null}>${t.t('offer', { count: Number.isFinite(this.#amount) ? this.#amount : 0 })}</button>
        <button type="button" @click=${() => this.#set(() => (this.#bountyOpen = false))}>${t.t('cancel')}</button>
      </div>
    </form>`;
  }

  #renderAnswerForm(detail: QuestionDetail): TemplateResult | typeof nothing {
    const b = this.#b;
    const t = b.text();
    if (!detail.answerable) return detail.question.locked ? html`<p part="notice" class="notice">${t.t('locked')}</p>` : nothing;
    if (!b.viewer()) return html`<p part="notice" class="notice">${t.t('signInToAnswer')}</p>`;
    const busy = this.#busy === 'answer';
    return html`<form part="answer-form" class="form" novalidate @submit=${(e: Event) => this.#answer(e, detail)}>
      <label for="qa-answer">${t.t('yourAnswer')}</label>
      <textarea
        id="qa-answer"
        rows="5"
        aria-describedby="qa-answer-hint"
        .value=${this.#draft}
        ?disabled=${busy}
        @input=${(e: Event) => (this.#draft = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <p class="hint" id="qa-answer-hint">${t.t('markdownHint')}</p>
      ${this.#error('answer')}
      <div class="actions">
        <button part="submit" class="primary" type="submit" ?disabled=${busy}>${t.t(busy ? 'posting' : 'postAnswer')}</button>
      </div>
    </form>`;
  }

  // --- actions ------------------------------------------------------------------------------

  /** Changes page state and re-renders. */
  #set(change: () => unknown): void {
    change();
    this.#b.el.requestUpdate();
  }

  /** Runs a write with `key` busy; a refusal is shown under `key` (in words for `special`) and reported. */
  async #write<T>(key: string, errorKey: string, action: 'create' | 'edit' | 'react', run: () => Promise<T>, special?: (error: HearthError) => QaKey | undefined): Promise<T | undefined> {
    const b = this.#b;
    this.#set(() => {
      this.#busy = key;
      this.#errors.delete(errorKey);
    });
    try {
      return await b.track(run());
    } catch (caught) {
      const error = caught as HearthError;
      this.#errors.set(errorKey, explain(b.text(), error, special?.(error)));
      b.report(error, action);
      return undefined;
    } finally {
      this.#set(() => (this.#busy = null));
    }
  }

  async #vote(questionId: string, type: 'post' | 'answer', id: string, value: VoteValue, own: boolean): Promise<void> {
    const b = this.#b;
    const client = b.client();
    if (!client) return;
    if (!b.viewer()) return this.#set(() => this.#errors.set(id, b.text().t('signInToVote')));
    await this.#write(id, id, 'react', () =>
      type === 'answer' ? voteAnswer(client, { questionId, answerId: id, value }) : voteQuestion(client, { questionId, value }),
      (error) => (error.code === 'forbidden' && own ? (type === 'answer' ? 'ownAnswerVote' : 'ownQuestionVote') : undefined),
    );
  }

  async #accept(detail: QuestionDetail, answer: Answer): Promise<void> {
    const b = this.#b;
    const client = b.client();
    if (!client) return;
    const questionId = detail.question.id;
    const result = await this.#write(answer.id, answer.id, 'edit', () => acceptAnswer(client, { questionId, answerId: answer.id }));
    if (!result) return;
    b.el.dispatchEvent(new CommunityAcceptEvent({ answerId: answer.id, question: result }));
    const t = b.text();
    const paid = result.bounty?.status === 'paid' && result.bounty.answerId === answer.id && detail.bounty?.status === 'open';
    announce(b, paid ? `${t.t('acceptedNow')} ${t.t('bountyPaid', { count: result.bounty!.paidAmount, name: answer.author.displayName })}` : t.t('acceptedNow'));
  }

  async #answer(e: Event, detail: QuestionDetail): Promise<void> {
    e.preventDefault();
    const b = this.#b;
    const client = b.client();
    if (!client || this.#busy) return;
    const body = this.#draft.trim();
    if (!body) return this.#set(() => this.#errors.set('answer', b.text().t('answerEmpty')));
    const questionId = detail.question.id;
    const answer = await this.#write('answer', 'answer', 'create', () => answerQuestion(client, { questionId, body }));
    if (!answer) return;
    this.#set(() => (this.#draft = ''));
    b.el.dispatchEvent(new CommunityAnswerEvent({ questionId, answer }));
    announce(b, b.text().t(answer.heldReason ? 'answerHeld' : 'answerPosted'));
  }

  #openBounty = (): void => {
    const client = this.#b.client();
    this.#set(() => (this.#bountyOpen = true));
    if (client && !this.#balance.value) this.#balance.setStore(bountyBalanceStore(client));
    void this.#b.el.updateComplete.then(() => this.#b.el.renderRoot.querySelector<HTMLInputElement>('#qa-amount')?.focus());
  };

  async #offer(e: Event, detail: QuestionDetail): Promise<void> {
    e.preventDefault();
    const b = this.#b;
    const t = b.text();
    const client = b.client();
    if (!client || this.#busy) return;
    const amount = this.#amount;
    const balance = this.#balance.value?.data?.balance;
    const problem =
      !Number.isInteger(amount) || amount < MIN || amount > MAX
        ? t.t('bountyRange', { min: MIN, max: MAX })
        : balance !== undefined && amount > balance
          ? t.t('bountyBalance', { count: balance })
          : '';
    if (problem) return this.#set(() => this.#errors.set('bounty', problem));
    const bounty = await this.#write('bounty', 'bounty', 'create', () => offerBounty(client, { questionId: detail.question.id, amount }));
    if (!bounty) return;
    this.#set(() => (this.#bountyOpen = false));
    announce(b, t.t('bountyOffered', { count: bounty.amount }));
  }
}
