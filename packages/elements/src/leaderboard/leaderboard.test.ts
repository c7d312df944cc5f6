import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createCommunityClient, type CommunityClient } from '@hearth/client';
import type { BackendAdapter, GamificationAdapter, Leaderboard, LeaderboardInput, Viewer } from '@hearth/protocol';
import { langObserverCount } from '../i18n/lang-observer.js';
import { ada, bob, testAdapter, testClient, type TestAdapter } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import { runWidgetBaseTests } from '../test-support/widget-base-tests.js';
import type { CommunityErrorEvent } from '../events/error-event.js';
import { lazyRules } from './board.js';
import type { CommunityCheckInEvent } from './check-in-event.js';
import { lazyBoard, type Lazy } from './lazy.js';
import { CommunityLeaderboard } from './leaderboard.js';
import './define.js';

const owner: Viewer = { id: 'olga', displayName: 'Olga Owner', role: 'owner' };
const cy: Viewer = { id: 'cy', displayName: 'Cy Chen', role: 'member' };

/** A comment by `viewer`: makes them a member and earns them `reply` (+2). */
function comment(adapter: BackendAdapter, viewer: Viewer) {
  return adapter.createComment({ threadKey: '/t', body: `Hello from ${viewer.displayName}`, idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer });
}

function adjust(adapter: BackendAdapter, memberId: string, delta: number) {
  return adapter.gamification!.adjustPoints({ memberId, delta, reason: 'Community award', idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer: owner });
}

/** Bob 67 (a feed post, so a badge, and level 2), Cy 22 with a title, Ada 2. */
async function seed(adapter: BackendAdapter) {
  for (const viewer of [bob, cy, ada]) await comment(adapter, viewer);
  await adapter.feed!.createPost({ space: 'general', body: 'My first post', idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer: bob });
  await adjust(adapter, 'bob', 60);
  await adjust(adapter, 'cy', 20);
  await adapter.members!.setTitle({ memberId: 'cy', title: 'Streak Master' }, { viewer: owner });
}

