import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import { createMemoryAdapter, MemoryStore } from '@hearth/adapter-memory';
import { createCommunityClient, type CommunityClient } from '@hearth/client';
import { HearthError, type BackendAdapter, type CreatePollInput, type Poll } from '@hearth/protocol';
import type { CommunityErrorEvent } from '../events/error-event.js';
import { ada, bob, mod, testAdapter, testClient, type TestAdapter } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import { runWidgetBaseTests } from '../test-support/widget-base-tests.js';
import { pollChunks, type CommunityPoll } from './poll.js';
import type { CommunityBeforeVoteEvent, CommunityVoteEvent } from './vote-events.js';
import './define.js';

let keys = 0;
/** Creates a poll through the adapter as a moderator, as the operator console would. */
async function createPoll(adapter: BackendAdapter, input: Partial<CreatePollInput> = {}): Promise<Poll> {
  const view = await adapter.polls!.createPoll(
    {
      question: 'Where should the meetup be?',
      type: 'single',
      options: ['Berlin', 'Lisbon', 'Online'],
      idempotencyKey: `k-poll-${String(++keys).padStart(8, '0')}`,
      ...input,
    },
    { viewer: mod },
  );
  return view.poll;
}

const $ = <T extends Element = HTMLElement>(el: CommunityPoll, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: CommunityPoll, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function loaded(el: CommunityPoll): Promise<void> {
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="meta"]'), 'the poll did not load');
  await el.updateComplete;
}

async function mount(client: CommunityClient, pollId: string, lang?: string): Promise<CommunityPoll> {
  const el = await fixture<CommunityPoll>(html`<community-poll .client=${client} poll=${pollId} lang=${lang ?? 'en'}></community-poll>`);
  await loaded(el);
  return el;
}

async function pressWith(modifier: string, key: string): Promise<void> {
  await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  await sendKeys({ up: modifier });
}

/** The result rows as "label: count/percent text", own choices marked. */
function results(el: CommunityPoll): string[] {
  return $$(el, '[part~="result"]').map((row) => text(row));
}

let seeded = '';
// A second poll of the same backend, for the key-change test.
let other = '';

runWidgetBaseTests<CommunityPoll>({
  tag: 'community-poll',
  define: new URL('./define.ts', import.meta.url).href,
  create: (client) => Object.assign(document.createElement('community-poll'), { client, poll: seeded }),
  loaded,
  async seed(adapter) {
    const poll = await createPoll(adapter, { closesAt: new Date(Date.now() + 3 * 3600_000).toISOString() });
    // Results with a ballot in them, so axe and the themes see the bars.
    await adapter.polls!.vote({ pollId: poll.id, choices: [poll.options[1]!.id] }, { viewer: bob });
    seeded = poll.id;
    other = (await createPoll(adapter, { question: 'Which day?', options: ['Friday', 'Saturday'] })).id;
  },
  loads: 'polls.getPoll',
  event: {
    type: 'community-vote',
    async trigger(el) {
      $<HTMLInputElement>(el, 'input[type="radio"]')!.click();
      await el.updateComplete;
      $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    },
  },
  token: { name: '--community-color-accent', value: 'rgb(255, 0, 0)', selector: '[part~="submit"]', property: 'background-color' },
  themeSelector: true,
  lazy: true,
  rekey: {
    async apply(el) {
      el.setAttribute('poll', other);
      await waitUntil(() => text($(el, '[part~="question"]')) === 'Which day?', 'the other poll is not shown');
    },
  },
});

