import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { addDays } from '../src/core/dates.js';
import type { Actor } from '../src/core/ledger/chain.js';
import { createEngagement } from '../src/modules/engagements/engagement.service.js';
import { getReadiness } from '../src/modules/readiness/readiness.service.js';
import { todayIso } from '../src/platform/clock.js';
import { type Database, openDatabase } from '../src/platform/db/database.js';
import { generateOrganization } from './generate-organization.js';
import { median, time } from './measure.js';
import { addRow, ms } from './table.js';

const BENCH_ACTOR: Actor = { type: 'system', id: 'bench', label: 'bench' };
const ADMIN_URL = process.env.AUDITREADY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A throw-away store on one engine (a database of its own on PostgreSQL). */
export async function openBenchStore(dialect: 'sqlite' | 'postgres') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-bench-'));
  let url: string | undefined;
  const name = `auditready_bench_${Date.now().toString(36)}`;
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const database = await openDatabase({ dataDir: dir, databaseUrl: url });
  return {
    database,
    dataDir: dir,
    databaseUrl: url,
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
      if (url) {
        const admin = new pg.Client({ connectionString: ADMIN_URL });
        await admin.connect();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  };
}

/**
 * The baseline: what a hand-written report over the same table would run, one
 * GROUP BY by requirement with a count and the latest effective date.
 */
async function bareGroupBy(database: Database, orgId: string) {
  return sql`select requirement_id, count(*) as n, max(effective_end) as latest
             from evidence where org_id = ${orgId} group by requirement_id`.execute(database.db);
}

const ROUNDS = 5;

/**
 * Times readiness against the bare GROUP BY, interleaved round by round so
 * that both see the same load on a shared machine, and prints the medians.
 * Every round asks for another date, today or later (the kept facts; a past
 * date reads the history as it stood, docs/decisions/0008, timed apart):
 * results are cached per date and version of the records, so each readiness
 * call computes from the store.
 */
export async function compare(
  label: string,
  database: Database,
  orgId: string,
  today: string,
  engagementId?: string,
) {
  const groupBy: number[] = [];
  const readiness: number[] = [];
  const scope = engagementId ? { engagementId } : {};
  for (let i = 0; i < ROUNDS; i++) {
    groupBy.push((await time(() => bareGroupBy(database, orgId))).ms);
    readiness.push((await time(() => getReadiness(database, orgId, { at: addDays(today, i), ...scope }))).ms);
  }
  // Past dates apart, after: their history reads and large results would weigh on the rounds above.
  const past: number[] = [];
  for (let i = 0; i < 3; i++) {
    past.push(
      (await time(() => getReadiness(database, orgId, { at: addDays(today, -30 - i), ...scope }))).ms,
    );
  }
  const g = median(groupBy);
  const r = median(readiness);
  const p = median(past);
  addRow({
    benchmark: `readiness vs bare GROUP BY (${label})`,
    figure: ms(r),
    baseline: ms(g),
    ratio: `${(r / g).toFixed(2)}×`,
    target: '≤ 2×',
    met: r / g <= 2,
  });
  console.log(
    `[readiness/${label}] bare GROUP BY ${g.toFixed(0)} ms, readiness ${r.toFixed(0)} ms, ratio ${(r / g).toFixed(2)}× (target ≤ 2×) ${r / g <= 2 ? 'OK' : 'MISSED'}; ` +
      `a past date (as it stood, the history) ${p.toFixed(0)} ms, ${(p / g).toFixed(2)}×`,
  );
}

/**
 * Readiness for 1,000 controls, 1,000,000 evidence rows and 500 people,
 * against a bare GROUP BY over the same evidence table, on one engine: first
 * without an engagement (freshness and review state only), then for a Type II
 * engagement whose 12-month window spans the last year of evidence (coverage
 * of every cadence period too). Target: readiness ≤ 2× the bare GROUP BY.
 */
export async function benchReadiness(
  dialect: 'sqlite' | 'postgres',
  evidence: number,
  size: { controls: number; people: number } = { controls: 1000, people: 500 },
): Promise<void> {
  const store = await openBenchStore(dialect);
  try {
    // Today's date: readiness at today and later reads the kept facts (earlier dates read the history).
    const today = todayIso();
    const generated = await time(() =>
      generateOrganization(
        store.database,
        { people: size.people, controls: size.controls, requirementsPerControl: 3, evidence },
        today,
      ),
    );
    const orgId = generated.value;
    console.log(
      `[readiness/${dialect}] generated ${evidence.toLocaleString()} evidence rows in ${(generated.ms / 1000).toFixed(1)} s`,
    );
    await compare(
      `${dialect}, ${size.controls.toLocaleString('en-US')} controls, ${evidence.toLocaleString('en-US')} evidence, no engagement`,
      store.database,
      orgId,
      today,
    );
    // Creating it computes its kept evidence covers once (a write, timed apart from the reads).
    const created = await time(() =>
      createEngagement(store.database, BENCH_ACTOR, orgId, {
        type: 'type2',
        windowStart: addDays(today, -364),
        windowEnd: today,
        fieldworkStart: addDays(today, 14),
      }),
    );
    const engagement = created.value;
    console.log(
      `[readiness/${dialect}] Type II engagement created (its evidence covers kept) in ${(created.ms / 1000).toFixed(1)} s`,
    );
    await compare(
      `${dialect}, ${size.controls.toLocaleString('en-US')} controls, ${evidence.toLocaleString('en-US')} evidence, Type II`,
      store.database,
      orgId,
      today,
      engagement.id,
    );
  } finally {
    await store.close();
  }
}
