import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { CommunityClient } from '@hearth/client';
import { HearthError, REPORT_REASONS, type BackendAdapter, type Member, type Viewer } from '@hearth/protocol';
import type { CommunityErrorEvent } from '../events/error-event.js';
import { ada, bob, mod, testAdapter, testClient, type TestAdapter } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import type { CommunityContentMenu, ContentState } from './content-menu.js';
import type { CommunityModerateEvent, CommunityReportEvent } from './moderation-events.js';
import './define.js';
import '../comments/define.js';

const admin: Viewer = { id: 'al', displayName: 'Al Admin', role: 'admin' };

async function seed(adapter: BackendAdapter, viewer: Viewer, body = 'Some comment') {
  return adapter.createComment({ threadKey: '/t', body, parentId: null, idempotencyKey: crypto.randomUUID() }, { viewer });
}

/** A menu on a comment `viewer` sees, once the session said who they are. */
async function menuOn(client: CommunityClient, post: { id: string; author: Member; status?: string }, state: ContentState = {}, lang?: string) {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang ?? 'en'}>
    <community-content-menu .client=${client} .target=${{ type: 'comment', id: post.id }} .author=${post.author} .state=${{ status: post.status, ...state }}></community-content-menu>
  </div>`);
  const el = wrapper.querySelector('community-content-menu')!;
  await waitUntil(() => client.session().getSnapshot().status === 'success', 'no session');
  await el.updateComplete;
  return el;
}

const $ = (el: CommunityContentMenu, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: CommunityContentMenu, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const items = (el: CommunityContentMenu) => $$(el, '[role="menuitem"]').map(text);

async function open(el: CommunityContentMenu) {
  $(el, '[part~="base"]')!.click();
  await waitUntil(() => $(el, '[role="menu"]'), 'menu did not open');
  await el.updateComplete;
}

async function choose(el: CommunityContentMenu, item: string) {
  $(el, `[data-item="${item}"]`)!.click();
  await el.updateComplete;
}

function typeInto(field: HTMLTextAreaElement, value: string) {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('<community-content-menu>', () => {
  it('shows a labelled menu button to members on others’ content, and nothing to anonymous viewers or on own content', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    const member = await menuOn(testClient(ada, adapter), post);
    const button = $(member, '[part~="base"]')!;
    expect(button.getAttribute('aria-haspopup')).to.equal('menu');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.getAttribute('aria-label')).to.equal('More actions');

    const anonymous = await menuOn(testClient(null, adapter), post);
    expect($(anonymous, 'button')).to.equal(null);
    const own = await menuOn(testClient(bob, adapter), post);
    expect($(own, 'button')).to.equal(null);
  });

  it('lets a member report a comment with a reason and a note; the backend holds the report', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    const el = await menuOn(testClient(ada, adapter), post);
    await open(el);
    expect(items(el)).to.deep.equal(['Report…']);
    await choose(el, 'report');
    const radios = $$(el, 'input[name="reason"]') as HTMLInputElement[];
    expect(radios.map((r) => r.value)).to.deep.equal([...REPORT_REASONS]);
    expect(el.shadowRoot!.activeElement).to.equal(radios[0]);
    const send = $(el, 'form [type="submit"]') as HTMLButtonElement;
    expect(send.disabled).to.equal(true);
    radios[1]!.click();
    typeInto($(el, '#note') as HTMLTextAreaElement, 'Sells shoes');
    await el.updateComplete;
    const reported = oneEvent(document, 'community-report') as Promise<CommunityReportEvent>;
    send.click();
    const event = await reported;
    expect(event.composed && event.bubbles).to.equal(true);
    expect(event.detail.receipt).to.include({ reason: 'ad', note: 'Sells shoes', status: 'open' });
    await waitUntil(() => text($(el, '.done')) === 'Thanks — moderators will look at it.', 'no thanks');
    expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('close');
    const held = await adapter.moderation!.listReports({ target: { type: 'comment', id: post.id } }, { viewer: mod });
    expect(held.items.map((r) => [r.reporter.id, r.reason, r.note])).to.deep.equal([['ada', 'ad', 'Sells shoes']]);
  });

  it('says clearly when the member had reported it before', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    await adapter.moderation!.report({ target: { type: 'comment', id: post.id }, reason: 'spam' }, { viewer: ada });
    const el = await menuOn(testClient(ada, adapter), post);
    await open(el);
    await choose(el, 'report');
    ($$(el, 'input[name="reason"]')[2] as HTMLInputElement).click();
    await el.updateComplete;
    ($(el, 'form [type="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '.done'), 'no answer');
    expect(text($(el, '.done'))).to.match(/^You already reported this on .+ as “Spam”\. Moderators will look at it\.$/);
  });

  it('lets a moderator hide a member’s comment; it shows hidden in the thread and the menu offers Restore', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob, 'Buy cheap shoes');
    const client = testClient(mod, adapter);
    const thread = await fixture(html`<community-comments .client=${client} thread="/t"></community-comments>`);
    await waitUntil(() => thread.shadowRoot!.querySelector('article'), 'thread did not load');
    const el = await menuOn(client, post);
    await open(el);
    expect(items(el)).to.deep.equal(['Report…', 'Hide', 'Delete…', 'Lock thread', 'Mute Bob…', 'Ban Bob…']);
    const moderated = oneEvent(el, 'community-moderate') as Promise<CommunityModerateEvent>;
    await choose(el, 'hide');
    const { detail } = await moderated;
    expect(detail.action).to.equal('hide');
    expect(detail.result).to.include({ status: 'hidden', changed: true });
    const page = await adapter.listComments({ threadKey: '/t' }, { viewer: mod });
    expect(page.items[0]!.status).to.equal('hidden');
    await waitUntil(() => text(thread.shadowRoot!.querySelector('article')).includes('Hidden'), 'thread did not show it hidden');
    // Closed, focus back on the button, the result announced.
    expect($(el, '[role="menu"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~="base"]'));
    await waitUntil(() => text($(el, '[role="status"]')) === 'Hidden.');
    await open(el);
    expect(items(el)).to.include('Restore');
  });

  it('gives a moderator no moderation actions on an admin’s content', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, admin);
    const el = await menuOn(testClient(mod, adapter), post);
    await open(el);
    expect(items(el)).to.deep.equal(['Report…']);
  });

  it('mutes the author for the chosen duration with a reason', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    const el = await menuOn(testClient(mod, adapter), post);
    await open(el);
    await choose(el, 'mute');
    expect(text($(el, 'h3'))).to.equal('Mute Bob');
    const durations = $$(el, 'input[name="duration"]') as HTMLInputElement[];
    expect(durations.map((d) => text(d.parentElement))).to.deep.equal(['1 day', '7 days', '30 days', 'Permanently']);
    durations[1]!.click();
    const submit = $(el, 'form [type="submit"]') as HTMLButtonElement;
    expect(submit.disabled).to.equal(true);
    typeInto($(el, '#why') as HTMLTextAreaElement, 'Flooding the thread');
    await el.updateComplete;
    const before = Date.now();
    const moderated = oneEvent(el, 'community-moderate') as Promise<CommunityModerateEvent>;
    submit.click();
    expect((await moderated).detail.action).to.equal('mute');
    const card = await adapter.members!.getCard({ memberId: 'bob' }, { viewer: mod });
    const until = Date.parse(card.mutedUntil!);
    expect(until).to.be.within(before + 7 * 86_400_000 - 5000, Date.now() + 7 * 86_400_000);
    await waitUntil(() => /^Bob is muted until .+\.$/.test(text($(el, '[role="status"]'))), 'not announced');
    const audit = await adapter.moderation!.listAudit({ action: 'mute' }, { viewer: mod });
    expect(audit.items[0]!.reason).to.equal('Flooding the thread');
  });

  it('deletes after a confirmation whose safe default is Cancel', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    const el = await menuOn(testClient(mod, adapter), post);
    await open(el);
    await choose(el, 'delete');
    expect(text($(el, '#title'))).to.equal('Delete this comment? This cannot be undone.');
    expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('cancel');
    $(el, '[data-action="confirm-delete"]')!.click();
    await waitUntil(async () => (await adapter.listComments({ threadKey: '/t' }, { viewer: mod })).items.length === 0, 'not deleted');
  });

  it('is keyboard complete: arrows move through the items, Escape closes and focus returns', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    const el = await menuOn(testClient(mod, adapter), post);
    const button = $(el, '[part~="base"]')!;
    button.focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => $(el, '[role="menu"]'));
    await el.updateComplete;
    const focused = () => el.shadowRoot!.activeElement?.getAttribute('data-item');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(focused()).to.equal('report');
    await sendKeys({ press: 'ArrowDown' });
    expect(focused()).to.equal('hide');
    await sendKeys({ press: 'End' });
    expect(focused()).to.equal('ban');
    await sendKeys({ press: 'ArrowDown' });
    expect(focused()).to.equal('report');
    await sendKeys({ press: 'ArrowUp' });
    expect(focused()).to.equal('ban');
    await sendKeys({ press: 'Home' });
    expect(focused()).to.equal('report');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '[role="menu"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    // Enter opens too; Escape from a form closes it as well.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused() === 'report');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, 'form'));
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, 'form')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    // ArrowUp opens on the last item.
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => focused() === 'ban');
  });

  it('shows a failed action in the menu and fires community-error', async () => {
    const adapter: TestAdapter = testAdapter();
    const post = await seed(adapter, bob);
    adapter.override('moderation.act', () => async () => {
      throw new HearthError('unavailable', 'Down.');
    });
    const el = await menuOn(testClient(mod, adapter), post);
    await open(el);
    const failed = oneEvent(el, 'community-error') as Promise<CommunityErrorEvent>;
    await choose(el, 'hide');
    const { detail } = await failed;
    expect(detail.error.code).to.equal('unavailable');
    expect(String(detail.action)).to.equal('moderate');
    await el.updateComplete;
    expect(text($(el, '[role="alert"]'))).to.equal('The community could not be reached. Try again.');
    expect($(el, '[role="menu"]')).to.exist;
  });

  it('speaks Simplified and Traditional Chinese', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    const cn = await menuOn(testClient(mod, adapter), post, {}, 'zh-CN');
    expect($(cn, '[part~="base"]')!.getAttribute('aria-label')).to.equal('更多操作');
    await open(cn);
    expect(items(cn)).to.deep.equal(['举报…', '隐藏', '删除…', '锁定讨论', '禁言 Bob…', '封禁 Bob…']);
    const tw = await menuOn(testClient(mod, adapter), post, {}, 'zh-TW');
    await open(tw);
    expect(items(tw)[0]).to.equal('檢舉…');
  });

  it('opens the report form wide enough that its labels do not wrap, and on screen whichever edge its button is at', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    const client = testClient(ada, adapter);
    const before = { width: innerWidth, height: innerHeight };
    /** One line of text: shorter than two lines of its font. */
    const oneLine = (node: HTMLElement) => node.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(node).fontSize);
    try {
      for (const [width, side] of [
        [1000, 'flex-end'],
        [1000, 'flex-start'],
        [260, 'flex-end'],
        [260, 'flex-start'],
      ] as const) {
        await setViewport({ width, height: 700 });
        const wrapper = await fixture<HTMLDivElement>(html`<div lang="en" style="display: flex; justify-content: ${side}">
          <community-content-menu .client=${client} .target=${{ type: 'comment', id: post.id }} .author=${post.author}></community-content-menu>
        </div>`);
        const el = wrapper.querySelector('community-content-menu')!;
        await waitUntil(() => $(el, '[part~="base"]'), 'no menu button');
        await open(el);
        const menu = $(el, '[part~="menu"]')!.getBoundingClientRect();
        // The list of actions stays compact.
        expect(menu.width, `${width}px: the menu list`).to.be.below(260);
        await choose(el, 'report');
        const form = $(el, '[part~="menu"]')!.getBoundingClientRect();
        const room = document.documentElement.clientWidth;
        expect(form.width, `${width}px: the report form's width`).to.be.at.least(Math.min(280, room - 32));
        expect(form.left, `${width}px ${side}: the form's left edge`).to.be.at.least(0);
        expect(form.right, `${width}px ${side}: the form's right edge`).to.be.at.most(room);
        if (width < 400) continue;
        for (const node of [$(el, 'legend')!, ...$$(el, 'fieldset label'), $(el, 'label[for="note"]')!]) {
          expect(oneLine(node), `“${text(node)}” wraps`).to.equal(true);
        }
      }
    } finally {
      await setViewport(before);
    }
  });

  it('passes axe in light and dark, with the menu and the report form open', async () => {
    const adapter = testAdapter();
    const post = await seed(adapter, bob);
    const el = await menuOn(testClient(mod, adapter), post);
    await expect(el).to.be.accessible();
    await open(el);
    await expect(el).to.be.accessible();
    await choose(el, 'report');
    await expect(el).to.be.accessible();
    el.style.colorScheme = 'dark';
    await expect(el).to.be.accessible();
  });
});
