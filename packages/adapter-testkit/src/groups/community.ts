import { describe, expect, it } from 'vitest';
import { DEFAULT_SPACES, memberChannel, type CommunitySettings, type UpdateSettingsInput } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

/** A copy of the settings with one field replaced, for "a nested object is replaced whole" inputs. */
async function settingsOf(h: Harness): Promise<CommunitySettings> {
  return h.group('community').getSettings({}, { viewer: await h.owner() });
}

/** Conformance for the community group: public info, settings, spaces, profiles. */
export function communityConformance(suite: Suite): void {
  describe('community', () => {
    describe('getInfo', () => {
      it('gives anyone the rules, the public settings and the spaces, built-in ones included', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        await h.configure({ rulesText: 'Be kind. No ads.', guestPosting: true });
        const info = await h.group('community').getInfo({}, { viewer: null });
        expect(info).toMatchObject({ rulesText: 'Be kind. No ads.', guestPosting: true, needsOnboarding: false });
        expect(typeof info.timeZone).toBe('string');
        expect(typeof info.pollGuests).toBe('boolean');
        expect(typeof info.feedbackGuests).toBe('boolean');
        expect(info.points.levels[0]!.minPoints).toBe(0);
        for (const builtIn of DEFAULT_SPACES) expect(info.spaces).toContainEqual(expect.objectContaining({ key: builtIn.key, kind: builtIn.kind }));
        const key = await h.space('info-feed', 'qa');
        const again = await h.group('community').getInfo({}, { viewer: await h.as('Ada') });
        expect(again.spaces).toContainEqual(expect.objectContaining({ key, kind: 'qa', name: 'info-feed' }));
        // The built-in spaces come first, in their order, then the ones an admin made.
        expect(again.spaces.slice(0, DEFAULT_SPACES.length).map((s) => s.key)).toEqual(DEFAULT_SPACES.map((s) => s.key));
      });

      it('says a signed-in member lacking an onboarding field needs onboarding, and never anonymous readers or guests', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        await h.configure({ onboardingFields: ['headline', 'interests'] });
        const community = h.group('community');
        expect((await community.getInfo({}, { viewer: await h.as('Newcomer') })).needsOnboarding).toBe(true);
        expect((await community.getInfo({}, { viewer: await h.as('Visitor', 'guest') })).needsOnboarding).toBe(false);
        const info = await community.getInfo({}, { viewer: null });
        expect(info).toMatchObject({ needsOnboarding: false, onboardingFields: ['headline', 'interests'] });
        await h.configure({ onboardingFields: [] });
        expect((await community.getInfo({}, { viewer: await h.as('Newcomer') })).needsOnboarding).toBe(false);
      });
    });

    describe('settings', () => {
      it('lets owners and admins read every setting, and nobody else', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const settings = await community.getSettings({}, { viewer: await h.owner() });
        for (const key of ['timeZone', 'moderation', 'bannedWords', 'flood', 'autoHideReports', 'points', 'guestPosting'] as const) expect(settings).toHaveProperty(key);
        expect(await community.getSettings({}, { viewer: await h.as('Admin', 'admin') })).toEqual(settings);
        for (const role of ['moderator', 'volunteer', 'member', 'guest'] as const) {
          await expectError(community.getSettings({}, { viewer: await h.as(`A ${role}`, role) }), 'forbidden');
        }
        await expectError(community.getSettings({}, { viewer: null }), 'unauthorized');
      });

      it('saves an admin\'s changes, leaves the rest alone, and shows them in the public info', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const before = await settingsOf(h);
        const admin = await h.as('Admin', 'admin');
        const saved = await community.updateSettings({ rulesText: 'New rules', timeZone: 'Asia/Shanghai', autoHideReports: 5 }, { viewer: admin });
        expect(saved).toEqual({ ...before, rulesText: 'New rules', timeZone: 'Asia/Shanghai', autoHideReports: 5 });
        expect(await settingsOf(h)).toEqual(saved);
        expect(await community.getInfo({}, { viewer: null })).toMatchObject({ rulesText: 'New rules', timeZone: 'Asia/Shanghai' });
        // A nested object is replaced whole.
        const points = { ...saved.points, dailyCap: 50 };
        expect((await community.updateSettings({ points }, { viewer: admin })).points).toEqual(points);
        await community.updateSettings(before, { viewer: admin });
      });

      it('keeps every one of many changes made at once to different settings', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const before = await settingsOf(h);
        const admin = await h.as('Admin', 'admin');
        const patches: UpdateSettingsInput[] = [
          { rulesText: 'Concurrent rules' },
          { guestPosting: !before.guestPosting },
          { pollGuests: !before.pollGuests },
          { linkLimit: before.linkLimit + 1 },
          { linkLimitNewMember: before.linkLimitNewMember + 1 },
          { firstResponseTargetMs: before.firstResponseTargetMs + 60_000 },
        ];
        await Promise.all(patches.map((patch) => community.updateSettings(patch, { viewer: admin })));
        expect(await settingsOf(h)).toEqual(Object.assign({}, before, ...patches));
        // Leave the community as it was for a backend whose data other tests share.
        await community.updateSettings(before, { viewer: admin });
      });

      it('refuses changes from anyone below admin, and changes nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const before = await settingsOf(h);
        for (const role of ['moderator', 'volunteer', 'member', 'guest'] as const) {
          await expectError(community.updateSettings({ guestPosting: !before.guestPosting }, { viewer: await h.as(`A ${role}`, role) }), 'forbidden');
        }
        await expectError(community.updateSettings({ guestPosting: !before.guestPosting }, { viewer: null }), 'unauthorized');
        expect(await settingsOf(h)).toEqual(before);
      });

      it('rejects every bad value with a validation error naming the key, and changes nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const owner = await h.owner();
        const before = await settingsOf(h);
        const levels = before.points.levels;
        const cases: Array<[UpdateSettingsInput | Record<string, unknown>, string]> = [
          [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
          [{ timeZone: '' }, 'timeZone'],
          [{ autoHideReports: 0 }, 'autoHideReports'],
          [{ autoHideReports: 1.5 }, 'autoHideReports'],
          [{ guestPosting: 'yes' }, 'guestPosting'],
          [{ moderation: 'sometimes' }, 'moderation'],
          [{ newMemberHold: -1 }, 'newMemberHold'],
          [{ bannedWords: ['fine', ''] }, 'bannedWords.1'],
          [{ linkLimit: -2 }, 'linkLimit'],
          [{ flood: { duplicateWindowMs: 1000, maxPostsPerMinute: 0 } }, 'flood.maxPostsPerMinute'],
          [{ onboardingFields: ['headline', 'shoeSize'] }, 'onboardingFields.1'],
          [{ rulesText: 'x'.repeat(20_001) }, 'rulesText'],
          [{ points: { ...before.points, dailyCap: -1 } }, 'points.dailyCap'],
          [{ points: { ...before.points, rules: { ...before.points.rules, psot: 5 } } }, 'points.rules.psot'],
          [{ points: { ...before.points, levels: [] } }, 'points.levels'],
          [{ points: { ...before.points, levels: [{ ...levels[0]!, minPoints: 10 }, ...levels.slice(1)] } }, 'points.levels.0.minPoints'],
          [{ points: { ...before.points, levels: [levels[1]!, levels[0]!] } }, 'points.levels.0.level'],
          [{ points: { ...before.points, streakBonuses: [{ days: 7, points: 5 }, { days: 7, points: 9 }] } }, 'points.streakBonuses.1.days'],
          [{ guestposting: true }, 'guestposting'],
          // A good value beside a bad one is not saved either.
          [{ rulesText: 'Changed', autoHideReports: -3 }, 'autoHideReports'],
          [{ rulesText: 'Changed', timeZone: 'Nowhere/Land' }, 'timeZone'],
        ];
        for (const [patch, field] of cases) await expectError(community.updateSettings(patch as UpdateSettingsInput, { viewer: owner }), 'validation', field);
        expect(await settingsOf(h)).toEqual(before);
      });

      it('writes an audit entry naming what changed, and none when nothing did', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        suite.needs(h, ctx, 'moderation');
        const admin = await h.as('Admin', 'admin');
        await h.group('community').updateSettings({ rulesText: `Audited ${h.key()}`, pollGuests: true }, { viewer: admin });
        const audit = () => h.group('moderation').listAudit({ action: 'settings.update', actorId: admin.id }, { viewer: admin });
        const entries = (await audit()).items;
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ action: 'settings.update', actor: { id: admin.id, role: 'admin' }, target: 'community' });
        expect(String(entries[0]!.data.changed).split(',').sort()).toEqual(['pollGuests', 'rulesText']);
        const same = await settingsOf(h);
        await h.group('community').updateSettings({ pollGuests: same.pollGuests }, { viewer: admin });
        expect((await audit()).items).toHaveLength(1);
      });
    });

    describe('spaces', () => {
      it('creates a space an admin names, and lists and gets it', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const key = `recipes-${h.key()}`.slice(0, 64);
        const space = await community.createSpace({ key, kind: 'feed', name: '  Recipes  ', description: 'Share what you cook.' }, { viewer: await h.as('Admin', 'admin') });
        expect(space).toEqual({ key, kind: 'feed', name: 'Recipes', description: 'Share what you cook.', createdAt: new Date(h.now).toISOString() });
        expect(await community.getSpace({ key }, { viewer: null })).toEqual(space);
        expect(await community.listSpaces({}, { viewer: null })).toContainEqual(space);
        for (const builtIn of DEFAULT_SPACES) expect(await community.getSpace({ key: builtIn.key }, { viewer: null })).toMatchObject({ key: builtIn.key, kind: builtIn.kind });
      });

      it('renames a space on a second create, keeping its kind and creation time; a retry changes nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const owner = await h.owner();
        const key = await h.space('rename', 'qa');
        const first = await community.getSpace({ key }, { viewer: null });
        h.advance(60_000);
        const renamed = await community.createSpace({ key, kind: 'qa', name: 'Ask the chefs' }, { viewer: owner });
        expect(renamed).toEqual({ ...first, name: 'Ask the chefs' });
        expect(await community.createSpace({ key, kind: 'qa', name: 'Ask the chefs' }, { viewer: owner })).toEqual(renamed);
        const described = await community.createSpace({ key, kind: 'qa', name: 'Ask the chefs', description: 'Chefs answer.' }, { viewer: owner });
        expect(described).toEqual({ ...renamed, description: 'Chefs answer.' });
        // A rename that leaves the description out keeps it.
        expect(await community.createSpace({ key, kind: 'qa', name: 'Ask us' }, { viewer: owner })).toEqual({ ...described, name: 'Ask us' });
        expect((await community.listSpaces({}, { viewer: null })).filter((s) => s.key === key)).toEqual([{ ...described, name: 'Ask us' }]);
      });

      it('writes an audit entry for each change of a space, none for a retry', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        suite.needs(h, ctx, 'moderation');
        const owner = await h.owner();
        const key = await h.space('audited', 'feedback');
        await h.group('community').createSpace({ key, kind: 'feedback', name: 'audited' }, { viewer: owner });
        await h.group('community').createSpace({ key, kind: 'feedback', name: 'Ideas' }, { viewer: owner });
        const audit = await h.group('moderation').listAudit({ target: `space:${key}` }, { viewer: owner });
        expect(audit.items.map((e) => e.action)).toEqual(['space.save', 'space.save']);
        expect(audit.items.every((e) => e.actor.id === owner.id)).toBe(true);
      });

      it('refuses to change a space\'s kind, naming kind, and changes nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const owner = await h.owner();
        const key = await h.space('kind', 'feed');
        const before = await community.getSpace({ key }, { viewer: null });
        await expectError(community.createSpace({ key, kind: 'feedback', name: 'Other' }, { viewer: owner }), 'conflict', 'kind');
        await expectError(community.createSpace({ key: 'general', kind: 'qa', name: 'Other' }, { viewer: owner }), 'conflict', 'kind');
        expect(await community.getSpace({ key }, { viewer: null })).toEqual(before);
        expect(await community.getSpace({ key: 'general' }, { viewer: null })).toMatchObject({ kind: 'feed' });
      });

      it('says not_found for an unknown space and names key for a malformed one', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const owner = await h.owner();
        await expectError(community.getSpace({ key: `missing-${h.key()}` }, { viewer: null }), 'not_found');
        await expectError(community.getSpace({ key: 'has space' }, { viewer: null }), 'validation', 'key');
        await expectError(community.getSpace({ key: '' }, { viewer: null }), 'validation', 'key');
        const before = await community.listSpaces({}, { viewer: null });
        await expectError(community.createSpace({ key: 'no/slashes', kind: 'feed', name: 'X' }, { viewer: owner }), 'validation', 'key');
        await expectError(community.createSpace({ key: 'x'.repeat(65), kind: 'feed', name: 'X' }, { viewer: owner }), 'validation', 'key');
        await expectError(community.createSpace({ key: `ok-${h.key()}`, kind: 'forum' as never, name: 'X' }, { viewer: owner }), 'validation', 'kind');
        await expectError(community.createSpace({ key: `ok-${h.key()}`, kind: 'feed', name: '   ' }, { viewer: owner }), 'validation', 'name');
        expect(await community.listSpaces({}, { viewer: null })).toEqual(before);
      });

      it('lets only owners and admins create spaces', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const key = `staff-only-${h.key()}`.slice(0, 64);
        for (const role of ['moderator', 'volunteer', 'member', 'guest'] as const) {
          await expectError(community.createSpace({ key, kind: 'feed', name: 'Nope' }, { viewer: await h.as(`A ${role}`, role) }), 'forbidden');
        }
        await expectError(community.createSpace({ key, kind: 'feed', name: 'Nope' }, { viewer: null }), 'unauthorized');
        await expectError(community.getSpace({ key }, { viewer: null }), 'not_found');
      });
    });

    describe('updateProfile', () => {
      it('saves the fields given, returns the card with them, and satisfies onboarding', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        await h.configure({ onboardingFields: ['headline', 'interests'] });
        const community = h.group('community');
        const ada = await h.as('Ada');
        const card = await community.updateProfile({ headline: '  Pastry chef  ', interests: ['baking', '烘焙'] }, { viewer: ada });
        expect(card).toMatchObject({ member: { id: ada.id, displayName: 'Ada', role: 'member' }, profile: { headline: 'Pastry chef', interests: ['baking', '烘焙'] } });
        expect((await community.getInfo({}, { viewer: ada })).needsOnboarding).toBe(false);
        // Only the fields given change; an empty value clears one.
        const more = await community.updateProfile({ industry: 'Food' }, { viewer: ada });
        expect(more.profile).toEqual({ headline: 'Pastry chef', interests: ['baking', '烘焙'], industry: 'Food' });
        const cleared = await community.updateProfile({ headline: '' }, { viewer: ada });
        expect(cleared.profile).toEqual({ interests: ['baking', '烘焙'], industry: 'Food' });
        expect((await community.getInfo({}, { viewer: ada })).needsOnboarding).toBe(true);
        await h.configure({ onboardingFields: [] });
      });

      it('shows the saved profile on the member card', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const ada = await h.as('Ada');
        await h.group('community').updateProfile({ expertise: ['sourdough'], headline: 'Baker' }, { viewer: ada });
        expect((await h.group('members').getCard({ memberId: ada.id }, { viewer: null })).profile).toEqual({ expertise: ['sourdough'], headline: 'Baker' });
      });

      it('names the field of every bad value, changes nothing, and refuses anonymous callers', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        const community = h.group('community');
        const ada = await h.as('Ada');
        const saved = await community.updateProfile({ headline: 'Baker' }, { viewer: ada });
        await expectError(community.updateProfile({ headline: 'x'.repeat(121) }, { viewer: ada }), 'validation', 'headline');
        await expectError(community.updateProfile({ industry: 7 as never }, { viewer: ada }), 'validation', 'industry');
        await expectError(community.updateProfile({ interests: ['ok', '  '] }, { viewer: ada }), 'validation', 'interests.1');
        await expectError(community.updateProfile({ expertise: Array.from({ length: 11 }, (_, i) => `e${i}`) }, { viewer: ada }), 'validation', 'expertise');
        await expectError(community.updateProfile({ headline: 'New', shoeSize: 42 } as never, { viewer: ada }), 'validation', 'shoeSize');
        await expectError(community.updateProfile({ headline: 'Anyone' }, { viewer: null }), 'unauthorized');
        expect((await h.group('members').getCard({ memberId: ada.id }, { viewer: ada })).profile).toEqual(saved.profile);
      });

      it('announces the changed card on the member\'s channel', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'community');
        suite.needs(h, ctx, 'realtime');
        const ada = await h.as('Ada');
        await h.post(ada, h.thread('join'), 'hello');
        const log = h.listen(memberChannel(ada.id));
        await h.group('community').updateProfile({ headline: 'Baker' }, { viewer: ada });
        const event = await log.next((e) => e.type === 'member.changed');
        expect(event).toMatchObject({ type: 'member.changed', channel: memberChannel(ada.id), memberId: ada.id, change: 'profile', card: { profile: { headline: 'Baker' } } });
        log.unsubscribe();
      });
    });
  });
}
