// The badge catalogue (names in every language), loaded apart from the chip: only on a
// page in Chinese, where award names (English in the data) need translating, and with the
// member card. From the protocol index, which takes it from the zod-free badges module.
export { BADGES, badgeDefinition } from '@hearth/protocol';
