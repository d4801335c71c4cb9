import { describe, expect, it } from 'vitest';
import { buildIdentity, buildUser, contextWith, daysAgo } from '../../../../test/builders/nhi-records.js';
import { findHumanUse } from './human-use.js';

describe('nhi-human-use', () => {
  it('flags a console password on a service user (medium, NHI10)', () => {
    const [f] = findHumanUse(contextWith([buildUser({ attributes: { passwordEnabled: true } })]));
    expect(f).toMatchObject({
      rule: 'nhi-human-use',
      severity: 'medium',
      owasp: ['NHI10:2025'],
      cis: [],
      soc2: ['CC6.1'],
      evidence: { passwordEnabled: true, consoleLastUsedOn: null },
    });
    expect(f?.message).toMatch(/Remove the password/);
  });

  it('is high once someone actually signed in', () => {
    const used = buildUser({ attributes: { passwordEnabled: true, passwordLastUsed: daysAgo(3) } });
    expect(findHumanUse(contextWith([used]))[0]).toMatchObject({
      severity: 'high',
      evidence: { consoleLastUsedOn: '2026-11-25' },
    });
  });

  it('flags password authentication and person-type accounts used as machines', () => {
    expect(findHumanUse(contextWith([buildUser({ authMethod: 'password' })]))).toHaveLength(1);
    const machineUser = buildIdentity({
      kind: 'github-pat',
      provider: 'github',
      attributes: { humanAccount: true },
    });
    expect(findHumanUse(contextWith([machineUser]))[0]?.message).toMatch(/machine identity/);
  });

  it('is silent for key-only identities, people, provider-managed and inactive identities', () => {
    const quiet = [
      buildUser({ attributes: { passwordEnabled: false } }),
      buildUser({ attributes: { passwordEnabled: true, likelyHuman: true } }),
      buildUser({ attributes: { passwordEnabled: true, root: true } }),
      buildUser({ attributes: { passwordEnabled: true, providerManaged: true } }),
      buildUser({ attributes: { passwordEnabled: 'TRUE' }, status: 'disabled' }),
    ];
    expect(findHumanUse(contextWith(quiet))).toEqual([]);
  });
});
