import { describe, expect, it } from 'vitest';
import { buildControl, buildInput, buildSoc2, buildType2 } from '../../../test/builders/readiness-input.js';
import { computeReadiness } from './compute-readiness.js';
import { isCriterionInScope, isInScope } from './scope.js';

const security = new Set(['security'] as const);

describe('isInScope', () => {
  it('keeps controls mapped to an in-scope SOC 2 category', () => {
    expect(isInScope(buildControl(), security)).toBe(true);
    expect(
      isInScope(buildControl({ mappings: [{ frameworkId: 'soc2', criterionCode: 'A1.2' }] }), security),
    ).toBe(false);
    const both = buildControl({
      mappings: [
        { frameworkId: 'soc2', criterionCode: 'A1.2' },
        { frameworkId: 'soc2', criterionCode: 'CC7.1' },
      ],
    });
    expect(isInScope(both, security)).toBe(true);
  });

  it('keeps controls with no SOC 2 mapping at all, and everything without an engagement', () => {
    expect(
      isInScope(buildControl({ mappings: [{ frameworkId: 'iso27001', criterionCode: 'A.5.15' }] }), security),
    ).toBe(true);
    expect(isInScope(buildControl({ mappings: [] }), security)).toBe(true);
    expect(
      isInScope(buildControl({ mappings: [{ frameworkId: 'soc2', criterionCode: 'P4.2' }] }), null),
    ).toBe(true);
  });

  it('limits SOC 2 criteria to the categories, other frameworks untouched', () => {
    expect(isCriterionInScope('soc2', 'PI1.3', security)).toBe(false);
    expect(isCriterionInScope('soc2', 'CC9.2', security)).toBe(true);
    expect(isCriterionInScope('nist-csf', 'GV.RM-01', security)).toBe(true);
  });
});

describe('scope in computeReadiness', () => {
  it('lists out-of-scope controls by id only, and always includes Security', () => {
    const input = buildInput({
      engagement: buildType2({
        categories: ['availability'],
        windowStart: '2026-09-01',
        windowEnd: '2027-02-28',
      }),
      controls: [
        buildControl(),
        buildControl({ id: 'c2', code: 'PR-01', mappings: [{ frameworkId: 'soc2', criterionCode: 'P1.1' }] }),
        buildControl({ id: 'c3', code: 'BC-01', mappings: [{ frameworkId: 'soc2', criterionCode: 'A1.2' }] }),
      ],
      frameworks: [buildSoc2()],
    });
    const result = computeReadiness(input);
    expect(result.outOfScope).toEqual(['c2']);
    expect(result.controls.map((c) => c.controlId)).toEqual(['c1', 'c3']);
    expect(result.summary).toMatchObject({ inScope: 2, outOfScope: 1 });
    expect(result.criteria.map((c) => c.code)).toEqual(['A1.1', 'CC6.1', 'CC6.2', 'CC7.1']);
  });
});
