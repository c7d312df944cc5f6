import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createCommunityClient, type CommunityClient } from '@hearth/client';
import type { BackendAdapter, CreatePostInput, FeedPost, Viewer } from '@hearth/protocol';
import { ada, bob, mod, testAdapter, testClient, type TestAdapter } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import { runWidgetBaseTests } from '../test-support/widget-base-tests.js';
import type { CommunityFeed } from './feed.js';
import type { FeedComposer } from './feed-composer.js';
import type { CommunityBeforeFeedPostEvent, CommunityFeedPostEvent } from './feed-events.js';
import './define.js';

const admin: Viewer = { id: 'ann', displayName: 'Ann Admin', role: 'admin' };

let keys = 0;
function seedPost(adapter: BackendAdapter, viewer: Viewer, input: Partial<CreatePostInput> = {}): Promise<FeedPost> {
  return adapter.feed!.createPost(
    { space: 'general', body: `Post number ${++keys}`, idempotencyKey: `k-feed-${String(keys).padStart(8, '0')}`, ...input },
    { viewer },
  );
}

/** A memory backend whose clock moves a second per read, so `new` orders posts as they were made. */
function ticking(options: Parameters<typeof testAdapter>[0] = {}): TestAdapter {
  let now = Date.now();
  return testAdapter({ clock: () => (now += 1000), ...options });
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The bodies of the posts shown, in order. */
const bodies = (el: CommunityFeed) => $$(el, '[part~="post-body"]').map((node) => text(node));

async function loaded(el: CommunityFeed): Promise<void> {
  await waitUntil(() => $(el, '[part~="list"], [part~="empty"]'), 'the feed did not load');
  await el.updateComplete;
}

async function mount(client: CommunityClient, attrs: { space?: string; lang?: string } = {}): Promise<CommunityFeed> {
  const el = await fixture<CommunityFeed>(html`<community-feed .client=${client} space=${attrs.space ?? 'general'} lang=${attrs.lang ?? 'en'}></community-feed>`);
  await loaded(el);
  return el;
}

const composerOf = (el: CommunityFeed) => $<FeedComposer>(el, 'community-feed-composer');

async function openComposer(el: CommunityFeed): Promise<ShadowRoot> {
  $<HTMLButtonElement>(el, '[part~="composer-open"]')!.click();
  await waitUntil(() => composerOf(el)?.shadowRoot?.querySelector('form'), 'the composer did not open');
  await composerOf(el)!.updateComplete;
  return composerOf(el)!.shadowRoot!;
}

async function compose(el: CommunityFeed, fields: { title?: string; body: string; topics?: string; kind?: string }): Promise<ShadowRoot> {
  const root = await openComposer(el);
  if (fields.kind) {
    const select = root.querySelector<HTMLSelectElement>('#kind')!;
    select.value = fields.kind;
    select.dispatchEvent(new Event('change'));
    await composerOf(el)!.updateComplete;
  }
  root.querySelector<HTMLInputElement>('#title')!.value = fields.title ?? '';
  root.querySelector<HTMLTextAreaElement>('#body')!.value = fields.body;
  root.querySelector<HTMLInputElement>('#topics')!.value = fields.topics ?? '';
  root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
  return root;
}



runWidgetBaseTests<CommunityFeed>({
  tag: 'community-feed',
  define: new URL('./define.ts', import.meta.url).href,
  create: (client) => Object.assign(document.createElement('community-feed'), { client }),
  loaded,
  async seed(adapter) {
    // Content for axe and the themes: a pinned announcement, a post with a topic and a reaction.
    const pinned = await seedPost(adapter, mod, { kind: 'announcement', title: 'Welcome', body: 'Read the **rules**.' });
    const post = await seedPost(adapter, bob, { title: 'Hello', body: 'First post', topics: ['intro'] });
    await adapter.moderation!.act({ target: { type: 'post', id: pinned.id }, action: 'pin' }, { viewer: mod });
    await adapter.feed!.reactToPost({ postId: post.id, emoji: '👍' }, { viewer: ada });
    // Another space with posts by the same people, for the key change.
    await adapter.community!.createSpace({ key: 'news', kind: 'feed', name: 'News' }, { viewer: admin });
    await seedPost(adapter, mod, { space: 'news', body: 'News from staff' });
    await seedPost(adapter, bob, { space: 'news', body: 'News from Bob' });

  },
  loads: 'feed.listPosts',
  rekey: {
    apply(el) {
      el.space = 'news';
    },
  },
  event: {
    type: 'community-post',
    async trigger(el) {
      await compose(el, { title: 'From the base suite', body: 'Hello' });
    },
  },
  token: { name: '--community-feed-accent', value: 'rgb(1, 2, 3)', selector: '[part~="tab"][aria-selected="true"]', property: 'border-bottom-color' },
});

describe('<community-feed>', () => {
  it('posting from the composer shows the post, fires community-post and earns the author points', async () => {
    const adapter = ticking();
    await seedPost(adapter, bob, { body: 'An older post' });
    const el = await mount(testClient(ada, adapter));
    const before = await adapter.members!.getCard({ memberId: 'ada' }, { viewer: ada }).then(
      (card) => card.lifetimePoints,
      () => 0,
    );
    const posted = new Promise<CommunityFeedPostEvent>((resolve) => el.addEventListener('community-post', (e) => resolve(e as unknown as CommunityFeedPostEvent), { once: true }));
    await compose(el, { title: 'My first post', body: 'Hello **everyone**', topics: '#Intro, web' });
    const event = await posted;
    expect(event.detail.post.title).to.equal('My first post');
    expect(event.detail.post.topics).to.deep.equal(['intro', 'web']);
    await waitUntil(() => text($(el, '[part~="post-title"]')) === 'My first post', 'the new post is not on top');
    expect(bodies(el)).to.deep.equal(['Hello everyone', 'An older post']);
    // The composer closes and the new post is announced.
    await waitUntil(() => !composerOf(el) && text($(el, '[role="status"]')).includes('Your post is up.'));
    const card = await adapter.members!.getCard({ memberId: 'ada' }, { viewer: ada });
    expect(card.lifetimePoints).to.be.greaterThan(before);
  });

  it('a cancelled community-before-post sends nothing and keeps the draft', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    el.addEventListener('community-before-post', (e) => e.preventDefault(), { once: true });
    const seen = new Promise<CommunityBeforeFeedPostEvent>((resolve) => el.addEventListener('community-before-post', (e) => resolve(e as unknown as CommunityBeforeFeedPostEvent), { once: true }));
    const root = await compose(el, { title: 'Vetoed', body: 'Not sent', topics: 'a, b' });
    const event = await seen;
    expect(event.detail).to.include({ space: 'general', kind: 'discussion', title: 'Vetoed', body: 'Not sent' });
    expect(event.detail.topics).to.deep.equal(['a', 'b']);
    await el.updateComplete;
    expect(adapter.calls['feed.createPost'] ?? 0).to.equal(0);
    expect(root.querySelector<HTMLTextAreaElement>('#body')!.value).to.equal('Not sent');
  });

  it('asks for the onboarding profile, names a missing field, and resends', async () => {
    const adapter = testAdapter({ community: { onboardingFields: ['headline', 'expertise'] } });
    const el = await mount(testClient(ada, adapter));
    const root = await openComposer(el);
    await waitUntil(() => root.querySelector('#profile-headline'), 'no profile fields for a first post');
    root.querySelector<HTMLInputElement>('#profile-expertise')!.value = 'Lit, CSS';
    root.querySelector<HTMLTextAreaElement>('#body')!.value = 'Hi all';
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => root.querySelector('#profile-headline[aria-invalid="true"]'), 'the missing headline is not marked');
    expect(text(root.querySelector('[role="alert"]'))).to.contain('Your post was not sent.');
    root.querySelector<HTMLInputElement>('#profile-headline')!.value = 'Web developer';
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => bodies(el).includes('Hi all'), 'the resent post did not show');
    const card = await adapter.members!.getCard({ memberId: 'ada' }, { viewer: ada });
    expect(card.profile).to.deep.include({ headline: 'Web developer', expertise: ['Lit', 'CSS'] });
  });

  it('Escape closes the composer and gives focus back to "Start a post…"', async () => {
    const el = await mount(testClient(ada));
    const root = await openComposer(el);
    root.querySelector<HTMLInputElement>('#title')!.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !composerOf(el), 'Escape did not close the composer');
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('composer-open');
  });

  it('links the community rules in the composer', async () => {
    const adapter = testAdapter({ community: { rulesText: 'Be **kind**.' } });
    const el = await mount(testClient(ada, adapter));
    const root = await openComposer(el);
    await waitUntil(() => root.querySelector('[part~="rules"]'), 'no rules shown');
    expect(text(root.querySelector('[part~="rules"] summary'))).to.equal('Community rules');
    expect(text(root.querySelector('[part~="rules"] .markdown'))).to.equal('Be kind.');
  });

  it('puts pinned posts first and marks pinned and featured posts', async () => {
    const adapter = ticking();
    const old = await seedPost(adapter, bob, { body: 'Oldest, pinned' });
    const featured = await seedPost(adapter, bob, { body: 'Featured one' });
    await seedPost(adapter, bob, { body: 'Newest' });
    await adapter.moderation!.act({ target: { type: 'post', id: old.id }, action: 'pin' }, { viewer: mod });
    await adapter.moderation!.act({ target: { type: 'post', id: featured.id }, action: 'feature' }, { viewer: mod });
    const el = await mount(testClient(ada, adapter));
    expect(bodies(el)).to.deep.equal(['Oldest, pinned', 'Newest', 'Featured one']);
    const posts = $$(el, '[part~="post"]');
    expect(posts[0]!.querySelector('[part~="pinned"]')).to.exist;
    expect(posts[2]!.querySelector('[part~="featured"]')).to.exist;
    expect(posts[1]!.querySelector('[part~="pinned"], [part~="featured"]')).to.not.exist;
  });

  it('sort tabs and topic chips change what is listed', async () => {
    const adapter = ticking();
    const liked = await seedPost(adapter, bob, { body: 'Liked web post', topics: ['web'] });
    await seedPost(adapter, bob, { body: 'Plain post' });
    await seedPost(adapter, bob, { body: 'Newest web post', topics: ['web'] });
    await adapter.feed!.reactToPost({ postId: liked.id, emoji: '👍' }, { viewer: mod });
    const el = await mount(testClient(ada, adapter));
    expect(bodies(el)).to.deep.equal(['Newest web post', 'Plain post', 'Liked web post']);
    $<HTMLButtonElement>(el, '#tab-top')!.click();
    await waitUntil(() => bodies(el)[0] === 'Liked web post', 'Top did not reorder');
    expect(el.getAttribute('sort')).to.equal('top');
    expect($(el, '#tab-top')!.getAttribute('aria-selected')).to.equal('true');
    $<HTMLButtonElement>(el, '#tab-new')!.click();
    const chip = () => $$<HTMLButtonElement>(el, '[part~="chip"]').find((node) => text(node) === '#web');
    await waitUntil(chip, 'no #web chip');
    chip()!.click();
    await waitUntil(() => bodies(el).length === 2, 'the topic filter did not apply');
    expect(bodies(el)).to.deep.equal(['Newest web post', 'Liked web post']);
    expect(chip()!.getAttribute('aria-pressed')).to.equal('true');
    expect(el.getAttribute('topic')).to.equal('web');
  });

  it('announces another viewer’s new post in a banner and inserts it only on click', async () => {
    const adapter = ticking();
    await seedPost(adapter, bob, { body: 'Already here' });
    const el = await mount(testClient(ada, adapter));
    await seedPost(adapter, bob, { body: 'Just arrived' });
    await waitUntil(() => $(el, '[part~="new-posts"]'), 'no banner for the arrival');
    expect(text($(el, '[part~="new-posts"]'))).to.contain('1 new post');
    // Nothing moved under the reader.
    expect(bodies(el)).to.deep.equal(['Already here']);
    $<HTMLButtonElement>(el, '[part~="new-posts"]')!.click();
    await waitUntil(() => bodies(el).length === 2, 'the arrival was not inserted');
    expect(bodies(el)).to.deep.equal(['Just arrived', 'Already here']);
    expect($(el, '[part~="new-posts"]')).to.not.exist;
  });

  it('opens a post’s replies as a comments thread', async () => {
    const adapter = testAdapter();
    const post = await seedPost(adapter, bob, { body: 'Reply to me' });
    await adapter.createComment({ threadKey: post.threadKey, body: 'A first reply', idempotencyKey: 'k-reply-00000001' }, { viewer: mod });
    const el = await mount(testClient(ada, adapter));
    const toggle = () => $<HTMLButtonElement>(el, '[part~="replies-toggle"]');
    await waitUntil(() => text(toggle()) === '1 reply', 'no reply count');
    toggle()!.click();
    await waitUntil(() => $(el, 'community-comments')?.shadowRoot?.textContent?.includes('A first reply'), 'the replies did not open');
    expect($(el, 'community-comments')!.getAttribute('thread')).to.equal(`post:${post.id}`);
    expect(toggle()!.getAttribute('aria-expanded')).to.equal('true');
  });

  it('turns an open reply thread dark with the page when its theme is a selector', async () => {
    const adapter = testAdapter();
    const post = await seedPost(adapter, bob, { body: 'Reply to me' });
    await adapter.createComment({ threadKey: post.threadKey, body: 'A first reply', idempotencyKey: 'k-reply-00000002' }, { viewer: mod });
    const el = await mount(testClient(ada, adapter));
    el.setAttribute('theme', 'html[data-theme=dark]');
    const toggle = () => $<HTMLButtonElement>(el, '[part~="replies-toggle"]');
    await waitUntil(() => text(toggle()) === '1 reply', 'no reply count');
    toggle()!.click();
    await waitUntil(() => $(el, 'community-comments')?.shadowRoot?.textContent?.includes('A first reply'), 'the replies did not open');
    const thread = $(el, 'community-comments')!;
    expect(thread.getAttribute('data-scheme')).to.equal('light');
    document.documentElement.dataset.theme = 'dark';
    try {
      await waitUntil(() => thread.getAttribute('data-scheme') === 'dark' && el.getAttribute('data-scheme') === 'dark', 'the thread did not follow the page');
    } finally {
      delete document.documentElement.dataset.theme;
    }
    await waitUntil(() => thread.getAttribute('data-scheme') === 'light', 'the thread did not follow the page back');
  });

  it('reacts to a post', async () => {
    const adapter = testAdapter();
    const post = await seedPost(adapter, bob, { body: 'React to me' });
    const el = await mount(testClient(ada, adapter));
    const button = () => $$<HTMLButtonElement>(el, '[part~="reaction"]')[0];
    await waitUntil(button, 'no reaction buttons');
    const emoji = text(button());
    button()!.click();
    await waitUntil(() => button()!.getAttribute('aria-pressed') === 'true', 'the reaction did not show');
    const stored = await adapter.feed!.getPost({ postId: post.id }, { viewer: ada });
    expect(stored.viewerReactions).to.deep.equal([emoji]);
  });

  it('offers staff the announcement kind and members not', async () => {
    const adapter = testAdapter();
    const kinds = async (viewer: Viewer) => {
      const el = await mount(createCommunityClient({ adapter, viewer }));
      const root = await openComposer(el);
      return [...root.querySelectorAll<HTMLOptionElement>('#kind option')].map((option) => option.value);
    };
    expect(await kinds(ada)).to.deep.equal(['discussion', 'question']);
    expect(await kinds(mod)).to.deep.equal(['discussion', 'question', 'announcement']);
  });

  it('asks visitors who are signed out to sign in instead of a composer', async () => {
    const el = await mount(testClient(null));
    expect($(el, '[part~="composer-open"]')).to.not.exist;
    expect(text($(el, '[part~="base"]'))).to.contain('Sign in to post.');
  });

  it('changing space loads the other space', async () => {
    const adapter = testAdapter();
    await adapter.community!.createSpace({ key: 'news', kind: 'feed', name: 'News' }, { viewer: admin });
    await seedPost(adapter, bob, { body: 'In general' });
    await seedPost(adapter, bob, { space: 'news', body: 'In news' });
    const el = await mount(testClient(ada, adapter));
    expect(bodies(el)).to.deep.equal(['In general']);
    const calls = adapter.calls['feed.listPosts']!;
    el.setAttribute('space', 'news');
    await waitUntil(() => bodies(el)[0] === 'In news', 'the other space did not load');
    expect(bodies(el)).to.deep.equal(['In news']);
    expect(adapter.calls['feed.listPosts']).to.be.greaterThan(calls);
  });

  it('loads the next page from the Load more button', async () => {
    const adapter = ticking();
    for (let i = 0; i < 22; i++) await seedPost(adapter, bob);
    const el = await mount(testClient(ada, adapter));
    expect(bodies(el).length).to.equal(20);
    $<HTMLButtonElement>(el, '[part~="load-more"]')?.click();
    await waitUntil(() => bodies(el).length === 22, 'the next page did not load');
    expect($(el, '[part~="load-more"]')).to.not.exist;
  });

  it('loads the next page when the end of the list scrolls into view', async () => {
    const adapter = ticking();
    for (let i = 0; i < 22; i++) await seedPost(adapter, bob);
    const el = await mount(testClient(ada, adapter));
    await waitUntil(() => $(el, '[part~="load-more"]'), 'no Load more');
    expect(bodies(el).length).to.equal(20);
    $(el, '[part~="load-more"]')!.scrollIntoView();
    await waitUntil(() => bodies(el).length === 22, 'scrolling to the end did not load the next page');
  });

  it('moves between sort tabs with the arrow keys', async () => {
    const el = await mount(testClient(ada));
    await waitUntil(() => $$(el, '[part~="chip"], [part~="empty"]').length);
    $<HTMLButtonElement>(el, '#tab-new')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => el.sort === 'top', 'ArrowRight did not select Top');
    expect(el.shadowRoot!.activeElement?.id).to.equal('tab-top');
    await sendKeys({ press: 'Home' });
    await waitUntil(() => el.sort === 'hot', 'Home did not select Hot');
  });

  it('reloads when a moderation menu inside reports an action', async () => {
    const adapter = testAdapter();
    const post = await seedPost(adapter, bob, { body: 'Soon hidden' });
    const el = await mount(testClient(ada, adapter));
    expect(bodies(el)).to.deep.equal(['Soon hidden']);
    await adapter.moderation!.act({ target: { type: 'post', id: post.id }, action: 'hide' }, { viewer: mod });
    $(el, 'community-content-menu')!.dispatchEvent(new CustomEvent('community-moderate', { bubbles: true, composed: true }));
    await waitUntil(() => bodies(el).length === 0, 'the hidden post is still listed');
  });

  it('marks a post a moderator hid as Hidden for staff, and members no longer see it', async () => {
    const adapter = testAdapter();
    const post = await seedPost(adapter, bob, { body: 'Hidden by staff' });
    await seedPost(adapter, bob, { body: 'Still public' });
    const el = await mount(testClient(mod, adapter));
    expect($(el, '[part~="status"]')).to.not.exist;
    await adapter.moderation!.act({ target: { type: 'post', id: post.id }, action: 'hide' }, { viewer: mod });
    $(el, 'community-content-menu')!.dispatchEvent(new CustomEvent('community-moderate', { bubbles: true, composed: true }));
    const hidden = () => $$(el, '[part~="post"]').find((node) => text(node.querySelector('[part~="post-body"]')) === 'Hidden by staff');
    await waitUntil(() => hidden()?.querySelector('[part~="status"]'), 'the hidden post has no status mark');
    expect(text(hidden()!.querySelector('[part~="status"]'))).to.equal('Hidden');
    expect(getComputedStyle(hidden()!).borderTopStyle).to.equal('dashed');
    // Only the hidden post is marked.
    expect($$(el, '[part~="status"]').length).to.equal(1);
    await expect(el).to.be.accessible();

    const member = await mount(testClient(ada, adapter));
    expect(bodies(member)).to.deep.equal(['Still public']);
    expect($(member, '[part~="status"]')).to.not.exist;
  });

  it('shows staff the Chinese status mark', async () => {
    const adapter = testAdapter();
    const post = await seedPost(adapter, bob, { body: '隐藏' });
    await adapter.moderation!.act({ target: { type: 'post', id: post.id }, action: 'hide' }, { viewer: mod });
    const el = await mount(testClient(mod, adapter), { lang: 'zh-CN' });
    await waitUntil(() => text($(el, '[part~="status"]')) === '已隐藏', 'no zh-CN Hidden mark');
  });

  it('the open composer passes axe in light and dark', async () => {
    const adapter = testAdapter({ community: { rulesText: 'Be kind. Use `code` sparingly.', onboardingFields: ['headline'] } });
    await seedPost(adapter, bob, { body: 'Hi', topics: ['web'], profile: { headline: 'Tester' } });
    const el = await mount(testClient(ada, adapter));
    const root = await openComposer(el);
    await waitUntil(() => root.querySelector('[part~="rules"]') && root.querySelector('[part~="topic-suggestion"]'), 'rules and suggestions did not load');
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('suggests topics while typing and adds one on click', async () => {
    const adapter = testAdapter();
    await seedPost(adapter, bob, { body: 'A', topics: ['webdev'] });
    await seedPost(adapter, bob, { body: 'B', topics: ['design'] });
    const el = await mount(testClient(ada, adapter));
    const root = await openComposer(el);
    const input = root.querySelector<HTMLInputElement>('#topics')!;
    input.value = 'we';
    input.dispatchEvent(new Event('input'));
    const suggestion = () => [...root.querySelectorAll<HTMLButtonElement>('[part~="topic-suggestion"]')];
    await waitUntil(() => suggestion().length === 1 && text(suggestion()[0]) === '#webdev', 'no suggestion for "we"');
    suggestion()[0]!.click();
    expect(input.value).to.equal('webdev, ');
  });

  it('shows the empty slot when the space has no posts', async () => {
    const el = await fixture<CommunityFeed>(html`<community-feed .client=${testClient(ada)}><p slot="empty">Nothing yet</p></community-feed>`);
    await loaded(el);
    const slot = $<HTMLSlotElement>(el, 'slot[name="empty"]')!;
    expect(slot.assignedElements().map((node) => node.textContent)).to.deep.equal(['Nothing yet']);
  });
});


