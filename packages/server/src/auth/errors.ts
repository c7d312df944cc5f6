// Turns jose's verification failures into messages a member (or the host's developer) can act on.
import { HearthError } from '@hearth/protocol';
import { errors } from 'jose';

/** The error for a token that has expired; the HTTP adapter refreshes the token on it. */
export function expired(): HearthError {
  return new HearthError('unauthorized', 'Your session has expired; sign in again.', { reason: 'expired' });
}

/** An `unauthorized` error for a token that was presented but cannot be accepted. */
export function rejected(message: string, reason: string): HearthError {
  return new HearthError('unauthorized', message, { reason });
}

/**
 * Maps an error thrown by `jwtVerify` (or its JWKS fetch) to the HearthError the client sees;
 * anything else (a bug, not a bad token) is rethrown as is.
 */
export function fromJose(error: unknown, kind: 'member' | 'guest'): HearthError {
  if (error instanceof errors.JWTExpired) return expired();
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return rejected(`This ${kind} token is not for this community: its signature does not match the community's key.`, 'foreign');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return rejected("This member token is not for this community: no key in the community's key set (JWKS) matches it.", 'foreign');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss' || error.claim === 'aud') {
      return rejected(`This ${kind} token is not for this community: its "${error.claim}" claim is not the one this community expects.`, 'foreign');
    }
    if (error.claim === 'nbf') return rejected('This token is not valid yet (its "nbf" is in the future); check the clocks.', 'not_yet_valid');
    if (error.reason === 'missing') return rejected(`This token has no "${error.claim}" claim; member tokens must carry "sub" and "exp".`, 'malformed');
    return rejected(`This token's "${error.claim}" claim is invalid: ${error.message}.`, 'malformed');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return rejected(`This token's signing algorithm is not accepted here: ${error.message}.`, 'algorithm');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')) {
    return new HearthError('unavailable', "The community's key set (JWKS) could not be loaded; try again shortly.", { reason: 'jwks' });
  }
  if (error instanceof errors.JOSEError) return rejected(`This token is malformed: ${error.message}.`, 'malformed');
  if (error instanceof TypeError && /fetch/i.test(error.message)) {
    return new HearthError('unavailable', "The community's key set (JWKS) could not be loaded; try again shortly.", { reason: 'jwks' });
  }
  throw error;
}
