// The ask form: title, details, "similar questions" while the title is typed (debounced),
// and an optional bounty offered with the question. Downloaded when Ask is pressed or on
// the first sign of intent over the list.
import { html, nothing, type TemplateResult } from 'lit';
import { askQuestion, bountyBalanceStore, offerBounty, similarQuestions, type LoadState } from '@hearth/client';
import type { Bounty, HearthError, PointsStanding, SimilarQuestion } from '@hearth/protocol';
import { StoreController } from '../controllers/store-controller.js';
import { pageEn } from './messages-en-page.js';
import { addEnglish } from './messages.js';
import { CommunityAskEvent } from './qa-events.js';
import type { QaBridge } from './qa.js';
import { adopt, announce, explain, listStyles } from './qa-list.js';
import { pageStyles } from './qa-page.js';

addEnglish(pageEn);

const MIN = 50;
const MAX = 500;
// Long enough to let a word finish, short enough to feel like it answers the typing.
const DEBOUNCE_MS = 300;

export class QaAsk {
  readonly #b: QaBridge;
  readonly #balance: StoreController<LoadState<PointsStanding>>;
  #title = '';
  #body = '';
  #withBounty = false;
  #amount = 100;
  #similar: SimilarQuestion[] = [];
  #timer?: ReturnType<typeof setTimeout>;
  #asked = 0;
  #busy = false;
  #error = '';

  constructor(bridge: QaBridge) {
    this.#b = bridge;
    this.#balance = new StoreController(bridge.el);
    adopt(bridge, listStyles, pageStyles);
    // A pending lookup ends with the widget.
    bridge.el.addController({ hostDisconnected: () => this.stop() });
  }

