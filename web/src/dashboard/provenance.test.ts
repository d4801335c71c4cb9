import { describe, expect, it } from 'vitest';
import { provenanceText, provenanceTrendOption } from './provenance';

describe('provenanceText', () => {
  it('says the share in percent with the counts, or that there is nothing', () => {
    expect(provenanceText({ system: 54, manual: 21, systemShare: 0.72 })).toBe(
      '72% system-generated (54 of 75)',
    );
    expect(provenanceText({ system: 0, manual: 0, systemShare: null })).toBe('no current evidence');
  });
});

describe('provenanceTrendOption', () => {
  it('draws the weekly share in percent, leaving weeks without evidence empty', () => {
    const option = provenanceTrendOption([
      { week: '2026-11-16', system: 0, manual: 0, systemShare: null },
      { week: '2026-11-23', system: 1, manual: 3, systemShare: 0.25 },
    ]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['2026-11-16', '2026-11-23']);
    expect((option.series as { data: (number | null)[] }[])[0]!.data).toEqual([null, 25]);
  });
});
