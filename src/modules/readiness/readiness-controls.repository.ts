import type { Kysely } from 'kysely';
import type { ReadinessControl } from '../../core/readiness/index.js';
import type { RequirementRecord } from '../../core/records.js';
import {
  type CollectionMethod,
  type ControlStatus,
  FRAMEWORK_IDS,
  type FrameworkId,
} from '../../core/vocabulary.js';
import type { DB } from '../../platform/db/schema.js';
import { compareCodes } from '../controls/control.repository.js';

/** The control matrix as readiness and the plan read it. */
export interface ReadinessMatrix {
  /** Controls by code, each with its mappings per framework (in `FRAMEWORK_IDS` order), criteria in catalog order. */
  controls: ReadinessControl[];
  /** Requirements in the controls' order, each control's by code. */
  requirements: RequirementRecord[];
}

/**
 * The controls, requirements and mappings of an organization in three narrow
 * queries (docs/decisions/0037): only the columns readiness reads, in the
 * order `listControlDetails` gives them (controls and each control's
 * requirements by `compareCodes`, a framework's criteria by their sort
 * order; frameworks outside `FRAMEWORK_IDS` left out as there), without the
 * descriptions, people and timestamps a control page needs. Reading the
 * whole matrix that way cost readiness more than the evidence facts.
 */
export async function readinessMatrix(db: Kysely<DB>, orgId: string): Promise<ReadinessMatrix> {
  const [controlRows, requirementRows, mappingRows] = await Promise.all([
    db
      .selectFrom('controls')
      .select(['id', 'code', 'title', 'status', 'na_justification', 'owner_id', 'backup_owner_id'])
      .where('org_id', '=', orgId)
      .execute(),
    db
      .selectFrom('evidence_requirements')
      .select(['id', 'control_id', 'code', 'artifact', 'cadence', 'collection'])
      .where('org_id', '=', orgId)
      .execute(),
    db
      .selectFrom('control_mappings as m')
      .innerJoin('criteria as c', (j) =>
        j.onRef('c.framework_id', '=', 'm.framework_id').onRef('c.code', '=', 'm.criterion_code'),
      )
      .select(['m.control_id', 'm.framework_id', 'm.criterion_code'])
      .where('m.org_id', '=', orgId)
      .orderBy('c.sort_order')
      .execute(),
  ]);
  controlRows.sort((a, b) => compareCodes(a.code, b.code));
  const byControl = new Map<
    string,
    { requirements: RequirementRecord[]; codes: Map<FrameworkId, string[]> }
  >();
  for (const c of controlRows) byControl.set(c.id, { requirements: [], codes: new Map() });
  for (const r of requirementRows) {
    byControl.get(r.control_id)?.requirements.push({
      id: r.id,
      controlId: r.control_id,
      code: r.code,
      artifact: r.artifact,
      cadence: r.cadence as RequirementRecord['cadence'],
      collection: r.collection as CollectionMethod,
    });
  }
  const known = new Set<string>(FRAMEWORK_IDS);
  for (const m of mappingRows) {
    const codes = byControl.get(m.control_id)?.codes;
    if (!codes || !known.has(m.framework_id)) continue;
    const framework = m.framework_id as FrameworkId;
    const list = codes.get(framework);
    if (list) list.push(m.criterion_code);
    else codes.set(framework, [m.criterion_code]);
  }
  const controls: ReadinessControl[] = [];
  const requirements: RequirementRecord[] = [];
  for (const c of controlRows) {
    const { requirements: own, codes } = byControl.get(c.id)!;
    own.sort((a, b) => compareCodes(a.code, b.code));
    for (const r of own) requirements.push(r);
    controls.push({
      id: c.id,
      code: c.code,
      title: c.title,
      status: c.status as ControlStatus,
      naJustification: c.na_justification,
      ownerId: c.owner_id,
      backupOwnerId: c.backup_owner_id,
      mappings: FRAMEWORK_IDS.flatMap((frameworkId) =>
        (codes.get(frameworkId) ?? []).map((criterionCode) => ({ frameworkId, criterionCode })),
      ),
    });
  }
  return { controls, requirements };
}
