import * as z from 'zod/mini';

/** An opaque pagination cursor. Only the backend that made it reads it. */
export const Cursor = z.string().check(z.minLength(1), z.maxLength(1024));
export type Cursor = z.infer<typeof Cursor>;

/** Page size bounds shared by every list operation. */
export const PAGE_SIZE = { default: 20, max: 100 } as const;
export const PageSize = z.number().check(z.int(), z.minimum(1), z.maximum(PAGE_SIZE.max));

/** A generic page of items for list operations added later. */
export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