const $ = (el: CommunityLeaderboard, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: CommunityLeaderboard, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (el: CommunityLeaderboard) => $$(el, '[part~="list"] [part~="row"]');
const names = (el: CommunityLeaderboard) => rows(el).map((row) => text(row.querySelector('[part~="name"]')).replace(/ \(you\)$/, ''));
const button = (el: CommunityLeaderboard) => $(el, '[part~="check-in-button"]') as HTMLButtonElement;

async function loaded(el: CommunityLeaderboard): Promise<void> {
  await waitUntil(
    () => !$(el, '.skeleton') && $(el, '[part~="viewer-row"]') && (!el.client?.viewer || $(el, '[part~="streak"]')),
    'leaderboard did not load',
  );
  await el.updateComplete;
}

async function mount(client: CommunityClient, attrs: { period?: string; limit?: number; lang?: string } = {}) {
  const el = await fixture<CommunityLeaderboard>(
    html`<community-leaderboard .client=${client} period=${attrs.period ?? 'week'} lang=${attrs.lang ?? 'en'} .limit=${attrs.limit}></community-leaderboard>`,
  );
  await loaded(el);
  return el;
}

/** The adapter with its gamification group wrapped to record which periods were asked for. */
function recordingPeriods(adapter: TestAdapter): { adapter: BackendAdapter; periods: string[] } {
  const periods: string[] = [];
  const group = adapter.gamification!;
  const gamification: GamificationAdapter = {
    ...group,
    leaderboard: (input: LeaderboardInput, ctx) => {
      periods.push(input.period);
      return group.leaderboard(input, ctx);
    },
  };
  return { adapter: Object.create(adapter, { gamification: { value: gamification } }), periods };
}

runWidgetBaseTests<CommunityLeaderboard>({
  tag: 'community-leaderboard',
  define: new URL('./define.ts', import.meta.url).href,
  create: (client) => Object.assign(document.createElement('community-leaderboard'), { client }),
  loaded,
  seed,
  loads: 'gamification.leaderboard',
  event: { type: 'community-check-in', trigger: (el) => button(el).click() },
  token: { name: '--community-color-accent', value: 'rgb(255, 0, 0)', selector: '[part~="check-in-button"]', property: 'background-color' },
  themeSelector: true,
  lazy: true,
  rekey: {
    async apply(el) {
      el.setAttribute('period', 'all');
      await waitUntil(() => $(el, '#tab-all')?.getAttribute('aria-selected') === 'true');
    },
  },
});

describe('<community-leaderboard> ranking', () => {
  it('ranks members by points with level, title, badges and the viewer’s own row', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const el = await mount(testClient(ada, adapter));
    expect(names(el)).to.deep.equal(['Bob', 'Cy Chen', 'Ada Lovelace']);
    const [first, second, third] = rows(el);
    expect(text(first!.querySelector('[part~="rank"]'))).to.equal('1');
    expect(text(first!.querySelector('[part~="points"]'))).to.equal('67 points');
    expect(text(first!.querySelector('[part~="level"]'))).to.equal('Regular');
    expect(text(first!.querySelector('[part~="badge"]'))).to.equal('First Post');
    expect(text(first!.querySelector('[part~="avatar"]'))).to.equal('B');
    expect(first!.querySelector('[part~="avatar"] img')).to.equal(null);
    expect(text(second!.querySelector('[part~="title"]'))).to.equal('Streak Master');
    expect(third!.classList.contains('own')).to.equal(true);
    expect(text($(el, '[part~="viewer-row"]'))).to.include('Your rank: #3');
  });

  it('marks the viewer’s own name with a spaced "(you)" and keeps the full name in its title', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const el = await mount(testClient(ada, adapter));
    const own = rows(el)[2]!.querySelector<HTMLElement>('[part~="name"]')!;
    expect(text(own)).to.equal('Ada Lovelace (you)');
    expect(own.title).to.equal('Ada Lovelace');
    // The space is the message's, not the template's (the build minifies template whitespace away).
    expect(own.querySelector('.you')!.textContent).to.equal(' (you)');
    // Ranked inside the list, the viewer is not shown a second time below it.
    expect($(el, '[part~="viewer-row"] [part~="row"]')).to.equal(null);
    expect(text(rows(el)[0]!.querySelector('[part~="name"]'))).to.equal('Bob');
    el.setAttribute('lang', 'zh-CN');
    await waitUntil(() => text(own).endsWith('（我）'), 'the zh-CN mark did not show');
    expect(text(own)).to.equal('Ada Lovelace（我）');
  });

  it('shows the viewer’s rank outside the top N, and "not ranked yet" without points', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const el = await mount(testClient(ada, adapter), { limit: 2 });
    expect(names(el)).to.deep.equal(['Bob', 'Cy Chen']);
    const own = $(el, '[part~="viewer-row"] [part~="row"]');
    expect(text(own!.querySelector('[part~="rank"]'))).to.equal('3');
    expect(text(own!.querySelector('[part~="name"]'))).to.include('Ada Lovelace');

    const newcomer = await mount(testClient({ id: 'dee', displayName: 'Dee', role: 'member' }, adapter));
    expect(text($(newcomer, '[part~="viewer-row"]'))).to.equal('Not ranked yet');
  });

  it('renders a display name as text, never as markup', async () => {
    const adapter = testAdapter();
    const sneaky: Viewer = { id: 'x', displayName: '<img src=x onerror=alert(1)>', role: 'member' };
    await comment(adapter, sneaky);
    const el = await mount(testClient(ada, adapter));
    expect(text(rows(el)[0]!.querySelector('[part~="name"]'))).to.equal('<img src=x onerror=alert(1)>');
    expect(el.shadowRoot!.querySelector('[part~="name"] img')).to.equal(null);
  });
});

