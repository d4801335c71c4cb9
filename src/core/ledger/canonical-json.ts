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

/**
 * The value with its objects' keys in sorted order (copies only where needed:
 * a plain object whose keys are already in order, with no undefined member
 * and nothing to change below it, is returned as it is, and so is such an
 * array; JSON.stringify then writes it exactly as it would the copy).
 */
function sortKeys(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (depth >= MAX_CANONICAL_DEPTH) throw new JsonTooDeepError(MAX_CANONICAL_DEPTH, '');
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const sorted = v === undefined ? null : sortKeys(v, depth + 1);
      if (copy === null && sorted !== v) copy = value.slice(0, i);
      if (copy !== null) copy.push(sorted);
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  // Each member sorted once; the object itself is kept when nothing needs a copy.
  let asIs = Object.getPrototypeOf(object) === Object.prototype;
  const sorted: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = object[key];
    if (i > 0 && !(keys[i - 1]! < key)) asIs = false;
    // An own `__proto__` key (JSON.parse makes one) always takes the copy, which has always left it out:
    // assigning it sets the copy's prototype instead.
    if (v === undefined || key === '__proto__') asIs = false;
    if (v === undefined) continue;
    sorted[i] = sortKeys(v, depth + 1);
    if (sorted[i] !== v) asIs = false;
  }
  if (asIs) return object;
  const order = keys.map((_, i) => i).sort((x, y) => (keys[x]! < keys[y]! ? -1 : 1));
  const out: Record<string, unknown> = {};
  for (const i of order) if (object[keys[i]!] !== undefined) out[keys[i]!] = sorted[i];
  return out;
}
