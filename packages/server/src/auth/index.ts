export { createAuthenticator, signMemberToken } from './authenticator.js';
export type { AuthenticatorOptions, MemberClaims } from './authenticator.js';
