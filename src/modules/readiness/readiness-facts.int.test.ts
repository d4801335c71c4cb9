import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { addDays } from '../../core/dates.js';
import { coverageRanges, coverageRangesKey } from '../../core/evidence-index.js';
import { computeReadiness } from '../../core/readiness/index.js';
import { CADENCES, type Cadence } from '../../core/vocabulary.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import {
  backfillEngagementCoverage,
  backfillReadinessFacts,
} from '../../platform/db/migrations/0005-readiness-facts.js';
import type { EvidenceReviewsTable, EvidenceTable } from '../../platform/db/schema.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { buildDemo } from '../demo/build-demo.js';
import { SeededRandom } from '../demo/random.js';
import {
  createEngagement,
  getEngagements,
  toCoreEngagement,
  updateEngagementFields,
} from '../engagements/engagement.service.js';
import {
  insertEvidence,
  insertEvidenceRows,
  insertReview,
  insertReviews,
} from '../evidence/evidence.repository.js';
import { ensureCatalogs } from '../frameworks/framework.service.js';
import { createOrganization } from '../organizations/organization.service.js';
import { keepFactsOfEvidence, keepFactsOfReviews } from './facts/evidence-facts.upkeep.js';
import { loadReadinessContext } from './readiness.service.js';

/** The kept tables, in a stable order. */
async function keptFacts(database: Database) {
  return {
    latest: await database.db
      .selectFrom('evidence_latest')
      .selectAll()
      .orderBy('requirement_id')
      .orderBy('state')
      .execute(),
    coverage: await database.db
      .selectFrom('evidence_coverage')
      .selectAll()
      .orderBy('requirement_id')
      .orderBy('effective_start')
      .orderBy('effective_end')
      .execute(),
    engagements: await database.db
      .selectFrom('engagement_coverage')
      .selectAll()
      .orderBy('engagement_id')
      .orderBy('requirement_id')
      .orderBy('range_start')
      .execute(),
    cadences: await database.db
      .selectFrom('engagement_coverage_requirements')
      .selectAll()
      .orderBy('engagement_id')
      .orderBy('requirement_id')
      .execute(),
    states: await database.db
      .selectFrom('engagement_coverage_state')
      .selectAll()
      .orderBy('engagement_id')
      .execute(),
  };
}

/** The tables as written step by step equal the same tables computed from scratch (the migration's backfill). */
async function expectKeptEqualsBackfill(database: Database): Promise<void> {
  const kept = await keptFacts(database);
  expect(kept.states.length).toBeGreaterThan(0);
  await database.db.transaction().execute(async (tx) => {
    await backfillReadinessFacts(tx);
    await backfillEngagementCoverage(tx);
  });
  expect(await keptFacts(database)).toEqual(kept);
}

/** Readiness of the engagement reads its kept covers (they were computed for its current dates), not a live scan. */
async function expectKeptFor(database: Database, engagementId: string): Promise<void> {
  const engagement = (await getEngagements(database, await orgOf(database, engagementId))).find(
    (e) => e.id === engagementId,
  )!;
  const state = await database.db
    .selectFrom('engagement_coverage_state')
    .select('ranges_key')
    .where('engagement_id', '=', engagementId)
    .executeTakeFirst();
  expect(state?.ranges_key).toBe(coverageRangesKey(coverageRanges(toCoreEngagement(engagement))));
}

async function orgOf(database: Database, engagementId: string): Promise<string> {
  const row = await database.db
    .selectFrom('engagements')
    .select('org_id')
    .where('id', '=', engagementId)
    .executeTakeFirstOrThrow();
  return row.org_id;
}

/**
 * Readiness and the plan from the kept facts equal those from the whole
 * history (a GROUP BY over every evidence row), for one engagement at each
 * date, today and 100 days ahead. A date before today reads the history
 * itself (it sees the evidence as it stood then, docs/decisions/0008).
 */
