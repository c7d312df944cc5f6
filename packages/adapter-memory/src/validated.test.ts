// The whole kit again, with every response and realtime event checked against the
// protocol's schemas on the way out: what an HTTP adapter validating responses would
// see. A response that type-checks in memory but breaks its schema would fail there.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runAdapterConformance } from '@hearth/adapter-testkit';
import { ADAPTER_GROUPS, CommunityEvent, OPERATIONS, type BackendAdapter, type CallContext, type OperationName } from '@hearth/protocol';
import { createMemoryAdapter } from './memory-adapter.js';

type Schema = (typeof OPERATIONS)[OperationName]['output'];
type Method = (input: unknown, ctx: CallContext) => Promise<unknown>;

/** Every broken response or event of the running test, reported by `afterEach` even when the kit swallowed the throw. */
const violations: string[] = [];

/** Where `value` holds keys its schema does not declare (the parsed copy lost them), as paths. */
function undeclared(value: unknown, parsed: unknown, path: string[] = []): string[] {
  if (Array.isArray(value) && Array.isArray(parsed)) return value.flatMap((item, i) => undeclared(item, parsed[i], [...path, String(i)]));
  if (!isObject(value) || !isObject(parsed)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key in parsed ? undeclared(child, parsed[key], [...path, key]) : child === undefined ? [] : [[...path, key].join('.')],
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Records and throws when `value` breaks `schema` or carries fields the schema would strip. */
function check(what: string, schema: Schema | typeof CommunityEvent, value: unknown, rethrow = true): void {
  // The method form of `z.safeParse(schema, value)`: the same check, without a zod import here.
  const result = schema.safeParse(value);
  let problem: string | null = null;
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    problem = `${what} broke its schema at ${issues.join('; ')}`;
  } else {
    const extra = undeclared(value, result.data);
    if (extra.length > 0) problem = `${what} carried fields its schema does not declare (a validating client drops them): ${extra.join(', ')}`;
  }
  if (!problem) return;
  violations.push(problem);
  if (rethrow) throw new Error(problem);
}

/** The adapter with every operation's result and every delivered event checked; inputs pass through untouched. */
function validated(adapter: BackendAdapter): BackendAdapter {
  const checked = async (name: OperationName, call: Promise<unknown>) => {
    const result = await call;
    check(name, OPERATIONS[name].output, result);
    return result;
  };
  const comments: Record<string, unknown> = {};
  const groups: Record<string, Record<string, Method>> = {};
  for (const [name, op] of Object.entries(OPERATIONS) as Array<[OperationName, (typeof OPERATIONS)[OperationName]]>) {
    if (op.group === null) {
      const method = (adapter as unknown as Record<string, Method>)[op.name]!.bind(adapter);
      // `getSession` takes only the context on the adapter (`{}` on the wire).
      comments[op.name] = op.name === 'getSession' ? (ctx: CallContext) => checked(name, adapter.getSession(ctx)) : (input: unknown, ctx: CallContext) => checked(name, method(input, ctx));
      continue;
    }
    const group = adapter[op.group] as unknown as Record<string, Method> | undefined;
    if (!group) continue;
    const method = group[op.name]!.bind(group);
    (groups[op.group] ??= {})[op.name] = (input, ctx) => checked(name, method(input, ctx));
  }
  return {
    ...(comments as unknown as BackendAdapter),
    ...(Object.fromEntries(Object.entries(groups).map(([g, methods]) => [g, Object.freeze(methods)])) as Partial<BackendAdapter>),
    name: adapter.name,
    capabilities: adapter.capabilities,
    subscribe: (channel, listener) =>
      adapter.subscribe(channel, (event) => {
        // A listener's throw never reaches the test (the hub logs it), so the violation is
        // recorded for afterEach and the event still delivered.
        check(`event ${String((event as { type?: unknown }).type)} on ${channel}`, CommunityEvent, event, false);
        if (event.channel !== channel) violations.push(`event ${event.type} heard on ${channel} names channel ${event.channel}`);
        listener(event);
      }),
    close: () => adapter.close?.(),
  };
}

const report = async () => {
  // Let deliveries queued by the test's last write arrive first.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const found = violations.splice(0);
  if (found.length > 0) throw new Error(`Responses or events broke the protocol schemas:\n${found.join('\n')}`);
};
afterEach(report);
afterAll(report);

runAdapterConformance({ name: 'memory adapter, responses checked against the protocol schemas', create: (opts) => validated(createMemoryAdapter(opts)) });

describe('memory adapter against the operations table', () => {
  it('offers exactly the operations OPERATIONS lists, group by group (webhooks and access aside: a browser sends none and guards none)', () => {
    const adapter = createMemoryAdapter();
    expect(adapter.capabilities.webhooks).toBe(false);
    expect(adapter.webhooks).toBeUndefined();
    expect(adapter.capabilities.access).toBe(false);
    expect(adapter.access).toBeUndefined();
    const offered = [
      ...Object.keys(OPERATIONS).filter((name) => !name.includes('.') && typeof (adapter as unknown as Record<string, unknown>)[name] === 'function'),
      ...ADAPTER_GROUPS.flatMap((group) => Object.keys(adapter[group] ?? {}).map((name) => `${group}.${name}`)),
    ];
    expect(offered.sort()).toEqual(Object.keys(OPERATIONS).filter((name) => !name.startsWith('webhooks.') && !name.startsWith('access.')).sort());
  });

  it('fails loudly, naming the operation and the field, when a response breaks its schema', async () => {
    const adapter = createMemoryAdapter();
    const broken = validated({ ...adapter, getThread: async (input, ctx) => ({ ...(await adapter.getThread(input, ctx)), commentCount: -1 }) });
    await expect(broken.getThread({ threadKey: '/x' }, { viewer: null })).rejects.toThrow(/^getThread broke its schema at commentCount: /);
    const leaky = validated({ ...adapter, getThread: async (input, ctx) => ({ ...(await adapter.getThread(input, ctx)), secret: 'x' }) });
    await expect(leaky.getThread({ threadKey: '/x' }, { viewer: null })).rejects.toThrow(/getThread carried fields .*: secret$/);
    violations.splice(0);
  });
});
