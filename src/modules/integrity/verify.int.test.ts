import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildEvidence,
  buildOrg,
  buildPerson,
  buildToken,
  buildUser,
  createHarness,
  type Harness,
} from '../../../test/factories.js';
import { entryHashOfCanonicalChange } from '../../core/ledger/chain.js';
import { signerFromSeed } from '../../core/ledger/signed-note.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { addEvidence, reviewEvidence } from '../evidence/evidence.service.js';
import { addException, approveException } from '../exceptions/exception.service.js';
import { createCheckpoints, exportCheckpoints, parseCheckpointExport } from './checkpoint.service.js';
import { verifyStore } from './verify.service.js';

const SIGNER = signerFromSeed('auditready-test', Buffer.alloc(32, 5));

describe('verify cannot be silenced', () => {
  let h: Harness;
  let orgId: string;
  let rejectedId: string;
  let acceptedId: string;
  const stores = () => ({ database: h.store.database, blobs: blobStoreFor(h.store.dataDir) });
  const db = () => h.store.database.db;
  const problemsOf = async (name: string, options = {}) => {
    const result = await verifyStore(stores(), options);
    return { result, check: result.checks.find((c) => c.name === name)! };
  };

  beforeEach(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Acme');
    orgId = org.id;
    const code = await buildControl(h, orgId);
    acceptedId = await buildEvidence(h, orgId, code, { accepted: true });
    const evidence = await addEvidence(stores(), TEST_ACTOR, orgId, {
      metadata: { controlCode: code, requirementCode: `${code}-R1`, effective: '2026-09-01..2026-09-30' },
      content: { kind: 'file', stream: Readable.from(['the wrong quarter']), fileName: 'old.csv' },
    });
    rejectedId = evidence.id;
    await reviewEvidence(h.store.database, TEST_ACTOR, orgId, {
      evidenceId: rejectedId,
      decision: { decision: 'rejected', reason: 'wrong period' },
    });
    await buildUser(h, [{ orgId, role: 'viewer' }]);
    await buildToken(h, orgId, 'contributor');
    const approver = await buildPerson(h, orgId);
    const x = await addException(h.store.database, TEST_ACTOR, orgId, {
      controlCode: code,
      summary: 'legacy host',
      reason: 'migration pending',
      riskRating: 'low',
      expiresOn: '2027-06-30',
    });
    await approveException(h.store.database, TEST_ACTOR, orgId, {
      id: x.id,
      approverEmail: approver.email,
      approvedOn: '2026-12-01',
    });
  });
  afterEach(() => h.close());

  it('passes an untouched store, saying what it checked', async () => {
    const result = await verifyStore(stores());
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['chains', true],
      ['checkpoints', true],
      ['records', true],
      ['nhi-batches', true],
      ['evidence-files', true],
    ]);
    expect(result.records.compared).toEqual({
      evidence: 2,
      review: 2,
      membership: 1,
      exception: 1,
      'api-token': 1,
    });
    expect(result.checks[2]!.summary).toContain('evidence 2, evidence review 2, membership 1');
  });

  it('names a deleted head row and an edited entry of the same chain', async () => {
    const entry = await db()
      .selectFrom('activity')
      .select(['id', 'seq'])
      .where('chain', '=', orgId)
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    await sql`update activity set actor_label = ${'someone else'} where id = ${entry.id}`.execute(db());
    await sql`delete from ledger_heads where chain = ${orgId}`.execute(db());
    const { result, check } = await problemsOf('chains');
    expect(result.ok).toBe(false);
    expect(check.problems).toEqual([
      expect.stringMatching(new RegExp(`chain ${orgId}, entry 2 \\(id ${entry.id}\\): .*edited`)),
      expect.stringMatching(new RegExp(`chain ${orgId}, .*head row is missing`)),
    ]);
  });

  it('names a chain whose head was rewound while its entries remain', async () => {
    await sql`update ledger_heads set seq = 3, hash = (select hash from activity where chain = ${orgId} and seq = 3) where chain = ${orgId}`.execute(
      db(),
    );
    const { check } = await problemsOf('chains');
    expect(check.problems).toEqual([
      expect.stringMatching(/head says 3 entries but the log continues to \d+/),
    ]);
  });

  it('names an organization whose whole chain (entries and head) was deleted', async () => {
    await sql`delete from activity where chain = ${orgId}`.execute(db());
    await sql`delete from ledger_heads where chain = ${orgId}`.execute(db());
    const { check } = await problemsOf('chains');
    expect(check.problems).toEqual([
      expect.stringContaining(`chain ${orgId}, entry 0: the organization has no activity entries`),
    ]);
  });

  it('names a review flipped from rejected to accepted', async () => {
    await sql`update evidence_reviews set decision = 'accepted', reason = null where evidence_id = ${rejectedId}`.execute(
      db(),
    );
    const { result, check } = await problemsOf('records');
    expect(result.ok).toBe(false);
    expect(check.problems).toEqual([
      `evidence review ${rejectedId}: decision is "accepted" but the activity log says "rejected"`,
      `evidence review ${rejectedId}: reason is null but the activity log says "wrong period"`,
    ]);
  });

  it('names an evidence row whose SHA-256 was swapped for another stored file', async () => {
    const other = await db()
      .selectFrom('evidence')
      .select('sha256')
      .where('id', '=', acceptedId)
      .executeTakeFirstOrThrow();
    const own = await db()
      .selectFrom('evidence')
      .select('sha256')
      .where('id', '=', rejectedId)
      .executeTakeFirstOrThrow();
    await sql`update evidence set sha256 = ${other.sha256} where id = ${rejectedId}`.execute(db());
    const { result, check } = await problemsOf('records');
    // The file check alone passes: the swapped-in hash is a stored, intact file.
    expect(result.checks.find((c) => c.name === 'evidence-files')!.ok).toBe(true);
    expect(check.problems).toEqual([
      `evidence ${rejectedId}: sha256 is "${other.sha256}" but the activity log says "${own.sha256}"`,
    ]);
  });

  it('names a deleted evidence row (and its deleted review)', async () => {
    for (const table of ['evidence_latest', 'evidence_coverage', 'engagement_coverage']) {
      await sql`delete from ${sql.table(table)} where evidence_id = ${acceptedId}`.execute(db());
    }
    await sql`delete from evidence_reviews where evidence_id = ${acceptedId}`.execute(db());
    await sql`delete from evidence where id = ${acceptedId}`.execute(db());
    const { result, check } = await problemsOf('records');
    expect(result.ok).toBe(false);
    expect(check.problems.sort()).toEqual([
      `evidence ${acceptedId}: recorded in the activity log, but its row was deleted`,
      `evidence review ${acceptedId}: recorded in the activity log, but its row was deleted`,
    ]);
  });

  it('names a promoted membership, a swapped token hash, a changed approval and rows written around the log', async () => {
    await sql`update memberships set role = 'admin' where org_id = ${orgId}`.execute(db());
    await sql`update api_tokens set token_hash = ${'f'.repeat(64)} where org_id = ${orgId}`.execute(db());
    await sql`update exceptions set approved_on = '2026-01-01' where org_id = ${orgId}`.execute(db());
    const membership = await db().selectFrom('memberships').select('id').executeTakeFirstOrThrow();
    const intruder = 'intruder-user';
    const now = '2026-12-01T00:00:00.000Z';
    await db()
      .insertInto('users')
      .values({
        id: intruder,
        email: 'intruder@example.test',
        name: 'Intruder',
        password_hash: null,
        status: 'active',
        password_changed_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db()
      .insertInto('memberships')
      .values({
        id: 'sneaked-in',
        org_id: orgId,
        user_id: intruder,
        role: 'admin',
        person_id: null,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const { check } = await problemsOf('records');
    const text = check.problems.join('\n');
    expect(text).toMatch(/API token .*: tokenHash differs from the one the activity log recorded/);
    expect(text).not.toContain('f'.repeat(64));
    expect(text).toMatch(/exception .*: approvedOn is "2026-01-01" but the activity log says "2026-12-01"/);
    expect(text).toContain(`membership ${membership.id}: role is "admin" but the activity log says "viewer"`);
    expect(text).toContain('membership sneaked-in: stored, but the activity log never recorded it');
  });

  it('names a cut tail with the head rewound, through a checkpoint kept off the store', async () => {
    const outcomes = await createCheckpoints(h.store.database, SIGNER);
    expect(outcomes.find((o) => o.chain === orgId)?.status).toBe('signed');
    const offMachine = mkdtempSync(path.join(os.tmpdir(), 'checkpoints-'));
    try {
      const file = path.join(offMachine, 'checkpoints.json');
      writeFileSync(file, JSON.stringify(await exportCheckpoints(h.store.database, SIGNER)));
      const signed = outcomes.find((o) => o.chain === orgId)!.size;
      // The attacker removes the last three entries, rewinds the head onto the new last one,
      // and deletes the stored checkpoints: the store alone is consistent again.
      await sql`delete from activity where chain = ${orgId} and seq > ${signed - 3}`.execute(db());
      await sql`update ledger_heads set seq = ${signed - 3}, hash = (select hash from activity where chain = ${orgId} and seq = ${signed - 3}) where chain = ${orgId}`.execute(
        db(),
      );
      await sql`delete from checkpoints`.execute(db());
      const alone = await verifyStore(stores());
      expect(alone.checks.find((c) => c.name === 'chains')!.ok).toBe(true);
      const doc = parseCheckpointExport(readFileSync(file, 'utf8'), file);
      const { result, check } = await problemsOf('checkpoint-file', { checkpointFile: { name: file, doc } });
      expect(result.ok).toBe(false);
      expect(check.problems).toEqual([
        expect.stringMatching(
          new RegExp(
            `signed ${signed} entries of chain ${orgId}, but the log now holds ${signed - 3}: .*cut tail`,
          ),
        ),
      ]);
    } finally {
      rmSync(offMachine, { recursive: true, force: true });
    }
  });

  it('names signed entries rewritten consistently (rehashed, relinked) since a stored checkpoint', async () => {
    await createCheckpoints(h.store.database, SIGNER);
    // Rewrite the whole chain from entry 2 with recomputed hashes: only the signed root can tell.
    const rows = await db()
      .selectFrom('activity')
      .selectAll()
      .where('chain', '=', orgId)
      .orderBy('seq')
      .execute();
    let prev = rows[0]!.hash;
    for (const row of rows.slice(1)) {
      const actor = row.seq === 2 ? 'forged' : row.actor_label;
      const hash = entryHashOfCanonicalChange(
        prev,
        {
          chain: row.chain,
          seq: Number(row.seq),
          orgId: row.org_id,
          at: row.at,
          actor: { type: row.actor_type as 'system', id: row.actor_id, label: actor },
          action: row.action,
          recordType: row.record_type,
          recordId: row.record_id,
        },
        row.change,
      );
      await db()
        .updateTable('activity')
        .set({ actor_label: actor, prev_hash: prev, hash })
        .where('id', '=', row.id)
        .execute();
      prev = hash;
    }
    await db().updateTable('ledger_heads').set({ hash: prev }).where('chain', '=', orgId).execute();
    const { result, check } = await problemsOf('checkpoints');
    expect(result.checks.find((c) => c.name === 'chains')!.ok).toBe(true);
    expect(check.problems).toEqual([expect.stringContaining('no longer hash to its signed root')]);
    // And a new checkpoint refuses to sign over it.
    await db()
      .insertInto('activity')
      .values({ ...rows[0]!, id: 'x', seq: rows.length + 1, prev_hash: prev, hash: 'y'.repeat(64) })
      .execute();
    await db()
      .updateTable('ledger_heads')
      .set({ seq: rows.length + 1, hash: 'y'.repeat(64) })
      .where('chain', '=', orgId)
      .execute();
    const again = await createCheckpoints(h.store.database, SIGNER);
    expect(again.find((o) => o.chain === orgId)?.status).toBe('refused');
  });
});
