import { describe, expect, it } from 'vitest';
import {
  assuranceAt,
  assuranceBadge,
  bridgedUntil,
  monthsBetween,
  planVendorFindingSync,
  type VendorFacts,
  vendorFindingSource,
  vendorFindings,
} from './rules.js';

const AT = '2026-12-07';
const report = (periodEnd: string, receivedOn = periodEnd) =>
  ({ kind: 'soc2-type2', periodStart: '2025-01-01', periodEnd, receivedOn }) as const;

const vendor = (over: Partial<VendorFacts> = {}): VendorFacts => ({
  id: 'v1',
  name: 'Okta',
  criticality: 'critical',
  ownerId: 'p1',
  ownerEmail: 'ada@example.com',
  contractEnd: null,
  nextReviewOn: '2027-06-01',
  reports: [report('2026-06-30')],
  bridgeLetters: [],
  cuecs: [],
  ...over,
});

describe('months between two dates', () => {
  it('counts whole months, never negative', () => {
    expect(monthsBetween('2025-09-30', '2026-12-07')).toBe(14);
    expect(monthsBetween('2025-12-07', '2026-12-07')).toBe(12);
    expect(monthsBetween('2025-12-08', '2026-12-07')).toBe(11);
    expect(monthsBetween('2026-12-07', '2026-12-01')).toBe(0);
  });
});

describe('bridge letters', () => {
  it('chain from the period end while each starts by the day after what is covered', () => {
    expect(bridgedUntil('2025-09-30', [])).toBe('2025-09-30');
    expect(
      bridgedUntil('2025-09-30', [
        { coveredFrom: '2026-04-01', coveredTo: '2026-12-31' },
        { coveredFrom: '2025-10-01', coveredTo: '2026-03-31' },
      ]),
    ).toBe('2026-12-31');
    expect(bridgedUntil('2025-09-30', [{ coveredFrom: '2025-10-15', coveredTo: '2026-12-31' }])).toBe(
      '2025-09-30',
    );
  });
});

describe('assurance at a date', () => {
  it('is current within 12 months of the period end, bridged or stale after, none without a report', () => {
    expect(assuranceAt([report('2026-06-30')], [], AT)).toMatchObject({ status: 'current', ageMonths: 5 });
    expect(assuranceAt([report('2025-12-07')], [], AT).status).toBe('current');
    expect(assuranceAt([report('2025-09-30')], [], AT)).toMatchObject({ status: 'stale', ageMonths: 14 });
    expect(
      assuranceAt([report('2025-09-30')], [{ coveredFrom: '2025-10-01', coveredTo: '2026-12-31' }], AT),
    ).toMatchObject({ status: 'bridged', coveredUntil: '2026-12-31' });
    expect(assuranceAt([], [], AT)).toEqual({
      status: 'none',
      latest: null,
      ageMonths: null,
      coveredUntil: null,
    });
  });
  it('reads the report with the latest period end, and only reports received by T', () => {
    expect(assuranceAt([report('2026-06-30'), report('2025-06-30')], [], AT).latest?.periodEnd).toBe(
      '2026-06-30',
    );
    expect(assuranceAt([report('2026-06-30', '2026-12-20')], [], AT).status).toBe('none');
  });
});

describe('the report-age badge', () => {
  it('says the age, and whether a bridge letter carries it or it is stale', () => {
    expect(assuranceBadge(assuranceAt([report('2026-06-30')], [], AT))).toBe('report 5 months old');
    expect(assuranceBadge(assuranceAt([report('2025-09-30')], [], AT))).toBe('report 14 months old (stale)');
    expect(
      assuranceBadge(
        assuranceAt([report('2025-09-30')], [{ coveredFrom: '2025-10-01', coveredTo: '2026-12-31' }], AT),
      ),
    ).toBe('report 14 months old (bridged to 2026-12-31)');
    expect(assuranceBadge(assuranceAt([report('2026-11-07')], [], AT))).toBe('report 1 month old');
    expect(assuranceBadge(assuranceAt([], [], AT))).toBe('no report');
  });
});

