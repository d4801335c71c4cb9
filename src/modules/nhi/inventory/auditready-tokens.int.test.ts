import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpInventory, setUpOrganization } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import { createApiToken, revokeToken } from '../../api-tokens/api-token.service.js';
import { listPeople } from '../../people/person.repository.js';
import { syncAuditreadyTokens } from './auditready-tokens.js';
import { getNhi, listNhis, refreshNhi } from './nhi.service.js';

/** Issue 6 item 7: auditready's own API tokens in its NHI inventory. */
describe("auditready's API tokens in the NHI inventory", () => {
  let store: TestStore;
  let orgId: string;
  let tokenId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId } = await setUpOrganization(store));
    const alice = (await listPeople(store.database.db, orgId)).find(
      (p) => p.email === 'alice.nguyen@example.com',
    )!;
    const { token } = await createApiToken(store.database, TEST_ACTOR, orgId, {
      name: 'ci-evidence',
      role: 'admin',
      expiresInDays: 90,
      ownerPersonId: alice.id,
    });
    tokenId = token.id;
  });
  afterAll(() => store.cleanup());

  it('lists each token as provider auditready with its owner, role, expiry and last use', async () => {
    const [token] = await listNhis(store.database, orgId, { provider: 'auditready' });
    expect(token).toMatchObject({
      kind: 'api-token',
      externalId: `api-token/${tokenId}`,
      name: 'ci-evidence',
      privileged: true,
      privilegeSummary: 'role admin',
      status: 'active',
      lastUsedAt: null,
      owner: { email: 'alice.nguyen@example.com', source: 'inferred' },
    });
    expect(token?.expiresAt).not.toBeNull();
    expect(token?.attributes.tokenSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps one inventory when several refreshes run at once (two serve processes on PostgreSQL raced)', async () => {
    // Each refresh syncs the tokens in a write of its own; without a lock across connections two of them
    // applied the same new token at once and one failed on nhi_observations' foreign key.
    const { token } = await createApiToken(store.database, TEST_ACTOR, orgId, {
      name: 'race',
      role: 'viewer',
      expiresInDays: 30,
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => refreshNhi(store.database, orgId)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const listed = await listNhis(store.database, orgId, { provider: 'auditready' });
    expect(listed.filter((n) => n.externalId === `api-token/${token.id}`)).toHaveLength(1);
    await revokeToken(store.database, TEST_ACTOR, orgId, token.id);
    await Promise.all([1, 2, 3].map(() => refreshNhi(store.database, orgId)));
    expect((await getNhi(store.database, orgId, `api-token/${token.id}`)).events.map((e) => e.type)).toEqual([
      'created',
      'offboarded',
    ]);
  });

  it('writes nothing when the tokens did not change', async () => {
    const before = await dumpInventory(store.database);
    expect((await syncAuditreadyTokens(store.database, orgId)).status).toBe('unchanged');
    expect(await dumpInventory(store.database)).toEqual(before);
  });

  it('offboards a revoked token', async () => {
    await revokeToken(store.database, TEST_ACTOR, orgId, tokenId);
    const synced = await syncAuditreadyTokens(store.database, orgId);
    expect(synced.status).toBe('synced');
    const token = await getNhi(store.database, orgId, `api-token/${tokenId}`);
    expect(token.status).toBe('deleted');
    expect(token.events.map((e) => e.type)).toEqual(['created', 'offboarded']);
    expect(await listNhis(store.database, orgId, { provider: 'auditready' })).toEqual([]);
  });
});
