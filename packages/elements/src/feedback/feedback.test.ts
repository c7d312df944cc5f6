import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CommunityClient } from '@hearth/client';
import type { BackendAdapter, SubmitFeedbackInput, Viewer } from '@hearth/protocol';
import { ada, bob, mod, testAdapter, testClient, tickingClock } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import { runWidgetBaseTests } from '../test-support/widget-base-tests.js';
import type { CommunityFeedback } from './feedback.js';
import type { CommunityFeedbackEvent, CommunityFeedbackVoteEvent } from './feedback-events.js';
import './define.js';

let keys = 0;
/** Sends feedback straight through the adapter, as another tab or member would. */
function submit(adapter: BackendAdapter, viewer: Viewer, input: Partial<SubmitFeedbackInput> = {}) {
  return adapter.feedback!.submitFeedback(
    { kind: 'idea', body: 'Please add a dark theme.', idempotencyKey: `k-fb-${String(++keys).padStart(8, '0')}`, ...input },
    { viewer },
  );
}

const $ = <T extends Element = HTMLElement>(el: CommunityFeedback, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: CommunityFeedback, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** The inline box is ready: its form is in and "Your feedback" has loaded (shown or not). */
async function loaded(el: CommunityFeedback): Promise<void> {
  await waitUntil(() => $(el, '[part~="submit"]') && $(el, '[part~="mine"]'), 'the feedback box did not load');
  await el.updateComplete;
}

async function mount(client: CommunityClient, attrs: Record<string, string> = {}): Promise<CommunityFeedback> {
  const el = document.createElement('community-feedback');
  el.client = client;
  el.setAttribute('lang', 'en');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  const mounted = await fixture<CommunityFeedback>(html`${el}`);
  if ((attrs.mode ?? 'inline') === 'inline') await loaded(mounted);
  else await mounted.updateComplete;
  return mounted;
}

/** Types into a field of the form as a person would: value, then an input event. */
async function type(el: CommunityFeedback, selector: string, value: string): Promise<void> {
  const field = $<HTMLInputElement | HTMLTextAreaElement>(el, selector)!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function pick(el: CommunityFeedback, selector: string): Promise<void> {
  $<HTMLInputElement>(el, selector)!.click();
  await el.updateComplete;
}

runWidgetBaseTests<CommunityFeedback>({
  tag: 'community-feedback',
  define: new URL('./define.ts', import.meta.url).href,
  create: (client) => Object.assign(document.createElement('community-feedback'), { client }),
  loaded,
  async seed(adapter) {
    // Something in "Your feedback", with an official reply, so axe and the themes see items.
    const item = await submit(adapter, ada, { title: 'Dark mode' });
    await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'Coming in **May**.' }, { viewer: mod });
  },
  loads: 'feedback.myFeedback',
  event: {
    type: 'community-feedback',
    async trigger(el) {
      await type(el, 'textarea', 'The search is slow.');
      $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    },
  },
  token: { name: '--community-color-accent', value: 'rgb(255, 0, 0)', selector: '[part~="submit"]', property: 'background-color' },
});

