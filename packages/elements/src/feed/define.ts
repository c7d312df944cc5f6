import { CommunityFeed } from './feed.js';

// Registers the tag only; the class itself comes from `feed/feed.js`.

// Guarded so a page that loads two copies (a CDN bundle and an npm build) does not throw.
customElements.get('community-feed') ?? customElements.define('community-feed', CommunityFeed);

declare global {
  interface HTMLElementTagNameMap {
    'community-feed': CommunityFeed;
  }
}
