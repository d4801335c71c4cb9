// `npm run bench -- large [--db sqlite] [--controls N] [--evidence N]`: the large organization of
// docs/decisions/0016 (10,000 controls with 30,000 evidence requirements, 1,000,000 evidence rows,
// 5,000 people, 100,000 NHIs, then a Type II engagement with 10,000 requests) generated into a fresh store, then
// - the control matrix page (`GET /controls`, 50 a page) from a real `auditready serve` child process:
//   every page walked by cursor, then the first page of a search, one client at a time, so each figure
//   is the server's time plus a loopback round trip; target p99 ≤ 100 ms;
// - readiness of every control against a bare GROUP BY over the same evidence (target ≤ 2×).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { addDays } from '../src/core/dates.js';
import { createApiToken } from '../src/modules/api-tokens/api-token.service.js';
import { createEngagement } from '../src/modules/engagements/engagement.service.js';
import { todayIso } from '../src/platform/clock.js';
import type { Database } from '../src/platform/db/database.js';
import { newId } from '../src/platform/ids.js';
import { generateOrganization } from './generate-organization.js';
import { time } from './measure.js';
import { compare, openBenchStore } from './readiness.js';
import { addRow, ms } from './table.js';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'auditready');
const ACTOR = { type: 'system' as const, id: 'bench', label: 'bench' };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Starts `auditready serve` on a store and resolves its base URL and a stop function. */
async function serve(dataDir: string, databaseUrl: string | undefined) {
  const child = spawn(BIN, ['serve', '--port', '0', '--data', dataDir], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl ?? '',
      AUDITREADY_RATE_LIMIT: '0',
      AUDITREADY_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  child.stdout!.resume();
  return {
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The whole large-organization benchmark on each engine; adds its rows to the table. */
/**
 * A Type II engagement over the year before `today` and `count` requests of it (straight multi-row inserts,
 * like the rest of the fixture): references PBC-00001…, one to three controls each, due over the next ten
 * weeks, assigned round the roster, a fifth already submitted or accepted. Returns the engagement's id.
 */
export async function generateRequests(database: Database, orgId: string, today: string, count: number) {
  const engagement = await createEngagement(database, ACTOR, orgId, {
    type: 'type2',
    windowStart: addDays(today, -364),
    windowEnd: today,
    fieldworkStart: addDays(today, 14),
  });
  const db = database.db;
  const controls = await db
    .selectFrom('controls')
    .select('id')
    .where('org_id', '=', orgId)
    .orderBy('code')
    .execute();
  const people = await db
    .selectFrom('people')
    .select('id')
    .where('org_id', '=', orgId)
    .orderBy('email')
    .execute();
  const now = new Date().toISOString();
  const statuses = [
    'open',
    'open',
    'in-progress',
    'open',
    'submitted',
    'open',
    'in-progress',
    'open',
    'accepted',
    'open',
  ];
  for (let done = 0; done < count; done += 1000) {
    const requests = [];
    const links = [];
    for (let i = done; i < Math.min(count, done + 1000); i++) {
      const id = newId();
      requests.push({
        id,
        org_id: orgId,
        engagement_id: engagement.id,
        reference: `PBC-${String(i + 1).padStart(5, '0')}`,
        text: `Provide the evidence of request ${i + 1} for the sampled period`,
        criteria_text: null,
        population_note: null,
        assignee_id: people[i % people.length]!.id,
        due_on: addDays(today, (i % 70) - 7),
        status: statuses[i % statuses.length]!,
        mapped_by: 'auto',
        list_hash: null,
        list_row: i + 2,
        created_at: now,
        updated_at: now,
      });
      for (let k = 0; k <= i % 3; k++)
        links.push({
          request_id: id,
          control_id: controls[(i * 7 + k * 13) % controls.length]!.id,
          org_id: orgId,
        });
    }
    await db.insertInto('audit_requests').values(requests).execute();
    for (let j = 0; j < links.length; j += 1000)
      await db
        .insertInto('audit_request_controls')
        .values(links.slice(j, j + 1000))
        .execute();
  }
  await sql`${sql.raw(database.dialect === 'postgres' ? 'vacuum analyze' : 'analyze')}`.execute(db);
  return engagement.id;
}

export async function benchLargeOrganization(options: {
  dbs: ('sqlite' | 'postgres')[];
  controls: number;
  evidence: number;
  /** Requests of the Type II engagement measured after the matrix page and readiness without one. */
  requests: number;
}): Promise<void> {
  for (const dialect of options.dbs) {
    const store = await openBenchStore(dialect);
    try {
      const today = todayIso();
      const size = {
        people: 5000,
        controls: options.controls,
        requirementsPerControl: 3,
        evidence: options.evidence,
        nhis: 100_000,
      };
      const generated = await time(() => generateOrganization(store.database, size, today));
      const orgId = generated.value;
      const slug = (
        await store.database.db
          .selectFrom('organizations')
          .select('slug')
          .where('id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).slug;
      console.log(
        `[large/${dialect}] generated ${size.controls.toLocaleString('en-US')} controls, ${size.evidence.toLocaleString('en-US')} evidence rows, ` +
          `${size.people.toLocaleString('en-US')} people, ${size.nhis.toLocaleString('en-US')} NHIs in ${(generated.ms / 1000).toFixed(0)} s`,
      );
      const { secret } = await createApiToken(store.database, ACTOR, orgId, {
        name: 'bench',
        role: 'viewer',
        expiresInDays: 1,
      });
      const server = await serve(store.dataDir, store.databaseUrl);
      try {
        const headers = { authorization: `Bearer ${secret}` };
        const get = async (url: string) => {
          const started = performance.now();
          const res = await fetch(url, { headers });
          const body = (await res.json()) as { nextCursor?: string | null };
          if (!res.ok) throw new Error(`${url} answered ${res.status}`);
          return { ms: performance.now() - started, body };
        };
        const list = `${server.base}/api/v1/orgs/${slug}/controls?limit=50`;
        for (let i = 0; i < 5; i++) await get(list); // warm-up
        const times: number[] = [];
        let cursor: string | null | undefined;
        do {
          const r = await get(cursor ? `${list}&cursor=${encodeURIComponent(cursor)}` : list);
          times.push(r.ms);
          cursor = r.body.nextCursor;
        } while (cursor);
        for (let i = 0; i < 50; i++)
          times.push((await get(`${list}&q=${encodeURIComponent(`Control ${i * 97}`)}`)).ms);
        times.sort((a, b) => a - b);
        const p50 = percentile(times, 50);
        const p99 = percentile(times, 99);
        console.log(
          `[large/${dialect}] control matrix page: ${times.length} requests, p50 ${ms(p50)}, p95 ${ms(percentile(times, 95))}, p99 ${ms(p99)}, max ${ms(times.at(-1)!)}`,
        );
        addRow({
          benchmark: `control matrix page, ${size.controls.toLocaleString('en-US')} controls (${dialect}, ${times.length} pages, p99)`,
          figure: ms(p99),
          baseline: `p50 ${ms(p50)}`,
          ratio: '—',
          target: '≤ 100 ms',
          met: p99 <= 100,
        });
      } finally {
        await server.stop();
      }
      await compare(
        `${dialect}, ${size.controls.toLocaleString('en-US')} controls, ${size.evidence.toLocaleString('en-US')} evidence`,
        store.database,
        orgId,
        today,
      );
      // Then the audit: a Type II engagement over the last year with its request list (each request on one
      // to three controls, due over the next ten weeks, assigned round the roster), and readiness again.
      const audit = await time(() => generateRequests(store.database, orgId, today, options.requests));
      console.log(
        `[large/${dialect}] Type II engagement with ${options.requests.toLocaleString('en-US')} requests created in ${(audit.ms / 1000).toFixed(1)} s`,
      );
      await compare(
        `${dialect}, ${size.controls.toLocaleString('en-US')} controls, ${size.evidence.toLocaleString('en-US')} evidence, Type II, ${options.requests.toLocaleString('en-US')} requests`,
        store.database,
        orgId,
        today,
        audit.value,
      );
    } finally {
      await store.close();
    }
  }
}
