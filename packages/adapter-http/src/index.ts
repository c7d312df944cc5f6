export { createHttpAdapter } from './http-adapter.js';
export type { HttpAdapterOptions } from './http-adapter.js';
