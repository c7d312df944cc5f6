// The list's rows: each question with its votes, answers, accepted mark, bounty, author and
// age; the empty notice and Show more. Downloaded with the list's first request (in parallel
// with it), so the rows are in when the questions are; the heading, Ask and the filters
// ship with the widget.
import { css, html, nothing, type CSSResult, type TemplateResult } from 'lit';
import type { QuestionListState } from '@hearth/client';
import type { HearthError, QuestionFilter, QuestionSummary } from '@hearth/protocol';
import '../member/define.js';
import { addEnglish, type QaKey, type QaText } from './messages.js';
import type { QaBridge } from './qa.js';

/** English for the rows; it comes with them. */
export const listEn = {
  loadError: 'The questions could not be loaded.',
  empty_new: 'No questions yet. Ask the first one.',
  empty_unanswered: 'Every question has an answer.',
  empty_top: 'No questions yet. Ask the first one.',
  empty_bounty: 'No question has an open bounty.',
  votes: '{count} vote|{count} votes',
  answers: '{count} answer|{count} answers',
  accepted: 'Accepted',
  bounty: '+{count} bounty',
  more: 'Show more',
};

addEnglish(listEn);

/** The rows' styles; the question page and the ask form use `.meta`, `.link`, `.ok` and `.tag` too. */
export const listStyles = css`
  .list {
    list-style: none;
    margin: 0 0 0.75em;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .row {
    display: grid;
    gap: 0.25em;
    padding: 0.6em 0.8em;
    border-radius: var(--_radius);
    background: var(--_raised);
  }
  .stats,
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.9em;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .link {
    border: 0;
    background: none;
    padding: 0;
    text-align: start;
    font-weight: 600;
    color: var(--_text);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .ok {
    color: var(--_success);
    font-weight: 600;
  }
  .tag {
    color: var(--_accent);
    font-weight: 600;
  }
`;

/**
 * Adds a part's styles after those the shadow root already has. The parts arrive in any
 * order, so each adds its own rather than replacing the others'.
 */
export function adopt(bridge: QaBridge, ...styles: CSSResult[]): void {
  const root = bridge.el.renderRoot as ShadowRoot;
  const sheets = styles.map((style) => style.styleSheet!);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((sheet) => !sheets.includes(sheet)), ...sheets];
}

/** Says `message` in the widget's polite live region (cleared first, so the same message is read again). */
export function announce(bridge: QaBridge, message: string): void {
  bridge.said = '';
  bridge.el.requestUpdate();
  void bridge.el.updateComplete.then(() => {
    bridge.said = message;
    bridge.el.requestUpdate();
  });
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const formats = new Map<string, Intl.RelativeTimeFormat>();

/** "in 3 days", "2 hours ago", in `t`'s language. */
export function relative(t: QaText, iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  const [unit, size] = UNITS.find(([, size]) => Math.abs(ms) >= size) ?? UNITS[2]!;
  let format = formats.get(t.locale);
  if (!format) formats.set(t.locale, (format = new Intl.RelativeTimeFormat(t.locale, { numeric: 'auto' })));
  return format.format(Math.round(ms / size), unit);
}

/**
 * What the backend refused, for a reader: in English the backend's own message (it is
 * written to be shown), elsewhere the message for its code, or `special` when given.
 */
export function explain(t: QaText, error: HearthError, special?: QaKey): string {
  // Every code has its `error_<code>` string in each Chinese table.
  return t.locale === 'en' ? error.message : t.t(special ?? `error_${error.code}`);
}

export class QaList {
  readonly #b: QaBridge;

  constructor(bridge: QaBridge) {
    this.#b = bridge;
    adopt(bridge, listStyles);
  }

  /**
   * The rows of a page of `filter`'s questions (its empty notice if none) and Show more
   * while there are more; or why the page could not be loaded, with `retry`.
   */
  render(state: QuestionListState, filter: QuestionFilter, more: () => void, retry: () => void): TemplateResult {
    const t = this.#b.text();
    const page = state.data;
    if (!page) {
      return html`<div part="error" class="error-box" role="alert">
        <p>${t.t('loadError')} ${explain(t, state.error!)}</p>
        <button type="button" @click=${retry}>${t.t('retry')}</button>
      </div>`;
    }
    return page.items.length === 0
      ? html`<p part="notice" class="notice">${t.t(`empty_${filter}`)}</p>`
      : html`<ol part="list" class="list" aria-busy=${state.isFetching ? 'true' : 'false'}>
            ${page.items.map((item) => this.#renderRow(t, item))}
          </ol>
          ${page.nextCursor ? html`<button part="more" type="button" @click=${more}>${t.t('more')}</button>` : nothing}`;
  }

  #renderRow(t: QaText, { question, answerCount, accepted, votes, bounty }: QuestionSummary): TemplateResult {
    const b = this.#b;
    return html`<li part="question-row" class="row" data-question=${question.id}>
      <div class="stats">
        <span part="stat">${t.t('votes', { count: votes.score })}</span>
        <span part="stat" class=${accepted ? 'ok' : ''}>${t.t('answers', { count: answerCount })}</span>
        ${accepted ? html`<span part="accepted-mark" class="ok">✓ ${t.t('accepted')}</span>` : nothing}
        ${bounty?.status === 'open' ? html`<span part="bounty-tag" class="tag">${t.t('bounty', { count: bounty.amount })}</span>` : nothing}
      </div>
      <button part="question-link" class="link" type="button" @click=${() => b.open(question.id)}>${question.title ?? ''}</button>
      <div class="meta">
        <community-member-chip compact .client=${b.client()} .member=${question.author}></community-member-chip>
        <time datetime=${question.createdAt}>${relative(t, question.createdAt, Date.now())}</time>
      </div>
    </li>`;
  }
}
