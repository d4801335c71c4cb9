import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, setUpOrganization, T } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import { write } from '../../../platform/ledger/ledger.js';
import { listNhiFindings } from './nhi.service.js';

/**
 * Reads refresh the inventory's rule findings only when something was recorded since the last refresh
 * at the same date: the ledger head, evidence entries aside, is the version of everything the rules read.
 */
describe('NHI reads refresh the rules once per version of the records', () => {
  let store: TestStore;
  let orgId: string;
  const openKeys = async () =>
    (await listNhiFindings(store.database, orgId, { at: T })).map((f) => `${f.rule}|${f.nhi.id}`);

  beforeAll(async () => {
    store = await createTestStore();
    const set = await setUpOrganization(store);
    orgId = set.orgId;
    await importSample(set.stores, orgId, 'aws-authorization-details', { at: T });
  });
  afterAll(() => store.cleanup());

  it('skips the refresh while nothing or only evidence is recorded, and runs it after the next other write', async () => {
    const before = await openKeys();
    expect(before.length).toBeGreaterThan(0);
    const [first] = await listNhiFindings(store.database, orgId, { at: T });
    // Closed behind the ledger's back (no entry): no read notices, since nothing was recorded.
    await sql`update findings set resolved_on = ${T}, resolution = ${'edited outside'} where id = ${first!.findingId}`.execute(
      store.database.db,
    );
    const key = `${first!.rule}|${first!.nhi.id}`;
    expect(await openKeys()).not.toContain(key);
    expect(await openKeys()).not.toContain(key);

    // Evidence and its reviews are not read by the rules: their entries leave the version as it is.
    for (const action of ['create', 'accept']) {
      await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
        w.record({ action, recordType: 'evidence', recordId: `evidence-${action}`, change: { test: true } });
      });
      expect(await openKeys()).not.toContain(key);
    }

    // Any other recorded write moves the version: the next read runs the rules, which find it again.
    await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
      w.record({ action: 'note', recordType: 'organization', recordId: orgId, change: { test: true } });
    });
    expect(await openKeys()).toContain(key);
    expect((await openKeys()).sort()).toEqual([...before].sort());
  });
});
