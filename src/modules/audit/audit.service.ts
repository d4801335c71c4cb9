import { auditPeriod, isEvidenceInAuditPeriod } from '../../core/audit/scope.js';
import { inScopeCategories } from '../../core/engagement.js';
import type { Actor } from '../../core/ledger/chain.js';
import { isInScope } from '../../core/readiness/scope.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { ActivityEntry } from '../activity/activity.schema.js';
import { type ControlDetail, listControlDetails } from '../controls/control.repository.js';
import { findEngagementById } from '../engagements/engagement.repository.js';
import type { StoredEngagement } from '../engagements/engagement.schema.js';
import { toCoreEngagement } from '../engagements/engagement.service.js';
import { listEvidence } from '../evidence/evidence.repository.js';
import type { Evidence } from '../evidence/evidence.schema.js';
import { getEvidence } from '../evidence/evidence.service.js';
import { insertFindings, listFindings } from '../findings/finding.repository.js';
import type { StoredFinding } from '../findings/finding.schema.js';
import { criterionCodes } from '../frameworks/framework.repository.js';
import { auditFindingIds, insertAuditFinding, pageEngagementActivity } from './audit.repository.js';
import {
  type AuditControl,
  type AuditEngagement,
  type AuditFinding,
  auditFindingInputSchema,
} from './audit.schema.js';

/** The engagement of the organization an audit route names; 404 when it is not one of its own. */
export async function auditedEngagement(
  database: Database,
  orgId: string,
  engagementId: string,
): Promise<StoredEngagement> {
  const engagement = await findEngagementById(database.db, orgId, engagementId);
  if (!engagement) throw notFound('engagement', engagementId);
  return engagement;
}

/** The engagement as its auditor sees it, with its audit period. */
export async function getAuditEngagement(
  database: Database,
  orgId: string,
  engagementId: string,
): Promise<AuditEngagement> {
  const e = await auditedEngagement(database, orgId, engagementId);
  return {
    id: e.id,
    type: e.type,
    auditDate: e.auditDate,
    windowStart: e.windowStart,
    windowEnd: e.windowEnd,
    fieldworkStart: e.fieldworkStart,
    reportDue: e.reportDue,
    categories: e.categories,
    firmName: e.firmName,
    period: auditPeriod(toCoreEngagement(e)),
  };
}

function mappingsOf(c: ControlDetail) {
  return Object.entries(c.mappings).flatMap(([frameworkId, codes]) =>
    codes.map((criterionCode) => ({ frameworkId, criterionCode })),
  );
}

/** The controls in the engagement's scope (SOC 2 categories), with requirements and mappings. */
export async function inScopeControls(database: Database, orgId: string, engagement: StoredEngagement) {
  const categories = inScopeCategories(toCoreEngagement(engagement));
  const controls = await listControlDetails(database.db, orgId);
  return controls.filter((c) =>
    isInScope(
      {
        id: c.id,
        code: c.code,
        title: c.title,
        status: c.status,
        naJustification: c.naJustification,
        ownerId: c.ownerId,
        backupOwnerId: c.backupOwnerId,
        mappings: mappingsOf(c),
      },
      categories,
    ),
  );
}

/** The in-scope controls of an engagement, as its auditor sees them. */
export async function listAuditControls(
  database: Database,
  orgId: string,
  engagementId: string,
): Promise<AuditControl[]> {
  const engagement = await auditedEngagement(database, orgId, engagementId);
  return (await inScopeControls(database, orgId, engagement)).map((c) => ({
    id: c.id,
    code: c.code,
    title: c.title,
    description: c.description,
    status: c.status,
    cadence: c.cadence,
    ownerName: c.owner?.name ?? null,
    requirements: c.requirements.map((r) => ({
      id: r.id,
      code: r.code,
      artifact: r.artifact,
      cadence: r.cadence,
      sourceType: r.sourceType,
      collection: r.collection,
    })),
    mappings: c.mappings,
  }));
}

/**
 * The evidence an auditor of the engagement sees, newest first: of an
 * in-scope control (one, when `controlCode` is given), with an effective
 * period in the audit period (`isEvidenceInAuditPeriod`).
 */
