import { describe, expect, it } from 'vitest';
import {
  buildControl,
  buildEvidence,
  buildException,
  buildFinding,
  buildInput,
  buildPerson,
  buildRequirement,
  buildSoc2,
  buildType1,
  buildType2,
  controlOf,
  T,
} from '../../../test/builders/readiness-input.js';
import { addDays } from '../dates.js';
import { computeReadiness } from './compute-readiness.js';
import { readinessResultSchema } from './schema.js';

/** Many things wrong at once, across two requirements and a Type II window that has ended. */
const messy = buildInput({
  engagement: buildType2(),
  people: [
    buildPerson({ status: 'departed', departedOn: '2026-05-31' }),
    buildPerson({ id: 'p2', name: 'Bo Backup' }),
  ],
  controls: [
    buildControl({ status: 'draft', backupOwnerId: 'p2' }),
    buildControl({ id: 'c2', code: 'AC-10', ownerId: null, mappings: [] }),
  ],
  requirements: [
    buildRequirement({ cadence: 'monthly' }),
    buildRequirement({ id: 'r0', code: 'AC-03-E0', cadence: 'quarterly' }),
  ],
  evidence: [
    buildEvidence({ effectiveStart: '2026-02-01', effectiveEnd: '2026-02-28', collectedOn: '2026-03-02' }),
    buildEvidence({
      requirementId: 'r0',
      evidenceId: 'ev0',
      reviewState: 'rejected',
      rejectionReason: 'blurry',
    }),
  ],
  findings: [buildFinding(), buildFinding({ id: 'f2', severity: 'low', dueOn: T })],
  exceptions: [buildException({ expiresOn: addDays(T, -5) })],
  frameworks: [buildSoc2()],
});

describe('computeReadiness result', () => {
  it('parses against the documented schema, unchanged', () => {
    for (const input of [
      buildInput(),
      messy,
      buildInput({ engagement: buildType1(), frameworks: [buildSoc2()] }),
    ]) {
      const result = computeReadiness(input);
      expect(readinessResultSchema.parse(result)).toEqual(result);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });

  it('sorts reasons by severity, code, requirement code and period', () => {
    const c = controlOf(computeReadiness(messy));
    expect(c.reasons.map((r) => [r.code, r.requirementCode ?? '', r.period?.start ?? ''])).toEqual([
      ['control-draft', '', ''],
      ['coverage-gap', 'AC-03-E0', '2026-01-01'],
      ['coverage-gap', 'AC-03-E0', '2026-04-01'],
      ['coverage-gap', 'AC-03-E1', '2026-01-01'],
      ['coverage-gap', 'AC-03-E1', '2026-03-01'],
      ['coverage-gap', 'AC-03-E1', '2026-04-01'],
      ['coverage-gap', 'AC-03-E1', '2026-05-01'],
      ['coverage-gap', 'AC-03-E1', '2026-06-01'],
      ['exception-expired', '', ''],
      ['no-evidence', 'AC-03-E0', ''],
      ['open-finding', '', ''],
      ['owner-not-active', '', ''],
      ['stale-evidence', 'AC-03-E1', ''],
    ]);
    expect(c).toMatchObject({ status: 'gap', ownerId: 'p2', ownerName: 'Bo Backup' });
    expect(c.reasons.every((r) => r.ownerId === 'p2')).toBe(true);
    expect(c.reasons.find((r) => r.code === 'no-evidence')?.message).toMatch(/rejected: blurry/);
  });

  it('sorts controls by code (numbers by value) and reports the engagement and date', () => {
    const result = computeReadiness({
      ...messy,
      controls: [...messy.controls, buildControl({ id: 'c9', code: 'AC-9', mappings: [] })],
    });
    expect(result.controls.map((c) => c.code)).toEqual(['AC-03', 'AC-9', 'AC-10']);
    expect(result).toMatchObject({ at: T, engagementId: 'eng2' });
  });

  it('handles an empty organization', () => {
    const result = computeReadiness(
      buildInput({ controls: [], requirements: [], evidence: [], people: [], frameworks: [buildSoc2()] }),
    );
    expect(result.summary).toMatchObject({ inScope: 0, controlScore: null, criteriaScore: 0 });
    expect(result.criteria.every((c) => c.status === 'unmapped')).toBe(true);
    expect(result.owners).toEqual([]);
  });

  it('refuses an invalid date T or engagement with a clear message', () => {
    expect(() => computeReadiness(buildInput({ at: '2026-02-30' }))).toThrow(/readiness date/);
    expect(() => computeReadiness(buildInput({ engagement: buildType1({ auditDate: null }) }))).toThrow(
      /auditDate/,
    );
  });

  it('ignores evidence of requirements it was not given', () => {
    const input = buildInput({ evidence: [buildEvidence(), buildEvidence({ requirementId: 'ghost' })] });
    expect(controlOf(computeReadiness(input)).status).toBe('ready');
  });
});