describe('<community-feedback> inline form', () => {
  it('sends an idea with the page it came from, thanks the sender, and offers to send another', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    expect(text($(el, '[part~="heading"]'))).to.equal('Send feedback');
    expect($$<HTMLInputElement>(el, '[part~="kind"] input').map((input) => input.value)).to.deep.equal(['idea', 'bug', 'praise', 'question', 'other']);
    expect($<HTMLInputElement>(el, '[part~="kind"] input:checked')!.value).to.equal('idea');
    // An idea asks for no score.
    expect($(el, '[part~="score"]')).to.not.exist;
    await type(el, '#fb-title', 'Saved searches');
    await type(el, 'textarea', 'Let me save a search and come back to it.');
    const sent = oneEvent(el, 'community-feedback') as Promise<CommunityFeedbackEvent>;
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    const { detail } = await sent;
    expect(detail.item).to.include({ kind: 'idea', title: 'Saved searches', pageUrl: location.href });
    await waitUntil(() => $(el, '[part~="thanks"]'));
    expect(text($(el, '[part~="thanks"]'))).to.include('Thank you! Your feedback was sent.');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="thanks"]'));

    const held = await adapter.feedback!.myFeedback({}, { viewer: ada });
    expect(held.items).to.have.length(1);
    expect(held.items[0]).to.include({ kind: 'idea', body: 'Let me save a search and come back to it.', pageUrl: location.href, pageTitle: document.title || null, status: 'open' });
    // It shows in "Your feedback" at once.
    await waitUntil(() => text($(el, '[part~="mine"]')).includes('Saved searches'));

    $<HTMLButtonElement>(el, '[part~="thanks"] button')!.click();
    await el.updateComplete;
    expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('');
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'textarea'));
  });

  it('sends the page-url and page-title attributes instead of the document’s', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter), { 'page-url': 'https://shop.example/cart', 'page-title': 'Your cart' });
    await type(el, 'textarea', 'The coupon field is hidden.');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="thanks"]'));
    const [item] = (await adapter.feedback!.myFeedback({}, { viewer: ada })).items;
    expect(item).to.include({ pageUrl: 'https://shop.example/cart', pageTitle: 'Your cart' });
  });

  it('asks praise for a 0–10 recommendation score (NPS) and other feedback for 1–5 stars', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    await pick(el, '[part~="kind"] input[value="praise"]');
    const score = $(el, '[part~="score"]')!;
    expect(text(score.querySelector('legend'))).to.equal('How likely are you to recommend us to a friend?');
    const steps = [...score.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(steps.map((input) => input.getAttribute('aria-label'))).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(text(score)).to.include('0 = not at all likely');
    steps[9]!.click();
    await type(el, 'textarea', 'Support was great.');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="thanks"]'));
    const [praise] = (await adapter.feedback!.myFeedback({}, { viewer: ada })).items;
    expect(praise).to.include({ kind: 'praise', nps: 9, rating: null });

    $<HTMLButtonElement>(el, '[part~="thanks"] button')!.click();
    await el.updateComplete;
    await pick(el, '[part~="kind"] input[value="other"]');
    const stars = $$<HTMLInputElement>(el, '[part~="score"] input[type="radio"]');
    expect(stars.map((input) => input.getAttribute('aria-label'))).to.deep.equal(['1 star', '2 stars', '3 stars', '4 stars', '5 stars']);
  });

  it('refuses empty feedback on screen without asking the backend', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter));
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await el.updateComplete;
    expect(text($(el, 'form [role="alert"]'))).to.equal('Write your feedback first.');
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'textarea'));
    expect(adapter.calls['feedback.submitFeedback'] ?? 0).to.equal(0);
  });

  it('shows similar items while typing, and an upvote on one counts instead of a new item', async () => {
    const adapter = testAdapter();
    const original = await submit(adapter, bob, { title: 'Dark mode', body: 'Please add a dark theme to the app.' });
    const el = await mount(testClient(ada, adapter));
    await type(el, 'textarea', 'a dark theme for the app');
    await waitUntil(() => $(el, '[part~="similar"]'), 'no similar items shown');
    expect(text($(el, '[part~="similar"] .item-title'))).to.equal('Dark mode');
    await expect(el).to.be.accessible();
    const voted = oneEvent(el, 'community-feedback-vote') as Promise<CommunityFeedbackVoteEvent>;
    $<HTMLButtonElement>(el, '[part~="similar"] [part~="upvote"]')!.click();
    const { detail } = await voted;
    expect(detail).to.deep.include({ active: true });
    expect(detail.item).to.include({ id: original.id, voteCount: 1, viewerVoted: true });
    await el.updateComplete;
    expect($(el, '[part~="similar"] [part~="upvote"]')!.getAttribute('aria-pressed')).to.equal('true');
    const stored = await adapter.feedback!.getFeedback({ feedbackId: original.id }, { viewer: bob });
    expect(stored.voteCount).to.equal(1);
    expect(adapter.calls['feedback.submitFeedback'] ?? 0).to.equal(1);
  });

  it('asks a guest for an optional email where the community allows guest feedback', async () => {
    const adapter = testAdapter({ community: { feedbackGuests: true } });
    const gus: Viewer = { id: 'gus', displayName: 'Gus', role: 'guest' };
    const el = await mount(testClient(gus, adapter));
    await waitUntil(() => $(el, '#fb-email'), 'no email field for a guest');
    expect(text($(el, 'label[for="fb-email"]'))).to.equal('Email (optional)');
    await type(el, '#fb-email', 'gus@example.com');
    await type(el, 'textarea', 'Checkout broke on my phone.');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="thanks"]'));
    const [item] = (await adapter.feedback!.listFeedback({}, { viewer: mod })).items;
    expect(item).to.include({ email: 'gus@example.com', body: 'Checkout broke on my phone.' });
    // A member is never asked.
    const member = await mount(testClient(ada, adapter));
    expect($(member, '#fb-email')).to.not.exist;
  });

  it('asks a signed-out visitor to sign in instead of showing the form', async () => {
    const el = await fixture<CommunityFeedback>(html`<community-feedback lang="en" .client=${testClient(null)}></community-feedback>`);
    await waitUntil(() => text($(el, '.notice')) === 'Sign in to send feedback.');
    expect($(el, '[part~="form"]')).to.not.exist;
  });
});

