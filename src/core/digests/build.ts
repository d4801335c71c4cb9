import { addDays, type IsoDate } from '../dates.js';
import type {
  EvidenceItem as PlanEvidenceItem,
  GapItem as PlanGapItem,
  MilestoneItem as PlanMilestone,
} from '../plan/types.js';
import { READINESS_STATUSES, type ReadinessStatus } from '../readiness/schema.js';
import type { ReadinessResult } from '../readiness/types.js';
import type {
  DigestItem,
  FailedCollection,
  LeadDigest,
  OwnerDigest,
  SnapshotChange,
  SnapshotContent,
} from './schema.js';

/** A person as the digests need them. */
export interface DigestPerson {
  id: string;
  name: string;
  status: string;
}

/** Evidence a reviewer rejected, with the reviewer's reason. */
export interface RejectedEvidence {
  evidenceId: string;
  controlCode: string;
  requirementCode: string;
  ownerId: string | null;
  reason: string | null;
  reviewer: string;
  reviewedOn: IsoDate;
}

/** A finding as the digests need it (open ones only are listed). */
export interface DigestFinding {
  id: string;
  title: string;
  severity: string;
  ownerId: string | null;
  dueOn: IsoDate | null;
  resolvedOn: IsoDate | null;
}

/** Everything an owner's digest is built from. */
export interface OwnerDigestInput {
  /** The run's local date: the week is [today, today + 6]. */
  today: IsoDate;
  people: readonly DigestPerson[];
  /** The plan's evidence items and its gap work (docs/decisions/0019). */
  planItems: readonly (PlanEvidenceItem | PlanGapItem)[];
  rejected: readonly RejectedEvidence[];
  findings: readonly DigestFinding[];
  /**
   * Items other concepts address to a person (a requests module adds its
   * requests here as kind `request`): listed as they are.
   */
  addressed: readonly DigestItem[];
}

/** How a digest names a plan item: the evidence it asks for, or the gap work and its control. */
export function planItemTitle(p: PlanEvidenceItem | PlanGapItem): string {
  return p.kind === 'gap'
    ? `${p.label}: ${p.controlCode}`
    : `Evidence ${p.requirementCode} for ${p.controlCode}`;
}

