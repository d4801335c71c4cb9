import { sql } from 'kysely';
import { FRAMEWORK_CATALOGS } from '../src/catalogs/frameworks/index.js';
import type { Actor } from '../src/core/ledger/chain.js';
import { CADENCES } from '../src/core/vocabulary.js';
import { SeededRandom } from '../src/modules/demo/random.js';
import { ensureCatalogs } from '../src/modules/frameworks/framework.service.js';
import { createOrganization } from '../src/modules/organizations/organization.service.js';
import type { Database } from '../src/platform/db/database.js';
import { backfillReadinessFacts } from '../src/platform/db/migrations/0005-readiness-facts.js';
import { newId } from '../src/platform/ids.js';

/** The size of a generated organization. */
export interface OrgSize {
  people: number;
  controls: number;
  requirementsPerControl: number;
  evidence: number;
  /** Non-human identities (AWS access keys owned by people of the roster); none when absent. */
  nhis?: number;
}

const BENCH_ACTOR: Actor = { type: 'system', id: 'bench', label: 'bench' };

/**
 * Fills a store with a large organization straight through multi-row inserts
 * (a benchmark fixture: it skips the ledger and the per-write upkeep of the
 * readiness facts on purpose, so that the figures measure reading, not how
 * long the fixture took to write), then backfills the readiness facts.
 */
