/**
 * Helpers of the NHI integration tests: an organization with the starter
 * library and the sample HR roster, sample imports, and a full dump of
 * everything an import may write (to prove that a failed one wrote nothing).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/importers/nhi/aws-credential-report.js';
import type { NhiImportKindName } from '../../src/importers/nhi/index.js';
import { installStarterLibrary } from '../../src/modules/controls/control.service.js';
import type { EvidenceStores } from '../../src/modules/evidence/evidence.service.js';
import { ensureCatalogs } from '../../src/modules/frameworks/framework.service.js';
import { type ImportNhiOptions, importNhi } from '../../src/modules/nhi/import/import.service.js';
import type { NhiImportResult } from '../../src/modules/nhi/nhi.schema.js';
import { createOrganization } from '../../src/modules/organizations/organization.service.js';
import { applyRoster, readRoster } from '../../src/modules/people/person.service.js';
import { blobStoreFor } from '../../src/platform/blobs/fs-blob-store.js';
import type { Database } from '../../src/platform/db/database.js';
import { write } from '../../src/platform/ledger/ledger.js';
import type { TestStore } from '../database.js';
import { TEST_ACTOR } from '../database.js';
import { fixturePath, SAMPLE_OF } from './nhi-parsers.js';

/** The date T the tests judge the samples at (they were exported on 2026-11-28). */
export const T = '2026-11-28';

/** What the samples are scoped to where the file does not say. */
export const SAMPLE_SCOPE: Partial<Record<NhiImportKindName, string>> = {
  'github-actions-secrets': 'example-org/payments-api',
  'azure-service-principals': '00001111-aaaa-2222-bbbb-3333cccc4444',
};

/** The sample HR roster the second sample set joins to. */
export const ROSTER = fileURLToPath(new URL('../../src/modules/nhi/fixtures/hr_roster.csv', import.meta.url));

/** An organization with the starter controls and (unless `roster: false`) the sample roster. */
export async function setUpOrganization(
  store: TestStore,
  options: { name?: string; roster?: boolean } = {},
): Promise<{ orgId: string; stores: EvidenceStores }> {
  await ensureCatalogs(store.database, TEST_ACTOR);
  const orgId = (await createOrganization(store.database, TEST_ACTOR, options.name ?? 'Example Org')).id;
  const people = options.roster === false ? [] : await readRoster(createReadStream(ROSTER), 'hr_roster.csv');
  await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
    await installStarterLibrary(w, orgId);
    await applyRoster(w, orgId, people);
  });
  return { orgId, stores: { database: store.database, blobs: blobStoreFor(store.dataDir) } };
}

/** Imports the sample of a kind at T. */
export function importSample(
  stores: EvidenceStores,
  orgId: string,
  kind: NhiImportKindName,
  options: Partial<ImportNhiOptions> = {},
): Promise<NhiImportResult> {
  const scope = SAMPLE_SCOPE[kind];
  return importNhi(stores, TEST_ACTOR, orgId, {
    kind,
    file: fixturePath(SAMPLE_OF[kind]),
    at: T,
    ...(scope ? { scope } : {}),
    ...options,
  });
}

const DUMPED = [
  'nhis',
  'nhi_observations',
  'nhi_imports',
  'nhi_events',
  'nhi_leaks',
  'nhi_workload_links',
  'nhi_findings',
  'nhi_thresholds',
  'nhi_import_staging',
  'nhi_changes',
  'findings',
  'finding_controls',
  'finding_criteria',
  'evidence',
  'evidence_reviews',
  'ledger_heads',
] as const;

/** Every row an import may write, table by table, in a stable order, plus the number of activity entries. */
export async function dumpInventory(database: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of DUMPED) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  const activity = await sql<{ n: number | string }>`select count(*) as n from activity`.execute(database.db);
  out.activity = [Number(activity.rows[0]?.n)];
  return out;
}

/** The number of rows of a table. */
export async function countRows(database: Database, table: string): Promise<number> {
  const rows = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
    database.db,
  );
  return Number(rows.rows[0]?.n);
}

/** The header of an IAM credential report. */
const REPORT_HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');

/** Row `i` of a generated credential report: a machine user with one active, recently rotated and used key. */
export function credentialReportRow(i: number): string {
  const user = `svc-gen-${String(i).padStart(7, '0')}`;
  return [
    user,
    `arn:aws:iam::111122223333:user/gen/${user}`,
    '2026-01-01T00:00:00+00:00',
    'false',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'true',
    '2026-10-01T00:00:00+00:00',
    '2026-11-20T00:00:00+00:00',
    'us-east-1',
    's3',
    'false',
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'N/A',
    'false',
    'N/A',
  ].join(',');
}

/**
 * Writes a credential report of `rows` generated users to `file` (streamed);
 * `corrupt` replaces the ARN of the row on that 1-based line with garbage.
 */
export async function writeCredentialReport(file: string, rows: number, corrupt?: number): Promise<void> {
  const out = createWriteStream(file);
  const put = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await put(`${REPORT_HEADER}\n`);
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    const row = credentialReportRow(i);
    chunk.push(line === corrupt ? row.replace(/,arn:aws:iam::[^,]+,/, ',not-an-arn,') : row);
    if (chunk.length === 1000) {
      await put(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await put(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

/** A digest of every table an import may write (paged, so large inventories fit), plus the ledger head. */
export async function digestInventory(database: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of Object.entries(DIGEST_ORDER)) {
    const hash = createHash('sha256');
    let count = 0;
    for (let offset = 0; ; offset += 20_000) {
      const page = await sql<
        Record<string, unknown>
      >`select * from ${sql.table(table)} order by ${sql.raw(order)} limit 20000 offset ${offset}`.execute(
        database.db,
      );
      for (const row of page.rows) hash.update(`${JSON.stringify(row)}\n`);
      count += page.rows.length;
      if (page.rows.length < 20_000) break;
    }
    out[table] = `${count}:${hash.digest('hex')}`;
  }
  return out;
}

const DIGEST_ORDER: Record<string, string> = {
  nhis: 'id',
  nhi_observations: 'nhi_id, source',
  nhi_imports: 'id',
  nhi_events: 'id',
  nhi_leaks: 'id',
  nhi_workload_links: 'nhi_id, provider, reference',
  nhi_findings: 'finding_id',
  nhi_import_staging: 'import_id, seq',
  nhi_changes: 'batch_id, seq',
  findings: 'id',
  finding_controls: 'finding_id, control_id',
  evidence: 'id',
  evidence_reviews: 'evidence_id',
  ledger_heads: 'chain',
  activity: 'chain, seq',
};
