/**
 * Deterministic order for everything the NHI rules return: results never
 * depend on the order of their inputs, nor on the machine's locale.
 */

/** A JSON value, as findings and lifecycle events carry them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Code-point comparison of two strings (no locale, unlike `localeCompare`). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON text with object keys sorted at every level, so equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareText(a, b));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** The key that identifies one identity across exports: provider + external id. */
export function identityKey(identity: { provider: string; externalId: string }): string {
  return `${identity.provider}\u0000${identity.externalId}`;
}

/**
 * Sort identities by provider, external id, then full content. Duplicates of
 * one key are ordered by content so that "the first" is the same whatever the
 * input order. Content is serialised only for ties: inventories are large and
 * duplicates rare.
 */
export function sortIdentities<I extends { provider: string; externalId: string }>(items: readonly I[]): I[] {
  const content = contentComparator<I>();
  return items
    .map((item) => ({ item, key: identityKey(item) }))
    .sort((a, b) => compareText(a.key, b.key) || content(a.item, b.item))
    .map(({ item }) => item);
}

/**
 * A comparator by full content (stable JSON) that serialises each value at
 * most once, and only when asked: sorts call it for ties alone.
 */
export function contentComparator<V extends object>(): (a: V, b: V) => number {
  const json = new WeakMap<V, string>();
  const content = (value: V) => {
    let text = json.get(value);
    if (text === undefined) {
      text = stableJson(value);
      json.set(value, text);
    }
    return text;
  };
  return (a, b) => (a === b ? 0 : compareText(content(a), content(b)));
}

/** One identity per key, the same one whatever the input order (the greatest by content wins). */
export function uniqueByKey<I extends { provider: string; externalId: string }>(
  items: readonly I[],
): Map<string, I> {
  const byKey = new Map<string, I>();
  for (const item of items) {
    const key = identityKey(item);
    const seen = byKey.get(key);
    if (seen === undefined || (seen !== item && compareText(stableJson(item), stableJson(seen)) > 0)) {
      byKey.set(key, item);
    }
  }
  return byKey;
}
