// The CDN entry: one script tag serves every widget and offers page-wide setup. What every
// widget shares (Lit, the client and its stores, the widget base, styles, Markdown, the
// author chip and the content menu button) comes up front; each widget's own code loads when
// its tag first appears (see autoload.ts). npm users import `<widget>/define.js` instead.
import './runtime.js';
import { autoload } from './autoload.js';

export { configure } from './config/configure.js';
export { createCommunityClient } from '@hearth/client';
export { load, WIDGETS } from './autoload.js';
export type { WidgetTag } from './autoload.js';

autoload();
