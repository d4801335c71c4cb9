import { describe, expect, it } from 'vitest';
import { naturalCompare } from './order.js';
import { artifactAfterCadence, artifactPhrase, endSentence, periodText } from './reason.js';

describe('naturalCompare', () => {
  it('orders digit runs by value', () => {
    expect(['A.5.10', 'A.5.9', 'A.5.1', 'CC10.1', 'CC2.1', 'AC-03', 'AC-3'].sort(naturalCompare)).toEqual([
      'A.5.1',
      'A.5.9',
      'A.5.10',
      'AC-3',
      'AC-03',
      'CC2.1',
      'CC10.1',
    ]);
  });

  it('is a total order consistent with equality', () => {
    expect(naturalCompare('x1', 'x1')).toBe(0);
    expect(Math.sign(naturalCompare('x01', 'x1'))).toBe(-Math.sign(naturalCompare('x1', 'x01')));
  });
});

describe('message helpers', () => {
  it('writes artifacts in running text without breaking acronyms', () => {
    expect(artifactPhrase('Access review record')).toBe('access review record');
    expect(artifactPhrase('IAM credential report')).toBe('IAM credential report');
    expect(artifactPhrase(' backup log ')).toBe('backup log');
    expect(artifactPhrase('GitHub branch protection export')).toBe('GitHub branch protection export');
    expect(artifactPhrase('Jira tickets for each risk')).toBe('Jira tickets for each risk');
    expect(artifactPhrase('On-call schedule export')).toBe('on-call schedule export');
    expect(artifactPhrase('Identity-provider report')).toBe('identity-provider report');
  });

  it('does not repeat the cadence nor end a sentence twice', () => {
    expect(artifactAfterCadence('weekly', 'Weekly drift-detection run output')).toBe(
      'drift-detection run output',
    );
    expect(artifactAfterCadence('weekly', 'Posture export')).toBe('posture export');
    expect(artifactAfterCadence('quarterly', 'Quarterly access review')).toBe('access review');
    expect(endSentence('re-export with the full columns.')).toBe('re-export with the full columns.');
    expect(endSentence('missing reviewer ')).toBe('missing reviewer.');
  });

  it('writes one-day periods as a date', () => {
    expect(periodText({ start: '2026-01-01', end: '2026-01-01' })).toBe('2026-01-01');
    expect(periodText({ start: '2026-01-01', end: '2026-03-31' })).toBe('2026-01-01..2026-03-31');
  });
});
