import { describe, expect, it } from 'vitest';
import {
  GUEST_CONDITIONS,
  PERMISSION_NAMES,
  ROLES,
  allows,
  type AdapterCapabilities,
  type Permission,
  type Role,
  type Viewer,
} from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

type Capability = Exclude<keyof AdapterCapabilities, 'persistence'>;

/**
 * One representative operation per action. `setup` builds what the attempt acts on (as
 * other people: the owner, an author) and may prepare the viewer's own things when their
 * role lets them; `attempt` is the one call whose outcome the matrix decides.
 */
interface Row<W = unknown> {
  action: Permission;
  /** What the operation is, for the test name. */
  via: string;
  needs: Capability[];
  setup?: (h: Harness, viewer: Viewer | null, role: Role | null) => Promise<W>;
  attempt: (h: Harness, viewer: Viewer | null, world: W) => Promise<unknown>;
}

/** Keeps each row's `setup` and `attempt` agreeing on the world type. */
const row = <W>(r: Row<W>): Row => r as Row;

/** Someone else's published comment in a fresh thread. */
async function someonesComment(h: Harness) {
  return h.post(await h.as('Author'), h.thread('target'), 'A comment to act on');
}

/** Someone else's feed post in the built-in feed. */
async function someonesPost(h: Harness) {
  return h.group('feed').createPost({ space: 'general', body: 'A post to act on', idempotencyKey: h.key() }, { viewer: await h.as('Author') });
}

/** A plain member who has taken part, to discipline or promote. */
async function plainMember(h: Harness) {
  const target = await h.as('Target');
  await h.post(target, h.thread('target-joins'), 'Hello');
  return target;
}

