export { runAdapterConformance } from './run-adapter-conformance.js';
export type { AdapterConformanceOptions, ConformanceAdapterOptions, ConformanceClaims } from './harness.js';
