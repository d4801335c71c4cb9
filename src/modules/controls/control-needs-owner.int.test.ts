import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildOrg,
  buildPerson,
  buildToken,
  createHarness,
  type Harness,
  withToken,
} from '../../../test/factories.js';
import { editPerson } from '../people/person-edit.service.js';
import { findControls } from './control.service.js';

/** Controls that need an owner: none, or one who has departed (the CLI's --needs-owner, the API's needsOwner). */
describe('controls that need an owner', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let lead: Record<string, string>;
  let kept: string;
  let departed: string;
  let none: string;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Owners Org');
    slug = org.slug;
    orgId = org.id;
    lead = withToken(await buildToken(h, orgId, 'compliance-lead'));
    const stays = await buildPerson(h, orgId);
    const leaves = await buildPerson(h, orgId);
    kept = await buildControl(h, orgId, { ownerEmail: stays.email });
    departed = await buildControl(h, orgId, { ownerEmail: leaves.email });
    none = await buildControl(h, orgId);
    await editPerson(h.store.database, TEST_ACTOR, orgId, leaves.id, {
      status: 'departed',
      departedOn: '2026-11-01',
    });
  });
  afterAll(() => h.close());

  it('includes a departed owner as well as none; "unowned" stays: no owner at all', async () => {
    const codes = async (options: Parameters<typeof findControls>[2]) =>
      (await findControls(h.store.database, orgId, options)).map((c) => c.code).sort();
    expect(await codes({ needsOwner: true })).toEqual([departed, none].sort());
    expect(await codes({ unowned: true })).toEqual([none]);
    expect(await codes({})).toContain(kept);
  });

  it('filters the API list the same way', async () => {
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/controls?needsOwner=true&limit=100`,
      headers: lead,
    });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { code: string; owner: { status: string } | null }[];
    expect(items.map((c) => c.code).sort()).toEqual([departed, none].sort());
    expect(items.find((c) => c.code === departed)!.owner!.status).toBe('departed');
  });
});
