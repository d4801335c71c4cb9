/** SQL linking rule findings to identities, and of an organization's NHI rule thresholds. */
import type { Kysely } from 'kysely';
import type { OpenRuleFinding } from '../../core/nhi/index.js';
import type { NhiSeverity } from '../../core/nhi/rules/types.js';
import type { DB, NhiFindingsTable } from '../../platform/db/schema.js';
import { NHI_BATCH } from './nhi.repository.js';

/** The open findings raised by NHI rules on these identities, with the rule of each. */
export async function openRuleFindings(
  db: Kysely<DB>,
  orgId: string,
  nhiIds?: string[],
): Promise<OpenRuleFinding[]> {
  const out: OpenRuleFinding[] = [];
  const chunks: (string[] | undefined)[] = nhiIds === undefined ? [undefined] : [];
  for (let i = 0; nhiIds !== undefined && i < nhiIds.length; i += NHI_BATCH)
    chunks.push(nhiIds.slice(i, i + NHI_BATCH));
  for (const ids of chunks) {
    let q = db
      .selectFrom('nhi_findings as nf')
      .innerJoin('findings as f', 'f.id', 'nf.finding_id')
      .select(['nf.finding_id', 'nf.nhi_id', 'nf.rule', 'f.severity', 'f.opened_on'])
      .where('nf.org_id', '=', orgId)
      .where('f.resolved_on', 'is', null);
    if (ids) q = q.where('nf.nhi_id', 'in', ids);
    for (const r of await q.execute()) {
      out.push({
        findingId: r.finding_id,
        nhiId: r.nhi_id,
        rule: r.rule,
        severity: r.severity as NhiSeverity,
        openedOn: r.opened_on,
      });
    }
  }
  return out;
}

/** Links findings to the identities and rules they are about. */
export async function insertFindingLinks(db: Kysely<DB>, rows: NhiFindingsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += NHI_BATCH) {
    await db
      .insertInto('nhi_findings')
      .values(rows.slice(i, i + NHI_BATCH))
      .execute();
  }
}

/** Replaces the tags and facts of a rule finding. */
export async function updateFindingLink(
  db: Kysely<DB>,
  orgId: string,
  findingId: string,
  details: string,
): Promise<void> {
  await db
    .updateTable('nhi_findings')
    .set({ details })
    .where('org_id', '=', orgId)
    .where('finding_id', '=', findingId)
    .execute();
}

/** A rule finding with the identity it names, as listed by `nhi findings` and `nhi show`. */
export interface RuleFindingRow {
  finding_id: string;
  nhi_id: string;
  rule: string;
  details: string;
  title: string;
  description: string | null;
  severity: string;
  opened_on: string;
  resolved_on: string | null;
  resolution: string | null;
  nhi_name: string;
  nhi_kind: string;
  provider: string;
  external_id: string;
}

/** Rule findings of an organization (or of one identity), open first, most severe first. */
export async function listRuleFindings(
  db: Kysely<DB>,
  orgId: string,
  options: { nhiId?: string; openOnly?: boolean } = {},
): Promise<RuleFindingRow[]> {
  let q = db
    .selectFrom('nhi_findings as nf')
    .innerJoin('findings as f', 'f.id', 'nf.finding_id')
    .innerJoin('nhis as n', 'n.id', 'nf.nhi_id')
    .select([
      'nf.finding_id',
      'nf.nhi_id',
      'nf.rule',
      'nf.details',
      'f.title',
      'f.description',
      'f.severity',
      'f.opened_on',
      'f.resolved_on',
      'f.resolution',
      'n.name as nhi_name',
      'n.kind as nhi_kind',
      'n.provider',
      'n.external_id',
    ])
    .where('nf.org_id', '=', orgId);
  if (options.nhiId) q = q.where('nf.nhi_id', '=', options.nhiId);
  if (options.openOnly) q = q.where('f.resolved_on', 'is', null);
  return q.orderBy('f.opened_on', 'desc').orderBy('nf.finding_id').execute();
}

/** The organization's stored threshold overrides (JSON), if any. */
export async function readThresholds(db: Kysely<DB>, orgId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('nhi_thresholds')
    .select('thresholds')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row?.thresholds;
}

/** Stores the organization's threshold overrides. */
export async function writeThresholds(
  db: Kysely<DB>,
  orgId: string,
  thresholds: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('nhi_thresholds')
    .values({ org_id: orgId, thresholds, updated_at: at })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ thresholds, updated_at: at }))
    .execute();
}
