export { createMemoryAdapter } from './memory-adapter.js';
export type { MemoryAdapterOptions } from './memory-adapter.js';
export { demoSeed } from './demo-seed.js';
export { applySeed } from './seed.js';
export type { MemorySeed, MemorySeedComment, MemorySeedMember, MemorySeedThread } from './seed.js';
export type { MemorySeedCommunity, MemorySeedFeedback, MemorySeedPoll, MemorySeedPost } from './community-seed.js';
export { MemoryStore } from '@hearth/engine';
