import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText, MUTATIONS, mutate, SAMPLE_OF } from '../../../../test/builders/nhi-parsers.js';
import {
  digestInventory,
  importSample,
  SAMPLE_SCOPE,
  setUpOrganization,
  T,
  writeCredentialReport,
} from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import { NHI_IMPORT_KINDS, type NhiImportKindName } from '../../../importers/nhi/index.js';
import { AppError, ImportError } from '../../../platform/errors.js';
import type { EvidenceStores } from '../../evidence/evidence.service.js';
import { importNhi } from './import.service.js';

const ROWS = 100_000;
const BAD_LINE = 98_765;

/** All or nothing: a bad record anywhere aborts the whole import and leaves every table as it was. */
describe('NHI import is all or nothing', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;
  let dir: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store));
    dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-nhi-'));
    for (const kind of ['aws-credential-report', 'aws-authorization-details', 'trufflehog'] as const) {
      await importSample(stores, orgId, kind);
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await store.cleanup();
  });

  it(`aborts a ${ROWS}-row credential report at its one corrupt line and leaves the inventory exactly as before`, async () => {
    const file = path.join(dir, 'credential-report.csv');
    await writeCredentialReport(file, ROWS, BAD_LINE);
    const before = await digestInventory(store.database);
    const error = await importNhi(stores, TEST_ACTOR, orgId, {
      kind: 'aws-credential-report',
      file,
      at: T,
    }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).location).toMatchObject({ file: 'credential-report.csv', line: BAD_LINE });
    expect((error as ImportError).message).toContain(`line ${BAD_LINE}`);
    expect(await digestInventory(store.database)).toEqual(before);
  }, 600_000);

  it('never fails on fuzzed exports with anything but an import error, and never writes part of one', async () => {
    const kinds = Object.keys(NHI_IMPORT_KINDS) as NhiImportKindName[];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...kinds), MUTATIONS, async (kind, mutations) => {
        run++;
        const before = await digestInventory(store.database);
        const text = mutate(fixtureText(SAMPLE_OF[kind]), mutations);
        const scope = SAMPLE_SCOPE[kind];
        try {
          await importNhi(stores, TEST_ACTOR, orgId, {
            kind,
            file: `fuzz-${run}-${SAMPLE_OF[kind]}`,
            input: Readable.from([Buffer.from(text)]),
            at: T,
            ...(scope ? { scope } : {}),
          });
        } catch (err) {
          // A fuzzed export dated before the one already imported is refused as a conflict, never half-applied.
          const expected = err instanceof ImportError || (err instanceof AppError && err.code === 'conflict');
          if (!expected) throw err;
          expect(await digestInventory(store.database)).toEqual(before);
        }
      }),
      { numRuns: Number(process.env.NHI_FUZZ_RUNS ?? 30) },
    );
  }, 600_000);
});
