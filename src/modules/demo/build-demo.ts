import { Readable } from 'node:stream';
import { cadenceDays } from '../../core/cadence.js';
import { addDays, addMonths, type IsoDate, minDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { EvidenceReviewsTable, EvidenceTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { type ControlDetail, listControlDetails } from '../controls/control.repository.js';
import { applyControlMatrix, starterMatrixRows } from '../controls/control.service.js';
import { createEngagement } from '../engagements/engagement.service.js';
import { insertEvidenceRows, insertReviews } from '../evidence/evidence.repository.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { addException, reviewException } from '../exceptions/exception.service.js';
import { addFinding, resolveFinding } from '../findings/finding.service.js';
import { ensureCatalogs } from '../frameworks/framework.service.js';
import {
  createOrganization,
  listOrganizations,
  type Organization,
} from '../organizations/organization.service.js';
import { listPeople } from '../people/person.repository.js';
import type { Person } from '../people/person.schema.js';
import { applyRoster } from '../people/person.service.js';
import { readinessFacts } from '../readiness/facts/readiness-facts.js';
import { seedAccessReviews } from './demo-access-reviews.js';
import { seedChanges } from './demo-changes.js';
import { seedIncidents } from './demo-incidents.js';
import { seedNonHumanIdentities } from './demo-nhi.js';
import { demoRoster, roleHolderEmail } from './demo-people.js';
import { seedPolicies } from './demo-policies.js';
import { seedRequests } from './demo-requests.js';
import { seedVendors } from './demo-vendors.js';
import { SeededRandom } from './random.js';

/** How a requirement's evidence history looks in the demo. */
type Profile = 'good' | 'stale' | 'missing' | 'rejected' | 'pending' | 'stale-soon';

/** What the demo built. */
export interface DemoResult {
  organization: Organization;
  people: number;
  controls: number;
  evidence: number;
  /** Non-human identities imported from the sample exports. */
  identities: number;
  engagementId: string;
  today: IsoDate;
}

const NOT_APPLICABLE: Record<string, string> = {
  'AC-11':
    'Northwind Cloud is fully remote: no offices; data-centre security is inherited from the cloud provider (see VM-03).',
  'AI-11': 'No AI system has been retired yet; the control applies from the first retirement.',
};
const DRAFTS = ['AI-06', 'DP-09', 'GOV-06'];
const UNOWNED = ['OPS-10', 'CM-09'];
const DEPARTED_OWNER = ['NHI-04', 'AC-09'];
/** Histories the demo's story depends on (the rest are drawn at random). */
const FORCED_PROFILE: Record<string, Profile> = { 'AC-03': 'good', 'BC-04': 'missing', 'HR-03': 'good' };
/**
 * Requirements whose latest evidence someone assembled by hand although a
 * system is their source of truth: readiness suggests the import instead
 * (docs/decisions/0030).
 */
const HANDMADE_LATEST: Record<string, { sourceType: 'screenshot' | 'document'; description: string }> = {
  'HR-03-E1': {
    sourceType: 'screenshot',
    description: "Screenshot of the training platform's completion dashboard",
  },
};

function pickProfile(rng: SeededRandom): Profile {
  const r = rng.next();
  if (r < 0.7) return 'good';
  if (r < 0.78) return 'stale';
  if (r < 0.84) return 'missing';
  if (r < 0.88) return 'rejected';
  if (r < 0.94) return 'pending';
  return 'stale-soon';
}

/** The activity dates of a requirement over the last six months, oldest first, shaped by its profile. */
function activityDates(
  cadence: ControlDetail['requirements'][number]['cadence'],
  profile: Profile,
  today: IsoDate,
  rng: SeededRandom,
): IsoDate[] {
  const days = cadenceDays(cadence);
  const grace = days === null ? 0 : Math.ceil(days * 0.25);
  if (profile === 'missing') return [];
  if (cadence === 'once') return [addDays(today, -rng.int(60, 400))];
  if (cadence === 'per-event') {
    const n = rng.int(3, 7);
    return Array.from({ length: n }, () => addDays(today, -rng.int(3, 180))).sort();
  }
  const step = days!;
  // The newest activity: recent for good histories, long ago for stale ones, just old enough for stale-soon.
  let newest: IsoDate;
  if (profile === 'stale') newest = addDays(today, -(step + grace + rng.int(5, 40)));
  else if (profile === 'stale-soon') newest = addDays(today, -(step + grace) + rng.int(2, 12));
  else newest = addDays(today, -rng.int(1, Math.max(1, Math.min(step - 1, 20))));
  const dates: IsoDate[] = [];
  const since = addMonths(today, -6);
  for (let d = newest; d >= since && dates.length < 40; d = addDays(d, -step)) dates.unshift(d);
  if (dates.length === 0) dates.push(newest);
  return dates;
}

function artifactText(
  org: string,
  control: ControlDetail,
  code: string,
  artifact: string,
  date: IsoDate,
  rng: SeededRandom,
): string {
  const rows = Array.from(
    { length: rng.int(3, 12) },
    (_, i) => `${i + 1},item-${rng.int(1000, 9999)},ok,${date}`,
  );
  return [
    `# ${org} — ${control.code} ${control.title}`,
    `# requirement ${code}: ${artifact}`,
    `# activity date ${date}`,
    'n,item,result,date',
    ...rows,
    '',
  ].join('\n');
}

/**
 * Builds "Northwind Cloud": ~60 people (3 departed), the starter controls with
 * owners, six months of evidence with stale, missing, rejected and pending
 * items, a Type II engagement three months into its window with its first
 * requests (one accepted, one submitted, one open), three exceptions
 * (one expired, one not yet approved), a few findings, and a non-human
 * identity inventory imported from sample exports, a quarter of access
 * reviews (one completed, one in progress with an overdue revocation) and a
 * quarter of releases of one repository imported from a GitHub export (with
 * a self-approved change, a failing check, a direct push and an emergency
 * change without retrospective approval) — so that every readiness
 * identity inventory imported from sample exports, and a quarter of access
 * reviews (one completed, one in progress with an overdue revocation), and five policies (one a draft, one
 * overdue for review, acknowledgements missing) — so that every readiness
 * reviews (one completed, one in progress with an overdue revocation), and a vendor register with reports,
 * bridge letters and CUECs (a stale report, an unmapped CUEC and an overdue review among them) — so that every readiness
 * status and reason shows. The same seed and date give the same
 * organization.
 */
export async function buildDemo(
  stores: EvidenceStores,
  actor: Actor,
  options: { seed?: number; today: IsoDate },
): Promise<DemoResult> {
  const { database } = stores;
  const today = options.today;
  const rng = new SeededRandom(options.seed ?? 20261129);
  if ((await listOrganizations(database.db)).length > 0) {
    throw new AppError(
      'conflict',
      'the demo needs an empty data folder (this one already has an organization)',
    );
  }
  await ensureCatalogs(database, actor);
  const org = await createOrganization(database, actor, 'Northwind Cloud');
  const orgId = org.id;

  const roster = demoRoster(rng, today);
  await write(database, { actor, orgId }, (w) => applyRoster(w, orgId, roster));
  const people = await listPeople(database.db, orgId);
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const active = people.filter((p) => p.status === 'active');
  const departed = people.find((p) => p.name === 'Victor Lindgren')!;

  const rows = starterMatrixRows().map((row) => {
    const owner = roleHolderEmail(row.suggestedOwnerRole ?? '') ?? roleHolderEmail('Compliance lead')!;
    const backup = rng.pick(active.filter((p) => p.email !== owner && p.team !== 'Sales')).email;
    const na = NOT_APPLICABLE[row.code];
    return {
      row: {
        ...row,
        status: na
          ? ('not-applicable' as const)
          : DRAFTS.includes(row.code)
            ? ('draft' as const)
            : ('implemented' as const),
        naJustification: na ?? null,
        ownerEmail: UNOWNED.includes(row.code)
          ? null
          : DEPARTED_OWNER.includes(row.code)
            ? departed.email
            : owner,
        backupOwnerEmail: UNOWNED.includes(row.code) || DEPARTED_OWNER.includes(row.code) ? null : backup,
      },
      fail: (column: string | null, reason: string) =>
        new AppError('internal', `demo control ${row.code} ${column}: ${reason}`),
    };
  });
  await write(database, { actor, orgId }, (w) => applyControlMatrix(w, orgId, rows));
  const controls = await listControlDetails(database.db, orgId);

  const evidenceCount = await seedEvidence(stores, actor, org, controls, byEmail, today, rng);

  const lead = byEmail.get(roleHolderEmail('Compliance lead')!)!;
  // A Type II window three months in: its evidence so far, its first requests and the engagement's package
  // are there to see (a window that had not opened yet gave a package without evidence).
  const windowStart = addDays(today, -90);
  const windowEnd = addDays(addMonths(windowStart, 6), -1);
  const engagement = await createEngagement(database, actor, orgId, {
    type: 'type2',
    windowStart,
    windowEnd,
    fieldworkStart: addDays(windowEnd, 14),
    reportDue: addDays(windowEnd, 60),
    categories: ['availability', 'confidentiality'],
    firmName: 'Calloway & Finch LLP',
    leadEmail: lead.email,
  });

  await seedExceptionsAndFindings(stores, actor, orgId, controls, lead, today);
  const identities = await seedNonHumanIdentities(stores, actor, orgId, today);
  await seedAccessReviews(stores, actor, orgId, people, today);
  await seedIncidents(stores, actor, orgId, today);
  await seedChanges(stores, actor, orgId, options.seed ?? 20261129, today);
  await seedRequests(database, actor, orgId, engagement.id, { start: windowStart, end: windowEnd }, today);
  await seedPolicies(stores, actor, orgId, people, today, rng);
  await seedVendors(stores, actor, orgId, today);
  return {
    organization: org,
    people: people.length,
    controls: controls.length,
    evidence: evidenceCount,
    identities,
    engagementId: engagement.id,
    today,
  };
}

async function seedEvidence(
  stores: EvidenceStores,
  actor: Actor,
  org: Organization,
  controls: ControlDetail[],
  byEmail: Map<string, Person>,
  today: IsoDate,
  rng: SeededRandom,
): Promise<number> {
  const evidence: EvidenceTable[] = [];
  const reviews: EvidenceReviewsTable[] = [];
  const reviewer = byEmail.get(roleHolderEmail('Compliance lead')!)!;
  for (const control of controls) {
    if (control.status !== 'implemented') continue;
    const collector = control.owner ?? { id: 'import', email: 'import@northwind.example' };
    for (const req of control.requirements) {
      // Controls the demo needs in a known state are kept clean; the rest get a random history.
      const profile: Profile = FORCED_PROFILE[control.code] ?? pickProfile(rng);
      const dates = activityDates(req.cadence, profile, today, rng);
      let previousId: string | null = null;
      for (const [i, date] of dates.entries()) {
        const latest = i === dates.length - 1;
        const text = artifactText(org.name, control, req.code, req.artifact, date, rng);
        const handmade = latest ? HANDMADE_LATEST[req.code] : undefined;
        const blob = await stores.blobs.put(Readable.from([Buffer.from(text)]));
        const id = newId();
        const collectedOn = minDate(addDays(date, rng.int(0, 2)), today);
        const collectedAt = `${collectedOn}T${String(rng.int(8, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`;
        const row: EvidenceTable = {
          id,
          org_id: org.id,
          control_id: control.id,
          requirement_id: req.id,
          kind: 'file',
          sha256: blob.sha256,
          size: blob.size,
          file_name: `${req.code.toLowerCase()}-${date}.csv`,
          media_type: 'text/csv',
          url: null,
          description: handmade?.description ?? req.artifact,
          effective_start: date,
          effective_end: date,
          collected_at: collectedAt,
          source_type: handmade?.sourceType ?? req.sourceType,
          collector_type: 'person',
          collector_id: collector.id,
          collector_label: collector.email,
          supersedes_id: null,
        };
        evidence.push(row);
        const decide = (decision: 'accepted' | 'rejected', reason: string | null) =>
          reviews.push({
            evidence_id: id,
            org_id: org.id,
            decision,
            reason,
            reviewer_type: 'person',
            reviewer_id: reviewer.id,
            reviewer_label: reviewer.email,
            reviewed_at: `${minDate(addDays(collectedOn, 1), today)}T18:00:00.000Z`,
          });
        if (latest && profile === 'pending') {
          // Left submitted: a reviewer has not looked at it yet.
        } else if (profile === 'rejected' && latest) {
          decide(
            'rejected',
            'Export is missing the reviewer column and the decision date; re-export with the full columns.',
          );
        } else if (profile === 'rejected') {
          // Older rounds of a rejected history were corrected: the earlier file was superseded.
          decide('rejected', 'Wrong period: the export covers the previous quarter.');
          previousId = id;
          continue;
        } else {
          decide('accepted', null);
        }
        if (previousId) {
          row.supersedes_id = previousId;
          previousId = null;
        }
      }
    }
  }
  await write(stores.database, { actor, orgId: org.id }, async (w) => {
    await insertEvidenceRows(w.tx, evidence);
    await readinessFacts.afterEvidence(w, evidence);
    await insertReviews(w.tx, reviews);
    await readinessFacts.afterReviews(w, reviews);
    for (const e of evidence)
      w.record({
        action: e.supersedes_id ? 'supersede' : 'create',
        recordType: 'evidence',
        recordId: e.id,
        change: e,
      });
    for (const r of reviews)
      w.record({
        action: r.decision === 'accepted' ? 'accept' : 'reject',
        recordType: 'evidence',
        recordId: r.evidence_id,
        change: r,
      });
  });
  return evidence.length;
}

async function seedExceptionsAndFindings(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  controls: ControlDetail[],
  lead: Person,
  today: IsoDate,
): Promise<void> {
  const { database } = stores;
  const code = (c: string) => controls.find((x) => x.code === c)!.code;
  const cto = roleHolderEmail('Head of engineering')!;
  // An approved, active exception on a control whose evidence is missing: it shows as excepted. Its
  // approver reviewed it last week and asked for monthly reviews from then on (docs/decisions/0030).
  const dr = await addException(database, actor, orgId, {
    controlCode: code('BC-04'),
    summary: 'The annual DR failover test has not run this year',
    reason: 'The secondary region migration moved the test to next quarter',
    compensatingControl: 'Quarterly restore tests of the primary database (BC-03) continue',
    riskRating: 'medium',
    approverEmail: cto,
    approvedOn: addDays(today, -20),
    expiresOn: addDays(today, 70),
  });
  await reviewException(database, actor, orgId, dr.id, {
    decision: 'continue',
    note: 'Secondary region is live; the failover test is booked for next month',
    reviewedOn: addDays(today, -6),
    reviewCadence: 'monthly',
  });
  // An approved exception that has expired: the control is a gap again.
  await addException(database, actor, orgId, {
    controlCode: code('HR-03'),
    summary: 'Security awareness training overdue for the support team',
    reason: 'Vendor platform change',
    compensatingControl: 'Phishing simulation results reviewed monthly',
    riskRating: 'low',
    approverEmail: lead.email,
    approvedOn: addDays(today, -120),
    expiresOn: addDays(today, -10),
  });
  // Requested but not approved: it does nothing until someone approves it.
  await addException(database, actor, orgId, {
    controlCode: code('OPS-07'),
    summary: 'Legacy reporting host cannot run the endpoint agent',
    reason: 'Vendor does not support the OS version; host retires in Q2',
    compensatingControl: 'Host isolated in its own VPC with no inbound access',
    riskRating: 'high',
    expiresOn: addDays(today, 120),
  });
  await addFinding(database, actor, orgId, {
    title: 'Production database snapshot shared with a personal AWS account',
    severity: 'high',
    controlCodes: [code('DP-03')],
    criteria: [{ frameworkId: 'soc2', code: 'C1.1' }],
    ownerEmail: roleHolderEmail('SRE lead'),
    dueOn: addDays(today, 10),
    openedOn: addDays(today, -6),
  });
  await addFinding(database, actor, orgId, {
    title: 'Two pull requests merged without the required second review',
    severity: 'medium',
    controlCodes: [code('CM-02')],
    criteria: [{ frameworkId: 'soc2', code: 'CC8.1' }],
    ownerEmail: roleHolderEmail('Engineering manager'),
    dueOn: addDays(today, 7),
    openedOn: addDays(today, -3),
  });
  const resolved = await addFinding(database, actor, orgId, {
    title: 'Stale admin role left on a contractor account',
    severity: 'critical',
    controlCodes: [code('AC-06')],
    criteria: [{ frameworkId: 'soc2', code: 'CC6.3' }],
    ownerEmail: roleHolderEmail('IT admin'),
    dueOn: addDays(today, -30),
    openedOn: addDays(today, -45),
  });
  await resolveFinding(database, actor, orgId, {
    id: resolved.id,
    resolvedOn: addDays(today, -40),
    resolution: 'Role removed; leaver checklist now covers contractor accounts',
  });
}
