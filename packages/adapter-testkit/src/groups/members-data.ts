import { describe, expect, it } from 'vitest';
import { ERASED_MEMBER_NAME, MEMBER_EXPORT_SECTIONS, type Viewer } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

/**
 * A member who has done a bit of everything another member can see: a comment with a reply
 * from Bob, a reaction on Bob's comment, a ballot, a feedback item, a report and a check-in.
 */
async function busyMember(h: Harness) {
  await h.allowBursts();
  const ada = await h.as('Ada');
  const bob = await h.as('Bob');
  const admin = await h.as('Admin', 'admin');
  const thread = h.thread('gdpr');
  const mine = await h.post(ada, thread, 'Ada writes here');
  h.advance(1000);
  const reply = await h.post(bob, thread, 'Bob answers Ada', mine.id);
  h.advance(1000);
  const bobs = await h.post(bob, thread, 'Bob on his own');
  const emoji = h.settings.reactions[0]!;
  await h.adapter.toggleReaction({ postId: bobs.id, emoji }, { viewer: ada });
  const poll = await h.group('polls').createPoll({ question: 'Which?', type: 'single', options: ['Red', 'Blue'], idempotencyKey: h.key() }, { viewer: admin });
  await h.group('polls').vote({ pollId: poll.poll.id, choices: [poll.poll.options[0]!.id] }, { viewer: ada });
  const feedback = await h.group('feedback').submitFeedback({ kind: 'idea', title: 'Dark mode', body: 'Please add a dark theme.', idempotencyKey: h.key() }, { viewer: ada });
  await h.group('moderation').report({ target: { type: 'comment', id: bobs.id }, reason: 'spam', note: 'Ada thinks so' }, { viewer: ada });
  await h.group('gamification').checkIn({}, { viewer: ada });
  await h.group('gamification').adjustPoints({ memberId: ada.id, delta: 5, reason: 'Helped at the meetup' }, { viewer: admin });
  return { ada, bob, admin, thread, mine, reply, bobs, emoji, poll, feedback };
}

/** Every audit entry, newest first, as the owner reads the log. */
async function auditLog(h: Harness): Promise<Array<{ action: string; target: string; data: Record<string, unknown> }>> {
  const page = await h.group('moderation').listAudit({ limit: 100 }, { viewer: await h.owner() });
  return page.items as never;
}

