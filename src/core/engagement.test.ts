import { describe, expect, it } from 'vitest';
import { engagementDates, inScopeCategories, soc2CategoryOf } from './engagement.js';
import type { Engagement } from './records.js';

const type2: Engagement = {
  id: 'e',
  type: 'type2',
  windowStart: '2026-07-01',
  windowEnd: '2026-12-31',
  fieldworkStart: '2027-01-15',
  categories: [],
};

describe('engagementDates', () => {
  it('anchors Type II on the window start and ends at the window end', () => {
    expect(engagementDates(type2)).toEqual({
      anchor: '2026-07-01',
      end: '2026-12-31',
      window: { start: '2026-07-01', end: '2026-12-31' },
      fieldworkStart: '2027-01-15',
    });
  });

  it('anchors Type I on the audit date, without window', () => {
    const dates = engagementDates({
      id: 'e',
      type: 'type1',
      auditDate: '2026-09-30',
      fieldworkStart: '2026-10-15',
      categories: [],
    });
    expect(dates).toEqual({
      anchor: '2026-09-30',
      end: '2026-09-30',
      window: null,
      fieldworkStart: '2026-10-15',
    });
  });

  it('names the missing or wrong field', () => {
    expect(() => engagementDates({ ...type2, windowStart: undefined })).toThrow(/engagement e: windowStart/);
    expect(() => engagementDates({ ...type2, windowEnd: '2026-06-31' })).toThrow(/windowEnd/);
    expect(() => engagementDates({ ...type2, windowEnd: '2026-06-30' })).toThrow(/ends before it starts/);
    expect(() => engagementDates({ ...type2, fieldworkStart: '' })).toThrow(/fieldworkStart/);
    expect(() => engagementDates({ ...type2, type: 'type1' })).toThrow(/auditDate/);
  });
});

describe('scope helpers', () => {
  it('always includes Security', () => {
    expect([...inScopeCategories({ ...type2, categories: ['privacy'] })].sort()).toEqual([
      'privacy',
      'security',
    ]);
  });

  it('reads the category of a SOC 2 criterion from its code', () => {
    expect(['CC1.1', 'CC9.2', 'A1.2', 'C1.1', 'PI1.3', 'P4.2', 'P8.1', 'cc6.1'].map(soc2CategoryOf)).toEqual([
      'security',
      'security',
      'availability',
      'confidentiality',
      'processing-integrity',
      'privacy',
      'privacy',
      'security',
    ]);
    expect(['CC10.1', 'A2.1', 'P9.1', 'X1.1', 'GV.RM-01', ''].map(soc2CategoryOf)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