describe('<community-feedback> your feedback', () => {
  it('shows a moderator’s status change and official reply live, with the status history', async () => {
    const adapter = testAdapter();
    const item = await submit(adapter, ada, { title: 'Export to CSV' });
    const el = await mount(testClient(ada, adapter));
    const mine = () => $(el, `[part~="mine"] [data-id="${item.id}"]`);
    expect(text(mine()?.querySelector('[part~="status"]'))).to.equal('Open');
    await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'Coming in **May**.' }, { viewer: mod });
    await waitUntil(() => text(mine()?.querySelector('[part~="status"]')) === 'Planned', 'the status change did not show');
    await waitUntil(() => mine()?.querySelector('[part~="history"]'), 'no history');
    expect(text(mine()!.querySelector('[part~="reply"]'))).to.include('Official reply');
    expect(text(mine()!.querySelector('[part~="reply"]'))).to.include('Coming in May.');
    expect(mine()!.querySelector('[part~="reply"] strong:last-child, [part~="reply"] .md strong')).to.exist;
    expect(text(mine()!.querySelector('[part~="history"] li'))).to.include('Open → Planned');
    expect(text(mine()!.querySelector('[part~="history"] li'))).to.include('Mia Mod');
    await waitUntil(() => text($(el, '[role="status"]')) === '“Export to CSV” is now Planned.');
  });

  it('names statuses in Simplified and Traditional Chinese', async () => {
    const adapter = testAdapter();
    const item = await submit(adapter, ada, { title: 'Dark mode' });
    await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'in_progress' }, { viewer: mod });
    const el = await mount(testClient(ada, adapter), { lang: 'zh-CN' });
    await waitUntil(() => text($(el, '[part~="mine"] [part~="status"]')) === '进行中');
    expect(text($(el, '[part~="heading"]'))).to.equal('提交反馈');
    el.setAttribute('lang', 'zh-TW');
    await waitUntil(() => text($(el, '[part~="mine"] [part~="status"]')) === '進行中');
    await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'planned' }, { viewer: mod });
    await waitUntil(() => text($(el, '[part~="mine"] [part~="status"]')) === '已規劃');
  });
});