describe('<community-poll> voting by keyboard', () => {
  it('single choice: arrow keys pick, Enter on Vote casts, and the own choice is marked', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    const el = await mount(testClient(ada, adapter), poll.id);
    expect(text($(el, '[part~="question"]'))).to.equal('Where should the meetup be?');
    expect(text($(el, '.hint'))).to.equal('Choose one.');
    expect(text($(el, '[part~="meta"]'))).to.include('No votes yet');
    const submit = $<HTMLButtonElement>(el, '[part~="submit"]')!;
    expect(submit.disabled, 'Vote is enabled with nothing chosen').to.equal(true);

    $<HTMLInputElement>(el, 'input[type="radio"]')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(submit.disabled).to.equal(false);
    const voted = oneEvent(el, 'community-vote') as Promise<CommunityVoteEvent>;
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(submit);
    await sendKeys({ press: 'Enter' });
    const { detail } = await voted;
    expect(detail.action).to.equal('vote');
    expect(detail.view.viewerBallot!.choices).to.deep.equal([poll.options[1]!.id]);
    await el.updateComplete;
    expect(text($(el, '[part~="ballot"]'))).to.include('You voted. Lisbon');
    expect(results(el)).to.deep.equal(['Berlin 0 votes, 0%', 'Lisbon your choice 1 vote, 100%', 'Online 0 votes, 0%']);
    expect($(el, '.own [part~="bar"]')).to.exist;
    await waitUntil(() => text($(el, '[role="status"]')) === 'Your vote was counted.');
  });

  it('multiple choice: shows the allowed range, stops at the maximum, and counts each pick', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { type: 'multiple', options: ['Tea', 'Coffee', 'Juice'], minPicks: 1, maxPicks: 2 });
    const el = await mount(testClient(ada, adapter), poll.id);
    expect(text($(el, '.hint'))).to.equal('Choose 1 to 2.');
    const boxes = $$<HTMLInputElement>(el, 'input[type="checkbox"]');
    boxes[0]!.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(boxes[2]!.disabled, 'a third pick is still allowed').to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="submit"]'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~="ballot"]'));
    expect(results(el)).to.deep.equal(['Tea your choice 1 vote, 100%', 'Coffee your choice 1 vote, 100%', 'Juice 0 votes, 0%']);
  });

  it('ranked choice: Alt+Arrow moves the focused option, the move buttons too, and the order is the ballot', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { type: 'ranked', options: ['Red', 'Green', 'Blue'] });
    const el = await mount(testClient(ada, adapter), poll.id);
    const order = () => $$(el, '[part~="rank-item"]').map((li) => text(li.querySelector('.label')));
    expect(order()).to.deep.equal(['Red', 'Green', 'Blue']);
    $(el, '[part~="rank-item"]')!.focus();
    await pressWith('Alt', 'ArrowDown');
    await el.updateComplete;
    expect(order()).to.deep.equal(['Green', 'Red', 'Blue']);
    expect((el.shadowRoot!.activeElement as HTMLElement).dataset.option, 'focus left the moved option').to.equal(poll.options[0]!.id);
    await waitUntil(() => text($(el, '[role="status"]')) === 'Red moved to position 2 of 3.');
    // Blue to the top with its Move up button, pressed from the keyboard.
    const up = $<HTMLButtonElement>(el, `[data-option="${poll.options[2]!.id}"] [data-move="up"]`)!;
    expect(up.getAttribute('aria-label')).to.equal('Move Blue up');
    up.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(order()).to.deep.equal(['Blue', 'Green', 'Red']);
    // At the top its Move up is disabled, so focus went to the option itself.
    expect((el.shadowRoot!.activeElement as HTMLElement).dataset.option).to.equal(poll.options[2]!.id);
    $(el, '[part~="submit"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~="ballot"]'));
    expect(el.view!.viewerBallot!.choices).to.deep.equal([2, 1, 0].map((i) => poll.options[i]!.id));
    expect(text($(el, '[part~="ballot"]'))).to.include('1. Blue 2. Green 3. Red');
    expect(text($(el, '[data-winner]'))).to.equal('Winner: Blue');
    expect(results(el)[2]).to.equal('Blue your #1 1 vote, 100%');
  });

  it('ranked choice: dragging an option with the pointer reorders it', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { type: 'ranked', options: ['Red', 'Green', 'Blue'] });
    const el = await mount(testClient(ada, adapter), poll.id);
    const items = $$(el, '[part~="rank-item"]');
    const box = (item: HTMLElement) => item.getBoundingClientRect();
    const start = box(items[0]!.querySelector('.label')!);
    await sendMouse({ type: 'move', position: [Math.round(start.left + 5), Math.round(start.top + start.height / 2)] });
    await sendMouse({ type: 'down' });
    const below = box(items[2]!);
    await sendMouse({ type: 'move', position: [Math.round(start.left + 5), Math.round(below.bottom - 2)] });
    await sendMouse({ type: 'up' });
    await el.updateComplete;
    expect($$(el, '[part~="rank-item"]').map((li) => text(li.querySelector('.label')))).to.deep.equal(['Green', 'Blue', 'Red']);
  });

  it('rating: arrow keys move along the scale and the average is shown', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { type: 'rating', options: undefined, question: 'How was it?' });
    await adapter.polls!.vote({ pollId: poll.id, rating: 2 }, { viewer: bob });
    const el = await mount(testClient(ada, adapter), poll.id);
    expect(text($(el, '.hint'))).to.equal('Rate from 1 to 5.');
    expect($$(el, 'input[name="rating"]').length).to.equal(5);
    $<HTMLInputElement>(el, 'input[name="rating"]')!.focus();
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~="ballot"]'));
    expect(el.view!.viewerBallot!.rating).to.equal(4);
    expect(text($(el, '.summary'))).to.equal('Average 3 from 2 ratings');
    expect(results(el)[3]).to.equal('4 your choice 1 vote, 50%');
  });
});

describe('<community-poll> accessibility of every ballot', () => {
  for (const input of [
    { type: 'multiple', minPicks: 1, maxPicks: 2 },
    { type: 'ranked' },
    { type: 'rating', options: undefined },
    { type: 'rating', options: undefined, scale: { min: 0, max: 20, step: 1 } },
  ] as Partial<CreatePollInput>[]) {
    it(`${input.type}${input.scale ? ' (slider)' : ''} passes axe, before and after voting`, async () => {
      const adapter = testAdapter();
      const poll = await createPoll(adapter, input);
      const el = await mount(testClient(ada, adapter), poll.id);
      await expect(el).to.be.accessible();
      await adapter.polls!.vote(
        poll.type === 'rating' ? { pollId: poll.id, rating: poll.scale!.min } : { pollId: poll.id, choices: [poll.options[0]!.id] },
        { viewer: ada },
      );
      const again = await mount(testClient(ada, adapter), poll.id);
      expect($(again, '[part~="ballot"]')).to.exist;
      await expect(again).to.be.accessible();
    });
  }
});

