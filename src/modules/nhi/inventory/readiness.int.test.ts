import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, setUpOrganization } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import { todayIso } from '../../../platform/clock.js';
import { assignControlOwner } from '../../controls/control.service.js';
import type { EvidenceStores } from '../../evidence/evidence.service.js';
import { getReadiness } from '../../readiness/readiness.service.js';
import { assignNhiOwner } from './owner.service.js';

/** Issue 6 item 6: the NHI starter controls get evidence from imports and gaps from open rule findings. */
describe('readiness of the NHI controls follows the inventory', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  const reasonsOf = async (code: string) => {
    const result = await getReadiness(store.database, orgId, { at: todayIso() });
    return result.controls.find((c) => c.code === code)!.reasons;
  };

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store));
    for (const code of ['NHI-01', 'NHI-02', 'NHI-05']) {
      await assignControlOwner(store.database, TEST_ACTOR, orgId, {
        code,
        ownerEmail: 'sam.okafor@example.com',
      });
    }
  });
  afterAll(() => store.cleanup());

  it('has no inventory evidence and no NHI findings before any import', async () => {
    const nhi01 = await reasonsOf('NHI-01');
    expect(nhi01.some((r) => r.code === 'no-evidence' && r.requirementCode === 'NHI-01-E1')).toBe(true);
    expect((await reasonsOf('NHI-02')).some((r) => r.code === 'open-finding')).toBe(false);
  });

  it('takes NHI-01-E1 evidence from an import, accepted, and gaps on NHI-02 and NHI-05 from its findings', async () => {
    await importSample(stores, orgId, 'aws-authorization-details', { at: todayIso() });
    const nhi01 = await reasonsOf('NHI-01');
    expect(nhi01.filter((r) => r.requirementCode === 'NHI-01-E1')).toEqual([]);
    const nhi02 = (await reasonsOf('NHI-02')).filter((r) => r.code === 'open-finding');
    expect(nhi02.length).toBeGreaterThan(0);
    expect(nhi02.every((r) => r.severity === 'gap' && r.findingId)).toBe(true);
    expect((await reasonsOf('NHI-05')).some((r) => r.code === 'open-finding')).toBe(true);
  });

  it('drops the NHI-02 gaps once every identity has an active owner', async () => {
    await assignNhiOwner(store.database, TEST_ACTOR, orgId, {
      match: '*',
      ownerEmail: 'alice.nguyen@example.com',
    });
    expect((await reasonsOf('NHI-02')).filter((r) => r.code === 'open-finding')).toEqual([]);
    // Least privilege is another matter: owning an admin identity does not make it less privileged.
    expect((await reasonsOf('NHI-05')).some((r) => r.code === 'open-finding')).toBe(true);
  });
});
