import { CommunityCount } from './count.js';

// Registers the tag only; the class itself comes from `count/count.js`.

// Guarded so a page that loads two copies (a CDN bundle and an npm build) does not throw.
customElements.get('community-count') ?? customElements.define('community-count', CommunityCount);

declare global {
  interface HTMLElementTagNameMap {
    'community-count': CommunityCount;
  }
}
