import { describe, expect, it } from 'vitest';
import {
  buildControl,
  buildFinding,
  buildInput,
  controlOf,
  T,
} from '../../../../test/builders/readiness-input.js';
import { computeReadiness } from '../compute-readiness.js';

describe('not-applicable', () => {
  it('marks a not-applicable control so, carrying the justification, whatever else is wrong', () => {
    const control = buildControl({
      status: 'not-applicable',
      naJustification: 'No physical office',
      ownerId: null,
    });
    const c = controlOf(
      computeReadiness(buildInput({ controls: [control], evidence: [], findings: [buildFinding()] })),
    );
    expect(c.status).toBe('not-applicable');
    expect(c.reasons).toEqual([
      expect.objectContaining({
        code: 'not-applicable',
        severity: 'info',
        message: 'Not applicable: No physical office',
        // Every reason names a date (issue 11): the readiness assessment, or T without an engagement.
        dueOn: T,
      }),
    ]);
  });

  it('asks for a justification when there is none', () => {
    const control = buildControl({ status: 'not-applicable', naJustification: '  ' });
    const c = controlOf(computeReadiness(buildInput({ controls: [control] })));
    expect(c.reasons[0]?.message).toMatch(/without a justification/);
  });
});

describe('no-requirement', () => {
  it('notes a control without evidence requirement without changing its status', () => {
    const c = controlOf(computeReadiness(buildInput({ requirements: [], evidence: [] })));
    expect(c.status).toBe('ready');
    expect(c.reasons).toEqual([
      expect.objectContaining({ code: 'no-requirement', severity: 'info', dueOn: T }),
    ]);
  });
});
