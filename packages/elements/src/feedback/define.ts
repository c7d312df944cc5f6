import { CommunityFeedback } from './feedback.js';

// Registers the tag only; the class itself comes from `feedback/feedback.js`.

// Guarded so a page that loads two copies (a CDN bundle and an npm build) does not throw.
customElements.get('community-feedback') ?? customElements.define('community-feedback', CommunityFeedback);

declare global {
  interface HTMLElementTagNameMap {
    'community-feedback': CommunityFeedback;
  }
}
