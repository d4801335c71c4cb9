import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../../../../test/builders/nhi-parsers.js';
import { dumpInventory, importSample, setUpOrganization, T } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import type { EvidenceStores } from '../../evidence/evidence.service.js';
import { getNhi } from '../inventory/nhi.service.js';
import { importNhi } from './import.service.js';

const ACCOUNT = 'arn:aws:iam::418273645091:user/automation';

/** A newer credential report: svc-terraform's key rotated, svc-ci-deployer removed. */
function newerReport(): string {
  const lines = fixtureText('aws_iam_credential_report.csv').split('\n');
  return lines
    .filter((line) => !line.startsWith('svc-ci-deployer,'))
    .map((line) =>
      line.startsWith('svc-terraform,')
        ? line.replace('true,2025-11-02T13:20:05+00:00', 'true,2026-11-20T10:00:00+00:00')
        : line,
    )
    .join('\n');
}

describe('NHI lifecycle events between two imports of one source', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store, { roster: false }));
  });
  afterAll(() => store.cleanup());

  const importText = (text: string, file: string) =>
    importNhi(stores, TEST_ACTOR, orgId, {
      kind: 'aws-credential-report',
      file,
      input: Readable.from([Buffer.from(text)]),
      at: T,
    });
  const typesOf = async (key: string) => (await getNhi(store.database, orgId, key)).events.map((e) => e.type);

  it('records created for every identity of a first import', async () => {
    const first = await importSample(stores, orgId, 'aws-credential-report');
    expect(first.counts.created).toBe(first.counts.events);
    expect(await typesOf(`${ACCOUNT}/svc-terraform`)).toEqual(['created']);
  });

  it("derives rotated and offboarded from a newer report, committed to by the import's one ledger entry", async () => {
    const second = await importText(newerReport(), 'credential-report-2.csv');
    expect(second.status).toBe('imported');
    expect(await typesOf(`${ACCOUNT}/svc-terraform#access_key_1`)).toEqual(['created', 'rotated']);
    expect(await typesOf(`${ACCOUNT}/svc-ci-deployer`)).toEqual(['created', 'offboarded']);
    const key2 = await getNhi(store.database, orgId, `${ACCOUNT}/svc-ci-deployer#access_key_2`);
    expect(key2.status).toBe('deleted');
    expect(key2.events.at(-1)?.details).toEqual({ reason: 'absent' });
    expect(second.counts.offboarded).toBeGreaterThanOrEqual(3);
    // One ledger entry for the import commits to every event (count and Merkle root; docs/decisions/0032).
    const perEvent = await sql<{ n: number | string }>`
      select count(*) as n from activity
      where org_id = ${orgId} and action in ('rotated', 'offboarded')`.execute(store.database.db);
    expect(Number(perEvent.rows[0]?.n)).toBe(0);
    const entry = await sql<{ change: string }>`
      select change from activity where record_type = 'nhi-import' and record_id = ${second.importId}`.execute(
      store.database.db,
    );
    expect(entry.rows).toHaveLength(1);
    expect(JSON.parse(entry.rows[0]!.change).events.count).toBe(second.counts.events);
    const events = await sql<{ n: number | string }>`
      select count(*) as n from nhi_events where batch_id = ${second.importId}`.execute(store.database.db);
    expect(Number(events.rows[0]?.n)).toBe(second.counts.events);
  });

  it('says unchanged and writes nothing when the newer report comes again', async () => {
    const before = await dumpInventory(store.database);
    const again = await importText(newerReport(), 'credential-report-2-copy.csv');
    expect(again.status).toBe('unchanged');
    expect(await dumpInventory(store.database)).toEqual(before);
  });

  it('brings an identity back with re-enabled when an export lists it again', async () => {
    await importSample(stores, orgId, 'aws-credential-report');
    expect(await typesOf(`${ACCOUNT}/svc-ci-deployer`)).toEqual(['created', 'offboarded', 're-enabled']);
  });
});
