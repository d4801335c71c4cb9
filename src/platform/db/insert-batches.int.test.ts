import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../../test/database.js';
import { copyRows, insertInBatches } from './insert-batches.js';
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

describe('copyRows', () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.cleanup());

  const stored = (importId: string) =>
    store.database.db
      .selectFrom('nhi_import_staging')
      .selectAll()
      .where('import_id', '=', importId)
      .orderBy('seq')
      .execute();

  it('loads every row byte for byte, tabs, newlines, carriage returns, backslashes and \\N text included', async () => {
    const awkward = ['a\tb', 'line\nbreak', 'cr\rlf', 'back\\slash', '\\N', '\\.', 'ünïcödé "x"', ''];
    const rows: NhiImportStagingTable[] = Array.from({ length: 1_203 }, (_, i) => ({
      import_id: 'copy',
      seq: i + 1,
      family: awkward[i % awkward.length]!,
      data: JSON.stringify({ i, text: awkward[(i + 3) % awkward.length] }),
    }));
    await withTransaction(store.database, async (tx) => {
      // Statements before and after the COPY run on the same connection, in order.
      await insertInBatches(tx, 'nhi_import_staging', [
        { import_id: 'copy-before', seq: 1, family: 'f', data: '{}' },
      ]);
      await copyRows(tx, 'nhi_import_staging', rows);
      const n = await tx
        .selectFrom('nhi_import_staging')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('import_id', '=', 'copy')
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1_203);
    });
    const back = await stored('copy');
    expect(back.map((r) => ({ ...r, seq: Number(r.seq) }))).toEqual(rows);
    expect(await stored('copy-before')).toHaveLength(1);
  });

  it('aborts on a row that breaks a constraint, and the transaction writes none of them', async () => {
    const rows: NhiImportStagingTable[] = Array.from({ length: 900 }, (_, i) => ({
      import_id: 'copy-broken',
      seq: i === 850 ? 3 : i + 1,
      family: `f-${i}`,
      data: '{}',
    }));
    await expect(
      withTransaction(store.database, async (tx) => {
        await copyRows(tx, 'nhi_import_staging', rows.slice(0, 10));
        await copyRows(tx, 'nhi_import_staging', rows.slice(10));
      }),
    ).rejects.toThrow();
    expect(await stored('copy-broken')).toEqual([]);
  });
});