describe('<community-leaderboard> period tabs', () => {
  it('is a tablist the arrow keys move through, refetching each period', async () => {
    const inner = testAdapter();
    await seed(inner);
    // Last month's points only count all-time, so the boards differ.
    const { adapter, periods } = recordingPeriods(inner);
    const el = await mount(createCommunityClient({ adapter, viewer: ada }));
    const tabs = $$(el, '[role="tab"]');
    expect(tabs.map((tab) => text(tab))).to.deep.equal(['This week', 'This month', 'All time']);
    expect(tabs.map((tab) => tab.getAttribute('aria-selected'))).to.deep.equal(['true', 'false', 'false']);
    expect(tabs.map((tab) => tab.tabIndex)).to.deep.equal([0, -1, -1]);
    expect(periods).to.deep.equal(['week']);

    tabs[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => periods.includes('month'), 'ArrowRight did not load the month');
    await el.updateComplete;
    expect(el.period).to.equal('month');
    expect(el.getAttribute('period')).to.equal('month');
    expect(el.shadowRoot!.activeElement?.id).to.equal('tab-month');
    expect($(el, '[role="tabpanel"]')!.getAttribute('aria-labelledby')).to.equal('tab-month');

    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => periods.includes('all'));
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.period, 'ArrowRight wraps around').to.equal('week');
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('tab-all');
    await loaded(el);
    expect(names(el)).to.deep.equal(['Bob', 'Cy Chen', 'Ada Lovelace']);
  });

  it('refetches when the period attribute changes (SPA navigation)', async () => {
    const inner = testAdapter();
    const { adapter, periods } = recordingPeriods(inner);
    const el = await mount(createCommunityClient({ adapter, viewer: ada }));
    el.setAttribute('period', 'all');
    await waitUntil(() => periods.includes('all'));
    expect($(el, '#tab-all')!.getAttribute('aria-selected')).to.equal('true');
  });
});

describe('<community-leaderboard> limit', () => {
  it('shows the top N and refetches when limit changes', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const el = await mount(testClient(ada, adapter), { limit: 1 });
    expect(names(el)).to.deep.equal(['Bob']);
    el.setAttribute('limit', '2');
    await waitUntil(() => names(el).length === 2, 'changing limit did not refetch');
    expect(names(el)).to.deep.equal(['Bob', 'Cy Chen']);
  });
});

describe('<community-leaderboard> check-in', () => {
  it('checks in, shows the streak, disables the button, and a second widget updates live', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const el = await mount(testClient(ada, adapter));
    // Bob on the same page, with his own client (as another embed or tab would be).
    const other = await mount(testClient(bob, adapter));
    expect(text($(el, '[part~="streak"]'))).to.equal('No streak yet · 7 more check-ins for +5');
    expect(button(el).disabled).to.equal(false);
    expect(text(button(el))).to.equal('Check in');
    const adaRowOnOther = () => rows(other).find((row) => text(row).includes('Ada Lovelace'));
    expect(text(adaRowOnOther()!.querySelector('[part~="points"]'))).to.equal('2 points');

    const fired = oneEvent(el, 'community-check-in') as Promise<CommunityCheckInEvent>;
    button(el).click();
    const event = await fired;
    expect(event.detail.result.streak).to.equal(1);
    await waitUntil(() => button(el).disabled && text(button(el)).includes('Checked in'), 'the button did not turn into "Checked in"');
    expect(text($(el, '[part~="streak"]'))).to.include('1-day streak');
    await waitUntil(() => text($(el, '[role="status"]')).includes('Checked in: +1 today'), 'the check-in was not announced');
    await waitUntil(() => text(adaRowOnOther()?.querySelector('[part~="points"]')) === '3 points', 'the other widget did not update live');
    // A reload shows the same state: it is the backend's, not the button's.
    const again = await mount(testClient(ada, adapter));
    expect(button(again).disabled).to.equal(true);
  });

  it('turns into "Checked in" when the viewer checked in elsewhere (another tab)', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    expect(button(el).disabled).to.equal(false);
    await adapter.gamification!.checkIn({}, { viewer: ada });
    await waitUntil(() => button(el).disabled, 'the button did not follow a check-in made elsewhere');
    expect(text(button(el))).to.include('Checked in');
    expect(text($(el, '[part~="streak"]'))).to.include('1-day streak');
  });

  it('offers no check-in to a signed-out visitor', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const el = await mount(createCommunityClient({ adapter, viewer: null }));
    expect($(el, '[part~="check-in-button"]')).to.equal(null);
    expect(text($(el, '[part~="viewer-row"]'))).to.include('Sign in');
  });
});

