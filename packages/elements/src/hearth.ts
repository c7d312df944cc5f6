// The CDN bundle: one script tag registers every widget and offers page-wide setup. It is one
// file, so what the widgets share (Lit, the client and its stores, the widget base, styles,
// Markdown, author chips) is compressed once with every widget's first render; what waits on
// the reader (composers, menus, other languages, the memory backend) loads when needed.
// npm users import `<widget>/define.js` instead and pay only for the widgets they use.
import './comments/define.js';
import './feed/define.js';
import './qa/define.js';
import './poll/define.js';
import './feedback/define.js';
import './leaderboard/define.js';
import './count/define.js';

export { configure } from './config/configure.js';
export type { HearthConfig } from './config/configure.js';
export { createCommunityClient } from '@hearth/client';
// Pages on a server talk to it through the HTTP adapter, so the bundle carries it up front
// (its response schemas download beside the first request).
export { createHttpAdapter } from '@hearth/adapter-http';
