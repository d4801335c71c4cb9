import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { buildOrg, buildToken, createHarness, type Harness, withToken } from '../../../test/factories.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { migrateToLatest } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { installStarterLibrary } from '../controls/control.service.js';
import { buildDemo } from '../demo/build-demo.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { ensureCatalogs } from '../frameworks/framework.service.js';
import { verifyStore } from '../integrity/verify.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { insertFindings, listFindings } from './finding.repository.js';
import type { StoredFinding } from './finding.schema.js';
import { addFinding } from './finding.service.js';

const TODAY = '2026-11-29';

/** A finding's links in a fixed order (link rows come back in the engine's order, the map's in its own). */
const normalized = (findings: StoredFinding[]) =>
  findings.map((f) => ({
    ...f,
    controls: [...f.controls].sort((a, b) => a.code.localeCompare(b.code)),
    criteria: [...f.criteria].sort((a, b) =>
      `${a.frameworkId} ${a.code}`.localeCompare(`${b.frameworkId} ${b.code}`),
    ),
  }));

/**
 * Issue 20 item 2 (docs/decisions/0036): rule findings link to controls and
 * criteria through their rule key and the rule link map, and migration 0029
 * moves a store written before onto it: same findings, same links, same
 * readiness, link rows gone, and `verify` still passes.
 */
