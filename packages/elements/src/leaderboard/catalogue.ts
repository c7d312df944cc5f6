// The badge catalogue (names and criteria in every language), loaded apart from the
// element: with a non-English table, or on the first sign of intent for the English
// criteria tooltips. English badge names and titles come with the data, so the first
// render needs none of it (`localName` is in messages.ts). From the protocol index,
// which takes them from the zod-free badges module.
export { BADGES, badgeDefinition } from '@hearth/protocol';