describe('vendor rule findings', () => {
  it('raise report-missing on a critical vendor whose report is older than 12 months and not bridged', () => {
    const found = vendorFindings([vendor({ reports: [report('2025-09-30')] })], AT);
    expect(found.map((f) => [f.rule, f.key, f.controlCodes, f.severity, f.ownerId])).toEqual([
      ['report-missing', 'vendor:v1', ['VM-03'], 'high', 'p1'],
    ]);
    expect(found[0]!.title).toBe(
      'Critical vendor Okta (owner ada@example.com) has no current assurance report',
    );
    expect(found[0]!.description).toMatch(/2025-09-30 \(14 months ago\).*2025-10-01 to 2026-12-07/);
  });
  it('raise nothing when a bridge letter covers the gap from the period end to T', () => {
    const bridged = vendor({
      reports: [report('2025-09-30')],
      bridgeLetters: [{ coveredFrom: '2025-10-01', coveredTo: '2026-12-31' }],
    });
    expect(vendorFindings([bridged], AT)).toEqual([]);
    // A letter ending before T leaves the gap open.
    const short = vendor({
      reports: [report('2025-09-30')],
      bridgeLetters: [{ coveredFrom: '2025-10-01', coveredTo: '2026-11-30' }],
    });
    expect(vendorFindings([short], AT).map((f) => f.rule)).toEqual(['report-missing']);
  });
  it('raise report-missing only on critical vendors, and on one with no report at all', () => {
    expect(vendorFindings([vendor({ criticality: 'high', reports: [] })], AT)).toEqual([]);
    expect(vendorFindings([vendor({ reports: [] })], AT)[0]!.description).toMatch(
      /no SOC 2 or ISO 27001 report/,
    );
  });
  it('raise review-overdue after the next review date (high for critical and high vendors, medium otherwise)', () => {
    expect(vendorFindings([vendor({ nextReviewOn: AT })], AT)).toEqual([]);
    const [overdue] = vendorFindings([vendor({ nextReviewOn: '2026-11-01' })], AT);
    expect(overdue).toMatchObject({
      rule: 'review-overdue',
      severity: 'high',
      controlCodes: ['VM-01'],
      title: 'Review of vendor Okta (owner ada@example.com) overdue since 2026-11-01',
    });
    expect(
      vendorFindings([vendor({ criticality: 'low', nextReviewOn: '2026-11-01' })], AT)[0]!.severity,
    ).toBe('medium');
  });
  it('raise cuec-unmapped for each CUEC without a control, on VM-06', () => {
    const found = vendorFindings(
      [
        vendor({
          cuecs: [
            { id: 'c1', ref: 'CUEC-1', description: 'Review user access', mappedControls: 0 },
            { id: 'c2', ref: 'CUEC-2', description: 'Protect credentials', mappedControls: 2 },
          ],
        }),
      ],
      AT,
    );
    expect(found.map((f) => [f.rule, f.key, f.controlCodes])).toEqual([
      ['cuec-unmapped', 'cuec:c1', ['VM-06']],
    ]);
    expect(found[0]!.title).toBe(
      'CUEC CUEC-1 of vendor Okta (owner ada@example.com) is not mapped to any control',
    );
  });
  it('judge no vendor whose contract ended before T', () => {
    expect(
      vendorFindings([vendor({ contractEnd: '2026-10-31', reports: [], nextReviewOn: '2026-01-01' })], AT),
    ).toEqual([]);
  });
  it('name their source by rule', () => {
    expect(vendorFindingSource('cuec-unmapped')).toBe('vendor-rule:cuec-unmapped');
  });
});

describe('finding sync plan', () => {
  it('opens what is wanted and not open, and resolves what is open and no longer wanted', () => {
    const wanted = vendorFindings([vendor({ nextReviewOn: '2026-11-01' })], AT);
    const plan = planVendorFindingSync(
      wanted,
      [
        { findingId: 'x1', rule: 'review-overdue', key: 'vendor:v1' },
        { findingId: 'x2', rule: 'report-missing', key: 'vendor:v1' },
      ],
      AT,
    );
    expect(plan).toEqual({ open: [], resolve: ['x2'] });
    const fresh = planVendorFindingSync(wanted, [], AT);
    expect(fresh.open.map((o) => [o.finding.key, o.dueOn])).toEqual([['vendor:v1', '2027-01-06']]);
  });
});
