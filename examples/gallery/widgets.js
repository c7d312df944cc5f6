// The widgets the gallery shows, one per `?widget=<name>`. Read by the page (gallery.js) and by
// `npm run screenshot` (scripts/screenshot.mjs), which skips a widget whose `folder` has no
// `packages/elements/src/<folder>/define.ts` yet. No DOM here: Node imports this file too.
//
//   tag      the element
//   attrs    its attributes (the seeded space, thread or poll it shows)
//   props    properties set after creation, for elements that take objects: `author` a seeded
//            member, `post` a seeded feed post (sets target, author and state); both get the
//            page's shared client
//   viewer   sign in as this seeded member instead of the default (a moderator sees staff actions)
//   open     click this (inside the element) once ready, then wait for `opened`: the picture shows it open
//   ready    a selector (piercing shadow roots) that means "the content is there"
//   stage    screenshot the stage around the element instead (inline elements shown in context)
//   width    the stage width in CSS pixels; height, a minimum height (room for a popover)
export const WIDGETS = {
  feed: { folder: 'feed', tag: 'community-feed', attrs: { space: 'general' }, ready: '[part~="post"]', width: 720 },
  comments: { folder: 'comments', tag: 'community-comments', attrs: { thread: '/gallery' }, ready: '[part~="comment"]' },
  qa: { folder: 'qa', tag: 'community-qa', attrs: { space: 'qa' }, ready: '[part~="question-row"]', width: 720 },
  poll: { folder: 'poll', tag: 'community-poll', attrs: { poll: 'gallery-poll' }, ready: '[part~="result"]' },
  feedback: { folder: 'feedback', tag: 'community-feedback', attrs: { mode: 'board' }, ready: '[part~="item"]', width: 720 },
  leaderboard: { folder: 'leaderboard', tag: 'community-leaderboard', attrs: { period: 'week' }, ready: '[part~="row"]' },
  count: { folder: 'count', tag: 'community-count', attrs: { thread: '/gallery' }, ready: '[part~="base"]:not([aria-busy="true"])', stage: true, width: 420 },
  member: { folder: 'member', tag: 'community-member-chip', props: { member: 'author' }, ready: '[part~="base"]', open: '[part~="base"]', opened: '[part~="card"]', stage: true, width: 460, height: 420 },
  moderation: { folder: 'moderation', tag: 'community-content-menu', props: { target: 'post' }, viewer: 'gallery-sam', ready: '[part~="base"]', open: '[part~="base"]', opened: '[part~="menu"]', stage: true, width: 460, height: 420 },
};

export const THEMES = ['light', 'dark'];
export const LANGS = ['en', 'zh-CN'];
