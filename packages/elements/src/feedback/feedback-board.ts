// The public idea board, downloaded only by `mode="board"`: the list with upvotes, the
// status filter and sort, and the roadmap's columns.
import { html, nothing, type TemplateResult } from 'lit';
import type { Feedback, FeedbackSort, FeedbackStatus } from '@hearth/protocol';
import type { BoardState } from './feedback.js';
import type { FeedbackItems, PartText } from './feedback-items.js';

// FEEDBACK_STATUSES' values, without the zod schemas beside them in protocol's feedback.ts.
const FEEDBACK_STATUSES: readonly FeedbackStatus[] = ['open', 'under_review', 'planned', 'in_progress', 'done', 'declined', 'duplicate'];

/** The board for `state`: the view switch, then the list with its filters or the roadmap. */
export function renderBoard(h: FeedbackItems, t: PartText, state: BoardState): TemplateResult {
  const view = (name: BoardState['view'], key: 'board' | 'roadmap') =>
    html`<button type="button" data-view=${name} aria-pressed=${state.view === name ? 'true' : 'false'} @click=${() => state.set({ view: name })}>${t.t(key)}</button>`;
  return html`<div part="views" class="views" role="group" aria-label=${t.t('views')}>${view('list', 'board')}${view('roadmap', 'roadmap')}</div>
    ${state.view === 'roadmap' ? roadmap(h, t, state) : list(h, t, state)}`;
}

function list(h: FeedbackItems, t: PartText, state: BoardState): TemplateResult {
  const items = state.list?.data?.items;
  return html`<div part="filters" class="filters">
      <label>
        <span>${t.t('statusFilter')}</span>
        <select @change=${(e: Event) => state.set({ status: (e.target as HTMLSelectElement).value as FeedbackStatus | '' })}>
          <option value="" ?selected=${!state.status}>${t.t('allStatuses')}</option>
          ${FEEDBACK_STATUSES.map((status) => html`<option value=${status} ?selected=${state.status === status}>${t.status(status)}</option>`)}
        </select>
      </label>
      <label>
        <span>${t.t('sort')}</span>
        <select @change=${(e: Event) => state.set({ sort: (e.target as HTMLSelectElement).value as FeedbackSort })}>
          <option value="votes" ?selected=${state.sort === 'votes'}>${t.t('sortVotes')}</option>
          <option value="new" ?selected=${state.sort === 'new'}>${t.t('sortNew')}</option>
        </select>
      </label>
    </div>
    ${!items
      ? state.list?.error
        ? nothing
        : html`<p class="notice" aria-busy="true">${t.t('loading')}</p>`
      : items.length
        ? html`<ul class="list" role="list" aria-busy=${state.list?.isFetching ? 'true' : 'false'}>
            ${items.map((item) => row(h, item, 3))}
          </ul>`
        : html`<p class="notice">${t.t('boardEmpty')}</p>`}`;
}

function row(h: FeedbackItems, item: Feedback, level: number): TemplateResult {
  return html`<li part="item" class="item" data-id=${item.id}>${h.voteButton(item)}<div class="item-body">${h.summary(item, level)}</div></li>`;
}

function roadmap(h: FeedbackItems, t: PartText, state: BoardState): TemplateResult {
  const columns = state.roadmap?.data?.columns;
  if (!columns) return state.roadmap?.error ? html`` : html`<p class="notice" aria-busy="true">${t.t('loading')}</p>`;
  return html`<div part="roadmap" class="roadmap">
    ${columns.map(
      (column) => html`<section part="column" class="column" data-status=${column.status} aria-labelledby="col-${column.status}">
        <h3 id="col-${column.status}">${t.status(column.status)} <span class="count">(${t.n(column.items.length)})</span></h3>
        ${column.items.length
          ? html`<ul role="list">${column.items.map((item) => row(h, item, 4))}</ul>`
          : html`<p class="notice">${t.t('columnEmpty')}</p>`}
      </section>`,
    )}
  </div>`;
}
