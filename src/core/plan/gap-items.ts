import type { IsoDate } from '../dates.js';
import type { Reason } from '../readiness/schema.js';
import { byDueThenKey } from './compute-plan.js';
import type { DatedPlan, EvidenceItem, GapItem, Plan } from './types.js';

/*
 * The gap work in the plan (docs/decisions/0019). Every current readiness
 * reason someone must act on (severity gap or at-risk, not excepted) is plan
 * work: the evidence item of the same requirement and period when the plan
 * has one (it takes the reason and its owner), else a gap item of its own.
 * Nothing here names the rules: a reason code this table does not know gets
 * the default kind, so a new rule needs no change in the plan.
 */

/** How the plan shows a reason's work, and who acts on it. */
export interface GapKind {
  /** A short imperative label for the work. */
  label: string;
  /** Who acts: the reason's owner (default), or the evidence reviewer (the compliance lead). */
  assignee?: 'owner' | 'reviewer';
}

/** The plan's words for the reason codes it knows; anything else takes {@link defaultGapKind}. */
export const GAP_KINDS: Readonly<Record<string, GapKind>> = {
  'no-owner': { label: 'Assign an owner' },
  'owner-not-active': { label: 'Replace the departed owner' },
  'control-draft': { label: 'Finish and implement the control' },
  'no-evidence': { label: 'Upload the first evidence' },
  'stale-evidence': { label: 'Upload current evidence' },
  'coverage-gap': { label: 'Upload evidence for a past period' },
  'open-finding': { label: 'Remediate the finding' },
  'exception-expired': { label: 'Renew or close the expired exception' },
  'exception-unreviewed': { label: 'Review the overdue exception' },
  'exception-review-due': { label: 'Review the exception' },
  'stale-soon': { label: 'Refresh evidence before it goes stale' },
  'pending-review': { label: 'Review the submitted evidence', assignee: 'reviewer' },
  'finding-due-soon': { label: 'Remediate the finding before it is due' },
  'current-period-uncovered': { label: 'Upload evidence for the current period' },
};

/** The kind of a reason code: its entry in {@link GAP_KINDS}, else a label from its severity. */
export function gapKind(code: string, severity: 'gap' | 'at-risk'): GapKind {
  return GAP_KINDS[code] ?? defaultGapKind(severity);
}

/** The kind of a reason code the table does not name. */
export function defaultGapKind(severity: 'gap' | 'at-risk'): GapKind {
  return { label: severity === 'gap' ? 'Close the readiness gap' : 'Act before it becomes a gap' };
}

/** Whether a reason asks someone to act: a gap or at-risk reason that no exception covers. */
export function isActionable(reason: Reason): reason is Reason & { severity: 'gap' | 'at-risk' } {
  return reason.severity !== 'info' && reason.exceptedBy === undefined;
}

/**
 * The plan key of a reason's work: the evidence item of its requirement and
 * period, else one key per finding or exception (a finding on three controls
 * is one piece of work), else per code, control and whatever the reason names.
 */
export function gapKey(reason: Reason): string {
  if (reason.requirementId !== undefined && reason.period !== undefined)
    return `req:${reason.requirementId}:${reason.period.start}`;
  if (reason.findingId !== undefined) return `gap:${reason.code}:finding:${reason.findingId}`;
  if (reason.exceptionId !== undefined) return `gap:${reason.code}:exception:${reason.exceptionId}`;
  const parts = [reason.controlId, reason.requirementId, reason.evidenceId].filter((p) => p !== undefined);
  return `gap:${reason.code}:${parts.join(':')}`;
}

/** What `withGapItems` needs besides the plan and the reasons. */
export interface GapItemsOptions {
  /** Who reviews evidence and takes work nobody else is named for: the compliance lead. */
  reviewerId: string | null;
}

/**
 * The plan with the gap work among its items (sorted by due date, then key).
 * A reason about a requirement's period takes that period's evidence item
 * when it is not done (its owner becomes the reason's: who must act); any
 * other reason becomes a gap item owned by the reason's owner (the reviewer
 * for review work, or when the reason names nobody), due on the reason's date,
 * else at the "gap remediation complete" milestone. The first reason of a key
 * (the reasons' own order: gaps before risks) names the work.
 */
export function withGapItems(plan: DatedPlan, reasons: readonly Reason[], options: GapItemsOptions): Plan {
  const remediation = plan.milestones.find((m) => m.code === 'gap-remediation')?.dueOn;
  const evidence = new Map(plan.items.map((i) => [i.key, i]));
  const attached = new Map<string, EvidenceItem>();
  const gaps = new Map<string, GapItem>();
  const ordered = [...reasons].filter(isActionable).sort((a, b) => severityRank(a) - severityRank(b));
  for (const reason of ordered) {
    const key = gapKey(reason);
    const kind = gapKind(reason.code, reason.severity);
    const ownerId =
      kind.assignee === 'reviewer'
        ? (options.reviewerId ?? reason.ownerId)
        : (reason.ownerId ?? options.reviewerId);
    const gap = { code: reason.code, label: kind.label, severity: reason.severity, message: reason.message };
    const item = evidence.get(key);
    if (item && item.doneOn === null) {
      if (!attached.has(key)) attached.set(key, { ...item, ownerId, gap });
      continue;
    }
    if (gaps.has(key)) continue;
    const dueOn: IsoDate = reason.dueOn ?? remediation ?? item?.dueOn ?? '';
    gaps.set(key, {
      ...gap,
      key: item ? `gap:${reason.code}:${key}` : key,
      kind: 'gap',
      controlId: reason.controlId,
      controlCode: reason.controlCode,
      ...(reason.requirementId === undefined ? {} : { requirementId: reason.requirementId }),
      ...(reason.requirementCode === undefined ? {} : { requirementCode: reason.requirementCode }),
      ...(reason.findingId === undefined ? {} : { findingId: reason.findingId }),
      ...(reason.exceptionId === undefined ? {} : { exceptionId: reason.exceptionId }),
      ...(reason.evidenceId === undefined ? {} : { evidenceId: reason.evidenceId }),
      ...(reason.period === undefined ? {} : { period: reason.period }),
      dueOn,
      ownerId,
      ...(reason.unowned ? { unowned: true as const } : {}),
      doneOn: null,
      doneBy: null,
    });
  }
  const items = [...plan.items.map((i) => attached.get(i.key) ?? i), ...gaps.values()].sort(byDueThenKey);
  return { ...plan, items };
}

function severityRank(reason: Reason): number {
  return reason.severity === 'gap' ? 0 : 1;
}
