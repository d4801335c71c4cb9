import type { Kysely } from 'kysely';
import { describe, expectTypeOf, it } from 'vitest';
import { findPersonById, insertPeople, updatePerson } from '../../modules/people/person.repository.js';
import { touchSession } from '../../modules/users/session.repository.js';
import type { Write } from '../ledger/ledger.js';
import type { Database } from './database.js';
import { insertInBatches, refreshPlannerStatistics } from './insert-batches.js';
import type { DB } from './schema.js';
import { type Tx, unledgered, type WriteTx, withTransaction } from './transaction.js';

/*
 * Type-level tests, checked by `npm run typecheck` (tsc reads every src file):
 * each `@ts-expect-error` below fails the type check the day the line it
 * marks compiles, i.e. the day a writing function accepts a read handle.
 * The two functions are type-checked, never called.
 */

function writesRefuseTheReadHandle(database: Database, read: Tx) {
  // @ts-expect-error a writing repository function refuses the database's own handle
  void insertPeople(database.db, []);
  // @ts-expect-error … and any read handle
  void updatePerson(read, {} as Parameters<typeof updatePerson>[1]);
  // @ts-expect-error … bookkeeping too, unless asked for by name (unledgered)
  void touchSession(database.db, 'id', '2026-01-01T00:00:00.000Z');
  // @ts-expect-error ANALYZE is a write
  void refreshPlannerStatistics(read, ['people']);
}

function writesTakeTheWriteHandle(database: Database, w: Write) {
  void insertPeople(w.tx, []);
  void insertInBatches(w.tx, 'people', []);
  void withTransaction(database, (tx) => touchSession(tx, 'id', '2026-01-01T00:00:00.000Z'));
  void touchSession(unledgered(database), 'id', '2026-01-01T00:00:00.000Z');
  // A read function takes either handle.
  void findPersonById(w.tx, 'org', 'id');
  void findPersonById(database.db, 'org', 'id');
}

describe('the write handle (docs/decisions/0014)', () => {
  it('is write()’s w.tx, a read handle too, and no read handle is one', () => {
    expectTypeOf<Write['tx']>().toEqualTypeOf<WriteTx>();
    expectTypeOf<WriteTx>().toExtend<Tx>();
    expectTypeOf<Kysely<DB>>().not.toExtend<WriteTx>();
    expectTypeOf<Database['db']>().not.toExtend<WriteTx>();
    expectTypeOf(insertPeople).parameter(0).toEqualTypeOf<WriteTx>();
    expectTypeOf(findPersonById).parameter(0).toEqualTypeOf<Tx>();
    expectTypeOf(writesRefuseTheReadHandle).toBeFunction();
    expectTypeOf(writesTakeTheWriteHandle).toBeFunction();
  });
});