describe('<community-poll> results visibility', () => {
  it('after_vote: hidden with the reason until the viewer votes, then shown', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { resultsVisibility: 'after_vote' });
    await adapter.polls!.vote({ pollId: poll.id, choices: [poll.options[0]!.id] }, { viewer: bob });
    const el = await mount(testClient(ada, adapter), poll.id);
    expect($(el, '[part~="results"]')).to.not.exist;
    expect(text($(el, '[data-hidden="after_vote"]'))).to.equal('Results are shown once you have voted.');
    expect(text($(el, '[part~="meta"]')), 'the ballot count is always shown').to.include('1 vote');
    $<HTMLInputElement>(el, 'input[type="radio"]')!.click();
    await el.updateComplete;
    $(el, '[part~="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="results"]'));
    expect(results(el)[0]).to.equal('Berlin your choice 2 votes, 100%');
    expect($(el, '[data-hidden]')).to.not.exist;
  });

  it('after_close: hidden while open, shown live once a moderator closes it', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { resultsVisibility: 'after_close' });
    await adapter.polls!.vote({ pollId: poll.id, choices: [poll.options[2]!.id] }, { viewer: bob });
    const el = await mount(testClient(ada, adapter), poll.id);
    expect(text($(el, '[data-hidden="after_close"]'))).to.equal('Results are shown when the poll closes.');
    await adapter.polls!.closePoll({ pollId: poll.id }, { viewer: mod });
    await waitUntil(() => $(el, '[part~="results"]'), 'closing did not reveal the results');
    expect(results(el)[2]).to.equal('Online 1 vote, 100%');
    expect($(el, '[part~="form"]'), 'a closed poll still offers a ballot').to.not.exist;
    expect(text($(el, '[part~="countdown"]'))).to.match(/^Closed /);
  });

  it('staff_only: members never see them, moderators do, with Close and Reopen', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { resultsVisibility: 'staff_only' });
    const member = await mount(testClient(ada, adapter), poll.id);
    $<HTMLInputElement>(member, 'input[type="radio"]')!.click();
    await member.updateComplete;
    $(member, '[part~="submit"]')!.click();
    await waitUntil(() => $(member, '[part~="ballot"]'));
    expect($(member, '[part~="results"]')).to.not.exist;
    expect(text($(member, '[data-hidden="staff_only"]'))).to.equal('Only the organisers see the results.');
    expect($(member, '[data-action="close"]')).to.not.exist;

    const staff = await mount(testClient(mod, adapter), poll.id);
    expect(results(staff)[0]).to.equal('Berlin 1 vote, 100%');
    await waitUntil(() => $(staff, '[data-action="close"]'));
    $(staff, '[data-action="close"]')!.click();
    await waitUntil(() => $(staff, '[data-action="reopen"]'));
    await waitUntil(() => !$(member, '[data-action="retract"]'), 'the member can still withdraw from a closed poll');
  });
});

describe('<community-poll> result bars', () => {
  it('draws each bar as long as its share, with counts and percentages, and moves them live', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    const [berlin, lisbon] = poll.options;
    await adapter.polls!.vote({ pollId: poll.id, choices: [berlin!.id] }, { viewer: bob });
    await adapter.polls!.vote({ pollId: poll.id, choices: [berlin!.id] }, { viewer: mod });
    await adapter.polls!.vote({ pollId: poll.id, choices: [lisbon!.id] }, { viewer: { id: 'cy', displayName: 'Cy', role: 'member' } });
    // Without motion the bars sit at their length at once.
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      const el = await mount(testClient(ada, adapter), poll.id);
      const share = () =>
        $$(el, '[part~="result"]').map((row) => {
          const bar = row.querySelector('[part~="bar"]')!.getBoundingClientRect().width;
          return Math.round((bar / row.querySelector('.track')!.getBoundingClientRect().width) * 100);
        });
      expect(results(el)).to.deep.equal(['Berlin 2 votes, 66.7%', 'Lisbon 1 vote, 33.3%', 'Online 0 votes, 0%']);
      const [b, l, o] = share();
      expect(b).to.be.closeTo(67, 1);
      expect(l).to.be.closeTo(33, 1);
      expect(o, 'an empty bar still shows a sliver').to.be.below(2);
      await adapter.polls!.vote({ pollId: poll.id, choices: [lisbon!.id] }, { viewer: { id: 'dee', displayName: 'Dee', role: 'member' } });
      await waitUntil(() => results(el)[0] === 'Berlin 2 votes, 50%', 'the bars did not follow a new vote');
      await el.updateComplete;
      expect(share().slice(0, 2)).to.deep.equal([50, 50]);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('says "Choose 2." when a multiple-choice poll takes exactly two', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { type: 'multiple', minPicks: 2, maxPicks: 2 });
    const el = await mount(testClient(ada, adapter), poll.id);
    expect(text($(el, '.hint'))).to.equal('Choose 2.');
  });
});

