// Staff's in-place poll form, downloaded only when a staff member opens it (`allow-create`).
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CommunityClient } from '@hearth/client';
import {
  HearthError,
  POLL_LIMITS,
  POLL_TYPES,
  RESULTS_VISIBILITIES,
  type CreatePollInput,
  type PollType,
  type PollView,
  type PollVoters,
  type ResultsVisibility,
} from '@hearth/protocol';
import { createPoll } from '@hearth/client';
import type { Locale } from '../i18n/locale.js';
import type { PollText } from './messages.js';
import { errorText, failures } from './poll-actions.js';

const TEXT = {
  en: {
    heading: 'New poll',
    question: 'Question',
    type: 'Kind',
    options: 'Options',
    option: 'Option {n}',
    addOption: 'Add option',
    removeOption: 'Remove option {n}',
    moveUp: 'Move option {n} up',
    moveDown: 'Move option {n} down',
    moved: 'Option moved to position {n}.',
    removed: 'Option removed.',
    reorderHint: 'Reorder with the arrows or Alt+Up/Down.',
    minPicks: 'Fewest choices',
    maxPicks: 'Most choices',
    picksHint: 'Empty: at least 1, at most all.',
    scale: 'Rating scale',
    scaleMin: 'From',
    scaleMax: 'To',
    scaleStep: 'Step',
    closesAt: 'Closes at (optional)',
    visibility: 'Who sees the results',
    voters: 'Voters',
    secret: 'Secret: nobody sees who voted for what',
    public: 'Public: whoever sees the results sees who voted',
    allowChange: 'Voters may change or withdraw their vote',
    create: 'Create poll',
    creating: 'Creating…',
    cancel: 'Cancel',
    checkFields: 'Please correct the fields marked below.',
    single: 'Single choice',
    multiple: 'Multiple choice',
    ranked: 'Ranked choice',
    rating: 'Rating',
    always: 'Everyone',
    after_vote: 'Those who voted',
    after_close: 'Everyone, once closed',
    staff_only: 'Staff only',
  },
  'zh-CN': {
    heading: '新建投票',
    question: '问题',
    type: '类型',
    options: '选项',
    option: '选项 {n}',
    addOption: '添加选项',
    removeOption: '删除选项 {n}',
    moveUp: '上移选项 {n}',
    moveDown: '下移选项 {n}',
    moved: '选项已移到第 {n} 位。',
    removed: '选项已删除。',
    reorderHint: '用箭头按钮或 Alt+上/下 调整顺序。',
    minPicks: '最少选几项',
    maxPicks: '最多选几项',
    picksHint: '留空：至少 1 项，至多全部。',
    scale: '评分范围',
    scaleMin: '从',
    scaleMax: '到',
    scaleStep: '步长',
    closesAt: '截止时间（可选）',
    visibility: '谁能看到结果',
    voters: '投票人',
    secret: '匿名：没有人能看到谁投了什么',
    public: '公开：能看到结果的人也能看到谁投了票',
    allowChange: '投票人可以修改或撤回投票',
    create: '创建投票',
    creating: '正在创建…',
    cancel: '取消',
    checkFields: '请修改下面标出的字段。',
    single: '单选',
    multiple: '多选',
    ranked: '排序选择',
    rating: '评分',
    always: '所有人',
    after_vote: '已投票的人',
    after_close: '截止后所有人',
    staff_only: '仅管理人员',
  },
  'zh-TW': {
    heading: '新增投票',
    question: '問題',
    type: '類型',
    options: '選項',
    option: '選項 {n}',
    addOption: '新增選項',
    removeOption: '刪除選項 {n}',
    moveUp: '上移選項 {n}',
    moveDown: '下移選項 {n}',
    moved: '選項已移到第 {n} 位。',
    removed: '選項已刪除。',
    reorderHint: '用箭頭按鈕或 Alt+上/下 調整順序。',
    minPicks: '最少選幾項',
    maxPicks: '最多選幾項',
    picksHint: '留空：至少 1 項，至多全部。',
    scale: '評分範圍',
    scaleMin: '從',
    scaleMax: '到',
    scaleStep: '間距',
    closesAt: '截止時間（選填）',
    visibility: '誰能看到結果',
    voters: '投票人',
    secret: '匿名：沒有人能看到誰投了什麼',
    public: '公開：能看到結果的人也能看到誰投了票',
    allowChange: '投票人可以修改或撤回投票',
    create: '建立投票',
    creating: '正在建立…',
    cancel: '取消',
    checkFields: '請修改下面標示的欄位。',
    single: '單選',
    multiple: '複選',
    ranked: '排序選擇',
    rating: '評分',
    always: '所有人',
    after_vote: '已投票的人',
    after_close: '截止後所有人',
    staff_only: '僅管理人員',
  },
} satisfies Record<Locale, Record<string, string>>;

