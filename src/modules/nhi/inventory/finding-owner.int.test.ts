import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, setUpOrganization, T } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import { assignControlOwner } from '../../controls/control.service.js';
import { getFindings } from '../../findings/finding.service.js';
import { listNhis } from './nhi.service.js';

/** NHI rule findings get a default owner: the identity's active owner, else the NHI inventory control's. */
describe('default owner of NHI rule findings', () => {
  let store: TestStore;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    const set = await setUpOrganization(store);
    orgId = set.orgId;
    await assignControlOwner(store.database, TEST_ACTOR, orgId, {
      code: 'NHI-01',
      ownerEmail: 'sam.okafor@example.com',
    });
    await importSample(set.stores, orgId, 'aws-authorization-details');
  });
  afterAll(() => store.cleanup());

  it("gives a finding of an identity without an active owner to NHI-01's owner, else to the identity's owner", async () => {
    const identities = await listNhis(store.database, orgId, {}, { at: T });
    const findings = (await getFindings(store.database, orgId)).filter((f) => f.sourceKind === 'nhi-rule');
    expect(findings.length).toBeGreaterThan(0);
    // Every rule finding has an owner now.
    expect(findings.filter((f) => f.ownerEmail === null).map((f) => f.title)).toEqual([]);
    const orphan = findings.find((f) => f.title.endsWith('svc-monitoring-readonly'))!;
    expect(orphan.ownerEmail).toBe('sam.okafor@example.com');
    // A departed owner counts as none: that identity's findings went to NHI-01's owner as well.
    const departed = findings.find((f) =>
      identities.some((n) => n.owner?.status === 'departed' && f.title.endsWith(`: ${n.name}`)),
    );
    expect(departed?.ownerEmail).toBe('sam.okafor@example.com');
    const owned = identities.filter(
      (n) => n.owner?.status === 'active' && n.owner.email !== 'sam.okafor@example.com',
    );
    const ownedFinding = findings.find((f) => owned.some((n) => f.title.endsWith(`: ${n.name}`)));
    if (ownedFinding) {
      const identity = owned.find((n) => ownedFinding.title.endsWith(`: ${n.name}`))!;
      expect(ownedFinding.ownerEmail).toBe(identity.owner!.email);
    }
  });
});
