import { Readable } from 'node:stream';
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
import { addDays, addMonths } from '../../core/dates.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { todayIso } from '../../platform/clock.js';
import { openDatabase } from '../../platform/db/database.js';
import { addEvidence, reviewEvidence } from '../evidence/evidence.service.js';
import { createPerson, editPerson } from '../people/person-edit.service.js';
import { editControl } from './control-edit.service.js';

interface ListItem {
  code: string;
  mappings: Record<string, string[]>;
  categories: string[];
  nextDue: { dueOn: string; requirementCode: string } | null;
}

/**
 * What the control matrix and the control page read: the list with each
 * control's crosswalk, SOC 2 categories and next due date, and the findings
 * and exceptions of one control.
 */
describe('control list for the matrix, findings and exceptions per control', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let token: string;
  let ada: string;
  const today = todayIso();
  const windowStart = addDays(today, 30);
  const windowEnd = addDays(addMonths(windowStart, 6), -1);

  const call = (method: string, path: string, payload?: object) =>
    h.app.inject({
      method: method as 'GET',
      url: `/api/v1/orgs/${slug}${path}`,
      headers: withToken(token),
      ...(payload ? { payload } : {}),
    });
  const list = async (): Promise<Map<string, ListItem>> => {
    const response = await call('GET', '/controls?limit=500');
    expect(response.statusCode).toBe(200);
    return new Map((response.json().items as ListItem[]).map((c) => [c.code, c]));
  };
  const requirement = (code: string) => ({
    code,
    artifact: 'review record',
    cadence: 'quarterly',
    sourceType: 'ticket-history',
    collection: 'manual',
  });

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Matrix Org');
    slug = org.slug;
    orgId = org.id;
    token = await buildToken(h, org.id, 'compliance-lead');
    ada = (await buildPerson(h, org.id, { email: 'ada@example.test' })).email;
    const created = await Promise.all([
      call('POST', '/controls', {
        code: 'MX-01',
        title: 'Access reviews',
        status: 'implemented',
        cadence: 'quarterly',
        ownerEmail: ada,
        requirements: [requirement('MX-01-R1')],
        // Given out of catalog order: the list answers in catalog order (CC before A1).
        mappings: { soc2: ['A1.2', 'CC6.2', 'CC6.1'], iso27001: ['A.5.15'] },
      }),
      call('POST', '/controls', {
        code: 'MX-02',
        title: 'Unmapped',
        cadence: 'annual',
        requirements: [requirement('MX-02-R1')],
      }),
      call('POST', '/controls', {
        code: 'MX-03',
        title: 'Not applicable',
        status: 'not-applicable',
        naJustification: 'no office',
        cadence: 'annual',
        requirements: [requirement('MX-03-R1')],
        mappings: { soc2: ['P4.2'] },
      }),
    ]);
    for (const response of created) expect(response.statusCode).toBe(201);
  });
  afterAll(() => h.close());

  it('gives every control its crosswalk and SOC 2 categories in catalog order', async () => {
    const items = await list();
    expect(items.get('MX-01')).toMatchObject({
      mappings: { soc2: ['CC6.1', 'CC6.2', 'A1.2'], iso27001: ['A.5.15'], 'nist-csf': [] },
      categories: ['CC6', 'A1'],
    });
    expect(items.get('MX-02')).toMatchObject({ categories: [], mappings: { soc2: [] } });
    expect(items.get('MX-03')?.categories).toEqual(['P4']);
  });

  it('without an engagement, evidence never collected is due today; a not-applicable control has nothing due', async () => {
    const items = await list();
    expect(items.get('MX-01')?.nextDue).toEqual({ dueOn: today, requirementCode: 'MX-01-R1' });
    expect(items.get('MX-02')?.nextDue).toEqual({ dueOn: today, requirementCode: 'MX-02-R1' });
    expect(items.get('MX-03')?.nextDue).toBeNull();
  });

  it('gives the earliest due date: the first period of the plan, or earlier when evidence went stale', async () => {
    const engagement = await call('POST', '/engagements', {
      type: 'type2',
      windowStart,
      windowEnd,
      fieldworkStart: addDays(windowEnd, 14),
    });
    expect(engagement.statusCode).toBe(201);
    const firstPeriodEnd = addDays(addMonths(windowStart, 3), -1);
    let items = await list();
    expect(items.get('MX-01')?.nextDue).toEqual({ dueOn: firstPeriodEnd, requirementCode: 'MX-01-R1' });
    expect(items.get('MX-03')?.nextDue).toBeNull();

    const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
    const accept = async (effective: string) => {
      const evidence = await addEvidence(stores, TEST_ACTOR, orgId, {
        metadata: { controlCode: 'MX-01', requirementCode: 'MX-01-R1', effective },
        content: { kind: 'file', stream: Readable.from([`review ${effective}`]), fileName: 'review.csv' },
      });
      await reviewEvidence(h.store.database, TEST_ACTOR, orgId, {
        evidenceId: evidence.id,
        decision: { decision: 'accepted' },
      });
    };
    // A quarterly review from 200 days ago went stale months ago: overdue since then.
    await accept(addDays(today, -200));
    const readiness = (await call('GET', '/readiness')).json() as {
      controls: {
        code: string;
        reasons: { code: string; requirementCode?: string; dueOn: string | null }[];
      }[];
    };
    const stale = readiness.controls
      .find((c) => c.code === 'MX-01')!
      .reasons.find((r) => r.code === 'stale-evidence')!;
    expect(stale.dueOn! < today).toBe(true);
    items = await list();
    expect(items.get('MX-01')?.nextDue).toEqual({ dueOn: stale.dueOn, requirementCode: 'MX-01-R1' });

    // A current one settles the overdue date: next is the plan's first quarter of the window, or the day
    // readiness wants the review refreshed (going stale) when that comes first.
    await accept(today);
    const reasons = ((await call('GET', '/readiness')).json() as typeof readiness).controls
      .find((c) => c.code === 'MX-01')!
      .reasons.filter((r) => r.code !== 'stale-evidence' && r.requirementCode && r.dueOn !== null);
    const expected = [firstPeriodEnd, ...reasons.map((r) => r.dueOn!)].sort()[0]!;
    expect(expected > today).toBe(true);
    items = await list();
    expect(items.get('MX-01')?.nextDue).toEqual({ dueOn: expected, requirementCode: 'MX-01-R1' });
  });

  it('lists the findings and exceptions of one control with ?control=', async () => {
    const findings = await Promise.all(
      ['MX-01', 'MX-02'].map((code) =>
        call('POST', '/findings', {
          title: `Problem on ${code}`,
          severity: 'medium',
          controlCodes: [code],
          criteria: [{ frameworkId: 'soc2', code: 'CC6.1' }],
          openedOn: today,
        }),
      ),
    );
    for (const f of findings) expect(f.statusCode).toBe(201);
    const both = await call('POST', '/findings', {
      title: 'Problem on both',
      severity: 'low',
      controlCodes: ['MX-01', 'MX-02'],
      openedOn: today,
    });
    expect(both.statusCode).toBe(201);
    for (const code of ['MX-01', 'MX-02']) {
      const exception = await call('POST', '/exceptions', {
        controlCode: code,
        summary: `Deviation on ${code}`,
        reason: 'migration',
        riskRating: 'low',
        expiresOn: addDays(today, 60),
      });
      expect(exception.statusCode).toBe(201);
    }

    const onOne = (await call('GET', '/findings?control=MX-01')).json();
    expect(onOne.items.map((f: { title: string }) => f.title).sort()).toEqual([
      'Problem on MX-01',
      'Problem on both',
    ]);
    // A finding on two controls keeps both of them and its criteria.
    const shared = onOne.items.find((f: { title: string }) => f.title === 'Problem on both');
    expect(shared.controls.map((c: { code: string }) => c.code).sort()).toEqual(['MX-01', 'MX-02']);
    const single = onOne.items.find((f: { title: string }) => f.title === 'Problem on MX-01');
    expect(single.criteria).toEqual([{ frameworkId: 'soc2', code: 'CC6.1' }]);
    expect((await call('GET', '/findings')).json().items).toHaveLength(3);
    expect((await call('GET', '/findings?control=MX-03')).json().items).toEqual([]);
    expect((await call('GET', '/findings?control=NOPE-1')).json().items).toEqual([]);

    const exceptions = (await call('GET', '/exceptions?control=MX-02')).json();
    expect(
      exceptions.items.map((x: { summary: string; controlCode: string }) => [x.controlCode, x.summary]),
    ).toEqual([['MX-02', 'Deviation on MX-02']]);
    expect((await call('GET', '/exceptions')).json().items).toHaveLength(2);
    expect((await call('GET', '/exceptions?control=MX-03')).json().items).toEqual([]);
  });

  it('sends every item exactly in the shape the OpenAPI document declares (the list skips the response schema)', async () => {
    const doc = (await h.app.inject({ url: '/api/v1/openapi.json' })).json() as JsonSchema & {
      paths: Record<string, { get: { responses: Record<string, JsonSchema> } }>;
    };
    const declared = (doc.paths['/api/v1/orgs/{org}/controls']!.get.responses['200'] as JsonSchema).content![
      'application/json'
    ]!.schema!;
    const body = (await call('GET', '/controls?limit=2')).json();
    expect(body.items).toHaveLength(2);
    expect(body.nextCursor).toEqual(expect.any(String));
    expect(shapeErrors(body, declared, doc)).toEqual([]);
    // The checker itself finds an extra field and a missing one.
    const spoiled = { ...body, items: [{ ...body.items[0], orgId }, body.items[1]] };
    delete spoiled.items[1].owner;
    expect(shapeErrors(spoiled, declared, doc)).toEqual([
      'items.0: orgId is not declared',
      'items.1: owner is missing',
    ]);
  });

  it('shows every kind of write in the next page, from this server or another process (nothing stale)', async () => {
    // Another handle on the same store stands for the CLI or a second server writing beside this one.
    const other = await openDatabase({ dataDir: h.store.dataDir, databaseUrl: h.store.databaseUrl });
    try {
      expect((await list()).get('MX-02')).toMatchObject({ owner: null, mappings: { soc2: [] } });
      const grace = await createPerson(other, TEST_ACTOR, orgId, {
        email: 'grace@example.test',
        name: 'Grace H',
        status: 'active',
      });
      await editControl(other, TEST_ACTOR, orgId, 'MX-02', {
        ownerEmail: grace.email,
        mappings: { soc2: ['CC7.1'], 'nist-csf': [], iso27001: [], 'owasp-nhi': [], 'nist-ai-rmf': [] },
      });
      let item = (await list()).get('MX-02') as ListItem & { owner: { name: string } | null };
      expect(item.owner).toMatchObject({ id: grace.id, name: 'Grace H' });
      expect(item).toMatchObject({ mappings: { soc2: ['CC7.1'] }, categories: ['CC7'] });

      await editPerson(other, TEST_ACTOR, orgId, grace.id, { name: 'Grace Hopper' });
      item = (await list()).get('MX-02') as typeof item;
      expect(item.owner?.name).toBe('Grace Hopper');

      // Evidence written meanwhile (its entries are not what the crosswalks and roster are cached by):
      // a change of the roster after it still shows at once.
      const evidence = await addEvidence(
        { database: other, blobs: blobStoreFor(h.store.dataDir) },
        TEST_ACTOR,
        orgId,
        {
          metadata: { controlCode: 'MX-02', requirementCode: 'MX-02-R1', effective: today },
          content: { kind: 'file', stream: Readable.from(['access review']), fileName: 'review.csv' },
        },
      );
      await reviewEvidence(other, TEST_ACTOR, orgId, {
        evidenceId: evidence.id,
        decision: { decision: 'accepted' },
      });
      item = (await list()).get('MX-02') as typeof item;
      expect(item.owner?.name).toBe('Grace Hopper');
      await editPerson(other, TEST_ACTOR, orgId, grace.id, { name: 'Grace B. Hopper' });
      expect(((await list()).get('MX-02') as typeof item).owner?.name).toBe('Grace B. Hopper');

      const remapped = await call('PUT', '/controls/MX-02/mappings', {
        mappings: { soc2: ['CC8.1'], iso27001: ['A.8.32'] },
      });
      expect(remapped.statusCode).toBe(200);
      expect((await list()).get('MX-02')).toMatchObject({
        mappings: { soc2: ['CC8.1'], iso27001: ['A.8.32'] },
        categories: ['CC8'],
      });
    } finally {
      await other.close();
    }
  });
});

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  content?: Record<string, { schema?: JsonSchema }>;
}

