export { Engine, createEngine } from './engine.js';
export type { Actor, EngineOptions, LockThreadInput } from './engine.js';
export { MemoryStore } from './memory-store.js';
export type { MemorySnapshot } from './memory-store.js';
export type {
  IdempotencyRecord,
  ListRootsQuery,
  NewPostRecord,
  PostPatch,
  PostRecord,
  ReactionRecord,
  RootKey,
  Store,
  ThreadRecord,
} from './store.js';
