import { WRITES, type AdapterCapabilities, type AdapterGroups, type BackendAdapter, type CallContext, type OperationKey } from '@hearth/protocol';
import { call, type Http } from './request.js';
import { Subscriptions } from './subscriptions.js';
import { Tokens } from './tokens.js';

/** How to reach a server that speaks Hearth's HTTP binding (see the package README). */
export interface HttpAdapterOptions {
  /** The server's base URL, e.g. `https://community.example.com` (routes go under `/v1/`). */
  endpoint: string;
  /** The community id, sent as `Hearth-Community`, where one server hosts several. */
  community?: string;
  /** The bearer token to send when the call's viewer carries none. */
  token?: string;
  /**
   * Called when a request sent with a token is answered 401: resolve a new token and the
   * request is sent once more with it; resolve null (or reject) and it fails `unauthorized`.
   */
  refreshToken?: () => Promise<string | null>;
  /** The fetch to use. Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** How long one request may take, in milliseconds. Defaults to 15000. */
  timeoutMs?: number;
  /** How many times a request safe to repeat is retried. Defaults to 2. */
  retries?: number;
  /** What the server supports. Defaults to everything, with `persistence: 'server'`. */
  capabilities?: Partial<AdapterCapabilities>;
}

const ALL: AdapterCapabilities = {
  realtime: true,
  moderation: true,
  reactions: true,
  uploads: true,
  analytics: true,
  persistence: 'server',
  community: true,
  feed: true,
  qa: true,
  polls: true,
  feedback: true,
  gamification: true,
  webhooks: true,
  access: true,
};

/** The capability that declares each group; `members` comes with `community`. */
function capabilityOf(group: keyof AdapterGroups): Exclude<keyof AdapterCapabilities, 'persistence'> {
  return group === 'members' ? 'community' : group;
}

/**
 * A `BackendAdapter` for any server that implements Hearth's HTTP binding: JSON routes
 * under `/v1/`, and Server-Sent Events at `/v1/events` for `subscribe`. Every answer is
 * checked against the protocol's schemas (loaded in the background as the adapter is
 * made, so they stay out of the page's first bundle); failures reject with `HearthError`.
 *
 * @example
 * const adapter = createHttpAdapter({
 *   endpoint: 'https://community.example.com',
 *   refreshToken: async () => (await fetch('/session/hearth-token')).text(),
 * });
 * const page = await adapter.listComments({ threadKey: '/pricing' }, { viewer: { id: 'u1', displayName: 'Ada', token } });
 */
export function createHttpAdapter(options: HttpAdapterOptions): BackendAdapter {
  // Schemas and the event stream download alongside the first request, off the first bundle.
  const lazy = import('./lazy.js');
  // A failed load is reported by the first call that needs it, not as an unhandled rejection.
  lazy.catch(() => {});
  const http: Http = {
    endpoint: options.endpoint.replace(/\/+$/, ''),
    community: options.community,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 15_000,
    retries: options.retries ?? 2,
    tokens: new Tokens(options.token, options.refreshToken),
    lazy,
    streamReady: () => events.ready(),
  };
  const events = new Subscriptions(http);
  const capabilities = { ...ALL, ...options.capabilities };
  const adapter: Record<string, unknown> = {
    name: 'http',
    capabilities,
    getSession: (ctx: CallContext) => call(http, 'getSession', {}, ctx),
    subscribe: events.subscribe.bind(events),
    openGuestSession: (input: unknown, ctx: CallContext) => call(http, 'openGuestSession', input, ctx),
    close: () => events.close(),
  };
  // Every other method is the same call under another name, so build them from the table.
  for (const op of Object.keys(WRITES) as OperationKey[]) {
    if (op === 'getSession') continue;
    const [group, method] = op.split('.') as [string, string?];
    const operation = (input: unknown, ctx: CallContext) => call(http, op, input, ctx);
    if (!method) adapter[op] = operation;
    else if (capabilities[capabilityOf(group as keyof AdapterGroups)]) ((adapter[group] ??= {}) as Record<string, unknown>)[method] = operation;
  }
  return adapter as unknown as BackendAdapter;
}
