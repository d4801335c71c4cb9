import type { Kysely } from 'kysely';
import type { DateRange } from '../../core/dates.js';
import { addDays } from '../../core/dates.js';
import type { PopulationRecord } from '../../core/sampling/population.js';
import type { SampleFrequency } from '../../core/sampling/sample-size.js';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type { AuditSampleItemsTable, AuditSamplesTable, DB } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { Sample } from './sampling.schema.js';

/*
 * Populations: each query reads the records of one kind inside the period
 * (dates as text: string order is calendar order on both engines); the
 * stable order is applied in core (orderPopulation), never by the database.
 */

/** People added to the roster during the period. */
export async function peopleJoined(
  db: Kysely<DB>,
  orgId: string,
  period: DateRange,
): Promise<PopulationRecord[]> {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'name', 'created_at'])
    .where('org_id', '=', orgId)
    .where('created_at', '>=', period.start)
    .where('created_at', '<', addDays(period.end, 1))
    .execute();
  return rows.map((r) => ({ id: r.id, date: r.created_at.slice(0, 10), label: r.name }));
}

/** People who departed during the period. */
export async function peopleDeparted(
  db: Kysely<DB>,
  orgId: string,
  period: DateRange,
): Promise<PopulationRecord[]> {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'name', 'departed_on'])
    .where('org_id', '=', orgId)
    .where('departed_on', '>=', period.start)
    .where('departed_on', '<=', period.end)
    .execute();
  return rows.map((r) => ({ id: r.id, date: r.departed_on!, label: r.name }));
}

/** NHI lifecycle events of one type (`created`, `offboarded`) during the period. */
export async function nhiEventsOf(
  db: Kysely<DB>,
  orgId: string,
  type: 'created' | 'offboarded',
  period: DateRange,
): Promise<PopulationRecord[]> {
  const rows = await db
    .selectFrom('nhi_events as e')
    .innerJoin('nhis as n', 'n.id', 'e.nhi_id')
    .select(['e.id', 'e.at', 'n.provider', 'n.kind', 'n.name'])
    .where('e.org_id', '=', orgId)
    .where('e.type', '=', type)
    .where('e.at', '>=', period.start)
    .where('e.at', '<', addDays(period.end, 1))
    .execute();
  return rows.map((r) => ({ id: r.id, date: r.at.slice(0, 10), label: `${r.provider} ${r.kind} ${r.name}` }));
}

/** Findings opened during the period. */
export async function findingsOpened(
  db: Kysely<DB>,
  orgId: string,
  period: DateRange,
): Promise<PopulationRecord[]> {
  const rows = await db
    .selectFrom('findings')
    .select(['id', 'title', 'opened_on'])
    .where('org_id', '=', orgId)
    .where('opened_on', '>=', period.start)
    .where('opened_on', '<=', period.end)
    .execute();
  return rows.map((r) => ({ id: r.id, date: r.opened_on, label: r.title }));
}

/** Exceptions recorded during the period. */
export async function exceptionsRecorded(
  db: Kysely<DB>,
  orgId: string,
  period: DateRange,
): Promise<PopulationRecord[]> {
  const rows = await db
    .selectFrom('exceptions')
    .select(['id', 'summary', 'created_at'])
    .where('org_id', '=', orgId)
    .where('created_at', '>=', period.start)
    .where('created_at', '<', addDays(period.end, 1))
    .execute();
  return rows.map((r) => ({ id: r.id, date: r.created_at.slice(0, 10), label: r.summary }));
}

/** Inserts a sample and its chosen records. */
export async function insertSample(
  db: WriteTx,
  sample: AuditSamplesTable,
  items: AuditSampleItemsTable[],
): Promise<void> {
  await db.insertInto('audit_samples').values(sample).execute();
  await insertInBatches(db, 'audit_sample_items', items);
}

/** The samples of an engagement (optionally of one request), oldest first, with their items. */
export async function listSampleRows(
  db: Kysely<DB>,
  orgId: string,
  engagementId: string,
  filter: { requestId?: string | undefined; sampleId?: string | undefined } = {},
): Promise<Sample[]> {
  let q = db
    .selectFrom('audit_samples')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('engagement_id', '=', engagementId);
  if (filter.requestId) q = q.where('request_id', '=', filter.requestId);
  if (filter.sampleId) q = q.where('id', '=', filter.sampleId);
  const samples = await q.orderBy('id').execute();
  if (samples.length === 0) return [];
  const items = await db
    .selectFrom('audit_sample_items')
    .selectAll()
    .where('org_id', '=', orgId)
    .where(
      'sample_id',
      'in',
      samples.map((s) => s.id),
    )
    .orderBy('sample_id')
    .orderBy('ordinal')
    .execute();
  const bySample = new Map<string, Sample['items']>(samples.map((s) => [s.id, []]));
  for (const i of items)
    bySample.get(i.sample_id)?.push({
      ordinal: Number(i.ordinal),
      position: Number(i.position),
      recordId: i.record_id,
      date: i.record_date,
      label: i.label,
    });
  return samples.map((s) => ({
    id: s.id,
    engagementId: s.engagement_id,
    requestId: s.request_id,
    population: {
      kind: s.population_kind,
      arg: s.population_arg,
      count: Number(s.population_count),
      hash: s.population_hash,
    },
    frequency: s.frequency as SampleFrequency,
    size: Number(s.size),
    seed: s.seed,
    createdBy: s.created_by,
    createdAt: s.created_at,
    items: bySample.get(s.id) ?? [],
  }));
}

/** The firm's sample sizes of an engagement, by frequency. */
export async function sampleSizeOverrides(
  db: Kysely<DB>,
  orgId: string,
  engagementId: string,
): Promise<Partial<Record<SampleFrequency, number>>> {
  const rows = await db
    .selectFrom('audit_sample_sizes')
    .select(['frequency', 'size'])
    .where('org_id', '=', orgId)
    .where('engagement_id', '=', engagementId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.frequency, Number(r.size)]));
}

/** Sets (size) or removes (null) the firm's sample size of one frequency. */
export async function setSampleSizeOverride(
  db: WriteTx,
  orgId: string,
  engagementId: string,
  frequency: SampleFrequency,
  size: number | null,
): Promise<void> {
  await db
    .deleteFrom('audit_sample_sizes')
    .where('org_id', '=', orgId)
    .where('engagement_id', '=', engagementId)
    .where('frequency', '=', frequency)
    .execute();
  if (size !== null)
    await db
      .insertInto('audit_sample_sizes')
      .values({ org_id: orgId, engagement_id: engagementId, frequency, size })
      .execute();
}
