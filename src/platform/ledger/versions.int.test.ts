import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { openDatabase } from '../db/database.js';
import { write } from './ledger.js';
import { recordsVersionApartFrom, recordsVersions } from './versions.js';

/** A version of an organization's records that evidence entries do not move, from any process. */
describe('recordsVersionApartFrom', () => {
  let store: TestStore;
  const orgId = 'org-versions';
  const ignored = ['evidence'];

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.cleanup());

  const append = async (database: TestStore['database'], chain: string | null, recordType: string) =>
    write(database, { actor: TEST_ACTOR, orgId: chain }, async (w) => {
      w.record({ action: 'touch', recordType, recordId: recordType, change: null });
    });

  it('stands still over evidence entries and moves with any other, whichever handle wrote them', async () => {
    expect(await recordsVersionApartFrom(store.database, orgId, ignored)).toBe('0.0');
    await append(store.database, orgId, 'person');
    const first = await recordsVersionApartFrom(store.database, orgId, ignored);
    expect(first).toBe('1.0');
    for (let i = 0; i < 3; i++) await append(store.database, orgId, 'evidence');
    expect(await recordsVersionApartFrom(store.database, orgId, ignored)).toBe(first);
    // The whole version moved all the same.
    expect(await recordsVersions(store.database, orgId, ignored)).toEqual({ all: '4.0', apart: '1.0' });

    // Another handle (the CLI, a second server) writes evidence, then a control: both are seen.
    const other = await openDatabase({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
    try {
      await append(other, orgId, 'evidence');
      expect(await recordsVersionApartFrom(store.database, orgId, ignored)).toBe('1.0');
      await append(other, orgId, 'control');
      await append(other, orgId, 'evidence');
      expect(await recordsVersionApartFrom(store.database, orgId, ignored)).toBe('6.0');
      // A handle that never looked before reads the same version.
      expect(await recordsVersionApartFrom(other, orgId, ignored)).toBe('6.0');
    } finally {
      await other.close();
    }

    // The installation's chain (catalogs) is part of it; another organization's is not.
    await append(store.database, null, 'framework');
    await append(store.database, 'org-elsewhere', 'person');
    expect(await recordsVersionApartFrom(store.database, orgId, ignored)).toBe('6.1');
  });
});
