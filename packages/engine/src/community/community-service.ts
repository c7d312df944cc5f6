import {
  CreateSpaceInput,
  DEFAULT_COMMUNITY_SETTINGS,
  DEFAULT_SPACES,
  POINT_RULES,
  EmptyInput,
  HearthError,
  SpaceRefInput,
  UpdateProfileInput,
  UpdateSettingsInput,
  parseInput,
  type CommunityAdapter,
  type CommunityInfo,
  type CommunitySettings,
  type MemberCard,
  type PointsSettings,
  type Space,
} from '@hearth/protocol';
import type { Actor, Core } from '../core/core.js';
import { emitMemberChanged } from '../members/members-service.js';
import type { EngineGroup } from '../core/group.js';
import type { SpaceRecord } from '../records.js';
import type { Store } from '../store.js';

/** Public info, settings, spaces and the onboarding profile. */
export class CommunityService implements EngineGroup<CommunityAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /** Public settings, spaces, and whether the viewer still owes an onboarding profile. */
  async getInfo(input: unknown, viewer: Actor): Promise<CommunityInfo> {
    parseInput(EmptyInput, input ?? {});
    const store = this.#core.store;
    const settings = await this.#core.settings();
    const known = await this.#core.known(store, viewer);
    return {
      rulesText: settings.rulesText,
      timeZone: settings.timeZone,
      guestPosting: settings.guestPosting,
      pollGuests: settings.pollGuests,
      feedbackGuests: settings.feedbackGuests,
      onboardingFields: settings.onboardingFields,
      needsOnboarding: known !== null && known.member.role !== 'guest' && missingProfile(settings, known.record?.profile ?? {}).length > 0,
      points: settings.points,
      spaces: await this.#spaces(store),
    };
  }

  /** Every setting (admins). */
  async getSettings(input: unknown, viewer: Actor): Promise<CommunitySettings> {
    parseInput(EmptyInput, input ?? {});
    const known = await this.#core.known(this.#core.store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to take part.');
    this.#core.require(known.member, 'manage');
    return this.#core.settings();
  }

  /**
   * Changes some settings (admins); the result is checked as a whole, and every bad value is
   * a `validation` error naming its key. Audited when something actually changed.
   */
  async updateSettings(input: unknown, viewer: Actor): Promise<CommunitySettings> {
    const parsed = parseInput(UpdateSettingsInput, input);
    rejectUnknownKeys(input, Object.keys(DEFAULT_COMMUNITY_SETTINGS), 'setting');
    // A key given as undefined means "leave it", not "clear it".
    const patch = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)) as Partial<CommunitySettings>;
    if (patch.points) checkPoints(patch.points);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      const before = await this.#core.settings(tx);
      const next = await this.#core.saveSettings(tx, patch);
      const changed = (Object.keys(patch) as Array<keyof CommunitySettings>).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(next[key])).sort();
      if (changed.length === 0) return next;
      const data = { changed: changed.join(',') };
      await this.#core.audit(tx, { action: 'settings.update', actor: acting.member, target: 'community', at, data });
      await this.#core.track(tx, acting, 'settings.updated', null, data, at);
      return next;
    });
  }

  /** The spaces: the built-in ones first (as an admin may have replaced them), then the others oldest first. */
  async listSpaces(input: unknown, _viewer: Actor): Promise<Space[]> {
    parseInput(EmptyInput, input ?? {});
    return this.#spaces(this.#core.store);
  }

  /** One space, or `not_found`. */
  async getSpace(input: unknown, _viewer: Actor): Promise<Space> {
    const { key } = parseInput(SpaceRefInput, input);
    const space = await spaceRecord(this.#core.store, key);
    if (!space) throw noSpace(key);
    return toSpace(space);
  }

  /**
   * Creates a space, or renames and redescribes an existing one (admins; a description left
   * out stays as it is). A space keeps its kind: its posts, questions or feedback items would
   * not fit another. Audited.
   */
  async createSpace(input: unknown, viewer: Actor): Promise<Space> {
    const { key, kind, name, description: given } = parseInput(CreateSpaceInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      const prior = await spaceRecord(tx, key);
      if (prior && prior.kind !== kind) {
        throw new HearthError('conflict', `The space "${key}" is a ${prior.kind} space; a space cannot change its kind.`, {
          issues: [{ path: 'kind', message: `Already a ${prior.kind} space.` }],
        });
      }
      const stored = await tx.collection('spaces').get(key);
      // Renaming without a description keeps the one the space has.
      const description = given ?? prior?.description ?? '';
      const record: SpaceRecord = { id: key, kind, name, description, createdAt: stored?.createdAt ?? at };
      // A retry of the same create changes nothing and logs nothing.
      if (stored && stored.name === name && stored.description === description) return toSpace(stored);
      await tx.collection('spaces').put(record);
      const data = { kind, created: stored === null };
      await this.#core.audit(tx, { action: 'space.save', actor: acting.member, target: `space:${key}`, at, data });
      await this.#core.track(tx, acting, 'space.saved', `space:${key}`, data, at);
      return toSpace(record);
    });
  }

  /**
   * Fills the viewer's onboarding profile: only the fields given change, and an empty value
   * (`''`, `[]`) clears a field. Returns their card; announces it on the member's channel.
   */
  async updateProfile(input: unknown, viewer: Actor): Promise<MemberCard> {
    const profile = parseInput(UpdateProfileInput, input);
    rejectUnknownKeys(input, PROFILE_KEYS, 'profile field');
    const at = this.#core.clock();
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      const next: Record<string, unknown> = { ...acting.record.profile };
      for (const [field, value] of Object.entries(profile)) {
        if (value === undefined) continue;
        if (value === '' || (Array.isArray(value) && value.length === 0)) delete next[field];
        else next[field] = value;
      }
      if (JSON.stringify(next) === JSON.stringify(acting.record.profile)) return this.#core.card(tx, acting.record, acting.member, at);
      const record = await tx.collection('members').update(acting.member.id, { profile: next });
      await this.#core.track(tx, acting, 'member.profile_updated', `member:${acting.member.id}`, { fields: Object.keys(profile).sort().join(',') }, at);
      await emitMemberChanged(this.#core, tx, record, 'profile', emit, at);
      return this.#core.card(tx, record, acting.member, at);
    });
  }

  async #spaces(store: Store): Promise<Space[]> {
    const stored = await store.collection('spaces').find({ orderBy: [['createdAt', 'asc']] });
    const byKey = new Map(stored.map((s) => [s.id, s]));
    const builtIn = DEFAULT_SPACES.map((s) => byKey.get(s.key) ?? builtInSpace(s.key)!);
    const others = stored.filter((s) => !DEFAULT_SPACES.some((d) => d.key === s.id));
    return [...builtIn, ...others].map(toSpace);
  }
}

