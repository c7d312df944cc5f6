import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { CommunityClient } from '@hearth/client';
import type { BackendAdapter, Member, Viewer } from '@hearth/protocol';
import { bob, testAdapter, testClient, type TestAdapter } from '../test-support/test-adapter.js';
import { waitUntil } from '../test-support/wait.js';
import type { CommunityMemberChip } from './member-chip.js';
import './define.js';

const owner: Viewer = { id: 'olga', displayName: 'Olga Owner', role: 'owner' };
const mia: Viewer = { id: 'mia', displayName: 'Mia Mod', role: 'moderator' };

const asMember = (viewer: Viewer): Member => ({ id: viewer.id, displayName: viewer.displayName, avatarUrl: null, role: viewer.role ?? 'member' });
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = (el: CommunityMemberChip, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: CommunityMemberChip, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const button = (el: CommunityMemberChip) => $(el, 'button[part~="base"]') as HTMLButtonElement;
const card = (el: CommunityMemberChip) => $(el, '[part~="card"]')!;
const isOpen = (el: CommunityMemberChip) => card(el).matches(':popover-open');
const cardText = (el: CommunityMemberChip) => text(card(el).shadowRoot?.querySelector('[part~="card-body"]'));

/** Bob: a feed post (the First Post badge), a comment and 60 points more: level 2, Regular; titled. */
async function seed(adapter: BackendAdapter): Promise<void> {
  await adapter.createComment({ threadKey: '/t', body: 'Hello', idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer: bob });
  await adapter.feed!.createPost({ space: 'general', body: 'My first post', idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer: bob });
  await adapter.gamification!.adjustPoints({ memberId: 'bob', delta: 60, reason: 'Award', idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer: owner });
  await adapter.members!.setTitle({ memberId: 'bob', title: 'Night Owl' }, { viewer: owner });
  await adapter.createComment({ threadKey: '/t', body: 'Moderating', idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer: mia });
}

async function mount(client: CommunityClient, member: Member, { compact = false, lang = 'en', scheme = 'light' } = {}) {
  const host = await fixture<HTMLElement>(html`<div lang=${lang} style="color-scheme: ${scheme}; background: Canvas; color: CanvasText; padding: 1rem">
    <community-member-chip .client=${client} .member=${member} ?compact=${compact}></community-member-chip>
  </div>`);
  const el = host.querySelector('community-member-chip')!;
  await el.updateComplete;
  return el;
}

const loaded = (el: CommunityMemberChip) => waitUntil(() => $(el, '[part~="level"]'), 'the level did not show');

describe('<community-member-chip>', () => {
  let adapter: TestAdapter;
  let client: CommunityClient;
  beforeEach(async () => {
    adapter = testAdapter();
    await seed(adapter);
    client = testClient(null, adapter);
  });

  it('shows the avatar, the name, and the level, title and badges from the backend', async () => {
    const el = await mount(client, asMember(bob));
    await loaded(el);
    expect(text($(el, '[part~="name"]'))).to.equal('Bob');
    expect(text($(el, '[part~="avatar"]'))).to.equal('B');
    expect(text($(el, '[part~="level"]'))).to.equal('Regular');
    expect(text($(el, '[part~="title"]'))).to.equal('Night Owl');
    expect($$(el, '[part~="badge"]').map(text)).to.deep.equal(['First Post']);
    expect($(el, '[part~="role"]')).to.equal(null);
  });

  it('labels staff with their role, in the host’s language', async () => {
    const el = await mount(client, asMember(mia), { lang: 'zh-CN' });
    await loaded(el);
    expect(text($(el, '[part~="role"]'))).to.equal('版主');
    expect(text($(el, '[part~="level"]'))).to.equal('新手');
    (el.parentElement as HTMLElement).lang = 'zh-TW';
    await waitUntil(() => text($(el, '[part~="role"]')) === '版主' && $(el, '[part~="level"]'), 'zh-TW');
    (el.parentElement as HTMLElement).lang = 'en';
    await waitUntil(() => text($(el, '[part~="role"]')) === 'Moderator', `still ${text($(el, '[part~="role"]'))}`);
  });

  it('names badges in Chinese once the catalogue arrives', async () => {
    const el = await mount(client, asMember(bob), { lang: 'zh-CN' });
    await waitUntil(() => $$(el, '[part~="badge"]').map(text).join() === '初次发帖', 'badge not named in Chinese');
    expect(text($(el, '[part~="level"]'))).to.equal('常客');
  });

  it('keeps the level line while the card loads, so nothing moves when it arrives', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    adapter.override('members.getCard', (original) => async (...args: unknown[]) => {
      await held;
      return original(...args);
    });
    const el = await mount(client, asMember(bob));
    await waitUntil(() => $(el, '[part~="meta"]'), 'no line kept for the level');
    expect(text($(el, '[part~="name"]'))).to.equal('Bob');
    expect(text($(el, '[part~="meta"]'))).to.equal('');
    const before = button(el).getBoundingClientRect().height;
    expect($(el, '[part~="meta"]')!.getBoundingClientRect().height).to.be.greaterThan(0);
    release();
    await loaded(el);
    expect(button(el).getBoundingClientRect().height).to.equal(before);
  });

  it('makes one request for thirty chips of one member', async () => {
    const host = await fixture<HTMLElement>(html`<div lang="en">
      ${Array.from({ length: 30 }, () => html`<community-member-chip .client=${client} .member=${asMember(bob)}></community-member-chip>`)}
    </div>`);
    const chips = [...host.querySelectorAll('community-member-chip')];
    await waitUntil(() => chips.every((chip) => $(chip, '[part~="level"]')), 'not every chip showed the level');
    expect(adapter.calls['members.getCard']).to.equal(1);
    expect(adapter.activeSubscriptions).to.equal(1);
    host.remove();
    expect(adapter.activeSubscriptions).to.equal(0);
  });

  it('asks for nothing when compact until the card is opened', async () => {
    const el = await mount(client, asMember(bob), { compact: true });
    expect(text($(el, '[part~="name"]'))).to.equal('Bob');
    expect($(el, '[part~="meta"]')).to.equal(null);
    expect(adapter.calls['members.getCard'] ?? 0).to.equal(0);
    button(el).click();
    await waitUntil(() => /Regular/.test(cardText(el)), 'the card did not load');
    expect(adapter.calls['members.getCard']).to.equal(1);
  });

  it('opens the member card with Enter and closes it with Escape, focus back on the chip', async () => {
    const el = await mount(client, asMember(bob));
    await loaded(el);
    button(el).focus();
    expect(button(el).getAttribute('aria-haspopup')).to.equal('dialog');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => isOpen(el) && /Night Owl/.test(cardText(el)), 'Enter did not open the card');
    expect(card(el).getAttribute('role')).to.equal('dialog');
    expect(card(el).getAttribute('aria-label')).to.equal('Bob');
    expect(button(el).getAttribute('aria-expanded')).to.equal('true');
    const shown = cardText(el);
    // Lifetime points (2 + 10 for the post + 60), level with the way to the next, badges, joined, streak.
    expect(shown).to.contain('Points');
    expect(shown).to.match(/\d+ points/);
    expect(shown).to.contain('Regular (level 2)');
    expect(shown).to.match(/points to Contributor/);
    expect(shown).to.contain('First Post');
    expect(shown).to.contain('Joined');
    expect(shown).to.contain('Check-in streak');
    expect(card(el).shadowRoot!.querySelector('progress')).to.exist;
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !isOpen(el), 'Escape did not close the card');
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    expect(button(el).getAttribute('aria-expanded')).to.equal('false');
    await sendKeys({ press: 'Space' });
    await waitUntil(() => isOpen(el), 'Space did not open the card');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !isOpen(el), 'Escape did not close the card');
  });

  it('closes on a click outside, focus back on the chip', async () => {
    const el = await mount(client, asMember(bob));
    await loaded(el);
    button(el).click();
    await waitUntil(() => isOpen(el) && cardText(el), 'the card did not open');
    const chip = button(el).getBoundingClientRect();
    const box = card(el).getBoundingClientRect();
    // Anchored to the chip: just below it (or above when there is no room), near its left edge.
    expect(Math.abs(box.top - chip.bottom) < 10 || Math.abs(box.bottom - chip.top) < 10).to.equal(true);
    await sendMouse({ type: 'click', position: [Math.round(innerWidth - 5), Math.round(innerHeight - 5)] });
    await waitUntil(() => !isOpen(el), 'an outside click did not close the card');
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
  });

  it('shows the card in Chinese', async () => {
    const el = await mount(client, asMember(bob), { lang: 'zh-TW' });
    await loaded(el);
    button(el).click();
    await waitUntil(() => /積分/.test(cardText(el)) && /初次發文/.test(cardText(el)), `not in Chinese: ${cardText(el)}`);
    expect(cardText(el)).to.contain('常客');
  });

  it('shows only the name when the backend has no member cards', async () => {
    adapter.override('members.getCard', () => async () => {
      throw new Error('nope');
    });
    const el = await mount(client, asMember(bob));
    await waitUntil(() => !$(el, '[part~="meta"]'), 'the empty line stayed');
    expect(text(button(el))).to.equal('B Bob');
  });

  for (const scheme of ['light', 'dark']) {
    it(`passes axe in ${scheme}, closed and open`, async () => {
      const el = await mount(client, asMember(mia), { scheme });
      const other = document.createElement('community-member-chip');
      Object.assign(other, { client, member: asMember(bob) });
      el.after(other);
      await loaded(el);
      await waitUntil(() => $(other, '[part~="badge"]'), 'bob did not load');
      await expect(el.parentElement).to.be.accessible();
      button(other).click();
      await waitUntil(() => isOpen(other) && /Night Owl/.test(cardText(other)), 'the card did not open');
      await expect(el.parentElement).to.be.accessible();
    });
  }
});
