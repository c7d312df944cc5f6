import * as z from 'zod/mini';
import { IdempotencyKey } from './comments.js';
import { httpUrlOf } from './http-url.js';
import type { EmptyInput } from './community.js';
import { Cursor, PageSize, pageOf, type Page } from './page.js';
import type { CallContext } from './adapter.js';

// Outgoing webhooks: docs/webhooks.md.

/**
 * What an endpoint can subscribe to: `post.created` (a comment, reply, feed post, question or
 * answer was posted, published or held), `feedback.created`, `feedback.status_changed`,
 * `report.created` and `member.banned`.
 */
export const WebhookEventType = z.enum(['post.created', 'feedback.created', 'feedback.status_changed', 'report.created', 'member.banned']);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** Every subscribable event, in the order the console lists them. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = WebhookEventType.options;

/** A delivery waits (`pending`) until the endpoint answers 2xx (`succeeded`) or its attempts run out (`failed`). */
export const WebhookDeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** Where deliveries go: an absolute http(s) URL without credentials, at most 2,000 characters. */
export const WebhookUrl = z.string().check(
  z.maxLength(2000, 'A webhook URL is at most 2,000 characters.'),
  z.refine((value) => {
    const url = httpUrlOf(value);
    return url !== null && url.username === '' && url.password === '';
  }, 'Use an absolute http:// or https:// URL without a user name or password in it.'),
);

const Events = z.array(WebhookEventType).check(z.minLength(1, 'Choose at least one event.'), z.maxLength(WebhookEventType.options.length));
const Description = z.nullable(z.string().check(z.maxLength(200, 'A description is at most 200 characters.')));

/** An endpoint as admins see it; its secret only comes back when made (create, rotate). */
export const WebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.nullable(z.string()),
  events: z.array(WebhookEventType),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Until when the last rotated-out secret still signs deliveries beside the current one, or null. */
  previousSecretExpiresAt: z.nullable(z.string()),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** An endpoint with the secret that signs its deliveries (`whsec_…`), shown once. */
export const WebhookEndpointWithSecret = z.extend(WebhookEndpoint, { secret: z.string() });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const CreateWebhookInput = z.object({
  url: WebhookUrl,
  events: Events,
  description: z.optional(Description),
  idempotencyKey: IdempotencyKey,
});
export type CreateWebhookInput = z.input<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z.object({
  id: z.string().check(z.minLength(1)),
  url: z.optional(WebhookUrl),
  events: z.optional(Events),
  description: z.optional(Description),
  enabled: z.optional(z.boolean()),
});
export type UpdateWebhookInput = z.input<typeof UpdateWebhookInput>;

export const WebhookRefInput = z.object({ id: z.string().check(z.minLength(1)) });
export type WebhookRefInput = z.input<typeof WebhookRefInput>;

/** Longest a rotated-out secret may keep signing: 7 days. */
export const MAX_SECRET_OVERLAP_MS = 7 * 86_400_000;

export const RotateWebhookSecretInput = z.object({
  id: z.string().check(z.minLength(1)),
  /** How long the old secret keeps signing beside the new one (default 24 hours; 0 ends it now). */
  overlapMs: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(MAX_SECRET_OVERLAP_MS, 'An old secret signs on for at most 7 days.'))),
});
export type RotateWebhookSecretInput = z.input<typeof RotateWebhookSecretInput>;

/** One try at delivering. */
export const WebhookAttempt = z.object({
  at: z.string(),
  durationMs: z.number(),
  /** The endpoint's HTTP status, or null when none came. */
  status: z.nullable(z.number()),
  /** Why it failed, or null when it succeeded. */
  error: z.nullable(z.string()),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** A delivery as the log shows it; the body sent is `payload` with the community's id added as `community`. */
export const WebhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  event: z.union([WebhookEventType, z.literal('webhook.test')]),
  status: WebhookDeliveryStatus,
  attempts: z.array(WebhookAttempt),
  /** When the next attempt is due, while pending; else null. */
  nextAttemptAt: z.nullable(z.string()),
  createdAt: z.string(),
  payload: z.object({ type: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryPage = pageOf(WebhookDelivery);

export const ListWebhookDeliveriesInput = z.object({
  /** Only this endpoint's deliveries. */
  endpointId: z.optional(z.string().check(z.minLength(1))),
  status: z.optional(WebhookDeliveryStatus),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListWebhookDeliveriesInput = z.input<typeof ListWebhookDeliveriesInput>;

export const SendTestWebhookInput = z.object({ id: z.string().check(z.minLength(1)), idempotencyKey: IdempotencyKey });
export type SendTestWebhookInput = z.input<typeof SendTestWebhookInput>;

export const RetryWebhookDeliveryInput = z.object({ id: z.string().check(z.minLength(1)) });
export type RetryWebhookDeliveryInput = z.input<typeof RetryWebhookDeliveryInput>;

/**
 * Outgoing webhooks (capability `webhooks`), for admins: endpoints, their secrets and the
 * delivery log. Deliveries are signed (Standard Webhooks), retried with backoff and kept
 * across restarts by the backend.
 */
export interface WebhooksAdapter {
  /** Every endpoint, oldest first. */
  listWebhooks(input: EmptyInput, ctx: CallContext): Promise<WebhookEndpoint[]>;
  /** Adds an endpoint; the answer carries its secret, which nothing shows again. */
  createWebhook(input: CreateWebhookInput, ctx: CallContext): Promise<WebhookEndpointWithSecret>;
  /** Changes the URL, events, description, or turns it on or off. */
  updateWebhook(input: UpdateWebhookInput, ctx: CallContext): Promise<WebhookEndpoint>;
  /** Removes an endpoint; its queued deliveries fail, its log stays. */
  deleteWebhook(input: WebhookRefInput, ctx: CallContext): Promise<WebhookEndpoint>;
  /**
   * A new secret; the one it replaces signs beside it for `overlapMs`, so receivers can switch
   * without losing deliveries (secrets rotated out before keep their own end).
   */
  rotateWebhookSecret(input: RotateWebhookSecretInput, ctx: CallContext): Promise<WebhookEndpointWithSecret>;
  /** Queues a `webhook.test` delivery to the endpoint (enabled or not) and returns it. */
  sendTestWebhook(input: SendTestWebhookInput, ctx: CallContext): Promise<WebhookDelivery>;
  /** The delivery log, newest first. */
  listWebhookDeliveries(input: ListWebhookDeliveriesInput, ctx: CallContext): Promise<Page<WebhookDelivery>>;
  /**
   * Sends a delivery again now: a failed one gets one more attempt, and if that fails it carries
   * on where its retries stopped (one that used them all fails again); a succeeded one is sent
   * once more (a receiver that lost it). One being sent right now is a `conflict`.
   */
  retryWebhookDelivery(input: RetryWebhookDeliveryInput, ctx: CallContext): Promise<WebhookDelivery>;
}
