import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../../../../test/builders/nhi-parsers.js';
import { importSample, setUpOrganization, T } from '../../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../../test/database.js';
import type { AppError } from '../../../platform/errors.js';
import { write } from '../../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../../evidence/evidence.service.js';
import { getFindings } from '../../findings/finding.service.js';
import { listPeople } from '../../people/person.repository.js';
import { applyRoster } from '../../people/person.service.js';
import { importNhi } from '../import/import.service.js';
import { getNhi, listNhiFindings, listNhis } from './nhi.service.js';
import { assignNhiOwner } from './owner.service.js';

const USER = 'arn:aws:iam::111122223333:user';

describe('NHI owners and rule findings', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  const byName = async (name: string) =>
    (await listNhis(store.database, orgId, {}, { at: T })).find((n) => n.name === name)!;
  const openRules = async (name: string) =>
    (await listNhiFindings(store.database, orgId, { at: T }))
      .filter((f) => f.nhi.name === name)
      .map((f) => f.rule);

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store));
    await importSample(stores, orgId, 'aws-authorization-details');
    await importSample(stores, orgId, 'github-pats');
  });
  afterAll(() => store.cleanup());

  it('infers owners from hints: e-mails in any case, GitHub logins by their e-mail’s local part', async () => {
    const uploader = await byName('mobile-app-uploader');
    expect(uploader.owner).toMatchObject({ email: 'fatima.zahra@example.com', source: 'inferred' });
    const pats = await listNhis(store.database, orgId, { kind: 'github-pat' }, { at: T });
    const alices = pats.filter((p) => p.ownerHint === 'alice-nguyen');
    expect(alices.length).toBeGreaterThan(0);
    expect(alices.every((p) => p.owner?.email === 'alice.nguyen@example.com')).toBe(true);
    const monitoring = await byName('svc-monitoring-readonly');
    expect(monitoring.owner).toBeNull();
    expect(monitoring.ownerHint).toBe('platform-team@example.com');
  });

  it('flags a departed owner and a team alias as orphaned, linked to NHI-02 and NHI-04', async () => {
    expect(await openRules('svc-ci-deployer')).toContain('nhi-orphaned');
    expect(await openRules('svc-monitoring-readonly')).toContain('nhi-orphaned');
    const orphaned = await listNhis(store.database, orgId, { orphaned: true }, { at: T });
    expect(orphaned.map((n) => n.name)).toEqual(
      expect.arrayContaining(['svc-ci-deployer', 'svc-monitoring-readonly']),
    );
    const stored = (await getFindings(store.database, orgId)).find(
      (f) => f.source === 'rule:nhi-orphaned' && f.title.endsWith('svc-ci-deployer'),
    );
    expect(stored?.severity).toBe('high');
    expect(stored?.controls.map((c) => c.code).sort()).toEqual(['NHI-02', 'NHI-04']);
    expect(stored?.criteria).toEqual(
      expect.arrayContaining([{ frameworkId: 'owasp-nhi', code: 'NHI1:2025' }]),
    );
  });

  it('assigns an owner by pattern, records owner-changed, and resolves the orphaned finding', async () => {
    const result = await assignNhiOwner(store.database, TEST_ACTOR, orgId, {
      match: 'svc-monitoring-*',
      ownerEmail: 'raj.iyer@example.com',
    });
    expect(result.changed).toBe(1);
    expect(result.refresh.findingsResolved).toBeGreaterThanOrEqual(1);
    const monitoring = await getNhi(store.database, orgId, `${USER}/integrations/svc-monitoring-readonly`);
    expect(monitoring.owner).toMatchObject({ email: 'raj.iyer@example.com', source: 'assigned' });
    expect(monitoring.events.map((e) => e.type)).toEqual(['created', 'owner-changed']);
    expect(monitoring.findings.find((f) => f.rule === 'nhi-orphaned')?.resolvedOn).not.toBeNull();
    expect(await openRules('svc-monitoring-readonly')).not.toContain('nhi-orphaned');
  });

  it('refuses a departed or unknown owner and a pattern that matches nothing', async () => {
    const attempt = (input: { id?: string; match?: string; ownerEmail: string }) =>
      assignNhiOwner(store.database, TEST_ACTOR, orgId, input).then(
        () => null,
        (err: unknown) => (err as AppError).code,
      );
    expect(await attempt({ match: 'svc-*', ownerEmail: 'bob.smith@example.com' })).toBe('invalid_input');
    expect(await attempt({ match: 'svc-*', ownerEmail: 'nobody@example.com' })).toBe('not_found');
    expect(await attempt({ match: 'no-such-*', ownerEmail: 'raj.iyer@example.com' })).toBe('not_found');
    expect(await attempt({ ownerEmail: 'raj.iyer@example.com' })).toBe('invalid_input');
  });

  it('makes an identity orphaned when its owner leaves the roster', async () => {
    expect(await openRules('mobile-app-uploader')).not.toContain('nhi-orphaned');
    const fatima = (await listPeople(store.database.db, orgId)).find(
      (p) => p.email === 'fatima.zahra@example.com',
    )!;
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyRoster(w, orgId, [{ ...fatima, status: 'departed', departedOn: '2026-11-01' }]),
    );
    expect(await openRules('mobile-app-uploader')).toContain('nhi-orphaned');
  });

  it('resolves a finding after a fixed export is imported, and keeps assigned owners over hints', async () => {
    const fixed = fixtureText('aws_get_account_authorization_details.json')
      .replace('"bob.smith@example.com"', '"raj.iyer@example.com"')
      .replace('"platform-team@example.com"', '"hannah.lee@example.com"');
    const result = await importNhi(stores, TEST_ACTOR, orgId, {
      kind: 'aws-authorization-details',
      file: 'authorization-details-fixed.json',
      input: Readable.from([Buffer.from(fixed)]),
      at: T,
    });
    expect(result.counts.findingsResolved).toBeGreaterThanOrEqual(1);
    const deployer = await getNhi(store.database, orgId, `${USER}/automation/svc-ci-deployer`);
    expect(deployer.owner).toMatchObject({ email: 'raj.iyer@example.com', source: 'inferred' });
    expect(deployer.events.map((e) => e.type)).toContain('owner-changed');
    expect(deployer.findings.find((f) => f.rule === 'nhi-orphaned')?.resolvedOn).not.toBeNull();
    const monitoring = await getNhi(store.database, orgId, `${USER}/integrations/svc-monitoring-readonly`);
    expect(monitoring.ownerHint).toBe('hannah.lee@example.com');
    expect(monitoring.owner).toMatchObject({ email: 'raj.iyer@example.com', source: 'assigned' });
  });
});