export async function generateOrganization(
  database: Database,
  size: OrgSize,
  today: string,
): Promise<string> {
  await ensureCatalogs(database, BENCH_ACTOR);
  const org = await createOrganization(database, BENCH_ACTOR, `Bench ${Date.now()}`);
  const rng = new SeededRandom(42);
  const now = new Date().toISOString();
  const soc2 = FRAMEWORK_CATALOGS.find((f) => f.id === 'soc2')!.criteria.filter((c) =>
    /^(CC|A1|C1)/.test(c.code),
  );
  const db = database.db;
  const insert = async (
    table:
      | 'people'
      | 'controls'
      | 'control_mappings'
      | 'evidence_requirements'
      | 'evidence'
      | 'evidence_reviews'
      | 'nhis',
    rows: object[],
  ) => {
    // Bounded by the engine's bind parameters per statement too (SQLite 32,766; PostgreSQL 65,535).
    const columns = Object.keys(rows[0] ?? { id: 1 }).length;
    const batch = Math.min(
      database.dialect === 'sqlite' ? 1500 : 2000,
      Math.floor((database.dialect === 'sqlite' ? 32_000 : 65_000) / columns),
    );
    for (let i = 0; i < rows.length; i += batch) {
      // Rows are built to each table's shape just above; the union of tables defeats inference.
      await db
        .insertInto(table)
        .values(rows.slice(i, i + batch) as never)
        .execute();
    }
  };
  const people = Array.from({ length: size.people }, (_, i) => ({
    id: newId(),
    org_id: org.id,
    email: `person${i}@bench.example`,
    name: `Person ${i}`,
    team: `Team ${i % 20}`,
    manager_email: null,
    status: i % 50 === 49 ? 'departed' : 'active',
    departed_on: i % 50 === 49 ? '2026-01-01' : null,
    created_at: now,
    updated_at: now,
  }));
  await insert('people', people);
  const controls = Array.from({ length: size.controls }, (_, i) => ({
    id: newId(),
    org_id: org.id,
    code: `BX-${String(i).padStart(4, '0')}`,
    title: `Control ${i}`,
    description: '',
    owner_id: people[i % people.length]!.id,
    backup_owner_id: null,
    source_of_truth: 'System',
    cadence: 'quarterly',
    status: 'implemented',
    na_justification: null,
    suggested_owner_role: null,
    created_at: now,
    updated_at: now,
  }));
  await insert('controls', controls);
  await insert(
    'control_mappings',
    controls
      .flatMap((c, i) =>
        [0, 1].map((k) => ({
          org_id: org.id,
          control_id: c.id,
          framework_id: 'soc2',
          criterion_code: soc2[(i + k * 7) % soc2.length]!.code,
        })),
      )
      .filter(
        (m, i, all) =>
          all.findIndex((x) => x.control_id === m.control_id && x.criterion_code === m.criterion_code) === i,
      ),
  );
  const periodic = CADENCES.filter((c) => c !== 'once');
  const requirements = controls.flatMap((c, i) =>
    Array.from({ length: size.requirementsPerControl }, (_, k) => ({
      id: newId(),
      org_id: org.id,
      control_id: c.id,
      code: `${c.code}-E${k + 1}`,
      artifact: 'Export',
      cadence: periodic[(i + k) % periodic.length]!,
      source_type: 'system-export',
      collection: 'import',
      created_at: now,
      updated_at: now,
    })),
  );
  await insert('evidence_requirements', requirements);
  const base = Date.parse(`${today}T00:00:00Z`);
  for (let done = 0; done < size.evidence; done += 50_000) {
    const evidence = [];
    const reviews = [];
    for (let i = done; i < Math.min(size.evidence, done + 50_000); i++) {
      const r = requirements[i % requirements.length]!;
      const day = new Date(base - rng.int(0, 720) * 86_400_000).toISOString().slice(0, 10);
      const id = newId();
      evidence.push({
        id,
        org_id: org.id,
        control_id: r.control_id,
        requirement_id: r.id,
        kind: 'link',
        sha256: null,
        size: null,
        file_name: null,
        media_type: null,
        url: `https://evidence.example/${i}`,
        description: null,
        effective_start: day,
        effective_end: day,
        collected_at: `${day}T12:00:00.000Z`,
        source_type: 'system-export',
        collector_type: 'system',
        collector_id: 'bench',
        collector_label: 'bench',
        supersedes_id: null,
      });
      if (i % 20 !== 0) {
        reviews.push({
          evidence_id: id,
          org_id: org.id,
          decision: i % 97 === 0 ? 'rejected' : 'accepted',
          reason: null,
          reviewer_type: 'system',
          reviewer_id: 'bench',
          reviewer_label: 'bench',
          reviewed_at: `${day}T13:00:00.000Z`,
        });
      }
    }
    await insert('evidence', evidence);
    await insert('evidence_reviews', reviews);
  }
  for (let done = 0; done < (size.nhis ?? 0); done += 50_000) {
    const nhis = [];
    for (let i = done; i < Math.min(size.nhis!, done + 50_000); i++) {
      const user = `svc-${Math.floor(i / 2)}`;
      nhis.push({
        id: newId(),
        org_id: org.id,
        provider: 'aws',
        external_id: `access-key/${user}/${i % 2}`,
        kind: 'access-key',
        name: `${user} key ${(i % 2) + 1}`,
        parent_external_id: `user/${user}`,
        family: `aws:user/${user}`,
        owner_person_id: i % 10 === 0 ? null : people[i % people.length]!.id,
        owner_source: i % 10 === 0 ? null : 'manual',
        owner_hint: null,
        owner_hint_source: null,
        purpose: null,
        environment: i % 3 === 0 ? 'production' : 'staging',
        privilege_summary: null,
        privileged: i % 7 === 0 ? 1 : 0,
        auth_method: 'static-key',
        provider_created_at: '2025-06-01T00:00:00Z',
        last_used_at: new Date(base - rng.int(0, 200) * 86_400_000).toISOString(),
        last_rotated_at: new Date(base - rng.int(0, 400) * 86_400_000).toISOString(),
        expires_at: null,
        rotation_policy_days: 90,
        status: 'active',
        first_seen_import_id: null,
        last_seen_import_id: null,
        attributes: '{}',
        created_at: now,
        updated_at: now,
      });
    }
    await insert('nhis', nhis);
  }
  // The rows went in around the repository, so the kept readiness facts are filled the way the migration does.
  await backfillReadinessFacts(db);
  // PostgreSQL: VACUUM also sets the visibility map, so index-only scans skip the heap as on a settled table.
  await sql`${sql.raw(database.dialect === 'postgres' ? 'vacuum analyze' : 'analyze')}`.execute(db);
  return org.id;
}
