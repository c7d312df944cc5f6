import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { CommunityClient } from '@hearth/client';
import { allows, ROLES, type BackendAdapter, type Viewer } from '@hearth/protocol';
import { ada, bob, mod, testAdapter, testClient, tickingClock } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import { runWidgetBaseTests } from '../test-support/widget-base-tests.js';
import { qaParts, type CommunityQa, type QaBridge } from './qa.js';
import type { CommunityAcceptEvent, CommunityAskEvent } from './qa-events.js';
import './define.js';

const cy: Viewer = { id: 'cy', displayName: 'Cy Chen', role: 'member' };
const dan: Viewer = { id: 'dan', displayName: 'Dan', role: 'member' };
const owner: Viewer = { id: 'olga', displayName: 'Olga Owner', role: 'owner' };

const key = () => `seed-${crypto.randomUUID()}`;
const $ = (el: CommunityQa, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: CommunityQa, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const titles = (el: CommunityQa) => $$(el, '[part~="question-link"]').map(text);

function ask(adapter: BackendAdapter, viewer: Viewer, title: string, body = 'Some details.') {
  return adapter.feed!.createPost({ space: 'qa', kind: 'question', title, body, idempotencyKey: key() }, { viewer });
}

function answer(adapter: BackendAdapter, viewer: Viewer, questionId: string, body: string) {
  return adapter.qa!.answer({ questionId, body, idempotencyKey: key() }, { viewer });
}

function give(adapter: BackendAdapter, memberId: string, delta: number) {
  return adapter.gamification!.adjustPoints({ memberId, delta, reason: 'Seed', idempotencyKey: key() }, { viewer: owner });
}

/** A backend whose clock never reads the same millisecond twice, so "newest first" has one answer. */
function ticking() {
  return testAdapter({ clock: tickingClock() });
}

async function balance(adapter: BackendAdapter, memberId: string): Promise<number> {
  return (await adapter.gamification!.getStanding({ memberId }, { viewer: owner })).balance;
}

/** The list (rows or its empty notice) is on screen. */
async function listLoaded(el: CommunityQa): Promise<void> {
  await waitUntil(() => !$(el, '.skeleton') && ($(el, '[part~="list"]') || $(el, '[part~="notice"]')), 'the question list did not load');
  await el.updateComplete;
}

/** A question's page is on screen with its answers section. */
async function pageLoaded(el: CommunityQa): Promise<void> {
  await waitUntil(() => $(el, '[part~="question"]') && $(el, '#qa-answers'), 'the question page did not load');
  await el.updateComplete;
}

async function mount(client: CommunityClient, attrs: { question?: string } = {}): Promise<CommunityQa> {
  const el = await fixture<CommunityQa>(html`<community-qa .client=${client} lang="en" question=${attrs.question ?? ''}></community-qa>`);
  if (attrs.question) await pageLoaded(el);
  else await listLoaded(el);
  return el;
}

/** Types into an input the way a reader does: the value, then an input event. */
function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

async function openAsk(el: CommunityQa): Promise<void> {
  $(el, '[part~="ask-button"]')!.click();
  await waitUntil(() => $(el, '#qa-title'), 'the ask form did not open');
}

runWidgetBaseTests<CommunityQa>({
  tag: 'community-qa',
  define: new URL('./define.ts', import.meta.url).href,
  create: (client) => Object.assign(document.createElement('community-qa'), { client }),
  loaded: listLoaded,
  seed: async (adapter) => {
    await ask(adapter, bob, 'How do I reset my password?');
    await ask(adapter, cy, 'Can I change my username?');
  },
  loads: 'qa.listQuestions',
  event: {
    type: 'community-ask',
    trigger: async (el) => {
      await openAsk(el);
      type($(el, '#qa-title') as HTMLInputElement, 'Where do I find my invoices?');
      type($(el, '#qa-body') as HTMLTextAreaElement, 'Under billing, I guess?');
      $(el, '[part~="ask-form"] [part~="submit"]')!.click();
    },
  },
  token: { name: '--community-color-accent', value: 'rgb(255, 0, 0)', selector: '[part~="ask-button"]', property: 'background-color' },
});

describe('<community-qa>', () => {
  it('offers Ask a question to members; signed out or as a guest it says to sign in instead', async () => {
    const adapter = testAdapter();
    await ask(adapter, bob, 'How do I reset my password?');
    const guest: Viewer = { id: 'gus', displayName: 'Gus', role: 'guest' };
    for (const viewer of [null, guest]) {
      const el = await mount(testClient(viewer, adapter));
      const who = viewer ? 'a guest' : 'signed out';
      expect($(el, '[part~="ask-button"]'), `${who}: an Ask button`).to.be.null;
      expect(text($(el, '.head [part~="notice"]')), who).to.equal('Sign in to ask a question.');
      // The questions themselves are still there to read.
      expect(titles(el)).to.deep.equal(['How do I reset my password?']);
      el.setAttribute('lang', 'zh-CN');
      await waitUntil(() => text($(el, '.head [part~="notice"]')) === '登录后即可提问。', `${who}: no Simplified Chinese sign-in note`);
      el.setAttribute('lang', 'zh-TW');
      await waitUntil(() => text($(el, '.head [part~="notice"]')) === '登入後即可發問。', `${who}: no Traditional Chinese sign-in note`);
    }

    const member = await mount(testClient(cy, adapter));
    expect(text($(member, '[part~="ask-button"]'))).to.equal('Ask a question');
    expect($(member, '.head [part~="notice"]')).to.be.null;
    await openAsk(member);
    expect($(member, '[part~="ask-form"]')).to.exist;

    // Exactly the roles protocol's permission table lets post.
    for (const role of ROLES) {
      const el = await mount(testClient({ id: `someone-${role}`, displayName: `A ${role}`, role }, adapter));
      expect(!!$(el, '[part~="ask-button"]'), `${role}: the Ask button`).to.equal(allows(role, 'post'));
      expect(!!$(el, '.head [part~="notice"]'), `${role}: the sign-in note`).to.equal(!allows(role, 'post'));
    }
  });

  it('shows each question with votes, answers, the accepted mark and the bounty, and filters change the list', async () => {
    const adapter = ticking();
    const answered = await ask(adapter, ada, 'Answered and accepted');
    const open = await ask(adapter, ada, 'Still waiting');
    const bountied = await ask(adapter, ada, 'Worth points');
    const reply = await answer(adapter, bob, answered.id, 'Like this.');
    await adapter.qa!.accept({ questionId: answered.id, answerId: reply.id }, { viewer: ada });
    await adapter.qa!.vote({ target: { type: 'post', id: answered.id }, value: 1 }, { viewer: bob });
    await give(adapter, 'ada', 300);
    await adapter.qa!.offerBounty({ questionId: bountied.id, amount: 150 }, { viewer: ada });
    const el = await mount(testClient(cy, adapter));

    expect(titles(el)).to.deep.equal(['Worth points', 'Still waiting', 'Answered and accepted']);
    const row = $(el, `[data-question="${answered.id}"]`)!;
    expect(text(row)).to.contain('1 vote').and.contain('1 answer').and.contain('Accepted');
    expect(text($(el, `[data-question="${bountied.id}"] [part~="bounty-tag"]`))).to.equal('+150 bounty');
    expect($(el, `[data-question="${open.id}"] [part~="accepted-mark"]`)).to.be.null;

    $(el, '[data-filter="unanswered"]')!.click();
    await waitUntil(() => !titles(el).includes('Answered and accepted'), 'unanswered kept an answered question');
    expect(titles(el)).to.deep.equal(['Still waiting', 'Worth points']);
    expect($(el, '[data-filter="unanswered"]')!.getAttribute('aria-pressed')).to.equal('true');

    $(el, '[data-filter="bounty"]')!.click();
    await waitUntil(() => titles(el).length === 1, 'bounty did not narrow the list');
    expect(titles(el)).to.deep.equal(['Worth points']);

    $(el, '[data-filter="top"]')!.click();
    await waitUntil(() => titles(el).length === 3 && titles(el)[0] === 'Answered and accepted', 'top did not put the upvoted question first');
  });

  it('shows similar questions while a title is typed, in Chinese too, and opens one', async () => {
    const adapter = testAdapter();
    const similar = await ask(adapter, bob, '忘记密码怎么重置');
    await ask(adapter, bob, 'Shipping to Canada');
    const el = await mount(testClient(ada, adapter));
    await openAsk(el);
    type($(el, '#qa-title') as HTMLInputElement, '如何重置密码');
    await waitUntil(() => text($(el, '[part~="similar"]')).includes('忘记密码怎么重置'), 'no similar question appeared');
    expect(text($(el, '[part~="similar"]'))).to.not.contain('Shipping to Canada');
    $(el, `[part~="similar"] [data-question="${similar.id}"] button`)!.click();
    await pageLoaded(el);
    expect(text($(el, '#qa-heading'))).to.equal('忘记密码怎么重置');
  });

  it('asks a question with a bounty from the viewer’s balance, then shows its page', async () => {
    const adapter = testAdapter();
    await ask(adapter, ada, 'An earlier question');
    await give(adapter, 'ada', 200);
    const before = await balance(adapter, 'ada');
    const el = await mount(testClient(ada, adapter));
    await openAsk(el);
    type($(el, '#qa-title') as HTMLInputElement, 'How do refunds work?');
    type($(el, '#qa-body') as HTMLTextAreaElement, 'I was charged twice.');
    ($(el, 'input[name="bounty"]') as HTMLInputElement).click();
    await waitUntil(() => $(el, '#qa-ask-balance')?.dataset.balance, 'the balance was not shown');
    expect(text($(el, '#qa-ask-balance'))).to.contain(`Your balance: ${before} points`);
    type($(el, '#qa-ask-amount') as HTMLInputElement, '120');
    const asked = oneEvent(el, 'community-ask') as Promise<CommunityAskEvent>;
    $(el, '[part~="ask-form"] [part~="submit"]')!.click();
    const { detail } = await asked;
    expect(detail.question.title).to.equal('How do refunds work?');
    expect(detail.bounty?.amount).to.equal(120);
    await pageLoaded(el);
    expect(text($(el, '#qa-heading'))).to.equal('How do refunds work?');
    expect(text($(el, '[part~="bounty"]'))).to.contain('120 point bounty').and.contain('Expires in 7 days').and.contain('never refunded');
    // The bounty left the asker's balance at once (escrow).
    const history = await adapter.gamification!.pointsHistory({ memberId: 'ada' }, { viewer: owner });
    expect(history.items.find((entry) => entry.rule === 'bounty_escrow')?.delta).to.equal(-120);
  });

  it('orders answers by votes with the accepted one first', async () => {
    const adapter = testAdapter();
    const q = await ask(adapter, ada, 'Which plan should I pick?');
    const accepted = await answer(adapter, bob, q.id, 'The monthly one.');
    const middle = await answer(adapter, cy, q.id, 'The yearly one.');
    const top = await answer(adapter, dan, q.id, 'The free one first.');
    for (const voter of [bob, cy]) await adapter.qa!.vote({ target: { type: 'answer', id: top.id }, value: 1 }, { viewer: voter });
    await adapter.qa!.vote({ target: { type: 'answer', id: middle.id }, value: 1 }, { viewer: dan });
    await adapter.qa!.vote({ target: { type: 'answer', id: accepted.id }, value: -1 }, { viewer: dan });
    await adapter.qa!.accept({ questionId: q.id, answerId: accepted.id }, { viewer: ada });
    const el = await mount(testClient(mod, adapter), { question: q.id });
    const order = () => $$(el, '[part~="answer"]').map((li) => li.dataset.answer);
    expect(order()).to.deep.equal([accepted.id, top.id, middle.id]);
    expect($(el, `[data-answer="${accepted.id}"] [part~="accepted-badge"]`)).to.exist;
    expect(text($(el, `[data-answer="${top.id}"] [part~="score"]`))).to.contain('2');
    // A vote from elsewhere arrives live and reorders.
    await adapter.qa!.vote({ target: { type: 'answer', id: middle.id }, value: 1 }, { viewer: bob });
    await adapter.qa!.vote({ target: { type: 'answer', id: middle.id }, value: 1 }, { viewer: ada });
    await waitUntil(() => order()[1] === middle.id, 'a live vote did not reorder the answers');
    expect(order()).to.deep.equal([accepted.id, middle.id, top.id]);
  });

  it('accepting an answer pays the open bounty to the answerer', async () => {
    const adapter = testAdapter();
    const q = await ask(adapter, ada, 'Why is my export empty?');
    await give(adapter, 'ada', 300);
    await adapter.qa!.offerBounty({ questionId: q.id, amount: 100 }, { viewer: ada });
    const reply = await answer(adapter, bob, q.id, 'Pick a date range first.');
    const before = await balance(adapter, 'bob');
    const el = await mount(testClient(ada, adapter), { question: q.id });
    expect(text($(el, '[part~="bounty"]'))).to.contain('100 point bounty');
    const accepted = oneEvent(el, 'community-accept') as Promise<CommunityAcceptEvent>;
    $(el, `[data-answer="${reply.id}"] [part~="accept"]`)!.click();
    const { detail } = await accepted;
    expect(detail.answerId).to.equal(reply.id);
    expect(detail.question.bounty).to.include({ status: 'paid', paidTo: 'bob', paidAmount: 100 });
    await waitUntil(() => text($(el, '[part~="bounty"]')).includes('Bounty paid: 100 points to Bob'), 'the paid bounty was not shown');
    expect($(el, `[data-answer="${reply.id}"] [part~="accepted-badge"]`)).to.exist;
    // 100 from the bounty, plus what the rules give for an accepted answer.
    expect((await balance(adapter, 'bob')) - before).to.be.at.least(100);
  });

  it('refuses a vote on one’s own answer with a visible message from the backend', async () => {
    const adapter = testAdapter();
    const q = await ask(adapter, ada, 'Is there a dark mode?');
    const own = await answer(adapter, bob, q.id, 'Yes, in Settings.');
    const el = await mount(testClient(bob, adapter), { question: q.id });
    const errors: Event[] = [];
    el.addEventListener('community-error', (e) => errors.push(e));
    $(el, `[data-answer="${own.id}"] [data-vote="up"]`)!.click();
    await waitUntil(() => $(el, `[data-answer="${own.id}"] [part~="error"][role="alert"]`), 'no refusal shown');
    expect(text($(el, `[data-answer="${own.id}"] [part~="error"]`))).to.equal('You cannot vote on your own answer.');
    expect(text($(el, `[data-answer="${own.id}"] [part~="score"]`))).to.contain('0');
    expect(errors).to.have.length(1);
    // Voting someone else's question goes through.
    $(el, '[part~="question"] [data-vote="up"]')!.click();
    await waitUntil(() => $(el, '[part~="question"] [data-vote="up"]')!.getAttribute('aria-pressed') === 'true', 'the question vote did not register');
  });

  it('the question attribute opens the page; Back returns to the list; an answer can be posted', async () => {
    const adapter = ticking();
    const first = await ask(adapter, ada, 'First question', 'With **bold** details.');
    const second = await ask(adapter, ada, 'Second question');
    const el = await mount(testClient(bob, adapter), { question: first.id });
    expect(text($(el, '#qa-heading'))).to.equal('First question');
    expect($(el, '[part~="question"] [part~="body"] strong')?.textContent).to.equal('bold');
    expect(el.shadowRoot!.querySelector('[part~="question"] community-content-menu')).to.exist;

    const answered = oneEvent(el, 'community-answer');
    type($(el, '#qa-answer') as HTMLTextAreaElement, 'Here is how.');
    $(el, '[part~="answer-form"] [part~="submit"]')!.click();
    const { detail } = await answered;
    expect(detail.answer.body).to.equal('Here is how.');
    await waitUntil(() => $$(el, '[part~="answer"]').length === 1, 'the new answer was not shown');

    el.setAttribute('question', second.id);
    await waitUntil(() => text($(el, '#qa-heading')) === 'Second question', 'changing question did not open it');

    $(el, '[part~="back"]')!.click();
    await listLoaded(el);
    expect(titles(el)).to.deep.equal(['Second question', 'First question']);
    expect(location.hash).to.equal('');
  });

  it('shows a duplicate-closed question’s notice with a link to the original', async () => {
    const adapter = testAdapter();
    const original = await ask(adapter, ada, 'The original');
    const copy = await ask(adapter, bob, 'The copy');
    await adapter.qa!.closeDuplicate({ questionId: copy.id, originalId: original.id }, { viewer: mod });
    const el = await mount(testClient(cy, adapter), { question: copy.id });
    expect(text($(el, '[part~="duplicate"]'))).to.contain('Closed as a duplicate of').and.contain('The original');
    expect($(el, '[part~="answer-form"]')).to.be.null;
    $(el, `[part~="duplicate"] [data-original="${original.id}"]`)!.click();
    await waitUntil(() => text($(el, '#qa-heading')) === 'The original', 'the link did not open the original');
  });

  it('follows its space: changing it loads that space, and new questions arrive live', async () => {
    const adapter = ticking();
    await adapter.community!.createSpace({ key: 'help', kind: 'qa', name: 'Help' }, { viewer: owner });
    await ask(adapter, ada, 'In the default space');
    await adapter.feed!.createPost({ space: 'help', kind: 'question', title: 'In the help space', body: 'Body', idempotencyKey: key() }, { viewer: ada });
    const el = await mount(testClient(bob, adapter));
    expect(titles(el)).to.deep.equal(['In the default space']);
    await ask(adapter, cy, 'Asked while watching');
    await waitUntil(() => titles(el).includes('Asked while watching'), 'a new question did not arrive live');
    el.setAttribute('space', 'help');
    await waitUntil(() => titles(el).join() === 'In the help space', 'changing space did not load it');
  });

  it('offers a bounty from the question page: shows the balance, refuses more than it, then shows the countdown', async () => {
    const adapter = testAdapter();
    const q = await ask(adapter, ada, 'Who can help with webhooks?');
    await give(adapter, 'ada', 100);
    const have = await balance(adapter, 'ada');
    const el = await mount(testClient(ada, adapter), { question: q.id });
    $(el, '[data-action="offer-bounty"]')!.click();
    await waitUntil(() => $(el, '#qa-balance')?.dataset.balance, 'the balance was not shown');
    expect(text($(el, '#qa-balance'))).to.equal(`Your balance: ${have} points`);
    type($(el, '#qa-amount') as HTMLInputElement, '500');
    $(el, '[part~="bounty-form"] [part~="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="bounty-form"] [role="alert"]'), 'an amount over the balance was not refused');
    expect(text($(el, '[part~="bounty-form"] [role="alert"]'))).to.equal(`You have only ${have} points.`);
    type($(el, '#qa-amount') as HTMLInputElement, '60');
    $(el, '[part~="bounty-form"] [part~="submit"]')!.click();
    await waitUntil(() => $(el, '[data-bounty="open"]'), 'the offered bounty was not shown');
    const panel = text($(el, '[part~="bounty"]'));
    expect(panel).to.contain('60 point bounty').and.contain('Expires in 7 days').and.contain('24 hours of grace').and.contain('half goes to');
    expect(await balance(adapter, 'ada')).to.equal(have - 60);
    await expect(el).to.be.accessible();
  });

  it('shows a bounty in its grace period, and what its expiry paid', async () => {
    const DAY = 86_400_000;
    let ago = 0;
    const adapter = testAdapter({ clock: () => Date.now() - ago });
    // Offered 7 days and an hour ago: past its open week, inside the 24 hours of grace.
    ago = 7 * DAY + 3_600_000;
    const graced = await ask(adapter, ada, 'In grace');
    await give(adapter, 'ada', 400);
    await adapter.qa!.offerBounty({ questionId: graced.id, amount: 100 }, { viewer: ada });
    // Offered 9 days ago, never accepted: settled at the end of grace.
    ago = 9 * DAY;
    const expired = await ask(adapter, ada, 'Expired');
    await adapter.qa!.offerBounty({ questionId: expired.id, amount: 150 }, { viewer: ada });
    const top = await answer(adapter, bob, expired.id, 'Top answer.');
    for (const voter of [cy, dan]) await adapter.qa!.vote({ target: { type: 'answer', id: top.id }, value: 1 }, { viewer: voter });
    ago = 0;
    const el = await mount(testClient(cy, adapter), { question: graced.id });
    expect(text($(el, '[part~="bounty"]'))).to.contain('grace period ends in 23 hours').and.contain('still gets the whole bounty');
    el.setAttribute('question', expired.id);
    await waitUntil(() => $(el, '[data-bounty="expired"]'), 'the expired bounty was not shown');
    expect(text($(el, '[data-bounty="expired"]'))).to.equal('The bounty expired: half, 75 points, went to Bob for the top answer.');
  });

  it('shows others’ answers live and announces them; a signed-out reader is asked to sign in', async () => {
    const adapter = testAdapter();
    const q = await ask(adapter, ada, 'Live answers?');
    const el = await mount(testClient(null, adapter), { question: q.id });
    expect(text($(el, '[part~="notice"]'))).to.equal('Sign in to answer.');
    await answer(adapter, bob, q.id, 'Arrived live.');
    await waitUntil(() => $$(el, '[part~="answer"]').length === 1, 'the answer did not arrive live');
    await waitUntil(() => text($(el, '[role="status"][aria-live="polite"]')) === 'New answers arrived.', 'the new answer was not announced');
  });

  it('lets the asker change the accepted answer', async () => {
    const adapter = testAdapter();
    const q = await ask(adapter, ada, 'Best editor?');
    const first = await answer(adapter, bob, q.id, 'Vim.');
    const second = await answer(adapter, cy, q.id, 'Emacs.');
    await adapter.qa!.accept({ questionId: q.id, answerId: first.id }, { viewer: ada });
    const el = await mount(testClient(ada, adapter), { question: q.id });
    const button = $(el, `[data-answer="${second.id}"] [part~="accept"]`)!;
    expect(text(button)).to.equal('Accept this one instead');
    button.click();
    await waitUntil(() => $$(el, '[part~="answer"]')[0]?.dataset.answer === second.id, 'the new accepted answer did not move first');
    expect($(el, `[data-answer="${first.id}"] [part~="accepted-badge"]`)).to.be.null;
    expect($(el, `[data-answer="${first.id}"] [part~="accept"]`)).to.exist;
  });

  it('passes axe on the question page and the ask form, light and dark', async () => {
    const adapter = testAdapter();
    const q = await ask(adapter, ada, 'Accessible?', 'A *body*.');
    await answer(adapter, bob, q.id, 'Yes.');
    const el = await mount(testClient(ada, adapter), { question: q.id });
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    await expect(el).to.be.accessible();
    $(el, '[part~="back"]')!.click();
    await listLoaded(el);
    await openAsk(el);
    ($(el, 'input[name="bounty"]') as HTMLInputElement).click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('speaks Simplified Chinese on the question page', async () => {
    const adapter = testAdapter();
    const q = await ask(adapter, ada, '怎么导出数据？');
    const el = await mount(testClient(bob, adapter), { question: q.id });
    el.setAttribute('lang', 'zh-CN');
    await waitUntil(() => text($(el, '[part~="back"]')).includes('返回问题列表'), 'the page did not switch to Chinese');
    expect(text($(el, '[part~="answer-form"]'))).to.contain('发布回答');
  });
});

describe('<community-qa> parts downloaded when first needed', () => {
  const original = { ...qaParts };
  afterEach(() => {
    Object.assign(qaParts, original);
  });

  /** Wraps each part's download in a counter of how often it was asked for. */
  function countDownloads(): Record<keyof typeof qaParts, number> {
    const calls = { list: 0, problem: 0, question: 0, ask: 0 };
    for (const name of Object.keys(calls) as (keyof typeof qaParts)[]) {
      const load = original[name];
      qaParts[name] = ((bridge: QaBridge) => {
        calls[name]++;
        return load(bridge);
      }) as never;
    }
    return calls;
  }

  /** A promise settled by hand: a download that has not arrived yet. */
  function gate(): { arrived: Promise<void>; arrive: () => void } {
    let arrive!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    return { arrived, arrive };
  }

  it('downloads the rows with the first request, and the page and the ask form only on a sign of intent', async () => {
    const calls = countDownloads();
    const adapter = testAdapter();
    await ask(adapter, bob, 'How do I reset my password?');
    const el = await mount(testClient(cy, adapter));
    expect(titles(el)).to.deep.equal(['How do I reset my password?']);
    expect(calls, 'before any intent').to.deep.equal({ list: 1, problem: 0, question: 0, ask: 0 });

    $(el, '[part~="base"]')!.dispatchEvent(new PointerEvent('pointerenter'));
    expect(calls, 'on pointerenter').to.include({ question: 1, ask: 1 });
    await el.updateComplete;
    // Once in, opening either view needs no download and shows it in the next render.
    $(el, '[part~="ask-button"]')!.click();
    await el.updateComplete;
    expect($(el, '#qa-title'), 'the ask form right away').to.exist;
    expect(calls).to.include({ question: 1, ask: 1 });

    const other = await mount(testClient(cy, adapter));
    $(other, '[part~="filter"]')!.focus();
    expect(calls, 'on focusin').to.include({ question: 2, ask: 2 });
  });

  it('a click before the question page arrived waits for it, then shows the question', async () => {
    const adapter = testAdapter();
    await ask(adapter, bob, 'Slow network?');
    const page = gate();
    qaParts.question = (bridge) => page.arrived.then(() => original.question(bridge));
    const el = await mount(testClient(cy, adapter));
    $(el, '[part~="question-link"]')!.click();
    await waitUntil(() => $(el, '.skeleton'), 'no placeholder while the page downloads');
    expect($(el, '[part~="question"]')).to.be.null;
    expect($(el, '[part~="base"]')!.getAttribute('aria-label'), 'named while its heading is not there').to.equal('Questions');
    page.arrive();
    await pageLoaded(el);
    expect(text($(el, '#qa-heading'))).to.equal('Slow network?');
  });

  it('shows a failed download as an error with a Retry that downloads it again', async () => {
    const adapter = testAdapter();
    await ask(adapter, bob, 'Offline?');
    qaParts.list = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    qaParts.ask = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const el = await fixture<CommunityQa>(html`<community-qa .client=${testClient(cy, adapter)} lang="en"></community-qa>`);
    await waitUntil(() => $(el, '[part~="error"]'), 'a failed rows download showed no error');
    expect(text($(el, '[role="alert"] p'))).to.equal('This part could not be downloaded.');
    // The rest of the list's first look is still there.
    expect(text($(el, '[part~="ask-button"]'))).to.equal('Ask a question');

    qaParts.list = original.list;
    $(el, '[role="alert"] button')!.click();
    await listLoaded(el);
    expect(titles(el)).to.deep.equal(['Offline?']);

    $(el, '[part~="ask-button"]')!.click();
    await waitUntil(() => $(el, '[role="alert"] button'), 'a failed ask form download showed no Retry');
    expect(text($(el, '[role="alert"] p'))).to.equal('This part could not be downloaded.');
    qaParts.ask = original.ask;
    $(el, '[role="alert"] button')!.click();
    await waitUntil(() => $(el, '#qa-title'), 'Retry did not bring the ask form');
    expect($(el, '[role="alert"]')).to.be.null;
  });

  it('says in Chinese that a part could not be downloaded', async () => {
    qaParts.question = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const adapter = testAdapter();
    const q = await ask(adapter, bob, '离线？');
    const el = await fixture<CommunityQa>(html`<community-qa .client=${testClient(cy, adapter)} lang="zh-TW" question=${q.id}></community-qa>`);
    await waitUntil(() => text($(el, '[role="alert"] p')) === '這部分內容未能下載。請檢查網路後再試。', 'no Traditional Chinese download error');
    expect(text($(el, '[role="alert"] button'))).to.equal('重試');
  });
});
