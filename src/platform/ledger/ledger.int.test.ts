import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_ACTOR, TEST_DIALECT, type TestStore } from '../../../test/database.js';
import { openDatabase } from '../db/database.js';
import { write } from './ledger.js';
import { verifyLedger } from './verify-ledger.js';

describe('ledger', () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.cleanup());

  async function appendMany(orgId: string | null, n: number, label: string) {
    for (let i = 0; i < n; i++) {
      await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
        w.record({ action: 'touch', recordType: 'thing', recordId: `${label}-${i}`, change: { i } });
      });
    }
  }

  it('appends entries with consecutive sequence numbers and verifies ok', async () => {
    await appendMany('org-a', 5, 'a');
    const rows = await store.database.db
      .selectFrom('activity')
      .selectAll()
      .where('chain', '=', 'org-a')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(await verifyLedger(store.database)).toMatchObject({ ok: true, entries: 5 });
  });

  it('hashes text as the store keeps it: an unpaired surrogate in an id or label still verifies', async () => {
    // Reached the ledger through a record id (the fuzz test); both engines store U+FFFD for it.
    await write(
      store.database,
      { actor: { ...TEST_ACTOR, label: 'odd \udc00 label' }, orgId: 'org-surrogate' },
      async (w) => {
        w.record({ action: 'save', recordType: 'thing', recordId: '\ud800', change: { name: '\ud800' } });
      },
    );
    const row = await store.database.db
      .selectFrom('activity')
      .selectAll()
      .where('chain', '=', 'org-surrogate')
      .executeTakeFirstOrThrow();
    expect(row.record_id).toBe('\ufffd');
    expect(row.actor_label).toBe('odd \ufffd label');
    expect(JSON.parse(row.change)).toEqual({ name: '\ud800' });
    expect((await verifyLedger(store.database, { orgId: 'org-surrogate' })).problems).toEqual([]);
  });

  it('writes nothing to the ledger when the transaction fails', async () => {
    const before = await verifyLedger(store.database);
    await expect(
      write(store.database, { actor: TEST_ACTOR, orgId: 'org-a' }, async (w) => {
        w.record({ action: 'touch', recordType: 'thing', recordId: 'x', change: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await verifyLedger(store.database)).entries).toBe(before.entries);
  });

  it('keeps the chain strictly ordered under concurrent writers', async () => {
    // On PostgreSQL a second handle gives separate pooled connections; the head row lock serialises them.
    // SQLite handles in one thread would deadlock on the synchronous busy wait, so there one handle's
    // connection lock serialises the writers (other processes wait on SQLite's own write lock).
    const second =
      TEST_DIALECT === 'postgres'
        ? await openDatabase({ dataDir: store.dataDir, databaseUrl: store.databaseUrl })
        : store.database;
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          write(i % 2 ? second : store.database, { actor: TEST_ACTOR, orgId: 'org-c' }, async (w) => {
            w.record({ action: 'touch', recordType: 'thing', recordId: `c-${i}`, change: { i } });
            w.record({ action: 'touch', recordType: 'thing', recordId: `c-${i}-b`, change: { i } });
          }),
        ),
      );
    } finally {
      if (second !== store.database) await second.close();
    }
    const seqs = await store.database.db
      .selectFrom('activity')
      .select('seq')
      .where('chain', '=', 'org-c')
      .orderBy('seq')
      .execute();
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(await verifyLedger(store.database)).toMatchObject({ ok: true });
  });

  it('names the entry whose content was edited in the database', async () => {
    const target = await store.database.db
      .selectFrom('activity')
      .select(['id', 'seq'])
      .where('chain', '=', 'org-a')
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    await sql`update activity set change = ${'{"i":99}'} where id = ${target.id}`.execute(store.database.db);
    const result = await verifyLedger(store.database);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        chain: 'org-a',
        seq: 3,
        entryId: target.id,
        message: expect.stringContaining('edited'),
      }),
    ]);
  });

  it('detects entries removed from the end of a chain', async () => {
    await appendMany('org-d', 3, 'd');
    await sql`delete from activity where chain = ${'org-d'} and seq = 3`.execute(store.database.db);
    const result = await verifyLedger(store.database, { orgId: 'org-d' });
    expect(result.problems).toEqual([expect.objectContaining({ chain: 'org-d', entryId: null })]);
  });
});
