export { loadConfig, DEFAULT_COMMUNITY, DEFAULT_RATE_LIMITS } from './load-config.js';
export { ConfigError } from './error.js';