type Strings = (typeof TEXT)['en'];

/** What the form holds, as typed (numbers stay strings until sent). */
interface Draft {
  question: string;
  type: PollType;
  options: string[];
  minPicks: string;
  maxPicks: string;
  scale: { min: string; max: string; step: string };
  closesAt: string;
  visibility: ResultsVisibility;
  voters: PollVoters;
  allowChange: boolean;
}

const fresh = (): Draft => ({
  question: '',
  type: 'single',
  options: ['', ''],
  minPicks: '',
  maxPicks: '',
  scale: { min: '1', max: '5', step: '1' },
  closesAt: '',
  visibility: 'always',
  voters: 'secret',
  allowChange: true,
});

const fill = (text: string, n: number) => text.replace('{n}', String(n));
const errorId = (path: string) => `c-${path.replace('.', '-')}-error`;

/**
 * The New poll form: question, kind, options (added, removed and reordered), the picks of a
 * multiple-choice poll, the scale of a rating poll, closing time, results visibility, secret
 * or public voters and changeable ballots. The backend validates; each problem it names in
 * `details.issues` is shown beside its field.
 */
export class PollCreator {
  #draft = fresh();
  #busy = false;
  #error = '';
  #status = '';
  /** The backend's message per field path (`question`, `options.1`, `scale.step`…). */
  #issues = new Map<string, string>();
  // One key per filled form, so a retried Create after a lost answer never makes two polls.
  #key: string | undefined;
  // Which draft option each sent option came from (blank ones are left out), to place errors.
  #sent: number[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The widget's client and strings, read when needed. */
    private readonly context: () => [CommunityClient | null, PollText],
    /** The backend made the poll. */
    private readonly created: (view: PollView) => void,
  ) {}

  render(close: () => void): TemplateResult {
    const t = TEXT[this.context()[1].locale];
    const d = this.#draft;
    const choice = d.type !== 'rating';
    return html`<form
      part="create"
      class="create"
      novalidate
      aria-labelledby="create-heading"
      @submit=${this.#submit}
      @input=${this.#edited}
      @change=${this.#edited}
    >
      <h3 id="create-heading">${t.heading}</h3>
      ${this.#field('question', t.question, html`<input id="c-question" name="question" maxlength=${POLL_LIMITS.questionMax} .value=${d.question} @input=${this.#text('question')} aria-invalid=${this.#ariaInvalid('question')} aria-describedby=${this.#errorId('question')} />`)}
      ${this.#field(
        'type',
        t.type,
        html`<select id="c-type" name="type" .value=${d.type} @change=${(e: Event) => this.#set({ type: (e.target as HTMLSelectElement).value as PollType })}>
          ${POLL_TYPES.map((type) => html`<option value=${type} ?selected=${type === d.type}>${t[type]}</option>`)}
        </select>`,
      )}
      ${choice ? this.#renderOptions(t) : this.#renderScale(t)}
      ${d.type === 'multiple'
        ? html`<div class="create-row">
            ${this.#field('minPicks', t.minPicks, this.#number('minPicks', d.minPicks, (v) => this.#set({ minPicks: v }), 1))}
            ${this.#field('maxPicks', t.maxPicks, this.#number('maxPicks', d.maxPicks, (v) => this.#set({ maxPicks: v }), 1))}
            <p class="hint" id="c-picks-hint">${t.picksHint}</p>
          </div>`
        : nothing}
      ${this.#field(
        'closesAt',
        t.closesAt,
        html`<input id="c-closesAt" name="closesAt" type="datetime-local" .value=${d.closesAt} @input=${this.#text('closesAt')} aria-invalid=${this.#ariaInvalid('closesAt')} aria-describedby=${this.#errorId('closesAt')} />`,
      )}
      ${this.#field(
        'resultsVisibility',
        t.visibility,
        html`<select id="c-resultsVisibility" name="visibility" @change=${(e: Event) => this.#set({ visibility: (e.target as HTMLSelectElement).value as ResultsVisibility })}>
          ${RESULTS_VISIBILITIES.map((v) => html`<option value=${v} ?selected=${v === d.visibility}>${t[v]}</option>`)}
        </select>`,
      )}
      ${this.#field(
        'voters',
        t.voters,
        html`<select id="c-voters" name="voters" @change=${(e: Event) => this.#set({ voters: (e.target as HTMLSelectElement).value as PollVoters })}>
          ${(['secret', 'public'] as const).map((v) => html`<option value=${v} ?selected=${v === d.voters}>${t[v]}</option>`)}
        </select>`,
      )}
      <label class="check"
        ><input type="checkbox" name="allowChange" .checked=${d.allowChange} @change=${(e: Event) => this.#set({ allowChange: (e.target as HTMLInputElement).checked })} />
        ${t.allowChange}</label
      >
      ${this.#error_('allowChange')}
      <div class="actions">
        <button part="submit" class="primary" type="submit" ?disabled=${this.#busy}>${this.#busy ? t.creating : t.create}</button>
        <button part="action" type="button" data-action="cancel-create" @click=${close}>${t.cancel}</button>
      </div>
      <div role="alert">${this.#error ? html`<p part="error">${this.#error}</p>` : nothing}</div>
      <div class="visually-hidden" role="status">${this.#status}</div>
    </form>`;
  }

  // Another request: a new idempotency key when it is sent.
  #edited = (): void => {
    this.#key = undefined;
  };

  #renderOptions(t: Strings): TemplateResult {
    const { options } = this.#draft;
    const last = options.length - 1;
    return html`<fieldset class="create-options" aria-describedby="c-reorder-hint${this.#issues.has('options') ? ' c-options-error' : ''}">
      <legend>${t.options}</legend>
      <p class="hint" id="c-reorder-hint">${t.reorderHint}</p>
      <ol>
        ${options.map((label, i) => {
          const n = i + 1;
          const path = `options.${i}`;
          return html`<li part="create-option" class="create-option" data-index=${i}>
            <input
              name="option"
              aria-label=${fill(t.option, n)}
              maxlength=${POLL_LIMITS.optionMax}
              .value=${label}
              aria-invalid=${this.#ariaInvalid(path)} aria-describedby=${this.#errorId(path)}
              @input=${(e: Event) => {
                options[i] = (e.target as HTMLInputElement).value;
                this.#clear(path);
              }}
              @keydown=${(e: KeyboardEvent) => {
                if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                e.preventDefault();
                this.#move(i, e.key === 'ArrowUp' ? -1 : 1, 'input');
              }}
            />
            <button type="button" data-move="up" aria-label=${fill(t.moveUp, n)} ?disabled=${i === 0} @click=${() => this.#move(i, -1, 'up')}>↑</button>
            <button type="button" data-move="down" aria-label=${fill(t.moveDown, n)} ?disabled=${i === last} @click=${() => this.#move(i, 1, 'down')}>↓</button>
            <button
              type="button"
              data-action="remove-option"
              aria-label=${fill(t.removeOption, n)}
              ?disabled=${options.length <= POLL_LIMITS.minOptions}
              @click=${() => this.#remove(i)}
            >
              ✕
            </button>
            ${this.#error_(path)}
          </li>`;
        })}
      </ol>
      <button type="button" data-action="add-option" ?disabled=${options.length >= POLL_LIMITS.maxOptions} @click=${this.#add}>${t.addOption}</button>
      ${this.#error_('options')}
    </fieldset>`;
  }

  #renderScale(t: Strings): TemplateResult {
    const { scale } = this.#draft;
    const part = (key: 'min' | 'max' | 'step', label: string) =>
      this.#field(`scale.${key}`, label, this.#number(`scale.${key}`, scale[key], (v) => this.#set({ scale: { ...this.#draft.scale, [key]: v } }), key === 'step' ? 'any' : undefined));
    return html`<fieldset class="create-row" aria-describedby=${this.#issues.has('scale') ? 'c-scale-error' : nothing}>
      <legend>${t.scale}</legend>
      ${part('min', t.scaleMin)} ${part('max', t.scaleMax)} ${part('step', t.scaleStep)} ${this.#error_('scale')}
    </fieldset>`;
  }

  /** A labelled control with the backend's message for `path` beside it. */
  #field(path: string, label: string, control: TemplateResult): TemplateResult {
    return html`<div class="create-field"><label for=${`c-${path}`}>${label}</label>${control}${this.#error_(path)}</div>`;
  }

  #number(path: string, value: string, set: (value: string) => void, min?: number | 'any'): TemplateResult {
    return html`<input
      id=${`c-${path}`}
      name=${path}
      type="number"
      inputmode="decimal"
      step=${min === 'any' ? 'any' : nothing}
      min=${typeof min === 'number' ? min : nothing}
      .value=${value}
      aria-invalid=${this.#ariaInvalid(path)} aria-describedby=${this.#errorId(path)}
      @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
    />`;
  }

  #ariaInvalid(path: string): 'true' | typeof nothing {
    return this.#issues.has(path) ? 'true' : nothing;
  }

  /** The id of the backend's message for `path`, while there is one. */
  #errorId(path: string): string | typeof nothing {
    return this.#issues.has(path) ? errorId(path) : nothing;
  }

  #error_(path: string): TemplateResult | typeof nothing {
    const message = this.#issues.get(path);
    return message ? html`<p part="field-error" class="field-error" id=${errorId(path)}>${message}</p>` : nothing;
  }

  #text(key: 'question' | 'closesAt') {
    return (e: Event) => {
      this.#draft[key] = (e.target as HTMLInputElement).value;
      this.#clear(key);
    };
  }

  #set(change: Partial<Draft>): void {
    Object.assign(this.#draft, change);
    for (const key of Object.keys(change)) this.#clear(key === 'visibility' ? 'resultsVisibility' : key, false);
    this.host.requestUpdate();
  }

  /** Forgets the backend's complaint about `path` (and its parts) once the field changes. */
  #clear(path: string, update = true): void {
    let changed = false;
    for (const key of [...this.#issues.keys()]) if (key === path || key.startsWith(`${path}.`)) changed = this.#issues.delete(key);
    if (changed && update) this.host.requestUpdate();
  }

  #add = (): void => {
    this.#edited();
    this.#draft.options.push('');
    this.#issues.delete('options');
    this.host.requestUpdate();
    void this.#focus(`[part~="create-option"][data-index="${this.#draft.options.length - 1}"] input`);
  };

  #remove(index: number): void {
    const { options } = this.#draft;
    this.#edited();
    options.splice(index, 1);
    this.#shiftIssues((i) => (i === index ? null : i > index ? i - 1 : i));
    this.#say(TEXT[this.context()[1].locale].removed);
    this.host.requestUpdate();
    const at = Math.min(index, options.length - 1);
    void this.#focus(`[part~="create-option"][data-index="${at}"] input`);
  }

  /** Moves option `index` by one place; focus stays with it (on the same button while it can still move). */
  #move(index: number, by: number, focus: 'up' | 'down' | 'input'): void {
    const { options } = this.#draft;
    const to = index + by;
    if (to < 0 || to >= options.length) return;
    this.#edited();
    [options[index], options[to]] = [options[to]!, options[index]!];
    this.#shiftIssues((i) => (i === index ? to : i === to ? index : i));
    this.#say(fill(TEXT[this.context()[1].locale].moved, to + 1));
    this.host.requestUpdate();
    const row = `[part~="create-option"][data-index="${to}"]`;
    const stillMoves = focus !== 'input' && (focus === 'up' ? to > 0 : to < options.length - 1);
    void this.#focus(stillMoves ? `${row} [data-move="${focus}"]` : `${row} input`);
  }

  /** Keeps each option's error with the option when the list changes. */
  #shiftIssues(map: (index: number) => number | null): void {
    const next = new Map<string, string>();
    for (const [path, message] of this.#issues) {
      const match = /^options\.(\d+)$/.exec(path);
      if (!match) next.set(path, message);
      else {
        const to = map(Number(match[1]));
        if (to !== null) next.set(`options.${to}`, message);
      }
    }
    this.#issues = next;
  }

  #say(message: string): void {
    this.#status = '';
    this.host.requestUpdate();
    void (this.host as unknown as { updateComplete: Promise<unknown> }).updateComplete.then(() => {
      this.#status = message;
      this.host.requestUpdate();
    });
  }

  async #focus(selector: string): Promise<void> {
    await (this.host as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }

  /** What the backend is sent: blank options left out, numbers as numbers, the time as ISO. */
  #input(): Omit<CreatePollInput, 'idempotencyKey'> {
    const d = this.#draft;
    const number = (value: string) => (value.trim() === '' ? undefined : Number(value));
    const input: Omit<CreatePollInput, 'idempotencyKey'> = {
      question: d.question,
      type: d.type,
      resultsVisibility: d.visibility,
      voters: d.voters,
      allowChange: d.allowChange,
    };
    this.#sent = [];
    if (d.type !== 'rating') {
      input.options = [];
      d.options.forEach((label, i) => {
        if (!label.trim()) return;
        this.#sent.push(i);
        input.options!.push(label);
      });
    }
    if (d.type === 'multiple') {
      const [minPicks, maxPicks] = [number(d.minPicks), number(d.maxPicks)];
      if (minPicks !== undefined) input.minPicks = minPicks;
      if (maxPicks !== undefined) input.maxPicks = maxPicks;
    }
    if (d.type === 'rating') {
      const { min, max, step } = d.scale;
      input.scale = { min: number(min) ?? 1, max: number(max) ?? 5, step: number(step) ?? 1 };
    }
    if (d.closesAt) {
      const at = new Date(d.closesAt);
      // A time the browser cannot read goes as typed, for the backend to name the problem.
      input.closesAt = Number.isNaN(at.getTime()) ? d.closesAt : at.toISOString();
    }
    return input;
  }

  /** The backend's field problems by the form's paths; true when every one has a field. */
  #place(error: HearthError): boolean {
    this.#issues = new Map();
    let placed = true;
    for (const { path, message } of error.details.issues ?? []) {
      // Options are numbered as sent; the form numbers every row, blank ones too.
      const option = /^options\.(\d+)/.exec(path);
      const key = option ? `options.${this.#sent[Number(option[1])] ?? 0}` : path;
      if (!FIELDS.has(option ? 'options.N' : key)) placed = false;
      else if (!this.#issues.has(key)) this.#issues.set(key, message);
    }
    return placed && this.#issues.size > 0;
  }

  #submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const [client, text] = this.context();
    if (!client || this.#busy) return;
    const input = this.#input();
    this.#busy = true;
    this.#error = '';
    this.#issues = new Map();
    this.host.requestUpdate();
    try {
      const view = await createPoll(client, { ...input, idempotencyKey: (this.#key ??= crypto.getRandomValues(new Uint32Array(4)).join('-')) });
      this.#key = undefined;
      this.#draft = fresh();
      this.created(view);
    } catch (error) {
      await failures(text);
      const failure = HearthError.is(error) ? error : new HearthError('internal', String(error));
      const t = TEXT[text.locale];
      this.#error = failure.code === 'validation' && this.#place(failure) ? t.checkFields : errorText(text, failure);
    }
    this.#busy = false;
    this.host.requestUpdate();
    if (this.#issues.size) void this.#focus('[aria-invalid="true"]');
  };
}

// Paths the form has a place for (`options.N` stands for any one option).
const FIELDS = new Set([
  'question',
  'type',
  'options',
  'options.N',
  'minPicks',
  'maxPicks',
  'scale',
  'scale.min',
  'scale.max',
  'scale.step',
  'closesAt',
  'resultsVisibility',
  'voters',
  'allowChange',
]);
