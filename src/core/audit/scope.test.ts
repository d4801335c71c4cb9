import { describe, expect, it } from 'vitest';
import type { Engagement } from '../records.js';
import { auditPeriod, isEvidenceInAuditPeriod } from './scope.js';

const type2: Engagement = {
  id: 'e2',
  type: 'type2',
  windowStart: '2026-01-01',
  windowEnd: '2026-06-30',
  fieldworkStart: '2026-07-15',
  categories: [],
};
const type1: Engagement = {
  id: 'e1',
  type: 'type1',
  auditDate: '2026-03-31',
  fieldworkStart: '2026-04-15',
  categories: [],
};
const period = (effectiveStart: string, effectiveEnd: string) => ({ effectiveStart, effectiveEnd });

describe('auditPeriod', () => {
  it('is the observation window of a Type II engagement', () => {
    expect(auditPeriod(type2)).toEqual({ start: '2026-01-01', end: '2026-06-30' });
  });
  it('runs up to the audit date of a Type I engagement', () => {
    expect(auditPeriod(type1).end).toBe('2026-03-31');
    expect(auditPeriod(type1).start < '2000-01-01').toBe(true);
  });
});

describe('isEvidenceInAuditPeriod', () => {
  it('includes evidence inside, overlapping either edge, or spanning the window', () => {
    expect(isEvidenceInAuditPeriod(period('2026-02-01', '2026-02-28'), type2)).toBe(true);
    expect(isEvidenceInAuditPeriod(period('2025-12-15', '2026-01-01'), type2)).toBe(true);
    expect(isEvidenceInAuditPeriod(period('2026-06-30', '2026-07-31'), type2)).toBe(true);
    expect(isEvidenceInAuditPeriod(period('2025-06-01', '2027-05-31'), type2)).toBe(true);
  });
  it('excludes evidence entirely before or after the window', () => {
    expect(isEvidenceInAuditPeriod(period('2025-12-01', '2025-12-31'), type2)).toBe(false);
    expect(isEvidenceInAuditPeriod(period('2026-07-01', '2026-07-31'), type2)).toBe(false);
  });
  it('Type I: includes evidence up to the audit date, excludes evidence starting after it', () => {
    expect(isEvidenceInAuditPeriod(period('2024-01-01', '2024-12-31'), type1)).toBe(true);
    expect(isEvidenceInAuditPeriod(period('2026-03-31', '2026-04-30'), type1)).toBe(true);
    expect(isEvidenceInAuditPeriod(period('2026-04-01', '2026-04-30'), type1)).toBe(false);
  });
});