const PROFILE_KEYS = ['headline', 'industry', 'expertise', 'interests'];

/** Rules an admin may set points for; the rest are movements the engine makes itself. */
const EARNING_RULES: ReadonlySet<string> = new Set(
  POINT_RULES.filter((rule) => !['streak_bonus', 'admin_adjustment', 'bounty_escrow', 'bounty_award', 'reversal'].includes(rule)),
);

/** A misspelt key would otherwise be dropped silently and the admin would think it saved. */
function rejectUnknownKeys(input: unknown, known: readonly string[], what: string): void {
  if (typeof input !== 'object' || input === null) return;
  const unknown = Object.keys(input).find((key) => !known.includes(key));
  if (unknown !== undefined) throw HearthError.validation(unknown, `"${unknown}" is not a ${what}. Known: ${known.join(', ')}.`);
}

/** What the schema cannot say about points settings: known rules, a level ladder from 0, distinct streaks. */
export function checkPoints(points: PointsSettings): void {
  for (const rule of Object.keys(points.rules)) {
    if (!EARNING_RULES.has(rule)) throw HearthError.validation(`points.rules.${rule}`, `"${rule}" is not a points rule. Use one of: ${[...EARNING_RULES].join(', ')}.`);
  }
  points.levels.forEach((level, i) => {
    if (level.level !== i + 1) throw HearthError.validation(`points.levels.${i}.level`, `Number levels 1, 2, 3… in order; this one should be ${i + 1}.`);
    if (i === 0 && level.minPoints !== 0) throw HearthError.validation('points.levels.0.minPoints', 'The first level starts at 0 points.');
    const previous = points.levels[i - 1];
    if (previous && level.minPoints <= previous.minPoints) {
      throw HearthError.validation(`points.levels.${i}.minPoints`, `Each level needs more points than the one before (${previous.minPoints}).`);
    }
  });
  const seen = new Set<number>();
  points.streakBonuses.forEach((bonus, i) => {
    if (seen.has(bonus.days)) throw HearthError.validation(`points.streakBonuses.${i}.days`, `There is already a bonus for a ${bonus.days}-day streak.`);
    seen.add(bonus.days);
  });
}

/** The onboarding fields the community asks for that this profile lacks. */
export function missingProfile(settings: CommunitySettings, profile: Record<string, unknown>): string[] {
  return settings.onboardingFields.filter((field) => {
    const value = profile[field];
    return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  });
}

/** A space by key: stored, or built in (`general`, `qa`, `feedback`), or null. */
export async function spaceRecord(tx: Store, key: string): Promise<SpaceRecord | null> {
  return (await tx.collection('spaces').get(key)) ?? builtInSpace(key);
}

/** The `not_found` error for an unknown space key. */
export function noSpace(key: string): HearthError {
  return new HearthError('not_found', `There is no space "${key}".`, { issues: [{ path: 'space', message: 'No such space.' }] });
}

function builtInSpace(key: string): SpaceRecord | null {
  const space = DEFAULT_SPACES.find((s) => s.key === key);
  return space ? { id: space.key, kind: space.kind, name: space.name, description: space.description, createdAt: 0 } : null;
}

function toSpace(record: SpaceRecord): Space {
  return { key: record.id, kind: record.kind, name: record.name, description: record.description, createdAt: new Date(record.createdAt).toISOString() };
}
