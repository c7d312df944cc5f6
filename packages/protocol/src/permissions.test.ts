import { describe, expect, it, vi } from 'vitest';
import { ROLES, type Role } from './roles.js';
import { PERMISSION_NAMES, allows, assignableRoles, highestAssignable, outranks, roleChangeRefusal } from './permissions.js';
import { PERMISSION_MEANINGS, permissionMatrix } from './permission-matrix.js';

// Widgets import the table to leave out what the viewer cannot do; it must not pull zod in.
vi.mock('zod/mini', () => {
  throw new Error('zod was loaded');
});

// The matrix, pinned cell by cell: columns owner admin moderator volunteer member guest.
// Changing who may do what is a product decision; it must show up as a change here and in
// docs/permissions.md, never slip in through an edit of the table alone.
const PINNED = `
read             ✓ ✓ ✓ ✓ ✓ ✓
comment          ✓ ✓ ✓ ✓ ✓ ✓
post             ✓ ✓ ✓ ✓ ✓ —
announce         ✓ ✓ ✓ — — —
react            ✓ ✓ ✓ ✓ ✓ —
vote_poll        ✓ ✓ ✓ ✓ ✓ ✓
send_feedback    ✓ ✓ ✓ ✓ ✓ ✓
check_in         ✓ ✓ ✓ ✓ ✓ —
report           ✓ ✓ ✓ ✓ ✓ —
offer_bounty     ✓ ✓ ✓ ✓ ✓ —
create_poll      ✓ ✓ ✓ — — —
review           ✓ ✓ ✓ ✓ — —
moderate         ✓ ✓ ✓ — — —
curate           ✓ ✓ ✓ — — —
discipline       ✓ ✓ ✓ — — —
triage_feedback  ✓ ✓ ✓ — — —
view_insights    ✓ ✓ ✓ — — —
manage           ✓ ✓ — — — —
assign_roles     ✓ ✓ — — — —
`;

const pinned = PINNED.trim()
  .split('\n')
  .map((line) => {
    const [action, ...cells] = line.trim().split(/\s+/);
    return { action: action!, cells: cells.map((c) => c === '✓') };
  });

describe('the permission matrix', () => {
  it('has exactly the pinned actions, in order', () => {
    expect(PERMISSION_NAMES).toEqual(pinned.map((row) => row.action));
  });

  for (const row of pinned) {
    for (const [i, role] of ROLES.entries()) {
      const expected = row.cells[i]!;
      it(`${role} ${expected ? 'may' : 'may not'} ${row.action}`, () => {
        expect(allows(role, row.action as never)).toBe(expected);
        expect(permissionMatrix().find((r) => r.action === row.action)!.roles[role]).toBe(expected);
      });
    }
  }

  it('never gives a role something a more powerful role lacks', () => {
    for (const action of PERMISSION_NAMES) {
      for (let i = 1; i < ROLES.length; i++) {
        if (allows(ROLES[i]!, action)) expect(allows(ROLES[i - 1]!, action), `${ROLES[i - 1]} lacks ${action}`).toBe(true);
      }
    }
  });

  it('gives every action a one-line meaning', () => {
    for (const row of permissionMatrix()) {
      expect(row.meaning).toBe(PERMISSION_MEANINGS[row.action]);
      expect(row.meaning).toMatch(/^\S.*\.$/);
      expect(row.meaning).not.toContain('\n');
    }
  });
});

describe('role assignment rules', () => {
  const member = (id: string, role: Role) => ({ id, role });

  it('lets owners assign up to admin and admins up to moderator, nobody else anything', () => {
    expect(highestAssignable('owner')).toBe('admin');
    expect(highestAssignable('admin')).toBe('moderator');
    for (const role of ['moderator', 'volunteer', 'member', 'guest'] as const) {
      expect(highestAssignable(role)).toBeNull();
      expect(assignableRoles(role)).toEqual([]);
    }
    expect(assignableRoles('owner')).toEqual(['admin', 'moderator', 'volunteer', 'member', 'guest']);
    expect(assignableRoles('admin')).toEqual(['moderator', 'volunteer', 'member', 'guest']);
  });

  it('ranks roles strictly', () => {
    expect(outranks('owner', 'admin')).toBe(true);
    expect(outranks('admin', 'admin')).toBe(false);
    expect(outranks('member', 'moderator')).toBe(false);
  });

  it('refuses changes above the actor, of equals (but for owners), of oneself, and by non-admins', () => {
    const admin = member('a', 'admin');
    const owner = member('o', 'owner');
    expect(roleChangeRefusal(admin, member('m', 'member'), 'moderator')).toBeNull();
    expect(roleChangeRefusal(admin, member('v', 'moderator'), 'member')).toBeNull();
    expect(roleChangeRefusal(admin, member('m', 'member'), 'admin')).toMatch(/up to moderator/);
    expect(roleChangeRefusal(admin, member('b', 'admin'), 'member')).toMatch(/owner/);
    expect(roleChangeRefusal(admin, member('o2', 'owner'), 'member')).toMatch(/owner/);
    expect(roleChangeRefusal(admin, admin, 'moderator')).toMatch(/your own/);
    expect(roleChangeRefusal(owner, member('b', 'admin'), 'member')).toBeNull();
    expect(roleChangeRefusal(owner, member('o2', 'owner'), 'admin')).toBeNull();
    expect(roleChangeRefusal(owner, member('m', 'member'), 'owner')).toMatch(/up to admin/);
    expect(roleChangeRefusal(owner, owner, 'admin')).toMatch(/your own/);
    expect(roleChangeRefusal(member('x', 'moderator'), member('m', 'member'), 'volunteer')).toMatch(/Only admins/);
  });
});
