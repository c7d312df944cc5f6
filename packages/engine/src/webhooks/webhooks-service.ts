import {
  CreateWebhookInput,
  EmptyInput,
  HearthError,
  ListWebhookDeliveriesInput,
  PAGE_SIZE,
  RetryWebhookDeliveryInput,
  RotateWebhookSecretInput,
  SendTestWebhookInput,
  UpdateWebhookInput,
  WebhookRefInput,
  parseInput,
  type Member,
  type Page,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEventType,
  type WebhooksAdapter,
} from '@hearth/protocol';
import type { Actor, Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import type { Where } from '../collections.js';
import { decodePosition, encodePosition, scanPage } from '../moderation/paging.js';
import type { Store } from '../store.js';
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from './records.js';

/** At most this many endpoints per community. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

/** The most secrets signing one endpoint's deliveries at once: the current one and rotated-out ones. */
export const MAX_SECRETS = 5;

/** How long a rotated-out secret signs beside the new one unless the rotation says otherwise. */
export const DEFAULT_SECRET_OVERLAP_MS = 86_400_000;

/** What the other services call when something an endpoint may subscribe to happens. */
export interface WebhookHooks {
  /**
   * Queues `type` with `data` for every enabled endpoint subscribed to it, in the write `tx`
   * belongs to: the delivery commits with the change it reports, or neither does.
   */
  deliver(tx: Store, type: WebhookEventType, data: Record<string, unknown>, at: number): Promise<void>;
}

/** A new `whsec_` secret (Standard Webhooks): 32 random bytes in base64. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `whsec_${btoa(binary)}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The secrets of `record` still signing at `at`. */
function liveSecrets(record: WebhookEndpointRecord, at: number): WebhookEndpointRecord['secrets'] {
  return record.secrets.filter((s) => s.expiresAt === null || s.expiresAt > at);
}

function toEndpoint(record: WebhookEndpointRecord, at: number): WebhookEndpoint {
  // The last a rotated-out secret signs.
  const previous = liveSecrets(record, at)
    .filter((s) => s.expiresAt !== null)
    .sort((a, b) => b.expiresAt! - a.expiresAt!)[0];
  return {
    id: record.id,
    url: record.url,
    description: record.description,
    events: [...record.events],
    enabled: record.enabled,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    previousSecretExpiresAt: previous ? iso(previous.expiresAt!) : null,
  };
}

function withSecret(record: WebhookEndpointRecord, at: number): WebhookEndpointWithSecret {
  return { ...toEndpoint(record, at), secret: record.secrets[0]!.secret };
}

function toDelivery(record: WebhookDeliveryRecord): WebhookDelivery {
  return {
    id: record.id,
    endpointId: record.endpointId,
    event: record.event,
    status: record.status,
    attempts: record.attempts.map((a) => ({ at: iso(a.at), durationMs: a.durationMs, status: a.status, error: a.error })),
    nextAttemptAt: record.status === 'pending' ? iso(record.dueAt) : null,
    createdAt: iso(record.createdAt),
    payload: structuredClone(record.payload) as WebhookDelivery['payload'],
  };
}

/**
 * Outgoing webhooks, for admins (permission `manage`): endpoints with their events and
 * secrets, test deliveries, the delivery log and manual retries; and the `core.webhooks`
 * hook through which the other services queue deliveries inside their own writes. Sending
 * is the server's (its webhook worker takes due deliveries); an adapter without one does
 * not offer this group.
 *
 * The enabled endpoints' ids and events also sit on the community's settings record, which
 * every write reads already, so a write nobody subscribes to costs no extra read.
 */
export class WebhooksService implements EngineGroup<WebhooksAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    core.webhooks = { deliver: (tx, type, data, at) => this.#deliver(tx, type, data, at) };
  }

  /** Every endpoint, oldest first. */
  async listWebhooks(input: unknown, viewer: Actor): Promise<WebhookEndpoint[]> {
    parseInput(EmptyInput, input ?? {});
    const store = this.#core.store;
    await this.#admin(store, viewer);
    const at = this.#core.clock();
    return (await this.#endpoints(store)).map((record) => toEndpoint(record, at));
  }

  /** Adds an endpoint; the same `idempotencyKey` returns the first one, secret included. */
  async createWebhook(input: unknown, viewer: Actor): Promise<WebhookEndpointWithSecret> {
    const { url, events, description = null, idempotencyKey } = parseInput(CreateWebhookInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const actor = await this.#acting(tx, viewer, at);
      const fingerprint = JSON.stringify(['webhook', url, [...events].sort(), description]);
      const load = async (id: string) => {
        const record = await tx.collection('webhooks').get(id);
        if (!record) throw new HearthError('not_found', 'The webhook endpoint this key created has been deleted.');
        return withSecret(record, at);
      };
      return this.#core.once(
        tx,
        actor.id,
        idempotencyKey,
        fingerprint,
        async () => {
          if ((await this.#endpoints(tx)).length >= MAX_WEBHOOK_ENDPOINTS) {
            throw new HearthError('conflict', `A community has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints. Delete one you no longer use first.`);
          }
          const record: WebhookEndpointRecord = {
            id: this.#core.ids(),
            url,
            description,
            events: unique(events),
            enabled: true,
            secrets: [{ secret: newSecret(), expiresAt: null }],
            createdAt: at,
            updatedAt: at,
          };
          await tx.collection('webhooks').insert(record);
          await this.#syncTargets(tx);
          await this.#core.audit(tx, { action: 'webhook.create', actor, target: `webhook:${record.id}`, at, data: { host: hostOf(url) } });
          return { id: record.id, result: withSecret(record, at) };
        },
        load,
        at,
      );
    });
  }

  /** Changes the URL, events, description or whether it is on; an unchanged request changes nothing. */
  async updateWebhook(input: unknown, viewer: Actor): Promise<WebhookEndpoint> {
    const { id, url, events, description, enabled } = parseInput(UpdateWebhookInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const actor = await this.#acting(tx, viewer, at);
      const record = await this.#endpoint(tx, id);
      const patch: Partial<WebhookEndpointRecord> = {};
      if (url !== undefined && url !== record.url) patch.url = url;
      if (events !== undefined && JSON.stringify(unique(events)) !== JSON.stringify(record.events)) patch.events = unique(events);
      if (description !== undefined && description !== record.description) patch.description = description;
      if (enabled !== undefined && enabled !== record.enabled) patch.enabled = enabled;
      const changed = Object.keys(patch).sort();
      if (changed.length === 0) return toEndpoint(record, at);
      const next = await tx.collection('webhooks').update(id, { ...patch, updatedAt: at });
      await this.#syncTargets(tx);
      await this.#core.audit(tx, { action: 'webhook.update', actor, target: `webhook:${id}`, at, data: { changed: changed.join(',') } });
      return toEndpoint(next!, at);
    });
  }

  /** Removes an endpoint: no new deliveries; queued ones fail when their turn comes; the log stays. */
  async deleteWebhook(input: unknown, viewer: Actor): Promise<WebhookEndpoint> {
    const { id } = parseInput(WebhookRefInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const actor = await this.#acting(tx, viewer, at);
      const record = await this.#endpoint(tx, id);
      await tx.collection('webhooks').remove(id);
      await this.#syncTargets(tx);
      await this.#core.audit(tx, { action: 'webhook.delete', actor, target: `webhook:${id}`, at, data: { host: hostOf(record.url) } });
      return toEndpoint(record, at);
    });
  }

  /** A new current secret; the one it replaces signs beside it for `overlapMs` (24 hours unless said); earlier ones keep their end. */
  async rotateWebhookSecret(input: unknown, viewer: Actor): Promise<WebhookEndpointWithSecret> {
    const { id, overlapMs = DEFAULT_SECRET_OVERLAP_MS } = parseInput(RotateWebhookSecretInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const actor = await this.#acting(tx, viewer, at);
      const record = await this.#endpoint(tx, id);
      const [current, ...older] = liveSecrets(record, at);
      // Secrets rotated out earlier keep their own end: a rotation sent twice must not stop the
      // one a receiver still checks with. At most MAX_SECRETS sign at once.
      const replaced = current && overlapMs > 0 ? [{ secret: current.secret, expiresAt: at + overlapMs }] : [];
      const secrets = [{ secret: newSecret(), expiresAt: null }, ...replaced, ...older].slice(0, MAX_SECRETS);
      const next = await tx.collection('webhooks').update(id, { secrets, updatedAt: at });
      await this.#core.audit(tx, { action: 'webhook.rotate_secret', actor, target: `webhook:${id}`, at, data: { overlapMs } });
      return withSecret(next!, at);
    });
  }

  /** Queues a `webhook.test` delivery to the endpoint, whether it is on and whatever its events. */
  async sendTestWebhook(input: unknown, viewer: Actor): Promise<WebhookDelivery> {
    const { id, idempotencyKey } = parseInput(SendTestWebhookInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const actor = await this.#acting(tx, viewer, at);
      const load = async (deliveryId: string) => toDelivery((await tx.collection('webhookDeliveries').get(deliveryId))!);
      return this.#core.once(
        tx,
        actor.id,
        idempotencyKey,
        JSON.stringify(['webhook.test', id]),
        async () => {
          const endpoint = await this.#endpoint(tx, id);
          const data = { endpointId: endpoint.id, message: 'A test delivery from Hearth: this endpoint is reachable and its signature checks out.', sentBy: actor.id };
          const record = this.#record(endpoint.id, 'webhook.test', data, at);
          await tx.collection('webhookDeliveries').insert(record);
          return { id: record.id, result: toDelivery(record) };
        },
        load,
        at,
      );
    });
  }

  /** The delivery log, newest first, of one endpoint or all, optionally by status. */
  async listWebhookDeliveries(input: unknown, viewer: Actor): Promise<Page<WebhookDelivery>> {
    const { endpointId, status, cursor, limit = PAGE_SIZE.default } = parseInput(ListWebhookDeliveriesInput, input ?? {});
    const after = cursor === undefined ? null : decodePosition('webhookDeliveries', cursor);
    const store = this.#core.store;
    await this.#admin(store, viewer);
    const where: Where<WebhookDeliveryRecord> = {
      ...(endpointId ? { endpointId } : {}),
      ...(status ? { status } : {}),
      ...(after ? { createdAt: { lte: after.at } } : {}),
    };
    const deliveries = store.collection('webhookDeliveries');
    const page = await scanPage<WebhookDeliveryRecord, WebhookDelivery>({
      direction: 'desc',
      after,
      limit,
      at: (r) => r.createdAt,
      fetch: (offset, count) => deliveries.find({ where, orderBy: [['createdAt', 'desc'], ['id', 'desc']], offset, limit: count }),
      accept: async (record) => toDelivery(record),
    });
    return { items: page.items, nextCursor: page.more && page.last ? encodePosition('webhookDeliveries', page.last) : null };
  }

  /**
   * Makes a delivery due now. A failed one gets one more attempt at once; if that fails too, it
   * carries on where its retries stopped (one that used them all fails again). One an instance
   * is sending right now is left to it.
   */
  async retryWebhookDelivery(input: unknown, viewer: Actor): Promise<WebhookDelivery> {
    const { id } = parseInput(RetryWebhookDeliveryInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const actor = await this.#acting(tx, viewer, at);
      const record = await tx.collection('webhookDeliveries').get(id);
      if (!record) throw new HearthError('not_found', 'There is no such webhook delivery.');
      if (record.status === 'pending' && record.claim !== null && record.dueAt > at) {
        throw new HearthError('conflict', 'This delivery is being sent right now; look again in a moment.');
      }
      const next = await tx.collection('webhookDeliveries').update(id, { status: 'pending', dueAt: at, claim: null });
      await this.#core.audit(tx, { action: 'webhook.retry', actor, target: `webhook:${record.endpointId}`, at, data: { delivery: id } });
      return toDelivery(next!);
    });
  }

  async #deliver(tx: Store, type: WebhookEventType, data: Record<string, unknown>, at: number): Promise<void> {
    const targets = (await tx.collection('settings').get('community'))?.webhooks ?? [];
    for (const target of targets) {
      if (target.events.includes(type)) await tx.collection('webhookDeliveries').insert(this.#record(target.id, type, data, at));
    }
  }

  #record(endpointId: string, type: WebhookDeliveryRecord['event'], data: Record<string, unknown>, at: number): WebhookDeliveryRecord {
    return {
      id: `msg_${this.#core.ids()}`,
      endpointId,
      event: type,
      payload: { type, timestamp: iso(at), data },
      status: 'pending',
      attempts: [],
      dueAt: at,
      claim: null,
      createdAt: at,
    };
  }

  /** Puts the enabled endpoints' ids and events on the settings record (see the class note). */
  async #syncTargets(tx: Store): Promise<void> {
    const targets = (await this.#endpoints(tx)).filter((e) => e.enabled).map((e) => ({ id: e.id, events: [...e.events] }));
    const settings = tx.collection('settings');
    const stored = await settings.get('community');
    await settings.put({ ...(stored ?? { id: 'community' }), webhooks: targets });
  }

  async #endpoints(store: Store): Promise<WebhookEndpointRecord[]> {
    return store.collection('webhooks').find({ orderBy: [['createdAt', 'asc'], ['id', 'asc']] });
  }

  async #endpoint(tx: Store, id: string): Promise<WebhookEndpointRecord> {
    const record = await tx.collection('webhooks').get(id);
    if (!record) throw new HearthError('not_found', 'There is no such webhook endpoint.', { issues: [{ path: 'id', message: 'No such endpoint.' }] });
    return record;
  }

  async #acting(tx: Store, viewer: Actor, at: number): Promise<Member> {
    const acting = await this.#core.act(tx, viewer, at);
    this.#core.require(acting.member, 'manage');
    return acting.member;
  }

  async #admin(store: Store, viewer: Actor): Promise<void> {
    const known = await this.#core.known(store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to take part.');
    this.#core.require(known.member, 'manage');
  }
}

/**
 * What the audit log keeps of a URL: its host. Moderators read the log, and chat-style webhook
 * URLs carry their secret in the path.
 */
function hostOf(url: string): string {
  return new URL(url).host;
}

function unique(events: readonly WebhookEventType[]): WebhookEventType[] {
  return [...new Set(events)].sort();
}
