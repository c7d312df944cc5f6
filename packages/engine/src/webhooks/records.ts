import type { WebhookDeliveryStatus, WebhookEventType } from '@hearth/protocol';

/** One secret an endpoint's deliveries are signed with; a replaced one signs on until `expiresAt`. */
export interface WebhookSecretRecord {
  /** `whsec_` and the key in base64 (Standard Webhooks). */
  secret: string;
  /** Null for the current secret; when a rotated-out one stops signing (ms). */
  expiresAt: number | null;
}

/** An endpoint the community's events are POSTed to. */
export interface WebhookEndpointRecord {
  id: string;
  url: string;
  description: string | null;
  /** The events it receives (`webhook.test` always reaches it). */
  events: WebhookEventType[];
  /** A disabled endpoint gets no new deliveries; those already queued fail when their turn comes. */
  enabled: boolean;
  /** Newest first: the current secret, then rotated-out ones still signing. */
  secrets: WebhookSecretRecord[];
  createdAt: number;
  updatedAt: number;
}

/** One try at delivering. */
export interface WebhookAttemptRecord {
  /** When the request went out (ms). */
  at: number;
  durationMs: number;
  /** The response's HTTP status, or null when none came (network error, timeout). */
  status: number | null;
  /** Why it failed, or null when it succeeded. */
  error: string | null;
}

/**
 * One event for one endpoint: the outbox row written in the same transaction as the change it
 * reports, and afterwards its entry in the delivery log. Server instances take pending ones
 * when `dueAt` comes (see the server's webhook worker).
 */
export interface WebhookDeliveryRecord {
  /** `msg_…`: the `webhook-id` header, the same on every attempt, so receivers can drop repeats. */
  id: string;
  endpointId: string;
  event: WebhookEventType | 'webhook.test';
  payload: WebhookPayloadRecord;
  status: WebhookDeliveryStatus;
  attempts: WebhookAttemptRecord[];
  /** When an instance may next take it: the next attempt, or the end of an instance's hold on it (ms). */
  dueAt: number;
  /** The hold of the instance delivering it now, or null. */
  claim: string | null;
  createdAt: number;
}

/** What a delivery reports; the body sent is this with the community's id added, `{ type, timestamp, community, data }`. */
export interface WebhookPayloadRecord {
  type: WebhookEventType | 'webhook.test';
  /** ISO time of the change. */
  timestamp: string;
  data: Record<string, unknown>;
}
