import { describe, expect, it } from 'vitest';
import {
  buildControl,
  buildEvidence,
  buildException,
  buildFinding,
  buildInput,
  buildRequirement,
  buildType1,
  buildType2,
} from '../../../test/builders/readiness-input.js';
import { computeBurndown } from './burndown.js';
import { burndownSchema } from './schema.js';

const engagement = buildType2({
  windowStart: '2026-07-01',
  windowEnd: '2026-12-31',
  fieldworkStart: '2027-01-15',
});
const input = buildInput({
  at: '2026-08-15',
  engagement,
  controls: [buildControl(), buildControl({ id: 'c2', code: 'AC-04' })],
  requirements: [buildRequirement(), buildRequirement({ id: 'r2', controlId: 'c2', code: 'AC-04-E1' })],
  evidence: [
    buildEvidence({ effectiveStart: '2026-06-10', effectiveEnd: '2026-06-10', collectedOn: '2026-06-10' }),
    buildEvidence({
      requirementId: 'r2',
      effectiveStart: '2026-07-20',
      effectiveEnd: '2026-07-20',
      collectedOn: '2026-07-22',
    }),
  ],
  findings: [buildFinding({ openedOn: '2026-08-01' })],
  exceptions: [buildException({ approvedOn: '2026-08-05', expiresOn: '2026-12-31' })],
});

describe('computeBurndown', () => {
  it('counts gaps per ISO week with only the records that existed by the end of that week', () => {
    const { actual } = computeBurndown(input);
    expect(actual).toEqual([
      { week: '2026-06-08', gaps: 1 },
      { week: '2026-06-15', gaps: 1 },
      { week: '2026-06-22', gaps: 1 },
      { week: '2026-06-29', gaps: 1 },
      { week: '2026-07-06', gaps: 1 },
      { week: '2026-07-13', gaps: 1 },
      // r2's evidence arrives: no gap left.
      { week: '2026-07-20', gaps: 0 },
      // The high finding opened on 2026-08-01 reopens a gap …
      { week: '2026-07-27', gaps: 1 },
      // … until the exception approved on 2026-08-05 covers it.
      { week: '2026-08-03', gaps: 0 },
      { week: '2026-08-10', gaps: 0 },
    ]);
    expect(burndownSchema.parse(computeBurndown(input))).toEqual(computeBurndown(input));
  });

  it('starts at `from` and keeps only the last `weeks` points', () => {
    expect(computeBurndown(input, { from: '2026-07-30' }).actual.map((p) => p.week)).toEqual([
      '2026-07-27',
      '2026-08-03',
      '2026-08-10',
    ]);
    expect(computeBurndown(input, { weeks: 2 }).actual.map((p) => p.week)).toEqual([
      '2026-08-03',
      '2026-08-10',
    ]);
  });

  it('stops at the window end (Type II) or audit date (Type I) when T is later', () => {
    const late = computeBurndown({ ...input, at: '2027-03-01' }).actual;
    expect(late.at(-1)?.week).toBe('2026-12-28');
    const type1 = computeBurndown({
      ...input,
      at: '2027-03-01',
      engagement: buildType1({ auditDate: '2026-09-30' }),
    }).actual;
    expect(type1.at(-1)?.week).toBe('2026-09-28');
  });

  it('draws the ideal line from today’s gaps to zero in the week of gap remediation', () => {
    // One gap today: c1 has no evidence yet (c2 has no requirement, which is only a note).
    const early = buildInput({
      at: '2026-05-04',
      engagement,
      controls: [buildControl(), buildControl({ id: 'c2', code: 'AC-04' })],
      evidence: [],
    });
    const ideal = computeBurndown(early).ideal;
    expect(ideal.map((p) => p.week)).toEqual([
      '2026-05-04',
      '2026-05-11',
      '2026-05-18',
      '2026-05-25',
      '2026-06-01',
      '2026-06-08',
      '2026-06-15',
    ]);
    expect(ideal.map((p) => p.gaps)).toEqual([1, 0.83, 0.67, 0.5, 0.33, 0.17, 0]);
  });

  it('puts the ideal at zero once gap remediation has passed, and has none without an engagement', () => {
    expect(computeBurndown(input).ideal).toEqual([{ week: '2026-08-10', gaps: 0 }]);
    const plain = computeBurndown({ ...input, engagement: null });
    expect(plain.ideal).toEqual([]);
    expect(plain.actual.at(-1)?.week).toBe('2026-08-10');
  });
});
