import { describe, expect, it } from 'vitest';
import { memberChannel, type MemberCard, type Role, type Viewer } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

/** A viewer who has taken part (one comment, or a profile for a guest), so the community knows them. */
async function joined(h: Harness, name: string, role: Role = 'member'): Promise<Viewer> {
  const viewer = await h.as(name, role);
  if (role === 'guest') await h.group('community').updateProfile({ headline: 'Just visiting' }, { viewer });
  else await h.post(viewer, h.thread(`joined-${name}`), `Hello from ${name}`);
  return viewer;
}

/** Every card of a listing, walking all pages. */
async function everyone(h: Harness, viewer: Viewer, input: { query?: string; role?: Role; limit?: number }): Promise<MemberCard[]> {
  const cards: MemberCard[] = [];
  let cursor: string | undefined;
  do {
    const page = await h.group('members').listMembers({ ...input, cursor }, { viewer });
    cards.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return cards;
}

/** Conformance for the members group: cards, the member list, roles and titles. */
export function membersConformance(suite: Suite): void {
  describe('members', () => {
    describe('getCard', () => {
      it('shows anyone a member\'s card: who, since when, points, level, title, badges', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const joinedAt = new Date(h.now).toISOString();
        const ada = await joined(h, 'Ada');
        h.advance(60_000);
        const card = await h.group('members').getCard({ memberId: ada.id }, { viewer: null });
        expect(card).toMatchObject({ member: { id: ada.id, displayName: 'Ada', role: 'member' }, joinedAt, title: null, mutedUntil: null, bannedUntil: null });
        expect(card.lifetimePoints).toBeGreaterThanOrEqual(0);
        expect(card.balance).toBeGreaterThanOrEqual(0);
        expect(card.level).toMatchObject({ level: expect.any(Number), name: expect.any(String) });
        expect(Array.isArray(card.badges)).toBe(true);
        expect(card.streak).toBeGreaterThanOrEqual(0);
        expect(await h.group('members').getCard({ memberId: ada.id }, { viewer: await h.as('Bob') })).toEqual(card);
      });

      it('says not_found for someone never seen, naming memberId, and validates the id', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const members = h.group('members');
        const stranger = await h.as('Stranger');
        await expectError(members.getCard({ memberId: stranger.id }, { viewer: null }), 'not_found', 'memberId');
        await expectError(members.getCard({ memberId: '' }, { viewer: null }), 'validation', 'memberId');
        await expectError(members.getCard({ memberId: 'x'.repeat(129) }, { viewer: null }), 'validation', 'memberId');
      });
    });

    describe('listMembers', () => {
      it('lists members newest first, searching names case-insensitively anywhere in them, CJK included', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const tag = h.key();
        const first = await joined(h, `Ada Lovelace ${tag}`);
        h.advance(1000);
        const second = await joined(h, `Bob Ada ${tag}`);
        h.advance(1000);
        const third = await joined(h, `王小明 ${tag}`);
        const mod = await h.as('Mod', 'moderator');
        const ids = (cards: MemberCard[]) => cards.map((c) => c.member.id);
        expect(ids(await everyone(h, mod, { query: tag }))).toEqual([third.id, second.id, first.id]);
        expect(ids(await everyone(h, mod, { query: `ada lovelace ${tag}`.toUpperCase() }))).toEqual([first.id]);
        expect(ids(await everyone(h, mod, { query: `小明 ${tag}` }))).toEqual([third.id]);
        expect(await everyone(h, mod, { query: `nobody-${tag}` })).toEqual([]);
        const page = await h.group('members').listMembers({ query: tag }, { viewer: mod });
        expect(page.items[0]).toMatchObject({ member: { id: third.id, displayName: `王小明 ${tag}` }, joinedAt: expect.any(String) });
      });

      it('walks cursor pages without gaps or repeats, even among members who joined at the same moment', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const tag = h.key();
        const made: string[] = [];
        for (let i = 0; i < 7; i++) {
          made.push((await joined(h, `Page ${i} ${tag}`)).id);
          if (i % 3 === 2) h.advance(1000);
        }
        const mod = await h.as('Mod', 'moderator');
        const first = await h.group('members').listMembers({ query: tag, limit: 3 }, { viewer: mod });
        expect(first.items).toHaveLength(3);
        expect(first.nextCursor).not.toBeNull();
        const all = await everyone(h, mod, { query: tag, limit: 3 });
        expect(all.map((c) => c.member.id).sort()).toEqual([...made].sort());
        const times = all.map((c) => Date.parse(c.joinedAt!));
        expect([...times].sort((a, b) => b - a)).toEqual(times);
        const last = await h.group('members').listMembers({ query: tag, limit: 7 }, { viewer: mod });
        expect(last.nextCursor).toBeNull();
      });

      it('filters by role, an assigned role counting over the claimed one', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const tag = h.key();
        const volunteer = await joined(h, `Vee ${tag}`, 'volunteer');
        const promoted = await joined(h, `Pat ${tag}`);
        const plain = await joined(h, `Max ${tag}`);
        const owner = await h.owner();
        await h.group('members').setRole({ memberId: promoted.id, role: 'volunteer' }, { viewer: owner });
        const ids = async (role: Role) => (await everyone(h, owner, { query: tag, role })).map((c) => c.member.id).sort();
        expect(await ids('volunteer')).toEqual([volunteer.id, promoted.id].sort());
        expect(await ids('member')).toEqual([plain.id]);
        expect(await ids('admin')).toEqual([]);
      });

      it('is for volunteers and up; rejects bad cursors and limits by name', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const members = h.group('members');
        for (const role of ['owner', 'admin', 'moderator', 'volunteer'] as const) {
          const page = await members.listMembers({ limit: 1 }, { viewer: await h.as(`A ${role}`, role) });
          expect(Array.isArray(page.items)).toBe(true);
        }
        for (const role of ['member', 'guest'] as const) await expectError(members.listMembers({}, { viewer: await h.as(`A ${role}`, role) }), 'forbidden');
        await expectError(members.listMembers({}, { viewer: null }), 'unauthorized');
        const mod = await h.as('Mod', 'moderator');
        await expectError(members.listMembers({ cursor: 'not-a-cursor' }, { viewer: mod }), 'validation', 'cursor');
        await expectError(members.listMembers({ limit: 0 }, { viewer: mod }), 'validation', 'limit');
        await expectError(members.listMembers({ limit: 101 }, { viewer: mod }), 'validation', 'limit');
        await expectError(members.listMembers({ role: 'king' as never }, { viewer: mod }), 'validation', 'role');
        await expectError(members.listMembers({ query: 'x'.repeat(101) }, { viewer: mod }), 'validation', 'query');
      });
    });

    describe('setRole', () => {
      it('lets an admin make a member a moderator, effective from the member\'s next call', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const members = h.group('members');
        const pat = await joined(h, 'Pat');
        await expectError(members.listMembers({}, { viewer: pat }), 'forbidden');
        const card = await members.setRole({ memberId: pat.id, role: 'moderator', reason: 'Runs the Q&A' }, { viewer: await h.as('Admin', 'admin') });
        expect(card.member).toMatchObject({ id: pat.id, role: 'moderator' });
        // Pat's own claims still say member; the assigned role wins everywhere.
        expect((await h.adapter.getSession({ viewer: pat })).viewer).toMatchObject({ id: pat.id, role: 'moderator' });
        expect((await members.getCard({ memberId: pat.id }, { viewer: null })).member.role).toBe('moderator');
        await members.listMembers({}, { viewer: pat });
        const spam = await h.post(await joined(h, 'Spammer'), h.thread('spam'), 'Buy now');
        expect((await h.adapter.hideComment({ postId: spam.id }, { viewer: pat })).status).toBe('hidden');
      });

      it('overrides a claimed role downwards too: a demoted admin can no longer change settings', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const exAdmin = await joined(h, 'Ex', 'admin');
        await h.group('community').updateSettings({ rulesText: 'Mine' }, { viewer: exAdmin });
        await h.group('members').setRole({ memberId: exAdmin.id, role: 'member' }, { viewer: await h.owner() });
        await expectError(h.group('community').updateSettings({ rulesText: 'Still mine?' }, { viewer: exAdmin }), 'forbidden');
        expect((await h.group('community').getInfo({}, { viewer: null })).rulesText).toBe('Mine');
        // Clearing the assignment hands back the role the host site claims.
        const restored = await h.group('members').setRole({ memberId: exAdmin.id, role: null }, { viewer: await h.owner() });
        expect(restored.member.role).toBe('admin');
        await h.group('community').updateSettings({ rulesText: 'Mine again' }, { viewer: exAdmin });
      });

      it('keeps the hierarchy: admins up to moderator, owners up to admin, only owners touch equals', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const members = h.group('members');
        const owner = await h.owner();
        const admin = await joined(h, 'Admin', 'admin');
        const otherAdmin = await joined(h, 'Other admin', 'admin');
        const otherOwner = await joined(h, 'Co-owner', 'owner');
        const mod = await joined(h, 'Mod', 'moderator');
        const pat = await joined(h, 'Pat');
        const role = async (v: Viewer) => (await members.getCard({ memberId: v.id }, { viewer: null })).member.role;

        await expectError(members.setRole({ memberId: pat.id, role: 'admin' }, { viewer: admin }), 'forbidden');
        await expectError(members.setRole({ memberId: pat.id, role: 'owner' }, { viewer: admin }), 'forbidden');
        await expectError(members.setRole({ memberId: otherAdmin.id, role: 'member' }, { viewer: admin }), 'forbidden');
        await expectError(members.setRole({ memberId: otherOwner.id, role: 'member' }, { viewer: admin }), 'forbidden');
        await expectError(members.setRole({ memberId: admin.id, role: 'moderator' }, { viewer: admin }), 'forbidden');
        await expectError(members.setRole({ memberId: pat.id, role: 'owner' }, { viewer: owner }), 'forbidden');
        await expectError(members.setRole({ memberId: owner.id, role: 'admin' }, { viewer: owner }), 'forbidden');
        expect([await role(pat), await role(otherAdmin), await role(otherOwner), await role(admin)]).toEqual(['member', 'admin', 'owner', 'admin']);

        expect((await members.setRole({ memberId: mod.id, role: 'volunteer' }, { viewer: admin })).member.role).toBe('volunteer');
        expect((await members.setRole({ memberId: pat.id, role: 'moderator' }, { viewer: admin })).member.role).toBe('moderator');
        expect((await members.setRole({ memberId: pat.id, role: 'admin' }, { viewer: owner })).member.role).toBe('admin');
        // Pat now ranks as high as the admin, so only an owner may change Pat again.
        await expectError(members.setRole({ memberId: pat.id, role: 'member' }, { viewer: admin }), 'forbidden');
        expect((await members.setRole({ memberId: otherAdmin.id, role: 'member' }, { viewer: owner })).member.role).toBe('member');
        expect((await members.setRole({ memberId: otherOwner.id, role: 'admin' }, { viewer: owner })).member.role).toBe('admin');
      });

      it('is for admins and owners only', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const members = h.group('members');
        const pat = await joined(h, 'Pat');
        for (const role of ['moderator', 'volunteer', 'member', 'guest'] as const) {
          await expectError(members.setRole({ memberId: pat.id, role: 'guest' }, { viewer: await h.as(`A ${role}`, role) }), 'forbidden');
        }
        await expectError(members.setRole({ memberId: pat.id, role: 'guest' }, { viewer: null }), 'unauthorized');
        expect((await members.getCard({ memberId: pat.id }, { viewer: null })).member.role).toBe('member');
      });

      it('says not_found for someone never seen and names bad fields', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const members = h.group('members');
        const owner = await h.owner();
        const pat = await joined(h, 'Pat');
        await expectError(members.setRole({ memberId: (await h.as('Ghost')).id, role: 'moderator' }, { viewer: owner }), 'not_found', 'memberId');
        await expectError(members.setRole({ memberId: pat.id, role: 'king' as never }, { viewer: owner }), 'validation', 'role');
        await expectError(members.setRole({ memberId: '', role: 'member' }, { viewer: owner }), 'validation', 'memberId');
        await expectError(members.setRole({ memberId: pat.id, role: 'member', reason: 'x'.repeat(501) }, { viewer: owner }), 'validation', 'reason');
        expect((await members.getCard({ memberId: pat.id }, { viewer: null })).member.role).toBe('member');
      });

      it('writes an audit entry with the old and new role, once per change', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        suite.needs(h, ctx, 'moderation');
        const members = h.group('members');
        const admin = await joined(h, 'Admin', 'admin');
        const pat = await joined(h, 'Pat');
        await members.setRole({ memberId: pat.id, role: 'volunteer', reason: 'Helps newcomers' }, { viewer: admin });
        await members.setRole({ memberId: pat.id, role: 'volunteer', reason: 'Again' }, { viewer: admin });
        const audit = await h.group('moderation').listAudit({ target: `member:${pat.id}` }, { viewer: admin });
        expect(audit.items).toHaveLength(1);
        expect(audit.items[0]).toMatchObject({ action: 'member.role', actor: { id: admin.id }, target: `member:${pat.id}`, reason: 'Helps newcomers', data: { from: 'member', to: 'volunteer' } });
      });

      it('announces the new role on the member\'s channel', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        suite.needs(h, ctx, 'realtime');
        const pat = await joined(h, 'Pat');
        const log = h.listen(memberChannel(pat.id));
        await h.group('members').setRole({ memberId: pat.id, role: 'moderator' }, { viewer: await h.owner() });
        const event = await log.next((e) => e.type === 'member.changed');
        expect(event).toMatchObject({ channel: memberChannel(pat.id), memberId: pat.id, change: 'role', card: { member: { id: pat.id, role: 'moderator' } } });
        log.unsubscribe();
      });

      it('applies many changes made at once, each exactly', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const owner = await h.owner();
        const people = await Promise.all(Array.from({ length: 6 }, (_, i) => joined(h, `P${i}`)));
        const roles: Role[] = ['admin', 'moderator', 'volunteer', 'guest', 'moderator', 'volunteer'];
        await Promise.all(people.map((p, i) => h.group('members').setRole({ memberId: p.id, role: roles[i]! }, { viewer: owner })));
        const after = await Promise.all(people.map((p) => h.group('members').getCard({ memberId: p.id }, { viewer: null })));
        expect(after.map((c) => c.member.role)).toEqual(roles);
      });
    });

    describe('setTitle', () => {
      it('lets admins grant and take away a title, shown on the card to everyone', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const members = h.group('members');
        const pat = await joined(h, 'Pat');
        const admin = await h.as('Admin', 'admin');
        expect((await members.setTitle({ memberId: pat.id, title: '  烘焙达人  ' }, { viewer: admin })).title).toBe('烘焙达人');
        expect((await members.getCard({ memberId: pat.id }, { viewer: null })).title).toBe('烘焙达人');
        expect((await members.setTitle({ memberId: pat.id, title: null }, { viewer: admin })).title).toBeNull();
        expect((await members.getCard({ memberId: pat.id }, { viewer: null })).title).toBeNull();
      });

      it('refuses anyone below admin and bad titles, and changes nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const members = h.group('members');
        const owner = await h.owner();
        const pat = await joined(h, 'Pat');
        await members.setTitle({ memberId: pat.id, title: 'Regular' }, { viewer: owner });
        for (const role of ['moderator', 'volunteer', 'member', 'guest'] as const) {
          await expectError(members.setTitle({ memberId: pat.id, title: 'Hacker' }, { viewer: await h.as(`A ${role}`, role) }), 'forbidden');
        }
        await expectError(members.setTitle({ memberId: pat.id, title: 'Hacker' }, { viewer: null }), 'unauthorized');
        await expectError(members.setTitle({ memberId: pat.id, title: '   ' }, { viewer: owner }), 'validation', 'title');
        await expectError(members.setTitle({ memberId: pat.id, title: 'x'.repeat(25) }, { viewer: owner }), 'validation', 'title');
        await expectError(members.setTitle({ memberId: (await h.as('Ghost')).id, title: 'Boo' }, { viewer: owner }), 'not_found', 'memberId');
        expect((await members.getCard({ memberId: pat.id }, { viewer: null })).title).toBe('Regular');
      });

      it('is audited and announced', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        suite.needs(h, ctx, 'moderation');
        suite.needs(h, ctx, 'realtime');
        const pat = await joined(h, 'Pat');
        const owner = await h.owner();
        const log = h.listen(memberChannel(pat.id));
        await h.group('members').setTitle({ memberId: pat.id, title: 'Helper' }, { viewer: owner });
        expect(await log.next((e) => e.type === 'member.changed')).toMatchObject({ memberId: pat.id, change: 'title', card: { title: 'Helper' } });
        log.unsubscribe();
        const audit = await h.group('moderation').listAudit({ target: `member:${pat.id}`, action: 'member.title' }, { viewer: owner });
        expect(audit.items).toHaveLength(1);
        expect(audit.items[0]).toMatchObject({ actor: { id: owner.id }, data: { from: null, to: 'Helper' } });
      });
    });
  });
}
