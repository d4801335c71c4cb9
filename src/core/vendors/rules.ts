/**
 * Vendor oversight (SPEC §3, issue 17 item 2, docs/decisions/0028) as pure
 * rules: how current a vendor's assurance report is at T (a report whose
 * period ended within 12 months, or an older one with bridge letters covering
 * the gap from its period end to T), and the rule findings — a critical
 * vendor without current assurance, a vendor review overdue, a complementary
 * user entity control (CUEC) not mapped to any of our controls — with the
 * plan that keeps the stored findings in step. The date T is always an input.
 */
import { remediationDueOn } from '../at-date.js';
import { addDays, addMonths, daysBetween, type IsoDate } from '../dates.js';

/** How critical a vendor is to the company (tiers of VM-01). */
export const VENDOR_CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
/** One of {@link VENDOR_CRITICALITIES}. */
export type VendorCriticality = (typeof VENDOR_CRITICALITIES)[number];

/** The kinds of assurance report a vendor hands over. */
export const VENDOR_REPORT_KINDS = ['soc2-type1', 'soc2-type2', 'iso27001'] as const;
/** One of {@link VENDOR_REPORT_KINDS}. */
export type VendorReportKind = (typeof VENDOR_REPORT_KINDS)[number];

/** How long after its period end a report still counts as current. */
export const REPORT_CURRENT_MONTHS = 12;

/** The starter controls and requirements vendor records feed (src/catalogs/starter-controls/vendor-management.ts). */
export const VENDOR_CONTROLS = {
  /** The vendor register: owner, data, criticality, next review. */
  inventory: 'VM-01',
  register: 'VM-01-E2',
  /** Reports and bridge letters of tier 1 vendors. */
  reports: 'VM-03',
  reviewRecord: 'VM-03-E1',
  bridgeLetter: 'VM-03-E2',
  /** The shared-responsibility matrix: every company-side item (CUEC) mapped to a control. */
  cuecs: 'VM-06',
} as const;

/** The rules of vendor oversight, each raising findings on a starter control. */
export const VENDOR_RULES = ['report-missing', 'review-overdue', 'cuec-unmapped'] as const;
/** One of {@link VENDOR_RULES}. */
export type VendorRule = (typeof VENDOR_RULES)[number];

/** The `source` of a finding raised by a vendor rule (`vendor-rule:report-missing`). */
export function vendorFindingSource(rule: VendorRule): string {
  return `vendor-rule:${rule}`;
}

/** A report as the rules read it. */
export interface ReportFacts {
  kind: VendorReportKind;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  receivedOn: IsoDate;
}

/** A bridge letter as the rules read it. */
export interface BridgeLetterFacts {
  coveredFrom: IsoDate;
  coveredTo: IsoDate;
}

/** How current a vendor's assurance is at T. */
export const ASSURANCE_STATUSES = ['current', 'bridged', 'stale', 'none'] as const;
/** One of {@link ASSURANCE_STATUSES}. */
export type AssuranceStatus = (typeof ASSURANCE_STATUSES)[number];

/** A vendor's assurance at T: its latest report, how old it is, and whether bridge letters close the gap. */
export interface Assurance {
  status: AssuranceStatus;
  /** The report with the latest period end received by T, or null. */
  latest: ReportFacts | null;
  /** Whole months from the latest report's period end to T (null without a report). */
  ageMonths: number | null;
  /** The last day the latest report and the bridge letters chained to it cover (null without a report). */
  coveredUntil: IsoDate | null;
}

/** Whole months from `from` to `to` (0 when `to` is within a month of `from`, never negative). */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  if (to <= from) return 0;
  let months = 0;
  while (addMonths(from, months + 1) <= to) months++;
  return months;
}

/**
 * The last day covered from a report's period end by bridge letters chained
 * to it: a letter extends the coverage when it starts no later than the day
 * after what is covered so far (letters may overlap; a hole stops the chain).
 */
export function bridgedUntil(periodEnd: IsoDate, letters: readonly BridgeLetterFacts[]): IsoDate {
  let covered = periodEnd;
  const sorted = [...letters].sort((a, b) =>
    a.coveredFrom < b.coveredFrom ? -1 : a.coveredFrom > b.coveredFrom ? 1 : 0,
  );
  for (const l of sorted) {
    if (l.coveredFrom > addDays(covered, 1)) break;
    if (l.coveredTo > covered) covered = l.coveredTo;
  }
  return covered;
}

/**
 * A vendor's assurance at T: `current` when its latest report (received by T)
 * has a period that ended within 12 months of T, `bridged` when older but
 * bridge letters chained to its period end cover up to T, `stale` otherwise,
 * `none` without any report.
 */
export function assuranceAt(
  reports: readonly ReportFacts[],
  letters: readonly BridgeLetterFacts[],
  at: IsoDate,
): Assurance {
  const known = reports.filter((r) => r.receivedOn <= at);
  if (known.length === 0) return { status: 'none', latest: null, ageMonths: null, coveredUntil: null };
  const latest = known.reduce((a, b) => (b.periodEnd > a.periodEnd ? b : a));
  const ageMonths = monthsBetween(latest.periodEnd, at);
  if (addMonths(latest.periodEnd, REPORT_CURRENT_MONTHS) >= at)
    return { status: 'current', latest, ageMonths, coveredUntil: latest.periodEnd };
  const coveredUntil = bridgedUntil(latest.periodEnd, letters);
  return { status: coveredUntil >= at ? 'bridged' : 'stale', latest, ageMonths, coveredUntil };
}

/**
 * The report-age badge of a vendor in words (the register's list, the CLI):
 * `report 5 months old`, `report 14 months old (bridged to 2026-12-31)`,
 * `report 14 months old (stale)`, `no report`.
 */
