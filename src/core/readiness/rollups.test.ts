import { describe, expect, it } from 'vitest';
import {
  buildControl,
  buildEvidence,
  buildException,
  buildInput,
  buildRequirement,
  buildSoc2,
  buildType2,
  T,
} from '../../../test/builders/readiness-input.js';
import { addDays } from '../dates.js';
import { computeReadiness } from './compute-readiness.js';
import { criteriaScore, criterionStatus, emptyCriterionCounts } from './rollup-criteria.js';
import type { ReadinessFramework } from './types.js';

const soc2 = (code: string) => ({ frameworkId: 'soc2', criterionCode: code });
const iso: ReadinessFramework = {
  id: 'iso27001',
  name: 'ISO/IEC 27001:2022 Annex A',
  groups: [{ code: 'A.5', title: 'Organizational controls' }],
  criteria: [
    { code: 'A.5.16', group: 'A.5', title: 'Identity management' },
    { code: 'A.5.9', group: 'A.5', title: 'Inventory of information' },
  ],
};
const staleSoonEnd = addDays(T, 5 - 114);

/** c1 ready, c2 gap (no owner), c3 excepted, c4 not applicable, c5 at risk. */
const input = buildInput({
  controls: [
    buildControl({
      mappings: [soc2('CC6.1'), soc2('CC6.2'), { frameworkId: 'iso27001', criterionCode: 'A.5.16' }],
    }),
    buildControl({ id: 'c2', code: 'AC-04', ownerId: null, mappings: [soc2('CC6.1')] }),
    buildControl({ id: 'c3', code: 'AC-05', mappings: [soc2('CC7.1')] }),
    buildControl({
      id: 'c4',
      code: 'PE-01',
      status: 'not-applicable',
      naJustification: 'Fully remote',
      mappings: [soc2('A1.1'), { frameworkId: 'iso27001', criterionCode: 'A.5.16' }],
    }),
    buildControl({ id: 'c5', code: 'AC-06', mappings: [soc2('CC6.2')] }),
  ],
  requirements: [
    buildRequirement(),
    buildRequirement({ id: 'r2', controlId: 'c2', code: 'AC-04-E1' }),
    buildRequirement({ id: 'r3', controlId: 'c3', code: 'AC-05-E1' }),
    buildRequirement({ id: 'r5', controlId: 'c5', code: 'AC-06-E1' }),
  ],
  evidence: [
    buildEvidence(),
    buildEvidence({ requirementId: 'r2' }),
    buildEvidence({ requirementId: 'r5', effectiveStart: staleSoonEnd, effectiveEnd: staleSoonEnd }),
  ],
  exceptions: [buildException({ controlId: 'c3' })],
  frameworks: [iso, buildSoc2()],
});

describe('criterion roll-up', () => {
  it('takes the worst mapped control, ignores N/A, and calls criteria without control unmapped', () => {
    const result = computeReadiness(input);
    expect(result.controls.map((c) => [c.code, c.status])).toEqual([
      ['AC-03', 'ready'],
      ['AC-04', 'gap'],
      ['AC-05', 'excepted'],
      ['AC-06', 'at-risk'],
      ['PE-01', 'not-applicable'],
    ]);
    expect(result.criteria.map((c) => [c.frameworkId, c.code, c.status, c.controlIds])).toEqual([
      ['iso27001', 'A.5.9', 'unmapped', []],
      ['iso27001', 'A.5.16', 'ready', ['c1', 'c4']],
      ['soc2', 'A1.1', 'not-applicable', ['c4']],
      ['soc2', 'C1.1', 'unmapped', []],
      ['soc2', 'CC6.1', 'gap', ['c1', 'c2']],
      ['soc2', 'CC6.2', 'at-risk', ['c1', 'c5']],
      ['soc2', 'CC7.1', 'excepted', ['c3']],
      ['soc2', 'P1.1', 'unmapped', []],
    ]);
  });

  it('orders statuses gap > at-risk > excepted > ready', () => {
    expect(criterionStatus([])).toBe('unmapped');
    expect(criterionStatus(['not-applicable'])).toBe('not-applicable');
    expect(criterionStatus(['ready', 'not-applicable'])).toBe('ready');
    expect(criterionStatus(['ready', 'excepted'])).toBe('excepted');
    expect(criterionStatus(['excepted', 'at-risk'])).toBe('at-risk');
    expect(criterionStatus(['at-risk', 'gap', 'ready'])).toBe('gap');
  });

  it('scores ready and excepted criteria over all but N/A, unmapped counting against', () => {
    expect(
      criteriaScore({ ...emptyCriterionCounts(), ready: 1, excepted: 1, unmapped: 2, 'not-applicable': 3 }),
    ).toBe(0.5);
    expect(criteriaScore({ ...emptyCriterionCounts(), 'not-applicable': 3 })).toBeNull();
  });
});

