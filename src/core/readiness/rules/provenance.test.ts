import { describe, expect, it } from 'vitest';
import {
  buildEvidence,
  buildInput,
  buildRequirement,
  controlOf,
  T,
} from '../../../../test/builders/readiness-input.js';
import { addDays } from '../../dates.js';
import { computeReadiness } from '../compute-readiness.js';

const imported = buildRequirement({ collection: 'import' });

describe('import-suggested', () => {
  it('suggests the import when a requirement a system proves has a screenshot as its latest evidence, as info only', () => {
    const c = controlOf(
      computeReadiness(buildInput({ requirements: [imported], evidenceSources: { ev1: 'screenshot' } })),
    );
    expect(c.status).toBe('ready');
    expect(c.reasons).toEqual([
      expect.objectContaining({
        code: 'import-suggested',
        severity: 'info',
        requirementCode: 'AC-03-E1',
        evidenceId: 'ev1',
        dueOn: T,
      }),
    ]);
    expect(c.reasons[0]?.message).toMatch(/is a screenshot; .*import the system export instead/);
  });

  it('names the import kind that proves the requirement, and says collect for a connector', () => {
    const nhi = buildRequirement({ code: 'NHI-11-E2', collection: 'import' });
    const c = controlOf(
      computeReadiness(buildInput({ requirements: [nhi], evidenceSources: { ev1: 'document' } })),
    );
    expect(c.reasons[0]?.message).toMatch(/is a document; .*\(auditready import [a-z-]+\)/);
    const connector = buildRequirement({ collection: 'connector' });
    const d = controlOf(
      computeReadiness(buildInput({ requirements: [connector], evidenceSources: { ev1: 'screenshot' } })),
    );
    expect(d.reasons[0]?.message).toMatch(/collect it from the system instead/);
  });

  it('says nothing for system-generated evidence, a manual requirement, or an unknown source', () => {
    const reasons = (input: Parameters<typeof buildInput>[0]) =>
      controlOf(computeReadiness(buildInput(input))).reasons;
    expect(reasons({ requirements: [imported], evidenceSources: { ev1: 'system-export' } })).toEqual([]);
    expect(
      reasons({
        requirements: [buildRequirement({ collection: 'manual' })],
        evidenceSources: { ev1: 'screenshot' },
      }),
    ).toEqual([]);
    expect(reasons({ requirements: [imported] })).toEqual([]);
  });
});

describe('stale screenshot', () => {
  it('names a screenshot older than its cadence a stale screenshot', () => {
    const old = buildEvidence({ effectiveStart: addDays(T, -200), effectiveEnd: addDays(T, -200) });
    const c = controlOf(
      computeReadiness(buildInput({ evidence: [old], evidenceSources: { ev1: 'screenshot' } })),
    );
    expect(c.status).toBe('gap');
    expect(c.reasons[0]).toMatchObject({ code: 'stale-evidence' });
    expect(c.reasons[0]?.message).toMatch(/the latest is a stale screenshot \(effective/);
    const doc = controlOf(
      computeReadiness(buildInput({ evidence: [old], evidenceSources: { ev1: 'document' } })),
    );
    expect(doc.reasons[0]?.message).not.toMatch(/screenshot/);
  });
});
