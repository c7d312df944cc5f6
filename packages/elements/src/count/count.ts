import type { CommunityClient } from '@hearth/client';

// Everything but the element itself (the client, the strings, realtime) is one chunk
// loaded on first connect, so a listing page pays well under a kilobyte up front.
let loader: Promise<typeof import('./count-loader.js')> | undefined;

/**
 * @summary A comment-count badge for listing pages ("12 comments"), kept live.
 *
 * Its own file is a plain custom element with no dependencies; the client and the strings
 * load on first connect, and every badge on the page shares them and one cache: badges of
 * one thread make one request. The client comes from the `client` property,
 * `configure({ client })`, `configure({ adapter })` or `adapter="memory"`, as for every widget.
 *
 * @attr thread - The thread key; defaults to `location.pathname`.
 * @attr format - `label` (default: "12 comments", "12 条评论", "12 則留言") or `number` ("12", the word kept for screen readers).
 * @attr adapter - `memory` for the in-browser backend (demos, docs, tests).
 * @attr endpoint - Reserved for the HTTP adapter; this build shows "—" explaining so.
 * @attr loading - `lazy` waits until the badge is within 200px of the viewport before loading anything; `eager` (default).
 * @attr lang - Language (`en`, `zh-CN`, `zh-TW`, or any tag near them); defaults to the closest ancestor's `lang`.
 *
 * @prop {CommunityClient | undefined} client - The client to use; wins over every page-wide default.
 *
 * @fires {CommunityErrorEvent} community-error - The count could not be loaded, or there is no backend; the badge shows "—" with the reason as its title.
 *
 * @csspart base - The count text (also "—" when unavailable). Inherits the page's font and colour.
 */
export class CommunityCount extends HTMLElement {
  static observedAttributes = ['thread', 'format', 'adapter', 'endpoint', 'lang', 'loading'];

  #client?: CommunityClient;

  /** @internal The element the loader writes the text into. */
  readonly base: HTMLElement;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    // Static markup only: the count is written as text by the loader.
    root.innerHTML = '<style>:host{display:inline}:host([hidden]){display:none}.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}</style><span part="base"></span>';
    this.base = root.lastChild as HTMLElement;
    // A client set before the tag was defined sits on the instance, hiding the accessor.
    if (Object.hasOwn(this, 'client')) {
      const { client } = this;
      delete this.client;
      this.#client = client;
    }
  }

  /** The client to use; wins over every page-wide default. */
  get client(): CommunityClient | undefined {
    return this.#client;
  }

  set client(client: CommunityClient | undefined) {
    this.#client = client;
    this.#sync();
  }

  connectedCallback(): void {
    this.#sync();
  }

  disconnectedCallback(): void {
    this.#sync();
  }

  attributeChangedCallback(): void {
    this.#sync();
  }

  // loading="lazy": nothing loads until the badge nears the viewport.
  #near = false;
  #watch?: IntersectionObserver;

  get #waiting(): boolean {
    return this.isConnected && !this.#near && this.getAttribute('loading') === 'lazy';
  }

  #sync(): void {
    if (this.#waiting) {
      if (!this.#watch) {
        this.#watch = new IntersectionObserver(
          (entries) => entries.some((entry) => entry.isIntersecting) && ((this.#near = true), this.#sync()),
          { rootMargin: '200px' },
        );
        this.#watch.observe(this);
      }
      return;
    }
    this.#watch?.disconnect();
    this.#watch = undefined;
    // Leaving before anything loaded: nothing to tear down.
    if (!this.isConnected && !loader) return;
    (loader ??= import('./count-loader.js')).then(
      // Checked again on arrival: the badge may have been connected (lazily) meanwhile.
      (m) => this.#waiting || m.sync(this),
      // Offline: try again on the next change.
      () => (loader = undefined),
    );
  }
}
