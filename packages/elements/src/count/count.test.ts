import { expect, fixture, html } from '@open-wc/testing';
import { HearthError, type BackendAdapter } from '@hearth/protocol';
import { configure, getPageConfig } from '../config/configure.js';
import { langObserverCount } from '../i18n/lang-observer.js';
import { ada, bob, mod, testAdapter, testClient, type TestAdapter } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import type { CommunityCount } from './count.js';
import './define.js';

const base = (el: CommunityCount) => el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
/** What a sighted reader sees. */
const seen = (el: CommunityCount) =>
  [...base(el).childNodes]
    .filter((node) => !(node instanceof Element && node.classList.contains('vh')))
    .map((node) => node.textContent)
    .join('')
    .trim();
/** Everything in the badge, the words kept for screen readers included. */
const said = (el: CommunityCount) => (base(el).textContent ?? '').replace(/\s+/g, ' ').trim();

function comment(adapter: BackendAdapter, threadKey: string, viewer = ada) {
  return adapter.createComment({ threadKey, body: `Hello ${crypto.randomUUID()}`, idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer });
}

async function seeded(counts: Record<string, number>): Promise<TestAdapter> {
  const adapter = testAdapter();
  for (const [key, n] of Object.entries(counts)) for (let i = 0; i < n; i++) await comment(adapter, key, i % 2 ? bob : ada);
  return adapter;
}

