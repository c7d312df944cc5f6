import {
  CreateSpaceInput,
  DEFAULT_SPACES,
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
  type Space,
} from '@hearth/protocol';
import type { Actor, Core } from '../core/core.js';
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

  /** Changes some settings (admins); the result is checked as a whole. Audited. */
  async updateSettings(input: unknown, viewer: Actor): Promise<CommunitySettings> {
    const patch = parseInput(UpdateSettingsInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      const next = await this.#core.saveSettings(tx, patch as Partial<CommunitySettings>);
      const changed = Object.keys(patch).sort().join(',');
      await this.#core.audit(tx, { action: 'settings.update', actor: acting.member, target: 'community', at, data: { changed } });
      await this.#core.track(tx, acting, 'settings.updated', null, { changed }, at);
      return next;
    });
  }

  /** The spaces, built-in ones included, by key. */
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

  /** Creates or replaces a space (admins). Audited. */
  async createSpace(input: unknown, viewer: Actor): Promise<Space> {
    const { key, kind, name, description = '' } = parseInput(CreateSpaceInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      const prior = await tx.collection('spaces').get(key);
      const record: SpaceRecord = { id: key, kind, name, description, createdAt: prior?.createdAt ?? at };
      await tx.collection('spaces').put(record);
      await this.#core.audit(tx, { action: 'space.save', actor: acting.member, target: `space:${key}`, at, data: { kind } });
      return toSpace(record);
    });
  }

  /** Fills the viewer's onboarding profile (only the fields given change); returns their card. */
  async updateProfile(input: unknown, viewer: Actor): Promise<MemberCard> {
    const profile = parseInput(UpdateProfileInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      const next = { ...acting.record.profile };
      for (const [field, value] of Object.entries(profile)) {
        if (value === undefined) continue;
        if (typeof value === 'string' && value === '') delete next[field as keyof typeof next];
        else (next as Record<string, unknown>)[field] = value;
      }
      const record = await tx.collection('members').update(acting.member.id, { profile: next });
      await this.#core.track(tx, acting, 'member.profile_updated', `member:${acting.member.id}`, {}, at);
      return this.#core.card(tx, record, acting.member, at);
    });
  }

  async #spaces(store: Store): Promise<Space[]> {
    const stored = await store.collection('spaces').find({ orderBy: [['createdAt', 'asc']] });
    const keys = new Set(stored.map((s) => s.id));
    const builtIn = DEFAULT_SPACES.filter((s) => !keys.has(s.key)).map((s) => builtInSpace(s.key)!);
    return [...builtIn, ...stored].map(toSpace);
  }
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
