import { findingDueOn, isFindingOpenOn } from '../../at-date.js';
import { makeReason } from '../reason.js';
import type { Reason } from '../schema.js';
import type { ReadinessFinding } from '../types.js';
import type { ControlSubject } from './subject.js';

function isSerious(finding: ReadinessFinding): boolean {
  return finding.severity === 'high' || finding.severity === 'critical';
}

/** Gap: an open finding of severity high or critical on the control. */
export function* openFinding(s: ControlSubject): Generator<Reason> {
  for (const f of s.findings) {
    if (!isSerious(f) || !isFindingOpenOn(f, s.ctx.at)) continue;
    const due = findingDueOn(f);
    yield makeReason(s, {
      code: 'open-finding',
      severity: 'gap',
      message: `Resolve the ${f.severity} finding "${f.title}" on ${s.control.code} by ${due}.`,
      findingId: f.id,
      dueOn: due,
    });
  }
}

/** At risk: an open low or medium finding due (its own date, else by severity) within the look-ahead, or already overdue. */
export function* findingDueSoon(s: ControlSubject): Generator<Reason> {
  const { at, atRiskUntil } = s.ctx;
  for (const f of s.findings) {
    if (isSerious(f) || !isFindingOpenOn(f, at)) continue;
    const due = findingDueOn(f);
    if (due > atRiskUntil) continue;
    yield makeReason(s, {
      code: 'finding-due-soon',
      severity: 'at-risk',
      message: `Resolve the ${f.severity} finding "${f.title}" on ${s.control.code}: it ${due < at ? 'was' : 'is'} due on ${due}.`,
      findingId: f.id,
      dueOn: due,
    });
  }
}
