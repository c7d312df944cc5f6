// From the protocol index, which takes them from the zod-free badges module, so the
// leaderboard's entry carries no schemas.
export { BADGES, badgeDefinition, localName } from '@hearth/protocol';