const ROWS: Row[] = [
  row({
    action: 'read',
    via: 'listComments',
    needs: [],
    setup: someonesComment,
    attempt: async (h, viewer, comment) => {
      const page = await h.list(viewer, comment.threadKey);
      expect(page.items.map((p) => p.id)).toEqual([comment.id]);
    },
  }),
  row({
    action: 'comment',
    via: 'createComment',
    needs: [],
    attempt: (h, viewer) => h.post(viewer, h.thread('comment'), 'My comment'),
  }),
  row({
    action: 'post',
    via: 'feed.createPost',
    needs: ['feed'],
    attempt: (h, viewer) => h.group('feed').createPost({ space: 'general', body: 'My first post', idempotencyKey: h.key() }, { viewer }),
  }),
  row({
    action: 'announce',
    via: 'feed.createPost kind announcement',
    needs: ['feed'],
    attempt: (h, viewer) =>
      h.group('feed').createPost({ space: 'general', kind: 'announcement', title: 'Maintenance tonight', body: 'We are down 2–3am.', idempotencyKey: h.key() }, { viewer }),
  }),
  row({
    action: 'react',
    via: 'toggleReaction on a comment',
    needs: ['reactions'],
    setup: someonesComment,
    attempt: (h, viewer, comment) => h.adapter.toggleReaction({ postId: comment.id, emoji: h.settings.reactions[0]! }, { viewer }),
  }),
  row({
    action: 'vote_poll',
    via: 'polls.vote',
    needs: ['polls'],
    setup: async (h) =>
      h.group('polls').createPoll({ question: 'Tea or coffee?', type: 'single', options: ['Tea', 'Coffee'], idempotencyKey: h.key() }, { viewer: await h.owner() }),
    attempt: (h, viewer, view) => h.group('polls').vote({ pollId: view.poll.id, choices: [view.poll.options[0]!.id] }, { viewer }),
  }),
  row({
    action: 'send_feedback',
    via: 'feedback.submitFeedback',
    needs: ['feedback'],
    attempt: (h, viewer) => h.group('feedback').submitFeedback({ kind: 'idea', title: 'Dark mode', body: 'Please add a dark mode.', idempotencyKey: h.key() }, { viewer }),
  }),
  row({
    action: 'check_in',
    via: 'gamification.checkIn',
    needs: ['gamification'],
    attempt: (h, viewer) => h.group('gamification').checkIn({}, { viewer }),
  }),
  row({
    action: 'report',
    via: 'moderation.report on a comment',
    needs: ['moderation'],
    setup: someonesComment,
    attempt: (h, viewer, comment) => h.group('moderation').report({ target: { type: 'comment', id: comment.id }, reason: 'spam' }, { viewer }),
  }),
  row({
    action: 'offer_bounty',
    via: 'qa.offerBounty on one\'s own question',
    needs: ['feed', 'qa', 'gamification'],
    setup: async (h, viewer, role) => {
      // The viewer's own question and the points to fund it, where their role lets them ask.
      const asker = viewer && role && allows(role, 'post') ? viewer : await h.as('Asker');
      const question = await h.group('feed').createPost({ space: 'qa', kind: 'question', title: 'How do I proof dough overnight?', body: 'Fridge or counter?', idempotencyKey: h.key() }, { viewer: asker });
      await h.group('gamification').adjustPoints({ memberId: asker.id, delta: 500, reason: 'Bounty funds', idempotencyKey: h.key() }, { viewer: await h.owner() });
      return question;
    },
    attempt: (h, viewer, question) => h.group('qa').offerBounty({ questionId: question.id, amount: 50, idempotencyKey: h.key() }, { viewer }),
  }),
  row({
    action: 'create_poll',
    via: 'polls.createPoll',
    needs: ['polls'],
    attempt: (h, viewer) => h.group('polls').createPoll({ question: 'Which day?', type: 'single', options: ['Mon', 'Tue'], idempotencyKey: h.key() }, { viewer }),
  }),
  row({
    action: 'review',
    via: 'moderation.listQueue',
    needs: ['moderation'],
    attempt: (h, viewer) => h.group('moderation').listQueue({ kind: 'reported' }, { viewer }),
  }),
  row({
    action: 'review',
    via: 'analytics.zeroReplies',
    needs: ['analytics'],
    setup: someonesComment,
    attempt: async (h, viewer, comment) => {
      // A reviewer sees the unanswered comment itself, not just an empty page.
      const page = await h.group('analytics').zeroReplies({ location: comment.threadKey }, { viewer });
      expect(page.items.map((i) => i.id)).toEqual([comment.id]);
    },
  }),
  row({
    action: 'review',
    via: 'members.listMembers',
    needs: ['community'],
    setup: plainMember,
    attempt: async (h, viewer, target) => {
      const page = await h.group('members').listMembers({ query: target.id }, { viewer });
      expect(page.items.map((c) => c.member.id)).toEqual([target.id]);
    },
  }),
  row({
    action: 'moderate',
    via: 'moderation.act hide on a comment',
    needs: ['moderation'],
    setup: someonesComment,
    attempt: (h, viewer, comment) => h.group('moderation').act({ target: { type: 'comment', id: comment.id }, action: 'hide', reason: 'Off topic' }, { viewer }),
  }),
  row({
    action: 'moderate',
    via: 'hideComment',
    needs: ['moderation'],
    setup: someonesComment,
    attempt: (h, viewer, comment) => h.adapter.hideComment({ postId: comment.id }, { viewer }),
  }),
  row({
    action: 'curate',
    via: 'moderation.act pin on a feed post',
    needs: ['moderation', 'feed'],
    setup: someonesPost,
    attempt: (h, viewer, post) => h.group('moderation').act({ target: { type: 'post', id: post.id }, action: 'pin' }, { viewer }),
  }),
  row({
    action: 'discipline',
    via: 'moderation.mute',
    needs: ['moderation'],
    setup: plainMember,
    attempt: (h, viewer, target) => h.group('moderation').mute({ memberId: target.id, durationMs: 3_600_000, reason: 'Flooding' }, { viewer }),
  }),
  row({
    action: 'triage_feedback',
    via: 'feedback.setFeedbackStatus',
    needs: ['feedback'],
    setup: async (h) => h.group('feedback').submitFeedback({ kind: 'bug', title: 'Login fails', body: 'The button does nothing.', idempotencyKey: h.key() }, { viewer: await h.as('Author') }),
    attempt: (h, viewer, item) => h.group('feedback').setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'On our list for May.' }, { viewer }),
  }),
  row({
    action: 'view_insights',
    via: 'moderation.listAudit',
    needs: ['moderation'],
    attempt: (h, viewer) => h.group('moderation').listAudit({}, { viewer }),
  }),
  row({
    action: 'view_insights',
    via: 'analytics.metrics',
    needs: ['analytics'],
    attempt: async (h, viewer) => {
      const day = new Date(h.now).toISOString().slice(0, 10);
      const m = await h.group('analytics').metrics({ from: day, to: day }, { viewer });
      expect(m.days.map((d) => d.day)).toEqual([day]);
    },
  }),
  row({
    action: 'manage',
    via: 'community.updateSettings',
    needs: ['community'],
    attempt: (h, viewer) => h.group('community').updateSettings({ rulesText: `Rules ${h.key()}` }, { viewer }),
  }),
  row({
    action: 'assign_roles',
    via: 'members.setRole',
    needs: ['community'],
    setup: plainMember,
    attempt: (h, viewer, target) => h.group('members').setRole({ memberId: target.id, role: 'volunteer' }, { viewer }),
  }),
];

