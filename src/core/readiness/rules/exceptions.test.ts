import { describe, expect, it } from 'vitest';
import {
  buildControl,
  buildEvidence,
  buildException,
  buildFinding,
  buildInput,
  buildPerson,
  buildRequirement,
  controlOf,
  reasonCodes,
  T,
} from '../../../../test/builders/readiness-input.js';
import { addDays } from '../../dates.js';
import { controlStatus } from '../classify-control.js';
import { computeReadiness } from '../compute-readiness.js';
import { buildReadinessBase, contextAt } from '../context.js';

// No accepted evidence: the control is a gap unless an exception covers it.
const gapInput = (exceptions: ReturnType<typeof buildException>[]) =>
  buildInput({ evidence: [], exceptions });

describe('excepted', () => {
  it('covers the gaps of a control with an approved, unexpired exception, naming it and its expiry', () => {
    const c = controlOf(computeReadiness(gapInput([buildException()])));
    expect(c.status).toBe('excepted');
    expect(c.reasons.map((r) => [r.code, r.severity])).toEqual([
      ['no-evidence', 'gap'],
      ['exception-active', 'info'],
    ]);
    expect(c.reasons[1]).toMatchObject({ exceptionId: 'x1', dueOn: addDays(T, 60) });
    expect(c.reasons[1]?.message).toMatch(/until 2026-10-14/);
  });

  it('is active on its approval and expiry days', () => {
    expect(controlOf(computeReadiness(gapInput([buildException({ approvedOn: T })]))).status).toBe(
      'excepted',
    );
    expect(controlOf(computeReadiness(gapInput([buildException({ expiresOn: T })]))).status).toBe('excepted');
  });

  it('does nothing for a control without gaps', () => {
    const c = controlOf(
      computeReadiness(buildInput({ evidence: [buildEvidence()], exceptions: [buildException()] })),
    );
    expect(c).toMatchObject({ status: 'ready', reasons: [] });
  });

  it('notes an exception expiring within 14 days as info, not at risk', () => {
    const c = controlOf(computeReadiness(gapInput([buildException({ expiresOn: addDays(T, 10) })])));
    expect(c.status).toBe('excepted');
    expect(c.reasons[1]).toMatchObject({
      code: 'exception-expiring',
      severity: 'info',
      dueOn: addDays(T, 10),
    });
  });
});

describe('unapproved, future and closed exceptions', () => {
  it('ignores an exception without approver or approval date', () => {
    expect(controlOf(computeReadiness(gapInput([buildException({ approverId: null })]))).status).toBe('gap');
    expect(controlOf(computeReadiness(gapInput([buildException({ approvedOn: null })]))).status).toBe('gap');
  });

  it('ignores an exception approved after T or already closed', () => {
    expect(
      controlOf(computeReadiness(gapInput([buildException({ approvedOn: addDays(T, 1) })]))).status,
    ).toBe('gap');
    expect(controlOf(computeReadiness(gapInput([buildException({ closedOn: addDays(T, -1) })]))).status).toBe(
      'gap',
    );
  });
});

describe('exception-expired', () => {
  it('turns an expired exception into a gap due on its expiry date', () => {
    const expired = buildException({ expiresOn: addDays(T, -1) });
    const c = controlOf(computeReadiness(buildInput({ exceptions: [expired] })));
    expect(c.status).toBe('gap');
    expect(c.reasons).toEqual([
      expect.objectContaining({
        code: 'exception-expired',
        exceptionId: 'x1',
        dueOn: addDays(T, -1),
        ownerName: 'Ada Owner',
      }),
    ]);
    expect(c.reasons[0]?.message).toMatch(/expired on 2026-08-14: fix the control or renew the exception/);
  });

  it('does not fire for a closed or unapproved expired exception', () => {
    const closed = buildException({ expiresOn: addDays(T, -1), closedOn: addDays(T, -2) });
    const unapproved = buildException({ id: 'x2', expiresOn: addDays(T, -1), approverId: null });
    expect(controlOf(computeReadiness(buildInput({ exceptions: [closed, unapproved] }))).status).toBe(
      'ready',
    );
  });

  it('is itself covered by another active exception on the control', () => {
    const expired = buildException({ id: 'x0', expiresOn: addDays(T, -1) });
    const renewed = buildException({ id: 'x2', approvedOn: addDays(T, -1) });
    const c = controlOf(computeReadiness(buildInput({ exceptions: [renewed, expired] })));
    expect(c.status).toBe('excepted');
    expect(reasonCodes(computeReadiness(buildInput({ exceptions: [renewed, expired] })))).toEqual([
      'exception-expired',
      'exception-active',
    ]);
  });
});

