import { z } from 'zod';
import { AppError } from '../errors.js';

/** The largest page a list returns. */
export const MAX_PAGE = 500;

/** `?cursor=&limit=` on every list: limit defaults to 50, at most 500. */
export const pageQuerySchema = z.object({
  cursor: z.string().max(1000).optional().describe('opaque cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
});

/** The page parameters as a route receives them. */
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A page of a list: `{ items, nextCursor }`, where `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A page of items. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A page that also says how long the whole list is (lists shown as "N of M"). */
export type CountedPage<T> = Page<T> & { total: number };

/** Encodes a position in a list as an opaque base64url cursor. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor into its key, checked against `schema`; a tampered or foreign cursor is a 400. */
export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('invalid_input', 'the cursor is not valid');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('invalid_input', 'the cursor is not valid for this list');
  return parsed.data;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only proves a
 * next page exists; the cursor is the key of the last row returned.
 */
export function toPage<T, K>(rows: T[], limit: number, keyOf: (row: T) => K): Page<T> {
  const items = rows.slice(0, limit);
  const more = rows.length > limit && items.length > 0;
  return { items, nextCursor: more ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
}

/**
 * Pages a short, already ordered list held in memory (engagements,
 * exceptions, findings): the cursor is the id of the last item returned.
 */
export function pageInMemory<T extends { id: string }>(items: T[], query: PageQuery): Page<T> {
  const after = decodeCursor(query.cursor, z.string());
  const start = after === undefined ? 0 : items.findIndex((i) => i.id === after) + 1;
  if (after !== undefined && start === 0)
    throw new AppError('invalid_input', 'the cursor is not valid for this list');
  return toPage(items.slice(start, start + query.limit + 1), query.limit, (i) => i.id);
}
