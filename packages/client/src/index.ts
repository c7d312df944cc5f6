export { CommunityClient, createCommunityClient } from './community-client.js';
export { ThreadObserver } from './thread-observer.js';
export { SessionObserver } from './session-observer.js';
export { Subscribable } from './subscribable.js';
export { createIdempotencyKey } from './idempotency-key.js';
export type {
  ClientEvent,
  CommentNode,
  CommunityClientOptions,
  ReadableStore,
  SessionState,
  ThreadOptions,
  ThreadState,
  ThreadStore,
  WriteAction,
} from './types.js';