describe('what an exception excepts', () => {
  const second = {
    id: 'r2',
    controlId: 'c1',
    code: 'AC-03-E2',
    artifact: 'Second record',
    cadence: 'quarterly' as const,
  };

  it('excepts only the named requirement: a later critical finding stays a gap, both shown', () => {
    const input = buildInput({
      evidence: [],
      exceptions: [buildException({ requirementId: 'r1' })],
      findings: [buildFinding({ severity: 'critical', openedOn: addDays(T, -2), dueOn: null })],
    });
    const c = controlOf(computeReadiness(input));
    expect(c.status).toBe('gap');
    expect(c.reasons.find((r) => r.code === 'no-evidence')).toMatchObject({ exceptedBy: 'x1' });
    const finding = c.reasons.find((r) => r.code === 'open-finding');
    expect(finding?.exceptedBy).toBeUndefined();
    expect(finding?.dueOn).toBe(addDays(T, 5));
    expect(c.reasons.find((r) => r.code === 'exception-active')?.message).toContain(
      'the evidence of AC-03-E1',
    );
    // Without the finding, the named requirement was the only gap: excepted.
    expect(controlOf(computeReadiness({ ...input, findings: [] })).status).toBe('excepted');
  });

  it('leaves the gaps of another requirement and of ownership gaps', () => {
    const requirementOnly = buildInput({
      requirements: [buildRequirement(), second],
      evidence: [],
      exceptions: [buildException({ requirementId: 'r1' })],
    });
    const c = controlOf(computeReadiness(requirementOnly));
    expect(c.status).toBe('gap');
    expect(
      c.reasons.filter((r) => r.code === 'no-evidence').map((r) => [r.requirementId, r.exceptedBy]),
    ).toEqual([
      ['r1', 'x1'],
      ['r2', undefined],
    ]);
    const departed = buildInput({
      people: [buildPerson({ departedOn: addDays(T, -3), status: 'departed' })],
      evidence: [],
      exceptions: [buildException({ requirementId: 'r1' })],
    });
    expect(controlOf(computeReadiness(departed)).status).toBe('gap');
  });

  it('excepts a named finding only, and the whole control when nothing is named', () => {
    const findings = [buildFinding({ id: 'f1' }), buildFinding({ id: 'f2', title: 'Second' })];
    const one = buildInput({ findings, exceptions: [buildException({ findingId: 'f1' })] });
    const c = controlOf(computeReadiness(one));
    expect(c.status).toBe('gap');
    expect(
      c.reasons.filter((r) => r.code === 'open-finding').map((r) => [r.findingId, r.exceptedBy]),
    ).toEqual([
      ['f1', 'x1'],
      ['f2', undefined],
    ]);
    const whole = buildInput({ findings, exceptions: [buildException()] });
    expect(controlOf(computeReadiness(whole)).status).toBe('excepted');
  });

  it('gives the burndown the same status as readiness for scoped exceptions (property of controlStatus)', () => {
    const input = buildInput({
      evidence: [],
      exceptions: [buildException({ requirementId: 'r1' })],
      findings: [buildFinding({ severity: 'critical' })],
    });
    const ctx = contextAt(buildReadinessBase(input), T, input);
    expect(controlStatus(buildControl(), ctx)).toBe(controlOf(computeReadiness(input)).status);
  });
});
