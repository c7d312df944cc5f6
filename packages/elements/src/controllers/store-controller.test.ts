import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { StoreController, type SubscribableStore } from './store-controller.js';

class FakeStore<T> implements SubscribableStore<T> {
  listeners = new Set<(value: T) => void>();
  constructor(public value: T) {}
  getSnapshot(): T {
    return this.value;
  }
  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(value: T): void {
    this.value = value;
    for (const listener of this.listeners) listener(value);
  }
}

class StoreHost extends LitElement {
  readonly data = new StoreController<string>(this);
  override render() {
    return this.data.value ?? '(none)';
  }
}
customElements.define('store-controller-host', StoreHost);

describe('StoreController', () => {
  it('renders the store, re-renders on change and lets go when disconnected', async () => {
    const store = new FakeStore('one');
    const el = await fixture<StoreHost>(html`<store-controller-host></store-controller-host>`);
    el.data.setStore(store);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('one');
    store.set('two');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('two');
    el.remove();
    expect(store.listeners.size).to.equal(0);
    document.body.append(el);
    expect(store.listeners.size).to.equal(1);
    el.remove();
  });

  it('re-targets: follows the new store and unsubscribes from the old one', async () => {
    const first = new FakeStore('first');
    const second = new FakeStore('second');
    const el = await fixture<StoreHost>(html`<store-controller-host></store-controller-host>`);
    el.data.setStore(first);
    el.data.setStore(second);
    await el.updateComplete;
    expect(first.listeners.size).to.equal(0);
    expect(second.listeners.size).to.equal(1);
    first.set('stale');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('second');
    el.data.setStore(null);
    await el.updateComplete;
    expect(second.listeners.size).to.equal(0);
    expect(el.shadowRoot!.textContent).to.equal('(none)');
  });
});
