import { randomBytes } from 'node:crypto';
import { auditPeriod } from '../../core/audit/scope.js';
import type { Actor } from '../../core/ledger/chain.js';
import { orderPopulation, populationHash } from '../../core/sampling/population.js';
import { choosePositions } from '../../core/sampling/prng.js';
import {
  DEFAULT_SAMPLE_SIZES,
  defaultSampleSize,
  frequencyOfCount,
  SAMPLE_FREQUENCIES,
} from '../../core/sampling/sample-size.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { auditedEngagement } from '../audit/audit.service.js';
import type { StoredEngagement } from '../engagements/engagement.schema.js';
import { toCoreEngagement } from '../engagements/engagement.service.js';
import { POPULATION_KINDS, populationKindOf } from './populations.js';
import {
  insertSample,
  listSampleRows,
  sampleSizeOverrides,
  setSampleSizeOverride,
} from './sampling.repository.js';
import {
  type PopulationKindView,
  type PopulationPreview,
  type Sample,
  type SampleSizeRowView,
  sampleInputSchema,
  sampleSizesInputSchema,
} from './sampling.schema.js';

function invalid(error: { issues: { path: PropertyKey[]; message: string }[] }, what: string): AppError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  return new AppError('invalid_input', `${field || what}: ${issue.message}`, { field });
}

/** The kinds of population a sample can be drawn from. */
export function listPopulationKinds(): PopulationKindView[] {
  return Object.values(POPULATION_KINDS).map(({ kind, label, argument }) => ({ kind, label, argument }));
}

async function readPopulation(
  database: Database,
  orgId: string,
  engagement: StoredEngagement,
  kind: string,
  arg: string | null,
) {
  const descriptor = populationKindOf(kind, arg);
  const period = auditPeriod(toCoreEngagement(engagement));
  const read = await descriptor.read({ database, orgId, engagement, period }, arg);
  const records = orderPopulation(read.records);
  const frequency = read.frequency ?? frequencyOfCount(records.length, period);
  const overrides = await sampleSizeOverrides(database.db, orgId, engagement.id);
  return {
    period,
    records,
    hash: populationHash(records),
    frequency,
    defaultSize: defaultSampleSize(frequency, overrides),
  };
}

/** A population of the engagement read now: count, content hash, frequency, proposed size, first records. */
export async function previewPopulation(
  database: Database,
  orgId: string,
  engagementId: string,
  input: { kind: string; arg?: string | null | undefined; limit: number },
): Promise<PopulationPreview> {
  const engagement = await auditedEngagement(database, orgId, engagementId);
  const arg = input.arg ?? null;
  const p = await readPopulation(database, orgId, engagement, input.kind, arg);
  return {
    kind: input.kind,
    arg,
    period: p.period,
    count: p.records.length,
    hash: p.hash,
    frequency: p.frequency,
    defaultSize: p.defaultSize,
    items: p.records.slice(0, input.limit),
  };
}

/**
 * Draws a sample from a population of the engagement: the records in their
 * stable order, `min(count, size)` of them chosen by the seeded stream
 * (docs/decisions/0022). The seed (random when not given), the population's
 * count and hash and the chosen records are stored and recorded in the
 * ledger, so anyone can draw it again and compare.
 */
