// The HTTP binding of BackendAdapter: routes, headers, error statuses and the event stream.
// A server (in any language) and the HTTP adapter both follow it. Kept free of zod and of
// OPERATIONS, so the browser adapter can route calls without loading a single schema.
import type { AdapterGroups, CommentsAdapter } from './adapter.js';
import type { ErrorCode } from './errors.js';

/** Every operation's name, read off the adapter interface: comment methods by name, group methods as `group.method`. */
export type OperationKey =
  | keyof CommentsAdapter
  | 'getSession'
  | { [G in keyof AdapterGroups]: `${G}.${Extract<keyof AdapterGroups[G], string>}` }[keyof AdapterGroups];

/**
 * Which operations change state, for every operation of `OPERATIONS` (which takes its
 * `write` flags from here). A write is sent as `POST` and retried only with its
 * idempotency key; a read is a cacheable `GET`, safe to retry.
 */
export const WRITES = {
  getSession: false,
  getThread: false,
  listComments: false,
  createComment: true,
  editComment: true,
  deleteComment: true,
  hideComment: true,
  unhideComment: true,
  toggleReaction: true,

  'community.getInfo': false,
  'community.getSettings': false,
  'community.updateSettings': true,
  'community.listSpaces': false,
  'community.getSpace': false,
  'community.createSpace': true,
  'community.updateProfile': true,

  'members.getCard': false,
  'members.listMembers': false,
  'members.setRole': true,
  'members.setTitle': true,
  // An export is audited (who read whose data), and personal data must never sit in a cache.
  'members.exportData': true,
  'members.eraseMember': true,

  'feed.createPost': true,
  'feed.getPost': false,
  'feed.listPosts': false,
  'feed.editPost': true,
  'feed.deletePost': true,
  'feed.reactToPost': true,
  'feed.listTopics': false,

  // Reads of a question settle its expired bounties on the way; that is upkeep the clock
  // makes due, not a change the caller asks for, so they stay reads.
  'qa.listQuestions': false,
  'qa.getQuestion': false,
  'qa.answer': true,
  'qa.editAnswer': true,
  'qa.deleteAnswer': true,
  'qa.vote': true,
  'qa.accept': true,
  'qa.offerBounty': true,
  'qa.settleBounties': true,
  'qa.closeDuplicate': true,
  'qa.reopen': true,
  'qa.similarQuestions': false,

  'polls.createPoll': true,
  'polls.getPoll': false,
  'polls.vote': true,
  'polls.retractVote': true,
  'polls.closePoll': true,
  'polls.reopenPoll': true,
  'polls.listVoters': false,
  'polls.listPolls': false,
  'polls.editPoll': true,
  'polls.breakdown': false,

  'feedback.submitFeedback': true,
  'feedback.getFeedback': false,
  'feedback.listFeedback': false,
  'feedback.roadmap': false,
  'feedback.voteFeedback': true,
  'feedback.setFeedbackStatus': true,
  'feedback.similarFeedback': false,
  'feedback.myFeedback': false,

  'moderation.report': true,
  'moderation.listQueue': false,
  'moderation.act': true,
  'moderation.mute': true,
  'moderation.unmute': true,
  'moderation.ban': true,
  'moderation.unban': true,
  'moderation.listAudit': false,
  'moderation.listReports': false,

  'gamification.checkIn': true,
  'gamification.getCheckIn': false,
  'gamification.leaderboard': false,
  'gamification.pointsHistory': false,
  'gamification.getStanding': false,
  'gamification.adjustPoints': true,
  'gamification.listBadges': false,
  'gamification.grantBadge': true,
  'gamification.revokeBadge': true,
  'gamification.previewLeaderboard': false,
  'gamification.badgeCatalogue': false,

  'analytics.zeroReplies': false,
  'analytics.metrics': false,

  'webhooks.listWebhooks': false,
  'webhooks.createWebhook': true,
  'webhooks.updateWebhook': true,
  'webhooks.deleteWebhook': true,
  'webhooks.rotateWebhookSecret': true,
  'webhooks.sendTestWebhook': true,
  'webhooks.listWebhookDeliveries': false,
  'webhooks.retryWebhookDelivery': true,

  'access.getAccess': false,
  'access.setOrigins': true,
  'access.createAdminKey': true,
  'access.revokeAdminKey': true,
  'access.rotateSsoSecret': true,
  'access.endSsoRotation': true,
  'access.removeSsoSecret': true,
  'access.setJwks': true,
} as const satisfies { readonly [K in OperationKey]: boolean };

