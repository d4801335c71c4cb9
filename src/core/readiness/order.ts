/** Plain code-unit string comparison: locale-independent, so results never vary by machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const CHUNKS = /(\d+)/;

/**
 * Compare codes the way people read them: digit runs by value, so `A.5.9`
 * comes before `A.5.10` and `CC2.1` before `CC10.1`. Ties fall back to plain
 * comparison so the order is total.
 */
export function naturalCompare(a: string, b: string): number {
  const x = a.split(CHUNKS);
  const y = b.split(CHUNKS);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string;
    const q = y[i] as string;
    // split() with a capture group puts digit runs at odd indexes.
    const c = i % 2 === 1 ? Number(p) - Number(q) || p.length - q.length : compareText(p, q);
    if (c !== 0) return c;
  }
  return x.length - y.length || compareText(a, b);
}
