// `auditready serve` SIGKILLed at seeded random moments while clients write through real HTTP; after each
// kill and restart every acknowledged write must be there and intact (docs/decisions/0016).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_DIALECT, type TestStore } from '../database.js';
import {
  ageParts,
  driveWrites,
  emptyLedger,
  type FaultOrg,
  faultSeed,
  initOrganization,
  killServer,
  lostWrites,
  misaddressedBlobs,
  partFiles,
  type Server,
  seededRandom,
  sqliteIntegrity,
  startServer,
  stopServer,
  verifyStore,
} from './harness.js';

/** Starting CLIs (init, a token) and servers takes long on a loaded machine. */
const HOOK_TIMEOUT_MS = 180_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ROUNDS = Number(process.env.AUDITREADY_FAULT_ROUNDS ?? 5);

describe(`serve killed with SIGKILL under writes (${TEST_DIALECT})`, () => {
  let store: TestStore;
  let org: FaultOrg;
  let server: Server | undefined;

  beforeAll(async () => {
    store = await createTestStore();
    org = await initOrganization(store);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    if (server) await stopServer(server).catch(() => undefined);
    await store?.cleanup();
  }, HOOK_TIMEOUT_MS);

  it('loses no acknowledged write, leaves imports whole or absent, and verifies', {
    timeout: 240_000,
  }, async () => {
    const seed = faultSeed(`serve SIGKILL on ${TEST_DIALECT}`);
    const kills = seededRandom(seed);
    const writes = seededRandom(seed ^ 0x9e3779b9);
    const ledger = emptyLedger();
    const rounds: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      server = await startServer(org.env);
      // The start after a kill swept the dead puts' temporary files (aged past the staleness below).
      expect(partFiles(store.dataDir), `round ${round}: .part files survived the restart`).toEqual([]);
      let stopped = false;
      const driving = driveWrites(server.base, org, writes, ledger, `r${round}`, () => stopped);
      // The kill comes a seeded while after the first answer of this start (a cold server answers late).
      const acked = () => ledger.uploads.length + ledger.reviews.length + ledger.findings.length;
      const before = acked();
      for (let waited = 0; acked() === before && waited < 15_000; waited += 50) await sleep(50);
      const delay = kills.int(100, 2500);
      await sleep(delay);
      stopped = true;
      await killServer(server);
      server = undefined;
      await driving;
      const parts = ageParts(store.dataDir);
      const integrity = sqliteIntegrity(store);
      rounds.push(
        `round ${round}: killed ${delay} ms after the first answer; ${ledger.uploads.length} uploads, ${ledger.reviews.length} reviews, ` +
          `${ledger.findings.length} findings acknowledged so far; ${parts} .part left by the kill; integrity ${integrity ?? 'n/a (PostgreSQL)'}`,
      );
      if (integrity !== null) expect(integrity, `round ${round}`).toBe('ok');
      expect(misaddressedBlobs(store.dataDir), `round ${round}: a blob under a wrong address`).toEqual([]);
    }

    server = await startServer(org.env);
    expect(partFiles(store.dataDir), '.part files survived the last restart').toEqual([]);
    const problems = await lostWrites(server.base, org, ledger);
    await stopServer(server);
    server = undefined;
    const verify = await verifyStore(org.env);
    const imports = `${ledger.matrixImports.filter((m) => m.acknowledged).length}/${ledger.matrixImports.length} matrix, ${
      ledger.nhiImports.filter((m) => m.acknowledged).length
    }/${ledger.nhiImports.length} NHI imports acknowledged/sent`;
    console.log(
      `[faults] serve SIGKILL on ${TEST_DIALECT} (seed ${seed}):\n  ${rounds.join('\n  ')}\n  ${imports}; ${ledger.attempted} writes sent`,
    );

    expect(problems, `seed ${seed}: acknowledged writes lost or changed, imports cut in half`).toEqual([]);
    expect(ledger.unexpected, 'answers that are neither 2xx nor 503 with Retry-After').toEqual([]);
    expect(verify.code, verify.output).toBe(0);
    // A run that acknowledged nothing proved nothing.
    expect(ledger.uploads.length).toBeGreaterThan(0);
  });
});