async function expectScopedEqualsFull(
  database: Database,
  orgId: string,
  engagementId: string | undefined,
  dates: readonly string[],
): Promise<void> {
  const today = todayIso();
  for (const at of [...dates, today, addDays(today, 100)]) {
    const options = { at, ...(engagementId ? { engagementId } : {}) };
    const scoped = await loadReadinessContext(database, orgId, options);
    const full = await loadReadinessContext(database, orgId, { ...options, history: 'full' });
    if (at >= today)
      expect(scoped.input.evidence.length, `${engagementId} ${at}`).toBeLessThan(full.input.evidence.length);
    else expect(scoped.input.evidence.length, `${engagementId} ${at}`).toBe(full.input.evidence.length);
    expect(scoped.plan, `plan ${engagementId} ${at}`).toEqual(full.plan);
    expect(computeReadiness(scoped.input), `readiness ${engagementId} ${at}`).toEqual(
      computeReadiness(full.input),
    );
  }
}

describe('readiness facts on the demo organization', () => {
  let store: TestStore;
  let orgId: string;
  const engagements: (string | undefined)[] = [];

  beforeAll(async () => {
    store = await createTestStore();
    const demo = await buildDemo(
      { database: store.database, blobs: blobStoreFor(store.dataDir) },
      TEST_ACTOR,
      { seed: 5, today: '2026-11-29' },
    );
    orgId = demo.organization.id;
    engagements.push(undefined);
    for (const input of [
      { type: 'type1', auditDate: '2026-10-15', fieldworkStart: '2026-11-01' },
      { type: 'type1', auditDate: '2026-06-30', fieldworkStart: '2026-07-15' },
      { type: 'type2', windowStart: '2026-03-01', windowEnd: '2026-11-30', fieldworkStart: '2026-12-15' },
      { type: 'type2', windowStart: '2025-12-01', windowEnd: '2027-05-31', fieldworkStart: '2027-06-15' },
    ]) {
      engagements.push((await createEngagement(store.database, TEST_ACTOR, orgId, input)).id);
    }
  });
  afterAll(() => store.cleanup());

  it('gives the same plan and readiness as the full history, per engagement and date', async () => {
    for (const id of engagements) {
      if (id) await expectKeptFor(store.database, id);
      await expectScopedEqualsFull(store.database, orgId, id, [
        '2026-05-01',
        '2026-09-15',
        '2026-11-29',
        '2027-03-15',
      ]);
    }
  });

  it('keeps the same facts as a backfill from scratch', async () => {
    await expectKeptEqualsBackfill(store.database);
  });
});

/**
 * Random histories written through the repository, one transaction at a
 * time as the services do: uploads (alone and in batches, several to a
 * collection day), reviews (alone and in batches, rejections with different
 * reasons), corrections superseding reviewed and unreviewed evidence, in the
 * same batch and later, and reviews of evidence already superseded.
 */
