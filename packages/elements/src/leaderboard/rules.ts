// The "how to earn points" list: the community's own rules, caps, streak bonuses and levels.
// Downloaded apart from the element, on the first sign of intent (pointer over the widget,
// focus inside it) or when the disclosure opens, since a closed disclosure shows none of it.
import { html, nothing, type TemplateResult } from 'lit';
import type { CommunityInfoState } from './client.js';
import { localName } from './board.js';
import { englishText, type LeaderboardText, type RulesMessages } from './messages.js';

const en: RulesMessages = {
  rulesPoints: '{rule}: {points}',
  dailyCap: 'At most {count} point a day from these rules.|At most {count} points a day from these rules.',
  reactionCap: 'Of those, at most {count} from reactions and upvotes received.',
  streakBonuses: 'Streak bonuses',
  streakBonus: '{days} days in a row: +{points}',
  levels: 'Levels',
  levelAt: '{name}: from {count} points',
  // Each rule's name, by the key of the community's points.rules.
  rule_post: 'Publish a post or question',
  rule_reply: 'Comment or reply',
  rule_answer: 'Answer a question',
  rule_reaction_received: 'Receive a reaction',
  rule_upvote_received: 'Receive an upvote',
  rule_answer_accepted: 'Have your answer accepted',
  rule_check_in: 'Daily check-in',
  rule_feedback_planned: 'Your feedback is planned',
  rule_feedback_done: 'Your feedback ships',
  rule_report_upheld: 'A report of yours is upheld',
};
// English gains these; the Chinese tables carry their own.
Object.assign(englishText().table, en);

/** The message key of a points rule, if the widget can name it. */
function ruleKey(rule: string): keyof RulesMessages | undefined {
  const key = `rule_${rule}` as keyof RulesMessages;
  return Object.hasOwn(en, key) ? key : undefined;
}

/** The rules list, or why it is not there yet. */
export function renderRules(l: LeaderboardText, state: CommunityInfoState | undefined): TemplateResult {
  const points = state?.data?.points;
  const lang = l.locale;
  if (!points) return html`<p class="muted">${state?.status === 'error' ? `${l.t('loadError')} ${state.error?.message ?? ''}` : l.t('rulesLoading')}</p>`;
  const rules = Object.entries(points.rules).filter(([, value]) => value !== 0);
  return html`<ul class="rules">
      ${rules.map(([rule, value]) => {
        const key = ruleKey(rule);
        return html`<li data-rule=${rule}>${l.t('rulesPoints', { rule: key ? l.t(key) : rule, points: `${value > 0 ? '+' : ''}${l.n(value)}` })}</li>`;
      })}
    </ul>
    <p class="muted">${l.t('dailyCap', { count: points.dailyCap })} ${l.t('reactionCap', { count: points.reactionDailyCap })}</p>
    ${points.streakBonuses.length
      ? html`<h3>${l.t('streakBonuses')}</h3>
          <ul class="bonuses">
            ${points.streakBonuses.map((bonus) => html`<li>${l.t('streakBonus', { days: bonus.days, points: l.n(bonus.points) })}</li>`)}
          </ul>`
      : nothing}
    <h3>${l.t('levels')}</h3>
    <ul class="levels">
      ${points.levels.map((level) => html`<li>${l.t('levelAt', { name: localName(level, lang), count: level.minPoints })}</li>`)}
    </ul>`;
}
