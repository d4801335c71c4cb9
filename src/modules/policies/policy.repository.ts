/** The only SQL of policies: policies, their governed controls, versions, acknowledgements and rule finding links. */
import { type Kysely, sql } from 'kysely';
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

/** What decides the plan's policies milestone, aggregated in SQL (see `policiesMilestoneState`). */
export interface PoliciesMilestoneState {
  /** Policies of the organization. */
  policies: number;
  /** Policies without an approved version. */
  unapproved: number;
  /** (policy in force, active person) pairs without an acknowledgement of the version in force. */
  missing: number;
  /** The latest approval of a version in force. */
  lastApproved: string | null;
  /** The latest acknowledgement of a version in force by an active person. */
  lastAcknowledged: string | null;
}

/**
 * The plan's policies milestone in one query (docs/decisions/0037): per policy
 * its version in force (the approved one of the highest number), then the
 * counts and latest dates `policiesMilestoneDoneOn` (src/core/policies) reads,
 * instead of every policy, version, acknowledgement and person of the
 * organization. Acknowledgements are one per version and person (a unique key).
 */
export async function policiesMilestoneState(db: Kysely<DB>, orgId: string): Promise<PoliciesMilestoneState> {
  const { rows } = await sql<{
    policies: number | string;
    unapproved: number | string;
    missing: number | string;
    last_approved: string | null;
    last_acknowledged: string | null;
  }>`
    with cur as (
      select p.id as policy_id,
             (select v.id from policy_versions v
               where v.policy_id = p.id and v.approved_on is not null
               order by v.version desc limit 1) as version_id
        from policies p
       where p.org_id = ${orgId}
    ),
    asked as (
      select cur.version_id, pe.id as person_id
        from cur cross join people pe
       where cur.version_id is not null and pe.org_id = ${orgId} and pe.status = 'active'
    )
    select (select count(*) from cur) as policies,
           (select count(*) from cur where version_id is null) as unapproved,
           (select max(v.approved_on) from cur join policy_versions v on v.id = cur.version_id) as last_approved,
           (select count(*) from asked
              left join policy_acknowledgements a on a.version_id = asked.version_id and a.person_id = asked.person_id
             where a.id is null) as missing,
           (select max(a.acknowledged_on) from asked
              join policy_acknowledgements a on a.version_id = asked.version_id and a.person_id = asked.person_id)
             as last_acknowledged`.execute(db);
  const row = rows[0]!;
  return {
    policies: Number(row.policies),
    unapproved: Number(row.unapproved),
    missing: Number(row.missing),
    lastApproved: row.last_approved,
    lastAcknowledged: row.last_acknowledged,
  };
}