/** Where a value departs from a JSON schema's objects: undeclared or missing properties, at any depth. */
function shapeErrors(value: unknown, schema: JsonSchema, doc: JsonSchema, at = ''): string[] {
  if (schema.$ref) {
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], doc);
    return shapeErrors(value, target as JsonSchema, doc, at);
  }
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const fits = options.map((o) => shapeErrors(value, o, doc, at));
    return fits.find((e) => e.length === 0) ?? fits.sort((a, b) => a.length - b.length)[0]!;
  }
  if (value === null)
    return [schema.type === 'null' || schema.type?.includes('null') ? '' : `${at}: null`].filter(Boolean);
  if (Array.isArray(value))
    return value.flatMap((v, i) => shapeErrors(v, schema.items ?? {}, doc, `${at}${at ? '.' : ''}${i}`));
  if (typeof value !== 'object' || !schema.properties) return [];
  const record = value as Record<string, unknown>;
  const where = at || '(root)';
  return [
    ...Object.keys(record)
      .filter((k) => !(k in schema.properties!))
      .map((k) => `${where}: ${k} is not declared`),
    ...(schema.required ?? []).filter((k) => !(k in record)).map((k) => `${where}: ${k} is missing`),
    ...Object.entries(record).flatMap(([k, v]) =>
      schema.properties![k] ? shapeErrors(v, schema.properties![k]!, doc, `${at}${at ? '.' : ''}${k}`) : [],
    ),
  ];
}
