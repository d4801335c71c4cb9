// The inventory's reads that run per page or per batch take their rows from an index in the order they need
// on SQLite, whose planner has no statistics: none sorts or scans every identity or observation of the
// organization (docs/decisions/0035: at 100,000 rows such plans made a re-import as slow as a first import
// and a list page 85 ms). The statements are the repositories' own, captured as they run, then explained.
import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, setUpOrganization, T } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../../../test/database.js';
import { observationsOf } from '../import/import.repository.js';
import { scanFamilies } from './evaluation.repository.js';
import { pageNhiRows } from './nhi.repository.js';

/** Keeps every query a Kysely handle runs, to explain it afterwards. */
class Captured implements KyselyPlugin {
  readonly queries: PluginTransformQueryArgs[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queries.push(args);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe.skipIf(TEST_DIALECT !== 'sqlite')('NHI reads at scale use their indexes (SQLite)', () => {
  let store: TestStore;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    const set = await setUpOrganization(store);
    orgId = set.orgId;
    await importSample(set.stores, orgId, 'aws-credential-report', { at: T });
  });
  afterAll(() => store.cleanup());

  /** The query plans (SQLite's EXPLAIN QUERY PLAN lines, joined) of what `read` ran. */
  async function plansOf(read: (db: TestStore['database']['db']) => Promise<unknown>): Promise<string[]> {
    const captured = new Captured();
    await read(store.database.db.withPlugin(captured));
    expect(captured.queries.length).toBeGreaterThan(0);
    const executor = store.database.db.getExecutor();
    const plans: string[] = [];
    for (const { node, queryId } of captured.queries) {
      const compiled = executor.compileQuery(node, queryId);
      const { rows } = await store.database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
      );
      plans.push(rows.map((r) => r.detail).join(' | '));
    }
    return plans;
  }

  it('reads a page of the inventory, first and next, in its order from an index, without sorting', async () => {
    const first = await pageNhiRows(store.database.db, orgId, {}, undefined, 3);
    expect(first.length).toBe(3);
    const last = first[2]!;
    const after = { provider: last.provider, kind: last.kind, name: last.name, id: last.id };
    for (const plan of await plansOf(async (db) => {
      await pageNhiRows(db, orgId, {}, undefined, 50);
      await pageNhiRows(db, orgId, {}, after, 50);
    })) {
      expect(plan).toContain('nhis_list_order');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it("scans the organization's identities by id from an index, a page at a time, without sorting", async () => {
    const plans = await plansOf((db) => scanFamilies(db, orgId, null, () => false));
    for (const plan of plans) {
      expect(plan).toContain('nhis_org_id');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it("reads a batch's observations by identity, not every observation of the organization", async () => {
    const ids = (await pageNhiRows(store.database.db, orgId, {}, undefined, 10)).map((r) => r.id);
    const [plan] = await plansOf((db) => observationsOf(db, orgId, ids));
    expect(plan).toContain('nhi_observations_nhi (org_id=? AND nhi_id=?)');
  });
});
