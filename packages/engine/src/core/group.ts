import type { CallContext } from '@hearth/protocol';
import type { Actor } from './core.js';

/**
 * The engine's side of an adapter group: the same methods, taking the untrusted input
 * (validated inside) and the acting viewer instead of a call context. Every public method
 * of a service is an operation of its group; helpers stay `#private`.
 */
export type EngineGroup<A> = {
  [K in keyof A]: A[K] extends (input: never, ctx: CallContext) => Promise<infer R> ? (input: unknown, viewer: Actor) => Promise<R> : never;
};
