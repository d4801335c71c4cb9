import { compareText } from './order.js';
import { compareReasons } from './reason.js';
import type { ControlReadiness, OwnerReadiness, ReadinessSummary, StatusCounts } from './schema.js';

/** Empty counts of controls by status. */
export function emptyStatusCounts(): StatusCounts {
  return { gap: 0, 'at-risk': 0, excepted: 0, ready: 0, 'not-applicable': 0 };
}

/** Count controls by status. */
export function countStatuses(controls: readonly ControlReadiness[]): StatusCounts {
  const counts = emptyStatusCounts();
  for (const c of controls) counts[c.status]++;
  return counts;
}

/** Share of ready controls among the in-scope controls that apply; null when none applies. */
export function controlScore(counts: StatusCounts): number | null {
  const applicable = counts.gap + counts['at-risk'] + counts.excepted + counts.ready;
  return applicable === 0 ? null : counts.ready / applicable;
}

/**
 * Per responsible owner (the one the reasons name): their controls by status
 * and every reason they own, with the controls assigned to them because
 * nobody active owns them listed apart. Named owners by name, nobody (null) last.
 */
export function rollUpOwners(controls: readonly ControlReadiness[]): OwnerReadiness[] {
  const byOwner = new Map<string | null, ControlReadiness[]>();
  for (const c of controls) {
    const list = byOwner.get(c.ownerId);
    if (list) list.push(c);
    else byOwner.set(c.ownerId, [c]);
  }
  return [...byOwner.entries()]
    .map(([ownerId, owned]) => ({
      ownerId,
      ownerName: owned[0]?.ownerName ?? null,
      counts: countStatuses(owned),
      unownedControlIds: owned.filter((c) => c.unowned).map((c) => c.controlId),
      reasons: owned.flatMap((c) => c.reasons).sort(compareReasons),
    }))
    .sort(
      (a, b) =>
        Number(a.ownerId === null) - Number(b.ownerId === null) ||
        compareText(a.ownerName ?? '', b.ownerName ?? '') ||
        compareText(a.ownerId ?? '', b.ownerId ?? ''),
    );
}

/** The overall picture of the in-scope controls and, when the SOC 2 catalog is given, its criteria. */
export function summarize(
  controls: readonly ControlReadiness[],
  outOfScope: number,
  soc2: Pick<ReadinessSummary, 'criteria' | 'criteriaScore'>,
): ReadinessSummary {
  const counts = countStatuses(controls);
  const reasons = { gap: 0, 'at-risk': 0, info: 0 };
  for (const c of controls) for (const r of c.reasons) reasons[r.severity]++;
  return {
    controls: counts,
    inScope: controls.length,
    outOfScope,
    controlScore: controlScore(counts),
    criteria: soc2.criteria,
    criteriaScore: soc2.criteriaScore,
    reasons,
  };
}
