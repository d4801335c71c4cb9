/** Values per `in (…)` list or multi-row statement: far below either engine's parameter limit. */
export const CHUNK = 300;

/** `values` in consecutive slices of at most `size`, for `where … in (…)` lists that must stay bounded. */
export function chunks<V>(values: readonly V[], size = CHUNK): V[][] {
  const out: V[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
