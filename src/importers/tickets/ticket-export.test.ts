import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { projectSettings } from '../../core/tickets/rules.js';
import { generateJiraExport } from './generator.js';
import { TicketExportReader } from './ticket-export.js';

const LINEAR = readFileSync(path.join(import.meta.dirname, 'fixtures', 'linear', 'issues.json'), 'utf8');
const reader = () => new TicketExportReader(() => projectSettings());
const page = (value: unknown) => Readable.from([Buffer.from(JSON.stringify(value, null, 2))]);
const jira = generateJiraExport({
  seed: 3,
  issues: 30,
  pages: 3,
  start: '2026-07-01',
  repository: 'acme/api',
  firstPull: 1,
  violations: false,
});
const jiraPage = (n: number) => JSON.parse(jira.files.get(`page-${n}.json`)!);

describe('TicketExportReader', () => {
  it('reads the pages of a Jira search with the status moves of each changelog', async () => {
    const r = reader();
    for (const n of [1, 2, 3]) await r.add(`page-${n}.json`, page(jiraPage(n)));
    const exp = r.finish();
    expect(exp.source).toBe('jira');
    expect(exp.counts).toMatchObject({ files: 3, issues: 30, duplicates: 0 });
    const first = exp.tickets.find((t) => t.key === 'PAY-1')!;
    expect(first.transitions.map((t) => t.to)).toEqual(['In Progress', 'In Review', 'Approved', 'Done']);
    expect(first.pullLinks).toEqual(['acme/api#1']);
    expect(first.createdAt).toMatch(/^2026-07-01T\d\d:00:00\.000Z$/);
  });

  it('refuses a set of pages with one missing, naming the total', async () => {
    const r = reader();
    await r.add('page-1.json', page(jiraPage(1)));
    await r.add('page-3.json', page(jiraPage(3)));
    expect(() => r.finish()).toThrow(
      /page-3\.json, at \$\.total: the search found 30 issues but the pages hold 20/,
    );
  });

  it('refuses a truncated changelog with the path of its total', async () => {
    const p = jiraPage(1);
    p.issues[2].changelog.total = 150;
    await expect(reader().add('page-1.json', page(p))).rejects.toThrow(
      /at \$\.issues\[2\]\.changelog\.total: the changelog holds 4 of 150 histories/,
    );
  });

  it('names the line and JSON path of a bad value', async () => {
    const p = jiraPage(2);
    p.issues[4].fields.issuetype = 'Story';
    await expect(reader().add('page-2.json', page(p))).rejects.toMatchObject({
      details: { file: 'page-2.json', path: '$.issues[4].fields.issuetype', line: expect.any(Number) },
    });
  });

  it('counts an issue seen on two pages once, the later page winning', async () => {
    const p1 = jiraPage(1);
    const p2 = jiraPage(2);
    const moved = { ...p1.issues[0], fields: { ...p1.issues[0].fields, status: { name: 'Reopened' } } };
    p2.issues.push(moved);
    const r = reader();
    await r.add('page-1.json', page(p1));
    await r.add('page-2.json', page(p2));
    await r.add('page-3.json', page(jiraPage(3)));
    const exp = r.finish();
    expect(exp.counts).toMatchObject({ issues: 31, duplicates: 1 });
    expect(exp.tickets.find((t) => t.key === 'PAY-1')?.status).toBe('Reopened');
  });

  it('reads a Linear page; refuses mixing trackers and unknown shapes', async () => {
    const r = reader();
    await r.add('issues.json', Readable.from([Buffer.from(LINEAR)]));
    await expect(r.add('page-1.json', page(jiraPage(1)))).rejects.toThrow(
      /a jira export, but issues\.json says linear/,
    );
    expect(r.finish().tickets.map((t) => `${t.key} ${t.type} ${t.transitions.length}`)).toEqual([
      'ENG-101 Feature 4',
      'ENG-102 Bug 2',
      'OPS-9 Access Request 0',
    ]);
    await expect(reader().add('x.json', page({ values: [] }))).rejects.toThrow(
      /x\.json, at \$: expected the body of Jira/,
    );
    await expect(reader().add('x.json', page([1, 2]))).rejects.toThrow(/x\.json, line 1, at \$: expected/);
    await expect(reader().add('x.json', page({ errors: [{ message: 'rate limited' }] }))).rejects.toThrow(
      /GraphQL answer carries errors/,
    );
  });

  it('refuses a Linear issue whose history has more pages, and a last page that is missing', async () => {
    const linear = JSON.parse(LINEAR);
    linear.data.issues.nodes[1].history.pageInfo.hasNextPage = true;
    await expect(reader().add('issues.json', page(linear))).rejects.toThrow(
      /at \$\.data\.issues\.nodes\[1\]\.history\.pageInfo\.hasNextPage: the history of ENG-102 has more pages/,
    );
    const first = JSON.parse(LINEAR);
    first.data.issues.pageInfo.hasNextPage = true;
    const r = reader();
    await r.add('page-1.json', page(first));
    expect(() => r.finish()).toThrow(/the last page is missing/);
  });
});
