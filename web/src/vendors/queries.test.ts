import { describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '../../../src/core/status-colors';
import { assuranceColor } from './queries';

const vendor = (status: 'current' | 'bridged' | 'stale' | 'none', criticality: 'critical' | 'low') => ({
  criticality,
  assurance: { status, latestKind: null, latestPeriodEnd: null, ageMonths: null, coveredUntil: null },
});

describe('the report-age badge colour', () => {
  it('is ready when current, at risk when bridged, and a gap when stale or missing for a critical vendor only', () => {
    expect(assuranceColor(vendor('current', 'critical'))).toBe(STATUS_COLORS.ready);
    expect(assuranceColor(vendor('bridged', 'critical'))).toBe(STATUS_COLORS['at-risk']);
    expect(assuranceColor(vendor('stale', 'critical'))).toBe(STATUS_COLORS.gap);
    expect(assuranceColor(vendor('none', 'critical'))).toBe(STATUS_COLORS.gap);
    expect(assuranceColor(vendor('stale', 'low'))).toBe(STATUS_COLORS['at-risk']);
    expect(assuranceColor(vendor('none', 'low'))).toBe(STATUS_COLORS['not-applicable']);
  });
});
