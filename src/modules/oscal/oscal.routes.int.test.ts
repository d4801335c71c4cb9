import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildControl,
  buildOrg,
  buildToken,
  createHarness,
  type Harness,
  multipartFile,
  withToken,
} from '../../../test/factories.js';

const CATALOG = {
  catalog: {
    uuid: '0b4c7d2e-1f3a-4b5c-9d6e-7f8a9b0c1d2e',
    metadata: {
      title: 'Routes sample',
      'last-modified': '2026-01-01T00:00:00Z',
      version: '1',
      'oscal-version': '1.2.1',
    },
    groups: [
      {
        id: 'g',
        title: 'Group',
        controls: [
          { id: 'r-1', title: 'One', controls: [{ id: 'r-1.1', title: 'One, enhanced' }] },
          { id: 'r-2', title: 'Two' },
        ],
      },
    ],
  },
};

/** Mapping a control to a framework imported from an OSCAL catalog over HTTP (issue 19, item 4). */
describe('imported framework mappings over HTTP', () => {
  let h: Harness;
  let slug: string;
  let lead: Record<string, string>;
  let viewer: Record<string, string>;
  const url = (code: string, framework: string) =>
    `/api/v1/orgs/${slug}/controls/${code}/imported-mappings/${framework}`;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Mapped');
    slug = org.slug;
    lead = withToken(await buildToken(h, org.id, 'admin'));
    viewer = withToken(await buildToken(h, org.id, 'viewer'));
    await buildControl(h, org.id, { code: 'M-01' });
    const body = multipartFile(JSON.stringify(CATALOG), 'catalog.json');
    const installed = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/frameworks/import-oscal?frameworkId=routes-sample`,
      headers: { ...lead, ...body.headers },
      payload: body.payload,
    });
    expect(installed.statusCode).toBe(200);
  });
  afterAll(() => h.close());

  it('replaces the mappings, sorted and without duplicates, and reads them back', async () => {
    const put = await h.app.inject({
      method: 'PUT',
      url: url('M-01', 'routes-sample'),
      headers: lead,
      payload: { criteria: ['r-2', 'r-1.1', 'r-2'] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ code: 'M-01', frameworkId: 'routes-sample', criteria: ['r-1.1', 'r-2'] });
    const get = await h.app.inject({ method: 'GET', url: url('M-01', 'routes-sample'), headers: viewer });
    expect(get.json().criteria).toEqual(['r-1.1', 'r-2']);
  });

  it('refuses an unknown criterion and a shipped framework, changing nothing', async () => {
    const unknown = await h.app.inject({
      method: 'PUT',
      url: url('M-01', 'routes-sample'),
      headers: lead,
      payload: { criteria: ['r-1', 'nope'] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('unknown routes-sample criterion "nope"');
    const shipped = await h.app.inject({
      method: 'PUT',
      url: url('M-01', 'soc2'),
      headers: lead,
      payload: { criteria: ['CC6.1'] },
    });
    expect(shipped.statusCode).toBe(400);
    const get = await h.app.inject({ method: 'GET', url: url('M-01', 'routes-sample'), headers: viewer });
    expect(get.json().criteria).toEqual(['r-1.1', 'r-2']);
  });

  it('answers 404 for an unknown control or framework, and 403 to a viewer changing mappings', async () => {
    const noControl = await h.app.inject({
      method: 'PUT',
      url: url('NOPE-1', 'routes-sample'),
      headers: lead,
      payload: { criteria: [] },
    });
    expect(noControl.statusCode).toBe(404);
    const noFramework = await h.app.inject({
      method: 'PUT',
      url: url('M-01', 'no-such-framework'),
      headers: lead,
      payload: { criteria: [] },
    });
    expect(noFramework.statusCode).toBe(404);
    const denied = await h.app.inject({
      method: 'PUT',
      url: url('M-01', 'routes-sample'),
      headers: viewer,
      payload: { criteria: [] },
    });
    expect(denied.statusCode).toBe(403);
  });
});
