// What the widgets share, imported up front by the CDN bundle so each widget's own chunk
// carries only its own code (and the page downloads the shared part once, in one file).
import 'lit';
import '@hearth/client';
import './base/community-widget.js';
import './styles/base.styles.js';
import './styles/tokens.js';
import './markdown/index.js';
import './controllers/store-controller.js';
import './i18n/localizer.js';
import './member/define.js';
import './moderation/define.js';
import './parts/parts.js';
