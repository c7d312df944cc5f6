// The CDN bundle's loader: every widget's tag is known up front, and its code downloads the
// first time the tag appears on the page (as Shoelace's and Web Awesome's autoloaders do), so
// a page with only a comment count never downloads the feed. All tags found in one pass load
// in parallel, right after the bundle itself.

/** Every widget tag the CDN bundle serves, with where its code comes from. */
export const WIDGETS = {
  'community-comments': () => import('./comments/define.js'),
  'community-feed': () => import('./feed/define.js'),
  'community-qa': () => import('./qa/define.js'),
  'community-poll': () => import('./poll/define.js'),
  'community-feedback': () => import('./feedback/define.js'),
  'community-leaderboard': () => import('./leaderboard/define.js'),
  'community-count': () => import('./count/define.js'),
} as const;

/** A tag `load` knows. */
export type WidgetTag = keyof typeof WIDGETS;

const loading = new Map<string, Promise<CustomElementConstructor>>();

/**
 * Downloads and registers a widget now (before its tag is on the page, or for tags inside a
 * framework's shadow roots, which the page-wide watch does not see). Resolves with its class.
 *
 * @example
 * const CommunityFeed = await load('community-feed');
 */
export function load(tag: WidgetTag): Promise<CustomElementConstructor> {
  let done = loading.get(tag);
  if (!done) {
    const loader = WIDGETS[tag];
    if (!loader) return Promise.reject(new TypeError(`Hearth has no widget <${tag}>; it serves ${Object.keys(WIDGETS).join(', ')}.`));
    done = loader().then(() => customElements.whenDefined(tag));
    // A failed download (offline) may be tried again by the next scan.
    done.catch(() => loading.delete(tag));
    loading.set(tag, done);
  }
  return done;
}

// One query per batch of DOM changes: the elements not defined yet, among them our tags.
function scan(root: ParentNode): void {
  for (const el of root.querySelectorAll(':not(:defined)')) {
    const tag = el.localName;
    if (tag in WIDGETS && !loading.has(tag)) void load(tag as WidgetTag);
  }
}

/** Loads every widget used in the document now and whenever one is added later. */
export function autoload(root: Document = document): void {
  let queued = false;
  const rescan = () => {
    queued = false;
    scan(root);
    // Every widget is registered: nothing left to watch for.
    if (Object.keys(WIDGETS).every((tag) => customElements.get(tag))) watch.disconnect();
  };
  const watch = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(rescan);
  });
  watch.observe(root.documentElement, { childList: true, subtree: true });
  scan(root);
}
