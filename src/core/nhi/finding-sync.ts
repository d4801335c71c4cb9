/**
 * Rule findings of the NHI inventory kept in step with the rules: which
 * findings to open, which to resolve and which changed severity, and the
 * starter controls each rule's findings land on (so that readiness of those
 * controls moves with the inventory).
 */
import { compareText } from './order.js';
import type { NhiFinding, NhiSeverity } from './rules/types.js';

/** The NHI starter controls each rule's findings are linked to (issue 6 item 6). */
export const NHI_RULE_CONTROLS: Readonly<Record<string, readonly string[]>> = {
  'nhi-root-access-key': ['NHI-05', 'NHI-03'],
  'nhi-leaked-not-rotated': ['NHI-11'],
  'nhi-orphaned': ['NHI-02', 'NHI-04'],
  'nhi-admin-privileges': ['NHI-05'],
  'nhi-static-ci-credential': ['NHI-07'],
  'nhi-third-party-unreviewed': ['NHI-13'],
  'nhi-human-use': ['NHI-10'],
  'nhi-multi-environment': ['NHI-08'],
  'nhi-rotation-overdue': ['NHI-03'],
  'nhi-long-lived-credential': ['NHI-03'],
  'nhi-multiple-active-keys': ['NHI-03'],
  'nhi-unused': ['NHI-04'],
};

/**
 * Days to remediate a rule finding, by severity, counted from the day it is
 * opened, and its due date: the one definition of src/core/at-date.ts, which
 * manual findings without a due date follow too. A person can still change
 * the due date of the finding.
 */
export { REMEDIATION_DAYS, remediationDueOn } from '../at-date.js';

/** The `source` of a finding raised by an NHI rule (`rule:nhi-orphaned`). */
export function ruleFindingSource(rule: string): string {
  return `rule:${rule}`;
}

/** An open finding a rule raised earlier, as stored. */
export interface OpenRuleFinding {
  findingId: string;
  nhiId: string;
  rule: string;
  severity: NhiSeverity;
  /** When it was opened (a finding is never resolved before that day). */
  openedOn?: string;
}

/** A finding the rules return now, with the stored identity it names. */
export interface DetectedFinding {
  nhiId: string;
  finding: NhiFinding;
}

/** What to do to the stored findings so that they match the rules. */
export interface FindingSyncPlan {
  /** Detected with no open finding for the same rule and identity: open one. */
  open: DetectedFinding[];
  /** Open but no longer detected: resolve it. */
  resolve: OpenRuleFinding[];
  /** Still detected at another severity: update it. */
  update: { existing: OpenRuleFinding; detected: DetectedFinding }[];
}

const keyOf = (rule: string, nhiId: string) => `${rule}\u0000${nhiId}`;

/**
 * Compares open rule findings with what the rules detect now, one finding
 * per rule and identity. A finding still detected at the same severity is
 * left alone (its message may mention today's age of a key; rewriting it
 * daily would be noise). Duplicated open findings of one key: the first is
 * kept, the others resolved. Lists come out sorted, whatever the input order.
 */
export function planFindingSync(
  open: readonly OpenRuleFinding[],
  detected: readonly DetectedFinding[],
): FindingSyncPlan {
  const existing = new Map<string, OpenRuleFinding>();
  const plan: FindingSyncPlan = { open: [], resolve: [], update: [] };
  for (const f of [...open].sort((a, b) => compareText(a.findingId, b.findingId))) {
    const key = keyOf(f.rule, f.nhiId);
    if (existing.has(key)) plan.resolve.push(f);
    else existing.set(key, f);
  }
  const seen = new Set<string>();
  for (const d of detected) {
    const key = keyOf(d.finding.rule, d.nhiId);
    if (seen.has(key)) continue;
    seen.add(key);
    const stored = existing.get(key);
    if (!stored) plan.open.push(d);
    else if (stored.severity !== d.finding.severity) plan.update.push({ existing: stored, detected: d });
  }
  for (const [key, f] of existing) if (!seen.has(key)) plan.resolve.push(f);
  plan.open.sort((a, b) => compareText(keyOf(a.finding.rule, a.nhiId), keyOf(b.finding.rule, b.nhiId)));
  plan.resolve.sort((a, b) => compareText(a.findingId, b.findingId));
  plan.update.sort((a, b) => compareText(a.existing.findingId, b.existing.findingId));
  return plan;
}

/** A case-insensitive glob (`*` any run, `?` one character) as a predicate on text. */
export function globMatcher(pattern: string): (text: string) => boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 'is');
  return (text) => re.test(text);
}
