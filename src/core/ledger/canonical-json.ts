import { JsonTooDeepError } from '../json-bounds.js';

/**
 * The deepest nesting canonical JSON accepts: well above what validation
 * lets in (MAX_INPUT_DEPTH), well below what would overflow the stack.
 */
export const MAX_CANONICAL_DEPTH = 128;

/**
 * Canonical JSON: object keys sorted, no insignificant white space, `undefined`
 * members dropped. Two equal values always give the same string, which is
 * what makes the activity log's hashes reproducible on any machine. A value
 * nested deeper than {@link MAX_CANONICAL_DEPTH} is refused with
 * {@link JsonTooDeepError} rather than overflowing the stack.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, 0));
}

function sortKeys(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (depth >= MAX_CANONICAL_DEPTH) throw new JsonTooDeepError(MAX_CANONICAL_DEPTH, '');
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v, depth + 1)));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v, depth + 1);
  }
  return out;
}
