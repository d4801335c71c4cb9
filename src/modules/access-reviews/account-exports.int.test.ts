import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { applyRoster } from '../people/person.service.js';
import { importAccountList } from './access-review-import.service.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../importers/accounts/fixtures/${name}`, import.meta.url)), 'utf8');
const AS_OF = '2026-12-01';

describe('account lists from the Okta and GitHub exports', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  const accountCount = async () =>
    Number(
      (
        await sql<{ n: number | string }>`select count(*) as n from access_accounts`.execute(
          store.database.db,
        )
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store, { roster: false }));
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyRoster(
        w,
        orgId,
        ['ada@example.com', 'bo@example.com'].map((email) => ({
          email,
          name: email,
          team: 'engineering',
          managerEmail: null,
          status: 'active' as const,
          departedOn: null,
        })),
      ),
    );
  });
  afterAll(() => store.cleanup());

  it('imports the Okta users export told by its content, joining e-mails to people; the same file again changes nothing', async () => {
    const options = { system: 'okta', file: 'okta_users.json', asOf: AS_OF, at: AS_OF };
    const first = await importAccountList(stores, TEST_ACTOR, orgId, {
      ...options,
      input: Readable.from([fixture('okta_users.json')]),
    });
    expect(first).toMatchObject({ status: 'imported', format: 'okta-users', accounts: 3, matchedPeople: 2 });
    const stored = await store.database.db
      .selectFrom('access_accounts')
      .select(['account', 'email', 'role', 'last_login'])
      .where('list_id', '=', first.listId)
      .orderBy('account')
      .execute();
    expect(stored).toEqual([
      {
        account: 'ada@example.com',
        email: 'ada@example.com',
        role: 'ACTIVE',
        last_login: '2026-11-30T08:12:44.000Z',
      },
      { account: 'bo.contractor', email: 'bo@example.com', role: 'SUSPENDED', last_login: null },
      {
        account: 'di@example.com',
        email: 'di@example.com',
        role: 'LOCKED_OUT',
        last_login: '2026-11-19T10:00:00.000Z',
      },
    ]);
    const list = await store.database.db
      .selectFrom('access_account_lists')
      .select('format')
      .where('id', '=', first.listId)
      .executeTakeFirstOrThrow();
    expect(list.format).toBe('okta-users');
    const again = await importAccountList(stores, TEST_ACTOR, orgId, {
      ...options,
      input: Readable.from([fixture('okta_users.json')]),
    });
    expect(again).toMatchObject({ status: 'unchanged', format: 'okta-users', listId: first.listId });
  });

  it('imports the GitHub members export with the memberships for the roles', async () => {
    const result = await importAccountList(stores, TEST_ACTOR, orgId, {
      system: 'github-org',
      file: 'members.json',
      format: 'github-members',
      asOf: AS_OF,
      at: AS_OF,
      input: Readable.from([fixture('github_org_members.json')]),
    });
    expect(result).toMatchObject({
      status: 'imported',
      format: 'github-members',
      accounts: 2,
      matchedPeople: 1,
    });
  });

  it('refuses a corrupted record whole, naming its JSON path and line, and stores nothing', async () => {
    const before = await accountCount();
    const corrupted = fixture('okta_users.json').replace('"Bo@Example.com"', '"not an e-mail"');
    await expect(
      importAccountList(stores, TEST_ACTOR, orgId, {
        system: 'okta',
        file: 'okta_users.json',
        asOf: '2026-12-02',
        input: Readable.from([corrupted]),
      }),
    ).rejects.toMatchObject({
      code: 'import_failed',
      details: { file: 'okta_users.json', line: 27, path: '$[1].profile.email' },
    });
    expect(await accountCount()).toBe(before);
  });

  it('refuses a file of another format than the one chosen, and an unknown format', async () => {
    await expect(
      importAccountList(stores, TEST_ACTOR, orgId, {
        system: 'okta',
        file: 'members.json',
        format: 'okta-users',
        input: Readable.from([fixture('github_org_members.json')]),
      }),
    ).rejects.toMatchObject({ code: 'import_failed', details: { path: '$[0].profile' } });
    await expect(
      importAccountList(stores, TEST_ACTOR, orgId, {
        system: 'okta',
        file: 'x.json',
        format: 'ldif',
        input: Readable.from(['[]']),
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