/** The version prefix of every route. */
export const HTTP_PREFIX = '/v1/';

/** The Server-Sent Events route: `GET /v1/events?channel=a&channel=b`. */
export const EVENTS_PATH = '/v1/events';

/**
 * The route that opens a guest session: `POST` `{ displayName, email? }`, answered with
 * `{ token, viewer, expiresAt }`; sent with a guest's token, it renames that guest.
 */
export const GUEST_SESSION_PATH = '/v1/sessions/guest';

/** The server sends an SSE comment (`: ping`) this often, so clients can tell a quiet stream from a dead one. */
export const PING_INTERVAL_MS = 15_000;

/** Header names of the binding. */
export const HTTP_HEADERS = {
  /** `Bearer <token>`: the viewer's token. */
  authorization: 'Authorization',
  /** The community id, where one server hosts several. */
  community: 'Hearth-Community',
  /**
   * The viewer's experiment variant (`Viewer.variant`), which the host assigns, not the
   * token; the server stamps it on the analytics events of the call.
   */
  variant: 'Hearth-Variant',
  /** Sent with every write whose input carries an `idempotencyKey`; a repeat returns the first result. */
  idempotencyKey: 'Idempotency-Key',
  /** Seconds to wait, on a `429`. */
  retryAfter: 'Retry-After',
  /** The last event id a client saw; the event stream resumes after it. */
  lastEventId: 'Last-Event-ID',
} as const;

/**
 * How one operation travels: reads as `GET /v1/<op>?input=<JSON>` (tRPC's shape,
 * cacheable and safe to retry), writes as `POST /v1/<op>` with the input as a JSON body.
 *
 * @example
 * httpRoute('feed.createPost'); // { method: 'POST', path: '/v1/feed.createPost' }
 * httpRoute('listComments');    // { method: 'GET', path: '/v1/listComments' }
 */
export function httpRoute(op: OperationKey): { method: 'GET' | 'POST'; path: string } {
  return { method: WRITES[op] ? 'POST' : 'GET', path: HTTP_PREFIX + op };
}

/** The query string of a read: `?input=` and the input as URI-encoded JSON. */
export function readQuery(input: unknown): string {
  return `?input=${encodeURIComponent(JSON.stringify(input))}`;
}

/** The query string of the event stream for these channels (`?channel=a&channel=b`). */
export function eventsQuery(channels: Iterable<string>): string {
  return `?${[...channels].map((c) => `channel=${encodeURIComponent(c)}`).join('&')}`;
}

const STATUSES: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** The HTTP status a server answers an error code with. */
export function statusOfCode(code: ErrorCode): number {
  return STATUSES[code] ?? 500;
}

/**
 * The error code of a status, for an answer without a Hearth error body (a proxy's 502, a
 * gateway's 413). Other 4xx mean the request was wrong (`validation`); 408 and other 5xx
 * mean the server could not answer now (`unavailable`).
 */
export function codeOfStatus(status: number): ErrorCode {
  for (const code in STATUSES) if (STATUSES[code as ErrorCode] === status) return code as ErrorCode;
  if (status === 408 || status > 500) return 'unavailable';
  if (status >= 400 && status < 500) return 'validation';
  return 'internal';
}

/** The JSON body of an error answer: `{ "error": { "code", "message", "details"? } }`. */
export interface HttpErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}
