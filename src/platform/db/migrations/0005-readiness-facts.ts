import { type Kysely, type Migration, type QueryExecutorProvider, sql } from 'kysely';
import { type CoverageRange, coverageRanges, coverageRangesKey } from '../../../core/evidence-index.js';

/**
 * The evidence facts readiness reads, kept up to date in the transactions
 * that record evidence, reviews and engagements (docs/decisions/0006), so
 * that a result reads a few rows per requirement instead of its whole
 * history: `evidence_latest` holds per requirement and review state the most
 * recent current evidence, `evidence_coverage` per requirement and effective
 * period the earliest collection of current accepted evidence, and
 * `engagement_coverage` per engagement, requirement and cadence period (or
 * Type I fresh span) the earliest accepted cover, with which cadence each
 * requirement's covers were computed for and which dates the engagement had.
 */
export const readinessFacts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('evidence_latest')
      .addColumn('requirement_id', 'text', (c) => c.notNull().references('evidence_requirements.id'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('effective_start', 'text', (c) => c.notNull())
      .addColumn('effective_end', 'text', (c) => c.notNull())
      .addColumn('collected_on', 'text', (c) => c.notNull())
      .addColumn('evidence_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addPrimaryKeyConstraint('evidence_latest_pk', ['requirement_id', 'state'])
      .execute();
    await db.schema.createIndex('evidence_latest_org').on('evidence_latest').columns(['org_id']).execute();

    await db.schema
      .createTable('evidence_coverage')
      .addColumn('requirement_id', 'text', (c) => c.notNull().references('evidence_requirements.id'))
      .addColumn('effective_start', 'text', (c) => c.notNull())
      .addColumn('effective_end', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('collected_on', 'text', (c) => c.notNull())
      .addColumn('evidence_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('evidence_coverage_pk', ['requirement_id', 'effective_start', 'effective_end'])
      .execute();
    // Covering: computing an engagement's covers (or a live read) scans the rows of its span by effective
    // end and never visits the table.
    await db.schema
      .createIndex('evidence_coverage_org_end')
      .on('evidence_coverage')
      .columns([
        'org_id',
        'effective_end',
        'effective_start',
        'requirement_id',
        'collected_on',
        'evidence_id',
      ])
      .execute();

    await db.schema
      .createTable('engagement_coverage')
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .addColumn('requirement_id', 'text', (c) => c.notNull().references('evidence_requirements.id'))
      .addColumn('range_start', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('range_end', 'text', (c) => c.notNull())
      .addColumn('collected_on', 'text', (c) => c.notNull())
      .addColumn('effective_start', 'text', (c) => c.notNull())
      .addColumn('effective_end', 'text', (c) => c.notNull())
      .addColumn('evidence_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('engagement_coverage_pk', ['engagement_id', 'requirement_id', 'range_start'])
      .execute();
    // No foreign key on the requirement: a requirement without evidence can still be deleted.
    await db.schema
      .createTable('engagement_coverage_requirements')
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
      .addColumn('requirement_id', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('cadence', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('engagement_coverage_requirements_pk', ['engagement_id', 'requirement_id'])
      .execute();
    await db.schema
      .createTable('engagement_coverage_state')
      .addColumn('engagement_id', 'text', (c) => c.primaryKey().references('engagements.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('ranges_key', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('engagement_coverage_state_org')
      .on('engagement_coverage_state')
      .columns(['org_id'])
      .execute();

    await backfillReadinessFacts(db);
    await backfillEngagementCoverage(db);
  },
  async down() {
    throw new Error('auditready migrations are forward-only');
  },
};

/**
 * The fact groups of current (not superseded) evidence: one per requirement,
 * review state, effective period and collection day, with the greatest
 * evidence id and rejection reason of the group (what readiness always read).
 */
const FACT_GROUPS = sql`
  select e.org_id, e.requirement_id, coalesce(v.decision, 'submitted') as state,
         e.effective_start, e.effective_end, substr(e.collected_at, 1, 10) as collected_on,
         max(e.id) as evidence_id, max(v.reason) as reason
  from evidence e
  left join evidence_reviews v on v.evidence_id = e.id
  where e.id not in (select s.supersedes_id from evidence s where s.supersedes_id is not null)
  group by e.org_id, e.requirement_id, v.decision, e.effective_start, e.effective_end,
           substr(e.collected_at, 1, 10)`;

/**
 * Fills both tables from the evidence already stored, from scratch: the
 * migration's backfill, and what a bulk loader that writes evidence rows
 * directly (the benchmark's generator) runs afterwards.
 */
export async function backfillReadinessFacts(db: QueryExecutorProvider): Promise<void> {
  await sql`delete from evidence_latest`.execute(db);
  await sql`delete from evidence_coverage`.execute(db);
  await sql`
    insert into evidence_latest
      (requirement_id, state, org_id, effective_start, effective_end, collected_on, evidence_id, reason)
    select requirement_id, state, org_id, effective_start, effective_end, collected_on, evidence_id, reason
    from (
      select f.*, row_number() over (
        partition by f.requirement_id, f.state
        order by f.effective_end desc, f.collected_on desc, f.effective_start desc
      ) as rn
      from (${FACT_GROUPS}) f
    ) ranked
    where rn = 1`.execute(db);
  await sql`
    insert into evidence_coverage
      (requirement_id, effective_start, effective_end, org_id, collected_on, evidence_id)
    select requirement_id, effective_start, effective_end, org_id, collected_on, evidence_id
    from (
      select f.*, row_number() over (
        partition by f.requirement_id, f.effective_start, f.effective_end
        order by f.collected_on
      ) as rn
      from (${FACT_GROUPS}) f
      where f.state = 'accepted'
    ) ranked
    where rn = 1`.execute(db);
}

type EngagementRow = {
  id: string;
  org_id: string;
  type: string;
  audit_date: string | null;
  window_start: string | null;
  window_end: string | null;
  fieldwork_start: string;
};

/**
 * Fills the kept covers of the engagements already stored: per engagement
 * and range of its `coverageRanges`, the earliest accepted cover of each
 * requirement of the range's cadence, one grouped query per range. (The
 * repository computes the same in one scan per engagement; this is the
 * one-off, self-contained version, and keeps the same cover when several
 * tie.) From scratch, like `backfillReadinessFacts`. An engagement whose
 * dates the rules refuse is left out: readiness computes it live, as for any
 * engagement without kept covers.
 */
export async function backfillEngagementCoverage(db: QueryExecutorProvider): Promise<void> {
  await sql`delete from engagement_coverage`.execute(db);
  await sql`delete from engagement_coverage_requirements`.execute(db);
  await sql`delete from engagement_coverage_state`.execute(db);
  const { rows: engagements } = await sql<EngagementRow>`
    select id, org_id, type, audit_date, window_start, window_end, fieldwork_start from engagements`.execute(
    db,
  );
  for (const e of engagements) {
    let ranges: CoverageRange[];
    try {
      ranges = coverageRanges({
        id: e.id,
        type: e.type as 'type1' | 'type2',
        auditDate: e.audit_date,
        windowStart: e.window_start,
        windowEnd: e.window_end,
        fieldworkStart: e.fieldwork_start,
        categories: [],
      });
    } catch {
      continue;
    }
    for (const range of ranges) {
      const overlaps = range.cadence === 'once' ? sql`` : sql`and c.effective_end >= ${range.start}`;
      await sql`
        insert into engagement_coverage
          (engagement_id, requirement_id, range_start, org_id, range_end,
           collected_on, effective_start, effective_end, evidence_id)
        select ${e.id}, requirement_id, ${range.start}, ${e.org_id}, ${range.end},
               collected_on, effective_start, effective_end, evidence_id
        from (
          select c.*, row_number() over (
            partition by c.requirement_id
            order by c.collected_on, c.effective_start, c.effective_end, c.evidence_id
          ) as rn
          from evidence_coverage c
          join evidence_requirements r on r.id = c.requirement_id
          where r.org_id = ${e.org_id} and r.cadence = ${range.cadence}
            and c.effective_start <= ${range.end} ${overlaps}
        ) first_cover
        where rn = 1`.execute(db);
    }
    await sql`
      insert into engagement_coverage_requirements (engagement_id, requirement_id, org_id, cadence)
      select ${e.id}, id, org_id, cadence from evidence_requirements where org_id = ${e.org_id}`.execute(db);
    await sql`
      insert into engagement_coverage_state (engagement_id, org_id, ranges_key)
      values (${e.id}, ${e.org_id}, ${coverageRangesKey(ranges)})`.execute(db);
  }
}
