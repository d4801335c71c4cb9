import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../../test/database.js';
import { insertInBatches } from './insert-batches.js';
import type { NhiImportStagingTable } from './schema.js';
import { withTransaction } from './transaction.js';

describe('insertInBatches', () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.cleanup());

  const rowsOf = (importId: string, n: number, tag: string): NhiImportStagingTable[] =>
    Array.from({ length: n }, (_, i) => ({
      import_id: importId,
      seq: i + 1,
      family: i % 3 === 0 ? `f-"quoted"-${i}` : `f-${i}`,
      data: JSON.stringify({ i, tag, text: 'ünïcödé \\ "x"' }),
    }));

  const stored = (importId: string) =>
    store.database.db
      .selectFrom('nhi_import_staging')
      .selectAll()
      .where('import_id', '=', importId)
      .orderBy('seq')
      .execute();

  it('writes every row with its values, whatever the count (full batches and the rest)', async () => {
    for (const n of [1, 2, 499, 500, 501, 1_234]) {
      const rows = rowsOf(`count-${n}`, n, 'a');
      await withTransaction(store.database, (tx) => insertInBatches(tx, 'nhi_import_staging', rows));
      const back = await stored(`count-${n}`);
      expect(back.map((r) => ({ ...r, seq: Number(r.seq) }))).toEqual(rows);
    }
  });

  it('updates the listed columns of rows that collide with a unique key, and skips them with none listed', async () => {
    const first = rowsOf('upsert', 700, 'first');
    await withTransaction(store.database, (tx) => insertInBatches(tx, 'nhi_import_staging', first));
    const second = rowsOf('upsert', 900, 'second');
    await withTransaction(store.database, (tx) =>
      insertInBatches(tx, 'nhi_import_staging', second, { columns: ['import_id', 'seq'], update: ['data'] }),
    );
    const back = await stored('upsert');
    expect(back).toHaveLength(900);
    expect(back.every((r) => (JSON.parse(r.data) as { tag: string }).tag === 'second')).toBe(true);
    const third = rowsOf('upsert', 1000, 'third');
    await withTransaction(store.database, (tx) =>
      insertInBatches(tx, 'nhi_import_staging', third, { columns: ['import_id', 'seq'] }),
    );
    const tags = (await stored('upsert')).map((r) => (JSON.parse(r.data) as { tag: string }).tag);
    expect(tags.filter((t) => t === 'second')).toHaveLength(900);
    expect(tags.filter((t) => t === 'third')).toHaveLength(100);
  });

  it('aborts on a row that breaks a constraint, and the transaction writes none of them', async () => {
    const rows = rowsOf('broken', 600, 'x');
    rows[555] = { ...rows[555]!, seq: 3 };
    await expect(
      withTransaction(store.database, (tx) => insertInBatches(tx, 'nhi_import_staging', rows)),
    ).rejects.toThrow();
    expect(await stored('broken')).toEqual([]);
  });
});
