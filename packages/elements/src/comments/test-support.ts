// Shared by the comments tests only (not exported from the package): fixtures over a
// fresh, unpersisted memory adapter per test. The adapter wrapper itself is shared by every
// widget's tests and lives in ../test-support/.
import type { BackendAdapter, Viewer } from '@hearth/protocol';
import type { CommunityClient } from '@hearth/client';
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from '../test-support/wait.js';
import type { CommunityComments } from './comments.js';
import './define.js';

export { ada, bob, mod, testAdapter, testClient, type TestAdapter } from '../test-support/test-adapter.js';

/** Posts through the adapter directly, as someone else on another device would. */
export async function seedComment(
  adapter: BackendAdapter,
  viewer: Viewer,
  threadKey: string,
  body: string,
  parentId?: string,
) {
  return adapter.createComment(
    { threadKey, body, parentId: parentId ?? null, idempotencyKey: `seed-${crypto.randomUUID()}` },
    { viewer },
  );
}

/** Mounts a widget on `client` and waits until its first load finished. */
export async function mount(client: CommunityClient, thread = '/t', extra?: (el: CommunityComments) => void) {
  const el = await fixture<CommunityComments>(html`<community-comments .client=${client} thread=${thread}></community-comments>`);
  extra?.(el);
  await loaded(el);
  return el;
}

export async function loaded(el: CommunityComments): Promise<void> {
  await waitUntil(() => el.shadowRoot?.querySelector('.skeleton') === null && !!el.shadowRoot?.querySelector('h2'), 'widget did not load');
  await el.updateComplete;
}

export function $(el: CommunityComments, selector: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(selector);
}

export function $$(el: CommunityComments, selector: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
}

/** The comment article whose body contains `text`. */
export function commentWith(el: CommunityComments, text: string): HTMLElement | undefined {
  return $$(el, 'article[part~="comment"]').find((a) => a.textContent?.includes(text));
}

/** Types into a textarea the way a person does (value plus an input event). */
export function typeInto(field: HTMLTextAreaElement | HTMLInputElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