describe('group and framework roll-ups', () => {
  it('counts criteria per group, nested groups included in their parent', () => {
    const groups = computeReadiness(input).categories;
    expect(groups.map((g) => [g.frameworkId, g.code, g.parent, g.score])).toEqual([
      ['iso27001', 'A.5', null, 0.5],
      ['soc2', 'A1', null, null],
      ['soc2', 'C1', null, 0],
      ['soc2', 'CC6', null, 0],
      ['soc2', 'CC7', null, 1],
      ['soc2', 'P', null, 0],
      ['soc2', 'P1', 'P', 0],
    ]);
    expect(groups.find((g) => g.code === 'CC6')?.counts).toEqual({
      ...emptyCriterionCounts(),
      gap: 1,
      'at-risk': 1,
    });
  });

  it('counts criteria per framework with the share of ready criteria', () => {
    const frameworks = computeReadiness(input).frameworks;
    expect(frameworks.map((f) => [f.frameworkId, f.score])).toEqual([
      ['iso27001', 0.5],
      ['soc2', 0.2],
    ]);
    expect(frameworks[1]?.counts).toEqual({
      gap: 1,
      'at-risk': 1,
      excepted: 1,
      ready: 0,
      'not-applicable': 1,
      unmapped: 2,
    });
  });

  it('keeps only in-scope SOC 2 categories when an engagement is given', () => {
    const engagement = buildType2({
      windowStart: '2026-09-01',
      windowEnd: '2027-02-28',
      categories: ['confidentiality'],
    });
    const result = computeReadiness({ ...input, engagement });
    expect(result.criteria.filter((c) => c.frameworkId === 'soc2').map((c) => c.code)).toEqual([
      'C1.1',
      'CC6.1',
      'CC6.2',
      'CC7.1',
    ]);
    expect(result.outOfScope).toEqual(['c4']);
    expect(result.criteria.find((c) => c.code === 'A.5.16')?.controlIds).toEqual(['c1']);
  });
});

describe('owner roll-up and summary', () => {
  it('groups controls and reasons by responsible owner, the unowned last', () => {
    const owners = computeReadiness(input).owners;
    expect(owners.map((o) => [o.ownerId, o.ownerName, o.counts])).toEqual([
      ['p1', 'Ada Owner', { gap: 0, 'at-risk': 1, excepted: 1, ready: 1, 'not-applicable': 1 }],
      [null, null, { gap: 1, 'at-risk': 0, excepted: 0, ready: 0, 'not-applicable': 0 }],
    ]);
    expect(owners[0]?.reasons.map((r) => [r.controlCode, r.code])).toEqual([
      ['AC-05', 'no-evidence'],
      ['AC-06', 'stale-soon'],
      ['AC-05', 'exception-active'],
      ['PE-01', 'not-applicable'],
    ]);
    expect(owners[1]?.reasons.map((r) => r.code)).toEqual(['no-owner']);
  });

  it('scores ready controls over the applicable ones and SOC 2 criteria', () => {
    expect(computeReadiness(input).summary).toEqual({
      controls: { gap: 1, 'at-risk': 1, excepted: 1, ready: 1, 'not-applicable': 1 },
      inScope: 5,
      outOfScope: 0,
      controlScore: 0.25,
      criteria: { gap: 1, 'at-risk': 1, excepted: 1, ready: 0, 'not-applicable': 1, unmapped: 2 },
      criteriaScore: 0.2,
      reasons: { gap: 2, 'at-risk': 1, info: 2 },
    });
  });

  it('has no criteria summary without the SOC 2 catalog', () => {
    const summary = computeReadiness({ ...input, frameworks: [iso] }).summary;
    expect(summary).toMatchObject({ criteria: null, criteriaScore: null });
  });
});
