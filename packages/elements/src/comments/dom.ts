// Small helpers shared by the widget and its lazily loaded actions.

/** An id-safe form of a key that may hold any characters a backend uses in post ids. */
export function domId(key: string): string {
  return key.replace(/[^\w-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`);
}

/** A keydown handler that runs `close` on Escape and keeps the key from closing outer things too. */
export function onEscape(close: () => unknown): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    void close();
  };
}

/** The selector of one comment's action button (`edit`, `delete`, `reply`). */
export function actionSelector(action: string, postId: string): string {
  return `[data-action="${action}"][data-post="${CSS.escape(postId)}"]`;
}

