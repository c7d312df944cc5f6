import { html, type TemplateResult } from 'lit';
import type { LeaderboardText } from './messages.js';

/** The loading placeholder (three bones and the words for screen readers): the whole body until the board is in, then its panel until the data is. */
export function renderSkeleton(l: LeaderboardText): TemplateResult {
  return html`<div class="skeleton" aria-busy="true">
    <span class="visually-hidden">${l.t('loading')}</span>
    <div class="bone"></div>
    <div class="bone"></div>
    <div class="bone"></div>
  </div>`;
}
