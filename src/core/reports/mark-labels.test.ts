import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeMarkLabels } from './mark-labels.js';

describe('burndown mark labels', () => {
  it('labels close marks once, with every name, and alternates sides between runs', () => {
    const placed = placeMarkLabels(
      [
        { date: '2026-11-14', label: 'Readiness' },
        { date: '2026-11-20', label: 'Policies' },
        { date: '2027-01-13', label: 'Window opens' },
        { date: '2027-07-12', label: 'First cycle' },
        { date: '2027-07-20', label: 'Freeze' },
        { date: '2027-08-09', label: 'Requests' },
      ],
      '2026-06-01',
      '2027-08-09',
    );
    expect(placed).toEqual([
      { label: 'Readiness · Policies', position: 'insideEndTop' },
      { label: null, position: 'insideEndTop' },
      { label: 'Window opens', position: 'insideEndBottom' },
      { label: 'First cycle · Freeze', position: 'insideEndTop' },
      { label: null, position: 'insideEndTop' },
      { label: 'Requests', position: 'insideEndBottom' },
    ]);
  });

  it('keeps every name exactly once and never puts two labelled marks closer than the gap', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 20 }), (offsets) => {
        const marks = [...offsets].sort((a, b) => a - b).map((n, i) => ({ date: day(n), label: `m${i}` }));
        const placed = placeMarkLabels(marks, day(0), day(400));
        expect(placed).toHaveLength(marks.length);
        const names = placed.flatMap((p) => (p.label ? p.label.split(' · ') : []));
        expect(names).toEqual(marks.map((m) => m.label));
        const labelled = placed.flatMap((p, i) => (p.label ? [offsets.length ? i : 0] : []));
        const at = [...offsets].sort((a, b) => a - b);
        for (let k = 1; k < labelled.length; k++)
          expect(at[labelled[k]!]! - at[labelled[k - 1]!]!).toBeGreaterThanOrEqual(0.05 * 400);
      }),
    );
  });
});
