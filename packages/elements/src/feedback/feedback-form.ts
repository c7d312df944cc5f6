// The feedback form, downloaded when the inline box first renders or a launcher or board is
// first pointed at: kinds, the score, the text, a guest's email, similar items while typing,
// sending, and the thank-you.
import { html, nothing, type TemplateResult } from 'lit';
import { createIdempotencyKey, similarFeedback, submitFeedback } from '@hearth/client';
import type { Feedback, FeedbackDetail, FeedbackKind, HearthError } from '@hearth/protocol';
import { CommunityFeedbackEvent } from './feedback-events.js';
import { errorText, type FeedbackHost, type FeedbackItems } from './feedback-items.js';

// FEEDBACK_KINDS' values: that constant sits beside the zod schemas in protocol's feedback.ts,
// and importing it would carry them into this chunk.
const FEEDBACK_KINDS: readonly FeedbackKind[] = ['idea', 'bug', 'praise', 'question', 'other'];

// How long typing pauses before similar items are looked up.
const SIMILAR_DELAY = 350;

/** One form's draft and what it is doing; renders into the widget's shadow root. */
export class FeedbackForm {
  readonly #host: FeedbackHost;
  readonly #items: FeedbackItems;
  #kind: FeedbackKind;
  #score: number | null = null;
  #title = '';
  #body = '';
  #email = '';
  #similar: Feedback[] = [];
  #busy = false;
  #error = '';
  #sent: FeedbackDetail | null = null;
  // One key per draft: a retry after a failure never creates twice.
  #key = createIdempotencyKey();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lookup: AbortController | undefined;

  constructor(host: FeedbackHost, items: FeedbackItems) {
    this.#host = host;
    this.#items = items;
    this.#kind = FEEDBACK_KINDS.includes(host.kind) ? host.kind : 'idea';
  }