describe('<community-poll> live and shared', () => {
  it('two widgets over one memory store both update when one votes, and share one subscription per client', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    const mine = testClient(ada, adapter);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <community-poll .client=${mine} poll=${poll.id}></community-poll>
      <community-poll .client=${mine} poll=${poll.id}></community-poll>
      <community-poll .client=${testClient(bob, adapter)} poll=${poll.id}></community-poll>
    </div>`);
    const [one, two, theirs] = [...wrapper.querySelectorAll('community-poll')] as CommunityPoll[];
    for (const el of [one!, two!, theirs!]) await loaded(el);
    expect(adapter.activeSubscriptions, 'one per client').to.equal(2);
    $<HTMLInputElement>(one!, 'input[type="radio"]')!.click();
    await one!.updateComplete;
    $(one!, '[part~="submit"]')!.click();
    // The same viewer's second widget shows the ballot too; the other viewer's shows the count.
    await waitUntil(() => $(two!, '[part~="ballot"]'), 'the second widget of the same viewer did not update');
    await waitUntil(() => text($(theirs!, '[part~="meta"]')).includes('1 vote'), 'the other viewer’s widget did not update');
    expect(results(theirs!)[0]).to.equal('Berlin 1 vote, 100%');
    expect($(theirs!, '[part~="ballot"]'), 'someone else’s ballot shows as mine').to.not.exist;
    await waitUntil(() => text($(theirs!, '[role="status"]')) === 'Results updated: 1 vote.');
    wrapper.remove();
    expect(adapter.activeSubscriptions).to.equal(0);
  });

  it('follows a vote cast in another tab (another adapter on the same store)', async () => {
    const store = new MemoryStore();
    const here = createMemoryAdapter({ store });
    const poll = await createPoll(here);
    const el = await mount(createCommunityClient({ adapter: here, viewer: ada }), poll.id);
    await createMemoryAdapter({ store }).polls!.vote({ pollId: poll.id, choices: [poll.options[1]!.id] }, { viewer: bob });
    await waitUntil(() => results(el)[1] === 'Lisbon 1 vote, 100%', 'the other tab’s vote did not arrive');
  });

  it('changing the poll attribute loads the other poll', async () => {
    const adapter = testAdapter();
    const first = await createPoll(adapter);
    const second = await createPoll(adapter, { question: 'Which day?', options: ['Friday', 'Saturday'] });
    const el = await mount(testClient(ada, adapter), first.id);
    el.setAttribute('poll', second.id);
    await waitUntil(() => text($(el, '[part~="question"]')) === 'Which day?');
    expect(adapter.activeSubscriptions).to.equal(1);
  });
});

describe('<community-poll> changing and withdrawing', () => {
  it('changes a ballot and withdraws it; the form comes back empty', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    const el = await mount(testClient(ada, adapter), poll.id);
    $<HTMLInputElement>(el, 'input[type="radio"]')!.click();
    await el.updateComplete;
    $(el, '[part~="submit"]')!.click();
    await waitUntil(() => $(el, '[data-action="change"]'));

    $(el, '[data-action="change"]')!.click();
    await el.updateComplete;
    const radios = $$<HTMLInputElement>(el, 'input[type="radio"]');
    expect(radios[0]!.checked, 'the form does not start from the ballot').to.equal(true);
    expect(text($(el, '[part~="submit"]'))).to.equal('Save vote');
    radios[2]!.click();
    await el.updateComplete;
    const changed = oneEvent(el, 'community-vote') as Promise<CommunityVoteEvent>;
    $(el, '[part~="submit"]')!.click();
    expect((await changed).detail.action).to.equal('change');
    await waitUntil(() => text($(el, '[part~="ballot"]')).includes('Online'));

    const retracted = oneEvent(el, 'community-vote') as Promise<CommunityVoteEvent>;
    $(el, '[data-action="retract"]')!.click();
    const { detail } = await retracted;
    expect(detail.action).to.equal('retract');
    expect(detail.view.viewerBallot).to.equal(null);
    await waitUntil(() => $(el, '[part~="form"]'));
    expect($$<HTMLInputElement>(el, 'input[type="radio"]').some((r) => r.checked)).to.equal(false);
    expect(text($(el, '[part~="meta"]'))).to.include('No votes yet');
    await waitUntil(() => text($(el, '[role="status"]')) === 'Your vote was withdrawn.');
  });

  it('offers no change or withdrawal when the poll does not allow changes', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { allowChange: false });
    await adapter.polls!.vote({ pollId: poll.id, choices: [poll.options[0]!.id] }, { viewer: ada });
    const el = await mount(testClient(ada, adapter), poll.id);
    expect($(el, '[part~="ballot"]')).to.exist;
    expect($(el, '[data-action="change"]')).to.not.exist;
    expect($(el, '[data-action="retract"]')).to.not.exist;
  });

  it('a cancelled community-before-vote sends nothing', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    const el = await mount(testClient(ada, adapter), poll.id);
    let seen: CommunityBeforeVoteEvent | undefined;
    el.addEventListener('community-before-vote', (e) => {
      seen = e;
      e.preventDefault();
    });
    $<HTMLInputElement>(el, 'input[type="radio"]')!.click();
    await el.updateComplete;
    $(el, '[part~="submit"]')!.click();
    await el.updateComplete;
    expect(seen!.detail).to.deep.equal({ pollId: poll.id, choices: [poll.options[0]!.id], rating: null, change: false });
    expect((await adapter.polls!.getPoll({ pollId: poll.id }, { viewer: ada })).viewerBallot).to.equal(null);
    expect($(el, '[part~="form"]')).to.exist;
  });
});

describe('<community-poll> errors', () => {
  it('voting after the poll closed shows a clear error and then the closed poll', async () => {
    const inner = testAdapter();
    // Without realtime the widget cannot hear of the close before the vote is sent.
    const quiet = { ...inner, name: inner.name, capabilities: { ...inner.capabilities, realtime: false } } as BackendAdapter;
    const poll = await createPoll(inner);
    const el = await mount(createCommunityClient({ adapter: quiet, viewer: ada }), poll.id);
    await inner.polls!.closePoll({ pollId: poll.id }, { viewer: mod });
    $<HTMLInputElement>(el, 'input[type="radio"]')!.click();
    await el.updateComplete;
    const failed = oneEvent(el, 'community-error') as Promise<CommunityErrorEvent>;
    $(el, '[part~="submit"]')!.click();
    const { detail } = await failed;
    expect(detail.error.code).to.equal('conflict');
    await waitUntil(() => $(el, '[role="alert"] [part~="error"]'));
    expect(text($(el, '[role="alert"] [part~="error"]'))).to.equal('This poll has closed or no longer takes changes to your vote.');
    await waitUntil(() => !$(el, '[part~="form"]'), 'the closed poll still offers its form');
    expect(text($(el, '[part~="countdown"]'))).to.match(/^Closed /);
  });

  it('a failing poll load shows the error with a Retry that recovers', async () => {
    const inner = testAdapter();
    const poll = await createPoll(inner);
    let fail = true;
    const polls = inner.polls!;
    const adapter = {
      ...inner,
      name: inner.name,
      capabilities: inner.capabilities,
      subscribe: inner.subscribe,
      polls: { ...polls, getPoll: (input: never, ctx: never) => (fail ? Promise.reject(new Error('down')) : polls.getPoll(input, ctx)) },
    } as BackendAdapter;
    const el = await fixture<CommunityPoll>(html`<community-poll .client=${createCommunityClient({ adapter, viewer: ada })} poll=${poll.id}></community-poll>`);
    await waitUntil(() => $(el, '.error-box'));
    expect(text($(el, '.error-box p'))).to.equal('The poll could not be loaded. Something went wrong. Try again.');
    fail = false;
    $(el, '[data-action="retry"]')!.click();
    await loaded(el);
    expect($(el, '.error-box')).to.not.exist;
  });

  it('says so when the poll attribute is missing', async () => {
    const el = await fixture<CommunityPoll>(html`<community-poll .client=${testClient(ada)}></community-poll>`);
    await waitUntil(() => $(el, '[role="alert"]')?.textContent?.includes('set the poll attribute'));
  });

  it('asks an anonymous visitor to sign in instead of offering a ballot', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    const el = await mount(testClient(null, adapter), poll.id);
    expect($(el, '[part~="form"]')).to.not.exist;
    expect(text($(el, '[part~="notice"]'))).to.equal('Sign in to vote.');
  });
});

describe('<community-poll> language and time', () => {
  it('speaks Simplified Chinese under lang="zh-CN", counts down with Intl, and switches back', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { closesAt: new Date(Date.now() + 2 * 3600_000 + 60_000).toISOString() });
    const el = await mount(testClient(ada, adapter), poll.id, 'zh-CN');
    await waitUntil(() => text($(el, '.hint')) === '请选择一项。', 'the zh-CN table did not load');
    expect(text($(el, '[part~="meta"]'))).to.include('还没有投票');
    expect(text($(el, '[part~="countdown"]'))).to.equal('2小时后截止');
    expect(text($(el, '[part~="submit"]'))).to.equal('投票');
    el.setAttribute('lang', 'zh-TW');
    await waitUntil(() => text($(el, '.hint')) === '請選擇一項。');
    expect(text($(el, '[part~="meta"]'))).to.include('尚無投票');
    el.setAttribute('lang', 'en');
    await waitUntil(() => text($(el, '[part~="countdown"]')) === 'Closes in 2 hours');
  });

  it('reloads itself when the deadline passes, since no event announces it', async () => {
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { closesAt: new Date(Date.now() + 1500).toISOString() });
    const el = await mount(testClient(ada, adapter), poll.id);
    expect($(el, '[part~="form"]')).to.exist;
    expect(text($(el, '[part~="countdown"]'))).to.match(/^Closes in \d second/);
    await waitUntil(() => el.view?.poll.closed, 'the widget did not reload at the deadline', { timeout: 6000 });
    await el.updateComplete;
    expect($(el, '[part~="form"]')).to.not.exist;
  });
});

describe('<community-poll allow-create>', () => {
  /** Opens the New poll form of a moderator's widget with no poll yet. */
  async function openCreate(adapter: TestAdapter = testAdapter(), lang = 'en'): Promise<{ el: CommunityPoll; form: HTMLFormElement }> {
    const el = await fixture<CommunityPoll>(html`<community-poll .client=${testClient(mod, adapter)} allow-create lang=${lang}></community-poll>`);
    await waitUntil(() => $(el, '[data-action="new"]'), 'no New poll for a moderator');
    $(el, '[data-action="new"]')!.click();
    await waitUntil(() => $(el, '[part~="create"]'));
    await el.updateComplete;
    return { el, form: $<HTMLFormElement>(el, '[part~="create"]')! };
  }

  /** Sets a control's value as typing or picking would, and lets the widget render. */
  async function set(el: CommunityPoll, control: HTMLInputElement | HTMLSelectElement | null, value: string | boolean): Promise<void> {
    expect(control, 'no such control').to.exist;
    if (typeof value === 'boolean') (control as HTMLInputElement).checked = value;
    else control!.value = value;
    control!.dispatchEvent(new Event(control instanceof HTMLSelectElement || typeof value === 'boolean' ? 'change' : 'input', { bubbles: true, composed: true }));
    await el.updateComplete;
  }

  const field = (el: CommunityPoll, label: string) => {
    const target = $$<HTMLLabelElement>(el, '[part~="create"] label').find((l) => text(l).startsWith(label));
    expect(target, `no field labelled ${label}`).to.exist;
    return (target!.control ?? target!.querySelector('input')) as HTMLInputElement | HTMLSelectElement;
  };
  const optionInputs = (el: CommunityPoll) => $$<HTMLInputElement>(el, '[part~="create-option"] input');
  const optionValues = (el: CommunityPoll) => optionInputs(el).map((input) => input.value);
  /** A datetime-local value (the viewer's own clock) `ms` from now. */
  const localTime = (ms: number) => {
    const at = new Date(Date.now() + ms);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
  };

  it('lets a moderator create a poll in place, which it then shows', async () => {
    const adapter = testAdapter();
    const { el, form } = await openCreate(adapter);
    expect(el.shadowRoot!.activeElement, 'focus did not move into the form').to.equal(field(el, 'Question'));
    await sendKeys({ type: 'Pick a colour' });
    const [first, second] = optionInputs(el);
    await set(el, first!, 'Red');
    await set(el, second!, 'Blue');
    await expect(el).to.be.accessible();
    form.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => text($(el, '[part~="question"]')) === 'Pick a colour', 'the new poll is not shown');
    expect(el.poll).to.be.a('string').and.not.equal('');
    expect($$(el, 'input[type="radio"]').length).to.equal(2);
    expect(text($(el, '[part~="meta"]'))).to.include('No votes yet');
  });

  it('builds a multiple-choice poll with options added, removed and reordered, picks, closing time, visibility, public voters and fixed ballots', async () => {
    const adapter = testAdapter();
    const { el, form } = await openCreate(adapter);
    await set(el, field(el, 'Question'), 'Which snacks?');
    await set(el, field(el, 'Kind'), 'multiple');
    expect(text(form)).to.include('Fewest choices');
    for (const [i, label] of ['Crisps', 'Nuts'].entries()) await set(el, optionInputs(el)[i]!, label);
    // Add two more, then drop one: Remove is offered for every row while more than two remain.
    $(el, '[data-action="add-option"]')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement, 'focus did not go to the new option').to.equal(optionInputs(el)[2]);
    await sendKeys({ type: 'Fruit' });
    $(el, '[data-action="add-option"]')!.click();
    await el.updateComplete;
    await sendKeys({ type: 'Olives' });
    expect(optionValues(el)).to.deep.equal(['Crisps', 'Nuts', 'Fruit', 'Olives']);
    $(el, '[part~="create-option"][data-index="1"] [data-action="remove-option"]')!.click();
    await el.updateComplete;
    expect(optionValues(el)).to.deep.equal(['Crisps', 'Fruit', 'Olives']);
    // Reorder: Fruit up with its button, then Olives up with Alt+Up from its input.
    const up = $<HTMLButtonElement>(el, '[part~="create-option"][data-index="1"] [data-move="up"]')!;
    expect(up.getAttribute('aria-label')).to.equal('Move option 2 up');
    up.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(optionValues(el)).to.deep.equal(['Fruit', 'Crisps', 'Olives']);
    // At the top its Move up is disabled, so focus went to its input.
    expect(el.shadowRoot!.activeElement).to.equal(optionInputs(el)[0]);
    await waitUntil(() => text($(el, '[part~="create"] [role="status"]')) === 'Option moved to position 1.');
    optionInputs(el)[2]!.focus();
    await pressWith('Alt', 'ArrowUp');
    await el.updateComplete;
    expect(optionValues(el)).to.deep.equal(['Fruit', 'Olives', 'Crisps']);
    expect(el.shadowRoot!.activeElement).to.equal(optionInputs(el)[1]);

    await set(el, field(el, 'Fewest choices'), '1');
    await set(el, field(el, 'Most choices'), '2');
    const closesAt = localTime(2 * 86_400_000 + 3600_000);
    await set(el, field(el, 'Closes at'), closesAt);
    await set(el, field(el, 'Who sees the results'), 'after_vote');
    await set(el, field(el, 'Voters'), 'public');
    await set(el, field(el, 'Voters may change'), false);
    await expect(el).to.be.accessible();
    form.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => text($(el, '[part~="question"]')) === 'Which snacks?', 'the new poll is not shown');

    const { poll } = await adapter.polls!.getPoll({ pollId: el.poll! }, { viewer: mod });
    expect(poll.type).to.equal('multiple');
    expect(poll.options.map((o) => o.label)).to.deep.equal(['Fruit', 'Olives', 'Crisps']);
    expect([poll.minPicks, poll.maxPicks]).to.deep.equal([1, 2]);
    expect(poll.closesAt).to.equal(new Date(closesAt).toISOString());
    expect(poll.resultsVisibility).to.equal('after_vote');
    expect(poll.voters).to.equal('public');
    expect(poll.allowChange).to.equal(false);
    // What the widget shows of it: the range to pick and the countdown; a member sees the results hidden.
    expect(text($(el, '.hint'))).to.equal('Choose 1 to 2.');
    expect(text($(el, '[part~="countdown"]'))).to.equal('Closes in 2 days');
    const member = await mount(testClient(ada, adapter), el.poll!);
    expect($(member, '[data-hidden="after_vote"]')).to.exist;
  });

  it('builds a rating poll on its own scale', async () => {
    const adapter = testAdapter();
    const { el, form } = await openCreate(adapter);
    await set(el, field(el, 'Question'), 'How loud was it?');
    await set(el, field(el, 'Kind'), 'rating');
    expect($(el, '[part~="create-option"]'), 'a rating poll offered options').to.not.exist;
    await set(el, field(el, 'From'), '0');
    await set(el, field(el, 'To'), '10');
    await set(el, field(el, 'Step'), '2');
    form.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => text($(el, '[part~="question"]')) === 'How loud was it?');
    expect(el.view!.poll.scale).to.deep.equal({ min: 0, max: 10, step: 2 });
    expect($$(el, 'input[name="rating"]').map((input) => (input as HTMLInputElement).value)).to.deep.equal(['0', '2', '4', '6', '8', '10']);
  });

  it('shows each of the backend’s validation messages beside its field, and creates once they are fixed', async () => {
    const adapter = testAdapter();
    const { el, form } = await openCreate(adapter);
    await set(el, field(el, 'Kind'), 'rating');
    await set(el, field(el, 'Step'), '0');
    form.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="field-error"]'), 'no message beside a field');
    const question = field(el, 'Question') as HTMLInputElement;
    const step = field(el, 'Step') as HTMLInputElement;
    const messageOf = (control: Element) => text(el.shadowRoot!.getElementById(control.getAttribute('aria-describedby')!));
    expect(question.getAttribute('aria-invalid')).to.equal('true');
    expect(messageOf(question)).to.equal('Ask a question.');
    expect(step.getAttribute('aria-invalid')).to.equal('true');
    expect(messageOf(step)).to.equal('The step must be above 0.');
    expect(text(form.querySelector('[role="alert"]'))).to.equal('Please correct the fields marked below.');
    expect(el.shadowRoot!.activeElement, 'focus did not go to the first field to fix').to.equal(question);
    await expect(el).to.be.accessible();

    // Fixing a field clears its message; the other stays until it is fixed too.
    await set(el, question, 'Rate the talk');
    expect(question.hasAttribute('aria-invalid')).to.equal(false);
    expect(step.getAttribute('aria-invalid')).to.equal('true');
    await set(el, step, '1');
    form.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => text($(el, '[part~="question"]')) === 'Rate the talk');
    expect(el.poll).to.be.a('string').and.not.equal('');
  });

  it('puts an option’s message on that option, even with blank rows left out', async () => {
    const adapter = testAdapter();
    const { el, form } = await openCreate(adapter);
    await set(el, field(el, 'Question'), 'Colours?');
    $(el, '[data-action="add-option"]')!.click();
    await el.updateComplete;
    // Red, (blank), Red: the backend sees two options and names its second.
    await set(el, optionInputs(el)[0]!, 'Red');
    await set(el, optionInputs(el)[2]!, 'Red');
    form.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="field-error"]'));
    const invalid = optionInputs(el).map((input) => input.getAttribute('aria-invalid'));
    expect(invalid).to.deep.equal([null, null, 'true']);
    expect(text($(el, '[part~="create-option"][data-index="2"] [part~="field-error"]'))).to.equal('This option repeats option 1.');
    expect(el.poll).to.equal(undefined);
    // The message follows its option when the rows move.
    optionInputs(el)[2]!.focus();
    await pressWith('Alt', 'ArrowUp');
    await el.updateComplete;
    expect(optionInputs(el).map((input) => input.getAttribute('aria-invalid'))).to.deep.equal([null, 'true', null]);
  });

  it('shows the backend’s reason when the poll is refused for another reason', async () => {
    const adapter = testAdapter();
    adapter.override('polls.createPoll', () => async () => {
      throw new HearthError('forbidden', 'Only staff may create polls.');
    });
    const { el, form } = await openCreate(adapter);
    await set(el, field(el, 'Question'), 'Anything?');
    await set(el, optionInputs(el)[0]!, 'Yes');
    await set(el, optionInputs(el)[1]!, 'No');
    form.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitUntil(() => text($(el, '[part~="create"] [part~="error"]')) !== '');
    expect(text($(el, '[part~="create"] [part~="error"]'))).to.equal('You are not allowed to do that in this poll.');
    expect($(el, '[part~="field-error"]')).to.not.exist;
    expect(el.poll).to.equal(undefined);
  });

  it('speaks Chinese in the form', async () => {
    const { el, form } = await openCreate(testAdapter(), 'zh-CN');
    expect(text(form.querySelector('h3'))).to.equal('新建投票');
    expect(text($(el, '[data-action="add-option"]'))).to.equal('添加选项');
    el.setAttribute('lang', 'zh-TW');
    await el.updateComplete;
    expect(text(form.querySelector('h3'))).to.equal('新增投票');
  });

  it('offers members nothing to create and says the poll is missing', async () => {
    const el = await fixture<CommunityPoll>(html`<community-poll .client=${testClient(ada)} allow-create></community-poll>`);
    await waitUntil(() => $(el, '[role="alert"]')?.textContent?.includes('set the poll attribute'));
    expect($(el, '[data-action="new"]')).to.not.exist;
  });
});

describe('<community-poll> the lazy part (actions) and its download', () => {
  const real = pollChunks.actions;
  let downloads = 0;
  afterEach(() => {
    pollChunks.actions = real;
  });

  /** Mounts the widget narrow, with the mouse to its side: a widget drawn under the pointer hears pointerenter. */
  async function mountAside(client: CommunityClient, pollId: string): Promise<CommunityPoll> {
    await sendMouse({ type: 'move', position: [780, 10] });
    const el = await fixture<CommunityPoll>(html`<community-poll style="width: 300px" .client=${client} poll=${pollId} lang="en"></community-poll>`);
    await loaded(el);
    return el;
  }

  /** Counts downloads; `gate`, when given, holds each one until it resolves. */
  function watch(gate?: Promise<void>): void {
    downloads = 0;
    pollChunks.actions = () => {
      downloads++;
      return gate ? gate.then(real) : real();
    };
  }

  it('renders the resting look of a choice poll without it, and fetches it on the first sign of intent', async () => {
    watch();
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    await adapter.polls!.vote({ pollId: poll.id, choices: [poll.options[0]!.id] }, { viewer: bob });
    const el = await mountAside(testClient(ada, adapter), poll.id);
    expect(downloads, 'the resting look downloaded the actions').to.equal(0);
    expect($$(el, 'input[type="radio"]').length).to.equal(3);
    expect(text($(el, '.hint'))).to.equal('Choose one.');
    expect(results(el)[0]).to.equal('Berlin 1 vote, 100%');
    $(el, '[part~="base"]')!.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    expect(downloads).to.equal(1);
    // Focus inside fetches nothing more once they are in.
    $<HTMLInputElement>(el, 'input[type="radio"]')!.focus();
    await el.updateComplete;
    expect(downloads).to.equal(1);
  });

  it('keeps a pick made before the download arrived, and votes with it', async () => {
    let open!: () => void;
    watch(new Promise<void>((resolve) => (open = resolve)));
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    const el = await mountAside(testClient(ada, adapter), poll.id);
    $$<HTMLInputElement>(el, 'input[type="radio"]')[2]!.click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(downloads).to.equal(1);
    expect($<HTMLButtonElement>(el, '[part~="submit"]')!.disabled, 'Vote is enabled before the validation is in').to.equal(true);
    open();
    await el.updateComplete;
    expect($$<HTMLInputElement>(el, 'input[type="radio"]')[2]!.checked).to.equal(true);
    expect($<HTMLButtonElement>(el, '[part~="submit"]')!.disabled, 'the early pick was lost').to.equal(false);
    const voted = oneEvent(el, 'community-vote') as Promise<CommunityVoteEvent>;
    $(el, '[part~="submit"]')!.click();
    expect((await voted).detail.view.viewerBallot!.choices).to.deep.equal([poll.options[2]!.id]);
  });

  it('a failed download shows the error with a Retry that brings the missing parts', async () => {
    pollChunks.actions = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const adapter = testAdapter();
    const poll = await createPoll(adapter, { closesAt: new Date(Date.now() + 3 * 3600_000 + 60_000).toISOString() });
    const el = await mountAside(testClient(ada, adapter), poll.id);
    await waitUntil(() => $(el, '[role="alert"] [data-action="retry"]'), 'no Retry after the download failed');
    expect(text($(el, '[role="alert"] [part~="error"]'))).to.equal('The poll could not be loaded. Retry');
    expect($(el, '[part~="countdown"]')).to.not.exist;
    // The resting look stays usable to read.
    expect(text($(el, '[part~="question"]'))).to.equal('Where should the meetup be?');
    await expect(el).to.be.accessible();
    watch();
    $(el, '[data-action="retry"]')!.click();
    await waitUntil(() => $(el, '[part~="countdown"]'), 'Retry did not bring the countdown');
    expect(text($(el, '[part~="countdown"]'))).to.equal('Closes in 3 hours');
    expect($(el, '[data-action="retry"]')).to.not.exist;
    expect(downloads).to.equal(1);
  });

  it('a failed download behind a click says so too, and the next click works', async () => {
    pollChunks.actions = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const adapter = testAdapter();
    const poll = await createPoll(adapter);
    const el = await mountAside(testClient(ada, adapter), poll.id);
    const radios = $$<HTMLInputElement>(el, 'input[type="radio"]');
    radios[0]!.click();
    await waitUntil(() => $(el, '[role="alert"] [data-action="retry"]'), 'no Retry after the download failed');
    watch();
    radios[1]!.click();
    await el.updateComplete;
    expect(downloads).to.equal(1);
    expect(!!$(el, '[data-action="retry"]'), 'the error outlived the download').to.equal(false);
    expect($<HTMLButtonElement>(el, '[part~="submit"]')!.disabled, 'the pick after the failure was lost').to.equal(false);
  });

  it('tells the page once that the poll attribute is missing', async () => {
    const errors: CommunityErrorEvent[] = [];
    const el = document.createElement('community-poll');
    el.addEventListener('community-error', (e) => errors.push(e));
    el.client = testClient(ada);
    document.body.append(el);
    try {
      await waitUntil(() => errors.length > 0, 'no community-error');
      el.requestUpdate();
      await el.updateComplete;
      expect(errors.length).to.equal(1);
      expect(errors[0]!.detail.error.code).to.equal('validation');
      expect(errors[0]!.detail.error.message).to.equal('No poll to show: set the poll attribute to a poll id.');
    } finally {
      el.remove();
    }
  });
});