describe('readiness facts on random histories', () => {
  let store: TestStore;
  let orgId: string;
  const requirements: { id: string; controlId: string }[] = [];
  const engagements: string[] = [];
  const TODAY = '2026-11-29';
  let personId = '';

  /** A control of its own with one requirement of this cadence, written straight to the tables. */
  async function addRequirement(cadence: Cadence): Promise<void> {
    const now = new Date().toISOString();
    const code = `RX-${String(requirements.length).padStart(2, '0')}`;
    const controlId = newId();
    await store.database.db
      .insertInto('controls')
      .values({
        id: controlId,
        org_id: orgId,
        code,
        title: `Control ${code}`,
        description: '',
        owner_id: personId,
        backup_owner_id: null,
        source_of_truth: 'System',
        cadence: 'quarterly',
        status: 'implemented',
        na_justification: null,
        suggested_owner_role: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const id = newId();
    await store.database.db
      .insertInto('evidence_requirements')
      .values({
        id,
        org_id: orgId,
        control_id: controlId,
        code: `${code}-E1`,
        artifact: 'Export',
        cadence,
        source_type: 'system-export',
        collection: 'upload',
        created_at: now,
        updated_at: now,
      })
      .execute();
    requirements.push({ id, controlId });
  }

  beforeAll(async () => {
    store = await createTestStore();
    await ensureCatalogs(store.database, TEST_ACTOR);
    orgId = (await createOrganization(store.database, TEST_ACTOR, 'Random')).id;
    const now = new Date().toISOString();
    personId = newId();
    await store.database.db
      .insertInto('people')
      .values({
        id: personId,
        org_id: orgId,
        email: 'owner@example.com',
        name: 'Owner',
        team: null,
        manager_email: null,
        status: 'active',
        departed_on: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const cadence of [...CADENCES, ...CADENCES]) await addRequirement(cadence);
    for (const input of [
      { type: 'type1', auditDate: '2026-08-31', fieldworkStart: '2026-09-15' },
      { type: 'type2', windowStart: '2026-01-01', windowEnd: '2026-06-30', fieldworkStart: '2026-07-15' },
      { type: 'type2', windowStart: '2026-06-15', windowEnd: '2027-06-14', fieldworkStart: '2027-07-01' },
    ]) {
      engagements.push((await createEngagement(store.database, TEST_ACTOR, orgId, input)).id);
    }
  });
  afterAll(() => store.cleanup());

  async function writeRandomHistory(seed: number, steps: number, checkOnTheWay = true): Promise<void> {
    const rng = new SeededRandom(seed);
    const rows: EvidenceTable[] = [];
    const reviewed = new Set<string>();
    const superseded = new Set<string>();
    const reasons = ['Wrong period', 'wrong period', 'Missing the reviewer column', 'Unreadable'];
    const newRow = (supersedes: EvidenceTable | null): EvidenceTable => {
      const twin = rows.length > 0 && rng.chance(0.2) ? rng.pick(rows) : null;
      const requirement = supersedes
        ? requirements.find((r) => r.id === supersedes.requirement_id)!
        : rng.pick(requirements);
      const end = addDays(TODAY, -rng.int(0, 500));
      const start = rng.chance(0.4) ? end : addDays(end, -rng.int(1, 120));
      const collectedOn = addDays(end, rng.int(-3, 20));
      const base = twin && !supersedes ? twin : null;
      return {
        id: newId(),
        org_id: orgId,
        control_id: base?.control_id ?? requirement.controlId,
        requirement_id: base?.requirement_id ?? requirement.id,
        kind: 'link',
        sha256: null,
        size: null,
        file_name: null,
        media_type: null,
        url: 'https://evidence.example/x',
        description: null,
        effective_start: base?.effective_start ?? start,
        effective_end: base?.effective_end ?? end,
        collected_at: `${base?.collected_at.slice(0, 10) ?? collectedOn}T${String(rng.int(10, 23))}:00:00.000Z`,
        source_type: 'system-export',
        collector_type: 'system',
        collector_id: 'test',
        collector_label: 'test',
        supersedes_id: supersedes?.id ?? null,
      };
    };
    const review = (row: EvidenceTable): EvidenceReviewsTable => {
      reviewed.add(row.id);
      const rejected = rng.chance(0.3);
      return {
        evidence_id: row.id,
        org_id: orgId,
        decision: rejected ? 'rejected' : 'accepted',
        reason: rejected ? rng.pick(reasons) : null,
        reviewer_type: 'system',
        reviewer_id: 'test',
        reviewer_label: 'test',
        reviewed_at: new Date().toISOString(),
      };
    };
    const current = () => rows.filter((r) => !superseded.has(r.id));
    const unreviewed = () => rows.filter((r) => !reviewed.has(r.id));
    for (let step = 0; step < steps; step++) {
      await withTransaction(store.database, async (tx) => {
        const roll = rng.next();
        if (roll < 0.3 || rows.length < 5) {
          const row = newRow(null);
          rows.push(row);
          await insertEvidence(tx, row);
          await keepFactsOfEvidence(tx, [row]);
        } else if (roll < 0.4) {
          // A batch: new rows, some correcting older ones or each other.
          const batch: EvidenceTable[] = [];
          for (let i = rng.int(2, 6); i > 0; i--) {
            const pool = [...current(), ...batch].filter(
              (r) => !superseded.has(r.id) && !batch.some((b) => b.supersedes_id === r.id),
            );
            const target = rng.chance(0.4) && pool.length > 0 ? rng.pick(pool) : null;
            const row = newRow(target);
            batch.push(row);
          }
          for (const row of batch) if (row.supersedes_id) superseded.add(row.supersedes_id);
          rows.push(...batch);
          await insertEvidenceRows(tx, batch);
          await keepFactsOfEvidence(tx, batch);
        } else if (roll < 0.55) {
          const target = rng.pick(current());
          const row = newRow(target);
          superseded.add(target.id);
          rows.push(row);
          await insertEvidence(tx, row);
          await keepFactsOfEvidence(tx, [row]);
        } else if (roll < 0.85) {
          const open = unreviewed();
          if (open.length > 0) {
            const row = review(rng.pick(open));
            await insertReview(tx, row);
            await keepFactsOfReviews(tx, [row]);
          }
        } else {
          const open = unreviewed();
          if (open.length === 0) return;
          const picked = [...new Set(Array.from({ length: rng.int(2, 8) }, () => rng.pick(open)))];
          const batch = picked.map(review);
          await insertReviews(tx, batch);
          await keepFactsOfReviews(tx, batch);
        }
      });
      if (checkOnTheWay && step % 60 === 59) await expectKeptEqualsBackfill(store.database);
    }
  }

  it('keeps the same facts as a backfill from scratch after every kind of write', async () => {
    await writeRandomHistory(1, 240);
    await expectKeptEqualsBackfill(store.database);
    const { count } = await store.database.db
      .selectFrom('evidence')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('supersedes_id', 'is not', null)
      .executeTakeFirstOrThrow();
    // The history did exercise corrections.
    expect(Number(count)).toBeGreaterThan(20);
  });

  it('gives the same plan and readiness as the full history, per engagement and date', async () => {
    await writeRandomHistory(2, 160, false);
    const dates = ['2025-12-01', '2026-04-10', '2026-07-01', TODAY, '2027-08-01'];
    for (const id of engagements) {
      await expectKeptFor(store.database, id);
      await expectScopedEqualsFull(store.database, orgId, id, dates);
    }
    await expectKeptEqualsBackfill(store.database);
  });

  it('follows moved engagement dates, changed cadences and new requirements', async () => {
    // The window moves: the engagement's covers are computed again for its new periods.
    await updateEngagementFields(store.database, TEST_ACTOR, orgId, engagements[1]!, {
      windowStart: '2025-10-01',
      windowEnd: '2026-09-30',
      fieldworkStart: '2026-10-15',
    });
    await expectKeptFor(store.database, engagements[1]!);
    // Cadences change under the kept covers (as an edit of the control matrix does): read live until written.
    const [weekly, once] = [requirements[0]!, requirements[6]!];
    await store.database.db
      .updateTable('evidence_requirements')
      .set({ cadence: 'quarterly' })
      .where('id', '=', weekly.id)
      .execute();
    await store.database.db
      .updateTable('evidence_requirements')
      .set({ cadence: 'annual' })
      .where('id', '=', once.id)
      .execute();
    // Requirements that came after the engagements were kept.
    await addRequirement('monthly');
    await addRequirement('once');
    const dates = ['2026-04-10', TODAY];
    for (const id of engagements) await expectScopedEqualsFull(store.database, orgId, id, dates);
    // More history, requirements changed, new or neither: the covers follow.
    await writeRandomHistory(3, 80, false);
    for (const id of engagements) await expectScopedEqualsFull(store.database, orgId, id, dates);
  });
});
