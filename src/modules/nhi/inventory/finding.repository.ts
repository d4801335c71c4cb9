/** SQL linking rule findings to identities, and of an organization's NHI rule thresholds. */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { OpenRuleFinding } from '../../../core/nhi/index.js';
import type { NhiSeverity } from '../../../core/nhi/rules/types.js';
import { insertInBatches } from '../../../platform/db/insert-batches.js';
import type { DB, FindingsTable, NhiFindingsTable } from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';
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
export async function insertFindingLinks(db: WriteTx, rows: NhiFindingsTable[]): Promise<void> {
  await insertInBatches(db, 'nhi_findings', rows);
}

/** Replaces the tags and facts of a rule finding. */
export async function updateFindingLink(
  db: WriteTx,
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

/** Rule findings joined with their finding and the identity each names. */
function ruleFindings(db: Kysely<DB>) {
  return db
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
    ]);
}

/** Rule findings of an organization (or of one identity), newest first. */
export async function listRuleFindings(
  db: Kysely<DB>,
  orgId: string,
  options: { nhiId?: string; openOnly?: boolean } = {},
): Promise<RuleFindingRow[]> {
  let q = ruleFindings(db).where('nf.org_id', '=', orgId);
  if (options.nhiId) q = q.where('nf.nhi_id', '=', options.nhiId);
  if (options.openOnly) q = q.where('f.resolved_on', 'is', null);
  return q.orderBy('f.opened_on', 'desc').orderBy('nf.finding_id').execute();
}

/** Filters of a page of rule findings. */
export interface RuleFindingFilter {
  rule?: string | undefined;
  severity?: string | undefined;
  /** True: open only; false: resolved only. */
  open?: boolean | undefined;
  nhiId?: string | undefined;
}

/** Where a finding stands in the page order (open first, most severe first, newest first, id): the cursor. */
export interface RuleFindingKey {
  openRank: number;
  severityRank: number;
  openedOn: string;
  id: string;
}

type FindingScope = ExpressionBuilder<DB & { nf: NhiFindingsTable; f: FindingsTable }, 'nf' | 'f'>;

const openRank = sql<number>`case when ${sql.ref('f.resolved_on')} is null then 0 else 1 end`;
const severityRank = sql<number>`case ${sql.ref('f.severity')} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;

function findingConditions(orgId: string, filter: RuleFindingFilter) {
  return (eb: FindingScope) => {
    const conditions: Expression<SqlBool>[] = [eb('nf.org_id', '=', orgId)];
    if (filter.rule) conditions.push(eb('nf.rule', '=', filter.rule));
    if (filter.severity) conditions.push(eb('f.severity', '=', filter.severity));
    if (filter.nhiId) conditions.push(eb('nf.nhi_id', '=', filter.nhiId));
    if (filter.open === true) conditions.push(eb('f.resolved_on', 'is', null));
    if (filter.open === false) conditions.push(eb('f.resolved_on', 'is not', null));
    return eb.and(conditions);
  };
}

/**
 * One page of rule findings with the identity each names: open before
 * resolved, then most severe first, newest first; `limit` rows after `after`.
 */
export async function pageRuleFindings(
  db: Kysely<DB>,
  orgId: string,
  filter: RuleFindingFilter,
  after: RuleFindingKey | undefined,
  limit: number,
): Promise<(RuleFindingRow & { open_rank: number; severity_rank: number })[]> {
  let q = ruleFindings(db)
    .select([openRank.as('open_rank'), severityRank.as('severity_rank')])
    .where(findingConditions(orgId, filter));
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb(openRank, '>', after.openRank),
        eb.and([
          eb(openRank, '=', after.openRank),
          eb.or([
            eb(severityRank, '>', after.severityRank),
            eb.and([
              eb(severityRank, '=', after.severityRank),
              eb.or([
                eb('f.opened_on', '<', after.openedOn),
                eb.and([eb('f.opened_on', '=', after.openedOn), eb('nf.finding_id', '>', after.id)]),
              ]),
            ]),
          ]),
        ]),
      ]),
    );
  }
  const rows = await q
    .orderBy(openRank)
    .orderBy(severityRank)
    .orderBy('f.opened_on', 'desc')
    .orderBy('nf.finding_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, open_rank: Number(r.open_rank), severity_rank: Number(r.severity_rank) }));
}

/** How many rule findings the filter selects. */
export async function countRuleFindings(
  db: Kysely<DB>,
  orgId: string,
  filter: RuleFindingFilter,
): Promise<number> {
  const row = await db
    .selectFrom('nhi_findings as nf')
    .innerJoin('findings as f', 'f.id', 'nf.finding_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(findingConditions(orgId, filter))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
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
  db: WriteTx,
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