describe('rule findings linked through the rule link map', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;
  const db = () => store.database.db;
  const count = async (table: string, ruleFindings: boolean) =>
    Number(
      (
        await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} l
          join findings f on f.id = l.finding_id
          where f.org_id = ${orgId} and f.source ${ruleFindings ? sql`like` : sql`not like`} ${'%rule%'}`.execute(
          db(),
        )
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    store = await createTestStore();
    stores = { database: store.database, blobs: blobStoreFor(store.dataDir) };
    orgId = (await buildDemo(stores, TEST_ACTOR, { seed: 7, today: TODAY })).organization.id;
  });
  afterAll(() => store.cleanup());

  it('writes rule findings of every family with a rule key and no link rows; manual ones keep theirs', async () => {
    const keys = (
      await db()
        .selectFrom('findings')
        .select(['rule_key', 'source'])
        .where('org_id', '=', orgId)
        .where('rule_key', 'is not', null)
        .execute()
    ).map((r) => r.rule_key!);
    const families = new Set(keys.map((k) => k.split('/')[0]));
    expect([...families].sort()).toEqual(['access-review', 'change', 'incident', 'nhi', 'policy', 'vendor']);
    expect(await count('finding_controls', true)).toBe(0);
    expect(await count('finding_criteria', true)).toBe(0);
    expect(await count('finding_controls', false)).toBeGreaterThan(0);

    const findings = await listFindings(db(), orgId);
    const orphaned = findings.find((f) => f.source === 'rule:nhi-orphaned')!;
    expect(orphaned.controls.map((c) => c.code)).toEqual(['NHI-02', 'NHI-04']);
    expect(orphaned.criteria).toEqual([
      { frameworkId: 'soc2', code: 'CC6.2' },
      { frameworkId: 'soc2', code: 'CC6.3' },
      { frameworkId: 'owasp-nhi', code: 'NHI1:2025' },
    ]);
    // The control filter finds rule findings through the map and manual ones through their rows.
    const onNhi02 = await listFindings(db(), orgId, { controlCode: 'NHI-02' });
    expect(onNhi02.length).toBeGreaterThan(0);
    expect(onNhi02.map((f) => f.id)).toEqual(
      findings.filter((f) => f.controls.some((c) => c.code === 'NHI-02')).map((f) => f.id),
    );
    expect(onNhi02.every((f) => f.controls.some((c) => c.code === 'NHI-02'))).toBe(true);
  });

  it('moves a store shaped as before migration 0029 onto the map: same findings and readiness, verify passes', async () => {
    const before = await listFindings(db(), orgId);
    const onCm02Before = (await listFindings(db(), orgId, { controlCode: 'CM-02' })).map((f) => f.id);
    expect(onCm02Before.length).toBeGreaterThan(0);
    expect((await verifyStore(stores, { orgId })).ok).toBe(true);

    // The shape of a store written before: every rule finding with its link rows, no rule key, 0029 not applied.
    const keyed = new Set(
      (
        await db()
          .selectFrom('findings')
          .select('id')
          .where('org_id', '=', orgId)
          .where('rule_key', 'is not', null)
          .execute()
      ).map((r) => r.id),
    );
    const ruleFindings = before.filter((f) => keyed.has(f.id));
    // One NHI finding opened while its organization lacked one of the rule's controls: its rows differ from the map.
    const partial = ruleFindings.find((f) => f.source === 'rule:nhi-orphaned' && f.controls.length === 2)!;
    const partialControls = partial.controls.filter((c) => c.code === 'NHI-02');
    await db()
      .insertInto('finding_controls')
      .values(
        ruleFindings.flatMap((f) =>
          (f.id === partial.id ? partialControls : f.controls).map((c) => ({
            finding_id: f.id,
            org_id: orgId,
            control_id: c.id,
          })),
        ),
      )
      .execute();
    const criteria = ruleFindings.flatMap((f) =>
      f.criteria.map((c) => ({
        finding_id: f.id,
        org_id: orgId,
        framework_id: c.frameworkId,
        criterion_code: c.code,
      })),
    );
    for (let i = 0; i < criteria.length; i += 500)
      await db()
        .insertInto('finding_criteria')
        .values(criteria.slice(i, i + 500))
        .execute();
    await sql`alter table findings drop column rule_key`.execute(db());
    // 0029 and the migrations after it not applied yet (Kysely applies them in order; the later ones are
    // idempotent, e.g. 0030's unlogged staging table).
    await sql`delete from kysely_migration where name >= ${'0029'}`.execute(db());
    const old = await listFindings(db(), orgId);
    expect(normalized(old.filter((f) => f.id !== partial.id))).toEqual(
      normalized(before.filter((f) => f.id !== partial.id)),
    );
    expect(old.find((f) => f.id === partial.id)!.controls.map((c) => c.code)).toEqual(['NHI-02']);
    expect((await verifyStore(stores, { orgId })).ok).toBe(true);
    const readinessOld = await getReadiness(store.database, orgId, { at: TODAY });

    await migrateToLatest(store.database);

    const after = await listFindings(db(), orgId);
    expect(normalized(after)).toEqual(normalized(old));
    expect((await listFindings(db(), orgId, { controlCode: 'CM-02' })).map((f) => f.id)).toEqual(
      onCm02Before,
    );
    const moved = await db()
      .selectFrom('findings')
      .select(['id', 'rule_key'])
      .where('org_id', '=', orgId)
      .where('rule_key', 'is not', null)
      .execute();
    expect(new Set(moved.map((r) => r.id))).toEqual(new Set([...keyed].filter((id) => id !== partial.id)));
    // Only the finding the map does not reproduce keeps rows (its one control, its criteria).
    expect(await count('finding_controls', true)).toBe(1);
    expect(await count('finding_criteria', true)).toBe(partial.criteria.length);
    expect((await getReadiness(store.database, orgId, { at: TODAY })).controls).toEqual(
      readinessOld.controls,
    );

    const verified = await verifyStore(stores, { orgId });
    expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verified.ok).toBe(true);
  });
});

/** The findings list's control and criterion filters read rule findings through the map, manual ones through their rows. */
describe('GET /orgs/:org/findings?control=&criterion=', () => {
  let h: Harness;
  let slug: string;
  let lead: Record<string, string>;
  let manual: string;
  let other: string;
  let rule: string;

  beforeAll(async () => {
    h = await createHarness();
    await ensureCatalogs(h.store.database, TEST_ACTOR);
    const org = await buildOrg(h, 'Rule Links Org');
    slug = org.slug;
    await write(h.store.database, { actor: TEST_ACTOR, orgId: org.id }, (w) =>
      installStarterLibrary(w, org.id),
    );
    lead = withToken(await buildToken(h, org.id, 'compliance-lead'));
    const add = (title: string, input: Record<string, unknown>) =>
      addFinding(h.store.database, TEST_ACTOR, org.id, {
        title,
        severity: 'high',
        openedOn: '2026-11-01',
        ...input,
      });
    manual = (
      await add('Key of a departed engineer', {
        controlCodes: ['NHI-04'],
        criteria: [{ frameworkId: 'soc2', code: 'CC6.2' }],
      })
    ).id;
    other = (await add('Policy text unclear', { controlCodes: ['GOV-07'] })).id;
    rule = newId();
    await write(h.store.database, { actor: TEST_ACTOR, orgId: org.id }, (w) =>
      insertFindings(w.tx, [
        {
          row: {
            id: rule,
            org_id: org.id,
            title: 'Identity has no owner: svc-ci',
            description: null,
            severity: 'high',
            source: 'rule:nhi-orphaned',
            owner_id: null,
            due_on: null,
            opened_on: '2026-11-01',
            resolved_on: null,
            resolution: null,
            created_at: '2026-11-01T00:00:00.000Z',
            updated_at: '2026-11-01T00:00:00.000Z',
          },
          ruleKey: 'nhi/nhi-orphaned',
          controlIds: [],
          criteria: [],
        },
      ]),
    );
  });
  afterAll(() => h.close());

  const list = async (query: string) => {
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/findings${query}`,
      headers: lead,
    });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { items: StoredFinding[] }).items;
  };
  const ids = async (query: string) => (await list(query)).map((f) => f.id).sort();

  it('shows a rule finding with the map’s controls and criteria and no link rows of its own', async () => {
    const found = (await list('')).find((f) => f.id === rule)!;
    expect(found.controls.map((c) => c.code)).toEqual(['NHI-02', 'NHI-04']);
    expect(found.criteria.map((c) => `${c.frameworkId}:${c.code}`)).toEqual([
      'soc2:CC6.2',
      'soc2:CC6.3',
      'owasp-nhi:NHI1:2025',
    ]);
    const rows = await h.store.database.db
      .selectFrom('finding_controls')
      .select('finding_id')
      .where('finding_id', '=', rule)
      .execute();
    expect(rows).toEqual([]);
  });

  it('filters by control and by criterion through both', async () => {
    expect(await ids('?control=NHI-04')).toEqual([manual, rule].sort());
    expect(await ids('?control=NHI-02')).toEqual([rule]);
    expect(await ids('?control=GOV-07')).toEqual([other]);
    expect(await ids('?criterion=soc2:CC6.2')).toEqual([manual, rule].sort());
    expect(await ids('?criterion=owasp-nhi:NHI1:2025')).toEqual([rule]);
    expect(await ids('?criterion=soc2:CC9.9')).toEqual([]);
    expect(await ids('?control=NHI-02&criterion=soc2:CC6.3')).toEqual([rule]);
    expect(await ids('?control=GOV-07&criterion=soc2:CC6.2')).toEqual([]);
    // Filtered, a manual finding still shows all its links.
    expect(
      (await list('?criterion=soc2:CC6.2')).find((f) => f.id === manual)!.controls.map((c) => c.code),
    ).toEqual(['NHI-04']);
  });

  it('finds no rule finding on a control the organization does not have', async () => {
    const orgId = (
      await h.store.database.db
        .selectFrom('organizations')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
    ).id;
    const vendorRule = newId();
    await write(h.store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      insertFindings(w.tx, [
        {
          row: {
            id: vendorRule,
            org_id: orgId,
            title: 'CUEC 3 of Acme Mail is not mapped to any control',
            description: null,
            severity: 'medium',
            source: 'vendor-rule:cuec-unmapped',
            owner_id: null,
            due_on: null,
            opened_on: '2026-11-01',
            resolved_on: null,
            resolution: null,
            created_at: '2026-11-01T00:00:00.000Z',
            updated_at: '2026-11-01T00:00:00.000Z',
          },
          ruleKey: 'vendor/cuec-unmapped',
          controlIds: [],
          criteria: [],
        },
      ]),
    );
    expect(await ids('?control=VM-06')).toEqual([vendorRule]);
    await h.store.database.db
      .updateTable('controls')
      .set({ code: 'VM-06-OLD' })
      .where('org_id', '=', orgId)
      .where('code', '=', 'VM-06')
      .execute();
    expect(await ids('?control=VM-06')).toEqual([]);
    expect((await list('')).find((f) => f.id === vendorRule)!.controls).toEqual([]);
  });

  it('refuses a criterion that is not framework:code', async () => {
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/findings?criterion=CC6.2`,
      headers: lead,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/framework:code/);
  });
});
