import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import { maxDate, minDate } from '../../../core/dates.js';
import { compareRecencyDates } from '../../../core/evidence-index.js';
import type { EvidenceFact } from '../../../core/records.js';
import { backfillReadinessFacts } from '../../../platform/db/migrations/0005-readiness-facts.js';
import type { EvidenceReviewsTable, EvidenceTable } from '../../../platform/db/schema.js';
import { withTransaction } from '../../../platform/db/transaction.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { write } from '../../../platform/ledger/ledger.js';
import { listControlDetails } from '../../controls/control.repository.js';
import { applyControlMatrix, starterMatrixRows } from '../../controls/control.service.js';
import { SeededRandom } from '../../demo/random.js';
import { insertEvidenceRows, insertReviews } from '../../evidence/evidence.repository.js';
import { ensureCatalogs } from '../../frameworks/framework.service.js';
import { createOrganization } from '../../organizations/organization.service.js';
import { evidenceFacts } from './evidence-facts.repository.js';
import { keepFactsOfEvidence, keepFactsOfReviews } from './evidence-facts.upkeep.js';

/*
 * The recency order exists twice: `compareRecencyDates` in src/core (what the
 * upkeep folds with, and what the rules read) and the ORDER BY of the SQL
 * backfill (migration 0005) that computes `evidence_latest` from scratch. On
 * data made of few distinct dates (every key ties often, and orders that
 * weigh the dates differently disagree), both must pick the same fact of
 * every requirement and review state, on each engine.
 */

/** A few dates around a year end and a month end: every pair of rows ties on some date, and each order differs. */
const DAYS = ['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-31', '2026-02-01'];

type Latest = Pick<EvidenceFact, 'effectiveStart' | 'effectiveEnd' | 'collectedOn' | 'evidenceId'>;

/** The most recent fact of each requirement and review state by the core rule, from the whole history. */
function latestByCore(facts: readonly EvidenceFact[]): Map<string, Latest> {
  const out = new Map<string, EvidenceFact>();
  for (const f of facts) {
    const key = `${f.requirementId}|${f.reviewState}`;
    const seen = out.get(key);
    if (!seen || compareRecencyDates(f, seen) > 0) out.set(key, f);
  }
  return new Map(
    [...out].map(([k, f]) => [
      k,
      {
        effectiveStart: f.effectiveStart,
        effectiveEnd: f.effectiveEnd,
        collectedOn: f.collectedOn,
        evidenceId: f.evidenceId,
      },
    ]),
  );
}

describe('the recency order of src/core and of the SQL backfill', () => {
  let store: TestStore;
  let orgId: string;
  let requirements: { id: string; controlId: string }[];

  beforeAll(async () => {
    store = await createTestStore();
    await ensureCatalogs(store.database, TEST_ACTOR);
    orgId = (await createOrganization(store.database, TEST_ACTOR, 'Recency')).id;
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyControlMatrix(
        w,
        orgId,
        starterMatrixRows()
          .slice(0, 12)
          .map((row) => ({ row, fail: (c, r) => new AppError('internal', `${c}: ${r}`) })),
      ),
    );
    requirements = (await listControlDetails(store.database.db, orgId))
      .flatMap((c) => c.requirements.map((r) => ({ id: r.id, controlId: c.id })))
      .slice(0, 12);
  });
  afterAll(() => store.cleanup());

  /** Random evidence of few dates, some corrected, some reviewed; written without the upkeep. */
  function history(seed: number, count: number) {
    const rng = new SeededRandom(seed);
    const evidence: EvidenceTable[] = [];
    const reviews: EvidenceReviewsTable[] = [];
    for (let i = 0; i < count; i++) {
      const a = rng.pick(DAYS);
      const b = rng.pick(DAYS);
      const requirement = rng.pick(requirements);
      const previous = evidence.filter(
        (e) => e.requirement_id === requirement.id && !evidence.some((n) => n.supersedes_id === e.id),
      );
      evidence.push({
        id: newId(),
        org_id: orgId,
        control_id: requirement.controlId,
        requirement_id: requirement.id,
        kind: 'link',
        sha256: null,
        size: null,
        file_name: null,
        media_type: null,
        url: 'https://evidence.example/r',
        description: null,
        effective_start: minDate(a, b),
        effective_end: maxDate(a, b),
        collected_at: `${rng.pick(DAYS)}T${String(rng.int(10, 23))}:00:00.000Z`,
        source_type: 'system-export',
        collector_type: 'system',
        collector_id: 'test',
        collector_label: 'test',
        supersedes_id: previous.length > 0 && rng.chance(0.1) ? rng.pick(previous).id : null,
      });
    }
    for (const e of evidence) {
      if (!rng.chance(0.6)) continue;
      const rejected = rng.chance(0.3);
      reviews.push({
        evidence_id: e.id,
        org_id: orgId,
        decision: rejected ? 'rejected' : 'accepted',
        reason: rejected ? 'Wrong period' : null,
        reviewer_type: 'system',
        reviewer_id: 'test',
        reviewer_label: 'test',
        reviewed_at: new Date().toISOString(),
      });
    }
    return { evidence, reviews };
  }

  async function keptLatest(): Promise<Map<string, Latest>> {
    const rows = await store.database.db
      .selectFrom('evidence_latest')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute();
    return new Map(
      rows.map((r) => [
        `${r.requirement_id}|${r.state}`,
        {
          effectiveStart: r.effective_start,
          effectiveEnd: r.effective_end,
          collectedOn: r.collected_on,
          evidenceId: r.evidence_id,
        },
      ]),
    );
  }

  it('pick the same latest fact of every requirement and review state', async () => {
    for (const seed of [1, 2, 3]) {
      const { evidence, reviews } = history(seed, 400);
      await withTransaction(store.database, async (tx) => {
        await tx.deleteFrom('evidence_reviews').execute();
        await tx.deleteFrom('evidence').execute();
        await insertEvidenceRows(tx, evidence);
        await insertReviews(tx, reviews);
        await backfillReadinessFacts(tx);
      });
      const facts = await evidenceFacts(store.database.db, orgId);
      const core = latestByCore(facts);
      expect(core.size).toBeGreaterThan(20);
      expect(await keptLatest(), `seed ${seed}`).toEqual(core);

      // The data tells the orders apart: weighing the collection day first would pick other facts.
      const collectedFirst = new Map<string, EvidenceFact>();
      for (const f of facts) {
        const key = `${f.requirementId}|${f.reviewState}`;
        const seen = collectedFirst.get(key);
        if (
          !seen ||
          `${f.collectedOn}${f.effectiveEnd}${f.effectiveStart}` >
            `${seen.collectedOn}${seen.effectiveEnd}${seen.effectiveStart}`
        )
          collectedFirst.set(key, f);
      }
      expect([...collectedFirst].some(([k, f]) => core.get(k)?.evidenceId !== f.evidenceId)).toBe(true);

      // The upkeep (which folds with the same core rule) reaches the same rows from empty tables.
      await withTransaction(store.database, async (tx) => {
        await tx.deleteFrom('evidence_latest').execute();
        await tx.deleteFrom('evidence_coverage').execute();
        await tx.deleteFrom('evidence_reviews').execute();
        await tx.deleteFrom('evidence').execute();
        await insertEvidenceRows(tx, evidence);
        await keepFactsOfEvidence(tx, evidence);
        await insertReviews(tx, reviews);
        await keepFactsOfReviews(tx, reviews);
      });
      expect(await keptLatest(), `upkeep, seed ${seed}`).toEqual(core);
    }
  });
});
