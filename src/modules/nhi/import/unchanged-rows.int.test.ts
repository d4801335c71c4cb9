import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialReportRow, setUpOrganization, T } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../../importers/nhi/aws-credential-report.js';
import type { EvidenceStores } from '../../evidence/evidence.service.js';
import { getNhi, listNhis } from '../inventory/nhi.service.js';
import { importNhi } from './import.service.js';

const USERS = 40;
const user = (i: number) => `arn:aws:iam::111122223333:user/gen/svc-gen-${String(i).padStart(7, '0')}`;

/** A report of USERS generated users; `changed` users used their key later, `dropped` users are gone. */
function report(changed: number[] = [], dropped: number[] = []): string {
  const rows = Array.from({ length: USERS }, (_, i) => i)
    .filter((i) => !dropped.includes(i))
    .map((i) => {
      const row = credentialReportRow(i);
      return changed.includes(i)
        ? row.replace('2026-11-20T00:00:00+00:00', '2026-11-26T00:00:00+00:00')
        : row;
    });
  return `${[CREDENTIAL_REPORT_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/** Every row of a table, by its key, as JSON text. */
async function rowsOf(store: TestStore, table: 'nhis' | 'nhi_observations'): Promise<Map<string, string>> {
  const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
    store.database.db,
  );
  return new Map(rows.rows.map((r) => [String(r.id ?? `${r.nhi_id}/${r.source}`), JSON.stringify(r)]));
}

describe('an import of a complete export writes only the families that changed (issue 20 item 3)', () => {
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

  it('leaves unchanged identities and observations untouched, and still says the new import listed them', async () => {
    const first = await importText(report(), 'first.csv');
    expect(first.status).toBe('imported');
    const nhisBefore = await rowsOf(store, 'nhis');
    const observationsBefore = await rowsOf(store, 'nhi_observations');

    const second = await importText(report([5], [7]), 'second.csv');
    expect(second.status).toBe('imported');
    const { identities, created, updated, unchanged, offboarded } = second.counts;
    expect(created).toBe(0);
    expect(updated).toBeGreaterThanOrEqual(1);
    expect(unchanged).toBeGreaterThan(0);
    // Identities the export no longer lists are counted as updated (marked deleted).
    expect(offboarded).toBe(2);
    expect(created + updated + unchanged).toBe(identities + offboarded);

    const changedFamilies = new Set([user(5), user(7)]);
    const nhisAfter = await rowsOf(store, 'nhis');
    const familyOf = new Map(
      [...nhisAfter.values()]
        .map((t) => JSON.parse(t) as { id: string; family: string })
        .map((r) => [r.id, r.family]),
    );
    const familyOfObservation = (key: string) => familyOf.get(key.split('/')[0]!);
    let untouched = 0;
    for (const [id, text] of nhisBefore) {
      if (changedFamilies.has(familyOf.get(id)!)) continue;
      expect(nhisAfter.get(id)).toBe(text);
      untouched++;
    }
    // Every family but the two that changed: a user and its key each.
    expect(untouched).toBe((USERS - 2) * 2);
    const observationsAfter = await rowsOf(store, 'nhi_observations');
    for (const [key, text] of observationsBefore) {
      if (!changedFamilies.has(familyOfObservation(key)!)) expect(observationsAfter.get(key)).toBe(text);
    }

    // What the inventory shows: the second import listed the unchanged identity, at its time.
    const same = await getNhi(store.database, orgId, user(3));
    const changed = await getNhi(store.database, orgId, user(5));
    expect(changed.lastSeenImportId).toBe(second.importId);
    expect(changed.children[0] && nhisAfter.get(changed.children[0].id)).not.toBe(
      nhisBefore.get(changed.children[0]!.id),
    );
    expect(same.lastSeenImportId).toBe(second.importId);
    expect(same.sources).toEqual([
      {
        source: 'aws-credential-report',
        importId: second.importId,
        observedAt: changed.sources[0]!.observedAt,
        status: 'active',
      },
    ]);
    const listed = await listNhis(store.database, orgId, { provider: 'aws' });
    expect(listed.find((r) => r.externalId === user(3))?.lastSeenImportId).toBe(second.importId);
    // An identity the complete export no longer lists: deleted, last listed by the first import.
    const gone = await getNhi(store.database, orgId, user(7));
    expect(gone.status).toBe('deleted');
    expect(gone.lastSeenImportId).toBe(first.importId);
    expect(gone.sources[0]?.importId).toBe(second.importId);
  });
});
