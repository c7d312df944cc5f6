import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUEST_CONDITIONS, ROLES, permissionMatrix } from '@hearth/protocol';
import { DOC, END, START, renderPermissionsTable, withTable } from './docs-permissions.mjs';

describe('docs/permissions.md', () => {
  const doc = readFileSync(DOC, 'utf8');
  const table = renderPermissionsTable({ matrix: permissionMatrix(), roles: ROLES, guestConditions: GUEST_CONDITIONS });

  it('prints exactly the permission matrix the engine enforces (fix: node scripts/docs-permissions.mjs --write)', () => {
    expect(doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim()).toBe(table);
    expect(withTable(doc, table)).toBe(doc);
  });

  it('has one row per action and one column per role, each cell ✓ or —', () => {
    const rows = table.split('\n').slice(2);
    expect(rows).toHaveLength(permissionMatrix().length);
    for (const [i, row] of permissionMatrix().entries()) {
      const cells = rows[i].split('|').slice(3, -1).map((c) => c.trim());
      expect(rows[i]).toContain(`\`${row.action}\``);
      expect(cells).toEqual(ROLES.map((role) => (row.roles[role] ? (role === 'guest' && GUEST_CONDITIONS[row.action] ? '✓*' : '✓') : '—')));
    }
  });
});
