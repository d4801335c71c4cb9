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

describe('exception reviews', () => {
  // Approved on T - 30 with monthly reviews: the first review is due on T + 1 (2026-08-16).
  const approver = buildPerson({ id: 'p9', name: 'Vera Approver', email: 'vera@example.com' });
  const reviewed = (overrides: Partial<ReturnType<typeof buildException>> = {}) =>
    buildException({ reviewCadence: 'monthly', reviewedOn: [], ...overrides });
  const statusAt = (at: string, input: Parameters<typeof computeReadiness>[0]) => {
    const c = controlOf(computeReadiness({ ...input, at }));
    const fast = controlStatus(
      input.controls[0]!,
      contextAt(buildReadinessBase({ ...input, at }), at, input),
    );
    expect(fast).toBe(c.status);
    return c;
  };

  it('puts a ready control at risk 14 days before the review, a gap the day after it is missed, ready after a review', () => {
    // Approved on 2026-07-31: the first monthly review is due on 2026-08-31.
    const x = reviewed({ approvedOn: '2026-07-31' });
    const input = buildInput({ people: [buildPerson(), approver], exceptions: [x] });
    expect(statusAt('2026-08-16', input).status).toBe('ready');
    const risk = statusAt('2026-08-17', input);
    expect(risk.status).toBe('at-risk');
    expect(risk.reasons[0]).toMatchObject({
      code: 'exception-review-due',
      severity: 'at-risk',
      ownerId: 'p9',
      ownerName: 'Vera Approver',
      exceptionId: 'x1',
      dueOn: '2026-08-31',
    });
    expect(statusAt('2026-08-31', input).status).toBe('at-risk');
    const gap = statusAt('2026-09-01', input);
    expect(gap.status).toBe('gap');
    expect(gap.reasons[0]).toMatchObject({
      code: 'exception-unreviewed',
      ownerId: 'p9',
      dueOn: '2026-08-31',
    });
    expect(gap.reasons[0]?.message).toMatch(/not reviewed since 2026-07-31/);
    const after = { ...input, exceptions: [{ ...x, reviewedOn: ['2026-09-02'] }] };
    expect(statusAt('2026-09-02', after)).toMatchObject({ status: 'ready', reasons: [] });
  });

  it('an unreviewed exception excepts nothing; an excepted control is at risk while its review is due soon', () => {
    const input = buildInput({ evidence: [], people: [buildPerson(), approver], exceptions: [reviewed()] });
    expect(statusAt(addDays(T, -14), input).status).toBe('excepted');
    const risk = statusAt(T, input);
    expect(risk.status).toBe('at-risk');
    expect(risk.reasons.map((r) => r.code)).toEqual([
      'no-evidence',
      'exception-review-due',
      'exception-active',
    ]);
    const gap = statusAt(addDays(T, 2), input);
    expect(gap.status).toBe('gap');
    expect(gap.reasons.map((r) => [r.code, r.exceptedBy])).toEqual([
      ['exception-unreviewed', undefined],
      ['no-evidence', undefined],
    ]);
  });

  it('leaves the reason with the control owner when the approver is not active, and asks nothing without a cadence', () => {
    const departed = buildPerson({ ...approver, status: 'departed', departedOn: '2026-08-01' });
    const input = buildInput({ people: [buildPerson(), departed], exceptions: [reviewed()] });
    expect(statusAt(addDays(T, 2), input).reasons[0]).toMatchObject({ ownerId: 'p1' });
    const plain = buildInput({ exceptions: [buildException()] });
    expect(statusAt(addDays(T, 2), plain)).toMatchObject({ status: 'ready' });
  });

  it('asks no review of an exception expiring before the review is due', () => {
    const input = buildInput({ exceptions: [reviewed({ expiresOn: addDays(T, 0) })] });
    expect(statusAt(T, input).status).toBe('ready');
  });
});