  /** Stops a pending similar-questions lookup (the form was left or the widget removed). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#asked++;
  }

  render(): TemplateResult {
    const b = this.#b;
    const t = b.text();
    const heading = html`<h2 id="qa-heading" part="heading">${t.t('askHeading')}</h2>`;
    if (!b.canAsk()) {
      return html`${heading}
        <p part="notice" class="notice">${t.t('signInToAsk')}</p>
        <button type="button" @click=${b.back}>${t.t('back')}</button>`;
    }
    const standing = this.#balance.value?.data;
    return html`${heading}
      <form part="ask-form" class="form" novalidate @submit=${this.#submit}>
        <label for="qa-title">${t.t('title')}</label>
        <input id="qa-title" name="title" autocomplete="off" maxlength="200" aria-describedby="qa-title-hint" .value=${this.#title} @input=${this.#onTitle} />
        <p class="hint" id="qa-title-hint">${t.t('titleHint')}</p>
        <div part="similar" aria-live="polite">
          ${this.#similar.length
            ? html`<p class="hint">${t.t('similar')}</p>
                <ul class="similar">
                  ${this.#similar.map(
                    ({ question, answerCount, accepted }) =>
                      html`<li data-question=${question.id}>
                        <button class="link" type="button" @click=${() => b.open(question.id)}>${question.title ?? ''}</button>
                        <span class="hint">${accepted ? '✓ ' : ''}${t.t('similarAnswers', { count: answerCount })}</span>
                      </li>`,
                  )}
                </ul>`
            : nothing}
        </div>
        <label for="qa-body">${t.t('details')}</label>
        <textarea id="qa-body" name="body" rows="6" aria-describedby="qa-body-hint" .value=${this.#body} @input=${(e: Event) => (this.#body = (e.target as HTMLTextAreaElement).value)}></textarea>
        <p class="hint" id="qa-body-hint">${t.t('markdownHint')}</p>
        <label>
          <input type="checkbox" name="bounty" .checked=${this.#withBounty} @change=${this.#toggleBounty} />
          ${t.t('withBounty')}
        </label>
        ${this.#withBounty
          ? html`<label for="qa-ask-amount">${t.t('bountyAmount', { min: MIN, max: MAX })}</label>
              <input
                id="qa-ask-amount"
                type="number"
                inputmode="numeric"
                min=${MIN}
                max=${MAX}
                step="10"
                aria-describedby="qa-ask-balance"
                .value=${String(this.#amount)}
                @input=${(e: Event) => (this.#amount = Number((e.target as HTMLInputElement).value))}
              />
              <p class="hint" id="qa-ask-balance" data-balance=${standing?.balance ?? ''}>
                ${standing ? t.t('balance', { count: standing.balance }) : t.t('balanceLoading')} ${t.t('bountyEscrow')}
              </p>`
          : nothing}
        ${this.#error ? html`<p part="error" role="alert">${this.#error}</p>` : nothing}
        <div class="actions">
          <button part="submit" class="primary" type="submit" ?disabled=${this.#busy}>${t.t(this.#busy ? 'posting' : 'postQuestion')}</button>
          <button type="button" @click=${b.back}>${t.t('cancel')}</button>
        </div>
      </form>`;
  }

  #update(): void {
    this.#b.el.requestUpdate();
  }

  #onTitle = (e: Event): void => {
    this.#title = (e.target as HTMLInputElement).value;
    clearTimeout(this.#timer);
    const text = this.#title.trim();
    // Two characters already say something in Chinese; in English they rarely do, but cost little.
    if (text.length < 2) {
      this.#asked++;
      if (this.#similar.length) {
        this.#similar = [];
        this.#update();
      }
      return;
    }
    this.#timer = setTimeout(() => void this.#lookUp(text), DEBOUNCE_MS);
  };

  async #lookUp(text: string): Promise<void> {
    const client = this.#b.client();
    if (!client) return;
    const asked = ++this.#asked;
    try {
      const found = await this.#b.track(similarQuestions(client, { space: this.#b.space(), text, limit: 5 }));
      // A later keystroke asked again: its answer wins.
      if (asked !== this.#asked) return;
      this.#similar = found;
      this.#update();
    } catch {
      // Suggestions are a help, not the task: a failed lookup leaves the form as it is.
    }
  }

  #toggleBounty = (e: Event): void => {
    this.#withBounty = (e.target as HTMLInputElement).checked;
    const client = this.#b.client();
    if (this.#withBounty && client && !this.#balance.value) this.#balance.setStore(bountyBalanceStore(client));
    this.#update();
  };

  #submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const b = this.#b;
    const t = b.text();
    const client = b.client();
    if (!client || this.#busy) return;
    const title = this.#title.trim();
    const body = this.#body.trim();
    const balance = this.#balance.value?.data?.balance;
    const amount = this.#amount;
    this.#error = !title
      ? t.t('titleEmpty')
      : !body
        ? t.t('bodyEmpty')
        : !this.#withBounty
          ? ''
          : !Number.isInteger(amount) || amount < MIN || amount > MAX
            ? t.t('bountyRange', { min: MIN, max: MAX })
            : balance !== undefined && amount > balance
              ? t.t('bountyBalance', { count: balance })
              : '';
    if (this.#error) return this.#update();
    this.#busy = true;
    this.#update();
    try {
      const question = await b.track(askQuestion(client, { space: b.space(), title, body }));
      let bounty: Bounty | null = null;
      let message = t.t(question.status === 'published' ? 'asked_now' : 'askHeld');
      if (this.#withBounty) {
        try {
          bounty = await b.track(offerBounty(client, { questionId: question.id, amount }));
        } catch (caught) {
          const error = caught as HearthError;
          message = t.t('bountyFailed', { reason: explain(t, error) });
          b.report(error, 'create');
        }
      }
      this.#title = this.#body = '';
      this.#similar = [];
      this.#withBounty = false;
      b.el.dispatchEvent(new CommunityAskEvent({ question, bounty }));
      b.open(question.id);
      announce(b, message);
    } catch (caught) {
      const error = caught as HearthError;
      this.#error = explain(t, error);
      b.report(error, 'create');
    } finally {
      this.#busy = false;
      this.#update();
    }
  };
}
