import { runAdapterConformance } from '@hearth/adapter-testkit';
import { ADAPTER_GROUPS, type BackendAdapter } from '@hearth/protocol';
import { createMemoryAdapter } from './memory-adapter.js';

// An adapter author's first step: comments only, every optional group left out. The kit must
// skip what the adapter does not declare and still hold it to everything it does.
function commentsOnly(adapter: BackendAdapter): BackendAdapter {
  const bare: Record<string, unknown> = { ...adapter };
  for (const group of ADAPTER_GROUPS) delete bare[group];
  return {
    ...(bare as unknown as BackendAdapter),
    capabilities: { ...adapter.capabilities, moderation: false, analytics: false, community: false, feed: false, qa: false, polls: false, feedback: false, gamification: false },
  };
}

runAdapterConformance({ name: 'comments-only memory', create: (opts) => commentsOnly(createMemoryAdapter(opts)) });
