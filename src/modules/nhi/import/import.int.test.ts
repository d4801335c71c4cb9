import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpInventory, importSample, setUpOrganization, T } from '../../../../test/builders/nhi-store.js';
import { createTestStore, type TestStore } from '../../../../test/database.js';
import { NHI_IMPORT_KINDS, type NhiImportKindName } from '../../../importers/nhi/index.js';
import type { EvidenceStores } from '../../evidence/evidence.service.js';
import { findEvidenceFor } from '../../evidence/evidence.service.js';
import { getNhi, listNhiFindings, listNhis } from '../inventory/nhi.service.js';

const KINDS = Object.keys(NHI_IMPORT_KINDS) as NhiImportKindName[];

/** Every sample of ../shared/samples through the service, on SQLite and PostgreSQL alike. */
describe('NHI import of every sample', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store));
  });
  afterAll(() => store.cleanup());

  it('imports every kind, identities before scanner reports', async () => {
    for (const kind of KINDS) {
      const result = await importSample(stores, orgId, kind);
      expect(result.status, kind).toBe('imported');
      expect(result.counts.records, kind).toBeGreaterThan(0);
      expect(result.evidenceIds.length, kind).toBeGreaterThan(0);
      if (NHI_IMPORT_KINDS[kind].yields === 'identities') {
        expect(result.counts.created, kind).toBeGreaterThan(0);
        expect(result.counts.events, kind).toBe(result.counts.created);
      } else {
        expect(result.counts.leaks, kind).toBe(result.counts.records);
      }
    }
    // Staging is a temporary table of the import's own connection: none outlives its import.
    const temporary =
      store.database.dialect === 'postgres'
        ? sql<{ n: number }>`select count(*)::int as n from pg_class where relname = 'nhi_staging_temp'`
        : sql<{
            n: number;
          }>`select count(*) as n from sqlite_temp_master where name like 'nhi_staging_temp%'`;
    expect(Number((await temporary.execute(store.database.db)).rows[0]?.n)).toBe(0);
  });

  it('changes nothing when every sample is imported again', async () => {
    const before = await dumpInventory(store.database);
    for (const kind of KINDS) {
      const again = await importSample(stores, orgId, kind);
      expect(again.status, kind).toBe('unchanged');
    }
    expect(await dumpInventory(store.database)).toEqual(before);
  });

  it('links the trufflehog AWS finding to svc-terraform’s key and the GCP finding to bq-exporter’s key', async () => {
    const leaksOf = async (key: string) => (await getNhi(store.database, orgId, key)).leaks;
    const terraformKey = 'arn:aws:iam::418273645091:user/automation/svc-terraform#access_key_1';
    const aws = (await leaksOf(terraformKey)).filter((l) => l.scanner === 'trufflehog');
    expect(aws.length).toBeGreaterThan(0);
    expect(new Set(aws.map((l) => l.linkVia))).toEqual(new Set(['aws-arn']));
    const keys = await listNhis(store.database, orgId, { kind: 'service-account-key' }, { at: T });
    const bq = keys.filter((k) => k.parentExternalId?.includes('bq-exporter'));
    expect(bq.length).toBeGreaterThan(0);
    const gcpLeaks = (await Promise.all(bq.map((k) => leaksOf(k.id)))).flat();
    expect(gcpLeaks.filter((l) => l.scanner === 'trufflehog').map((l) => l.linkVia)).toEqual([
      'gcp-private-key-id',
    ]);
  });

  it('keeps the original files as accepted evidence on NHI-01-E1 and scanner reports on NHI-11-E2', async () => {
    const inventory = await findEvidenceFor(store.database, orgId, { controlCode: 'NHI-01' });
    expect(inventory.length).toBe(KINDS.length - 2);
    expect(inventory.every((e) => e.reviewState === 'accepted' && e.sourceType === 'system-export')).toBe(
      true,
    );
    const secrets = inventory.find((e) => e.fileName === 'aws_secretsmanager_list_secrets.json');
    expect(secrets?.requirementCode).toBe('NHI-01-E1');
    const scanners = await findEvidenceFor(store.database, orgId, { controlCode: 'NHI-11' });
    expect(scanners.map((e) => e.requirementCode).sort()).toEqual(['NHI-11-E2', 'NHI-11-E2']);
  });

  it('raises the findings the samples document, tagged with OWASP, CIS and SOC 2', async () => {
    const findings = await listNhiFindings(store.database, orgId, { at: T });
    const rulesOf = (name: string) => findings.filter((f) => f.nhi.name === name).map((f) => f.rule);
    expect(rulesOf('svc-terraform')).toContain('nhi-admin-privileges');
    expect(rulesOf('svc-ci-deployer')).toContain('nhi-orphaned');
    const rotation = findings.find((f) => f.rule === 'nhi-rotation-overdue' && f.nhi.provider === 'aws');
    expect(
      rotation?.cis.some((c) => c.benchmark.includes('Amazon Web Services') && c.version === '6.0.0'),
    ).toBe(true);
    expect(rotation?.soc2).toContain('CC6.1');
    expect(rotation?.owasp).toContain('NHI7:2025');
    expect(rotation?.controls).toEqual(['NHI-03']);
  });
});