const byDueThenTitle = (a: DigestItem, b: DigestItem) =>
  (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.title.localeCompare(b.title);

/**
 * One digest per active person with at least one item: due this week (plan
 * evidence items not done, due within seven days from today), overdue (not
 * done, due before today), evidence rejected in the last seven days with the
 * reviewer's reason, open findings they own, and the items addressed to
 * them. Departed people get none; their items are not moved to anyone here
 * (readiness already names the lead for unowned controls).
 */
export function buildOwnerDigests(input: OwnerDigestInput): OwnerDigest[] {
  const weekEnd = addDays(input.today, 6);
  const weekStart = addDays(input.today, -7);
  const items = new Map<string, DigestItem[]>();
  const add = (item: DigestItem) => {
    const list = items.get(item.personId) ?? [];
    list.push(item);
    items.set(item.personId, list);
  };
  for (const p of input.planItems) {
    if (p.doneOn !== null || p.ownerId === null) continue;
    const title = planItemTitle(p);
    const detail =
      p.kind === 'gap' ? p.message : p.period ? `covering ${p.period.start} to ${p.period.end}` : null;
    const link = `/controls/${encodeURIComponent(p.controlCode)}`;
    if (p.dueOn < input.today)
      add({ kind: 'overdue', personId: p.ownerId, title, detail, dueOn: p.dueOn, link });
    else if (p.dueOn <= weekEnd)
      add({ kind: 'due', personId: p.ownerId, title, detail, dueOn: p.dueOn, link });
  }
  for (const r of input.rejected) {
    if (r.ownerId === null || r.reviewedOn < weekStart || r.reviewedOn > input.today) continue;
    add({
      kind: 'rejected',
      personId: r.ownerId,
      title: `Evidence ${r.requirementCode} for ${r.controlCode} was rejected by ${r.reviewer}`,
      detail: r.reason ?? 'no reason given',
      dueOn: null,
      link: `/controls/${encodeURIComponent(r.controlCode)}`,
    });
  }
  for (const f of input.findings) {
    if (f.ownerId === null || f.resolvedOn !== null) continue;
    add({
      kind: 'finding',
      personId: f.ownerId,
      title: f.title,
      detail: `${f.severity} finding`,
      dueOn: f.dueOn,
      link: `/findings?finding=${encodeURIComponent(f.id)}`,
    });
  }
  for (const a of input.addressed) add(a);

  const digests: OwnerDigest[] = [];
  for (const person of [...input.people].sort((a, b) => a.name.localeCompare(b.name))) {
    if (person.status !== 'active') continue;
    const mine = (items.get(person.id) ?? []).sort(byDueThenTitle);
    if (mine.length === 0) continue;
    const of = (kind: DigestItem['kind']) => mine.filter((i) => i.kind === kind);
    digests.push({
      kind: 'owner',
      week: input.today,
      personId: person.id,
      personName: person.name,
      due: of('due'),
      overdue: of('overdue'),
      rejected: of('rejected'),
      findings: of('finding'),
      requests: of('request'),
    });
  }
  return digests;
}

/** Readiness reduced to what a weekly snapshot keeps. */
export function snapshotOf(result: ReadinessResult): SnapshotContent {
  const controls = Object.fromEntries(READINESS_STATUSES.map((s) => [s, 0])) as Record<
    ReadinessStatus,
    number
  >;
  const controlStatus: Record<string, ReadinessStatus> = {};
  for (const c of result.controls) {
    controls[c.status] += 1;
    controlStatus[c.code] = c.status;
  }
  return {
    at: result.at,
    engagementId: result.engagementId,
    controls,
    categories: result.categories.map((c) => ({
      frameworkId: c.frameworkId,
      code: c.code,
      title: c.title,
      counts: { ...c.counts },
    })),
    controlStatus,
  };
}

/** The change from the previous snapshot (null: the first week) to this one. */
export function compareSnapshots(
  week: IsoDate,
  now: SnapshotContent,
  previous: { week: IsoDate; content: SnapshotContent } | null,
): SnapshotChange {
  const before = previous?.content ?? null;
  const controls: SnapshotChange['controls'] = {};
  for (const s of READINESS_STATUSES) {
    const b = before ? before.controls[s] : null;
    controls[s] = { now: now.controls[s], before: b, change: now.controls[s] - (b ?? 0) };
  }
  const key = (c: { frameworkId: string; code: string }) => `${c.frameworkId}/${c.code}`;
  const beforeCategories = new Map((before?.categories ?? []).map((c) => [key(c), c]));
  const gapsOf = (counts: Record<string, number>) => (counts.gap ?? 0) + (counts.unmapped ?? 0);
  const categories = now.categories.map((c) => {
    const b = beforeCategories.get(key(c));
    return {
      frameworkId: c.frameworkId,
      code: c.code,
      title: c.title,
      gapsNow: gapsOf(c.counts),
      gapsBefore: b ? gapsOf(b.counts) : null,
      readyNow: c.counts.ready ?? 0,
      readyBefore: b ? (b.counts.ready ?? 0) : null,
    };
  });
  const gapNow = Object.keys(now.controlStatus).filter((code) => now.controlStatus[code] === 'gap');
  const wasGap = (code: string) => before?.controlStatus[code] === 'gap';
  return {
    week,
    previousWeek: previous?.week ?? null,
    controls,
    categories,
    newGaps: gapNow.filter((code) => !wasGap(code)).sort(),
    closedGaps: Object.keys(before?.controlStatus ?? {})
      .filter((code) => wasGap(code) && now.controlStatus[code] !== 'gap')
      .sort(),
  };
}

/** Everything the lead's digest is built from. */
export interface LeadDigestInput {
  today: IsoDate;
  lead: DigestPerson;
  change: SnapshotChange;
  readiness: ReadinessResult;
  milestones: readonly PlanMilestone[];
  failedCollections: readonly FailedCollection[];
}

/**
 * The compliance lead's summary: the change since last week (by status and
 * category), the new gaps with their first gap reason and owner, the plan's
 * milestones not done within 30 days (overdue ones too), and the
 * collections of this run that failed.
 */
export function buildLeadDigest(input: LeadDigestInput): LeadDigest {
  const horizon = addDays(input.today, 30);
  const controls = new Map(input.readiness.controls.map((c) => [c.code, c]));
  return {
    kind: 'lead',
    week: input.today,
    personId: input.lead.id,
    personName: input.lead.name,
    change: input.change,
    newGaps: input.change.newGaps.map((code) => {
      const c = controls.get(code);
      const reason = c?.reasons.find((r) => r.severity === 'gap');
      return {
        controlCode: code,
        title: c?.title ?? code,
        reason: reason?.message ?? null,
        ownerName: c?.ownerName ?? null,
        link: `/controls/${encodeURIComponent(code)}`,
      };
    }),
    milestones: input.milestones
      .filter((m) => m.doneOn === null && m.dueOn <= horizon)
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
      .map((m) => ({ title: m.title, dueOn: m.dueOn, link: '/engagement' })),
    failedCollections: [...input.failedCollections],
  };
}
