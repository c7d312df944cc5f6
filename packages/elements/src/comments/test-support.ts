// Shared by the comments tests only (not exported from the package): fixtures over a
// fresh, unpersisted memory adapter per test, and an adapter wrapper that can fail calls
// and count realtime subscriptions.
import { createCommunityClient, type CommunityClient } from '@hearth/client';
import { createMemoryAdapter, type MemoryAdapterOptions } from '@hearth/adapter-memory';
import type { BackendAdapter, Viewer } from '@hearth/protocol';
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { CommunityComments } from './comments.js';
import './define.js';

export const ada: Viewer = { id: 'ada', displayName: 'Ada Lovelace', role: 'member' };
export const bob: Viewer = { id: 'bob', displayName: 'Bob', role: 'member' };
export const mod: Viewer = { id: 'mia', displayName: 'Mia Mod', role: 'moderator' };

/** A memory adapter wrapped so tests can override calls and count live subscriptions. */
export interface TestAdapter extends BackendAdapter {
  /** Realtime subscriptions not yet unsubscribed. */
  readonly activeSubscriptions: number;
  /** Calls per method name. */
  readonly calls: Record<string, number>;
  /** Replace a method; the original is passed in. */
  override<K extends keyof BackendAdapter>(method: K, impl: (original: BackendAdapter[K]) => BackendAdapter[K]): void;
}

export function testAdapter(options: MemoryAdapterOptions = {}): TestAdapter {
  const inner = createMemoryAdapter(options);
  const overrides: Partial<Record<keyof BackendAdapter, unknown>> = {};
  const calls: Record<string, number> = {};
  let active = 0;
  const call =
    <K extends keyof BackendAdapter>(method: K) =>
    (...args: unknown[]) => {
      calls[method] = (calls[method] ?? 0) + 1;
      const fn = (overrides[method] ?? (inner[method] as unknown as (...a: unknown[]) => unknown)) as (
        ...a: unknown[]
      ) => unknown;
      return fn(...args);
    };
  const adapter = {
    name: inner.name,
    capabilities: inner.capabilities,
    getSession: call('getSession'),
    getThread: call('getThread'),
    listComments: call('listComments'),
    createComment: call('createComment'),
    editComment: call('editComment'),
    deleteComment: call('deleteComment'),
    hideComment: call('hideComment'),
    unhideComment: call('unhideComment'),
    toggleReaction: call('toggleReaction'),
    subscribe(channel: string, listener: Parameters<BackendAdapter['subscribe']>[1]) {
      active++;
      const off = inner.subscribe(channel, listener);
      let done = false;
      return () => {
        if (!done) active--;
        done = true;
        off();
      };
    },
    get activeSubscriptions() {
      return active;
    },
    calls,
    override(method: keyof BackendAdapter, impl: (original: never) => unknown) {
      const original = (inner[method] as (...a: unknown[]) => unknown).bind(inner);
      overrides[method] = impl(original as never);
    },
  };
  return adapter as unknown as TestAdapter;
}

export function testClient(viewer: Viewer | null = ada, adapter: BackendAdapter = testAdapter()): CommunityClient {
  return createCommunityClient({ adapter, viewer });
}

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