  /** Stops a pending similar-items lookup. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#lookup?.abort();
  }

  render(): TemplateResult {
    const h = this.#host;
    const t = h.text;
    if (this.#sent) {
      return html`<div part="thanks" class="thanks" tabindex="-1">
        <p>${t.t('thanks')}</p>
        ${this.#sent.visibility === 'pending' ? html`<p class="notice">${t.t('thanksHeld')}</p>` : nothing}
        <button type="button" @click=${this.#again}>${t.t('sendAnother')}</button>
      </div>`;
    }
    const score = h.scoreFor(this.#kind);
    return html`<form part="form" class="form" novalidate @submit=${this.#submit}>
      <fieldset class="kinds" ?disabled=${this.#busy}>
        <legend>${t.t('kindLabel')}</legend>
        ${FEEDBACK_KINDS.map(
          (kind) => html`<label part="kind" class="chip">
            <input type="radio" name="kind" value=${kind} .checked=${this.#kind === kind} @change=${() => this.#set(() => ((this.#kind = kind), (this.#score = null)))} />
            <span>${t.kind(kind)}</span>
          </label>`,
        )}
      </fieldset>
      ${score ? this.#renderScore(score) : nothing}
      <label class="field" for="fb-title">${t.t('titleLabel')}</label>
      <input id="fb-title" name="title" maxlength="150" .value=${this.#title} ?disabled=${this.#busy} @input=${this.#typed('title')} />
      <label class="field" for="fb-body">${t.t('bodyLabel')}</label>
      <textarea id="fb-body" name="body" rows="4" required .value=${this.#body} ?disabled=${this.#busy} @input=${this.#typed('body')}></textarea>
      ${h.guestEmail
        ? html`<label class="field" for="fb-email">${t.t('emailLabel')}</label>
            <input id="fb-email" name="email" type="email" autocomplete="email" aria-describedby="fb-email-hint" .value=${this.#email} @input=${(e: Event) => (this.#email = (e.target as HTMLInputElement).value)} />
            <p class="hint" id="fb-email-hint">${t.t('emailHint')}</p>`
        : nothing}
      <div aria-live="polite">
        ${this.#similar.length
          ? html`<section part="similar" class="similar" aria-labelledby="fb-similar">
              <h3 id="fb-similar">${t.t('similar')}</h3>
              <ul role="list">
                ${this.#similar.map(
                  (item) => html`<li part="item" class="item">
                    ${this.#items.voteButton(item, (next) => this.#set(() => (this.#similar = this.#similar.map((old) => (old.id === next.id ? next : old)))))}
                    <div class="item-body">${this.#items.summary(item)}</div>
                  </li>`,
                )}
              </ul>
            </section>`
          : nothing}
      </div>
      <p class="hint">${t.t('pageNote')}</p>
      <div role="alert">${this.#error ? html`<p part="error" class="error">${this.#error}</p>` : nothing}</div>
      <button part="submit" class="primary" type="submit" ?disabled=${this.#busy}>${t.t(this.#busy ? 'sending' : 'submit')}</button>
    </form>`;
  }

  #renderScore(score: 'rating' | 'nps'): TemplateResult {
    const t = this.#host.text;
    const nps = score === 'nps';
    const values = nps ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [1, 2, 3, 4, 5];
    return html`<fieldset part="score" class="score ${score}" data-score=${score} aria-describedby=${nps ? 'fb-nps-hint' : nothing} ?disabled=${this.#busy}>
      <legend>${t.t(nps ? 'npsLabel' : 'ratingLabel')}</legend>
      <div class="scale">
        ${values.map(
          (value) => html`<label class="step">
            <input
              type="radio"
              name="score"
              value=${value}
              aria-label=${nps ? t.n(value) : t.t('stars', { count: value })}
              .checked=${this.#score === value}
              @change=${() => this.#set(() => (this.#score = value))}
            />
            <span aria-hidden="true">${nps ? t.n(value) : '★'}</span>
          </label>`,
        )}
      </div>
      ${nps ? html`<p class="hint" id="fb-nps-hint">${t.t('npsLow')} · ${t.t('npsHigh')}</p>` : nothing}
    </fieldset>`;
  }

  #set(change: () => unknown): void {
    change();
    this.#host.update();
  }

  #typed(field: 'title' | 'body') {
    return (event: Event): void => {
      const value = (event.target as HTMLInputElement).value;
      if (field === 'title') this.#title = value;
      else this.#body = value;
      if (this.#error && value.trim()) this.#set(() => (this.#error = ''));
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#findSimilar(), SIMILAR_DELAY);
    };
  }

  async #findSimilar(): Promise<void> {
    const client = this.#host.client;
    if (!client) return;
    this.#lookup?.abort();
    const lookup = (this.#lookup = new AbortController());
    const text = `${this.#title} ${this.#body}`;
    try {
      const found = await similarFeedback(client, text, { space: this.#host.board ?? null, limit: 3, signal: lookup.signal });
      if (lookup.signal.aborted) return;
      // One's own items are in "Your feedback" already.
      const own = client.viewer?.id;
      this.#set(() => (this.#similar = found.map((s) => s.feedback).filter((item) => item.author.id !== own)));
    } catch {
      // Suggestions are a help, not a step: a failed lookup shows none.
    }
  }

  #submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const h = this.#host;
    const client = h.client;
    if (!client || this.#busy) return;
    const form = event.currentTarget as HTMLFormElement;
    if (!this.#body.trim()) {
      this.#set(() => (this.#error = h.text.t('bodyEmpty')));
      form.querySelector<HTMLElement>('textarea')?.focus();
      return;
    }
    const score = h.scoreFor(this.#kind);
    this.#set(() => ((this.#busy = true), (this.#error = '')));
    try {
      const item = await submitFeedback(client, {
        kind: this.#kind,
        title: this.#title.trim() || null,
        body: this.#body,
        rating: score === 'rating' ? this.#score : null,
        nps: score === 'nps' ? this.#score : null,
        ...h.page(),
        ...(h.guestEmail && this.#email.trim() && { email: this.#email.trim() }),
        ...(h.board && { space: h.board }),
        idempotencyKey: this.#key,
      });
      this.dispose();
      this.#sent = item;
      h.el.dispatchEvent(new CommunityFeedbackEvent({ item }));
      h.announce(h.text.t('thanks'));
    } catch (error) {
      this.#error = errorText(h.text, error as HearthError);
      h.report(error as HearthError, 'create');
    } finally {
      this.#busy = false;
      h.update();
    }
    if (this.#sent) void h.el.updateComplete.then(() => h.el.renderRoot.querySelector<HTMLElement>('[part~="thanks"]')?.focus());
  };

  #again = (): void => {
    this.#sent = null;
    this.#title = this.#body = this.#email = '';
    this.#score = null;
    this.#similar = [];
    this.#key = createIdempotencyKey();
    this.#host.update();
    void this.#host.el.updateComplete.then(() => this.#host.el.renderRoot.querySelector<HTMLElement>('textarea')?.focus());
  };
}
