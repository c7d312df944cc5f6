import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../test-support/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { CommunityComments } from '../comments/comments.js';
import { $, ada, bob, commentWith, loaded, seedComment, testAdapter, testClient, text, typeInto } from '../comments/test-support.js';
import { configure } from './configure.js';
import { getMemoryClient } from './memory-client.js';

// The memory backend is shared by the whole page, so this file's tests run on one
// unpersisted, unseeded memory store and use their own thread keys.
before(() => {
  configure({ memory: { persist: false, seed: false } });
});

afterEach(() => {
  localStorage.removeItem('hearth:guest');
  configure({ client: undefined, adapter: undefined, viewer: undefined });
});

const textarea = (el: CommunityComments) => $(el, '[part~="base"] > form textarea') as HTMLTextAreaElement;
const submit = (el: CommunityComments) => $(el, '[part~="base"] > form [part~="submit"]') as HTMLButtonElement;

describe('configure() and client resolution', () => {
  it('adapter="memory" loads one in-browser backend shared by every widget on the page', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <community-comments adapter="memory" thread="/memory-shared"></community-comments>
      <community-comments adapter="memory" thread="/memory-shared"></community-comments>
    </div>`);
    const [one, two] = [...wrapper.querySelectorAll('community-comments')];
    await waitUntil(() => one!.shadowRoot!.querySelector('textarea') && two!.shadowRoot!.querySelector('textarea'), 'memory did not load');
    configure({ viewer: ada });
    typeInto(textarea(one!), 'Hello from one');
    await one!.updateComplete;
    submit(one!).click();
    await waitUntil(() => commentWith(two!, 'Hello from one'), 'the other widget did not see it');
    expect(localStorage.getItem('hearth:memory')).to.equal(null);
  });

  it('asks a guest for a name, posts under it and remembers it with a stable id', async () => {
    const el = await fixture<CommunityComments>(html`<community-comments adapter="memory" thread="/guest"></community-comments>`);
    await waitUntil(() => textarea(el), 'memory did not load');
    const name = $(el, 'input[part~="name-input"]') as HTMLInputElement;
    expect(name.labels?.[0]?.textContent).to.equal('Your name');

    typeInto(textarea(el), 'Guest words');
    await el.updateComplete;
    submit(el).click();
    await el.updateComplete;
    await el.updateComplete;
    expect(text($(el, '[part~="base"] > form [role="alert"]'))).to.equal('Enter your name to post.');
    expect(el.shadowRoot!.activeElement).to.equal(name);

    typeInto(name, 'Grace');
    await el.updateComplete;
    submit(el).click();
    await waitUntil(() => commentWith(el, 'Guest words') && !commentWith(el, 'Guest words')!.matches('.optimistic'));
    expect(text(commentWith(el, 'Guest words')!.querySelector('[part~="author"]'))).to.equal('Grace');
    const stored = JSON.parse(localStorage.getItem('hearth:guest')!);
    expect(stored.displayName).to.equal('Grace');
    expect(stored.id).to.match(/^guest-/);
    // The guest now owns what they wrote.
    expect(commentWith(el, 'Guest words')!.querySelector('[data-action="edit"]')).to.exist;
    expect($(el, 'input[part~="name-input"]')).to.equal(null);
  });

  it('lets a guest name themselves and post with the keyboard alone', async () => {
    getMemoryClient().setViewer(null);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <button>before</button>
      <community-comments adapter="memory" thread="/keyboard"></community-comments>
    </div>`);
    const el = wrapper.querySelector('community-comments')!;
    await waitUntil(() => textarea(el), 'memory did not load');
    const focused = () => el.shadowRoot!.activeElement;
    // Start where a reader tabbing through the page would be: on what comes before the widget.
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(wrapper.querySelector('button'));
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal($(el, 'select[part~="sort"]'));
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal($(el, 'input[part~="name-input"]'));
    await sendKeys({ type: 'Keys' });
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal(textarea(el));
    await sendKeys({ type: 'Typed, never clicked' });
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    await waitUntil(() => commentWith(el, 'Typed, never clicked') && !commentWith(el, 'Typed, never clicked')!.matches('.optimistic'), 'not posted');
    expect(text(commentWith(el, 'Typed, never clicked')!.querySelector('[part~="author"]'))).to.equal('Keys');
    expect(textarea(el).value).to.equal('');
  });

  it('lets a guest post on a plain-http page, where crypto.randomUUID does not exist', async () => {
    getMemoryClient().setViewer(null);
    // Outside secure contexts (http:, not localhost) browsers leave randomUUID out.
    const randomUUID = Object.getOwnPropertyDescriptor(Crypto.prototype, 'randomUUID')!;
    Object.defineProperty(Crypto.prototype, 'randomUUID', { value: undefined, configurable: true });
    try {
      const el = await fixture<CommunityComments>(html`<community-comments adapter="memory" thread="/insecure"></community-comments>`);
      await waitUntil(() => textarea(el), 'memory did not load');
      typeInto($(el, 'input[part~="name-input"]') as HTMLInputElement, 'Plain');
      typeInto(textarea(el), 'Over http');
      await el.updateComplete;
      submit(el).click();
      await waitUntil(() => commentWith(el, 'Over http') && !commentWith(el, 'Over http')!.matches('.optimistic'), 'not posted');
      expect(JSON.parse(localStorage.getItem('hearth:guest')!).id).to.match(/^guest-[0-9a-f]{32}$/);
    } finally {
      Object.defineProperty(Crypto.prototype, 'randomUUID', randomUUID);
    }
  });

  it('lets a guest change their name after posting, keeping the same identity', async () => {
    // The page's memory client outlives tests; start as a visitor who has not named themselves.
    getMemoryClient().setViewer(null);
    const el = await fixture<CommunityComments>(html`<community-comments adapter="memory" thread="/rename"></community-comments>`);
    await waitUntil(() => textarea(el), 'memory did not load');
    typeInto($(el, 'input[part~="name-input"]') as HTMLInputElement, 'Grace');
    typeInto(textarea(el), 'First words');
    await el.updateComplete;
    submit(el).click();
    await waitUntil(() => commentWith(el, 'First words') && !commentWith(el, 'First words')!.matches('.optimistic'));
    const { id } = JSON.parse(localStorage.getItem('hearth:guest')!);
    expect(text($(el, '[part~="base"] > form .guest'))).to.equal('Posting as Grace Change name');

    ($(el, '[data-action="rename"]') as HTMLButtonElement).click();
    await el.updateComplete;
    const name = $(el, 'input[part~="name-input"]') as HTMLInputElement;
    expect(name.value).to.equal('Grace');
    expect(el.shadowRoot!.activeElement).to.equal(name);
    typeInto(name, 'Grace Hopper');
    typeInto(textarea(el), 'Second words');
    await el.updateComplete;
    submit(el).click();
    await waitUntil(() => text(commentWith(el, 'Second words')?.querySelector('[part~="author"]')) === 'Grace Hopper', 'new name not used');
    expect(JSON.parse(localStorage.getItem('hearth:guest')!)).to.deep.equal({ id, displayName: 'Grace Hopper' });
    expect($(el, 'input[part~="name-input"]')).to.equal(null);
    // Same id: the comment written under the old name is still theirs to edit.
    await waitUntil(() => commentWith(el, 'First words')?.querySelector('[data-action="edit"]'), 'lost ownership');
  });

  it('uses the page default client, and the element’s own client wins over it', async () => {
    const pageAdapter = testAdapter();
    await seedComment(pageAdapter, bob, '/t', 'From the page default');
    configure({ client: testClient(ada, pageAdapter) });
    const el = await fixture<CommunityComments>(html`<community-comments thread="/t"></community-comments>`);
    await loaded(el);
    expect(commentWith(el, 'From the page default')).to.exist;

    const ownAdapter = testAdapter();
    await seedComment(ownAdapter, bob, '/t', 'From its own client');
    el.client = testClient(ada, ownAdapter);
    await waitUntil(() => commentWith(el, 'From its own client'), 'own client did not win');
    expect(commentWith(el, 'From the page default')).to.equal(undefined);
  });

  it('builds a client over configure({ adapter }) that follows configure({ viewer })', async () => {
    const adapter = testAdapter();
    const post = await seedComment(adapter, ada, '/t', 'Mine when signed in');
    configure({ adapter });
    const el = await fixture<CommunityComments>(html`<community-comments thread="/t"></community-comments>`);
    await loaded(el);
    await waitUntil(() => commentWith(el, 'Mine when signed in'));
    expect(commentWith(el, 'Mine when signed in')!.querySelector('[data-action="edit"]')).to.equal(null);
    configure({ viewer: ada });
    await waitUntil(() => commentWith(el, 'Mine when signed in')?.querySelector('[data-action="edit"]'), 'viewer did not apply');
    expect(post.author.id).to.equal(ada.id);
  });

  it('picks up a configure() call made after the widget showed its missing-client error', async () => {
    const el = await fixture<CommunityComments>(html`<community-comments thread="/t"></community-comments>`);
    expect($(el, '[part~="error"]')).to.exist;
    configure({ client: testClient() });
    await waitUntil(() => textarea(el), 'configure() was not picked up');
    expect($(el, '[part~="error"]')).to.equal(null);
  });
});