describe('<community-leaderboard> how to earn points', () => {
  /** Changes the community's points rules through the adapter, as the operator console would. */
  async function changeRules(adapter: BackendAdapter, reply: number, streakBonuses: { days: number; points: number }[]) {
    const settings = await adapter.community!.getSettings({}, { viewer: owner });
    await adapter.community!.updateSettings({ points: { ...settings.points, rules: { ...settings.points.rules, reply }, streakBonuses } }, { viewer: owner });
  }

  it('opens from the keyboard and lists the community’s configured rules, caps and streak bonuses; reopening shows a change', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    const details = $(el, 'details[part~="earn"]') as HTMLDetailsElement;
    const summary = details.querySelector('summary')!;
    expect(text(summary)).to.equal('How to earn points');
    summary.focus();
    await sendKeys({ press: 'Enter' });
    expect(details.open).to.equal(true);
    await waitUntil(() => details.querySelector('[data-rule="reply"]'), 'the rules did not show');
    expect(text(details.querySelector('[data-rule="reply"]'))).to.equal('Comment or reply: +2');
    expect(text(details)).to.include('At most 200 points a day');
    expect(text(details)).to.include('7 days in a row: +5');

    summary.click();
    await changeRules(adapter, 4, [{ days: 3, points: 9 }]);
    summary.click();
    await waitUntil(() => text(details.querySelector('[data-rule="reply"]')) === 'Comment or reply: +4', 'reopening did not show the changed rule');
    expect(text(details)).to.include('3 days in a row: +9');
    expect(text(details)).to.not.include('7 days in a row');
  });

  it('stays live while open: a rules change made meanwhile shows without closing it', async () => {
    // No realtime event announces a settings change, so the open list reloads on an interval.
    const interval = CommunityLeaderboard.rulesRefreshInterval;
    CommunityLeaderboard.rulesRefreshInterval = 50;
    try {
      const adapter = testAdapter();
      const el = await mount(testClient(ada, adapter));
      const details = $(el, 'details[part~="earn"]') as HTMLDetailsElement;
      details.querySelector('summary')!.click();
      await waitUntil(() => text(details.querySelector('[data-rule="reply"]')) === 'Comment or reply: +2');
      await changeRules(adapter, 5, []);
      await waitUntil(() => text(details.querySelector('[data-rule="reply"]')) === 'Comment or reply: +5', 'the open list did not follow the change');
      expect(details.open).to.equal(true);
      expect(text(details)).to.not.include('Streak bonuses');
    } finally {
      CommunityLeaderboard.rulesRefreshInterval = interval;
    }
  });
});

describe('<community-leaderboard> languages', () => {
  it('names levels, badges, titles and periods in zh-CN', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const el = await mount(testClient(ada, adapter), { lang: 'zh-CN' });
    const [first, second] = rows(el);
    expect(text(first!.querySelector('[part~="level"]'))).to.equal('常客');
    expect(text(first!.querySelector('[part~="badge"]'))).to.equal('初次发帖');
    expect(text(second!.querySelector('[part~="level"]'))).to.equal('新手');
    expect(text(second!.querySelector('[part~="title"]'))).to.equal('坚持达人');
    expect(text($(el, '#tab-week'))).to.equal('本周');
    expect(text(button(el))).to.equal('签到');
    expect(text($(el, '[part~="streak"]'))).to.equal('还没有连续签到，再签到 7 次可得 +5');
    el.setAttribute('lang', 'zh-TW');
    await el.updateComplete;
    expect(text($(el, '#tab-week'))).to.equal('本週');
    expect(text(rows(el)[0]!.querySelector('[part~="badge"]'))).to.equal('初次發文');
    expect(text($(el, '[part~="streak"]'))).to.equal('還沒有連續簽到，再簽到 7 次可得 +5');
  });
});

