/** `value` as an absolute http(s) URL, or null when it is not one (zod-free, for any schema). */
export function httpUrlOf(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
