// The CDN entry: one script tag registers every widget and offers page-wide setup.
import './comments/define.js';
import './leaderboard/define.js';
import './poll/define.js';

export { configure } from './config/configure.js';
export { createCommunityClient } from '@hearth/client';
export { CommunityComments } from './comments/comments.js';
export { CommunityLeaderboard } from './leaderboard/leaderboard.js';
export { CommunityPoll } from './poll/poll.js';