describe('<community-leaderboard> in a narrow container', () => {
  const longName: Viewer = { id: 'max', displayName: 'Maximilian Alexander Featherstonehaugh-Worthington', role: 'member' };

  /** The seeded board with four badges on Bob's row and a member with a very long name. */
  async function crowded(): Promise<BackendAdapter> {
    const inner = testAdapter();
    await seed(inner);
    await comment(inner, longName);
    const group = inner.gamification!;
    const more = ['first_accepted_answer', 'streak_7', 'streak_30'].map((badge) => ({ badge, name: badge, awardedAt: new Date(0).toISOString() }));
    const addBadges = (board: Leaderboard): Leaderboard => ({
      ...board,
      items: board.items.map((row) => (row.member.id === 'bob' ? { ...row, badges: [...row.badges, ...more] } : row)),
    });
    const gamification: GamificationAdapter = { ...group, leaderboard: async (input, ctx) => addBadges(await group.leaderboard(input, ctx)) };
    return Object.create(inner, { gamification: { value: gamification } });
  }

  async function mountAt(width: number, lang = 'en'): Promise<CommunityLeaderboard> {
    const client = createCommunityClient({ adapter: await crowded(), viewer: ada });
    const box = await fixture<HTMLDivElement>(
      html`<div style=${`width: ${width}px`}><community-leaderboard .client=${client} lang=${lang}></community-leaderboard></div>`,
    );
    const el = box.querySelector<CommunityLeaderboard>('community-leaderboard')!;
    await loaded(el);
    // The catalogue names the badges once the pointer or focus reaches the widget.
    el.shadowRoot!.querySelector('section')!.dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(() => text(rows(el)[0]!.querySelector('[part~="badge"]:nth-child(2)')) !== 'first_accepted_answer', 'the badge names did not load');
    return el;
  }

  const visible = (node: Element) => (node as HTMLElement).offsetWidth > 1;

  for (const lang of ['en', 'zh-CN']) {
    it(`fits 320px (${lang}): one line of tabs, rows no taller than 96px, the check-in stacked`, async () => {
      const el = await mountAt(320, lang);
      const tops = $$(el, '[role="tab"]').map((tab) => tab.offsetTop);
      expect(new Set(tops).size, `tab tops ${tops}`).to.equal(1);
      const heights = $$(el, '[part~="row"]').map((row) => row.getBoundingClientRect().height);
      expect(Math.max(...heights), `row heights ${heights}`).to.be.at.most(96);
      // The streak above the button, not squeezed beside it.
      const streak = $(el, '[part~="streak"]')!.getBoundingClientRect();
      expect(button(el).getBoundingClientRect().top).to.be.at.least(streak.bottom - 1);
      expect(el.getBoundingClientRect().width).to.equal(320);
      expect(el.shadowRoot!.querySelector('section')!.scrollWidth).to.be.at.most(320);
    });
  }

  it('shows two badges and "+N" when narrow, every badge when wide; a long name truncates with its title', async () => {
    const narrow = await mountAt(320);
    const bob = rows(narrow)[0]!;
    const badges = [...bob.querySelectorAll('[part~="badge"]')];
    expect(badges.length, 'every badge stays in the list for screen readers').to.equal(4);
    expect(badges.filter(visible).length).to.equal(2);
    const more = bob.querySelector<HTMLElement>('.more')!;
    expect(visible(more)).to.equal(true);
    expect(text(more)).to.equal('+2');
    expect(more.title).to.equal('7-Day Streak, 30-Day Streak');
    const max = rows(narrow).find((row) => row.querySelector('[part~="name"]')!.getAttribute('title') === longName.displayName)!;
    const name = max.querySelector<HTMLElement>('.name-text')!;
    expect(text(name)).to.equal(longName.displayName);
    expect(name.scrollWidth, 'the long name is cut with an ellipsis').to.be.greaterThan(name.clientWidth);

    const wide = await mountAt(800);
    const wideBob = rows(wide)[0]!;
    expect([...wideBob.querySelectorAll('[part~="badge"]')].filter(visible).length).to.equal(4);
    expect(visible(wideBob.querySelector('.more')!)).to.equal(false);
  });
});

