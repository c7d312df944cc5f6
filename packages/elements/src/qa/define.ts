import { CommunityQa } from './qa.js';

// Registers the tag only; the class itself comes from `qa/qa.js`.

// Guarded so a page that loads two copies (a CDN bundle and an npm build) does not throw.
customElements.get('community-qa') ?? customElements.define('community-qa', CommunityQa);

declare global {
  interface HTMLElementTagNameMap {
    'community-qa': CommunityQa;
  }
}
