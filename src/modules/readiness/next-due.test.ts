import { describe, expect, it } from 'vitest';
import type { ControlReadiness, Reason } from '../../core/readiness/index.js';
import { nextDueDates } from './next-due.js';

const item = (controlId: string, requirementCode: string, dueOn: string, doneOn: string | null = null) => ({
  controlId,
  requirementCode,
  dueOn,
  doneOn,
});
const reason = (over: Partial<Reason>): Reason => ({
  code: 'stale-evidence',
  severity: 'gap',
  message: 'm',
  controlId: 'c1',
  controlCode: 'AC-01',
  ownerId: null,
  ownerName: null,
  dueOn: null,
  ...over,
});
const control = (
  controlId: string,
  reasons: Reason[] = [],
  status: ControlReadiness['status'] = 'gap',
): Pick<ControlReadiness, 'controlId' | 'status' | 'reasons'> => ({ controlId, status, reasons });

describe('nextDueDates', () => {
  it('takes the earliest open plan item, skipping the done ones', () => {
    const due = nextDueDates(
      [
        item('c1', 'AC-01-E1', '2027-01-31', '2027-01-20'),
        item('c1', 'AC-01-E1', '2027-02-28'),
        item('c1', 'AC-01-E2', '2027-03-31'),
        item('c2', 'AC-02-E1', '2027-04-30'),
      ],
      [control('c1'), control('c2')],
    );
    expect(due.get('c1')).toEqual({ dueOn: '2027-02-28', requirementCode: 'AC-01-E1' });
    expect(due.get('c2')).toEqual({ dueOn: '2027-04-30', requirementCode: 'AC-02-E1' });
  });

  it('lets an earlier requirement reason win (overdue stays overdue) and ignores info and control-level reasons', () => {
    const due = nextDueDates(
      [item('c1', 'AC-01-E1', '2027-02-28')],
      [
        control('c1', [
          reason({ requirementCode: 'AC-01-E2', dueOn: '2026-11-13' }),
          reason({ code: 'no-owner', dueOn: '2026-10-01' }),
          reason({
            code: 'exception-active',
            severity: 'info',
            requirementCode: 'AC-01-E1',
            dueOn: '2026-01-01',
          }),
        ]),
      ],
    );
    expect(due.get('c1')).toEqual({ dueOn: '2026-11-13', requirementCode: 'AC-01-E2' });
  });

  it('breaks ties by requirement code and gives nothing to a not-applicable control or one with nothing open', () => {
    const due = nextDueDates(
      [
        item('c1', 'AC-01-E2', '2027-02-28'),
        item('c1', 'AC-01-E1', '2027-02-28'),
        item('na', 'NA-01-E1', '2027-01-31'),
        item('done', 'D-01-E1', '2027-01-31', '2027-01-02'),
        // Out of the engagement's scope, so readiness does not list it; still marked not applicable.
        item('out', 'OUT-01-E1', '2027-01-31'),
      ],
      [control('c1'), control('na', [], 'not-applicable'), control('done', [], 'ready')],
      new Set(['out']),
    );
    expect(due.get('c1')?.requirementCode).toBe('AC-01-E1');
    expect(due.has('na')).toBe(false);
    expect(due.has('out')).toBe(false);
    expect(due.has('done')).toBe(false);
  });
});