export function assuranceBadge(a: Pick<Assurance, 'status' | 'ageMonths' | 'coveredUntil'>): string {
  if (a.status === 'none' || a.ageMonths === null) return 'no report';
  const age = `report ${a.ageMonths} month${a.ageMonths === 1 ? '' : 's'} old`;
  if (a.status === 'current') return age;
  return a.status === 'bridged' ? `${age} (bridged to ${a.coveredUntil})` : `${age} (stale)`;
}

/** A vendor as the rules read it. */
export interface VendorFacts {
  id: string;
  name: string;
  criticality: VendorCriticality;
  ownerId: string | null;
  /** The owner's e-mail, or null when there is none. */
  ownerEmail: string | null;
  contractEnd: IsoDate | null;
  nextReviewOn: IsoDate | null;
  reports: readonly ReportFacts[];
  bridgeLetters: readonly BridgeLetterFacts[];
  cuecs: readonly { id: string; ref: string; description: string; mappedControls: number }[];
}

/** A finding the rules want open, keyed by rule and subject. */
export interface WantedVendorFinding {
  rule: VendorRule;
  /** What the finding is about (`vendor:<id>`, `cuec:<id>`). */
  key: string;
  title: string;
  description: string;
  severity: 'medium' | 'high';
  ownerId: string | null;
  controlCodes: string[];
}

/** Whether a vendor is still engaged at T (its contract has not ended): exited vendors are not judged. */
export function isEngaged(v: Pick<VendorFacts, 'contractEnd'>, at: IsoDate): boolean {
  return v.contractEnd === null || v.contractEnd >= at;
}

const ownedBy = (v: VendorFacts) => `owner ${v.ownerEmail ?? 'none'}`;

/** The findings the vendor rules want open at T, in a stable order. */
export function vendorFindings(vendors: readonly VendorFacts[], at: IsoDate): WantedVendorFinding[] {
  const out: WantedVendorFinding[] = [];
  for (const v of vendors) {
    if (!isEngaged(v, at)) continue;
    if (v.criticality === 'critical') {
      const a = assuranceAt(v.reports, v.bridgeLetters, at);
      if (a.status === 'none' || a.status === 'stale') {
        const since = a.latest
          ? `its latest report's period ended on ${a.latest.periodEnd} (${a.ageMonths} months ago) and no bridge letter covers ${addDays(a.coveredUntil!, 1)} to ${at}`
          : 'no SOC 2 or ISO 27001 report is on file';
        out.push({
          rule: 'report-missing',
          key: `vendor:${v.id}`,
          title: `Critical vendor ${v.name} (${ownedBy(v)}) has no current assurance report`,
          description: `${v.name} is a critical vendor and ${since}. Obtain a report whose period ended within ${REPORT_CURRENT_MONTHS} months, or a bridge letter covering the gap.`,
          severity: 'high',
          ownerId: v.ownerId,
          controlCodes: [VENDOR_CONTROLS.reports],
        });
      }
    }
    if (v.nextReviewOn !== null && at > v.nextReviewOn) {
      const serious = v.criticality === 'critical' || v.criticality === 'high';
      out.push({
        rule: 'review-overdue',
        key: `vendor:${v.id}`,
        title: `Review of vendor ${v.name} (${ownedBy(v)}) overdue since ${v.nextReviewOn}`,
        description: `The ${v.criticality}-criticality vendor ${v.name} was due for review on ${v.nextReviewOn} (${daysBetween(v.nextReviewOn, at)} days ago) and no review is recorded since.`,
        severity: serious ? 'high' : 'medium',
        ownerId: v.ownerId,
        controlCodes: [VENDOR_CONTROLS.inventory],
      });
    }
    for (const c of v.cuecs) {
      if (c.mappedControls > 0) continue;
      out.push({
        rule: 'cuec-unmapped',
        key: `cuec:${c.id}`,
        title: `CUEC ${c.ref} of vendor ${v.name} (${ownedBy(v)}) is not mapped to any control`,
        description: `${v.name}'s report expects the company to run "${c.description}"; map it to the control that does.`,
        severity: v.criticality === 'critical' ? 'high' : 'medium',
        ownerId: v.ownerId,
        controlCodes: [VENDOR_CONTROLS.cuecs],
      });
    }
  }
  return out.sort((a, b) => (a.rule + a.key < b.rule + b.key ? -1 : a.rule + a.key > b.rule + b.key ? 1 : 0));
}

/** A finding a vendor rule raised earlier and that is still open. */
export interface OpenVendorFinding {
  findingId: string;
  rule: string;
  key: string;
}

/** What to do to the stored findings: open the wanted ones not open yet, resolve the open ones no longer wanted. */
export interface VendorFindingSyncPlan {
  open: { finding: WantedVendorFinding; dueOn: IsoDate }[];
  resolve: string[];
}

/** The plan that keeps the stored rule findings in step with {@link vendorFindings} at T. */
export function planVendorFindingSync(
  wanted: readonly WantedVendorFinding[],
  open: readonly OpenVendorFinding[],
  at: IsoDate,
): VendorFindingSyncPlan {
  const openKeys = new Set(open.map((o) => `${o.rule}|${o.key}`));
  const wantedKeys = new Set(wanted.map((w) => `${w.rule}|${w.key}`));
  return {
    open: wanted
      .filter((w) => !openKeys.has(`${w.rule}|${w.key}`))
      .map((finding) => ({ finding, dueOn: remediationDueOn(finding.severity, at) })),
    resolve: open
      .filter((o) => !wantedKeys.has(`${o.rule}|${o.key}`))
      .map((o) => o.findingId)
      .sort(),
  };
}