function badge(adapter: BackendAdapter, attrs: Record<string, string> = {}): CommunityCount {
  const el = document.createElement('community-count');
  el.client = testClient(null, adapter);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

async function mount(adapter: BackendAdapter, attrs: Record<string, string> = {}): Promise<CommunityCount> {
  const el = await fixture<CommunityCount>(html`${badge(adapter, { lang: 'en', ...attrs })}`);
  await waitUntil(() => seen(el), 'the count did not show');
  return el;
}

describe('<community-count>', () => {
  it('shows the thread’s comment count in part="base", pluralised', async () => {
    const adapter = await seeded({ '/a': 2, '/one': 1 });
    expect(seen(await mount(adapter, { thread: '/a' }))).to.equal('2 comments');
    expect(seen(await mount(adapter, { thread: '/one' }))).to.equal('1 comment');
    expect(seen(await mount(adapter, { thread: '/none' }))).to.equal('0 comments');
  });

  it('shows only the number with format="number", keeping the word for screen readers', async () => {
    const adapter = await seeded({ '/a': 3 });
    const el = await mount(adapter, { thread: '/a', format: 'number' });
    expect(seen(el)).to.equal('3');
    expect(said(el)).to.equal('3 comments');
  });

  it('speaks Chinese from its own lang or an ancestor’s, and re-renders when lang changes', async () => {
    const adapter = await seeded({ '/a': 12 });
    const el = await mount(adapter, { thread: '/a', lang: 'zh-CN' });
    expect(seen(el)).to.equal('12 条评论');
    el.setAttribute('lang', 'zh-TW');
    await waitUntil(() => seen(el) === '12 則留言', `still ${seen(el)}`);
    el.setAttribute('lang', 'en');
    await waitUntil(() => seen(el) === '12 comments', `still ${seen(el)}`);

    const host = await fixture<HTMLElement>(html`<p lang="zh-Hant-HK"></p>`);
    const inner = badge(adapter, { thread: '/a' });
    host.append(inner);
    await waitUntil(() => seen(inner) === '12 則留言', `ancestor lang not followed: ${seen(inner)}`);
    host.setAttribute('lang', 'zh-CN');
    await waitUntil(() => seen(inner) === '12 条评论', `ancestor lang change not followed: ${seen(inner)}`);
  });

  it('refetches when thread changes', async () => {
    const adapter = await seeded({ '/a': 2, '/b': 5 });
    const el = await mount(adapter, { thread: '/a' });
    const before = adapter.calls.getThread ?? 0;
    el.setAttribute('thread', '/b');
    await waitUntil(() => seen(el) === '5 comments', `still ${seen(el)}`);
    expect(adapter.calls.getThread).to.equal(before + 1);
  });

  it('with loading="lazy", asks for nothing until it nears the viewport', async () => {
    const adapter = await seeded({ '/far': 3 });
    const host = await fixture<HTMLElement>(html`<div lang="en"><div style="height: 5000px"></div></div>`);
    const el = badge(adapter, { thread: '/far', loading: 'lazy' });
    const before = adapter.calls.getThread ?? 0;
    host.append(el);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(adapter.calls.getThread ?? 0, 'loaded while far below the fold').to.equal(before);
    el.scrollIntoView();
    await waitUntil(() => seen(el) === '3 comments', `still "${seen(el)}"`);
    expect(adapter.calls.getThread).to.equal(before + 1);
  });

  it('makes one request for many badges of one thread, and one per other thread', async () => {
    const adapter = await seeded({ '/a': 2, '/b': 1 });
    const client = testClient(null, adapter);
    const host = await fixture<HTMLElement>(html`<ul lang="en"></ul>`);
    const badges = [...Array.from({ length: 20 }, () => '/a'), '/b'].map((thread) => {
      const el = document.createElement('community-count');
      el.client = client;
      el.setAttribute('thread', thread);
      host.append(el);
      return el;
    });
    await waitUntil(() => badges.every((el) => seen(el)), 'not every badge showed');
    expect(badges.slice(0, 20).every((el) => seen(el) === '2 comments')).to.equal(true);
    expect(seen(badges[20]!)).to.equal('1 comment');
    expect(adapter.calls.getThread).to.equal(2);
    expect(adapter.activeSubscriptions).to.equal(2);
  });

  it('goes up live when a comment is added, and down when one is hidden', async () => {
    const adapter = await seeded({ '/a': 1 });
    const el = await mount(adapter, { thread: '/a' });
    expect(seen(el)).to.equal('1 comment');
    const post = await comment(adapter, '/a', bob);
    await waitUntil(() => seen(el) === '2 comments', `still ${seen(el)}`);
    await adapter.hideComment({ postId: post.id }, { viewer: mod });
    await waitUntil(() => seen(el) === '1 comment', `still ${seen(el)}`);
  });

  it('works with adapter="memory"', async () => {
    const el = await fixture<CommunityCount>(html`<community-count adapter="memory" thread="/memory-count-${crypto.randomUUID()}" lang="en"></community-count>`);
    await waitUntil(() => seen(el), 'nothing shown on the memory backend');
    expect(seen(el)).to.equal('0 comments');
  });

  it('shows “—” with the reason, and fires community-error, when there is no backend', async () => {
    const { client, adapter } = getPageConfig();
    configure({ client: undefined, adapter: undefined });
    try {
      const errors: Event[] = [];
      const record = (event: Event) => errors.push(event);
      document.addEventListener('community-error', record);
      const el = await fixture<CommunityCount>(html`<community-count thread="/a" lang="en"></community-count>`);
      try {
        await waitUntil(() => seen(el) === '—', 'no dash without a backend');
        await waitUntil(() => errors.length > 0, 'community-error did not reach the document');
      } finally {
        document.removeEventListener('community-error', record);
      }
      expect(base(el).title).to.match(/no community backend is configured/);
      expect(said(el)).to.contain(base(el).title);
      expect(errors[0]!.bubbles && errors[0]!.composed).to.equal(true);
      expect(errors[0]!.target).to.equal(el);
      await expect(el).to.be.accessible();
      el.setAttribute('lang', 'zh-CN');
      await waitUntil(() => /尚未配置/.test(base(el).title), 'the reason did not follow lang');
    } finally {
      configure({ client, adapter });
    }
  });

  it('shows “—” with the backend’s message when loading fails', async () => {
    const adapter = testAdapter();
    adapter.override('getThread', () => async () => {
      throw new HearthError('forbidden', 'Counts are private here.');
    });
    const el = await fixture<CommunityCount>(html`${badge(adapter, { thread: '/a', lang: 'en' })}`);
    await waitUntil(() => seen(el) === '—', 'no dash for a failing backend');
    expect(base(el).title).to.equal('Comment count unavailable: Counts are private here.');
  });

  it('passes axe', async () => {
    const adapter = await seeded({ '/a': 2 });
    await expect(await mount(adapter, { thread: '/a' })).to.be.accessible();
    await expect(await mount(adapter, { thread: '/a', format: 'number' })).to.be.accessible();
  });

  it('takes a client set before the tag was defined', async () => {
    const adapter = await seeded({ '/a': 4 });
    const el = document.createElement('late-community-count') as CommunityCount;
    (el as { client?: unknown }).client = testClient(null, adapter);
    el.setAttribute('thread', '/a');
    el.setAttribute('lang', 'en');
    document.body.append(el);
    try {
      customElements.define('late-community-count', class extends (customElements.get('community-count') as typeof CommunityCount) {});
      await waitUntil(() => seen(el) === '4 comments', 'the early client was not used');
    } finally {
      el.remove();
    }
  });

  it('does not throw when defined twice', async () => {
    const registered = customElements.get('community-count');
    expect(registered).to.exist;
    await import(`${new URL('./define.ts', import.meta.url).href}?copy=${Date.now()}`);
    expect(customElements.get('community-count')).to.equal(registered);
  });

  it('leaves no adapter subscriptions or lang observers behind after mounting and unmounting 100 times', async () => {
    const adapter = await seeded({ '/a': 1 });
    const client = testClient(null, adapter);
    const host = document.createElement('div');
    host.lang = 'en';
    document.body.append(host);
    let mounted = 0;
    try {
      for (let i = 0; i < 100; i++) {
        const el = document.createElement('community-count');
        el.client = client;
        el.setAttribute('thread', i % 2 ? '/a' : '/b');
        host.append(el);
        await waitUntil(() => seen(el), `mount ${i + 1} showed nothing`);
        if (i === 0) mounted = adapter.activeSubscriptions;
        expect(adapter.activeSubscriptions, `mount ${i + 1}`).to.equal(mounted);
        el.remove();
        // The loader runs after the element's callbacks; let it let go.
        await Promise.resolve();
      }
    } finally {
      host.remove();
    }
    expect(mounted, 'a mounted badge did not subscribe, so this test proves nothing').to.be.greaterThan(0);
    await waitUntil(() => adapter.activeSubscriptions === 0, `${adapter.activeSubscriptions} subscriptions left`);
    expect(langObserverCount()).to.equal(0);
  });
});
