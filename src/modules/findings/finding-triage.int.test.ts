import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildOrg,
  buildPerson,
  buildToken,
  createHarness,
  type Harness,
  withToken,
} from '../../../test/factories.js';
import { addFinding, resolveFinding } from './finding.service.js';

/** Bulk triage of findings: one call, all or none, one ledger entry per finding changed; the source filter. */
describe('findings triage API', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let lead: Record<string, string>;
  let contributor: Record<string, string>;
  const ids: string[] = [];
  let resolved: string;
  let ownerEmail: string;
  let departedEmail: string;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Triage Org');
    slug = org.slug;
    orgId = org.id;
    ownerEmail = (await buildPerson(h, orgId)).email;
    departedEmail = (await buildPerson(h, orgId, { status: 'departed', departedOn: '2026-10-01' })).email;
    lead = withToken(await buildToken(h, orgId, 'compliance-lead'));
    contributor = withToken(await buildToken(h, orgId, 'contributor'));
    const add = (title: string, severity: 'low' | 'medium' | 'high', source = 'manual') =>
      addFinding(h.store.database, TEST_ACTOR, orgId, { title, severity, openedOn: '2026-11-01', source });
    ids.push((await add('Unreviewed merge', 'low')).id);
    ids.push((await add('Stale key', 'medium', 'rule:unused-credential')).id);
    ids.push((await add('Auditor remark', 'high', 'auditor')).id);
    resolved = (await add('Old one', 'low')).id;
    await resolveFinding(h.store.database, TEST_ACTOR, orgId, { id: resolved, resolvedOn: '2026-11-05' });
  });
  afterAll(() => h.close());

  const triage = (body: Record<string, unknown>, headers = lead) =>
    h.app.inject({ method: 'POST', url: `/api/v1/orgs/${slug}/findings/triage`, headers, payload: body });
  const list = async (query = '') => {
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/findings${query}`,
      headers: lead,
    });
    expect(r.statusCode).toBe(200);
    return (
      r.json() as {
        items: {
          id: string;
          severity: string;
          ownerEmail: string | null;
          dueOn: string | null;
          sourceKind: string;
        }[];
      }
    ).items;
  };
  const entries = async (id: string) => {
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/activity?recordType=finding&recordId=${id}&action=update`,
      headers: lead,
    });
    expect(r.statusCode).toBe(200);
    return (r.json() as { items: { change: Record<string, unknown> }[] }).items;
  };

  it('filters the list by source: by hand, NHI rules, anything else', async () => {
    expect((await list('?source=manual')).map((f) => f.id).sort()).toEqual([ids[0]!, resolved].sort());
    expect((await list('?source=nhi-rule')).map((f) => f.id)).toEqual([ids[1]]);
    expect((await list('?source=other')).map((f) => f.id)).toEqual([ids[2]]);
    expect((await list()).find((f) => f.id === ids[1])!.sourceKind).toBe('nhi-rule');
  });

  it('changes owner, severity and due date of several findings at once, one ledger entry per finding changed', async () => {
    const r = await triage({ ids: ids.slice(0, 2), ownerEmail, severity: 'medium', dueOn: '2026-12-31' });
    expect(r.statusCode).toBe(200);
    const body = r.json() as {
      changed: number;
      findings: { id: string; severity: string; ownerEmail: string; dueOn: string }[];
    };
    expect(body.changed).toBe(2);
    expect(body.findings.map((f) => [f.id, f.severity, f.ownerEmail, f.dueOn])).toEqual([
      [ids[0], 'medium', ownerEmail, '2026-12-31'],
      [ids[1], 'medium', ownerEmail, '2026-12-31'],
    ]);
    const first = await entries(ids[0]!);
    expect(first).toHaveLength(1);
    expect(first[0]!.change).toMatchObject({ severity: 'medium', due_on: '2026-12-31', ownerEmail });
    // The second was medium already: only owner and due date are recorded as changed.
    const second = await entries(ids[1]!);
    expect(second).toHaveLength(1);
    expect(second[0]!.change).not.toHaveProperty('severity');

    // The same change again changes nothing and records nothing.
    const again = await triage({ ids: ids.slice(0, 2), severity: 'medium' });
    expect((again.json() as { changed: number }).changed).toBe(0);
    expect(await entries(ids[0]!)).toHaveLength(1);
  });

  it('is all or none: an unknown, a resolved finding or a departed owner refuses the whole request', async () => {
    const before = await list();
    const unknown = await triage({ ids: [ids[2], 'nosuchfinding'], severity: 'critical' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details).toEqual({ field: 'ids.1' });
    const closed = await triage({ ids: [ids[2], resolved], severity: 'critical' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.details).toEqual({ field: 'ids.1' });
    const departed = await triage({ ids: [ids[2]], ownerEmail: departedEmail });
    expect(departed.statusCode).toBe(400);
    expect(departed.json().error.details).toEqual({ field: 'ownerEmail' });
    const nothing = await triage({ ids: [ids[2]] });
    expect(nothing.statusCode).toBe(400);
    const twice = await triage({ ids: [ids[2], ids[2]], severity: 'low' });
    expect(twice.statusCode).toBe(400);
    expect(await list()).toEqual(before);
    expect(await entries(ids[2]!)).toHaveLength(0);
  });

  it('is for leads: a contributor is refused', async () => {
    const r = await triage({ ids: [ids[2]], severity: 'low' }, contributor);
    expect(r.statusCode).toBe(403);
  });
});
