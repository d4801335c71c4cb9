import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { write } from '../../platform/ledger/ledger.js';
import { ensureCatalogs } from '../frameworks/framework.service.js';
import { createOrganization } from '../organizations/organization.service.js';
import { applyRoster } from '../people/person.service.js';
import { completePlanItem, getPlan } from '../plan/plan.service.js';
import { createEngagement, updateEngagementFields } from './engagement.service.js';

const person = (email: string, name: string) => ({
  email,
  name,
  team: null,
  managerEmail: null,
  status: 'active' as const,
  departedOn: null,
});

describe('editing an engagement', () => {
  let store: TestStore;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    await ensureCatalogs(store.database, TEST_ACTOR);
    orgId = (await createOrganization(store.database, TEST_ACTOR, 'Acme')).id;
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyRoster(w, orgId, [person('lead@example.com', 'Lead'), person('next@example.com', 'Next')]),
    );
  });
  afterAll(() => store.cleanup());

  // The web UI sends the whole form, the lead's e-mail included; on SQLite, reading the roster outside the
  // write's transaction while it holds the only connection used to hang the server.
  it('changes the lead by e-mail and the milestone offsets, and what was done stays done', async () => {
    const created = await createEngagement(store.database, TEST_ACTOR, orgId, {
      type: 'type2',
      windowStart: '2027-04-01',
      windowEnd: '2027-09-30',
      fieldworkStart: '2027-10-15',
      leadEmail: 'lead@example.com',
    });
    await completePlanItem(store.database, TEST_ACTOR, orgId, {
      engagementId: created.id,
      key: 'milestone:policies-approved',
      doneOn: '2027-02-20',
    });

    const updated = await updateEngagementFields(store.database, TEST_ACTOR, orgId, created.id, {
      leadEmail: 'next@example.com',
      windowStart: '2027-05-01',
      milestoneOffsets: { 'gap-remediation': -21 },
    });

    const { engagement, plan } = await getPlan(store.database, orgId, { engagementId: created.id });
    expect(updated.leadId).not.toBe(created.leadId);
    expect(engagement).toMatchObject({ leadId: updated.leadId, windowStart: '2027-05-01' });
    expect(engagement.milestoneOffsets).toEqual({ 'gap-remediation': -21 });
    const milestone = (code: string) => plan.milestones.find((m) => m.code === code)!;
    expect(milestone('gap-remediation').dueOn).toBe('2027-04-10');
    expect(milestone('gap-remediation').ownerId).toBe(updated.leadId);
    expect(milestone('policies-approved')).toMatchObject({ dueOn: '2027-04-01', doneOn: '2027-02-20' });
  }, 15_000);

  it('refuses a lead who is not in the roster, in words, and changes nothing', async () => {
    const before = (await getPlan(store.database, orgId)).engagement;
    await expect(
      updateEngagementFields(store.database, TEST_ACTOR, orgId, before.id, {
        leadEmail: 'nobody@example.com',
      }),
    ).rejects.toThrow('no person with e-mail nobody@example.com in the roster');
    expect((await getPlan(store.database, orgId)).engagement).toEqual(before);
  }, 15_000);
});