export async function listAuditEvidence(
  database: Database,
  orgId: string,
  engagementId: string,
  filter: { controlCode?: string | undefined } = {},
): Promise<Evidence[]> {
  const engagement = await auditedEngagement(database, orgId, engagementId);
  const controls = await inScopeControls(database, orgId, engagement);
  const wanted = filter.controlCode ? controls.filter((c) => c.code === filter.controlCode) : controls;
  if (filter.controlCode && wanted.length === 0) throw notFound('control', filter.controlCode);
  const ids = new Set(wanted.map((c) => c.id));
  const core = toCoreEngagement(engagement);
  const all = await listEvidence(database.db, orgId, wanted.length === 1 ? { controlId: wanted[0]!.id } : {});
  return all.filter((e) => ids.has(e.controlId) && isEvidenceInAuditPeriod(e, core));
}

/** One piece of evidence an auditor of the engagement sees; any other (out of scope or period) is a 404. */
export async function getAuditEvidence(
  database: Database,
  orgId: string,
  engagementId: string,
  evidenceId: string,
): Promise<Evidence> {
  const engagement = await auditedEngagement(database, orgId, engagementId);
  // Exact ids only: a prefix would let an auditor probe for ids outside their scope.
  if (evidenceId.length < 36) throw notFound('evidence', evidenceId);
  const evidence = await getEvidence(database, orgId, evidenceId);
  const inScope = (await inScopeControls(database, orgId, engagement)).some(
    (c) => c.id === evidence.controlId,
  );
  if (!inScope || !isEvidenceInAuditPeriod(evidence, toCoreEngagement(engagement)))
    throw notFound('evidence', evidenceId);
  return evidence;
}

function toAuditFinding(f: StoredFinding): AuditFinding {
  const { ownerId: _ownerId, ownerEmail: _ownerEmail, orgId: _orgId, ...rest } = f;
  return rest;
}

/** The findings the auditors of the engagement raised. */
export async function listAuditFindings(
  database: Database,
  orgId: string,
  engagementId: string,
): Promise<AuditFinding[]> {
  await auditedEngagement(database, orgId, engagementId);
  const ids = await auditFindingIds(database.db, orgId, engagementId);
  if (ids.size === 0) return [];
  return (await listFindings(database.db, orgId)).filter((f) => ids.has(f.id)).map(toAuditFinding);
}

/**
 * Raises a finding for the engagement (source `auditor`) on in-scope
 * controls only; a control outside the scope is a 404 like any record the
 * auditor cannot see.
 */
export async function raiseAuditFinding(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string,
  input: unknown,
): Promise<AuditFinding> {
  const parsed = auditFindingInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid_input', `${issue.path.join('.') || 'finding'}: ${issue.message}`, {
      field: issue.path.join('.'),
    });
  }
  const f = parsed.data;
  const engagement = await auditedEngagement(database, orgId, engagementId);
  const controls = await inScopeControls(database, orgId, engagement);
  const byCode = new Map(controls.map((c) => [c.code, c]));
  const missing = f.controlCodes.find((code) => !byCode.has(code));
  if (missing) throw notFound('control', missing);
  const catalog = await criterionCodes(database.db);
  const unknown = f.criteria.find((c) => !catalog.get(c.frameworkId)?.has(c.code));
  if (unknown)
    throw new AppError('invalid_input', `unknown ${unknown.frameworkId} criterion "${unknown.code}"`, {
      field: 'criteria',
    });
  const now = nowIso();
  const codes = [...new Set(f.controlCodes)];
  const row = {
    id: newId(),
    org_id: orgId,
    title: f.title,
    description: f.description,
    severity: f.severity,
    source: 'auditor',
    owner_id: null,
    due_on: null,
    opened_on: f.openedOn,
    resolved_on: null,
    resolution: null,
    created_at: now,
    updated_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertFindings(w.tx, [
      { row, controlIds: codes.map((c) => byCode.get(c)!.id), criteria: f.criteria },
    ]);
    await insertAuditFinding(w.tx, { finding_id: row.id, org_id: orgId, engagement_id: engagement.id });
    w.record({
      action: 'create',
      recordType: 'finding',
      recordId: row.id,
      change: { ...row, controls: codes, criteria: f.criteria, engagementId: engagement.id },
    });
  });
  const [created] = (await listFindings(database.db, orgId)).filter((x) => x.id === row.id);
  return toAuditFinding(created!);
}

/** One page of the engagement's activity (docs/decisions/0022: the engagement, its samples, its auditors' findings). */
export async function listAuditActivity(
  database: Database,
  orgId: string,
  engagementId: string,
  page: { before?: number | undefined; limit: number },
): Promise<ActivityEntry[]> {
  await auditedEngagement(database, orgId, engagementId);
  return pageEngagementActivity(database.db, orgId, engagementId, page);
}
