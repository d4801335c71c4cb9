import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { Control, PersonRef } from '../api/types';
import { importRoster, type RosterPerson } from './queries';
import { departuresThatBreak, filterRoster, importProblemOf, rosterRows } from './roster';

const person = (email: string, fields: Partial<RosterPerson> = {}): RosterPerson => ({
  id: email.split('@')[0]!,
  email,
  name: email.split('@')[0]!.replace(/^./, (c) => c.toUpperCase()),
  team: null,
  managerEmail: null,
  status: 'active',
  departedOn: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...fields,
});
const ref = (p: RosterPerson): PersonRef => ({ id: p.id, email: p.email, name: p.name, status: p.status });
const control = (code: string, owner: RosterPerson | null, backup: RosterPerson | null = null): Control => ({
  id: code,
  code,
  title: code,
  description: '',
  status: 'implemented',
  naJustification: null,
  sourceOfTruth: null,
  cadence: 'quarterly',
  owner: owner ? ref(owner) : null,
  backupOwner: backup ? ref(backup) : null,
});

const ada = person('ada@x.example', { team: 'Platform' });
const bob = person('bob@x.example', { team: 'People', managerEmail: 'ada@x.example' });
const cy = person('cy@x.example', { status: 'departed', departedOn: '2026-10-01', team: 'Platform' });
const dee = person('dee@x.example', { status: 'departed', departedOn: '2026-09-01' });
const controls = [
  control('AC-03', cy, ada),
  control('AC-04', cy),
  control('BC-01', ada, bob),
  control('HR-01', null),
];
const rows = rosterRows([ada, bob, cy, dee], controls);

describe('roster', () => {
  it('joins each person with their manager and the controls they own or back up', () => {
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    expect(byEmail.get('bob@x.example')).toMatchObject({ managerName: 'Ada', owns: [], backs: ['BC-01'] });
    expect(byEmail.get('ada@x.example')).toMatchObject({
      managerName: null,
      owns: ['BC-01'],
      backs: ['AC-03'],
    });
    expect(byEmail.get('cy@x.example')).toMatchObject({ owns: ['AC-03', 'AC-04'], backs: [] });
  });

  it('names the departures that break readiness: controls still owned by departed people', () => {
    const broken = departuresThatBreak(rows);
    expect(broken.people.map((p) => p.email)).toEqual(['cy@x.example']);
    expect(broken.controls).toEqual(['AC-03', 'AC-04']);
  });

  it('filters by status, team and search (name, e-mail, team, manager), departures that break first', () => {
    const all = { search: '', status: 'all' as const, team: null };
    expect(filterRoster(rows, all).map((r) => r.email)).toEqual([
      'cy@x.example',
      'ada@x.example',
      'bob@x.example',
      'dee@x.example',
    ]);
    expect(filterRoster(rows, { ...all, status: 'departed' }).map((r) => r.email)).toEqual([
      'cy@x.example',
      'dee@x.example',
    ]);
    expect(filterRoster(rows, { ...all, status: 'active', team: 'Platform' }).map((r) => r.email)).toEqual([
      'ada@x.example',
    ]);
    // "ada" matches Ada herself and Bob, whose manager she is.
    expect(filterRoster(rows, { ...all, search: ' ADA ' }).map((r) => r.email)).toEqual([
      'ada@x.example',
      'bob@x.example',
    ]);
    expect(filterRoster(rows, { ...all, search: 'nobody' })).toEqual([]);
  });
});

describe('roster import errors', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("reads the file, line, column and reason from the API's error details", async () => {
    const body = {
      error: {
        code: 'import_failed',
        message: 'roster.csv, line 4, column 4 (manager_email): manager zed@x.example is not in the roster',
        details: {
          file: 'roster.csv',
          line: 4,
          column: '4 (manager_email)',
          reason: 'manager zed@x.example is not in the roster',
        },
      },
    };
    const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status: 422 }));
    vi.stubGlobal('fetch', fetch);
    const error = await importRoster('acme', new File(['email,name\n'], 'roster.csv')).catch(
      (e: unknown) => e,
    );
    expect(fetch).toHaveBeenCalledWith(
      '/api/v1/orgs/acme/people/import',
      expect.objectContaining({ method: 'POST' }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(importProblemOf(error)).toEqual({
      file: 'roster.csv',
      line: 4,
      column: '4 (manager_email)',
      reason: 'manager zed@x.example is not in the roster',
    });
  });

  it('is null for errors that are not import failures', () => {
    expect(importProblemOf(new ApiError(403, 'forbidden', 'not allowed'))).toBeNull();
    expect(importProblemOf(new Error('network down'))).toBeNull();
    expect(importProblemOf(new ApiError(422, 'import_failed', 'x', null))).toBeNull();
  });
});
