type Listener = () => void;

const listeners = new Set<Listener>();
let observer: MutationObserver | null = null;

/**
 * Calls `listener` whenever any `lang` attribute in the document changes (the page's
 * `<html lang>` or an ancestor's). One MutationObserver serves every widget on the page
 * and is disconnected when the last one stops watching. Returns the stop function.
 */
export function observeLang(listener: Listener): () => void {
  listeners.add(listener);
  if (!observer) {
    observer = new MutationObserver(() => {
      for (const notify of [...listeners]) notify();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      observer?.disconnect();
      observer = null;
    }
  };
}

/** How many widgets are watching; for tests that check teardown. */
export function langObserverCount(): number {
  return observer ? listeners.size : 0;
}
