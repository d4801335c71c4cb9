import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor, pageQuerySchema, toPage } from './pagination.js';

describe('cursor pagination', () => {
  it('round-trips any key through an opaque base64url cursor', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer({ min: 0 })), (key) => {
        const cursor = encodeCursor(key);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeCursor(cursor, z.union([z.string(), z.number()]))).toEqual(key);
      }),
    );
  });

  it('treats a missing cursor as the first page and refuses a tampered one with invalid_input', () => {
    expect(decodeCursor(undefined, z.string())).toBeUndefined();
    for (const bad of ['%%%', 'bm90IGpzb24', encodeCursor({ x: 1 })]) {
      expect(() => decodeCursor(bad, z.string())).toThrow(AppError);
      try {
        decodeCursor(bad, z.string());
      } catch (err) {
        expect((err as AppError).code).toBe('invalid_input');
      }
    }
  });

  it('turns limit + 1 rows into a page with a cursor only when more rows exist', () => {
    expect(toPage([1, 2, 3], 2, (n) => n)).toEqual({ items: [1, 2], nextCursor: encodeCursor(2) });
    expect(toPage([1, 2], 2, (n) => n)).toEqual({ items: [1, 2], nextCursor: null });
    expect(toPage([], 2, (n) => n)).toEqual({ items: [], nextCursor: null });
  });

  it('defaults the limit to 50 and caps it at 500', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(pageQuerySchema.parse({ limit: '500' }).limit).toBe(500);
    expect(pageQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
  });
});