describe('<community-feedback mode="launcher">', () => {
  it('opens a labelled modal dialog that keeps focus inside, and Escape closes it returning focus', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter), { mode: 'launcher', position: 'bottom-left' });
    const launcher = $<HTMLButtonElement>(el, '[part~="launcher"]')!;
    expect(text(launcher)).to.equal('Send feedback');
    expect(getComputedStyle(launcher).position).to.equal('fixed');
    expect(getComputedStyle(launcher).left).to.not.equal('auto');
    // Nothing is asked of the backend until the dialog opens.
    expect(adapter.calls['feedback.myFeedback'] ?? 0).to.equal(0);
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.equal(false);

    launcher.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog.open && dialog.querySelector('textarea'), 'the dialog did not open with the form');
    await el.updateComplete;
    expect(dialog.matches(':modal')).to.equal(true);
    const label = el.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!);
    expect(text(label)).to.equal('Send feedback');
    const inside = () => dialog.contains(el.shadowRoot!.activeElement);
    expect(inside(), 'focus did not move into the dialog').to.equal(true);
    await expect(el).to.be.accessible();
    for (let i = 0; i < 12; i++) {
      await sendKeys({ press: 'Tab' });
      expect(inside(), `Tab ${i + 1} left the dialog`).to.equal(true);
    }
    await sendKeys({ down: 'Shift' });
    for (let i = 0; i < 12; i++) {
      await sendKeys({ press: 'Tab' });
      expect(inside(), `Shift+Tab ${i + 1} left the dialog`).to.equal(true);
    }
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Escape did not close the dialog');
    expect(el.shadowRoot!.activeElement).to.equal(launcher);
  });

  it('sends feedback from the dialog', async () => {
    const adapter = testAdapter();
    const el = await mount(testClient(ada, adapter), { mode: 'launcher' });
    $<HTMLButtonElement>(el, '[part~="launcher"]')!.click();
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')!.open && $(el, 'dialog textarea'));
    await type(el, 'textarea', 'The launcher works.');
    $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await waitUntil(() => $(el, 'dialog [part~="thanks"]'));
    $<HTMLButtonElement>(el, '[part~="close"]')!.click();
    await waitUntil(() => !$<HTMLDialogElement>(el, 'dialog')!.open);
    expect((await adapter.feedback!.myFeedback({}, { viewer: ada })).items[0]!.body).to.equal('The launcher works.');
  });
});

