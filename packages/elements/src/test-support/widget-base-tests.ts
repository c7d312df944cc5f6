// The behaviour every Hearth widget shares, written once (after Web Awesome's
// runFormControlBaseTests). A widget's test file calls runWidgetBaseTests() with a few
// lines that say how to build it; its own file then tests only what is its own.
import type { CommunityClient } from '@hearth/client';
import { HearthError } from '@hearth/protocol';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import { emulateMedia } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import { CommunityWidget } from '../base/community-widget.js';
import { configure, getPageConfig } from '../config/configure.js';
import { langObserverCount } from '../i18n/lang-observer.js';
import { testAdapter, testClient, type AdapterMethod, type TestAdapter } from './test-adapter.js';

/** How the base suite builds and drives one widget. */
export interface WidgetBaseTestOptions<E extends LitElement> {
  /** The widget's tag, e.g. `community-comments`. */
  tag: string;
  /** URL of the widget's define module, evaluated again to define it twice: `new URL('./define.ts', import.meta.url).href`. */
  define: string;
  /** A new, unconnected widget over `client` (`undefined`: no client at all), with any attributes it needs. */
  create(client: CommunityClient | undefined): E;
  /** Resolves once the widget's first load has finished. */
  loaded(el: E): Promise<void>;
  /** Fills each test's fresh backend before the widget is created, so the tests see content. */
  seed?(adapter: TestAdapter): Promise<unknown>;
  /** The adapter method the first load calls; the failing-backend test makes it throw. */
  loads: AdapterMethod;
  /** One event the widget fires, and how to make a loaded widget fire it. */
  event: { type: string; trigger(el: E): void | Promise<void> };
  /**
   * A public token and where it shows: `name` set to `value` on the host must make the
   * computed `property` of the first `selector` match in the shadow root equal `value`,
   * so give `value` in computed form (`rgb(1, 2, 3)`, `7px`).
   */
  token: { name: `--community-${string}`; value: string; selector: string; property: string };
  /**
   * Whether `theme` takes a host selector (`theme="html[data-theme=dark]"`). Defaults to
   * whether the widget extends `CommunityWidget`, which implements it; `false` skips the test.
   */
  themeSelector?: boolean;
  /**
   * Whether `loading="lazy"` defers the first load until the widget nears the viewport.
   * Defaults to whether the widget extends `CommunityWidget`, which implements it; `false` skips the test.
   */
  lazy?: boolean;
  /**
   * How to point a loaded widget at other content by its key attribute (`thread`, `space`,
   * `poll`, `period`…); the test expects a new call of `loads` (default: the option above)
   * and no subscription left behind by the old key. Left out: not tested.
   */
  rekey?: { apply(el: E): void | Promise<void>; loads?: AdapterMethod };
}

/** Marks the running Mocha test skipped (the globals are typed without Mocha's context). */
const skip = (test: unknown): void => (test as { skip(): void }).skip();

/** Lets the browser run a rendering step twice (IntersectionObserver and MutationObserver deliver by then). */
const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** An on-screen error: an alert or an `error` part that says something. */
function errorOf(el: LitElement): HTMLElement | undefined {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="alert"], [part~="error"]')].find((node) => node.textContent?.trim());
}

function baseOf(el: LitElement): HTMLElement {
  const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]');
  if (!base) throw new Error(`<${el.localName}> has no part="base"`);
  return base;
}

/** The colours a reader sees on the widget's base. */
function colours(el: LitElement): string {
  const style = getComputedStyle(baseOf(el));
  return `${style.color} on ${style.backgroundColor}`;
}

/**
 * Registers `describe('<tag> base behaviour')`: passes axe in light and dark, has
 * `part="base"`, fires bubbling composed events, honours a `--community-*` token, survives
 * being defined twice, shows missing and failing backends on screen (with a working Retry),
 * re-renders on `lang`, follows `prefers-color-scheme` under `theme="auto"` and a host
 * selector under `theme="html[data-theme=dark]"`, defers its first load under
 * `loading="lazy"`, refetches when its key changes (`rekey`), and leaves no subscriptions
 * behind. Each test builds its own backend; none depends on another.
 *
 * @example
 * runWidgetBaseTests({
 *   tag: 'community-poll',
 *   define: new URL('./define.ts', import.meta.url).href,
 *   create: (client) => Object.assign(document.createElement('community-poll'), { client, poll: 'p1' }),
 *   loaded: (el) => waitUntil(() => el.shadowRoot!.querySelector('fieldset')),
 *   seed: (adapter) => adapter.createPoll(...),
 *   loads: 'polls.getPoll',
 *   event: { type: 'community-vote', trigger: (el) => el.shadowRoot!.querySelector('button')!.click() },
 *   token: { name: '--community-color-accent', value: 'rgb(1, 2, 3)', selector: '[part~="bar"]', property: 'background-color' },
 *   rekey: { apply: (el) => el.setAttribute('poll', otherPollId) },
 * });
 */
