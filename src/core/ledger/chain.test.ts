import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import {
  type ActivityEntryContent,
  checkEntry,
  entryHash,
  entryHashOfCanonicalChange,
  GENESIS_HASH,
  type StoredEntry,
} from './chain.js';

function buildChain(n: number): StoredEntry[] {
  const out: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: ActivityEntryContent = {
      chain: 'org-1',
      seq,
      orgId: 'org-1',
      at: `2026-11-29T00:00:0${seq % 10}.000Z`,
      actor: { type: 'system', id: 'cli', label: 'cli:test' },
      action: 'update',
      recordType: 'control',
      recordId: `c-${seq}`,
      change: { owner: [null, `p-${seq}`] },
    };
    const hash = entryHash(prev, content);
    out.push({ ...content, id: `e-${seq}`, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function firstBreak(entries: StoredEntry[]): number | null {
  let previous: StoredEntry | null = null;
  for (const [i, e] of entries.entries()) {
    if (checkEntry(previous, e)) return i;
    previous = e;
  }
  return null;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    // An own __proto__ key (as JSON.parse makes it) has always been left out, in order or not.
    expect(canonicalJson(JSON.parse('{"__proto__": {"x": 1}, "a": 1}'))).toBe('{"a":1}');
    expect(canonicalJson(JSON.parse('{"b": 1, "__proto__": {"x": 1}}'))).toBe('{"b":1}');
  });

  it('gives the same string for objects that differ only in key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it('writes what sorting every object into a copy writes, for objects already in order or not', () => {
    // The reference: every object copied with its keys sorted, as canonicalJson always did before it
    // learned to keep objects already in order.
    const copySorted = (v: unknown): unknown => {
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) return v.map((e) => (e === undefined ? null : copySorted(e)));
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const e = (v as Record<string, unknown>)[k];
        if (e !== undefined) out[k] = copySorted(e);
      }
      return out;
    };
    const inOrder = (v: unknown): unknown => JSON.parse(JSON.stringify(copySorted(v)));
    const key = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.nat().map(String),
      fc.constantFrom('a', 'b', '10', '9'),
    );
    const value = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.constant(undefined),
        fc.array(tie('json')),
        fc.dictionary(key, tie('json')),
      ),
    })).json;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (v) => {
        const expected = JSON.stringify(copySorted(v));
        expect(canonicalJson(v)).toBe(expected);
        expect(canonicalJson(inOrder(v))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('sorts each member once: a deep chain of objects in order over one that is not is written in one pass', () => {
    // Deciding whether an object can be kept must not sort its members again when it cannot (2^depth).
    let deep: unknown = { b: 1, a: 2 };
    for (let i = 0; i < 120; i++) deep = { a: deep };
    expect(canonicalJson(deep)).toBe(`${'{"a":'.repeat(120)}{"a":2,"b":1}${'}'.repeat(120)}`);
  });

  it('reads back to itself: the text parsed and encoded again is the same text', () => {
    // NHI imports store an observation's staged canonical text as it was read, instead of encoding it again.
    const key = fc.oneof(fc.string({ unit: 'binary' }), fc.nat().map(String));
    const value = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.string({ unit: 'binary' }),
        fc.double(),
        fc.array(tie('json')),
        fc.dictionary(key, tie('json')),
      ),
    })).json;
    fc.assert(
      fc.property(value, (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe('entryHashOfCanonicalChange', () => {
  it('hashes exactly what entryHash hashes for the same entry', () => {
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        fc.record({
          chain: text,
          seq: fc.nat(),
          orgId: fc.option(text, { nil: null }),
          at: text,
          actor: fc.record({
            type: fc.constantFrom('user', 'token', 'person', 'system'),
            id: text,
            label: text,
          }),
          action: text,
          recordType: text,
          recordId: text,
          change: fc.jsonValue(),
        }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        (entry, prev) => {
          const { change, ...rest } = entry;
          const changeText = canonicalJson(change ?? null);
          const stored = { ...rest, change: JSON.parse(changeText) as unknown };
          expect(entryHashOfCanonicalChange(prev, rest, changeText)).toBe(entryHash(prev, stored));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('checkEntry', () => {
  it('accepts an untouched chain', () => {
    expect(firstBreak(buildChain(20))).toBeNull();
  });

  it('finds an edited change at its own entry', () => {
    const chain = buildChain(10);
    chain[4]!.change = { owner: [null, 'someone-else'] };
    expect(firstBreak(chain)).toBe(4);
    expect(checkEntry(chain[3]!, chain[4]!)?.kind).toBe('hash');
  });

  it('finds a removed entry as a sequence break', () => {
    const chain = buildChain(10);
    chain.splice(6, 1);
    expect(firstBreak(chain)).toBe(6);
    expect(checkEntry(chain[5]!, chain[6]!)).toEqual({ kind: 'sequence', expected: 7 });
  });

  it('finds reordered entries', () => {
    const chain = buildChain(10);
    [chain[2], chain[3]] = [chain[3]!, chain[2]!];
    expect(firstBreak(chain)).toBe(2);
  });

  it('finds an entry rehashed after editing, through the next back-link', () => {
    const chain = buildChain(10);
    const e = chain[4]!;
    e.actor = { type: 'system', id: 'forged', label: 'forged' };
    const { id: _id, prevHash, hash: _h, ...content } = e;
    e.hash = entryHash(prevHash, content);
    expect(firstBreak(chain)).toBe(5);
    expect(checkEntry(chain[4]!, chain[5]!)?.kind).toBe('prev-hash');
  });

  it('detects any single-field edit anywhere (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 }), fc.string({ minLength: 1 }), (index, text) => {
        const chain = buildChain(15);
        const before = chain[index]!.recordId;
        fc.pre(text !== before);
        chain[index]!.recordId = text;
        expect(firstBreak(chain)).toBe(index);
      }),
    );
  });
});
