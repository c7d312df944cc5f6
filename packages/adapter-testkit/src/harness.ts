import { expect } from 'vitest';
import { EventLog } from './event-log.js';
import {
  HearthError,
  type AdapterCapabilities,
  type AdapterGroups,
  type CommunitySettings,
  type SpaceKind,
  type UpdateSettingsInput,
  type BackendAdapter,
  type CommentPage,
  type CommentSettings,
  type ErrorCode,
  type Post,
  type Role,
  type Viewer,
} from '@hearth/protocol';

/** Who a test acts as, before the adapter author's `viewer` hook turns it into a Viewer. */
export interface ConformanceClaims {
  id: string;
  displayName: string;
  role: Role;
}

/** What `create` receives: a clock the suite controls, and optional rule overrides. */
export interface ConformanceAdapterOptions {
  /** Epoch milliseconds; the suite moves it forward (edit window, ordering). */
  clock: () => number;
  settings?: Partial<CommentSettings>;
}

/** How `runAdapterConformance` builds, signs in to and tears down the adapter under test. */
export interface AdapterConformanceOptions {
  /** Shown in the suite's title. Defaults to the adapter's `name`. */
  name?: string;
  /** Builds a fresh adapter for one test. */
  create: (options: ConformanceAdapterOptions) => BackendAdapter | Promise<BackendAdapter>;
  /** Turns claims into a Viewer (mint a token here). Defaults to the claims themselves. */
  viewer?: (claims: ConformanceClaims) => Viewer | Promise<Viewer>;
  /** Tears an adapter down after its test. Defaults to calling `adapter.close()`. */
  cleanup?: (adapter: BackendAdapter) => void | Promise<void>;
}

/** A very long ago timestamp would look odd on a real server; start near now instead. */
function startTime(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}

function randomId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One test's world: its own adapter, clock, people and thread keys. */
export class Harness {
  readonly adapter: BackendAdapter;
  readonly settings: CommentSettings;
  #clock: { now: number };
  #run: string;
  #options: AdapterConformanceOptions;
  #people = new Map<string, Viewer>();
  #keys = 0;

  private constructor(adapter: BackendAdapter, settings: CommentSettings, clock: { now: number }, run: string, options: AdapterConformanceOptions) {
    this.adapter = adapter;
    this.settings = settings;
    this.#clock = clock;
    this.#run = run;
    this.#options = options;
  }

  /** Builds the adapter with a clock this harness moves, and reads the rules it enforces. */
  static async start(options: AdapterConformanceOptions, track: (adapter: BackendAdapter) => void): Promise<Harness> {
    const clock = { now: startTime() };
    const adapter = await options.create({ clock: () => clock.now });
    track(adapter);
    const { settings } = await adapter.getSession({ viewer: null });
    return new Harness(adapter, settings, clock, randomId(), options);
  }

  /** Moves the adapter's clock forward. */
  advance(ms: number): void {
    this.#clock.now += ms;
  }

  /** A thread key no other test (or earlier run against the same database) uses. */
  thread(label: string): string {
    return `/conformance/${this.#run}/${label}`;
  }

  /** A viewer with a role, unique to this test. */
  async as(name: string, role: Role = 'member'): Promise<Viewer> {
    let viewer = this.#people.get(name);
    if (!viewer) {
      const claims: ConformanceClaims = { id: `${this.#run}-${name}`, displayName: name, role };
      viewer = this.#options.viewer ? await this.#options.viewer(claims) : claims;
      this.#people.set(name, viewer);
    }
    return viewer;
  }

  /** A fresh idempotency key. */
  key(): string {
    this.#keys += 1;
    return `conformance-${this.#run}-${this.#keys}`;
  }

  /** Creates a comment (or reply) with a fresh idempotency key. */
  post(viewer: Viewer | null, threadKey: string, body: string, parentId?: string): Promise<Post> {
    return this.adapter.createComment({ threadKey, body, parentId, idempotencyKey: this.key() }, { viewer });
  }

  /** Lists a thread as `viewer`. */
  list(viewer: Viewer | null, threadKey: string, extra: { sort?: string; cursor?: string | null; limit?: number } = {}): Promise<CommentPage> {
    const input: Record<string, unknown> = { threadKey, ...extra };
    if (input.cursor === null) delete input.cursor;
    return this.adapter.listComments(input as never, { viewer });
  }

