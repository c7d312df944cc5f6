/**
 * Returns the normalised href for a user-supplied link destination, or null unless it
 * is an absolute http(s) or mailto URL.
 */
export function safeHref(destination: string): string | null {
  // Browsers drop leading C0 controls and spaces, and delete tabs and newlines anywhere
  // (`java\nscript:`), so: strip the former, and any control character means "no link".
  const candidate = destination.replace(/^[\0- ]+/, '');
  if (/[\0-\x1f\x7f]/.test(candidate) || !/^(https?|mailto):/i.test(candidate)) return null;
  try {
    const url = new URL(candidate);
    // Check what the URL parser concluded as well as the prefix, so the two can never
    // disagree in the attacker's favour.
    return /^(https?|mailto):$/.test(url.protocol) && (url.protocol == 'mailto:' || url.hostname) ? url.href : null;
  } catch {
    return null;
  }
}
