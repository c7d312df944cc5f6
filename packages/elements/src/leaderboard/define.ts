import { CommunityLeaderboard } from './leaderboard.js';

// Registers the tag only; the class itself comes from `leaderboard/leaderboard.js`.

// Guarded so a page that loads two copies (a CDN bundle and an npm build) does not throw.
customElements.get('community-leaderboard') ?? customElements.define('community-leaderboard', CommunityLeaderboard);

declare global {
  interface HTMLElementTagNameMap {
    'community-leaderboard': CommunityLeaderboard;
  }
}