export async function createSample(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string,
  input: unknown,
): Promise<Sample> {
  const parsed = sampleInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, 'sample');
  const s = parsed.data;
  const engagement = await auditedEngagement(database, orgId, engagementId);
  const arg = s.arg ?? null;
  const p = await readPopulation(database, orgId, engagement, s.kind, arg);
  const size = s.size ?? p.defaultSize;
  const seed = s.seed ?? randomBytes(16).toString('hex');
  const positions = choosePositions(p.records.length, size, seed);
  const id = newId();
  const now = nowIso();
  const items = positions.map((position, ordinal) => {
    const r = p.records[position]!;
    return { ordinal, position, recordId: r.id, date: r.date, label: r.label };
  });
  const row = {
    id,
    org_id: orgId,
    engagement_id: engagement.id,
    request_id: s.requestId ?? null,
    population_kind: s.kind,
    population_arg: arg,
    population_count: p.records.length,
    population_hash: p.hash,
    frequency: p.frequency,
    size,
    seed,
    created_by: actor.label,
    created_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertSample(
      w.tx,
      row,
      items.map((i) => ({
        sample_id: id,
        org_id: orgId,
        ordinal: i.ordinal,
        position: i.position,
        record_id: i.recordId,
        record_date: i.date,
        label: i.label,
      })),
    );
    w.record({
      action: 'create',
      recordType: 'audit-sample',
      recordId: id,
      change: {
        engagementId: engagement.id,
        requestId: row.request_id,
        population: { kind: s.kind, arg, count: row.population_count, hash: p.hash },
        frequency: p.frequency,
        size,
        seed,
        records: items.map((i) => i.recordId),
      },
    });
  });
  return {
    id,
    engagementId: engagement.id,
    requestId: row.request_id,
    population: { kind: s.kind, arg, count: row.population_count, hash: p.hash },
    frequency: p.frequency,
    size,
    seed,
    createdBy: actor.label,
    createdAt: now,
    items,
  };
}

/** The samples of the engagement, oldest first (of one request when `requestId` is given). */
export async function listSamples(
  database: Database,
  orgId: string,
  engagementId: string,
  filter: { requestId?: string | undefined } = {},
): Promise<Sample[]> {
  await auditedEngagement(database, orgId, engagementId);
  return listSampleRows(database.db, orgId, engagementId, filter);
}

/** One sample of the engagement; a sample of another engagement is a 404. */
export async function getSample(
  database: Database,
  orgId: string,
  engagementId: string,
  sampleId: string,
): Promise<Sample> {
  await auditedEngagement(database, orgId, engagementId);
  const [sample] = await listSampleRows(database.db, orgId, engagementId, { sampleId });
  if (!sample) throw notFound('sample', sampleId);
  return sample;
}

/** The engagement's sample-size table: our range and default per frequency, and the firm's overrides. */
export async function getSampleSizes(
  database: Database,
  orgId: string,
  engagementId: string,
): Promise<SampleSizeRowView[]> {
  await auditedEngagement(database, orgId, engagementId);
  const overrides = await sampleSizeOverrides(database.db, orgId, engagementId);
  return SAMPLE_FREQUENCIES.map((frequency) => ({
    frequency,
    min: DEFAULT_SAMPLE_SIZES[frequency].min,
    max: DEFAULT_SAMPLE_SIZES[frequency].max,
    default: DEFAULT_SAMPLE_SIZES[frequency].size,
    override: overrides[frequency] ?? null,
  }));
}

/** Sets or removes (null) the firm's sample size of some frequencies for the engagement. */
export async function setSampleSizes(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string,
  input: unknown,
): Promise<SampleSizeRowView[]> {
  const parsed = sampleSizesInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, 'sample sizes');
  const engagement = await auditedEngagement(database, orgId, engagementId);
  await write(database, { actor, orgId }, async (w) => {
    const before = await sampleSizeOverrides(w.tx, orgId, engagement.id);
    const change: Record<string, [number | null, number | null]> = {};
    for (const [frequency, size] of Object.entries(parsed.data) as [keyof typeof before, number | null][]) {
      if ((before[frequency] ?? null) === size) continue;
      await setSampleSizeOverride(w.tx, orgId, engagement.id, frequency, size);
      change[frequency] = [before[frequency] ?? null, size];
    }
    if (Object.keys(change).length > 0)
      w.record({ action: 'update', recordType: 'audit-sample-sizes', recordId: engagement.id, change });
  });
  return getSampleSizes(database, orgId, engagementId);
}
