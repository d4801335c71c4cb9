import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { ImportError } from '../../platform/errors.js';
import { createOrganization } from '../organizations/organization.service.js';
import { importRoster, listPeople } from './person.service.js';

const HEADER = 'email,name,team,manager_email,status,departed_on\n';

describe('roster import', () => {
  let store: TestStore;
  let orgId: string;
  let otherOrgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    orgId = (await createOrganization(store.database, TEST_ACTOR, 'Acme')).id;
    otherOrgId = (await createOrganization(store.database, TEST_ACTOR, 'Other')).id;
  });
  afterAll(() => store.cleanup());

  const importText = (text: string, org = orgId) =>
    importRoster(store.database, TEST_ACTOR, org, { file: 'roster.csv', input: Readable.from([text]) });

  it('creates people, lower-casing e-mails', async () => {
    const result = await importText(
      `${HEADER}Ada@Example.com,Ada,Eng,,active,\nbob@example.com,Bob,Eng,ada@example.com,departed,2026-10-01\n`,
    );
    expect(result).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0 });
    const people = await listPeople(store.database.db, orgId);
    expect(people.map((p) => [p.email, p.status, p.departedOn])).toEqual([
      ['ada@example.com', 'active', null],
      ['bob@example.com', 'departed', '2026-10-01'],
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await store.database.db.selectFrom('activity').select('id').execute();
    const result = await importText(
      `${HEADER}ada@example.com,Ada,Eng,,active,\nbob@example.com,Bob,Eng,ada@example.com,departed,2026-10-01\n`,
    );
    expect(result).toEqual({ rows: 2, created: 0, updated: 0, unchanged: 2 });
    const after = await store.database.db.selectFrom('activity').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('updates a changed person and records the change', async () => {
    const result = await importText(`${HEADER}ada@example.com,Ada King,Eng,,active,\n`);
    expect(result.updated).toBe(1);
    const entry = await store.database.db
      .selectFrom('activity')
      .selectAll()
      .where('record_type', '=', 'person')
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.change)).toEqual({ name: ['Ada', 'Ada King'] });
  });

  it.each([
    ['an invalid e-mail', 'not-an-email,X,,,active,', 3, '1 (email)', 'not a valid e-mail'],
    ['a missing name', 'x@example.com,,,,active,', 3, '2 (name)', 'a name is required'],
    ['an unknown status', 'x@example.com,X,,,retired,', 3, '5 (status)', 'Invalid option'],
    [
      'departed without a date',
      'x@example.com,X,,,departed,',
      3,
      '6 (departed_on)',
      'needs a departure date',
    ],
    ['a bad date', 'x@example.com,X,,,departed,2026-13-01', 3, '6 (departed_on)', 'YYYY-MM-DD'],
    ['a duplicate e-mail', 'ada@example.com,Again,,,active,', 3, '1 (email)', 'already appears on line 2'],
    [
      'an unknown manager',
      'x@example.com,X,,nobody@example.com,active,',
      3,
      '4 (manager_email)',
      'not in the roster',
    ],
  ])(
    'rejects %s with line, column and reason and writes nothing',
    async (_what, row, line, column, reason) => {
      const before = await listPeople(store.database.db, orgId);
      const err = await importText(`${HEADER}ada@example.com,Ada King,Eng,,active,\n${row}\n`).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).location).toMatchObject({ file: 'roster.csv', line, column });
      expect((err as ImportError).message).toContain(reason);
      expect(await listPeople(store.database.db, orgId)).toEqual(before);
    },
  );

  it('keeps organizations apart: the same e-mail lives in both, each sees only its own', async () => {
    await importText(`${HEADER}ada@example.com,Ada Other,Ops,,active,\n`, otherOrgId);
    const other = await listPeople(store.database.db, otherOrgId);
    expect(other.map((p) => [p.email, p.name])).toEqual([['ada@example.com', 'Ada Other']]);
    const own = await listPeople(store.database.db, orgId);
    expect(own.find((p) => p.email === 'ada@example.com')?.name).toBe('Ada King');
  });
});
