import { rmSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildEvidence,
  buildOrg,
  buildPerson,
  buildToken,
  createHarness,
  type Harness,
  withToken,
} from '../../../test/factories.js';
import { blobStoreFor, FsBlobStore } from '../../platform/blobs/fs-blob-store.js';
import { findEvidenceFor } from '../evidence/evidence.service.js';
import { addFinding, resolveFinding } from '../findings/finding.service.js';

interface Entry {
  seq: number;
  at: string;
  action: string;
  recordType: string;
  recordId: string;
}

/** Runs `fn` with the wall clock (Date only: drivers keep their real timers) set to `iso`. */
async function at<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}

describe('activity log API: filters and verify', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let token: string;
  let lateOnTenth: string;
  let earlyOnEleventh: string;
  let findingId: string;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Activity Org');
    slug = org.slug;
    orgId = org.id;
    token = await buildToken(h, org.id, 'viewer');
    // The last millisecond of 10 March and the first of 11 March (UTC): the day boundary of the filter.
    lateOnTenth = (await at('2026-03-10T23:59:59.999Z', () => buildPerson(h, org.id, { name: 'Late' }))).id;
    earlyOnEleventh = (await at('2026-03-11T00:00:00.000Z', () => buildPerson(h, org.id, { name: 'Early' })))
      .id;
    findingId = await at('2026-03-11T09:30:00.000Z', async () => {
      const f = await addFinding(h.store.database, TEST_ACTOR, org.id, {
        title: 'Unreviewed merge',
        severity: 'medium',
        openedOn: '2026-03-11',
      });
      await resolveFinding(h.store.database, TEST_ACTOR, org.id, {
        id: f.id,
        resolvedOn: '2026-03-11',
        resolution: 'reviewed after the fact',
      });
      return f.id;
    });
    const code = await buildControl(h, org.id);
    await buildEvidence(h, org.id, code);
  });
  afterAll(() => h.close());

  const get = (path: string) =>
    h.app.inject({ method: 'GET', url: `/api/v1/orgs/${slug}${path}`, headers: withToken(token) });
  const list = async (query: string): Promise<Entry[]> => {
    const response = await get(`/activity?limit=500&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };

  it('narrows by action', async () => {
    const resolved = await list('action=resolve');
    expect(resolved.map((e) => [e.action, e.recordType, e.recordId])).toEqual([
      ['resolve', 'finding', findingId],
    ]);
    const created = await list('action=create&recordType=finding');
    expect(created.map((e) => e.recordId)).toEqual([findingId]);
  });

  it('narrows by UTC calendar days, both ends inclusive, up to the last millisecond of `to`', async () => {
    const tenth = await list('from=2026-03-10&to=2026-03-10');
    expect(tenth.map((e) => e.recordId)).toEqual([lateOnTenth]);
    const eleventh = await list('from=2026-03-11&to=2026-03-11');
    expect(eleventh.map((e) => e.recordId)).toEqual([findingId, findingId, earlyOnEleventh]);
    const untilTenth = await list('to=2026-03-10');
    expect(untilTenth.map((e) => e.recordId)).toEqual([lateOnTenth]);
    const fromEleventh = await list('from=2026-03-11');
    expect(fromEleventh.map((e) => e.recordId)).not.toContain(lateOnTenth);
    expect(fromEleventh.length).toBeGreaterThan(eleventh.length);
    const people = await list('recordType=person&from=2026-03-11&to=2026-03-11');
    expect(people.map((e) => e.recordId)).toEqual([earlyOnEleventh]);
  });

  it('pages a filtered log with the same filter', async () => {
    const first = await get('/activity?limit=2&from=2026-03-10&to=2026-03-11');
    expect(first.json().items.map((e: Entry) => e.recordId)).toEqual([findingId, findingId]);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toBeTruthy();
    const second = await get(`/activity?limit=2&from=2026-03-10&to=2026-03-11&cursor=${cursor}`);
    expect(second.json()).toMatchObject({ nextCursor: null });
    expect(second.json().items.map((e: Entry) => e.recordId)).toEqual([earlyOnEleventh, lateOnTenth]);
  });

  it('refuses a reversed range and a malformed day, in words', async () => {
    const reversed = await get('/activity?from=2026-03-12&to=2026-03-11');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toBe('from: 2026-03-12 is after to (2026-03-11)');
    const malformed = await get('/activity?from=2026-3-1');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_input');
    const impossible = await get('/activity?to=2026-02-30');
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().error.message).toContain('to: not a date');
  });

  it('lets requests that arrive while a verify runs share its pass: every file is read once', async () => {
    const original = FsBlobStore.prototype.check;
    // The first pass is held open until all three requests are in, so they overlap however slow the machine.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const check = vi.spyOn(FsBlobStore.prototype, 'check').mockImplementation(async function (
      this: FsBlobStore,
      ...args: Parameters<FsBlobStore['check']>
    ) {
      await gate;
      return original.apply(this, args);
    });
    try {
      const pending = [get('/verify'), get('/verify'), get('/verify')];
      await new Promise((resolve) => setTimeout(resolve, 500));
      release();
      const results = await Promise.all(pending);
      for (const r of results) {
        expect(r.statusCode).toBe(200);
        expect(r.json()).toMatchObject({ ok: true, evidence: { checked: 1, problems: [] } });
      }
      expect(check).toHaveBeenCalledTimes(1);
      // Once it has answered, the next request verifies afresh.
      await get('/verify');
      expect(check).toHaveBeenCalledTimes(2);
    } finally {
      check.mockRestore();
    }
  });

  it('verifies the chain and every evidence file, and names a changed file, a missing one and an edited entry', async () => {
    const intact = (await get('/verify')).json();
    expect(intact).toMatchObject({
      ok: true,
      chains: 1,
      problems: [],
      evidence: { checked: 1, problems: [] },
    });

    const [evidence] = await findEvidenceFor(h.store.database, orgId);
    const blobs = blobStoreFor(h.store.dataDir);
    writeFileSync(blobs.pathOf(evidence!.sha256!), 'tampered');
    const changed = (await get('/verify')).json();
    expect(changed.ok).toBe(false);
    expect(changed.problems).toEqual([]);
    expect(changed.evidence.problems).toEqual([
      expect.objectContaining({ problem: 'mismatch', evidenceId: evidence!.id, sha256: evidence!.sha256 }),
    ]);
    expect(changed.evidence.problems[0].message).toContain('was changed');

    rmSync(blobs.pathOf(evidence!.sha256!));
    const missing = (await get('/verify')).json();
    expect(missing.evidence.problems).toEqual([expect.objectContaining({ problem: 'missing' })]);

    const victim = await h.store.database.db
      .selectFrom('activity')
      .select(['id', 'seq'])
      .where('record_id', '=', earlyOnEleventh)
      .executeTakeFirstOrThrow();
    await sql`update activity set actor_label = ${'someone else'} where id = ${victim.id}`.execute(
      h.store.database.db,
    );
    const broken = (await get('/verify')).json();
    expect(broken.ok).toBe(false);
    expect(broken.problems).toEqual([
      expect.objectContaining({ seq: Number(victim.seq), entryId: victim.id, chain: orgId }),
    ]);
    expect(broken.problems[0].message).toContain('edited');
  });
});
