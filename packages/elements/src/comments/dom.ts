// Small helpers shared by the widget and its lazily loaded parts.

/** An id-safe form of a key that may hold any characters a backend uses in post ids. */
export function domId(key: string): string {
  return key.replace(/[^\w-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`);
}

/** Focuses what `selector` finds in `el`'s shadow root once its pending render is done. */
export async function focusLater(el: { readonly updateComplete: Promise<boolean>; readonly renderRoot: ParentNode }, selector: string): Promise<void> {
  await el.updateComplete;
  el.renderRoot.querySelector<HTMLElement>(selector)?.focus();
}
