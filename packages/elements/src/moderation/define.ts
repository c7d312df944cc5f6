import { CommunityContentMenu } from './content-menu.js';

// Used inside other widgets' shadow roots; defined once whichever widget loads first.
if (!customElements.get('community-content-menu')) customElements.define('community-content-menu', CommunityContentMenu);

declare global {
  interface HTMLElementTagNameMap {
    'community-content-menu': CommunityContentMenu;
  }
}