export function runWidgetBaseTests<E extends LitElement>(options: WidgetBaseTestOptions<E>): void {
  const { tag, create, loaded } = options;
  /** Whether a capability the base implements is tested: as the option says, else when the widget extends the base. */
  const implemented = (option: boolean | undefined, el: E) => option ?? el instanceof CommunityWidget;

  /** Renders the widget on a fresh (seeded) backend and waits for its first load. */
  async function mount(adapter: TestAdapter = testAdapter()): Promise<E> {
    await options.seed?.(adapter);
    const el = await fixture<E>(html`${create(testClient(undefined, adapter))}`);
    await loaded(el);
    return el;
  }

  describe(`<${tag}> base behaviour`, () => {
    it('passes axe in light and in dark', async () => {
      const el = await mount();
      await expect(el).to.be.accessible();
      const light = colours(el);
      el.setAttribute('theme', 'dark');
      await el.updateComplete;
      expect(colours(el), 'theme="dark" changed nothing').to.not.equal(light);
      await expect(el).to.be.accessible();
    });

    it('has part="base"', async () => {
      const el = await mount();
      expect(el.shadowRoot!.querySelector('[part~="base"]')).to.exist;
    });

    it('fires events that bubble out of the shadow root and reach the document', async () => {
      const el = await mount();
      const { type, trigger } = options.event;
      const seen: Array<{ event: Event; target: EventTarget | null }> = [];
      const record = (event: Event) => seen.push({ event, target: event.target });
      document.addEventListener(type, record);
      try {
        await trigger(el);
        await waitUntil(() => seen.length > 0, `${type} did not reach the document`);
      } finally {
        document.removeEventListener(type, record);
      }
      const [{ event, target }] = seen as [(typeof seen)[number]];
      expect(event.bubbles && event.composed, 'bubbles and composed').to.equal(true);
      expect(target).to.equal(el);
    });

    it('lets a --community-* token restyle it', async () => {
      const { name, value, selector, property } = options.token;
      const el = await mount();
      const target = el.shadowRoot!.querySelector(selector);
      expect(target, `no ${selector} in the shadow root`).to.exist;
      const read = () => getComputedStyle(target!).getPropertyValue(property);
      expect(read(), 'pick a value the widget does not already have').to.not.equal(value);
      el.style.setProperty(name, value);
      expect(read()).to.equal(value);
    });

    it('does not throw when defined twice', async () => {
      await import(options.define);
      const registered = customElements.get(tag);
      expect(registered).to.exist;
      // A second copy of the module, as when a CDN bundle and an npm build meet on one page.
      await import(`${options.define}${options.define.includes('?') ? '&' : '?'}copy=${Date.now()}`);
      expect(customElements.get(tag)).to.equal(registered);
    });

    it('shows a clear error on screen when it has no backend', async () => {
      // No page default either, whatever the widget's own test file configured.
      const { client, adapter } = getPageConfig();
      configure({ client: undefined, adapter: undefined });
      try {
        const el = await fixture<E>(html`${create(undefined)}`);
        await waitUntil(() => errorOf(el), 'no error shown without a backend');
      } finally {
        configure({ client, adapter });
      }
    });

    it('shows a failing backend’s error with a Retry that recovers', async () => {
      const adapter = testAdapter();
      let fail = true;
      adapter.override(options.loads, (original) => {
        const failing = async (...args: unknown[]) => {
          if (fail) throw new HearthError('internal', 'The backend is down.');
          return (original as (...a: unknown[]) => unknown)(...args);
        };
        return failing as never;
      });
      await options.seed?.(adapter);
      const el = await fixture<E>(html`${create(testClient(undefined, adapter))}`);
      await waitUntil(() => errorOf(el), 'no error shown for a failing backend');
      const retry = errorOf(el)!.querySelector('button');
      expect(retry, 'the error offers no Retry').to.exist;
      expect(retry!.textContent?.trim()).to.not.equal('');
      const before = adapter.calls[options.loads] ?? 0;
      fail = false;
      retry!.click();
      await waitUntil(() => !errorOf(el), 'Retry did not clear the error');
      await loaded(el);
      expect(adapter.calls[options.loads]).to.be.greaterThan(before);
    });

    it('re-renders its strings when lang changes: en → zh-CN → zh-TW', async () => {
      const el = await mount();
      // innerText is what is rendered, so this is what a reader sees change.
      const shown = () => baseOf(el).innerText;
      const seen = [shown()];
      for (const lang of ['zh-CN', 'zh-TW']) {
        el.setAttribute('lang', lang);
        await waitUntil(() => !seen.includes(shown()), `nothing visible changed for lang="${lang}"`);
        seen.push(shown());
      }
    });

    it('follows prefers-color-scheme under theme="auto"', async () => {
      const el = await mount();
      el.setAttribute('theme', 'auto');
      await el.updateComplete;
      try {
        await emulateMedia({ colorScheme: 'light' });
        const light = colours(el);
        await emulateMedia({ colorScheme: 'dark' });
        expect(colours(el)).to.not.equal(light);
      } finally {
        // The browser's own default: the preference a page sees before any emulation.
        await emulateMedia({ colorScheme: 'no-preference' });
      }
    });

    it('follows a host selector under theme="html[data-theme=dark]"', async function () {
      const el = await mount();
      if (!implemented(options.themeSelector, el)) return skip(this);
      const root = document.documentElement;
      const before = root.getAttribute('data-theme');
      try {
        root.removeAttribute('data-theme');
        el.setAttribute('theme', 'html[data-theme=dark]');
        await el.updateComplete;
        const light = colours(el);
        root.dataset.theme = 'dark';
        await waitUntil(() => colours(el) !== light, 'html[data-theme=dark] did not darken it');
        await expect(el).to.be.accessible();
        root.dataset.theme = 'light';
        await waitUntil(() => colours(el) === light, 'it did not follow the page back to light');
      } finally {
        if (before === null) root.removeAttribute('data-theme');
        else root.setAttribute('data-theme', before);
      }
    });

    it('with loading="lazy", asks the backend nothing until it nears the viewport', async function () {
      const adapter = testAdapter();
      await options.seed?.(adapter);
      const el = create(testClient(undefined, adapter));
      if (!implemented(options.lazy, el)) return skip(this);
      el.setAttribute('loading', 'lazy');
      // Far below the fold: a spacer several viewports tall above it.
      const page = await fixture<HTMLDivElement>(html`<div><div style="height: ${innerHeight * 5}px"></div>${el}</div>`);
      try {
        await frames();
        await el.updateComplete;
        expect(adapter.calls[options.loads] ?? 0, `${options.loads} was called before the widget neared the viewport`).to.equal(0);
        expect(adapter.activeSubscriptions, 'subscribed before the widget neared the viewport').to.equal(0);
        el.scrollIntoView();
        await waitUntil(() => (adapter.calls[options.loads] ?? 0) > 0, `${options.loads} was not called once the widget came into view`);
        await loaded(el);
      } finally {
        page.remove();
        scrollTo(0, 0);
      }
    });

    if (options.rekey) {
      const rekey = options.rekey;
      it('loads again when its key attribute changes, letting go of the old key', async () => {
        const adapter = testAdapter();
        const el = await mount(adapter);
        const method = rekey.loads ?? options.loads;
        const before = adapter.calls[method] ?? 0;
        const held = adapter.activeSubscriptions;
        await rekey.apply(el);
        await waitUntil(() => (adapter.calls[method] ?? 0) > before, `changing the key made no new ${method} call`);
        await loaded(el);
        expect(adapter.activeSubscriptions, 'the old key’s subscriptions were kept').to.equal(held);
      });
    }

    it('leaves no adapter subscriptions or lang observers behind after mounting and unmounting 100 times', async () => {
      const adapter = testAdapter();
      await options.seed?.(adapter);
      const client = testClient(undefined, adapter);
      const host = document.createElement('div');
      document.body.append(host);
      let mounted = 0;
      try {
        for (let i = 0; i < 100; i++) {
          const el = create(client);
          host.append(el);
          await loaded(el);
          // The same count every time: each widget lets go of what the last one held.
          if (i === 0) mounted = adapter.activeSubscriptions;
          expect(adapter.activeSubscriptions, `mount ${i + 1}`).to.equal(mounted);
          el.remove();
        }
      } finally {
        host.remove();
      }
      expect(mounted, 'a mounted widget did not subscribe, so this test proves nothing').to.be.greaterThan(0);
      expect(adapter.activeSubscriptions).to.equal(0);
      expect(langObserverCount()).to.equal(0);
    });
  });
}
