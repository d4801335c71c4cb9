import { utimesSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildEvidence,
  buildOrg,
  createHarness,
  type Harness,
} from '../../../test/factories.js';
import { blobStoreFor, type FsBlobStore } from '../../platform/blobs/fs-blob-store.js';
import { collectBlobGarbage } from './blob-gc.service.js';
import { verifyStore } from './verify.service.js';

describe('blobs gc', () => {
  let h: Harness;
  let blobs: FsBlobStore;
  const stores = () => ({ database: h.store.database, blobs });
  const age = (sha256: string, hours: number) => {
    const t = new Date(Date.now() - hours * 3600_000);
    utimesSync(blobs.pathOf(sha256), t, t);
  };

  beforeAll(async () => {
    h = await createHarness();
    blobs = blobStoreFor(h.store.dataDir);
  });
  afterAll(() => h.close());

  it('keeps referenced and recent files, removes old unreferenced ones, and records the removal', async () => {
    const org = await buildOrg(h, 'Acme');
    const code = await buildControl(h, org.id);
    const evidenceId = await buildEvidence(h, org.id, code);
    const { sha256: referenced } = await h.store.database.db
      .selectFrom('evidence')
      .select('sha256')
      .where('id', '=', evidenceId)
      .executeTakeFirstOrThrow();
    age(referenced!, 100);
    // A refused upload and an import in flight both leave a blob no row references (yet).
    const orphan = await blobs.put(Readable.from(['refused import']));
    age(orphan.sha256, 30);
    const inFlight = await blobs.put(Readable.from(['import still running']));

    const dry = await collectBlobGarbage(stores(), TEST_ACTOR, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, scanned: 3, referenced: 1, young: 1, bytes: 14 });
    expect(dry.removed.map((b) => b.sha256)).toEqual([orphan.sha256]);
    expect(await blobs.has(orphan.sha256)).toBe(true);

    const done = await collectBlobGarbage(stores(), TEST_ACTOR, { dryRun: false });
    expect(done.removed.map((b) => b.sha256)).toEqual([orphan.sha256]);
    expect(await blobs.has(orphan.sha256)).toBe(false);
    expect(await blobs.has(referenced!)).toBe(true);
    expect(await blobs.has(inFlight.sha256)).toBe(true);
    const entries = await h.store.database.db
      .selectFrom('activity')
      .select(['chain', 'action', 'change'])
      .where('record_type', '=', 'blobs')
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ chain: 'installation', action: 'gc' });
    expect(JSON.parse(entries[0]!.change)).toEqual({
      removed: [orphan.sha256],
      count: 1,
      bytes: 14,
      minAgeHours: 24,
    });
    expect((await verifyStore(stores())).ok).toBe(true);

    const nothing = await collectBlobGarbage(stores(), TEST_ACTOR, { dryRun: false });
    expect(nothing.removed).toEqual([]);
    expect(
      await h.store.database.db
        .selectFrom('activity')
        .select('id')
        .where('record_type', '=', 'blobs')
        .execute(),
    ).toHaveLength(1);
  });
});
