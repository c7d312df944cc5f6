import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../test-support/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { createMemoryAdapter, MemoryStore } from '@hearth/adapter-memory';
import { createCommunityClient } from '@hearth/client';
import { HearthError } from '@hearth/protocol';
import type { CommunityBeforePostEvent } from '../events/before-post-event.js';
import type { CommunityErrorEvent } from '../events/error-event.js';
import type { CommunityPostEvent } from '../events/post-event.js';
import { langObserverCount } from '../i18n/lang-observer.js';
import { runWidgetBaseTests } from '../test-support/widget-base-tests.js';
import type { CommunityComments } from './comments.js';
import {
  $,
  $$,
  ada,
  bob,
  commentWith,
  loaded,
  mod,
  mount,
  seedComment,
  testAdapter,
  testClient,
  text,
  typeInto,
} from './test-support.js';

const rootTextarea = (el: CommunityComments) => $(el, '[part~="base"] > form textarea') as HTMLTextAreaElement;
const rootSubmit = (el: CommunityComments) => $(el, '[part~="base"] > form [part~="submit"]') as HTMLButtonElement;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function pressWith(modifier: string, key: string) {
  await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  await sendKeys({ up: modifier });
}

/** Whether `ref`'s target is garbage collected (the test browser runs with --expose-gc). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run Chromium with --js-flags=--expose-gc (see web-test-runner.config.mjs).');
  // A WeakRef holds its target until the current task ends, so collect between tasks.
  for (let i = 0; i < 5 && ref.deref(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  return !ref.deref();
}

afterEach(() => {
  localStorage.removeItem('hearth:guest');
});

runWidgetBaseTests({
  tag: 'community-comments',
  define: new URL('./define.ts', import.meta.url).href,
  create: (client) => Object.assign(document.createElement('community-comments'), { client, thread: '/t' }),
  loaded,
  // Markdown, a reaction and a reply, so axe and the theme see more than an empty thread.
  async seed(adapter) {
    const top = await seedComment(adapter, bob, '/t', 'A **comment** with [a link](https://example.com) and `code`\n\n```\nblock()\n```');
    await adapter.toggleReaction({ postId: top.id, emoji: '👍' }, { viewer: bob });
    await seedComment(adapter, ada, '/t', 'My reply', top.id);
    // The thread rekey moves to: the same people, so the same subscriptions once the first is let go.
    const other = await seedComment(adapter, bob, '/other', 'Another page');
    await seedComment(adapter, ada, '/other', 'Another reply', other.id);
  },
  loads: 'listComments',
  event: {
    type: 'community-post',
    async trigger(el) {
      typeInto(rootTextarea(el), 'Composed');
      await el.updateComplete;
      rootSubmit(el).click();
    },
  },
  token: { name: '--community-color-accent', value: 'rgb(255, 0, 0)', selector: '[part~="base"] > form [part~="submit"]', property: 'background-color' },
  themeSelector: true,
  lazy: true,
  // Another thread: a new listComments call, and the first thread's subscription let go.
  rekey: {
    async apply(el) {
      el.setAttribute('thread', '/other');
      await waitUntil(() => commentWith(el, 'Another page'), 'the other thread is not shown');
    },
  },
});

describe('<community-comments> reading', () => {
  it('renders authors, times, Markdown bodies and the count', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Hello **world**');
    const el = await mount(testClient(ada, adapter));
    expect(text($(el, 'h2'))).to.equal('1 comment');
    const article = commentWith(el, 'Hello')!;
    expect(article.getAttribute('aria-label')).to.equal('Comment by Bob');
    expect(text(article.querySelector('[part~="author"]'))).to.equal('Bob');
    expect(article.querySelector('[part~="body"] strong')?.textContent).to.equal('world');
    const time = article.querySelector('time')!;
    expect(time.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(time.title).to.not.equal('');
    expect(text(time)).to.equal('now');
    expect(text(article.querySelector('[part~="avatar"]'))).to.equal('B');
  });

  it('nests replies and names whom a reply answered when it attached higher up', async () => {
    const adapter = testAdapter();
    const top = await seedComment(adapter, bob, '/t', 'Top');
    const r1 = await seedComment(adapter, ada, '/t', 'Depth one', top.id);
    const r2 = await seedComment(adapter, bob, '/t', 'Depth two', r1.id);
    // Deeper than the three visible levels: attaches beside r2 but answered Bob.
    await seedComment(adapter, ada, '/t', 'Too deep', r2.id);
    const el = await mount(testClient(ada, adapter));

    const depthOne = commentWith(el, 'Depth one')!;
    expect(depthOne.closest('ul.replies')).to.exist;
    expect(depthOne.getAttribute('aria-label')).to.equal('Reply by Ada Lovelace');
    const deep = commentWith(el, 'Too deep')!;
    expect(text(deep)).to.include('↪ @Bob');
    expect(text(commentWith(el, 'Depth two'))).to.not.include('↪');
    expect($$(el, 'ul[role="list"]').length).to.be.greaterThan(1);
  });

  it('shows the empty state with a default message and accepts slotted content', async () => {
    const el = await mount(testClient());
    expect(text($(el, '[part~="empty"]'))).to.equal('No comments yet. Start the conversation.');
    const custom = await fixture<CommunityComments>(
      html`<community-comments .client=${testClient()} thread="/t"><p slot="empty">Be first!</p></community-comments>`,
    );
    await loaded(custom);
    const slot = $(custom, 'slot[name="empty"]') as HTMLSlotElement;
    expect(slot.assignedElements()[0]?.textContent).to.equal('Be first!');
  });

  it('shows a busy skeleton with reserved height while loading', async () => {
    const adapter = testAdapter();
    const gate = deferred<void>();
    adapter.override('listComments', (original) => async (input, ctx) => {
      await gate.promise;
      return original(input, ctx);
    });
    const el = await fixture<CommunityComments>(html`<community-comments .client=${testClient(ada, adapter)} thread="/t"></community-comments>`);
    const skeleton = $(el, '.skeleton')!;
    expect(skeleton.getAttribute('aria-busy')).to.equal('true');
    expect(parseFloat(getComputedStyle(skeleton).minHeight)).to.be.greaterThan(100);
    expect(text(skeleton)).to.include('Loading comments');
    gate.resolve();
    await loaded(el);
    expect($(el, '.skeleton')).to.equal(null);
  });

  it('explains a load error in the reader’s words, and Retry brings the comments back', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Survivor');
    let fail = true;
    adapter.override('listComments', (original) => async (input, ctx) => {
      if (fail) throw new HearthError('forbidden', 'No.');
      return original(input, ctx);
    });
    const el = await fixture<CommunityComments>(html`<community-comments .client=${testClient(ada, adapter)} thread="/t"></community-comments>`);
    await waitUntil(() => $(el, '[part~="error"]'), 'no error shown');
    const error = $(el, '[part~="error"]')!;
    // The base suite accepts role="alert" or part="error"; this widget's error box is both.
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.include('Comments could not be loaded.');
    expect(text(error)).to.include('You are not allowed to do that.');
    fail = false;
    (error.querySelector('button') as HTMLButtonElement).click();
    await waitUntil(() => commentWith(el, 'Survivor'), 'retry did not load');
  });

  it('loads more top-level comments while there are more pages', async () => {
    const adapter = testAdapter();
    for (const body of ['One', 'Two', 'Three']) await seedComment(adapter, bob, '/t', body);
    const el = await fixture<CommunityComments>(
      html`<community-comments .client=${testClient(ada, adapter)} thread="/t" page-size="2"></community-comments>`,
    );
    await loaded(el);
    expect($$(el, 'article[part~="comment"]').map((a) => text(a.querySelector('[part~="body"]')))).to.deep.equal(['One', 'Two']);
    ($(el, '[part~="load-more"]') as HTMLButtonElement).click();
    await waitUntil(() => commentWith(el, 'Three'), 'next page did not load');
    await el.updateComplete;
    expect($(el, '[part~="load-more"]')).to.equal(null);
  });

  it('moves keyboard focus to the first loaded comment when the last Load more goes away', async () => {
    const adapter = testAdapter();
    for (const body of ['One', 'Two', 'Three']) await seedComment(adapter, bob, '/t', body);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <community-comments .client=${testClient(ada, adapter)} thread="/t" page-size="2"></community-comments>
      <button>after</button>
    </div>`);
    const el = wrapper.querySelector('community-comments')!;
    await loaded(el);
    wrapper.querySelector('button')!.focus();
    await pressWith('Shift', 'Tab');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="load-more"]'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~="load-more"]') === null, 'last page did not load');
    await waitUntil(() => el.shadowRoot!.activeElement === commentWith(el, 'Three'), 'focus did not move to the new comment');
    // The reader carries on from there: Tab reaches the new comment's first control, its author chip.
    await sendKeys({ press: 'Tab' });
    expect(commentWith(el, 'Three')!.querySelector('community-member-chip, button') === el.shadowRoot!.activeElement).to.equal(true);
  });

  it('leaves focus alone when Load more was clicked without focusing it', async () => {
    const adapter = testAdapter();
    for (const body of ['One', 'Two', 'Three']) await seedComment(adapter, bob, '/t', body);
    const el = await fixture<CommunityComments>(
      html`<community-comments .client=${testClient(ada, adapter)} thread="/t" page-size="2"></community-comments>`,
    );
    await loaded(el);
    rootTextarea(el).focus();
    ($(el, '[part~="load-more"]') as HTMLButtonElement).click();
    await waitUntil(() => commentWith(el, 'Three'), 'next page did not load');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(rootTextarea(el));
  });

  it('re-sorts when the reader picks another order', async () => {
    const adapter = testAdapter();
    for (const body of ['First', 'Second', 'Third']) await seedComment(adapter, bob, '/t', body);
    const el = await mount(testClient(ada, adapter));
    const bodies = () => $$(el, 'article[part~="comment"] [part~="body"]').map((b) => text(b));
    expect(bodies()).to.deep.equal(['First', 'Second', 'Third']);
    const select = $(el, 'select[part~="sort"]') as HTMLSelectElement;
    expect(select.labels?.[0]?.textContent).to.include('Sort by');
    select.value = 'newest';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => bodies()[0] === 'Third', 'did not re-sort');
    expect(bodies()).to.deep.equal(['Third', 'Second', 'First']);
    expect(el.sort).to.equal('newest');
  });

  it('follows a thread change to the other thread', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/a', 'On A');
    await seedComment(adapter, bob, '/b', 'On B');
    // Thread channels only: the author chips follow their members' channels besides.
    const threads = new Map<string, number>();
    adapter.override('subscribe', (original) => (channel, listener) => {
      threads.set(channel, (threads.get(channel) ?? 0) + 1);
      const off = original(channel, listener);
      return () => (threads.set(channel, threads.get(channel)! - 1), off());
    });
    const el = await mount(testClient(ada, adapter), '/a');
    expect(commentWith(el, 'On A')).to.exist;
    el.thread = '/b';
    await waitUntil(() => commentWith(el, 'On B'), 'did not switch thread');
    expect(commentWith(el, 'On A')).to.equal(undefined);
    expect([...threads].filter(([channel, live]) => channel.startsWith('thread:') && live > 0)).to.deep.equal([['thread:/b', 1]]);
  });

  it('renders hostile Markdown inert', async () => {
    const adapter = testAdapter();
    await seedComment(
      adapter,
      bob,
      '/t',
      '<img src=x onerror="window.__pwned = 1"> [click](javascript:window.__pwned=2)\n\n```\n<script>window.__pwned = 3</script>\n```',
    );
    const el = await mount(testClient(ada, adapter));
    const body = commentWith(el, 'click')!.querySelector('[part~="body"]')!;
    expect(el.shadowRoot!.querySelectorAll('img, script, iframe')).to.have.length(0);
    expect([...el.shadowRoot!.querySelectorAll('a')].some((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? ''))).to.equal(false);
    expect(body.textContent).to.include('<img src=x');
    expect(body.querySelector('code')?.textContent).to.include('<script>');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});

describe('<community-comments> posting', () => {
  it('posts with the keyboard only: Ctrl+Enter sends, the text clears, the comment shows', async () => {
    const el = await mount(testClient());
    const posted = oneEvent(el, 'community-post') as Promise<CommunityPostEvent>;
    rootTextarea(el).focus();
    await sendKeys({ type: 'Typed by keyboard' });
    await pressWith('Control', 'Enter');
    const event = await posted;
    expect(event.detail.post.body).to.equal('Typed by keyboard');
    await waitUntil(() => commentWith(el, 'Typed by keyboard') && !commentWith(el, 'Typed by keyboard')!.matches('.optimistic'));
    expect(rootTextarea(el).value).to.equal('');
    expect(text($(el, 'h2'))).to.equal('1 comment');
    await waitUntil(() => text($(el, '[role="status"]')) === 'Your comment was posted.');
  });

  it('sends with Cmd+Enter too', async () => {
    const el = await mount(testClient());
    rootTextarea(el).focus();
    await sendKeys({ type: 'Mac user' });
    await pressWith('Meta', 'Enter');
    await waitUntil(() => commentWith(el, 'Mac user'), 'Cmd+Enter did not send');
  });

  it('disables sending while empty and while sending, and shows the comment dimmed as Sending…', async () => {
    const adapter = testAdapter();
    const gate = deferred<void>();
    adapter.override('createComment', (original) => async (input, ctx) => {
      await gate.promise;
      return original(input, ctx);
    });
    const el = await mount(testClient(ada, adapter));
    expect(rootSubmit(el).disabled).to.equal(true);
    typeInto(rootTextarea(el), '   ');
    await el.updateComplete;
    expect(rootSubmit(el).disabled).to.equal(true);
    typeInto(rootTextarea(el), 'Slow network');
    await el.updateComplete;
    expect(rootSubmit(el).disabled).to.equal(false);
    rootSubmit(el).click();
    await waitUntil(() => commentWith(el, 'Slow network'));
    const pending = commentWith(el, 'Slow network')!;
    expect(pending.classList.contains('optimistic')).to.equal(true);
    expect(text(pending)).to.include('Sending…');
    expect(pending.querySelector('[part~="actions"]')).to.equal(null);
    expect(rootSubmit(el).disabled).to.equal(true);
    expect(text(rootSubmit(el))).to.equal('Sending…');
    gate.resolve();
    await waitUntil(() => rootTextarea(el).value === '');
    expect(commentWith(el, 'Slow network')!.classList.contains('optimistic')).to.equal(false);
  });

  it('keeps the typed text and shows the error when sending fails', async () => {
    const adapter = testAdapter();
    adapter.override('createComment', () => async () => {
      throw new HearthError('rate_limited', 'Slow down.', { retryAfterMs: 3000 });
    });
    const el = await mount(testClient(ada, adapter));
    const failed = oneEvent(el, 'community-error') as Promise<CommunityErrorEvent>;
    typeInto(rootTextarea(el), 'Please keep me');
    await el.updateComplete;
    rootSubmit(el).click();
    const event = await failed;
    expect(event.detail.action).to.equal('create');
    expect(event.detail.error.code).to.equal('rate_limited');
    await el.updateComplete;
    expect(rootTextarea(el).value).to.equal('Please keep me');
    const alert = $(el, '[part~="base"] > form [role="alert"]')!;
    expect(text(alert)).to.equal('You are going a little fast. Try again in 3 seconds.');
    expect(commentWith(el, 'Please keep me')).to.equal(undefined);
    expect(rootSubmit(el).disabled).to.equal(false);
  });

  it('shows the server’s validation message, which names the problem, and localizes the common ones', async () => {
    const adapter = testAdapter({ settings: { bodyMaxLength: 20 } });
    let error = HearthError.validation('body', 'Links are not allowed in this community.');
    adapter.override('createComment', () => async () => {
      throw error;
    });
    const el = await mount(testClient(ada, adapter));
    const alert = () => text($(el, '[part~="base"] > form [role="alert"]'));
    typeInto(rootTextarea(el), 'see https://x.test');
    await el.updateComplete;
    rootSubmit(el).click();
    await waitUntil(() => alert() !== '');
    expect(alert()).to.equal('Links are not allowed in this community.');
    expect(rootTextarea(el).value).to.equal('see https://x.test');

    error = HearthError.validation('body', 'Comment is longer than 20 characters.');
    el.lang = 'zh-CN';
    await el.updateComplete;
    rootSubmit(el).click();
    await waitUntil(() => alert() === '评论最多 20 个字。');
  });

  it('lets a host page veto a post through the cancelable community-before-post', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    const listener = (e: CommunityBeforePostEvent) => {
      expect(e.detail).to.deep.equal({ threadKey: '/t', parentId: null, body: 'Vetoed' });
      e.preventDefault();
    };
    document.addEventListener('community-before-post', listener);
    try {
      typeInto(rootTextarea(el), 'Vetoed');
      await el.updateComplete;
      const before = oneEvent(el, 'community-before-post');
      rootSubmit(el).click();
      await before;
      await el.updateComplete;
      expect(adapter.calls.createComment ?? 0).to.equal(0);
      expect(rootTextarea(el).value).to.equal('Vetoed');
      expect(commentWith(el, 'Vetoed')).to.equal(undefined);
    } finally {
      document.removeEventListener('community-before-post', listener);
    }
  });

  it('fires a cancelable community-before-post out to the document before community-post', async () => {
    const el = await mount(testClient());
    const seen: Event[] = [];
    const record = (e: Event) => seen.push(e);
    document.addEventListener('community-before-post', record);
    document.addEventListener('community-post', record);
    try {
      typeInto(rootTextarea(el), 'Composed');
      await el.updateComplete;
      const posted = oneEvent(document, 'community-post');
      rootSubmit(el).click();
      await posted;
    } finally {
      document.removeEventListener('community-before-post', record);
      document.removeEventListener('community-post', record);
    }
    expect(seen.map((e) => e.type)).to.deep.equal(['community-before-post', 'community-post']);
    const before = seen[0]!;
    expect(before.bubbles && before.composed && before.cancelable).to.equal(true);
    expect(before.target).to.equal(el);
  });

  it('shows the characters left, announces them only near the limit, and blocks sending over it', async () => {
    const el = await mount(testClient(ada, testAdapter({ settings: { bodyMaxLength: 1000 } })));
    const counter = () => $(el, '[part~="base"] > form .counter')!;
    expect(text(counter())).to.equal('1,000 characters left');
    typeInto(rootTextarea(el), 'short');
    await el.updateComplete;
    expect(text(counter())).to.equal('995 characters left');
    expect(counter().getAttribute('aria-live')).to.equal('off');
    expect(rootTextarea(el).getAttribute('aria-describedby')).to.include(counter().id);
    typeInto(rootTextarea(el), 'x'.repeat(995));
    await el.updateComplete;
    expect(text(counter())).to.equal('5 characters left');
    expect(counter().getAttribute('aria-live')).to.equal('polite');
    typeInto(rootTextarea(el), 'x'.repeat(1002));
    await el.updateComplete;
    expect(text(counter())).to.equal('2 characters over the limit');
    expect(rootSubmit(el).disabled).to.equal(true);
  });
});

describe('<community-comments> acting on comments', () => {
  it('replies inline: Reply opens a focused composer, sending nests the reply', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Question?');
    const el = await mount(testClient(ada, adapter));
    const question = commentWith(el, 'Question?')!;
    const replyButton = question.querySelector('[data-action="reply"]') as HTMLButtonElement;
    replyButton.click();
    await el.updateComplete;
    const textarea = question.querySelector('form textarea') as HTMLTextAreaElement;
    expect(el.shadowRoot!.activeElement).to.equal(textarea);
    expect(textarea.labels?.[0]?.textContent).to.equal('Reply to Bob');
    await sendKeys({ type: 'Answer!' });
    await pressWith('Control', 'Enter');
    await waitUntil(() => commentWith(el, 'Answer!') && !commentWith(el, 'Answer!')!.matches('.optimistic'));
    const answer = commentWith(el, 'Answer!')!;
    expect(answer.closest('ul.replies')?.closest('li')?.querySelector('article')).to.equal(commentWith(el, 'Question?'));
    expect(commentWith(el, 'Question?')!.querySelector('form')).to.equal(null);
  });

  it('keeps an open reply, its text, caret and focus when a comment arrives above it (newest first)', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Question?');
    const el = await mount(testClient(ada, adapter), '/t', (el) => (el.sort = 'newest'));
    await waitUntil(() => commentWith(el, 'Question?'), 'did not load in the new order');
    (commentWith(el, 'Question?')!.querySelector('[data-action="reply"]') as HTMLButtonElement).click();
    await el.updateComplete;
    await sendKeys({ type: 'Half an answer' });
    const textarea = el.shadowRoot!.activeElement as HTMLTextAreaElement;
    textarea.setSelectionRange(4, 4);
    await seedComment(adapter, bob, '/t', 'Arrived above');
    await waitUntil(() => commentWith(el, 'Arrived above'), 'realtime did not arrive');
    await el.updateComplete;
    const articles = $$(el, 'article[part~="comment"]');
    expect(articles.indexOf(commentWith(el, 'Arrived above')!)).to.be.below(articles.indexOf(commentWith(el, 'Question?')!));
    expect(el.shadowRoot!.activeElement).to.equal(commentWith(el, 'Question?')!.querySelector('form textarea'));
    expect(textarea.isConnected && textarea.value).to.equal('Half an answer');
    expect([textarea.selectionStart, textarea.selectionEnd]).to.deep.equal([4, 4]);
    expect(commentWith(el, 'Arrived above')!.querySelector('form')).to.equal(null);
    // Focus stays with the comment it was on: a button of the comment below does not move to the newcomer.
    const reply = commentWith(el, 'Question?')!.querySelector('[data-action="reply"]') as HTMLButtonElement;
    reply.focus();
    await seedComment(adapter, bob, '/t', 'Another one');
    await waitUntil(() => commentWith(el, 'Another one'), 'realtime did not arrive');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(reply);
    expect(reply.closest('article')).to.equal(commentWith(el, 'Question?'));
  });

  it('Escape closes a reply composer and returns focus to Reply', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Question?');
    const el = await mount(testClient(ada, adapter));
    (commentWith(el, 'Question?')!.querySelector('[data-action="reply"]') as HTMLButtonElement).click();
    await el.updateComplete;
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(commentWith(el, 'Question?')!.querySelector('form')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('reply');
  });

  it('edits an own comment inline and marks it edited', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, ada, '/t', 'Frist');
    await seedComment(adapter, bob, '/t', 'Not mine');
    const el = await mount(testClient(ada, adapter));
    expect(commentWith(el, 'Not mine')!.querySelector('[data-action="edit"]')).to.equal(null);
    (commentWith(el, 'Frist')!.querySelector('[data-action="edit"]') as HTMLButtonElement).click();
    await el.updateComplete;
    const editor = $(el, 'article form textarea') as HTMLTextAreaElement;
    expect(editor.value).to.equal('Frist');
    expect(el.shadowRoot!.activeElement).to.equal(editor);
    typeInto(editor, 'First');
    await el.updateComplete;
    ($(el, 'article form [part~="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'article form') === null && commentWith(el, 'First'));
    await waitUntil(() => text(commentWith(el, 'First')!.querySelector('.edited')) === 'edited');
  });

  it('deletes after an in-page confirmation, never window.confirm', async () => {
    const adapter = testAdapter();
    const keep = await seedComment(adapter, ada, '/t', 'Keep my reply');
    await seedComment(adapter, bob, '/t', 'A reply', keep.id);
    await seedComment(adapter, ada, '/t', 'Remove me');
    const el = await mount(testClient(ada, adapter));
    const original = window.confirm;
    window.confirm = () => {
      throw new Error('window.confirm must not be used');
    };
    try {
      (commentWith(el, 'Remove me')!.querySelector('[data-action="delete"]') as HTMLButtonElement).click();
      await el.updateComplete;
      const confirm = commentWith(el, 'Remove me')!.querySelector('.confirm')!;
      expect(text(confirm)).to.include('Delete this comment?');
      expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('cancel-delete');
      (confirm.querySelector('[data-action="cancel-delete"]') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(commentWith(el, 'Remove me')!.querySelector('.confirm')).to.equal(null);

      (commentWith(el, 'Remove me')!.querySelector('[data-action="delete"]') as HTMLButtonElement).click();
      await el.updateComplete;
      (commentWith(el, 'Remove me')!.querySelector('[data-action="confirm-delete"]') as HTMLButtonElement).click();
      await waitUntil(() => !commentWith(el, 'Remove me'), 'not deleted');

      // One with replies stays as a tombstone so the replies keep their place.
      (commentWith(el, 'Keep my reply')!.querySelector('[data-action="delete"]') as HTMLButtonElement).click();
      await el.updateComplete;
      (commentWith(el, 'Keep my reply')!.querySelector('[data-action="confirm-delete"]') as HTMLButtonElement).click();
      await waitUntil(() => commentWith(el, 'This comment was deleted.'), 'no tombstone');
      expect(commentWith(el, 'A reply')).to.exist;
    } finally {
      window.confirm = original;
    }
  });

  it('lets go of the elements of a comment deleted while the thread stays open', async () => {
    const adapter = testAdapter();
    const gone = await seedComment(adapter, bob, '/t', 'Gone soon');
    await seedComment(adapter, bob, '/t', 'Stays');
    const el = await mount(testClient(ada, adapter));
    const item = new WeakRef(commentWith(el, 'Gone soon')!.closest('li')!);
    await adapter.deleteComment({ postId: gone.id }, { viewer: bob });
    await waitUntil(() => !commentWith(el, 'Gone soon'), 'not deleted');
    await el.updateComplete;
    expect(await collected(item)).to.equal(true);
  });

  it('reacts through the picker and toggles a reaction off again', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'React to me');
    const el = await mount(testClient(ada, adapter));
    const article = () => commentWith(el, 'React to me')!;
    expect(article().querySelectorAll('[part~="reaction"]')).to.have.length(0);
    const toggle = article().querySelector('.picker-toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-label')).to.equal('Add reaction');
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const thumbs = article().querySelector('.picker [data-emoji="👍"]') as HTMLButtonElement;
    expect(el.shadowRoot!.activeElement).to.equal(article().querySelector('.picker button'));
    thumbs.click();
    await waitUntil(() => article().querySelector('[part~="reaction"][data-emoji="👍"]'));
    const reaction = article().querySelector('[part~="reaction"][data-emoji="👍"]') as HTMLButtonElement;
    expect(reaction.getAttribute('aria-pressed')).to.equal('true');
    expect(text(reaction)).to.equal('👍 1');
    await waitUntil(() => adapter.calls.toggleReaction === 1);
    reaction.click();
    await waitUntil(() => !article().querySelector('[part~="reaction"][data-emoji="👍"]'), 'not toggled off');
  });

  it('shows others’ reactions with counts, not pressed', async () => {
    const adapter = testAdapter();
    const post = await seedComment(adapter, bob, '/t', 'Popular');
    await adapter.toggleReaction({ postId: post.id, emoji: '🎉' }, { viewer: bob });
    const el = await mount(testClient(ada, adapter));
    const reaction = commentWith(el, 'Popular')!.querySelector('[part~="reaction"]') as HTMLButtonElement;
    expect(reaction.getAttribute('aria-pressed')).to.equal('false');
    expect(reaction.getAttribute('aria-label')).to.equal('🎉: 1 reaction');
  });

  it('lets moderators hide and unhide; members then see a tombstone', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Spammy');
    const el = await mount(testClient(mod, adapter));
    const article = () => commentWith(el, 'Spammy')!;
    (article().querySelector('[data-action="hide"]') as HTMLButtonElement).click();
    await waitUntil(() => article().querySelector('[data-action="unhide"]'), 'not hidden');
    expect(text(article())).to.include('Hidden');

    const member = await mount(testClient(ada, adapter));
    expect(commentWith(member, 'Spammy')).to.equal(undefined);
    expect(member.shadowRoot!.querySelector('[data-action="hide"]')).to.equal(null);

    (article().querySelector('[data-action="unhide"]') as HTMLButtonElement).click();
    await waitUntil(() => article().querySelector('[data-action="hide"]'), 'not unhidden');
    expect(text(article())).to.not.include('Hidden');
  });

  it('shows a failed action’s error on the comment and fires community-error', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Target');
    adapter.override('toggleReaction', () => async () => {
      throw new HearthError('forbidden', 'Nope.');
    });
    const el = await mount(testClient(ada, adapter));
    (commentWith(el, 'Target')!.querySelector('.picker-toggle') as HTMLButtonElement).click();
    await el.updateComplete;
    const failed = oneEvent(el, 'community-error') as Promise<CommunityErrorEvent>;
    (commentWith(el, 'Target')!.querySelector('.picker [data-emoji="❤️"]') as HTMLButtonElement).click();
    expect((await failed).detail.action).to.equal('react');
    await el.updateComplete;
    expect(text(commentWith(el, 'Target')!.querySelector('[role="alert"]'))).to.equal('You are not allowed to do that.');
  });
});

describe('<community-comments> reporting, moderation and authors', () => {
  const menuOf = (article: HTMLElement) => article.querySelector('community-content-menu')!;
  const inMenu = (article: HTMLElement, selector: string) => menuOf(article).shadowRoot!.querySelector<HTMLElement>(selector);
  const menuItems = (article: HTMLElement) => [...menuOf(article).shadowRoot!.querySelectorAll('[role="menuitem"]')].map((item) => text(item));

  async function openMenu(el: CommunityComments, article: HTMLElement) {
    await waitUntil(() => inMenu(article, '[part~="base"]'), 'no menu button');
    inMenu(article, '[part~="base"]')!.click();
    await waitUntil(() => inMenu(article, '[role="menu"]'), 'menu did not open');
    await el.updateComplete;
  }

  it('shows each author as a member chip', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Chip me');
    const client = testClient(ada, adapter);
    const el = await mount(client);
    const chip = commentWith(el, 'Chip me')!.querySelector('community-member-chip')!;
    expect(chip.member?.id).to.equal('bob');
    expect(chip.client).to.equal(client);
  });

  it('lets a member report someone else’s comment, and offers nothing on their own', async () => {
    const adapter = testAdapter();
    const post = await seedComment(adapter, bob, '/t', 'Cheap shoes here');
    await seedComment(adapter, ada, '/t', 'My own words');
    const el = await mount(testClient(ada, adapter));
    const article = commentWith(el, 'Cheap shoes here')!;
    await openMenu(el, article);
    expect(menuItems(article)).to.deep.equal(['Report…']);
    (inMenu(article, '[data-item="report"]') as HTMLButtonElement).click();
    await waitUntil(() => inMenu(article, 'input[value="spam"]'));
    (inMenu(article, 'input[value="spam"]') as HTMLInputElement).click();
    await menuOf(article).updateComplete;
    const reported = oneEvent(el, 'community-report');
    (inMenu(article, 'form [type="submit"]') as HTMLButtonElement).click();
    await reported;
    await waitUntil(() => text(inMenu(article, '.done')) === 'Thanks — moderators will look at it.');
    const held = await adapter.moderation!.listReports({ target: { type: 'comment', id: post.id } }, { viewer: mod });
    expect(held.items.map((r) => [r.reporter.id, r.reason])).to.deep.equal([['ada', 'spam']]);
    // Own comment: no Report, so no menu button at all.
    await menuOf(commentWith(el, 'My own words')!).updateComplete;
    expect(inMenu(commentWith(el, 'My own words')!, 'button')).to.equal(null);
  });

  it('gives moderators lock, mute and ban in the menu beside the inline Hide and Delete', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Flooding');
    const el = await mount(testClient(mod, adapter));
    const article = () => commentWith(el, 'Flooding')!;
    expect(article().querySelector('[data-action="hide"]')).to.exist;
    expect(article().querySelector('[data-action="delete"]')).to.exist;
    await openMenu(el, article());
    expect(menuItems(article())).to.deep.equal(['Report…', 'Lock thread', 'Mute Bob…', 'Ban Bob…']);
    const moderated = oneEvent(el, 'community-moderate');
    (inMenu(article(), '[data-item="lock"]') as HTMLButtonElement).click();
    expect((await moderated).detail.action).to.equal('lock');
    await waitUntil(() => text($(el, '.notice')) === 'This thread is locked. New comments are closed.', 'not locked');
    expect($(el, '[part~="base"] > form')).to.equal(null);
    await openMenu(el, article());
    expect(menuItems(article())).to.include('Unlock thread');
    (inMenu(article(), '[data-item="unlock"]') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '[part~="base"] > form'), 'not unlocked');
  });

  it('mutes a comment’s author from the menu; their next comment is refused', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Again and again');
    const el = await mount(testClient(mod, adapter));
    const article = commentWith(el, 'Again and again')!;
    await openMenu(el, article);
    (inMenu(article, '[data-item="mute"]') as HTMLButtonElement).click();
    await waitUntil(() => inMenu(article, '#why'));
    typeInto(inMenu(article, '#why') as HTMLTextAreaElement, 'Flooding');
    await menuOf(article).updateComplete;
    const moderated = oneEvent(el, 'community-moderate');
    (inMenu(article, 'form [type="submit"]') as HTMLButtonElement).click();
    expect((await moderated).detail.action).to.equal('mute');
    const refused = await seedComment(adapter, bob, '/t', 'Once more').catch((e: unknown) => e);
    expect(HearthError.is(refused, 'forbidden')).to.equal(true);
  });

  it('renders no content menu for anonymous readers', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Read only');
    const el = await mount(testClient(null, adapter));
    expect(commentWith(el, 'Read only')!.querySelector('community-content-menu')).to.equal(null);
  });
});

describe('<community-comments> sharing, language and theme', () => {
  it('shows a comment posted in one widget in another widget for the same thread', async () => {
    const client = testClient();
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <community-comments .client=${client} thread="/shared"></community-comments>
      <community-comments .client=${client} thread="/shared"></community-comments>
    </div>`);
    const [one, two] = [...wrapper.querySelectorAll('community-comments')] as CommunityComments[];
    await loaded(one!);
    await loaded(two!);
    typeInto(rootTextarea(one!), 'Seen twice');
    await one!.updateComplete;
    rootSubmit(one!).click();
    await waitUntil(() => commentWith(two!, 'Seen twice'), 'second widget did not show it');
  });

  it('shows a comment posted through one client in a widget with its own client over the same store, live', async () => {
    const store = new MemoryStore();
    const [mine, theirs] = [ada, bob].map((viewer) => createCommunityClient({ adapter: createMemoryAdapter({ store }), viewer }));
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <community-comments .client=${mine} thread="/apart"></community-comments>
      <community-comments .client=${theirs} thread="/apart"></community-comments>
    </div>`);
    const [one, two] = [...wrapper.querySelectorAll('community-comments')] as CommunityComments[];
    await loaded(one!);
    await loaded(two!);
    typeInto(rootTextarea(one!), 'Across clients');
    await one!.updateComplete;
    rootSubmit(one!).click();
    // No shared cache: only the realtime event can bring it to the second widget.
    await waitUntil(() => commentWith(two!, 'Across clients'), 'second client did not hear it');
    expect(text(commentWith(two!, 'Across clients')!.querySelector('[part~="author"]'))).to.equal('Ada Lovelace');
    expect(text($(two!, 'h2'))).to.equal('1 comment');
  });

  it('announces comments that arrive from others politely', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    const status = $(el, '[role="status"]')!;
    expect(status.getAttribute('aria-live')).to.equal('polite');
    await seedComment(adapter, bob, '/t', 'Live from Bob');
    await waitUntil(() => commentWith(el, 'Live from Bob'), 'realtime did not arrive');
    await waitUntil(() => text(status) === 'New comment from Bob.');
  });

  it('translates the heading, composer, times and actions: en → zh-CN → zh-TW', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'Hi');
    await seedComment(adapter, bob, '/t', 'Again');
    const el = await mount(testClient(ada, adapter));
    expect(text($(el, 'h2'))).to.equal('2 comments');
    expect(text(rootSubmit(el))).to.equal('Comment');
    el.setAttribute('lang', 'zh-CN');
    await el.updateComplete;
    expect(text($(el, 'h2'))).to.equal('2 条评论');
    expect(text(rootSubmit(el))).to.equal('发表');
    expect(text($(el, '[part~="base"] > form label'))).to.equal('发表评论');
    expect(text($(el, 'time'))).to.equal('现在');
    el.lang = 'zh-TW';
    await el.updateComplete;
    expect(text($(el, 'h2'))).to.equal('2 則留言');
    expect(text(rootSubmit(el))).to.equal('留言');
    expect(text($(el, '[data-action="reply"]'))).to.equal('回覆');
  });

  it('follows the page’s <html lang> when it has none of its own, and stops watching when removed', async () => {
    const html_ = document.documentElement;
    const before = html_.lang;
    try {
      const el = await mount(testClient());
      html_.lang = 'zh-Hant-HK';
      await waitUntil(() => text($(el, 'h2')) === '0 則留言', 'did not follow <html lang>');
      html_.lang = 'zh-SG';
      await waitUntil(() => text($(el, 'h2')) === '0 条评论', 'did not follow <html lang> again');
      expect(langObserverCount()).to.equal(1);
      el.remove();
      expect(langObserverCount()).to.equal(0);
    } finally {
      html_.lang = before;
    }
  });

  it('takes an ancestor’s lang', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="zh-TW"><community-comments .client=${testClient()} thread="/t"></community-comments></div>`,
    );
    const el = wrapper.querySelector('community-comments')!;
    await loaded(el);
    expect(text($(el, '[part~="empty"]'))).to.equal('還沒有留言，來說點什麼吧。');
  });

  it('reflects theme, uses its accent in light and dark, and its own token beats the page-wide one', async () => {
    const el = await mount(testClient());
    expect(el.getAttribute('theme')).to.equal('light');
    typeInto(rootTextarea(el), 'x');
    await el.updateComplete;
    const accent = () => getComputedStyle(rootSubmit(el)).backgroundColor;
    expect(accent()).to.equal('rgb(79, 70, 229)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(accent()).to.equal('rgb(165, 180, 252)');
    el.style.setProperty('--community-color-accent', 'rgb(255, 0, 0)');
    el.style.setProperty('--community-comments-accent', 'rgb(0, 128, 0)');
    expect(accent()).to.equal('rgb(0, 128, 0)');
  });

  it('passes axe in light and dark with a reply composer open', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, '/t', 'A comment');
    const el = await mount(testClient(ada, adapter));
    (commentWith(el, 'A comment')!.querySelector('[data-action="reply"]') as HTMLButtonElement).click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});

describe('<community-comments> setup and lifecycle', () => {
  it('shows a clear error naming what to set when there is no client', async () => {
    const errors: CommunityErrorEvent[] = [];
    const record = (e: CommunityErrorEvent) => errors.push(e);
    document.addEventListener('community-error', record);
    try {
      const el = await fixture<CommunityComments>(html`<community-comments thread="/t"></community-comments>`);
      const error = $(el, '[part~="error"]')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(text(error)).to.include('adapter="memory"');
      expect(text(error)).to.include('configure({ client })');
      expect($(el, '.skeleton')).to.equal(null);
      expect(errors.map((e) => e.detail.action)).to.deep.equal(['config']);
    } finally {
      document.removeEventListener('community-error', record);
    }
  });

  it('talks to an endpoint through the HTTP adapter and shows an error with retry when the server is unreachable', async () => {
    const el = await fixture<CommunityComments>(html`<community-comments thread="/t" endpoint="http://127.0.0.1:9"></community-comments>`);
    await waitUntil(() => $(el, '[part~="error"]'), 'no error for an unreachable server', { timeout: 9000 });
    expect(text($(el, '[part~="error"]'))).not.to.include('@hearth/adapter-http');
  });

  it('recovers when a client is set after the error showed', async () => {
    const el = await fixture<CommunityComments>(html`<community-comments thread="/t"></community-comments>`);
    expect($(el, '[part~="error"]')).to.exist;
    el.client = testClient();
    await waitUntil(() => rootTextarea(el), 'did not load after the client arrived');
    expect($(el, '[part~="error"]')).to.equal(null);
  });

  it('defaults the thread to the page path', async () => {
    const adapter = testAdapter();
    await seedComment(adapter, bob, location.pathname, 'On this page');
    const el = await fixture<CommunityComments>(html`<community-comments .client=${testClient(ada, adapter)}></community-comments>`);
    await loaded(el);
    expect(el.threadKey).to.equal(location.pathname);
    expect(commentWith(el, 'On this page')).to.exist;
  });

  it('subscribes again when moved in the page', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    const other = document.createElement('div');
    document.body.append(other);
    try {
      other.append(el);
      await el.updateComplete;
      await waitUntil(() => adapter.activeSubscriptions === 1);
      await seedComment(adapter, bob, '/t', 'After the move');
      await waitUntil(() => commentWith(el, 'After the move'), 'moved widget stopped listening');
    } finally {
      other.remove();
    }
    expect(adapter.activeSubscriptions).to.equal(0);
  });
});