describe('<community-leaderboard> degrading and teardown', () => {
  it('explains that the backend has no points instead of failing', async () => {
    const inner = testAdapter();
    const adapter: BackendAdapter = Object.create(inner, {
      capabilities: { value: { ...inner.capabilities, gamification: false } },
      gamification: { value: undefined },
    });
    const el = await fixture<CommunityLeaderboard>(html`<community-leaderboard .client=${createCommunityClient({ adapter, viewer: ada })}></community-leaderboard>`);
    await waitUntil(() => $(el, '.notice'));
    expect(text($(el, '.notice'))).to.equal('This community does not have points or leaderboards.');
    expect($(el, '[part~="check-in-button"]')).to.equal(null);
    expect($(el, '[role="alert"]')).to.equal(null);
  });

  it('with loading="lazy", asks the backend nothing until it nears the viewport', async () => {
    const adapter = testAdapter();
    const client = testClient(ada, adapter);
    const spacer = await fixture<HTMLDivElement>(html`<div><div style="height: 5000px"></div><community-leaderboard loading="lazy" .client=${client}></community-leaderboard></div>`);
    const el = spacer.querySelector('community-leaderboard')!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(adapter.calls.getSession ?? 0).to.equal(0);
    expect(adapter.activeSubscriptions).to.equal(0);
    expect($(el, '.skeleton')).to.exist;
    el.scrollIntoView();
    await loaded(el);
    expect(adapter.calls.getSession).to.equal(1);
    expect(adapter.activeSubscriptions).to.equal(1);
  });

  it('keeps one realtime subscription for two widgets on one client and releases it on removal', async () => {
    const adapter = testAdapter();
    const client = testClient(ada, adapter);
    const a = await mount(client);
    const b = await mount(client, { period: 'all' });
    expect(adapter.activeSubscriptions).to.equal(1);
    a.remove();
    expect(adapter.activeSubscriptions).to.equal(1);
    b.remove();
    expect(adapter.activeSubscriptions).to.equal(0);
    expect(langObserverCount()).to.equal(0);
  });
});

