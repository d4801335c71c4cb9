import { describe, expect, it } from 'vitest';
import {
  buildControl,
  buildFinding,
  buildInput,
  controlOf,
  reasonCodes,
  T,
} from '../../../../test/builders/readiness-input.js';
import { addDays } from '../../dates.js';
import { computeReadiness } from '../compute-readiness.js';

describe('open-finding', () => {
  it('makes an open high or critical finding a gap due on the finding due date', () => {
    for (const severity of ['high', 'critical'] as const) {
      const c = controlOf(computeReadiness(buildInput({ findings: [buildFinding({ severity })] })));
      expect(c.status).toBe('gap');
      expect(c.reasons[0]).toMatchObject({
        code: 'open-finding',
        findingId: 'f1',
        dueOn: addDays(T, 30),
        ownerId: 'p1',
      });
      expect(c.reasons[0]?.message).toMatch(
        new RegExp(`Resolve the ${severity} finding "Key not rotated in 90 days"`),
      );
    }
  });

  it('ignores resolved findings but counts one resolved after T as open on T', () => {
    const resolved = buildInput({ findings: [buildFinding({ resolvedOn: addDays(T, -1) })] });
    expect(controlOf(computeReadiness(resolved)).status).toBe('ready');
    const later = buildInput({ findings: [buildFinding({ resolvedOn: addDays(T, 3) })] });
    expect(reasonCodes(computeReadiness(later))).toEqual(['open-finding']);
  });

  it('only touches the controls the finding names', () => {
    const input = buildInput({
      controls: [buildControl(), buildControl({ id: 'c2', code: 'AC-04' })],
      findings: [buildFinding({ controlIds: ['c2', 'c2'] })],
    });
    const result = computeReadiness(input);
    expect(controlOf(result).status).toBe('ready');
    expect(reasonCodes(result, 'c2')).toEqual(['open-finding', 'no-requirement']);
  });

  it('gives a finding without due date the due date of its severity, counted from its opening', () => {
    const openedOn = addDays(T, -7);
    const due = (severity: 'high' | 'critical') =>
      controlOf(
        computeReadiness(buildInput({ findings: [buildFinding({ dueOn: null, severity, openedOn })] })),
      ).reasons[0];
    expect(due('high')).toMatchObject({ code: 'open-finding', dueOn: addDays(openedOn, 30) });
    expect(due('critical')).toMatchObject({ code: 'open-finding', dueOn: addDays(openedOn, 7) });
    expect(due('high')?.message).toContain(`by ${addDays(openedOn, 30)}`);
  });
});

describe('finding-due-soon', () => {
  it('makes a low or medium finding due within 14 days at risk', () => {
    for (const severity of ['low', 'medium'] as const) {
      const input = buildInput({ findings: [buildFinding({ severity, dueOn: addDays(T, 14) })] });
      const c = controlOf(computeReadiness(input));
      expect(c.status).toBe('at-risk');
      expect(c.reasons[0]).toMatchObject({
        code: 'finding-due-soon',
        severity: 'at-risk',
        dueOn: addDays(T, 14),
      });
    }
  });

  it('also flags an overdue low finding', () => {
    const c = controlOf(
      computeReadiness(buildInput({ findings: [buildFinding({ severity: 'low', dueOn: addDays(T, -3) })] })),
    );
    expect(c.status).toBe('at-risk');
    expect(c.reasons[0]?.message).toMatch(/it was due on/);
  });

  it('leaves later or undated low findings alone', () => {
    const later = buildInput({ findings: [buildFinding({ severity: 'medium', dueOn: addDays(T, 15) })] });
    expect(controlOf(computeReadiness(later)).status).toBe('ready');
    const undated = buildInput({ findings: [buildFinding({ severity: 'low', dueOn: null })] });
    expect(controlOf(computeReadiness(undated)).status).toBe('ready');
  });

  it('honours the atRiskDays option', () => {
    const input = buildInput({
      findings: [buildFinding({ severity: 'low', dueOn: addDays(T, 20) })],
      options: { atRiskDays: 21 },
    });
    expect(controlOf(computeReadiness(input)).status).toBe('at-risk');
  });
});
