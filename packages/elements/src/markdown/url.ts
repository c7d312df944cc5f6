/** Schemes a rendered link may point at; everything else renders as plain text. */
const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

// Browsers drop leading C0 controls and spaces before parsing a URL, so we do too
// before looking at the scheme.
const LEADING_JUNK = /^[\u0000-\u0020]+/;
// Browsers also silently delete tabs and newlines anywhere in a URL, which is how
// `java\nscript:` becomes `javascript:`. Any control character means "not a link".
const CONTROL = /[\u0000-\u001f\u007f]/;
const ALLOWED_PREFIX = /^(?:https?:|mailto:)/i;

/**
 * Returns the normalised href for a user-supplied link destination, or null when it
 * is not an absolute http(s) or mailto URL.
 */
export function safeHref(destination: string): string | null {
  const candidate = destination.replace(LEADING_JUNK, '');
  if (candidate === '' || CONTROL.test(candidate) || !ALLOWED_PREFIX.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  // Check what the URL parser concluded as well as the prefix, so the two can never
  // disagree in the attacker's favour.
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  return url.href;
}