describe('<community-leaderboard> downloads', () => {
  const parts = [lazyBoard, lazyRules] as Lazy<unknown>[];
  const importers = parts.map((part) => part.importer);
  afterEach(() => parts.forEach((part, i) => (part.importer = importers[i]!)));

  /**
   * Makes `part` download as though this page had never loaded it, through `importer`
   * (given the real download); returns how many downloads began.
   */
  function downloads<T>(part: Lazy<T>, importer: (real: () => Promise<T>) => Promise<T> = (real) => real()): { count: number } {
    const real = part.importer;
    const seen = { count: 0 };
    part.value = undefined;
    part.importer = () => {
      seen.count++;
      return importer(real);
    };
    return seen;
  }

  /** A promise and the function that settles it. */
  function gate(): { open: () => void; opened: Promise<void> } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  }

  const failed = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

  it('downloads the board once beside the first requests, the skeleton standing in until it is in', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const slow = gate();
    const board = downloads(lazyBoard, async (real) => {
      await slow.opened;
      return real();
    });
    const client = testClient(ada, adapter);
    const page = fixtureSync<HTMLDivElement>(
      html`<div><community-leaderboard .client=${client} lang="en"></community-leaderboard><community-leaderboard .client=${client} lang="en"></community-leaderboard></div>`,
    );
    const [first, second] = [...page.querySelectorAll<CommunityLeaderboard>('community-leaderboard')] as [CommunityLeaderboard, CommunityLeaderboard];
    // The data is asked for while the board downloads, not after.
    await waitUntil(() => adapter.calls['gamification.leaderboard'], 'the leaderboard was not requested while the board downloaded');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(board.count, 'two widgets share one download').to.equal(1);
    expect($(first, '.skeleton'), 'the skeleton stands in for the board').to.exist;
    expect($(first, '[role="tablist"]')).to.equal(null);
    expect(text($(first, '[part~="heading"]'))).to.equal('Leaderboard');
    slow.open();
    await loaded(first);
    await loaded(second);
    expect(names(first)).to.deep.equal(['Bob', 'Cy Chen', 'Ada Lovelace']);
    expect(names(second)).to.deep.equal(['Bob', 'Cy Chen', 'Ada Lovelace']);
    expect(board.count).to.equal(1);
  });

  it('with loading="lazy", downloads no board until it nears the viewport', async () => {
    const board = downloads(lazyBoard);
    const spacer = await fixture<HTMLDivElement>(
      html`<div><div style="height: 5000px"></div><community-leaderboard loading="lazy" .client=${testClient(ada, testAdapter())}></community-leaderboard></div>`,
    );
    const el = spacer.querySelector('community-leaderboard')!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(board.count).to.equal(0);
    el.scrollIntoView();
    await loaded(el);
    expect(board.count).to.equal(1);
  });

  it('shows a board that failed to download as the load error, with a Retry that downloads it again', async () => {
    const adapter = testAdapter();
    await seed(adapter);
    const board = downloads(lazyBoard, failed);
    const errors: CommunityErrorEvent[] = [];
    const el = fixtureSync<CommunityLeaderboard>(html`<community-leaderboard .client=${testClient(ada, adapter)} lang="en"></community-leaderboard>`);
    el.addEventListener('community-error', (event) => errors.push(event));
    await waitUntil(() => $(el, '[role="alert"]'), 'no error shown for a board that did not download');
    const alert = $(el, '[role="alert"]')!;
    expect(text(alert.querySelector('p'))).to.equal('The leaderboard could not be loaded.');
    expect($(el, '.skeleton'), 'no skeleton left spinning').to.equal(null);
    await waitUntil(() => errors.length > 0, 'no community-error for a board that did not download');
    expect(errors[0]!.detail.error.code).to.equal('unavailable');
    expect(errors[0]!.detail.action).to.equal('load');

    lazyBoard.importer = importers[0] as typeof lazyBoard.importer;
    alert.querySelector('button')!.click();
    await loaded(el);
    expect($(el, '[role="alert"]')).to.equal(null);
    expect(names(el)).to.deep.equal(['Bob', 'Cy Chen', 'Ada Lovelace']);
    expect(board.count).to.equal(1);
  });

  it('fetches the rules on the pointer’s or focus’s intent, so opening "how to earn points" shows them at once', async () => {
    const rules = downloads(lazyRules);
    const el = await mount(testClient(ada, testAdapter()));
    expect(rules.count, 'nothing fetched before the reader shows intent').to.equal(0);
    $(el, 'section')!.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    expect(rules.count).to.equal(1);
    const details = $(el, 'details[part~="earn"]') as HTMLDetailsElement;
    await waitUntil(() => details.querySelector('[data-rule="reply"]'), 'the list was not ready before the disclosure opened');
    expect(details.open).to.equal(false);
    // Focus inside the widget is the same intent; the download is not repeated.
    details.querySelector('summary')!.focus();
    await el.updateComplete;
    expect(rules.count).to.equal(1);
  });

  it('opened before the rules are in, says they are loading and then lists them', async () => {
    const slow = gate();
    downloads(lazyRules, async (real) => {
      await slow.opened;
      return real();
    });
    const el = await mount(testClient(ada, testAdapter()));
    const details = $(el, 'details[part~="earn"]') as HTMLDetailsElement;
    details.querySelector('summary')!.click();
    await waitUntil(() => text(details).includes('Loading the rules…'), 'the open disclosure did not say the rules are loading');
    expect(details.open).to.equal(true);
    slow.open();
    await waitUntil(() => text(details.querySelector('[data-rule="reply"]')) === 'Comment or reply: +2', 'the rules did not show once in');
    expect(text(details)).to.not.include('Loading the rules…');
  });

  it('shows rules that failed to download as an error in the disclosure, with a Retry', async () => {
    downloads(lazyRules, failed);
    const el = await mount(testClient(ada, testAdapter()));
    const details = $(el, 'details[part~="earn"]') as HTMLDetailsElement;
    details.querySelector('summary')!.click();
    await waitUntil(() => details.querySelector('[role="alert"]'), 'no error shown for rules that did not download');
    expect(text(details.querySelector('[role="alert"] p'))).to.equal('The rules could not be loaded.');
    // The board itself stays up.
    expect($(el, '[role="tablist"]')).to.exist;
    expect($(el, '[part~="viewer-row"]')).to.exist;
    lazyRules.importer = importers[1] as typeof lazyRules.importer;
    details.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await waitUntil(() => details.querySelector('[data-rule="reply"]'), 'Retry did not bring the rules');
    expect(details.querySelector('[role="alert"]')).to.equal(null);
  });
});
