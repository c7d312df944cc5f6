import { CommunityComments } from './comments.js';

// Registers the tag only; the class itself comes from `comments/comments.js`.

// Guarded so a page that loads two copies (a CDN bundle and an npm build) does not throw.
customElements.get('community-comments') ?? customElements.define('community-comments', CommunityComments);

declare global {
  interface HTMLElementTagNameMap {
    'community-comments': CommunityComments;
  }
}
