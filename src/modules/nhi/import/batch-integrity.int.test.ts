import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, setUpOrganization } from '../../../../test/builders/nhi-store.js';
import { createTestStore, type TestStore } from '../../../../test/database.js';
import { rootFromInclusionProof } from '../../../core/ledger/merkle.js';
import { nhiEventHash } from '../../../core/nhi/index.js';
import type { EvidenceStores } from '../../evidence/evidence.service.js';
import { verifyStore } from '../../integrity/verify.service.js';
import { nhiEventProofs } from '../inventory/proof.service.js';

type Row = Record<string, unknown>;

/**
 * One ledger entry per import (docs/decisions/0032): `verify` recomputes each
 * import's Merkle roots from its rows, so editing, inserting or deleting one
 * lifecycle event, one finding change or one leak link row fails and names
 * the import; undoing the tampering makes it pass again.
 */
describe('NHI imports commit to their rows through Merkle roots', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;
  let reportId: string;
  let scannerId: string;
  const db = () => store.database.db;
  const batchCheck = async () => {
    const result = await verifyStore(stores, { orgId });
    return result.checks.find((c) => c.name === 'nhi-batches')!;
  };
  const one = async (query: ReturnType<typeof sql<Row>>) => (await query.execute(db())).rows[0]!;
  const insert = async (table: string, row: Row) => {
    const columns = Object.keys(row);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      values (${sql.join(columns.map((c) => row[c]))})`.execute(db());
  };

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store));
    reportId = (await importSample(stores, orgId, 'aws-credential-report')).importId;
    scannerId = (await importSample(stores, orgId, 'trufflehog')).importId;
  });
  afterAll(async () => {
    await store.cleanup();
  });

  it('verifies every import with no per-event entry, and commits to its events, findings and leak links', async () => {
    const check = await batchCheck();
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    const entry = await one(
      sql<Row>`select change from activity where record_type = 'nhi-import' and record_id = ${reportId}`,
    );
    const change = JSON.parse(entry.change as string);
    expect(change.events.count).toBeGreaterThan(0);
    expect(change.changes.count).toBeGreaterThan(0);
    const perRow = await one(
      sql<Row>`select count(*) as n from activity where record_type in ('nhi', 'nhi-leak', 'finding')`,
    );
    expect(Number(perRow.n)).toBe(0);
    const leakLinks = await one(
      sql<Row>`select count(*) as n from nhi_changes where batch_id = ${scannerId} and record_type = 'nhi-leak'`,
    );
    expect(Number(leakLinks.n)).toBeGreaterThan(0);
  });

  const tamperings: { what: string; batch: () => string; table: string; where: string }[] = [
    { what: 'lifecycle event', batch: () => reportId, table: 'nhi_events', where: "type = 'created'" },
    { what: 'finding change', batch: () => reportId, table: 'nhi_changes', where: "record_type = 'finding'" },
    { what: 'leak link', batch: () => scannerId, table: 'nhi_changes', where: "record_type = 'nhi-leak'" },
  ];

  for (const t of tamperings) {
    const pick = async () =>
      one(
        sql<Row>`select * from ${sql.table(t.table)} where batch_id = ${t.batch()} and ${sql.raw(t.where)}
        order by seq desc limit 1`,
      );
    const key = (row: Row) => sql`batch_id = ${row.batch_id} and seq = ${row.seq}`;
    const expectCaught = async (how: RegExp) => {
      const check = await batchCheck();
      expect(check.ok).toBe(false);
      expect(check.problems.join('\n')).toContain(`NHI import ${t.batch()}`);
      expect(check.problems.join('\n')).toMatch(how);
    };

    it(`catches one ${t.what} edited, and passes once it is put back`, async () => {
      const row = await pick();
      const column = t.table === 'nhi_events' ? 'details' : 'change';
      await sql`update ${sql.table(t.table)} set ${sql.ref(column)} = ${'{"forged":true}'} where ${key(row)}`.execute(
        db(),
      );
      await expectCaught(/was changed after it was written/);
      // Even with its hash recomputed by the forger, the root no longer matches.
      await sql`update ${sql.table(t.table)} set hash = ${'0'.repeat(64)} where ${key(row)}`.execute(db());
      await expectCaught(/no longer hash to the Merkle root/);
      await sql`update ${sql.table(t.table)} set ${sql.ref(column)} = ${row[column]}, hash = ${row.hash} where ${key(row)}`.execute(
        db(),
      );
      expect((await batchCheck()).ok).toBe(true);
    });

    it(`catches one ${t.what} deleted`, async () => {
      const row = await pick();
      await sql`delete from ${sql.table(t.table)} where ${key(row)}`.execute(db());
      await expectCaught(/committed to \d+ .*, the store now holds \d+/);
      await insert(t.table, row);
      expect((await batchCheck()).ok).toBe(true);
    });

    it(`catches one ${t.what} inserted`, async () => {
      const row = await pick();
      const count = await one(
        sql<Row>`select max(seq) as n from ${sql.table(t.table)} where batch_id = ${t.batch()}`,
      );
      const forged = {
        ...row,
        ...(t.table === 'nhi_events' ? { id: `forged-${t.what.replace(' ', '-')}` } : {}),
        seq: Number(count.n) + 1,
      };
      await insert(t.table, forged);
      await expectCaught(/committed to \d+ .*, the store now holds \d+/);
      await sql`delete from ${sql.table(t.table)} where ${key(forged)}`.execute(db());
      expect((await batchCheck()).ok).toBe(true);
    });
  }

  it("proves an identity's events against the root its import's ledger entry holds, with RFC 6962 audit paths", async () => {
    const key = 'arn:aws:iam::418273645091:user/automation/svc-terraform#access_key_1';
    const { proofs, unproved } = await nhiEventProofs(store.database, orgId, key);
    expect(unproved).toBe(0);
    expect(proofs.map((p) => p.event.type)).toEqual(['created']);
    const [p] = proofs;
    expect(p!.ledgerEntry.recordId).toBe(reportId);
    expect(p!.leafHash).toBe(nhiEventHash(p!.event));
    const root = rootFromInclusionProof(
      Buffer.from(p!.leafHash, 'hex'),
      p!.index,
      p!.treeSize,
      p!.auditPath.map((h) => Buffer.from(h, 'hex')),
    );
    expect(root.toString('hex')).toBe(p!.root);
    const entry = await one(
      sql<Row>`select hash, change from activity where chain = ${orgId} and seq = ${p!.ledgerEntry.seq}`,
    );
    expect(entry.hash).toBe(p!.ledgerEntry.hash);
    expect(JSON.parse(entry.change as string).events).toEqual({ count: p!.treeSize, root: p!.root });
  });

  it('catches rows that name a batch no ledger entry commits to', async () => {
    const row = await one(sql<Row>`select * from nhi_changes where batch_id = ${reportId} limit 1`);
    const forged = { ...row, batch_id: 'no-such-import' };
    await insert('nhi_changes', forged);
    const check = await batchCheck();
    expect(check.problems.join('\n')).toContain('batch no-such-import, which no NHI import');
    await sql`delete from nhi_changes where batch_id = 'no-such-import'`.execute(db());
    expect((await batchCheck()).ok).toBe(true);
  });
});
