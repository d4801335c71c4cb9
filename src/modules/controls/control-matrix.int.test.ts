import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildEvidence,
  buildOrg,
  buildToken,
  createHarness,
  type Harness,
  multipartFile,
  withToken,
} from '../../../test/factories.js';
import { AppError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import {
  applyControlMatrix,
  exportControlMatrix,
  importControlMatrix,
  starterMatrixRows,
} from './control.service.js';

/**
 * The control matrix file against a real store: exports re-import at every
 * size, a file changes only its columns, and a requirement with evidence is
 * never removed (the whole import refused, nothing written).
 */
describe('control matrix import and export', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const importText = (orgId: string, text: string, file = 'matrix.csv') =>
    importControlMatrix(h.store.database, TEST_ACTOR, orgId, { file, input: Readable.from([text]) });

  async function ledgerSize(orgId: string): Promise<number> {
    const rows = await h.store.database.db
      .selectFrom('activity')
      .select('id')
      .where('org_id', '=', orgId)
      .execute();
    return rows.length;
  }

  it('exports of every size from 1 control up re-import byte-identical, formula-like cells included', async () => {
    const starter = starterMatrixRows().map((row, i) =>
      i % 3 === 0 ? { ...row, title: `=HYPERLINK("http://x.example/${i}")`, sourceOfTruth: "'-quoted" } : row,
    );
    for (const size of [...Array.from({ length: 12 }, (_, i) => i + 1), 60]) {
      const source = await buildOrg(h, `Matrix source ${size}`);
      await write(h.store.database, { actor: TEST_ACTOR, orgId: source.id }, (w) =>
        applyControlMatrix(
          w,
          source.id,
          starter
            .slice(0, size)
            .map((row) => ({ row, fail: (_c, reason) => new AppError('internal', reason) })),
        ),
      );
      const csv = await exportControlMatrix(h.store.database, source.id, 'csv');
      expect(csv.split('\n').filter((l) => /^[A-Z]{2,4}-\d\d,/.test(l))).toHaveLength(size);
      expect(csv).toContain(`'=HYPERLINK`);

      const target = await buildOrg(h, `Matrix target ${size}`);
      expect(await importText(target.id, csv)).toEqual({
        rows: size,
        created: size,
        updated: 0,
        unchanged: 0,
      });
      expect(await exportControlMatrix(h.store.database, target.id, 'csv')).toBe(csv);
      expect(await importText(source.id, csv)).toEqual({
        rows: size,
        created: 0,
        updated: 0,
        unchanged: size,
      });
      expect(await exportControlMatrix(h.store.database, source.id, 'csv')).toBe(csv);
    }
  });

  it('changes only the columns the file has; an empty cell clears its field', async () => {
    const org = await buildOrg(h, 'Partial columns');
    const code = 'PC-01';
    await write(h.store.database, { actor: TEST_ACTOR, orgId: org.id }, async (w) => {
      const [row] = starterMatrixRows();
      await applyControlMatrix(w, org.id, [
        {
          row: {
            ...row!,
            code,
            title: 'Before',
            description: 'A description that must survive',
            sourceOfTruth: 'Okta',
            requirements: [{ ...row!.requirements[0]!, code: 'PC-01-R1' }],
          },
          fail: (_c, reason) => new AppError('internal', reason),
        },
      ]);
    });
    const before = JSON.parse(await exportControlMatrix(h.store.database, org.id, 'json'))[0];
    expect(before.requirements).toHaveLength(1);
    expect(before.mappings.soc2.length).toBeGreaterThan(0);

    const result = await importText(org.id, `code,title,cadence,status\n${code},After,monthly,implemented\n`);
    expect(result).toEqual({ rows: 1, created: 0, updated: 1, unchanged: 0 });
    const after = JSON.parse(await exportControlMatrix(h.store.database, org.id, 'json'))[0];
    expect(after).toEqual({ ...before, title: 'After', cadence: 'monthly', status: 'implemented' });
    const entry = await h.store.database.db
      .selectFrom('activity')
      .select(['change'])
      .where('org_id', '=', org.id)
      .where('action', '=', 'update')
      .where('record_type', '=', 'control')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(Object.keys(JSON.parse(String(entry.change))).sort()).toEqual(['cadence', 'status', 'title']);

    await importText(org.id, `code,description,source_of_truth\n${code},,\n`);
    const cleared = JSON.parse(await exportControlMatrix(h.store.database, org.id, 'json'))[0];
    expect(cleared).toEqual({ ...after, description: '', sourceOfTruth: null });
  });

  it('refuses an import that would remove a requirement with evidence, naming it, and writes nothing', async () => {
    const org = await buildOrg(h, 'Evidence kept');
    const kept = await buildControl(h, org.id, { code: 'EV-01' });
    const other = await buildControl(h, org.id, { code: 'EV-02' });
    const evidenceId = await buildEvidence(h, org.id, kept);
    const exported = await exportControlMatrix(h.store.database, org.id, 'csv');
    const ledger = await ledgerSize(org.id);

    // A valid change to EV-02 first, then EV-01's requirements emptied: the whole file is refused.
    const file = `code,title,evidence_requirements\n${other},Renamed,"${other}-R1 | monthly | document | manual | a report"\n${kept},Kept,\n`;
    const err = await importText(org.id, file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect((err as AppError).message).toBe(
      `matrix.csv, line 3, column 3 (evidence_requirements): control ${kept}: requirement ${kept}-R1 has 1 piece of evidence and cannot be removed; keep it in the evidence_requirements cell (a control that no longer applies can be marked not-applicable instead)`,
    );
    expect((err as AppError).details).toMatchObject({ control: kept, requirement: `${kept}-R1`, line: 3 });
    expect(await exportControlMatrix(h.store.database, org.id, 'csv')).toBe(exported);
    expect(await ledgerSize(org.id)).toBe(ledger);
    const evidence = await h.store.database.db
      .selectFrom('evidence')
      .select('id')
      .where('org_id', '=', org.id)
      .execute();
    expect(evidence.map((e) => e.id)).toEqual([evidenceId]);

    // Renaming the requirement is removing the old code: refused the same way.
    const renamed = `code,evidence_requirements\n${kept},"${kept}-R9 | monthly | document | manual | a report"\n`;
    await expect(importText(org.id, renamed)).rejects.toThrow(
      `requirement ${kept}-R1 has 1 piece of evidence`,
    );
    // A requirement without evidence can still go.
    expect(await importText(org.id, `code,evidence_requirements\n${other},\n`)).toMatchObject({ updated: 1 });
  });

  it('names the requirement, never a raw database error, when another record refers to it', async () => {
    const org = await buildOrg(h, 'Referred elsewhere');
    const code = await buildControl(h, org.id, { code: 'RF-01' });
    const requirement = await h.store.database.db
      .selectFrom('evidence_requirements')
      .select('id')
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    // A record of another table pointing at the requirement without any evidence row (a later feature's table).
    await h.store.database.db
      .insertInto('evidence_latest')
      .values({
        requirement_id: requirement.id,
        state: 'accepted',
        org_id: org.id,
        effective_start: '2026-10-01',
        effective_end: '2026-10-31',
        collected_on: '2026-10-02',
        evidence_id: 'not-an-evidence-row',
        reason: null,
      })
      .execute();
    const ledger = await ledgerSize(org.id);
    const err = (await importText(org.id, `code,evidence_requirements\n${code},\n`).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('conflict');
    expect(err.message).toBe(
      `matrix.csv, line 2, column 2 (evidence_requirements): control ${code}: requirement ${code}-R1 is referred to by other records and cannot be removed`,
    );
    expect(err.details).toMatchObject({ control: code, requirement: `${code}-R1` });
    expect(await ledgerSize(org.id)).toBe(ledger);
    expect(
      await h.store.database.db
        .selectFrom('evidence_requirements')
        .select('id')
        .where('org_id', '=', org.id)
        .execute(),
    ).toHaveLength(1);
  });

  describe('over HTTP', () => {
    let slug: string;
    let orgId: string;
    let token: string;

    beforeAll(async () => {
      const org = await buildOrg(h, 'Matrix HTTP');
      slug = org.slug;
      orgId = org.id;
      token = await buildToken(h, org.id, 'compliance-lead');
      await buildControl(h, orgId, { code: 'HT-01', title: '=1+1' });
      await buildEvidence(h, orgId, 'HT-01');
    });

    const upload = (text: string, query = '') => {
      const file = multipartFile(text, 'matrix.csv');
      return h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/controls/import${query}`,
        headers: { ...withToken(token), ...file.headers },
        payload: file.payload,
      });
    };

    it('exports formula cells neutralized and imports them back exactly', async () => {
      const exported = await h.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${slug}/controls/export?format=csv`,
        headers: withToken(token),
      });
      expect(exported.body.split('\n')[1]).toMatch(/^HT-01,'=1\+1,/);
      const back = await upload(exported.body);
      expect(back.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    });

    it('answers 409 naming the requirement when an import or an edit would remove one with evidence', async () => {
      const refused = await upload('code,evidence_requirements\nHT-01,\n');
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: 'conflict',
        details: { control: 'HT-01', requirement: 'HT-01-R1' },
      });
      expect(refused.json().error.message).toContain('requirement HT-01-R1 has 1 piece of evidence');
      const patched = await h.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${slug}/controls/HT-01`,
        headers: withToken(token),
        payload: { requirements: [] },
      });
      expect(patched.statusCode).toBe(409);
      expect(patched.json().error.details).toMatchObject({ control: 'HT-01', requirement: 'HT-01-R1' });
    });

    it('reads the delimiter it is told, never a guessed one', async () => {
      const semicolon = 'code;title;cadence\nHT-01;Semicolons;quarterly\n';
      const guessed = await upload(semicolon);
      expect(guessed.statusCode).toBe(422);
      expect(guessed.json().error.message).toContain('is the file separated by semicolon?');
      const told = await upload(semicolon, '?delimiter=semicolon');
      expect(told.statusCode).toBe(200);
      expect(told.json()).toMatchObject({ updated: 1 });
      expect((await upload(semicolon, '?delimiter=guess')).statusCode).toBe(400);
    });
  });
});
