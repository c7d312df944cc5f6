// English for what shows once posts are in (the posts' marks and footers, the chips, the
// banner, Load more), downloaded with feed-actions.ts; the Chinese tables carry these in full.
export const actionsEn = {
  empty: 'No posts here yet. Start the conversation!',
  pinned: 'Pinned',
  featured: 'Featured',
  pending: 'Waiting for review',
  hidden: 'Hidden',
  // Also in the composer's table: either part may arrive first.
  kind_discussion: 'Discussion',
  kind_question: 'Question',
  kind_announcement: 'Announcement',
  kind_event: 'Event',
  topics: 'Filter by topic',
  allTopics: 'All',
  newPosts: '{count} new post|{count} new posts',
  newShown: '{count} new post shown.|{count} new posts shown.',
  loadMore: 'Load more',
  loadingMore: 'Loading more…',
  replies: 'Reply|{count} reply|{count} replies',
  hideReplies: 'Hide replies',
  reaction: '{emoji} {count} reaction|{emoji} {count} reactions',
  reactError: 'Your reaction was not saved.',
};