/** The setting a guest needs for `action`, if any. */
function guestCondition(action: Permission): string | undefined {
  return (GUEST_CONDITIONS as Partial<Record<Permission, string>>)[action];
}

/**
 * The permission matrix, cell by cell: for every action and every role (and anonymous
 * readers), a real operation through the adapter succeeds exactly when `PERMISSIONS` says
 * so, and otherwise fails with `forbidden` (`unauthorized` when anonymous).
 */
export function permissionsConformance(suite: Suite): void {
  describe('permissions', () => {
    it('has a representative operation for every action of the matrix', () => {
      expect([...new Set(ROWS.map((r) => r.action))].sort()).toEqual([...PERMISSION_NAMES].sort());
    });

    for (const r of ROWS) {
      describe(`${r.action} (${r.via})`, () => {
        for (const role of [...ROLES, null] as const) {
          const allowed = role === null ? r.action === 'read' : allows(role, r.action);
          const who = role ?? 'anonymous';
          it(`${allowed ? 'lets' : 'refuses'} ${who}`, async (ctx) => {
            const h = await suite.start();
            const condition = role === 'guest' ? guestCondition(r.action) : undefined;
            // Turning a guest setting on takes the community group.
            for (const capability of condition ? [...r.needs, 'community' as const] : r.needs) suite.needs(h, ctx, capability);
            if (condition) await h.configure({ [condition]: true });
            const viewer = role === null ? null : await h.as(`Cell ${role}`, role);
            const world = r.setup ? await r.setup(h, viewer, role) : undefined;
            const call = r.attempt(h, viewer, world);
            if (allowed) await call;
            else await expectError(call, role === null ? 'unauthorized' : 'forbidden');
          });
        }
      });
    }

    describe('guest conditions', () => {
      for (const r of ROWS.filter((x) => guestCondition(x.action) !== undefined)) {
        const condition = guestCondition(r.action)!;
        it(`refuses guests ${r.action} (${r.via}) while ${condition} is off, and lets them once it is on`, async (ctx) => {
          const h = await suite.start();
          for (const capability of ['community', ...r.needs] as const) suite.needs(h, ctx, capability);
          await h.configure({ [condition]: false });
          const guest = await h.as('Guest', 'guest');
          const world = r.setup ? await r.setup(h, guest, 'guest') : undefined;
          await expectError(r.attempt(h, guest, world), 'forbidden');
          // Members are not affected by the guest setting.
          await r.attempt(h, await h.as('Member'), r.setup ? await r.setup(h, await h.as('Member'), 'member') : undefined);
          await h.configure({ [condition]: true });
          await r.attempt(h, guest, r.setup ? await r.setup(h, guest, 'guest') : undefined);
        });
      }
    });
  });
}
