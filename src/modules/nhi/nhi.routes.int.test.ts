import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, SAMPLE_OF } from '../../../test/builders/nhi-parsers.js';
import { dumpInventory, SAMPLE_SCOPE, setUpOrganization } from '../../../test/builders/nhi-store.js';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildNhi,
  buildSession,
  buildToken,
  buildUser,
  createHarness,
  type Harness,
  multipartFile,
  withSession,
  withToken,
} from '../../../test/factories.js';
import type { NhiImportKindName } from '../../importers/nhi/index.js';
import { createOrganization } from '../organizations/organization.service.js';
import type { NhiDetail, NhiFindingView, NhiImportResult, NhiImportView, NhiRecord } from './nhi.schema.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** The NHI inventory through HTTP: upload, list, detail, findings, bulk owner and review, thresholds, roles. */
describe('NHI API', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let foreignSlug: string;
  let foreignNhi: string;
  let admin: Record<string, string>;
  let lead: Record<string, string>;
  let contributor: Record<string, string>;
  let viewer: Record<string, string>;

  const call = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) =>
    h.app.inject({
      method,
      url: `/api/v1/orgs/${slug}${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const upload = (
    kind: string,
    content: string | Buffer,
    fileName: string,
    headers = lead,
    scope?: string,
  ) => {
    const body = multipartFile(content, fileName, 'file', { kind, ...(scope ? { scope } : {}) });
    return h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/nhi/imports`,
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };
  const sample = (kind: NhiImportKindName) =>
    upload(kind, readFileSync(fixturePath(SAMPLE_OF[kind])), SAMPLE_OF[kind], lead, SAMPLE_SCOPE[kind]);
  const list = async (query: string, headers = viewer) => {
    const r = await call('GET', `/nhi${query}`, headers);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Page<NhiRecord>;
  };
  const findings = async (query: string) => {
    const r = await call('GET', `/nhi/findings${query}`, viewer);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Page<NhiFindingView>;
  };
  const detail = async (id: string) => {
    const r = await call('GET', `/nhi/${encodeURIComponent(id)}`, viewer);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as NhiDetail;
  };
  const blobFiles = () => {
    try {
      return readdirSync(path.join(h.store.dataDir, 'blobs', 'sha256'), { recursive: true }).length;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    h = await createHarness({ maxUploadBytes: 64 * 1024 });
    ({ orgId } = await setUpOrganization(h.store));
    const org = await h.store.database.db
      .selectFrom('organizations')
      .select('slug')
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    slug = org.slug;
    admin = withSession(await buildSession(h, await buildUser(h, [{ orgId, role: 'admin' }])));
    lead = withToken(await buildToken(h, orgId, 'compliance-lead'));
    contributor = withToken(await buildToken(h, orgId, 'contributor'));
    viewer = withToken(await buildToken(h, orgId, 'viewer'));
    const foreign = await createOrganization(h.store.database, TEST_ACTOR, 'Foreign Org');
    foreignSlug = foreign.slug;
    foreignNhi = await buildNhi(h, foreign.id, { title: 'foreign deploy key' });
  });
  afterAll(() => h.close());

  it('imports a real export by upload (201 with counts and evidence), and the same file again is 200 unchanged', async () => {
    const first = await sample('aws-authorization-details');
    expect(first.statusCode, first.body).toBe(201);
    const result = first.json() as NhiImportResult;
    expect(result).toMatchObject({
      status: 'imported',
      kind: 'aws-authorization-details',
      fileName: 'aws_get_account_authorization_details.json',
    });
    expect(result.counts.created).toBeGreaterThan(10);
    expect(result.counts.findingsOpened).toBeGreaterThan(0);
    expect(result.evidenceIds.length).toBeGreaterThan(0);
    const again = await sample('aws-authorization-details');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'unchanged', importId: result.importId });
    for (const kind of ['aws-credential-report', 'github-installations', 'github-pats'] as const) {
      const r = await sample(kind);
      expect(r.statusCode, `${kind}: ${r.body}`).toBe(201);
    }
  });

  it('refuses a corrupt export with the file, line and reason, and writes nothing', async () => {
    const lines = readFileSync(fixturePath(SAMPLE_OF['aws-credential-report']), 'utf8').split('\n');
    lines[4] = lines[4]!.replace(/,arn:aws:iam::[^,]+,/, ',not-an-arn,');
    const before = await dumpInventory(h.store.database);
    const rejected = await upload('aws-credential-report', lines.join('\n'), 'report-v2.csv');
    expect(rejected.statusCode).toBe(422);
    const error = rejected.json().error;
    expect(error.code).toBe('import_failed');
    expect(error.message).toMatch(/^report-v2\.csv, line 5/);
    expect(error.details).toMatchObject({ file: 'report-v2.csv', line: 5, reason: expect.any(String) });
    expect(await dumpInventory(h.store.database)).toEqual(before);
  });

  it('refuses bad uploads in words: unknown kind, missing scope, no file, JSON body, too large (nothing stored)', async () => {
    const before = await dumpInventory(h.store.database);
    const blobs = blobFiles();
    const unknown = await upload('cobol-report', '[]', 'x.json');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('the kind is one of');
    const unscoped = await upload('github-actions-secrets', '{"total_count":0,"secrets":[]}', 's.json');
    expect(unscoped.statusCode).toBe(400);
    // The API names the field, never the CLI's flag for it.
    expect(unscoped.json().error.message).toContain('name the repository (org/repo)');
    expect(unscoped.json().error.message).not.toContain('--scope');
    expect(unscoped.json().error.details).toEqual({ field: 'scope' });
    const json = await call('POST', '/nhi/imports', lead, { kind: 'gitleaks' });
    expect(json.statusCode).toBe(415);
    const big = `[${Array.from({ length: 2000 }, (_, i) => `{"id":${i},"title":"key ${i}","read_only":true}`).join(',')}]`;
    expect(big.length).toBeGreaterThan(64 * 1024);
    const tooBig = await upload('github-deploy-keys', big, 'keys.json', lead, 'example-org/big');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('payload_too_large');
    expect(await dumpInventory(h.store.database)).toEqual(before);
    expect(blobFiles()).toBe(blobs);
  });

  it('lets leads import and keeps viewers and contributors out (403, nothing written)', async () => {
    const before = await dumpInventory(h.store.database);
    for (const headers of [viewer, contributor]) {
      const refused = await upload('github-deploy-keys', '[]', 'keys.json', headers, 'example-org/denied');
      expect(refused.statusCode).toBe(403);
    }
    const { activity: _a, ledger_heads: _l, ...inventory } = before;
    const { activity: _b, ledger_heads: _m, ...after } = await dumpInventory(h.store.database);
    expect(after).toEqual(inventory);
    const byAdmin = await upload(
      'github-deploy-keys',
      readFileSync(fixturePath(SAMPLE_OF['github-deploy-keys'])),
      'keys.json',
      admin,
      'example-org/payments-api',
    );
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
  });

  it('pages the inventory and filters it by kind, provider, status, search, orphaned and rule', async () => {
    const pages: NhiRecord[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const page: Page<NhiRecord> = await list(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(7);
      pages.push(...page.items);
      total = page.total!;
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.length).toBe(total);
    expect(total).toBeGreaterThan(40);
    expect(new Set(pages.map((n) => n.id)).size).toBe(total);
    const order = pages.map((n) => [n.provider, n.kind, n.name, n.id]);
    expect(order).toEqual(
      [...order].sort((a, b) => {
        for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return (a[i]! < b[i]! ? -1 : 1) as number;
        return 0;
      }),
    );

    const pats = await list('?kind=github-pat&limit=500');
    expect(pats.items.length).toBeGreaterThan(0);
    expect(pats.items.every((n) => n.kind === 'github-pat' && n.provider === 'github')).toBe(true);
    expect(pats.total).toBe(pats.items.length);
    const aws = await list('?provider=aws&limit=500');
    expect(aws.items.every((n) => n.provider === 'aws')).toBe(true);

    // Any case, name or external id: the two accounts' users and one account's two keys.
    const searched = await list('?search=SVC-CI-DEPLOY');
    expect(searched.items.map((n) => n.name).sort()).toEqual([
      'svc-ci-deployer',
      'svc-ci-deployer',
      'svc-ci-deployer access key 1',
      'svc-ci-deployer access key 2',
    ]);
    const oneAccount = await list('?search=111122223333:user/automation/svc-ci');
    expect(oneAccount.items.map((n) => n.externalId)).toEqual([
      'arn:aws:iam::111122223333:user/automation/svc-ci-deployer',
    ]);
    const byArn = await list(`?search=${encodeURIComponent('user/automation/svc-terraform')}`);
    expect(byArn.items.some((n) => n.name === 'svc-terraform')).toBe(true);
    expect((await list('?search=%25')).total).toBe(0);

    const orphaned = await list('?orphaned=true&limit=500');
    expect(orphaned.items.map((n) => n.name)).toEqual(
      expect.arrayContaining(['svc-ci-deployer', 'svc-monitoring-readonly']),
    );
    expect(orphaned.items.every((n) => n.openFindings.includes('nhi-orphaned'))).toBe(true);
    expect(orphaned.total).toBeLessThan(total);
    const rotation = await list('?finding=rotation-overdue&limit=500');
    expect(rotation.items.length).toBeGreaterThan(0);
    expect(rotation.items.every((n) => n.openFindings.includes('nhi-rotation-overdue'))).toBe(true);
    const deleted = await list('?status=deleted');
    expect(deleted.items.every((n) => n.status === 'deleted')).toBe(true);

    for (const bad of ['?kind=mainframe', '?status=asleep', '?finding=haunted', '?cursor=not*a*cursor']) {
      const r = await call('GET', `/nhi${bad}`, viewer);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.code).toBe('invalid_input');
    }
  });

  it('shows one identity with parent, children, sources, lifecycle history, leaks and findings', async () => {
    const [user] = (await list('?search=418273645091:user/automation/svc-terraform&kind=iam-user')).items;
    expect(user).toBeDefined();
    const shown = await detail(user!.id);
    expect(shown.children.length).toBeGreaterThan(0);
    expect(shown.children.every((c) => c.kind === 'access-key')).toBe(true);
    expect(shown.sources.map((s) => s.source)).toContain('aws-credential-report');
    expect(shown.events[0]).toMatchObject({
      type: 'created',
      source: 'aws-credential-report',
      fileName: 'aws_iam_credential_report.csv',
    });
    const key = await detail(shown.children[0]!.id);
    expect(key.parent).toEqual({
      id: shown.id,
      kind: 'iam-user',
      name: 'svc-terraform',
      externalId: shown.externalId,
      status: shown.status,
    });
    expect(key.findings.length).toBeGreaterThan(0);
    expect(Array.isArray(key.leaks)).toBe(true);
    const byExternalId = await detail(shown.externalId);
    expect(byExternalId.id).toBe(shown.id);

    const foreign = await call('GET', `/nhi/${foreignNhi}`, viewer);
    expect(foreign.statusCode).toBe(404);
    const intoForeign = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${foreignSlug}/nhi/${foreignNhi}`,
      headers: viewer,
    });
    expect(intoForeign.statusCode).toBe(404);
  });

  it('lists rule findings with OWASP NHI Top 10, CIS (benchmark, version, control) and SOC 2 tags, filtered and paged', async () => {
    const open = await findings('?open=true&limit=500');
    expect(open.items.length).toBeGreaterThan(5);
    expect(open.total).toBe(open.items.length);
    for (const f of open.items) {
      expect(f.resolvedOn).toBeNull();
      expect(
        f.owasp.every((id) => /^NHI\d+:2025$/.test(id)),
        f.rule,
      ).toBe(true);
      expect(f.soc2.length, f.rule).toBeGreaterThan(0);
      expect(f.ruleTitle.length).toBeGreaterThan(10);
    }
    const ranks = open.items.map((f) => ['critical', 'high', 'medium', 'low'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    const rotation = await findings('?rule=rotation-overdue');
    expect(rotation.items.length).toBeGreaterThan(0);
    expect(rotation.items.every((f) => f.rule === 'nhi-rotation-overdue')).toBe(true);
    expect(rotation.items.flatMap((f) => f.cis)).toContainEqual({
      benchmark: 'CIS Amazon Web Services Foundations Benchmark',
      version: '6.0.0',
      control: '2.13',
    });
    const high = await findings('?severity=high&open=true');
    expect(high.items.every((f) => f.severity === 'high')).toBe(true);

    const paged: NhiFindingView[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<NhiFindingView> = await findings(
        `?open=true&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((f) => f.findingId)).toEqual(open.items.map((f) => f.findingId));
    expect((await call('GET', '/nhi/findings?severity=dire', viewer)).statusCode).toBe(400);
  });

  it('assigns an owner to selected identities: the orphaned badge goes, a foreign id is 404 and changes nothing', async () => {
    const orphaned = (await list('?orphaned=true&kind=iam-user&limit=3')).items;
    expect(orphaned.length).toBeGreaterThan(1);
    const ids = orphaned.map((n) => n.id);

    const before = await dumpInventory(h.store.database);
    const withForeign = await call('POST', '/nhi/assign', lead, {
      ids: [...ids, foreignNhi],
      ownerEmail: 'raj.iyer@example.com',
    });
    expect(withForeign.statusCode).toBe(404);
    expect(withForeign.json().error.message).toContain(foreignNhi);
    expect(await dumpInventory(h.store.database)).toEqual(before);
    for (const [body, status] of [
      [{ ids, match: 'svc-*', ownerEmail: 'raj.iyer@example.com' }, 400],
      [{ ownerEmail: 'raj.iyer@example.com' }, 400],
      [{ ids: [], ownerEmail: 'raj.iyer@example.com' }, 400],
      [{ ids, ownerEmail: 'nobody@example.com' }, 404],
      [{ ids, ownerEmail: 'bob.smith@example.com' }, 400],
    ] as const) {
      const r = await call('POST', '/nhi/assign', lead, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
    }
    expect(
      (await call('POST', '/nhi/assign', viewer, { ids, ownerEmail: 'raj.iyer@example.com' })).statusCode,
    ).toBe(403);

    const assigned = await call('POST', '/nhi/assign', admin, { ids, ownerEmail: 'raj.iyer@example.com' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ matched: ids.length, changed: ids.length });
    expect(assigned.json().refresh.findingsResolved).toBeGreaterThanOrEqual(ids.length);
    const still = (await list('?orphaned=true&limit=500')).items.map((n) => n.id);
    for (const id of ids) expect(still).not.toContain(id);
    const one = await detail(ids[0]!);
    expect(one.owner).toMatchObject({ email: 'raj.iyer@example.com', source: 'assigned' });
    expect(one.events.at(-1)).toMatchObject({ type: 'owner-changed', source: null });
  });

  it('records a review: the third-party finding of a broad app clears, and the event names who and why', async () => {
    const [open] = (await findings('?rule=third-party-unreviewed&open=true')).items;
    expect(open).toBeDefined();
    expect(open!.owasp).toEqual(['NHI3:2025']);
    const denied = await call('POST', '/nhi/review', contributor, { ids: [open!.nhi.id] });
    expect(denied.statusCode).toBe(403);
    expect((await call('POST', '/nhi/review', lead, { ids: [] })).statusCode).toBe(400);
    expect((await call('POST', '/nhi/review', lead, { ids: [foreignNhi] })).statusCode).toBe(404);

    const reviewed = await call('POST', '/nhi/review', admin, {
      ids: [open!.nhi.id],
      note: 'scopes checked with the vendor owner',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ reviewed: 1, refresh: { findingsResolved: 1 } });
    const shown = await detail(open!.nhi.id);
    expect(shown.openFindings).not.toContain('nhi-third-party-unreviewed');
    expect(shown.events.find((e) => e.type === 'reviewed')?.details).toMatchObject({
      note: 'scopes checked with the vendor owner',
      actorType: 'user',
    });
    const stillOpen = (await findings('?rule=third-party-unreviewed&open=true')).items.map((f) => f.nhi.id);
    expect(stillOpen).not.toContain(open!.nhi.id);
  });

  it('reads and replaces the rule thresholds (leads only), validated by the rules', async () => {
    const read = await call('GET', '/nhi/thresholds', viewer);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      overrides: {},
      effective: {
        unusedDays: 45,
        rotationDays: 90,
        maxTokenLifetimeDays: 366,
        thirdPartyReviewDays: 365,
        maxActiveKeysPerUser: 1,
      },
    });
    expect((await call('PUT', '/nhi/thresholds', contributor, { rotationDays: 30 })).statusCode).toBe(403);
    expect((await call('PUT', '/nhi/thresholds', lead, { rotationDays: 0 })).statusCode).toBe(400);
    expect((await call('PUT', '/nhi/thresholds', lead, { sleepDays: 3 })).statusCode).toBe(400);
    const set = await call('PUT', '/nhi/thresholds', lead, { rotationDays: 30, unusedDays: 20 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().overrides).toEqual({ rotationDays: 30, unusedDays: 20 });
    expect(set.json().effective.rotationDays).toBe(30);
    const replaced = await call('PUT', '/nhi/thresholds', lead, { unusedDays: 60 });
    expect(replaced.json().overrides).toEqual({ unusedDays: 60 });
    expect(replaced.json().effective.rotationDays).toBe(90);
  });

  it('lists the import history, newest first, paged', async () => {
    const first = await call('GET', '/nhi/imports?limit=2', viewer);
    expect(first.statusCode).toBe(200);
    const page = first.json() as Page<NhiImportView>;
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const all: NhiImportView[] = [...page.items];
    let cursor = page.nextCursor;
    while (cursor) {
      const next = (
        await call('GET', `/nhi/imports?limit=2&cursor=${cursor}`, viewer)
      ).json() as Page<NhiImportView>;
      all.push(...next.items);
      cursor = next.nextCursor;
    }
    const kinds = all.map((i) => i.kind);
    for (const kind of [
      'aws-authorization-details',
      'aws-credential-report',
      'github-installations',
      'github-pats',
    ])
      expect(kinds).toContain(kind);
    expect(all.map((i) => i.startedAt)).toEqual([...all.map((i) => i.startedAt)].sort().reverse());
    const report = all.find((i) => i.kind === 'aws-credential-report')!;
    expect(report).toMatchObject({ fileName: 'aws_iam_credential_report.csv', complete: true });
    expect(report.counts.records).toBeGreaterThan(0);
  });
});