  /** Every post `viewer` sees in a thread, roots and replies, walking all pages. */
  async everything(viewer: Viewer | null, threadKey: string): Promise<Post[]> {
    const posts: Post[] = [];
    let cursor: string | null = null;
    do {
      const page: CommentPage = await this.list(viewer, threadKey, { cursor, limit: 100 });
      posts.push(...page.items, ...page.replies);
      cursor = page.nextCursor;
    } while (cursor);
    return posts;
  }

  /** What each of these viewers sees of a thread, for "a rejected call changed nothing" checks. */
  async state(threadKey: string, viewers: Array<Viewer | null>): Promise<unknown> {
    const thread = await this.adapter.getThread({ threadKey }, { viewer: null });
    const views = [];
    for (const viewer of viewers) views.push(await this.everything(viewer, threadKey));
    return { thread, views };
  }

  /** An optional group of the adapter; fails the test when the adapter lacks it. */
  group<N extends keyof AdapterGroups>(name: N): AdapterGroups[N] {
    const group = this.adapter[name];
    if (!group) expect.fail(`The adapter declares no "${name}" group.`);
    return group as AdapterGroups[N];
  }

  /** This test's owner (role `owner`), who may change settings and create spaces. */
  owner(): Promise<Viewer> {
    return this.as('Owner', 'owner');
  }

  /** Changes community settings as the owner; returns the settings now in force. */
  async configure(patch: UpdateSettingsInput): Promise<CommunitySettings> {
    return this.group('community').updateSettings(patch, { viewer: await this.owner() });
  }

  /**
   * Lifts the flood rules for a test that writes many items in one minute of its clock, where
   * the adapter lets the community tune them; the flood rules have tests of their own.
   */
  async allowBursts(): Promise<void> {
    if (this.adapter.capabilities.community) await this.configure({ flood: { duplicateWindowMs: 0, maxPostsPerMinute: 10_000 } });
  }

  /** Creates a space no other test uses and returns its key. */
  async space(label: string, kind: SpaceKind = 'feed'): Promise<string> {
    const key = `${label}-${this.#run}`.slice(0, 64);
    await this.group('community').createSpace({ key, kind, name: label }, { viewer: await this.owner() });
    return key;
  }

  /** Moves the clock to just after the start of the next calendar day in UTC, plus `ms`. */
  nextDay(ms = 0): void {
    const day = 86_400_000;
    this.#clock.now = Math.floor(this.#clock.now / day) * day + day + 1000 + ms;
  }

  /** The adapter's clock now (epoch milliseconds). */
  get now(): number {
    return this.#clock.now;
  }

  /**
   * Listens to a channel, keeping every event, with a way to wait for a particular one;
   * as `viewer` when given (the staff channels are for reviewers).
   */
  listen(channel: string, viewer?: Viewer): EventLog {
    return new EventLog(this.adapter, channel, viewer);
  }
}

/** What group conformance files receive: a way to start a test's world and to skip unsupported groups. */
export interface Suite {
  start(): Promise<Harness>;
  /** Skips the test unless the adapter declares `capability`. */
  needs(h: Harness, ctx: { skip: (note?: string) => void }, capability: Exclude<keyof AdapterCapabilities, 'persistence'>): void;
}

/** Awaits a call that must fail, and returns its HearthError after checking code (and field). */
export async function expectError(call: Promise<unknown>, codes: ErrorCode | ErrorCode[], field?: string): Promise<HearthError> {
  let error: unknown;
  try {
    await call;
  } catch (e) {
    error = e;
  }
  if (error === undefined) expect.fail(`Expected a HearthError (${String(codes)}), but the call succeeded.`);
  expect(HearthError.is(error), `Expected a HearthError, got ${String(error)}`).toBe(true);
  const hearth = error as HearthError;
  expect([codes].flat(), `Unexpected code "${hearth.code}": ${hearth.message}`).toContain(hearth.code);
  if (field !== undefined) expect(hearth.field, `Expected the error to name "${field}": ${hearth.message}`).toBe(field);
  expect(hearth.message.length).toBeGreaterThan(0);
  return hearth;
}
