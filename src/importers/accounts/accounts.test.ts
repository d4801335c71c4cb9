import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type AccountListFormat, type AccountRow, readAccountRows, sniffAccountList } from './index.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

async function rows(text: string, format: AccountListFormat | 'json', file = 'export.json') {
  const out: Omit<AccountRow, 'error'>[] = [];
  for await (const { error: _error, ...row } of readAccountRows(Readable.from([text]), file, format))
    out.push(row);
  return out;
}

describe('sniffAccountList', () => {
  it('tells a JSON export from a CSV by its first character, past a BOM and blank space', () => {
    expect(sniffAccountList('\uFEFF\n  [{"id": 1}]')).toBe('json');
    expect(sniffAccountList('{"state": "active"}')).toBe('json');
    expect(sniffAccountList('system,account,email,role\n')).toBe('csv');
  });
});

describe('the Okta users export', () => {
  it('reads login, e-mail, status and last login across concatenated pages, leaving out deprovisioned users', async () => {
    const read = await rows(fixture('okta_users.json'), 'json', 'okta_users.json');
    expect(read).toEqual([
      {
        format: 'okta-users',
        system: null,
        account: 'ada@example.com',
        email: 'ada@example.com',
        role: 'ACTIVE',
        lastLogin: '2026-11-30T08:12:44.000Z',
      },
      {
        format: 'okta-users',
        system: null,
        account: 'bo.contractor',
        email: 'Bo@Example.com',
        role: 'SUSPENDED',
        lastLogin: '',
      },
      {
        format: 'okta-users',
        system: null,
        account: 'di@example.com',
        email: 'di@example.com',
        role: 'LOCKED_OUT',
        lastLogin: '2026-11-19T10:00:00.000Z',
      },
    ]);
  });

  it('names the JSON path and line of a user without a login', async () => {
    const text =
      '[{"id": "1", "status": "ACTIVE", "profile": {"login": "a"}},\n {"id": "2", "status": "ACTIVE", "profile": {"email": "b@example.com"}}]';
    await expect(rows(text, 'okta-users')).rejects.toMatchObject({
      details: { file: 'export.json', line: 2, path: '$[1].profile.login' },
    });
  });

  it('rejects a GitHub members file when told it is an Okta export', async () => {
    await expect(rows(fixture('github_org_members.json'), 'okta-users')).rejects.toMatchObject({
      details: { path: '$[0].profile' },
    });
  });

  it('the row names where a bad value is, for the service checks', async () => {
    const text =
      '[{"id": "1", "status": "ACTIVE", "lastLogin": null, "profile": {"login": "a", "email": "nope"}}]';
    const iterator = readAccountRows(Readable.from([text]), 'u.json', 'json');
    const { value } = await iterator.next();
    expect(value!.error('email', 'bad').details).toMatchObject({ path: '$[0].profile.email' });
    expect(value!.error('role', 'bad').details).toMatchObject({ path: '$[0].status' });
  });
});

describe('the GitHub organization members export', () => {
  it('joins members to their memberships for the role, takes a public e-mail and leaves out pending invitations', async () => {
    const read = await rows(fixture('github_org_members.json'), 'json', 'members.json');
    expect(read).toEqual([
      {
        format: 'github-members',
        system: null,
        account: 'octo-ada',
        email: 'ada@example.com',
        role: 'admin',
        lastLogin: '',
      },
      {
        format: 'github-members',
        system: null,
        account: 'octo-bo',
        email: '',
        role: 'member',
        lastLogin: '',
      },
    ]);
  });

  it('takes memberships alone (an array of them) as the complete list', async () => {
    const text = JSON.stringify([
      { state: 'active', role: 'admin', user: { login: 'x' } },
      { state: 'active', role: 'member', user: { login: 'y' } },
    ]);
    expect((await rows(text, 'github-members')).map((r) => `${r.account}:${r.role}`)).toEqual([
      'x:admin',
      'y:member',
    ]);
  });

  it('refuses a member whose role is unknown (no membership), naming its path', async () => {
    const text =
      '[{"login": "a", "id": 1},\n{"login": "b", "id": 2}]\n{"state": "active", "role": "member", "user": {"login": "a"}}';
    await expect(rows(text, 'json')).rejects.toMatchObject({
      details: { path: '$[1].login', line: 2 },
      message: expect.stringContaining('memberships/b'),
    });
  });

  it('refuses a login listed twice and a membership of an unknown state', async () => {
    await expect(
      rows('[{"login": "a", "id": 1}, {"login": "a", "id": 1}]', 'github-members'),
    ).rejects.toMatchObject({
      details: { path: '$[1].login' },
    });
    await expect(
      rows('[{"state": "gone", "role": "member", "user": {"login": "a"}}]', 'github-members'),
    ).rejects.toMatchObject({ details: { path: '$[0].state' } });
  });

  it('refuses a JSON file that is neither export, naming the first record', async () => {
    await expect(rows('[{"name": "x"}]', 'json')).rejects.toMatchObject({ details: { path: '$[0]' } });
  });
});

describe('the CSV account list', () => {
  it('reads the columns as they are', async () => {
    const read = await rows(
      'system,account,email,role,last_login\naws,a,a@example.com,admin,\n',
      'csv',
      'a.csv',
    );
    expect(read).toEqual([
      { format: 'csv', system: 'aws', account: 'a', email: 'a@example.com', role: 'admin', lastLogin: '' },
    ]);
  });
});
