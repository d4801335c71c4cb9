import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputProblem, JsonTooDeepError, MAX_INPUT_DEPTH } from './json-bounds.js';
import { canonicalJson, MAX_CANONICAL_DEPTH } from './ledger/canonical-json.js';

/** An array nested `depth` levels deep (`[[[…]]]`), built without recursion. */
function nested(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

/** The nesting depth of arrays and objects, counted the slow, obvious way. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('inputProblem', () => {
  it('accepts values up to the limit and refuses one level more, naming the path', () => {
    expect(inputProblem(nested(MAX_INPUT_DEPTH))).toBeNull();
    const problem = inputProblem({ a: nested(MAX_INPUT_DEPTH) });
    expect(problem?.reason).toMatch(/nested deeper than 32 levels/);
    expect(problem?.path.startsWith('a.')).toBe(true);
  });

  it('refuses a 100,000-deep value without overflowing the stack', () => {
    expect(inputProblem(nested(100_000))?.reason).toMatch(/nested deeper/);
  });

  it('refuses U+0000 in a string value or a key, anywhere', () => {
    expect(inputProblem({ list: ['ok', 'a\u0000b'] })).toEqual({
      path: 'list.1',
      reason: 'contains the NUL character (U+0000)',
    });
    expect(inputProblem({ outer: { 'k\u0000': 1 } })?.path).toBe('outer.k\\u0000');
    expect(inputProblem('\u0000')?.path).toBe('');
  });

  it('refuses an unpaired surrogate in a value or a key, and accepts a whole pair', () => {
    expect(inputProblem({ name: '\ud800' })).toEqual({
      path: 'name',
      reason: 'contains an unpaired UTF-16 surrogate (\\uD800–\\uDFFF alone is not Unicode text)',
    });
    expect(inputProblem(['ok', 'x\udfffy'])?.path).toBe('1');
    expect(inputProblem({ o: { 'k\udc00': 1 } })?.path).toBe('o.k\ufffd');
    expect(inputProblem({ name: 'map 👩‍💻 \ud83d\ude00' })).toBeNull();
  });

  it('agrees with the obvious depth count on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 8 }), (value, limit) => {
        const text = JSON.stringify(value);
        const nul = text.includes('\\u0000') || /\\ud[89a-f]/i.test(text);
        const tooDeep = depthOf(value) > limit;
        const problem = inputProblem(value, limit);
        if (!nul && !tooDeep) expect(problem).toBeNull();
        if (tooDeep && !nul) expect(problem?.reason).toMatch(/nested deeper/);
        if (!tooDeep && nul) expect(problem?.reason).toMatch(/NUL|surrogate/);
      }),
    );
  });
});

describe('canonicalJson depth', () => {
  it('refuses a value deeper than its limit with JsonTooDeepError, not a stack overflow', () => {
    expect(() => canonicalJson(nested(10_000))).toThrow(JsonTooDeepError);
    expect(() => canonicalJson(nested(MAX_CANONICAL_DEPTH + 1))).toThrow(JsonTooDeepError);
    expect(JSON.parse(canonicalJson(nested(MAX_CANONICAL_DEPTH)))).toEqual(nested(MAX_CANONICAL_DEPTH));
  });
});
