import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { generateGithubChanges } from '../../importers/changes/generator.js';
import { generateJiraExport } from '../../importers/tickets/generator.js';
import type { Database } from '../../platform/db/database.js';
import { importChanges } from '../changes/changes.import.js';
import { listChanges } from '../changes/changes.service.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { importTickets } from './tickets.import.js';
import { listTicketPopulation } from './tickets.populations.js';
import { getTicket, listTickets } from './tickets.service.js';

const T = '2026-12-01';
const REPO = 'example-org/checkout-service';
const LINEAR = path.join(
  import.meta.dirname,
  '..',
  '..',
  'importers',
  'tickets',
  'fixtures',
  'linear',
  'issues.json',
);
const TABLES = ['ticket_projects', 'ticket_imports', 'tickets', 'evidence', 'evidence_reviews'];

async function dump(database: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  const activity = await sql<{ n: number | string }>`select count(*) as n from activity`.execute(database.db);
  out.activity = [Number(activity.rows[0]?.n)];
  return out;
}

function writeDir(prefix: string, files: Map<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [name, content] of files) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('ticket import of a generated Jira export (500 issues over 5 pages)', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;
  const jira = generateJiraExport({
    seed: 7,
    issues: 500,
    pages: 5,
    start: '2026-07-01',
    repository: REPO,
    firstPull: 1000,
    violations: true,
  });
  const jiraDir = writeDir('tickets-jira-', jira.files);

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store, { roster: false }));
    const github = generateGithubChanges({
      seed: 7,
      repository: REPO,
      pulls: 200,
      deployments: 40,
      start: '2026-07-01',
      violations: true,
    });
    await importChanges(stores, TEST_ACTOR, orgId, {
      location: writeDir('tickets-gh-', github.files),
      at: T,
    });
  });
  afterAll(() => store.cleanup());

  it('a corrupted issue aborts with its file, line and JSON path and leaves everything as before', async () => {
    const page = JSON.parse(jira.files.get('page-3.json')!);
    page.issues[17].fields.created = 'last Tuesday';
    const bad = writeDir(
      'tickets-bad-',
      new Map([...jira.files, ['page-3.json', JSON.stringify(page, null, 2)]]),
    );
    const before = await dump(store.database);
    const failure = importTickets(stores, TEST_ACTOR, orgId, { location: bad, at: T });
    await expect(failure).rejects.toMatchObject({
      code: 'import_failed',
      details: { file: 'page-3.json', path: '$.issues[17].fields.created' },
    });
    await expect(failure).rejects.toThrow(
      /page-3\.json, line \d+, at \$\.issues\[17\]\.fields\.created: expected a timestamp/,
    );
    expect(await dump(store.database)).toEqual(before);
  });

  it('a missing page aborts: the search found more issues than the pages hold', async () => {
    const partial = writeDir(
      'tickets-partial-',
      new Map([...jira.files].filter(([name]) => name !== 'page-4.json')),
    );
    await expect(
      importTickets(stores, TEST_ACTOR, orgId, { location: partial, at: T }),
    ).rejects.toMatchObject({
      code: 'import_failed',
      details: { path: '$.total' },
    });
  });

  it('imports every ticket with its transitions and approval, linked to the pull requests it names', async () => {
    const result = await importTickets(stores, TEST_ACTOR, orgId, { location: jiraDir, at: T });
    expect(result.status).toBe('imported');
    expect(result.source).toBe('jira');
    expect(result.counts).toMatchObject({
      files: 5,
      issues: 500,
      created: 500,
      updated: 0,
      selfApproved: 1,
      unapproved: 1,
      approved: 473,
      notRequired: 25,
      pullLinks: 450,
    });
    // The GitHub export holds the merged pull requests #1000 … ; each one a ticket names is linked.
    const merged = new Set((await listChanges(store.database, orgId)).map((c) => c.label));
    const named = [...jira.planted.pullOf.values()];
    expect(result.counts.linkedChanges).toBe(named.filter((p) => merged.has(p)).length);
    expect(result.counts.linkedChanges).toBeGreaterThan(150);

    const first = await getTicket(store.database, orgId, 'PAY-1');
    expect(first.pulls).toEqual([
      { pull: `${REPO}#1000`, changeId: expect.any(String), approval: 'approved' },
    ]);
    expect(first.transitions.map((t) => t.to)).toEqual(['In Progress', 'In Review', 'Approved', 'Done']);
    expect(first.approval).toBe('approved');
    expect(first.approvedBy).not.toBe(first.reporter?.name);
    expect(first.url).toBe('https://example.atlassian.net/browse/PAY-1');
    const self = await getTicket(store.database, orgId, jira.planted.selfApproved!);
    expect(self).toMatchObject({ approval: 'self-approved', approvedBy: self.reporter?.name });
    expect((await getTicket(store.database, orgId, jira.planted.unapproved!.toLowerCase())).approval).toBe(
      'unapproved',
    );
    const unlinked = await getTicket(store.database, orgId, 'PAY-450');
    expect(unlinked.pulls).toEqual([{ pull: `${REPO}#1449`, changeId: null, approval: null }]);

    const incidents = await listTickets(store.database, orgId, { type: 'Incident' });
    expect(incidents.map((t) => t.key).sort()).toEqual([...jira.planted.incidents].sort());
    expect(
      incidents.every((t) => t.requirementCodes.join() === 'IR-02-E2' && t.approval === 'not-required'),
    ).toBe(true);
    const access = await listTickets(store.database, orgId, { project: 'it' });
    expect(access).toHaveLength(jira.planted.accessRequests.length);
    expect(access.every((t) => t.type === 'Access Request' && t.requirementCodes.join() === 'AC-04-E2')).toBe(
      true,
    );
    const bugs = await listTickets(store.database, orgId, { type: 'Bug' });
    expect(bugs.some((t) => t.incidentKeys.length > 0)).toBe(true);

    // One system-generated ticket history per requirement, accepted by the import.
    expect(result.evidenceIds).toHaveLength(3);
    const evidence = await store.database.db
      .selectFrom('evidence')
      .select(['id', 'source_type'])
      .where('id', 'in', result.evidenceIds)
      .execute();
    expect(evidence.map((e) => e.source_type)).toEqual([
      'ticket-history',
      'ticket-history',
      'ticket-history',
    ]);
  });

  it('the same export again changes nothing', async () => {
    const before = await dump(store.database);
    const again = await importTickets(stores, TEST_ACTOR, orgId, { location: jiraDir, at: T });
    expect(again.status).toBe('unchanged');
    expect(await dump(store.database)).toEqual(before);
  });

  it('the tickets are a population for sampling, in the stable order', async () => {
    const all = await listTicketPopulation(store.database, orgId, { start: '2026-01-01', end: '2027-12-31' });
    expect(all).toHaveLength(500);
    const july = await listTicketPopulation(store.database, orgId, {
      start: '2026-07-01',
      end: '2026-07-31',
    });
    expect(july.length).toBeGreaterThan(0);
    expect(july.length).toBeLessThan(500);
    expect(july.every((r) => r.date.startsWith('2026-07'))).toBe(true);
    expect([...july].sort((a, b) => (a.date + a.id < b.date + b.id ? -1 : 1))).toEqual(july);
    expect(july[0]!.label).toMatch(/^[A-Z]+-\d+ \[/);
  });

  it('a newer export updates only the tickets that changed; a project map moves the approved states', async () => {
    const page = JSON.parse(jira.files.get('page-1.json')!);
    page.issues[0].fields.status.name = 'Reopened';
    const newer = writeDir('tickets-newer-', new Map([...jira.files, ['page-1.json', JSON.stringify(page)]]));
    const result = await importTickets(stores, TEST_ACTOR, orgId, { location: newer, at: T });
    expect(result.counts).toMatchObject({ created: 0, updated: 1, unchanged: 499 });
    expect((await getTicket(store.database, orgId, 'PAY-1')).status).toBe('Reopened');

    const strict = await importTickets(stores, TEST_ACTOR, orgId, {
      location: newer,
      at: T,
      input: { projectMap: { PAY: { approvedStates: ['Released'] } } },
    });
    expect(strict.status).toBe('imported');
    expect((await getTicket(store.database, orgId, 'PAY-1')).approval).toBe('unapproved');
    // The setting is stored with the project: the next import without a map keeps it.
    const kept = await importTickets(stores, TEST_ACTOR, orgId, { location: jiraDir, at: T });
    expect(kept.counts.updated).toBe(1);
    expect((await getTicket(store.database, orgId, 'PAY-2')).approval).toBe('unapproved');
  });
});

