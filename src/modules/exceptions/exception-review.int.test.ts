import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { buildOwnerDigests } from '../../core/digests/build.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { AppError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { applyControlMatrix, starterMatrixRows } from '../controls/control.service.js';
import { createEngagement } from '../engagements/engagement.service.js';
import { addEvidence, type EvidenceStores, reviewEvidence } from '../evidence/evidence.service.js';
import { ensureCatalogs } from '../frameworks/framework.service.js';
import { verifyStore } from '../integrity/verify.service.js';
import { createOrganization } from '../organizations/organization.service.js';
import { listPeople } from '../people/person.repository.js';
import { applyRoster } from '../people/person.service.js';
import { getPlan } from '../plan/plan.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { addException, getException, reviewException } from './exception.service.js';

/**
 * Exception reviews through the store (issue 23, docs/decisions/0030), on
 * SQLite and PostgreSQL alike: a high-risk exception on AC-03 approved on
 * 2026-10-01 is reviewed monthly, so its first review is due on 2026-11-01.
 */
describe('exception reviews', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;
  let exceptionId: string;

  const now = (day: string) => vi.setSystemTime(new Date(`${day}T09:00:00Z`));
  const control = async (at: string) =>
    (await getReadiness(store.database, orgId, { at })).controls.find((c) => c.code === 'AC-03')!;
  const person = (email: string, name: string) => ({
    email,
    name,
    team: null,
    managerEmail: null,
    status: 'active' as const,
    departedOn: null,
  });

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    now('2026-10-01');
    store = await createTestStore();
    stores = { database: store.database, blobs: blobStoreFor(store.dataDir) };
    await ensureCatalogs(store.database, TEST_ACTOR);
    orgId = (await createOrganization(store.database, TEST_ACTOR, 'Acme')).id;
    await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
      await applyRoster(w, orgId, [
        person('ada@example.com', 'Ada Owner'),
        person('vera@example.com', 'Vera Approver'),
        person('lead@example.com', 'Lead'),
      ]);
      const ac03 = starterMatrixRows().find((r) => r.code === 'AC-03')!;
      await applyControlMatrix(w, orgId, [
        {
          row: { ...ac03, status: 'implemented', ownerEmail: 'ada@example.com' },
          fail: (c, r) => new AppError('internal', `${c}: ${r}`),
        },
      ]);
    });
    for (const requirementCode of ['AC-03-E1', 'AC-03-E2']) {
      const e = await addEvidence(stores, TEST_ACTOR, orgId, {
        metadata: { controlCode: 'AC-03', requirementCode, effective: '2026-07-01..2026-09-30' },
        content: { kind: 'file', stream: Readable.from([`q3 ${requirementCode}`]), fileName: 'q3.csv' },
      });
      await reviewEvidence(store.database, TEST_ACTOR, orgId, {
        evidenceId: e.id,
        decision: { decision: 'accepted' },
      });
    }
    await createEngagement(store.database, TEST_ACTOR, orgId, {
      type: 'type1',
      auditDate: '2027-01-31',
      fieldworkStart: '2027-02-15',
      leadEmail: 'lead@example.com',
    });
    const x = await addException(store.database, TEST_ACTOR, orgId, {
      controlCode: 'AC-03',
      summary: 'Break-glass account kept for the migration',
      reason: 'The old directory is still needed until the cut-over',
      riskRating: 'high',
      approverEmail: 'vera@example.com',
      approvedOn: '2026-10-01',
      expiresOn: '2027-03-31',
    });
    exceptionId = x.id;
  });
  afterAll(async () => {
    vi.useRealTimers();
    await store.cleanup();
  });

  it('takes the review cadence of its risk: monthly for high, the first review a month after approval', async () => {
    const x = await getException(store.database, orgId, exceptionId);
    expect(x).toMatchObject({ reviewCadence: 'monthly', nextReviewOn: '2026-11-01', reviews: [] });
    expect((await control('2026-10-17')).status).toBe('ready');
  });

  it('puts the control at risk 14 days before the review, owned by the approver', async () => {
    const c = await control('2026-10-18');
    expect(c.status).toBe('at-risk');
    expect(c.reasons).toEqual([
      expect.objectContaining({
        code: 'exception-review-due',
        exceptionId,
        ownerName: 'Vera Approver',
        dueOn: '2026-11-01',
      }),
    ]);
  });

  it('makes it a gap the day after the review is missed, and the approver digest lists it', async () => {
    const c = await control('2026-11-02');
    expect(c.status).toBe('gap');
    expect(c.reasons[0]).toMatchObject({ code: 'exception-unreviewed', ownerName: 'Vera Approver' });
    expect(c.reasons[0]!.message).toContain('not reviewed since 2026-10-01');

    now('2026-11-02');
    const { plan } = await getPlan(store.database, orgId);
    const people = await listPeople(store.database.db, orgId);
    const digests = buildOwnerDigests({
      today: '2026-11-02',
      people: people.map((p) => ({ id: p.id, name: p.name, status: p.status })),
      planItems: plan.items,
      rejected: [],
      findings: [],
      addressed: [],
    });
    const vera = digests.find((d) => d.personName === 'Vera Approver');
    expect(vera?.overdue).toEqual([
      expect.objectContaining({ title: 'Review the overdue exception: AC-03', dueOn: '2026-11-01' }),
    ]);
    expect(vera?.overdue[0]?.detail).toContain('not reviewed since 2026-10-01');
  });

  it('is ready again after a continue review, due again a month later', async () => {
    now('2026-11-03');
    const x = await reviewException(store.database, TEST_ACTOR, orgId, exceptionId, {
      decision: 'continue',
      note: 'Cut-over moved to March; the account is still monitored daily',
      reviewedOn: '2026-11-03',
    });
    expect(x).toMatchObject({ nextReviewOn: '2026-12-03', riskRating: 'high', closedOn: null });
    expect(x.reviews).toEqual([
      expect.objectContaining({
        decision: 'continue',
        reviewedOn: '2026-11-03',
        reviewerName: 'Vera Approver',
        newExpiresOn: null,
      }),
    ]);
    expect((await control('2026-11-03')).status).toBe('ready');
    // Readiness at an earlier date does not see the later review.
    expect((await control('2026-11-02')).status).toBe('gap');
  });

  it('escalates (risk one level up, new expiry) and closes, each in the ledger that verify reads', async () => {
    now('2026-11-20');
    const escalated = await reviewException(store.database, TEST_ACTOR, orgId, exceptionId, {
      decision: 'escalate',
      note: 'Second directory found still in use',
      reviewedOn: '2026-11-20',
      reviewerEmail: 'lead@example.com',
      newExpiresOn: '2027-01-31',
      reviewCadence: 'quarterly',
    });
    expect(escalated).toMatchObject({
      riskRating: 'critical',
      expiresOn: '2027-01-31',
      reviewCadence: 'quarterly',
      nextReviewOn: null,
    });
    expect(escalated.reviews.map((r) => [r.decision, r.reviewerName])).toEqual([
      ['escalate', 'Lead'],
      ['continue', 'Vera Approver'],
    ]);
    const closed = await reviewException(store.database, TEST_ACTOR, orgId, exceptionId, {
      decision: 'close',
      note: 'Cut-over done',
      reviewedOn: '2026-11-25',
    });
    expect(closed).toMatchObject({ closedOn: '2026-11-25', nextReviewOn: null });
    await expect(
      reviewException(store.database, TEST_ACTOR, orgId, exceptionId, {
        decision: 'continue',
        note: 'again',
        reviewedOn: '2026-11-26',
      }),
    ).rejects.toThrow(/already closed/);
    const verification = await verifyStore(stores, { orgId });
    expect(verification.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('refuses a review of an unapproved exception, before the approval, or closing with a new expiry', async () => {
    const unapproved = await addException(store.database, TEST_ACTOR, orgId, {
      controlCode: 'AC-03',
      summary: 'Asked for',
      reason: 'pending',
      riskRating: 'low',
      expiresOn: '2027-06-30',
      reviewCadence: 'quarterly',
    });
    expect(unapproved).toMatchObject({ reviewCadence: 'quarterly', nextReviewOn: null });
    const review = { decision: 'continue', note: 'fine', reviewedOn: '2026-11-26' };
    await expect(reviewException(store.database, TEST_ACTOR, orgId, unapproved.id, review)).rejects.toThrow(
      /not approved/,
    );
    const approved = await addException(store.database, TEST_ACTOR, orgId, {
      controlCode: 'AC-03',
      summary: 'Other',
      reason: 'r',
      riskRating: 'low',
      approverEmail: 'vera@example.com',
      approvedOn: '2026-11-10',
      expiresOn: '2027-06-30',
    });
    await expect(
      reviewException(store.database, TEST_ACTOR, orgId, approved.id, {
        ...review,
        reviewedOn: '2026-11-01',
      }),
    ).rejects.toThrow(/approved on 2026-11-10/);
    await expect(
      reviewException(store.database, TEST_ACTOR, orgId, approved.id, {
        ...review,
        decision: 'close',
        newExpiresOn: '2027-01-01',
      }),
    ).rejects.toThrow(/no new expiry/);
  });
});
