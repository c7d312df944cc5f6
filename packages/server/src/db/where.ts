import { isCondition, type FindQuery, type Where } from '@hearth/engine';

/** Collects statement parameters and hands out their `$n` placeholders. */
export class Params {
  readonly values: unknown[];

  constructor(...initial: unknown[]) {
    this.values = initial;
  }

  /** The placeholder of a new parameter holding `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const NULL = `'null'::jsonb`;

type Range = 'gt' | 'gte' | 'lt' | 'lte';
const RANGE_SQL: Record<Range, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * Turns a collection `where` into SQL over the row's `data jsonb` (and its `id` column),
 * with exactly the semantics of `matches` from `@hearth/engine`:
 * - a plain value is strict equality; `null` matches null and absent fields; an object or
 *   array value never matches (the memory store compares them by reference);
 * - `in` is membership by strict equality, `ne` excludes strict equals (so `ne: null` keeps
 *   absent fields), `has` tests an array field for an element;
 * - ranges never match null or absent fields and compare like `compareValues`: numbers as
 *   numbers, booleans false < true, anything else as text in `COLLATE "C"` (code-point)
 *   order, which is JavaScript's code-unit order except between characters U+E000–U+FFFF
 *   and characters beyond U+FFFF (emoji), which code points put the other way round.
 *   Mixed types compare as text, as `String()` would write them; numbers past 1e21 or below
 *   1e-6 and arrays are written differently by PostgreSQL and JavaScript there, so avoid
 *   ranges across mixed types on such values.
 * Equality on a field is `data->'field' = $n::jsonb`, which the collections' expression
 * indexes serve.
 */
export function whereSql(where: Where<unknown> | undefined, params: Params): string {
  const clauses: string[] = [];
  for (const [field, condition] of Object.entries(where ?? {}) as Array<[string, unknown]>) {
    if (condition === undefined) continue;
    const x = fieldSql(field);
    if (!isCondition(condition)) {
      clauses.push(equals(field, x, condition, params));
      continue;
    }
    const c = condition as Partial<Record<'in' | 'ne' | Range | 'has', unknown>>;
    if (c.in !== undefined) clauses.push(within(field, x, c.in as readonly unknown[], params));
    if ('ne' in c) clauses.push(notEquals(x, c.ne, params));
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) if (c[op] !== undefined) clauses.push(range(x, op, c[op], params));
    if (c.has !== undefined) clauses.push(has(x, c.has, params));
  }
  return clauses.length === 0 ? 'TRUE' : clauses.join(' AND ');
}

/**
 * `ORDER BY` for `query.orderBy` with `compareValues`'s order: null and absent first
 * ascending (last descending), numbers numerically, strings in code-point order, booleans
 * false first; ties (and records equal on every key) by id ascending. A field mixing types
 * groups numbers before strings before booleans.
 */
export function orderSql(orderBy: FindQuery<unknown>['orderBy']): string {
  const keys: string[] = [];
  for (const [field, direction] of (orderBy ?? []) as ReadonlyArray<readonly [string, 'asc' | 'desc']>) {
    const dir = direction === 'desc' ? 'DESC' : 'ASC';
    if (field === 'id') {
      keys.push(`id ${dir}`);
      continue;
    }
    const x = fieldSql(field);
    keys.push(
      `(coalesce(${x}, ${NULL}) <> ${NULL}) ${dir}`,
      `(CASE WHEN jsonb_typeof(${x}) = 'number' THEN (${x})::numeric END) ${dir}`,
      `(CASE WHEN jsonb_typeof(${x}) = 'string' THEN ${x} #>> '{}' END) COLLATE "C" ${dir}`,
      `(CASE WHEN jsonb_typeof(${x}) = 'boolean' THEN (${x})::boolean END) ${dir}`,
    );
  }
  keys.push('id ASC');
  return keys.join(', ');
}

/** `LIMIT`/`OFFSET` as `find` applies them. */
export function pageSql(query: FindQuery<unknown>, params: Params): string {
  let sql = '';
  if (query.limit !== undefined) sql += ` LIMIT ${params.add(query.limit)}`;
  if (query.offset) sql += ` OFFSET ${params.add(query.offset)}`;
  return sql;
}

/** `data->'field'`, with the name as an escaped literal so expression indexes match. */
function fieldSql(field: string): string {
  if (field.includes('\u0000')) throw new Error(`A collection field name cannot contain a NUL character (${JSON.stringify(field)}).`);
  return `(data->'${field.replaceAll("'", "''")}')`;
}

/** Values JSON and SQL store the same way and `===` can match. */
function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function equals(field: string, x: string, value: unknown, params: Params): string {
  if (value === null) return `coalesce(${x}, ${NULL}) = ${NULL}`;
  if (field === 'id' && typeof value === 'string') return `id = ${params.add(value)}`;
  if (!isScalar(value)) return 'FALSE';
  return `${x} = ${params.add(JSON.stringify(value))}::jsonb`;
}

function within(field: string, x: string, list: readonly unknown[], params: Params): string {
  if (field === 'id' && list.length > 0 && list.every((v) => typeof v === 'string')) return `id = ANY(${params.add(list)}::text[])`;
  const json = list.filter((v) => v === null || isScalar(v)).map((v) => JSON.stringify(v));
  const parts: string[] = [];
  if (json.length > 0) parts.push(`${x} = ANY(${params.add(json)}::text[]::jsonb[])`);
  if (list.includes(undefined)) parts.push(`${x} IS NULL`);
  return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
}

function notEquals(x: string, value: unknown, params: Params): string {
  if (value === undefined) return `${x} IS NOT NULL`;
  if (value === null) return `${x} IS DISTINCT FROM ${NULL}`;
  if (!isScalar(value)) return 'TRUE';
  return `${x} IS DISTINCT FROM ${params.add(JSON.stringify(value))}::jsonb`;
}

function range(x: string, op: Range, value: unknown, params: Params): string {
  const present = `coalesce(${x}, ${NULL}) <> ${NULL}`;
  if (value === null) return op === 'gt' || op === 'gte' ? present : 'FALSE';
  const sqlOp = RANGE_SQL[op];
  const asText = `(CASE WHEN jsonb_typeof(${x}) = 'object' THEN '[object Object]' ELSE ${x} #>> '{}' END) COLLATE "C" ${sqlOp} ${params.add(String(value))}`;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return `(${present} AND CASE WHEN jsonb_typeof(${x}) = 'number' THEN (${x})::numeric ${sqlOp} ${params.add(String(value))}::numeric ELSE ${asText} END)`;
  }
  if (typeof value === 'boolean') {
    return `(${present} AND CASE WHEN jsonb_typeof(${x}) = 'boolean' THEN (${x})::boolean ${sqlOp} ${params.add(value)}::boolean ELSE ${asText} END)`;
  }
  return `(${present} AND ${asText})`;
}

function has(x: string, value: unknown, params: Params): string {
  if (value !== null && !isScalar(value)) return 'FALSE';
  return `(jsonb_typeof(${x}) = 'array' AND ${x} @> jsonb_build_array(${params.add(JSON.stringify(value))}::jsonb))`;
}
