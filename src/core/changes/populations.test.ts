import { describe, expect, it } from 'vitest';
import { populationWithin } from './populations.js';

describe('populationWithin', () => {
  it('keeps the kind inside the window, both ends included, sorted by day then id', () => {
    const records = [
      { id: 'b', kind: 'change' as const, occurredOn: '2026-10-02', label: 'x#2' },
      { id: 'a', kind: 'change' as const, occurredOn: '2026-10-02', label: 'x#1' },
      { id: 'c', kind: 'change' as const, occurredOn: '2026-09-30', label: 'x#0' },
      { id: 'd', kind: 'release' as const, occurredOn: '2026-10-01', label: 'x d' },
      { id: 'e', kind: 'change' as const, occurredOn: '2026-10-31', label: 'x#3' },
    ];
    const got = populationWithin(records, 'change', { start: '2026-10-01', end: '2026-10-31' });
    expect(got.map((r) => r.id)).toEqual(['a', 'b', 'e']);
  });
});
