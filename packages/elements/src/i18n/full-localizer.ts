import type { ErrorCode, HearthError } from '@hearth/protocol';
import { Localizer } from './localizer.js';
import type { AllMessages } from './messages.js';

/** What the localizer needs to restate a length error in the reader's language. */
export interface ErrorContext {
  bodyMinLength?: number;
  bodyMaxLength?: number;
}

// Codes whose text does not depend on the message; the rest are worked out in `error()`.
const ERROR_KEYS: Partial<Record<ErrorCode, keyof AllMessages>> = {
  unauthorized: 'errorUnauthorized',
  not_found: 'errorNotFound',
  conflict: 'errorConflict',
  unavailable: 'errorUnavailable',
};

/**
 * A localizer with every string, and the error messages: what `Localizer.full()` resolves to.
 * Loaded with the deferred strings, since only an interaction or a failure needs it.
 */
export class FullLocalizer extends Localizer<AllMessages> {
  // Public so `Localizer.full()` can build one; widgets get theirs from there.
  constructor(locale: FullLocalizer['locale'], messages: AllMessages) {
    super(locale, messages);
  }

  /**
   * A user-facing message for an error. Codes map to localized text; a `validation` error
   * keeps the server's message (it names the field) unless it is one we know how to say.
   */
  error(error: HearthError, { bodyMinLength, bodyMaxLength }: ErrorContext = {}): string {
    const { code, message, field } = error;
    const says = (pattern: RegExp) => pattern.test(message.toLowerCase());
    if (code === 'forbidden') {
      return this.t(
        says(/edit window|window to edit|no longer be edited|too late/) ? 'errorEditWindow' : says(/locked/) ? 'errorLocked' : 'errorForbidden',
      );
    }
    if (code === 'rate_limited') {
      const ms = error.details.retryAfterMs;
      return typeof ms === 'number' && ms > 0 ? this.t('errorRateLimitedSeconds', { count: Math.ceil(ms / 1000) }) : this.t('errorRateLimited');
    }
    if (code !== 'validation') return this.t(ERROR_KEYS[code] ?? 'errorInternal');
    // English keeps the server's own wording; it is written for people already.
    if (this.locale !== 'en') {
      if (/(^|\.)body$/.test(field ?? '')) {
        if (says(/empty|required|write something/)) return this.t('errorBodyEmpty');
        const limit = says(/shorter than|too short|at least/)
          ? ['errorBodyTooShort', bodyMinLength]
          : says(/too long|at most|longer than|exceed/) && ['errorBodyTooLong', bodyMaxLength];
        if (limit) return limit[1] ? this.t(limit[0] as keyof AllMessages, { count: limit[1] }) : this.t('errorValidation');
      }
      if (says(/locked/)) return this.t('errorLocked');
    }
    return message || this.t('errorValidation');
  }
}
