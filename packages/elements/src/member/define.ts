import { CommunityMemberChip } from './member-chip.js';

// Used inside other widgets' shadow roots; defined once whichever widget loads first.
if (!customElements.get('community-member-chip')) customElements.define('community-member-chip', CommunityMemberChip);

declare global {
  interface HTMLElementTagNameMap {
    'community-member-chip': CommunityMemberChip;
  }
}
