import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { gapKey, isActionable } from '../../core/plan/index.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { AppError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { applyControlMatrix, starterMatrixRows } from '../controls/control.service.js';
import { createEngagement } from '../engagements/engagement.service.js';
import { addEvidence, reviewEvidence } from '../evidence/evidence.service.js';
import { ensureCatalogs } from '../frameworks/framework.service.js';
import { createOrganization } from '../organizations/organization.service.js';
import { applyRoster } from '../people/person.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { completePlanItem, getPlan } from './plan.service.js';

const person = (email: string, name: string, status: 'active' | 'departed' = 'active') => ({
  email,
  name,
  team: null,
  managerEmail: null,
  status,
  departedOn: status === 'departed' ? '2026-09-01' : null,
});

/**
 * The plan holds the gap work (docs/decisions/0019), on SQLite and PostgreSQL:
 * two controls, one owned by Ada, one by someone who left; the gaps are plan
 * items of who must act, and they close when their reason goes, not by a click.
 */
describe('the plan with the gap work', () => {
  let store: TestStore;
  let orgId: string;
  let engagementId: string;
  let adaId: string;
  let leadId: string;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-10-01T09:00:00Z'));
    store = await createTestStore();
    await ensureCatalogs(store.database, TEST_ACTOR);
    orgId = (await createOrganization(store.database, TEST_ACTOR, 'Acme')).id;
    await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
      await applyRoster(w, orgId, [
        person('ada@example.com', 'Ada'),
        person('lead@example.com', 'Lead'),
        person('gone@example.com', 'Gone', 'departed'),
      ]);
      const rows = starterMatrixRows();
      const fail = (c: string, r: string) => new AppError('internal', `${c}: ${r}`);
      await applyControlMatrix(w, orgId, [
        {
          row: {
            ...rows.find((r) => r.code === 'AC-03')!,
            status: 'implemented',
            ownerEmail: 'ada@example.com',
          },
          fail,
        },
        {
          row: {
            ...rows.find((r) => r.code === 'AC-04')!,
            status: 'implemented',
            ownerEmail: 'gone@example.com',
          },
          fail,
        },
      ]);
    });
    const engagement = await createEngagement(store.database, TEST_ACTOR, orgId, {
      type: 'type2',
      windowStart: '2026-07-01',
      windowEnd: '2027-06-30',
      fieldworkStart: '2027-07-15',
      leadEmail: 'lead@example.com',
    });
    engagementId = engagement.id;
    leadId = engagement.leadId!;
    const readiness = await getReadiness(store.database, orgId);
    adaId = readiness.controls.find((c) => c.code === 'AC-03')!.ownerId!;
  });
  afterAll(async () => {
    vi.useRealTimers();
    await store.cleanup();
  });

  it('makes every actionable reason plan work, owned by who must act, and counts it overdue', async () => {
    const [{ plan }, readiness] = await Promise.all([
      getPlan(store.database, orgId),
      getReadiness(store.database, orgId),
    ]);
    const reasons = readiness.controls.flatMap((c) => c.reasons).filter(isActionable);
    expect(reasons.length).toBeGreaterThan(0);
    const work = new Map(
      plan.items.filter((i) => i.kind === 'gap' || (i.kind === 'evidence' && i.gap)).map((i) => [i.key, i]),
    );
    // One item per distinct piece of work: a reason about a period is its evidence item.
    expect(new Set(reasons.map(gapKey))).toEqual(new Set(work.keys()));
    // AC-03's missing evidence is Ada's; the departed owner's control goes to the lead.
    const ada = plan.items.filter((i) => i.kind === 'gap' && i.controlCode === 'AC-03');
    expect(ada.map((i) => [i.kind === 'gap' && i.code, i.ownerId])).toContainEqual(['no-evidence', adaId]);
    const departed = plan.items.find((i) => i.kind === 'gap' && i.code === 'owner-not-active');
    expect(departed).toMatchObject({ controlCode: 'AC-04', ownerId: leadId, unowned: true });
    // The Q3 period ended on 2026-09-30 without evidence: its evidence item carries the coverage gap, overdue.
    const q3 = plan.items.find(
      (i) => i.kind === 'evidence' && i.requirementCode === 'AC-03-E1' && i.period?.start === '2026-07-01',
    );
    expect(q3).toMatchObject({
      ownerId: adaId,
      doneOn: null,
      gap: { code: 'coverage-gap', severity: 'gap' },
    });
    expect(q3!.dueOn < '2026-10-01').toBe(true);
  });

  it('refuses to mark gap work or evidence still owed done, and closes the work when the evidence is accepted', async () => {
    const { plan } = await getPlan(store.database, orgId);
    const gap = plan.items.find((i) => i.kind === 'gap' && i.code === 'owner-not-active')!;
    await expect(
      completePlanItem(store.database, TEST_ACTOR, orgId, { engagementId, key: gap.key }),
    ).rejects.toMatchObject({ code: 'conflict', details: { field: 'key' } });
    const future = plan.items.find((i) => i.kind === 'evidence' && !i.gap && i.dueOn > '2026-10-01')!;
    await expect(
      completePlanItem(store.database, TEST_ACTOR, orgId, { engagementId, key: future.key }),
    ).rejects.toThrow(/has no accepted evidence/);
    const q3Key = plan.items.find(
      (i) => i.kind === 'evidence' && i.gap?.code === 'coverage-gap' && i.requirementCode === 'AC-03-E1',
    )!.key;
    await expect(
      completePlanItem(store.database, TEST_ACTOR, orgId, { engagementId, key: q3Key }),
    ).rejects.toThrow(/closes when its evidence is accepted/);
    // A milestone is marked done by hand.
    const done = await completePlanItem(store.database, TEST_ACTOR, orgId, {
      engagementId,
      key: 'milestone:policies-approved',
    });
    expect(done.milestones.find((m) => m.code === 'policies-approved')?.doneOn).toBe('2026-10-01');

    const blobs = blobStoreFor(store.dataDir);
    const evidence = await addEvidence({ database: store.database, blobs }, TEST_ACTOR, orgId, {
      metadata: { controlCode: 'AC-03', requirementCode: 'AC-03-E1', effective: '2026-07-01..2026-09-30' },
      content: { kind: 'file', stream: Readable.from(['q3 review']), fileName: 'q3.csv' },
    });
    // Submitted, not yet reviewed, on a control that is a gap: the gap's own item says the evidence waits.
    const waiting = (await getPlan(store.database, orgId)).plan.items.find(
      (i) => i.kind === 'evidence' && i.key === q3Key,
    );
    expect(waiting).toMatchObject({ doneOn: null, gap: { code: 'coverage-gap' } });
    await reviewEvidence(store.database, TEST_ACTOR, orgId, {
      evidenceId: evidence.id,
      decision: { decision: 'accepted' },
    });
    const after = (await getPlan(store.database, orgId)).plan;
    expect(after.items.find((i) => i.key === q3Key)).toMatchObject({ doneOn: expect.any(String) });
    expect(after.items.find((i) => i.kind === 'evidence' && i.key === q3Key && i.gap)).toBeUndefined();
    expect(
      after.items.some(
        (i) => i.kind === 'gap' && i.code === 'no-evidence' && i.requirementCode === 'AC-03-E1',
      ),
    ).toBe(false);
  });
});
