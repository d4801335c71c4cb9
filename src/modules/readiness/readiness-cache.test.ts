import { describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { cachedDerived } from './readiness-cache.js';

// The cache is keyed by database handle; any object stands for one here (nothing is read from it).
const handle = () => ({}) as Database;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the records-version cache', () => {
  it('computes a key once for callers that ask while it is being computed, and keeps the value', async () => {
    const db = handle();
    let computed = 0;
    const compute = async () => {
      computed++;
      await tick();
      return { n: computed };
    };
    const [a, b, c] = await Promise.all([
      cachedDerived(db, 'v1', compute),
      cachedDerived(db, 'v1', compute),
      cachedDerived(db, 'v1', compute),
    ]);
    expect(computed).toBe(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(await cachedDerived(db, 'v1', compute)).toBe(a);
    expect(computed).toBe(1);
  });

  it('computes other keys, and the same key of another handle, on their own', async () => {
    const db = handle();
    const other = handle();
    const seen: string[] = [];
    const compute = (label: string) => async () => {
      seen.push(label);
      await tick();
      return label;
    };
    const values = await Promise.all([
      cachedDerived(db, 'v1', compute('db v1')),
      cachedDerived(db, 'v2', compute('db v2')),
      cachedDerived(other, 'v1', compute('other v1')),
    ]);
    expect(values).toEqual(['db v1', 'db v2', 'other v1']);
    expect(seen.sort()).toEqual(['db v1', 'db v2', 'other v1']);
  });

  it('keeps no failure: every waiting caller gets the error, and the next one computes afresh', async () => {
    const db = handle();
    let calls = 0;
    const failing = async () => {
      calls++;
      await tick();
      throw new Error('store unavailable');
    };
    const results = await Promise.allSettled([
      cachedDerived(db, 'v1', failing),
      cachedDerived(db, 'v1', failing),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await cachedDerived(db, 'v1', async () => 'recovered')).toBe('recovered');
  });
});