/** Conformance for member data: badges granted by hand, GDPR export and erasure. */
export function membersDataConformance(suite: Suite): void {
  describe('member data', () => {
    describe('grantBadge and revokeBadge', () => {
      it('grants a badge by hand as if earned (its title included), once, audited; revoking takes both away', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        await h.post(ada, h.thread('badge'), 'Hello');
        const admin = await h.as('Admin', 'admin');
        const g = h.group('gamification');
        const granted = await g.grantBadge({ memberId: ada.id, badge: 'streak_30', reason: 'Ran the 30-day challenge' }, { viewer: admin });
        expect(granted.badges.map((b) => b.badge)).toContain('streak_30');
        expect(granted.title).toBe('Streak Master');
        expect((await h.group('members').getCard({ memberId: ada.id }, { viewer: null })).title).toBe('Streak Master');
        const again = await g.grantBadge({ memberId: ada.id, badge: 'streak_30' }, { viewer: admin });
        expect(again.badges.filter((b) => b.badge === 'streak_30')).toHaveLength(1);
        const grants = (await auditLog(h)).filter((e) => e.action === 'badge.grant' && e.target === `member:${ada.id}`);
        expect(grants).toHaveLength(1);

        const revoked = await g.revokeBadge({ memberId: ada.id, badge: 'streak_30' }, { viewer: admin });
        expect(revoked.badges.map((b) => b.badge)).not.toContain('streak_30');
        expect(revoked.title).toBeNull();
        expect(await g.revokeBadge({ memberId: ada.id, badge: 'streak_30' }, { viewer: admin })).toEqual(revoked);
        expect((await auditLog(h)).filter((e) => e.action === 'badge.revoke')).toHaveLength(1);
      });

      it('refuses moderators, unknown badges and unknown members, changing nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        await h.post(ada, h.thread('badge-refused'), 'Hello');
        const g = h.group('gamification');
        const admin = await h.as('Admin', 'admin');
        await expectError(g.grantBadge({ memberId: ada.id, badge: 'first_post' }, { viewer: await h.as('Mod', 'moderator') }), 'forbidden');
        await expectError(g.grantBadge({ memberId: ada.id, badge: 'nope' as never }, { viewer: admin }), 'validation', 'badge');
        await expectError(g.grantBadge({ memberId: `${ada.id}-nobody`, badge: 'first_post' }, { viewer: admin }), 'not_found', 'memberId');
        expect((await g.listBadges({ memberId: ada.id }, { viewer: null })).map((b) => b.badge)).not.toContain('monthly_top3');
        expect((await h.group('members').getCard({ memberId: ada.id }, { viewer: null })).badges).toEqual(await g.listBadges({ memberId: ada.id }, { viewer: null }));
      });
    });

    describe('exportData', () => {
      it('hands an admin everything stored about a member, section by section, and audits the export', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const { ada, admin, mine, bobs, poll, feedback } = await busyMember(h);
        const data = await h.group('members').exportData({ memberId: ada.id }, { viewer: admin });
        expect(data).toMatchObject({ format: 'hearth.member-export.v1', memberId: ada.id, card: { member: { id: ada.id, displayName: 'Ada' } }, member: { id: ada.id, displayName: 'Ada' } });
        for (const section of MEMBER_EXPORT_SECTIONS) expect(Array.isArray(data[section]), section).toBe(true);
        expect(data.comments.map((c) => c.id)).toEqual([mine.id]);
        expect(data.comments[0]).toMatchObject({ body: 'Ada writes here', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
        expect(data.reactions.map((r) => r.postId)).toEqual([bobs.id]);
        expect(data.ballots.map((b) => b.pollId)).toEqual([poll.poll.id]);
        expect(data.feedback.map((f) => f.id)).toEqual([feedback.id]);
        expect(data.reports).toEqual([expect.objectContaining({ ref: `comment:${bobs.id}`, note: 'Ada thinks so' })]);
        expect(data.checkins).toHaveLength(1);
        expect(data.ledger.some((e) => e.rule === 'admin_adjustment' && e.reason === 'Helped at the meetup')).toBe(true);
        expect(data.moderation.some((e) => e.action === 'points.adjust')).toBe(true);
        expect(data.activity.length).toBeGreaterThan(0);
        const exports = (await auditLog(h)).filter((e) => e.action === 'member.export');
        expect(exports).toEqual([expect.objectContaining({ target: `member:${ada.id}` })]);
      });

      it('is for admins only, and says not_found for someone never seen', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const ada = await h.as('Ada');
        await h.post(ada, h.thread('export-refused'), 'Hello');
        const members = h.group('members');
        await expectError(members.exportData({ memberId: ada.id }, { viewer: await h.as('Mod', 'moderator') }), 'forbidden');
        await expectError(members.exportData({ memberId: ada.id }, { viewer: ada }), 'forbidden');
        await expectError(members.exportData({ memberId: `${ada.id}-nobody` }, { viewer: await h.as('Admin', 'admin') }), 'not_found', 'memberId');
      });
    });

    describe('eraseMember', () => {
      it('anonymise: content stays under "Deleted member", counts stay, the member and their points go; a repeat says so', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const { ada, bob, admin, thread, mine, reply, bobs, emoji, poll, feedback } = await busyMember(h);
        const before = await h.list(bob, thread);
        const board = await h.group('gamification').leaderboard({ period: 'all', limit: 100 }, { viewer: null });
        expect(board.items.map((r) => r.member.id)).toContain(ada.id);

        const result = await h.group('members').eraseMember({ memberId: ada.id, content: 'anonymise' }, { viewer: admin });
        expect(result).toMatchObject({ memberId: ada.id, content: 'anonymise', alreadyErased: false, counts: { comments: 1, reactions: 1, ballots: 1, feedback: 1, reports: 1, checkins: 1, member: 1 } });

        const after = await h.list(bob, thread);
        expect(after.thread.commentCount).toBe(before.thread.commentCount);
        const kept = after.items.find((p) => p.id === mine.id)!;
        expect(kept).toMatchObject({ body: 'Ada writes here', status: 'published', author: { displayName: ERASED_MEMBER_NAME } });
        expect(kept.author.id).not.toBe(ada.id);
        expect(after.replies.find((p) => p.id === reply.id)?.replyTo?.authorName).toBe(ERASED_MEMBER_NAME);
        expect(after.items.find((p) => p.id === bobs.id)?.reactions[emoji]).toBe(1);
        const tally = await h.group('polls').getPoll({ pollId: poll.poll.id }, { viewer: admin });
        expect(tally.poll.totalBallots).toBe(1);
        const item = await h.group('feedback').getFeedback({ feedbackId: feedback.id }, { viewer: admin });
        expect(item.author.displayName).toBe(ERASED_MEMBER_NAME);

        await expectError(h.group('members').getCard({ memberId: ada.id }, { viewer: admin }), 'not_found', 'memberId');
        const boardAfter = await h.group('gamification').leaderboard({ period: 'all', limit: 100 }, { viewer: null });
        expect(boardAfter.items.map((r) => r.member.id)).not.toContain(ada.id);
        expect(boardAfter.items.map((r) => r.member.displayName)).not.toContain('Ada');

        // The log says an erasure ran, never whose: no entry names Ada any more.
        const log = await auditLog(h);
        expect(log.filter((e) => e.action === 'member.erase')).toHaveLength(1);
        expect(JSON.stringify(log)).not.toContain(ada.id);

        const again = await h.group('members').eraseMember({ memberId: ada.id, content: 'remove' }, { viewer: admin });
        expect(again).toEqual({ ...result, alreadyErased: true });
        expect((await h.list(bob, thread)).items.find((p) => p.id === mine.id)?.body).toBe('Ada writes here');
      });

      it('remove: their content is deleted, replies by others stay, counts follow', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const { ada, bob, admin, thread, mine, reply, feedback } = await busyMember(h);
        const before = await h.list(bob, thread);
        await h.group('members').eraseMember({ memberId: ada.id, content: 'remove' }, { viewer: admin });
        const after = await h.list(bob, thread);
        expect(after.thread.commentCount).toBe(before.thread.commentCount - 1);
        const gone = after.items.find((p) => p.id === mine.id);
        expect(gone).toMatchObject({ status: 'deleted', body: '' });
        expect(gone?.author.displayName).toBe(ERASED_MEMBER_NAME);
        expect(after.replies.find((p) => p.id === reply.id)).toMatchObject({ body: 'Bob answers Ada', status: 'published' });
        await expectError(h.group('feedback').getFeedback({ feedbackId: feedback.id }, { viewer: bob }), 'not_found');
      });

      it('refuses owners, oneself, moderators and unknown members, changing nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const owner = await h.owner();
        await h.post(owner, h.thread('erase-owner'), 'I run this place');
        const admin = await h.as('Admin', 'admin');
        await h.post(admin, h.thread('erase-admin'), 'I help');
        const ada = await h.as('Ada');
        await h.post(ada, h.thread('erase-ada'), 'Hello');
        const members = h.group('members');
        await expectError(members.eraseMember({ memberId: owner.id, content: 'remove' }, { viewer: admin }), 'forbidden');
        await expectError(members.eraseMember({ memberId: admin.id, content: 'remove' }, { viewer: admin }), 'forbidden');
        await expectError(members.eraseMember({ memberId: ada.id, content: 'remove' }, { viewer: await h.as('Mod', 'moderator') }), 'forbidden');
        await expectError(members.eraseMember({ memberId: ada.id, content: 'shred' as never }, { viewer: admin }), 'validation', 'content');
        await expectError(members.eraseMember({ memberId: `${ada.id}-nobody`, content: 'remove' }, { viewer: admin }), 'not_found', 'memberId');
        for (const who of [owner, admin, ada] as Viewer[]) expect((await members.getCard({ memberId: who.id }, { viewer: null })).member.id).toBe(who.id);
        expect((await h.list(null, h.thread('erase-ada'))).items[0]?.body).toBe('Hello');
      });
    });
  });
}
