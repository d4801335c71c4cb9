import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { readinessResultSchema } from '../../core/readiness/index.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { AppError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { applyControlMatrix, starterMatrixRows } from '../controls/control.service.js';
import { createEngagement } from '../engagements/engagement.service.js';
import {
  addEvidence,
  type EvidenceStores,
  reviewEvidence,
  verifyEvidenceBlobs,
} from '../evidence/evidence.service.js';
import { addException, closeException, getExceptions } from '../exceptions/exception.service.js';
import { ensureCatalogs } from '../frameworks/framework.service.js';
import { createOrganization } from '../organizations/organization.service.js';
import { applyRoster } from '../people/person.service.js';
import { getPlan } from '../plan/plan.service.js';
import { getReadiness } from './readiness.service.js';

/**
 * The readiness story of SPEC §4 end to end through the store, on SQLite and
 * PostgreSQL alike: one control (AC-03, quarterly access review), an owner,
 * evidence added and reviewed, an exception, a departure.
 */
describe('readiness through the store', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  const readiness = (at: string, engagementId?: string) =>
    getReadiness(store.database, orgId, { at, ...(engagementId ? { engagementId } : {}) });
  const statusOf = async (at: string, code = 'AC-03', engagementId?: string) =>
    (await readiness(at, engagementId)).controls.find((c) => c.code === code)!;

  async function addAccepted(effective: string, requirementCode = 'AC-03-E1') {
    const e = await addEvidence(stores, TEST_ACTOR, orgId, {
      metadata: { controlCode: 'AC-03', requirementCode, effective },
      content: {
        kind: 'file',
        stream: Readable.from([`review ${effective} ${requirementCode}`]),
        fileName: 'review.csv',
      },
    });
    return reviewEvidence(store.database, TEST_ACTOR, orgId, {
      evidenceId: e.id,
      decision: { decision: 'accepted' },
    });
  }

  beforeAll(async () => {
    // The records are made on 2026-10-01 (the wall clock, Date only), so every date asked below is on or
    // after the day they were recorded: at a past date readiness sees only what was recorded by then (0008).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-10-01T09:00:00Z'));
    store = await createTestStore();
    stores = { database: store.database, blobs: blobStoreFor(store.dataDir) };
    await ensureCatalogs(store.database, TEST_ACTOR);
    orgId = (await createOrganization(store.database, TEST_ACTOR, 'Acme')).id;
    await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
      await applyRoster(w, orgId, [
        {
          email: 'ada@example.com',
          name: 'Ada',
          team: null,
          managerEmail: null,
          status: 'active',
          departedOn: null,
        },
        {
          email: 'lead@example.com',
          name: 'Lead',
          team: null,
          managerEmail: null,
          status: 'active',
          departedOn: null,
        },
      ]);
      const ac03 = starterMatrixRows().find((r) => r.code === 'AC-03')!;
      await applyControlMatrix(w, orgId, [
        {
          row: { ...ac03, status: 'implemented', ownerEmail: 'ada@example.com' },
          fail: (c, r) => new AppError('internal', `${c}: ${r}`),
        },
      ]);
    });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await store.cleanup();
  });

  it('is a gap without evidence, naming the requirement and the owner', async () => {
    const c = await statusOf('2026-10-15');
    expect(c.status).toBe('gap');
    expect(c.reasons).toContainEqual(
      expect.objectContaining({ code: 'no-evidence', requirementCode: 'AC-03-E1', ownerName: 'Ada' }),
    );
  });

  it('is at risk while fresh evidence awaits review, and ready once accepted', async () => {
    const e = await addEvidence(stores, TEST_ACTOR, orgId, {
      metadata: { controlCode: 'AC-03', requirementCode: 'AC-03-E1', effective: '2026-07-01..2026-09-30' },
      content: { kind: 'file', stream: Readable.from(['q3 review']), fileName: 'q3.csv' },
    });
    await addAccepted('2026-07-01..2026-09-30', 'AC-03-E2');
    expect(e.reviewState).toBe('submitted');
    const before = await statusOf('2026-10-15');
    expect(before.reasons.map((r) => r.code)).toContain('no-evidence');
    await reviewEvidence(store.database, TEST_ACTOR, orgId, {
      evidenceId: e.id,
      decision: { decision: 'accepted' },
    });
    expect((await statusOf('2026-10-15')).status).toBe('ready');
  });

  it('refuses a second review of the same evidence', async () => {
    const [e] = (
      await (await import('../evidence/evidence.service.js')).findEvidenceFor(store.database, orgId)
    ).filter((x) => x.reviewState === 'accepted');
    await expect(
      reviewEvidence(store.database, TEST_ACTOR, orgId, {
        evidenceId: e!.id,
        decision: { decision: 'rejected', reason: 'x' },
      }),
    ).rejects.toThrow(/already accepted/);
  });

  it('becomes a gap once the date passes cadence + grace, naming requirement, owner and due date', async () => {
    // Quarterly: 91 days + 23 days grace after 2026-09-30 → fresh until 2027-01-22.
    expect((await statusOf('2027-01-22')).status).not.toBe('gap');
    const c = await statusOf('2027-01-23');
    expect(c.status).toBe('gap');
    expect(c.reasons).toContainEqual(
      expect.objectContaining({
        code: 'stale-evidence',
        requirementCode: 'AC-03-E1',
        ownerName: 'Ada',
        dueOn: '2027-01-23',
      }),
    );
  });

  it('is excepted under an approved, unexpired exception, and a gap again after it expires', async () => {
    await addException(store.database, TEST_ACTOR, orgId, {
      controlCode: 'AC-03',
      summary: 'Q4 review late',
      reason: 'Reviewer on leave',
      riskRating: 'low',
      approverEmail: 'lead@example.com',
      approvedOn: '2027-01-20',
      expiresOn: '2027-02-28',
    });
    expect((await statusOf('2027-02-01')).status).toBe('excepted');
    const after = await statusOf('2027-03-01');
    expect(after.status).toBe('gap');
    expect(after.reasons.map((r) => r.code)).toContain('exception-expired');
  });

  it('ignores an exception nobody approved', async () => {
    await addException(store.database, TEST_ACTOR, orgId, {
      controlCode: 'AC-03',
      summary: 'Unapproved',
      reason: 'Asked for',
      riskRating: 'low',
      expiresOn: '2027-12-31',
    });
    expect((await statusOf('2027-03-01')).status).toBe('gap');
  });

  it('checks Type II coverage: a quarterly requirement over a 6-month window needs both periods', async () => {
    // The window's evidence is recorded after its periods began (evidence dated ahead is refused, 0008).
    vi.setSystemTime(new Date('2027-10-01T09:00:00Z'));
    const engagement = await createEngagement(store.database, TEST_ACTOR, orgId, {
      type: 'type2',
      windowStart: '2027-04-01',
      windowEnd: '2027-09-30',
      fieldworkStart: '2027-10-15',
      leadEmail: 'lead@example.com',
    });
    const { plan } = await getPlan(store.database, orgId, { engagementId: engagement.id });
    const evidenceItems = plan.items.filter((i) => i.kind === 'evidence');
    expect(evidenceItems.filter((i) => i.requirementCode === 'AC-03-E1').map((i) => i.period)).toEqual([
      { start: '2027-04-01', end: '2027-06-30' },
      { start: '2027-07-01', end: '2027-09-30' },
    ]);
    expect(plan.milestones.find((m) => m.code === 'readiness-assessment')?.dueOn).toBe('2027-01-31');
    await addAccepted('2027-07-01..2027-09-30');
    await addAccepted('2027-07-01..2027-09-30', 'AC-03-E2');
    const c = await statusOf('2027-10-05', 'AC-03', engagement.id);
    expect(c.status).toBe('gap');
    const coverage = c.reasons.filter((r) => r.code === 'coverage-gap');
    expect(coverage.map((r) => [r.requirementCode, r.period])).toEqual([
      ['AC-03-E1', { start: '2027-04-01', end: '2027-06-30' }],
      ['AC-03-E2', { start: '2027-04-01', end: '2027-06-30' }],
    ]);
    await addAccepted('2027-04-01..2027-06-30');
    await addAccepted('2027-04-01..2027-06-30', 'AC-03-E2');
    // The expired exception still keeps it a gap until someone closes it.
    expect((await statusOf('2027-10-05', 'AC-03', engagement.id)).reasons.map((r) => r.code)).toEqual([
      'exception-expired',
    ]);
    const expired = (await getExceptions(store.database, orgId)).find((x) => x.approvedOn)!;
    await closeException(store.database, TEST_ACTOR, orgId, { id: expired.id, closedOn: '2027-03-05' });
    expect((await statusOf('2027-10-05', 'AC-03', engagement.id)).status).toBe('ready');
  });

  it('is a gap when the owner departs', async () => {
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyRoster(w, orgId, [
        {
          email: 'ada@example.com',
          name: 'Ada',
          team: null,
          managerEmail: null,
          status: 'departed',
          departedOn: '2027-10-01',
        },
      ]),
    );
    const c = await statusOf('2027-10-05');
    expect(c.status).toBe('gap');
    expect(c.reasons).toContainEqual(expect.objectContaining({ code: 'owner-not-active' }));
  });

  it('sees each evidence write at once, and each other write after evidence writes at once', async () => {
    // What readiness reads besides evidence is kept per version of the records apart from evidence:
    // an upload or review re-reads only the evidence facts, any other write re-reads the rest too.
    vi.setSystemTime(new Date('2028-02-15T09:00:00Z'));
    const reasonsAt = async () => (await statusOf('2028-02-15')).reasons;
    const namesE1 = (r: { requirementCode?: string | null }) => r.requirementCode === 'AC-03-E1';
    expect((await reasonsAt()).some(namesE1)).toBe(true);
    expect((await reasonsAt()).map((r) => r.code)).toContain('owner-not-active');
    await addAccepted('2027-10-01..2027-12-31', 'AC-03-E1');
    expect((await reasonsAt()).some(namesE1)).toBe(false);
    expect((await reasonsAt()).map((r) => r.code)).toContain('owner-not-active');
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyRoster(w, orgId, [
        {
          email: 'ada@example.com',
          name: 'Ada',
          team: null,
          managerEmail: null,
          status: 'active',
          departedOn: null,
        },
      ]),
    );
    expect((await reasonsAt()).map((r) => r.code)).not.toContain('owner-not-active');
  });

  it('returns JSON that validates against the documented schema', async () => {
    const result = await readiness('2027-10-05');
    expect(readinessResultSchema.safeParse(JSON.parse(JSON.stringify(result))).success).toBe(true);
  });

  it('names the evidence whose stored file was tampered with', async () => {
    expect((await verifyEvidenceBlobs(stores)).problems).toEqual([]);
    const [victim] = await (await import('../evidence/evidence.service.js')).findEvidenceFor(
      store.database,
      orgId,
    );
    writeFileSync(blobStoreFor(store.dataDir).pathOf(victim!.sha256!), 'tampered');
    const { problems } = await verifyEvidenceBlobs(stores);
    expect(problems).toEqual([expect.objectContaining({ problem: 'mismatch', sha256: victim!.sha256 })]);
    expect(problems[0]!.message).toContain('was changed');
  });
});
