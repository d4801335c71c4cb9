import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpInventory, importSample, setUpOrganization } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import type { AppError } from '../../../platform/errors.js';
import type { EvidenceStores } from '../../evidence/evidence.service.js';
import { getNhi, listNhiFindings } from './nhi.service.js';
import { reviewNhi } from './review.service.js';

const RULE = 'nhi-third-party-unreviewed';

describe('reviewing identities', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;
  let otherOrgId: string;

  const unreviewed = async () =>
    (await listNhiFindings(store.database, orgId)).filter((f) => f.rule === RULE);

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store));
    otherOrgId = (await setUpOrganization(store, { name: 'Other Org', roster: false })).orgId;
    await importSample(stores, orgId, 'github-installations');
    await importSample(stores, otherOrgId, 'github-installations');
  });
  afterAll(() => store.cleanup());

  it('clears the "no review in 12 months" finding of a third-party app with broad scopes', async () => {
    const before = await unreviewed();
    expect(before.length).toBeGreaterThan(1);
    const target = before[0]!;
    expect(target.owasp).toEqual(['NHI3:2025']);
    expect(String(target.evidence.broadBecause)).not.toBe('');

    const result = await reviewNhi(store.database, TEST_ACTOR, orgId, {
      ids: [target.nhi.id],
      note: 'scopes still needed by the release pipeline',
    });
    expect(result).toMatchObject({ reviewed: 1, nhiIds: [target.nhi.id], refresh: { findingsResolved: 1 } });

    const after = await unreviewed();
    expect(after.map((f) => f.nhi.id)).not.toContain(target.nhi.id);
    expect(after).toHaveLength(before.length - 1);
    const detail = await getNhi(store.database, orgId, target.nhi.id);
    const review = detail.events.find((e) => e.type === 'reviewed');
    expect(review).toMatchObject({
      importId: null,
      source: null,
      at: result.at,
      details: { by: TEST_ACTOR.label, note: 'scopes still needed by the release pipeline' },
    });
    expect(detail.findings.find((f) => f.rule === RULE)?.resolvedOn).not.toBeNull();

    const entry = await store.database.db
      .selectFrom('activity')
      .select(['action', 'record_type', 'actor_label'])
      .where('record_id', '=', target.nhi.id)
      .where('action', '=', 'reviewed')
      .execute();
    expect(entry).toEqual([{ action: 'reviewed', record_type: 'nhi', actor_label: TEST_ACTOR.label }]);
  });

  it('reviews several identities at once, by id or external id, without a note', async () => {
    const open = await unreviewed();
    const [first, second] = open;
    const result = await reviewNhi(store.database, TEST_ACTOR, orgId, {
      ids: [first!.nhi.id, second!.nhi.externalId, first!.nhi.id],
    });
    expect(result.reviewed).toBe(2);
    expect(result.note).toBeNull();
    expect((await unreviewed()).length).toBe(open.length - 2);
  });

  it('writes nothing when an id is unknown or belongs to another organization', async () => {
    const foreign = (await listNhiFindings(store.database, otherOrgId)).find((f) => f.rule === RULE)!;
    const mine = (await unreviewed())[0]!;
    const before = await dumpInventory(store.database);
    const attempt = (ids: string[]) =>
      reviewNhi(store.database, TEST_ACTOR, orgId, { ids }).then(
        () => null,
        (err: unknown) => err as AppError,
      );
    const refused = await attempt([mine.nhi.id, foreign.nhi.id]);
    expect(refused?.code).toBe('not_found');
    expect(refused?.message).toContain(foreign.nhi.id);
    expect((await attempt([]))?.code).toBe('invalid_input');
    expect(await dumpInventory(store.database)).toEqual(before);
  });
});
