import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BADGES, DEFAULT_COMMUNITY_SETTINGS, POINT_RULES } from '@hearth/protocol';
import { DOC_END, DOC_START, RULE_NOTES, renderPointsTables, withPointsTables } from './points-doc.js';

const DOC = fileURLToPath(new URL('../../../../docs/points.md', import.meta.url));

describe('docs/points.md', () => {
  const tables = renderPointsTables();
  let doc = readFileSync(DOC, 'utf8');
  if (process.env.HEARTH_WRITE_DOCS === '1') {
    const next = withPointsTables(doc, tables);
    if (next !== doc) writeFileSync(DOC, (doc = next));
  }

  it('prints exactly the default rules, caps, levels and badges (fix: HEARTH_WRITE_DOCS=1 npx vitest run packages/engine/src/points/points-doc.test.ts)', () => {
    expect(doc.slice(doc.indexOf(DOC_START) + DOC_START.length, doc.indexOf(DOC_END)).trim()).toBe(tables);
  });

  it('documents every rule, level and badge', () => {
    expect(Object.keys(RULE_NOTES).sort()).toEqual([...POINT_RULES].sort());
    for (const rule of POINT_RULES) expect(tables).toContain(`| \`${rule}\` |`);
    for (const [rule, points] of Object.entries(DEFAULT_COMMUNITY_SETTINGS.points.rules)) expect(tables).toContain(`| \`${rule}\` | +${points} |`);
    for (const level of DEFAULT_COMMUNITY_SETTINGS.points.levels) expect(tables).toContain(`| ${level.level} | ${level.minPoints} | ${level.name} | ${level.names['zh-CN']} |`);
    for (const badge of BADGES) expect(tables).toContain(`| \`${badge.id}\` | ${badge.name} | ${badge.names['zh-CN']} |`);
    expect(tables).toContain('Streak Master / 坚持达人');
  });
});