describe('ticket import of a hand-made Linear export', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store, { roster: false }));
  });
  afterAll(() => store.cleanup());

  it('reads issues, state transitions, approvals, pull requests and incidents; labels give the type', async () => {
    const result = await importTickets(stores, TEST_ACTOR, orgId, { location: LINEAR, at: T });
    expect(result).toMatchObject({ status: 'imported', source: 'linear' });
    expect(result.counts).toMatchObject({
      issues: 3,
      transitions: 6,
      approved: 1,
      selfApproved: 1,
      unapproved: 1,
    });
    const eng101 = await getTicket(store.database, orgId, 'ENG-101');
    expect(eng101).toMatchObject({
      type: 'Feature',
      status: 'Done',
      approval: 'approved',
      approvedBy: 'Bo Ito',
      approvedAt: '2026-10-03T14:30:00.000Z',
      reporter: { id: 'u-ana', name: 'Ana Reyes' },
      incidentKeys: ['INC-7'],
      requirementCodes: ['CM-04-E2'],
      pulls: [{ pull: 'example-org/payments-api#412', changeId: null, approval: null }],
    });
    expect(eng101.transitions.map((t) => `${t.from ?? '∅'}→${t.to} ${t.by?.name}`)).toEqual([
      '∅→Todo Ana Reyes',
      'Todo→In Review Ana Reyes',
      'In Review→Approved Bo Ito',
      'Approved→Done Ana Reyes',
    ]);
    expect(await getTicket(store.database, orgId, 'ENG-102')).toMatchObject({
      type: 'Bug',
      approval: 'self-approved',
      pulls: [{ pull: 'example-org/payments-api#415', changeId: null, approval: null }],
    });
    expect(await getTicket(store.database, orgId, 'OPS-9')).toMatchObject({
      type: 'Access Request',
      approval: 'unapproved',
      requirementCodes: ['AC-04-E2'],
    });
    expect(result.evidenceIds).toHaveLength(2);
    expect((await importTickets(stores, TEST_ACTOR, orgId, { location: LINEAR, at: T })).status).toBe(
      'unchanged',
    );
  });

  it('a Jira page given as Linear is refused at the root', async () => {
    await expect(
      importTickets(stores, TEST_ACTOR, orgId, { location: LINEAR, at: T, input: { source: 'jira' } }),
    ).rejects.toMatchObject({ code: 'import_failed', details: { path: '$' } });
  });
});
