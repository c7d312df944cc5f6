// Staff's in-place poll form, downloaded only when a staff member opens it (`allow-create`).
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import { HearthError, POLL_TYPES, RESULTS_VISIBILITIES, type PollType, type PollView, type ResultsVisibility } from '@hearth/protocol';
// TODO(lead): from '@hearth/client' once its index exports poll-store.
import { createPoll } from '@hearth/client';
import type { Locale } from '../i18n/locale.js';
import type { PollText } from './messages.js';
import { errorText } from './poll-actions.js';

const TEXT = {
  en: {
    heading: 'New poll',
    question: 'Question',
    type: 'Type',
    options: 'Options, one per line',
    visibility: 'Who sees the results',
    create: 'Create poll',
    creating: 'Creating…',
    cancel: 'Cancel',
    single: 'Single choice',
    multiple: 'Multiple choice',
    ranked: 'Ranked choice',
    rating: 'Rating (1 to 5)',
    always: 'Everyone',
    after_vote: 'Those who voted',
    after_close: 'Everyone, once closed',
    staff_only: 'Staff only',
  },
  'zh-CN': {
    heading: '新建投票',
    question: '问题',
    type: '类型',
    options: '选项，每行一个',
    visibility: '谁能看到结果',
    create: '创建投票',
    creating: '正在创建…',
    cancel: '取消',
    single: '单选',
    multiple: '多选',
    ranked: '排序选择',
    rating: '评分（1 到 5）',
    always: '所有人',
    after_vote: '已投票的人',
    after_close: '截止后所有人',
    staff_only: '仅管理人员',
  },
  'zh-TW': {
    heading: '新增投票',
    question: '問題',
    type: '類型',
    options: '選項，每行一個',
    visibility: '誰能看到結果',
    create: '建立投票',
    creating: '正在建立…',
    cancel: '取消',
    single: '單選',
    multiple: '複選',
    ranked: '排序選擇',
    rating: '評分（1 到 5）',
    always: '所有人',
    after_vote: '已投票的人',
    after_close: '截止後所有人',
    staff_only: '僅管理人員',
  },
} satisfies Record<Locale, Record<string, string>>;

/** The New poll form: question, type, options and visibility; validation is the backend's. */
export class PollCreator {
  #busy = false;
  #error = '';
  // One key per filled form, so a retried Create after a lost answer never makes two polls.
  #key: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The widget's client and strings, read when needed. */
    private readonly context: () => [CommunityClient | null, PollText],
    /** The backend made the poll. */
    private readonly created: (view: PollView) => void,
  ) {}

  render(close: () => void): TemplateResult {
    const t = TEXT[this.context()[1].locale];
    return html`<form part="create" class="create" novalidate aria-labelledby="create-heading" @submit=${this.#submit} @input=${() => (this.#key = undefined)}>
      <h3 id="create-heading">${t.heading}</h3>
      <label>${t.question} <input name="question" required maxlength="300" /></label>
      <label
        >${t.type}
        <select name="type">
          ${POLL_TYPES.map((type) => html`<option value=${type}>${t[type]}</option>`)}
        </select>
      </label>
      <label>${t.options} <textarea name="options" rows="4"></textarea></label>
      <label
        >${t.visibility}
        <select name="visibility">
          ${RESULTS_VISIBILITIES.map((v) => html`<option value=${v}>${t[v]}</option>`)}
        </select>
      </label>
      <div class="actions">
        <button part="submit" class="primary" type="submit" ?disabled=${this.#busy}>${this.#busy ? t.creating : t.create}</button>
        <button part="action" type="button" data-action="cancel-create" @click=${close}>${t.cancel}</button>
      </div>
      <div role="alert">${this.#error ? html`<p part="error">${this.#error}</p>` : null}</div>
    </form>`;
  }

  #submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const [client, text] = this.context();
    if (!client || this.#busy) return;
    const data = new FormData(e.target as HTMLFormElement);
    const type = data.get('type') as PollType;
    const options = String(data.get('options') ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    this.#busy = true;
    this.#error = '';
    this.host.requestUpdate();
    try {
      const view = await createPoll(client, {
        question: String(data.get('question') ?? ''),
        type,
        ...(type !== 'rating' && { options }),
        resultsVisibility: data.get('visibility') as ResultsVisibility,
        idempotencyKey: (this.#key ??= crypto.getRandomValues(new Uint32Array(4)).join('-')),
      });
      this.#key = undefined;
      this.created(view);
    } catch (error) {
      await text.failures();
      this.#error = errorText(text, HearthError.is(error) ? error : new HearthError('internal', String(error)));
    }
    this.#busy = false;
    this.host.requestUpdate();
  };
}
