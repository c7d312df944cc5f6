// English for what shows once posts are in (footers, the banner, Load more), downloaded with
// feed-actions.ts; the Chinese tables carry these in full.
export const actionsEn = {
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
