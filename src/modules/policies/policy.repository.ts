/** The only SQL of policies: policies, their governed controls, versions, acknowledgements and rule finding links. */
import type { Kysely } from 'kysely';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type {
  DB,
  PoliciesTable,
  PolicyAcknowledgementsTable,
  PolicyControlsTable,
  PolicyFindingsTable,
  PolicyVersionsTable,
} from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** Every policy of an organization, by key. */
export async function listPolicyRows(db: Kysely<DB>, orgId: string): Promise<PoliciesTable[]> {
  return db.selectFrom('policies').selectAll().where('org_id', '=', orgId).orderBy('key').execute();
}

/** One policy by id or key. */
export async function findPolicyRow(
  db: Kysely<DB>,
  orgId: string,
  idOrKey: string,
): Promise<PoliciesTable | undefined> {
  return db
    .selectFrom('policies')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('id', '=', idOrKey), eb('key', '=', idOrKey)]))
    .executeTakeFirst();
}

/** Inserts a policy with the controls it governs and its first version. */
export async function insertPolicy(
  db: WriteTx,
  policy: PoliciesTable,
  controls: PolicyControlsTable[],
  version: PolicyVersionsTable,
): Promise<void> {
  await db.insertInto('policies').values(policy).execute();
  await insertInBatches(db, 'policy_controls', controls);
  await db.insertInto('policy_versions').values(version).execute();
}

/** The controls policies govern, with their codes. */
export async function listPolicyControls(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('policy_controls as pc')
    .innerJoin('controls as c', 'c.id', 'pc.control_id')
    .select(['pc.policy_id', 'c.id', 'c.code', 'c.title'])
    .where('pc.org_id', '=', orgId)
    .orderBy('c.code')
    .execute();
}

/** Every version of an organization's policies (or of one), by policy then number. */
export async function listVersionRows(
  db: Kysely<DB>,
  orgId: string,
  policyId?: string,
): Promise<PolicyVersionsTable[]> {
  let q = db.selectFrom('policy_versions').selectAll().where('org_id', '=', orgId);
  if (policyId !== undefined) q = q.where('policy_id', '=', policyId);
  return q.orderBy('policy_id').orderBy('version').execute();
}

/** Adds a version of a policy. */
export async function insertVersion(db: WriteTx, version: PolicyVersionsTable): Promise<void> {
  await db.insertInto('policy_versions').values(version).execute();
}

/** Records a version's approval and touches its policy. */
export async function approveVersionRow(
  db: WriteTx,
  orgId: string,
  version: { id: string; policyId: string },
  fields: { approved_on: string; approved_by: string; updated_at: string },
): Promise<void> {
  await db
    .updateTable('policy_versions')
    .set({ approved_on: fields.approved_on, approved_by: fields.approved_by })
    .where('org_id', '=', orgId)
    .where('id', '=', version.id)
    .execute();
  await db
    .updateTable('policies')
    .set({ updated_at: fields.updated_at })
    .where('org_id', '=', orgId)
    .where('id', '=', version.policyId)
    .execute();
}

/** Every acknowledgement of an organization's policy versions. */
export async function listAcknowledgementRows(
  db: Kysely<DB>,
  orgId: string,
): Promise<PolicyAcknowledgementsTable[]> {
  return db
    .selectFrom('policy_acknowledgements')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('acknowledged_on')
    .orderBy('id')
    .execute();
}

/** Inserts acknowledgements (one per person and version: the caller leaves out those stored already). */
export async function insertAcknowledgements(
  db: WriteTx,
  rows: PolicyAcknowledgementsTable[],
): Promise<void> {
  await insertInBatches(db, 'policy_acknowledgements', rows);
}

/** The open findings the policy rules raised, with their rule and subject key. */
export async function openPolicyRuleFindings(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('policy_findings as p')
    .innerJoin('findings as f', 'f.id', 'p.finding_id')
    .select(['p.finding_id', 'p.rule', 'p.subject_key'])
    .where('p.org_id', '=', orgId)
    .where('f.resolved_on', 'is', null)
    .execute();
}

/** Links findings to the policy rule and subject they are about. */
export async function insertPolicyFindingLinks(db: WriteTx, rows: PolicyFindingsTable[]): Promise<void> {
  await insertInBatches(db, 'policy_findings', rows);
}
