import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { CommunityClient, SessionState } from '@hearth/client';
import { HearthError } from '@hearth/protocol';
import { onPageConfigChange } from '../config/configure.js';
import { resolveClient } from '../config/resolve-client.js';
import { StoreController } from '../controllers/store-controller.js';
import { CommunityErrorEvent, type CommunityErrorAction } from '../events/error-event.js';
import { observeLang } from '../i18n/lang-observer.js';
import { langOf, matchLocale, type Locale } from '../i18n/locale.js';

/**
 * The colour schemes every widget ships, or a selector (`html[data-theme=dark]`, `.dark`):
 * the widget is dark while it or an ancestor matches the selector, following the host page's
 * own theme switch.
 */
export type WidgetTheme = 'light' | 'dark' | 'auto' | (string & {});

/** Why a widget has no client, named by the message that explains it. */
export type ConfigProblem = 'configMissing' | 'configLoadFailed';

/**
 * What every Hearth widget after comments shares, written once: the `client`, `adapter`,
 * `endpoint`, `loading`, `theme` and `lang` contract; finding the client (and finding it
 * again when the page's `configure()` changes); `loading="lazy"`; following the viewer's
 * session; downloads that `updateComplete` waits for; and telling the page about each
 * failure once. A widget overrides `clientChanged` to point its stores at the client (or
 * let them go on `null`) and `storesChanged` to follow its own attributes.
 *
 * Subclasses call `super.willUpdate(changed)` first and read `this.resolvedClient`,
 * `this.configProblem`, `this.sessionState` and `this.locale` while rendering.
 *
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows an error explaining so.
 * @attr loading - `lazy` defers every request until the widget is within 200px of the viewport; `eager` (default).
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 * @attr theme - `light` (default), `dark`, `auto` (follows `prefers-color-scheme`), or a selector such as `html[data-theme=dark]`: dark while the widget or an ancestor matches it. Reflected.
 */
