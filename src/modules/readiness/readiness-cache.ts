import type { ReadinessResult } from '../../core/readiness/index.js';
import type { Database } from '../../platform/db/database.js';
import { SingleFlight } from '../../platform/single-flight.js';

/**
 * Readiness is a pure function of the stored records and the date, and every
 * write appends to the organization's ledger chain (catalog changes to the
 * installation chain). So the two chain heads are a version of everything
 * readiness reads: a result computed at the same heads, date and engagement
 * is still right, in this process or any other. Entries are kept per
 * database handle, newest last, a few per organization.
 */
const MAX_ENTRIES = 64;
interface Entry {
  result: ReadinessResult;
  /** The JSON text in UTF-8, made once on first demand (the API sends it as is). */
  json?: Buffer;
}
const caches = new WeakMap<Database, Map<string, Entry>>();

/** Computations in flight, per cache: callers of a key being computed wait for it (one computation per version). */
const flights = new SingleFlight();

/**
 * The value under `key` in the cache of `database` in `caches`, or computed,
 * stored and returned: least recently used first out, `MAX_ENTRIES` kept.
 * Callers asking for a key while it is being computed share that computation
 * (after a write, the requests that arrive together compute once).
 */
async function lru<T>(
  caches: WeakMap<Database, Map<string, T>>,
  database: Database,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  let cache = caches.get(database);
  if (!cache) {
    cache = new Map();
    caches.set(database, cache);
  }
  if (cache.has(key)) {
    const hit = cache.get(key) as T;
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = await flights.run(cache, key, compute);
  if (!cache.has(key)) {
    cache.set(key, value);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return value;
}

/** Returns the cached entry for the key, or computes, stores and returns it. */
export function cachedReadiness(
  database: Database,
  key: string,
  compute: () => Promise<ReadinessResult>,
): Promise<Entry> {
  return lru(caches, database, key, async () => ({ result: await compute() }));
}

const memos = new WeakMap<Database, Map<string, unknown>>();

/**
 * The same idea for any value derived from the records (the plan's next due
 * dates, the control list's crosswalks and owners): computed once per key,
 * whose caller puts the records version in it. Kept apart from the readiness
 * results, so that many small values never push a large result out.
 */
export function cachedDerived<T>(database: Database, key: string, compute: () => Promise<T>): Promise<T> {
  return lru(memos, database, key, compute) as Promise<T>;
}
