import { CommunityPoll } from './poll.js';

// Registers the tag only; the class itself comes from `poll/poll.js`.

// Guarded so a page that loads two copies (a CDN bundle and an npm build) does not throw.
customElements.get('community-poll') ?? customElements.define('community-poll', CommunityPoll);

declare global {
  interface HTMLElementTagNameMap {
    'community-poll': CommunityPoll;
  }
}
