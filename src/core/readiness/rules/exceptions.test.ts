import { describe, expect, it } from 'vitest';
import { addDays } from '../../dates.js';
import { buildEvidence, buildException, buildInput, controlOf, reasonCodes, T } from '../build-input.js';
import { computeReadiness } from '../compute-readiness.js';

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
