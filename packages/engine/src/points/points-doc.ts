// Renders the tables of docs/points.md from the defaults the engine runs on, so the
// documented rules cannot drift from the enforced ones (points-doc.test.ts compares them).
import { BADGES, DEFAULT_COMMUNITY_SETTINGS, POINT_RULES, type PointRule, type PointsSettings } from '@hearth/protocol';

/** The markers around the generated part of docs/points.md. */
export const DOC_START = '<!-- points-tables:start (generated: HEARTH_WRITE_DOCS=1 npx vitest run packages/engine/src/points/points-doc.test.ts) -->';
export const DOC_END = '<!-- points-tables:end -->';

/** What earns or moves under each rule, one line each. */
export const RULE_NOTES: Record<PointRule, string> = {
  post: 'A feed post or question is published (held posts earn when approved).',
  reply: 'A comment or reply at any depth is published.',
  answer: "An answer is published; nothing for answering one's own question.",
  reaction_received: 'Another member reacts to your comment or post; one entry per reactor, reversed when they take it back. Nothing for reacting to yourself.',
  upvote_received: 'Another member upvotes your question, answer or feedback; reversed on un-vote. Nothing for voting for yourself.',
  answer_accepted: "Your answer is accepted; nothing when accepting one's own.",
  check_in: 'The daily check-in.',
  streak_bonus: 'A check-in that makes a streak of exactly one of the bonus lengths (see below).',
  feedback_planned: 'Your feedback moves to planned (once).',
  feedback_done: 'Your feedback moves to done (once).',
  report_upheld: 'A moderator upholds your report.',
  admin_adjustment: 'An admin adds or takes points with a reason (±10,000 at most); outside the caps, audited.',
  bounty_escrow: 'Points a member sets aside for a bounty (negative), or gets back (positive); outside the caps and lifetime points.',
  bounty_award: 'A bounty paid to the answer that won it; outside the caps and lifetime points.',
  reversal: 'Cancels one earlier rule-earned entry whose content was removed (or whose reaction or vote was taken back).',
};

const CAPPED = new Set<string>(['admin_adjustment', 'bounty_escrow', 'bounty_award', 'reversal']);

function amount(rule: PointRule, points: PointsSettings): string {
  if (rule === 'streak_bonus') return points.streakBonuses.map((b) => `+${b.points} (day ${b.days})`).join(', ');
  if (CAPPED.has(rule)) return '±';
  const value = points.rules[rule];
  return value === undefined || value === 0 ? '0' : value > 0 ? `+${value}` : String(value);
}

function cap(rule: PointRule): string {
  if (CAPPED.has(rule)) return 'no';
  return rule === 'reaction_received' || rule === 'upvote_received' ? 'daily + reactions' : 'daily';
}

const escape = (text: string) => text.replaceAll('|', '\\|');

/** The generated Markdown: rules, caps, streak bonuses, levels and badges. */
export function renderPointsTables(points: PointsSettings = DEFAULT_COMMUNITY_SETTINGS.points): string {
  const lines: string[] = [];
  lines.push('### Rules', '', '| Rule | Points | Capped | When |', '| --- | --: | --- | --- |');
  for (const rule of POINT_RULES) lines.push(`| \`${rule}\` | ${amount(rule, points)} | ${cap(rule)} | ${escape(RULE_NOTES[rule])} |`);
  lines.push(
    '',
    '### Caps',
    '',
    '| Cap | Default | Setting |',
    '| --- | --: | --- |',
    `| Rule-earned points per member per calendar day | ${points.dailyCap} | \`points.dailyCap\` |`,
    `| Of those, from reactions and upvotes received together | ${points.reactionDailyCap} | \`points.reactionDailyCap\` |`,
    '',
    '### Streak bonuses',
    '',
    '| Streak (days) | Bonus |',
    '| --: | --: |',
    ...points.streakBonuses.map((b) => `| ${b.days} | +${b.points} |`),
    '',
    '### Levels',
    '',
    '| Level | Lifetime points | English | 简体中文 | 繁體中文 |',
    '| --: | --: | --- | --- | --- |',
    ...[...points.levels].sort((a, b) => a.minPoints - b.minPoints).map((l) => `| ${l.level} | ${l.minPoints} | ${l.name} | ${l.names['zh-CN'] ?? l.name} | ${l.names['zh-TW'] ?? l.name} |`),
    '',
    '### Badges',
    '',
    '| Badge | English | 简体中文 | 繁體中文 | Earned when | Title granted |',
    '| --- | --- | --- | --- | --- | --- |',
    ...BADGES.map((b) => {
      const title = b.title ? `${b.title.name} / ${b.title.names['zh-CN']} / ${b.title.names['zh-TW']}` : '—';
      return `| \`${b.id}\` | ${b.name} | ${b.names['zh-CN']} | ${b.names['zh-TW']} | ${escape(b.criteria)} | ${title} |`;
    }),
  );
  return lines.join('\n');
}

/** The document with the generated part replaced; throws when a marker is missing. */
export function withPointsTables(doc: string, tables: string): string {
  const start = doc.indexOf(DOC_START);
  const end = doc.indexOf(DOC_END);
  if (start < 0 || end < start) throw new Error(`docs/points.md needs the markers ${DOC_START} and ${DOC_END}.`);
  return `${doc.slice(0, start + DOC_START.length)}\n${tables}\n${doc.slice(end)}`;
}