export abstract class CommunityWidget extends LitElement {
  // Typed as the general shape so subclasses declare only their own (Lit merges them).
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    adapter: {},
    endpoint: {},
    loading: {},
    theme: { reflect: true },
    resolvedClient: { state: true },
    configProblem: { state: true },
  };

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** The client to use; wins over every page-wide default. */
  client?: CommunityClient;

  /** `memory` for the in-browser backend. */
  adapter?: string;

  /** Reserved for the HTTP adapter, which this build does not include. */
  endpoint?: string;

  /** `lazy` waits until the widget is near the viewport before loading anything; `eager` (default) loads at once. */
  loading: 'eager' | 'lazy' = 'eager';

  /** Colour scheme: `light`, `dark` or `auto`. Reflected for styling. */
  theme: WidgetTheme = 'light';

  /** The client in use, once found. */
  protected resolvedClient: CommunityClient | null = null;

  /** Why there is no client, if that is the case. */
  protected configProblem: ConfigProblem | null = null;

  readonly #session = new StoreController<SessionState>(this);
  #loads = new Set<Promise<unknown>>();
  #resolveToken = 0;
  #needsResolve = false;
  #near = false;
  #reported = new WeakSet<object>();
  #stop: Array<() => void> = [];

  /** Points the widget's stores at `client`, or lets them all go for `null`. */
  protected abstract clientChanged(client: CommunityClient | null): void;

  /** Runs in every update after the client is settled: follow the widget's own attributes here. */
  protected storesChanged(_changed: PropertyValues<this>): void {}

  /** The viewer's session, once the client is found. */
  protected get sessionState(): SessionState | undefined {
    return this.#session.value;
  }

  /** The language in use, from `lang` on the widget or its closest ancestor. */
  protected get locale(): Locale {
    return matchLocale(langOf(this));
  }

  /** Whether the widget may load: always, unless `loading="lazy"` and it has not come near the viewport. */
  protected get near(): boolean {
    return this.#near || this.loading !== 'lazy';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const update = () => this.requestUpdate();
    this.#stop = [
      observeLang(update),
      onPageConfigChange(() => {
        this.#needsResolve = true;
        update();
      }),
    ];
    if (!this.#near && this.loading === 'lazy' && typeof IntersectionObserver === 'function') {
      const watch = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          this.#near = true;
          watch.disconnect();
          update();
        },
        { rootMargin: '200px' },
      );
      watch.observe(this);
      this.#stop.push(() => watch.disconnect());
    } else this.#near = true;
    this.#followTheme();
    // Resolved in the next update: frameworks often set `client` right after connecting.
    this.#needsResolve = true;
    update();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const stop of this.#stop.splice(0)) stop();
    // Apart from #stop, which each theme change would otherwise grow.
    this.#themeWatch?.disconnect();
    this.#themeWatch = undefined;
    this.#resolveToken++;
    this.#setClient(null);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
    if (name === 'theme' && this.isConnected) this.#followTheme();
  }

  #themeWatch: MutationObserver | undefined;

  // A theme that is a selector: `data-scheme="dark"` on the host while it or an ancestor
  // matches, watched on the root element and body, where page theme switches live.
  #followTheme(): void {
    this.#themeWatch?.disconnect();
    this.#themeWatch = undefined;
    const selector = this.theme;
    if (!selector || selector === 'light' || selector === 'dark' || selector === 'auto') return this.removeAttribute('data-scheme');
    const apply = () => {
      let dark = false;
      try {
        // Ancestors across shadow roots too: a thread inside a feed follows the page's switch.
        for (let node: Element | null = this; node && !dark; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
          dark = node.matches(selector);
        }
      } catch {
        // Not a selector: stay light.
      }
      this.setAttribute('data-scheme', dark ? 'dark' : 'light');
    };
    apply();
    const watch = (this.#themeWatch = new MutationObserver(apply));
    for (const node of [document.documentElement, document.body]) if (node) watch.observe(node, { attributes: true });
  }

  // Waits for the memory backend and downloads still loading, so tests and hosts can await the first state.
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    while (this.#loads.size) {
      await Promise.allSettled(this.#loads);
      await super.getUpdateComplete();
    }
    return super.getUpdateComplete();
  }

  /** Registers a download (a string table, a lazy chunk) that `updateComplete` waits for. */
  protected track<T>(load: Promise<T>): Promise<T> {
    this.#loads.add(load);
    const done = () => this.#loads.delete(load);
    load.then(done, done);
    return load;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client') || changed.has('adapter') || changed.has('endpoint')) this.#needsResolve = true;
    if (this.#needsResolve && this.isConnected && this.near) {
      this.#needsResolve = false;
      this.#resolve();
    }
    this.storesChanged(changed);
  }

  #resolve(): void {
    const token = ++this.#resolveToken;
    const resolution = resolveClient(this);
    if (typeof resolution === 'string') return this.#fail(resolution);
    if (resolution instanceof Promise) {
      this.configProblem = null;
      this.clientSettled = this.track(resolution).then(
        (client) => void (token === this.#resolveToken && this.#use(client)),
        () => void (token === this.#resolveToken && this.#fail('configLoadFailed')),
      );
    } else {
      this.clientSettled = Promise.resolve();
      this.#use(resolution);
    }
  }

  /**
   * Settles once the latest client lookup has (a memory backend downloading, a viewer just
   * changed by `configure`): an action clicked meanwhile waits for it, so it acts as the new viewer.
   */
  protected clientSettled: Promise<void> = Promise.resolve();

  #use(client: CommunityClient): void {
    this.configProblem = null;
    this.#setClient(client);
  }

  #fail(problem: ConfigProblem): void {
    this.#setClient(null);
    if (this.configProblem === problem) return;
    this.configProblem = problem;
    const report = (message: string) => this.reportError(new HearthError('unavailable', message), 'config');
    const message = this.problemMessage(problem);
    if (typeof message === 'string') report(message);
    else void message.then(report, () => {});
  }

  #setClient(client: CommunityClient | null): void {
    if (client === this.resolvedClient) return;
    this.resolvedClient = client;
    this.#session.setStore(client?.session() ?? null);
    this.clientChanged(client);
  }

  /**
   * The message for a setup problem, in the widget's language; a promise when the widget
   * downloads its failure strings first (`community-error` then fires once they are in).
   */
  protected abstract problemMessage(problem: ConfigProblem): string | Promise<string>;

  /** Fires `community-error` for `error`, once however often it is reported. */
  protected reportError(error: HearthError | null | undefined, action: CommunityErrorAction): void {
    if (!error || this.#reported.has(error)) return;
    this.#reported.add(error);
    this.dispatchEvent(new CommunityErrorEvent({ error, action }));
  }
}
