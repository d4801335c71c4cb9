/**
 * Bounds on untrusted JSON-like values (request bodies, structured evidence
 * records): how deep containers may nest, and which characters no string
 * may hold. Checked iteratively, so a value nested 100,000 levels deep is
 * refused with a path instead of overflowing the stack.
 */

/** The deepest nesting of arrays and objects accepted in a request body or a record (the body itself is level 1). */
export const MAX_INPUT_DEPTH = 32;

/** Raised when a value nests deeper than a limit: bad input, never a defect. */
export class JsonTooDeepError extends Error {
  constructor(
    readonly limit: number,
    readonly path: string,
  ) {
    super(`${path || 'value'}: nested deeper than ${limit} levels of arrays and objects`);
    this.name = 'JsonTooDeepError';
  }
}

/** A problem found in an input value, with where it is (`a.b.0.c`; empty for the value itself). */
export interface InputProblem {
  path: string;
  reason: string;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === 'object' && !(value instanceof Date);
}

/** Why a string with half a UTF-16 surrogate pair is refused: UTF-8 cannot encode it, so storing it would change it. */
/** With the `u` flag a surrogate pair is one code point, so this matches only a surrogate without its partner. */
export const LONE_SURROGATE_RE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATE = 'contains an unpaired UTF-16 surrogate (\\uD800–\\uDFFF alone is not Unicode text)';

/**
 * The first problem of an untrusted value, or null: containers nested
 * deeper than `maxDepth`, or a string (value or object key) holding U+0000,
 * which PostgreSQL cannot store in text and SQLite would silently keep, or
 * an unpaired surrogate (a JSON `"\ud800"`), which both engines would store
 * as U+FFFD: the stored text would then differ from what was hashed.
 */
export function inputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value === 'string') {
      if (item.value.includes('\u0000'))
        return { path: item.path, reason: 'contains the NUL character (U+0000)' };
      if (LONE_SURROGATE_RE.test(item.value)) return { path: item.path, reason: LONE_SURROGATE };
      continue;
    }
    if (!isContainer(item.value)) continue;
    const depth = item.depth + 1;
    if (depth > maxDepth)
      return { path: item.path, reason: `nested deeper than ${maxDepth} levels of arrays and objects` };
    if (Array.isArray(item.value)) {
      item.value.forEach((v, i) => {
        stack.push({ value: v, path: join(item.path, i), depth });
      });
      continue;
    }
    for (const [key, v] of Object.entries(item.value)) {
      if (key.includes('\u0000'))
        return {
          path: join(item.path, key.replaceAll('\u0000', '\\u0000')),
          reason: 'a key contains the NUL character (U+0000)',
        };
      if (LONE_SURROGATE_RE.test(key))
        return {
          path: join(item.path, key.replace(LONE_SURROGATE_RE, '\uFFFD')),
          reason: `a key ${LONE_SURROGATE}`,
        };
      stack.push({ value: v, path: join(item.path, key), depth });
    }
  }
  return null;
}