describe('<community-feedback mode="board">', () => {
  async function board(adapter: ReturnType<typeof testAdapter>, viewer: Viewer = ada) {
    const el = await mount(testClient(viewer, adapter), { mode: 'board' });
    await waitUntil(() => $$(el, '.list [part~="item"]').length || $(el, '.list + .notice, [part~="filters"] ~ .notice'), 'the board did not load');
    await el.updateComplete;
    return el;
  }
  const titles = (el: CommunityFeedback) => $$(el, '.list [part~="item"] .item-title').map((node) => text(node));

  it('lists items by votes, and an upvote counts and shows pressed', async () => {
    const adapter = testAdapter();
    const quiet = await submit(adapter, bob, { title: 'Quiet idea' });
    const popular = await submit(adapter, bob, { title: 'Popular idea' });
    await adapter.feedback!.voteFeedback({ feedbackId: popular.id, active: true }, { viewer: mod });
    const el = await board(adapter);
    await waitUntil(() => titles(el).length === 2);
    expect(titles(el)).to.deep.equal(['Popular idea', 'Quiet idea']);
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const button = () => $<HTMLButtonElement>(el, `[data-id="${quiet.id}"] [part~="upvote"]`)!;
    expect(button().getAttribute('aria-pressed')).to.equal('false');
    expect(button().getAttribute('aria-label')).to.equal('Upvote “Quiet idea”, 0 votes');
    const voted = oneEvent(el, 'community-feedback-vote') as Promise<CommunityFeedbackVoteEvent>;
    button().click();
    expect((await voted).detail.item.voteCount).to.equal(1);
    await waitUntil(() => button().getAttribute('aria-pressed') === 'true');
    expect(text(button())).to.include('1');
    expect((await adapter.feedback!.getFeedback({ feedbackId: quiet.id }, { viewer: bob })).voteCount).to.equal(1);
    // Votes again: the count goes back and so does the backend.
    button().click();
    await waitUntil(() => button().getAttribute('aria-pressed') === 'false');
    expect((await adapter.feedback!.getFeedback({ feedbackId: quiet.id }, { viewer: bob })).voteCount).to.equal(0);
    // One's own items cannot be upvoted.
    const own = await submit(adapter, ada, { title: 'My own idea' });
    await waitUntil(() => $(el, `[data-id="${own.id}"] [part~="upvote"]`));
    expect($<HTMLButtonElement>(el, `[data-id="${own.id}"] [part~="upvote"]`)!.disabled).to.equal(true);
  });

  it('filters by status and sorts by newest', async () => {
    const adapter = testAdapter({ clock: tickingClock() });
    const first = await submit(adapter, bob, { title: 'First' });
    const second = await submit(adapter, bob, { title: 'Second' });
    await adapter.feedback!.voteFeedback({ feedbackId: first.id, active: true }, { viewer: mod });
    await adapter.feedback!.setFeedbackStatus({ feedbackId: second.id, status: 'planned' }, { viewer: mod });
    const el = await board(adapter);
    await waitUntil(() => titles(el).length === 2);
    const [status, sort] = $$<HTMLSelectElement>(el, '[part~="filters"] select');
    status!.value = 'planned';
    status!.dispatchEvent(new Event('change'));
    await waitUntil(() => titles(el).join() === 'Second', 'the status filter did not apply');
    status!.value = '';
    status!.dispatchEvent(new Event('change'));
    await waitUntil(() => titles(el).join() === 'First,Second');
    sort!.value = 'new';
    sort!.dispatchEvent(new Event('change'));
    await waitUntil(() => titles(el).join() === 'Second,First', 'the sort did not apply');
  });

  it('shows the roadmap in status columns', async () => {
    // Items made within one millisecond would tie on age; a ticking clock orders them.
    const adapter = testAdapter({ clock: tickingClock() });
    const statuses = ['under_review', 'planned', 'planned', 'done', 'declined'] as const;
    for (const [i, status] of statuses.entries()) {
      const item = await submit(adapter, bob, { title: `Item ${i + 1}` });
      await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status }, { viewer: mod });
    }
    const el = await board(adapter);
    $<HTMLButtonElement>(el, '[part~="views"] [data-view="roadmap"]')!.click();
    await waitUntil(() => $$(el, '[part~="column"]').length === 4, 'no roadmap');
    expect($(el, '[data-view="roadmap"]')!.getAttribute('aria-pressed')).to.equal('true');
    const columns = $$(el, '[part~="column"]').map((column) => [
      text(column.querySelector('h3')),
      [...column.querySelectorAll('.item-title')].map((node) => text(node)),
    ]);
    expect(columns).to.deep.equal([
      ['Under review (1)', ['Item 1']],
      // Equal votes: newest first.
      ['Planned (2)', ['Item 3', 'Item 2']],
      ['In progress (0)', []],
      ['Done (1)', ['Item 4']],
    ]);
    await expect(el).to.be.accessible();
  });

  it('loads the other board when space changes, and sends feedback to it', async () => {
    const adapter = testAdapter();
    const owner: Viewer = { id: 'olga', displayName: 'Olga', role: 'owner' };
    await adapter.community!.createSpace({ key: 'ideas', kind: 'feedback', name: 'Ideas' }, { viewer: owner });
    await submit(adapter, bob, { title: 'On the default board' });
    await submit(adapter, bob, { title: 'On the ideas board', space: 'ideas' });
    const el = await board(adapter);
    await waitUntil(() => titles(el).join() === 'On the default board');
    el.space = 'ideas';
    await waitUntil(() => titles(el).join() === 'On the ideas board', 'changing space did not load the other board');
    $<HTMLButtonElement>(el, '[part~="new"]')!.click();
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')!.open && $(el, 'dialog textarea'));
    await type(el, 'dialog textarea', 'Sent to ideas.');
    $<HTMLButtonElement>(el, 'dialog [part~="submit"]')!.click();
    await waitUntil(() => $(el, 'dialog [part~="thanks"]'));
    const [item] = (await adapter.feedback!.myFeedback({}, { viewer: ada })).items;
    expect(item!.space).to.equal('ideas');
  });

  it('opens the form in a dialog from the board', async () => {
    const adapter = testAdapter();
    const el = await board(adapter);
    $<HTMLButtonElement>(el, '[part~="new"]')!.click();
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')!.open && $(el, 'dialog textarea'));
    await type(el, 'dialog textarea', 'From the board.');
    $<HTMLButtonElement>(el, 'dialog [part~="submit"]')!.click();
    await waitUntil(() => titles(el).includes('From the board.'), 'the new item did not reach the board');
  });
});
