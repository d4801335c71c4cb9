import { describe, expect, it } from 'vitest';
import {
  buildInput,
  buildPerson,
  controlOf,
  reasonCodes,
  T,
} from '../../../../test/builders/readiness-input.js';
import { addDays } from '../../dates.js';
import { computeReadiness } from '../compute-readiness.js';
import type { ReadinessRequest } from '../types.js';

function request(overrides: Partial<ReadinessRequest> = {}): ReadinessRequest {
  return {
    id: 'r1',
    reference: 'PBC-014',
    controlIds: ['c1'],
    assigneeId: 'p2',
    dueOn: addDays(T, 10),
    status: 'open',
    ...overrides,
  };
}
const people = [buildPerson(), buildPerson({ id: 'p2', name: 'Bo Assignee', email: 'bo@example.com' })];

describe('request-due-soon', () => {
  it('puts the control at risk for a request due within 14 days, owned by the assignee, due on its date', () => {
    const c = controlOf(computeReadiness(buildInput({ people, requests: [request()] })));
    expect(c.status).toBe('at-risk');
    expect(c.reasons).toEqual([
      expect.objectContaining({
        code: 'request-due-soon',
        severity: 'at-risk',
        requestId: 'r1',
        ownerId: 'p2',
        ownerName: 'Bo Assignee',
        dueOn: addDays(T, 10),
      }),
    ]);
    expect(c.reasons[0]?.message).toContain('PBC-014');
  });

  it('looks exactly 14 days ahead and ignores requests without a due date', () => {
    expect(
      reasonCodes(computeReadiness(buildInput({ people, requests: [request({ dueOn: addDays(T, 14) })] }))),
    ).toEqual(['request-due-soon']);
    expect(
      controlOf(computeReadiness(buildInput({ people, requests: [request({ dueOn: addDays(T, 15) })] })))
        .status,
    ).toBe('ready');
    expect(
      controlOf(computeReadiness(buildInput({ people, requests: [request({ dueOn: null })] }))).status,
    ).toBe('ready');
  });

  it('counts returned and in-progress requests but not submitted or accepted ones', () => {
    for (const status of ['in-progress', 'returned'] as const)
      expect(
        controlOf(computeReadiness(buildInput({ people, requests: [request({ status })] }))).status,
      ).toBe('at-risk');
    for (const status of ['submitted', 'accepted'] as const)
      expect(
        controlOf(computeReadiness(buildInput({ people, requests: [request({ status })] }))).status,
      ).toBe('ready');
  });

  it("leaves the reason with the control's owner when the assignee is absent or departed", () => {
    const departed = [
      buildPerson(),
      buildPerson({ id: 'p2', status: 'departed', departedOn: addDays(T, -3) }),
    ];
    for (const input of [
      buildInput({ people, requests: [request({ assigneeId: null })] }),
      buildInput({ people: departed, requests: [request()] }),
    ]) {
      expect(controlOf(computeReadiness(input)).reasons[0]).toMatchObject({
        code: 'request-due-soon',
        ownerId: 'p1',
      });
    }
  });

  it('only touches the controls the request is mapped to', () => {
    const c = controlOf(
      computeReadiness(buildInput({ people, requests: [request({ controlIds: ['other'] })] })),
    );
    expect(c.status).toBe('ready');
  });
});

describe('request-overdue', () => {
  it('makes the control a gap when the request was due before T and is not submitted', () => {
    const c = controlOf(
      computeReadiness(buildInput({ people, requests: [request({ dueOn: addDays(T, -1) })] })),
    );
    expect(c.status).toBe('gap');
    expect(c.reasons[0]).toMatchObject({
      code: 'request-overdue',
      severity: 'gap',
      ownerId: 'p2',
      dueOn: addDays(T, -1),
      requestId: 'r1',
    });
  });

  it('is not a gap on its due date, nor once submitted or accepted', () => {
    expect(reasonCodes(computeReadiness(buildInput({ people, requests: [request({ dueOn: T })] })))).toEqual([
      'request-due-soon',
    ]);
    for (const status of ['submitted', 'accepted'] as const) {
      const input = buildInput({ people, requests: [request({ status, dueOn: addDays(T, -5) })] });
      expect(controlOf(computeReadiness(input)).status).toBe('ready');
    }
  });
});
