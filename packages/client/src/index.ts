export { CommunityClient, createCommunityClient } from './community-client.js';
export { QueryStore } from './query-store.js';
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
