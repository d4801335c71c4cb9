import { describe, expect, it } from 'vitest';
import { buildIdentity, buildUser, contextWith } from '../../../../test/builders/nhi-records.js';
import { findAdminPrivileges } from './admin-privileges.js';

describe('nhi-admin-privileges', () => {
  it('flags AdministratorAccess on AWS, citing CIS AWS v6.0.0 2.15 and NHI5', () => {
    const user = buildUser({
      privileged: true,
      privilegeSummary: 'admin via AdministratorAccess',
      attributes: { adminVia: ['AdministratorAccess'] },
    });
    expect(findAdminPrivileges(contextWith([user]))[0]).toMatchObject({
      rule: 'nhi-admin-privileges',
      severity: 'high',
      owasp: ['NHI5:2025'],
      soc2: ['CC6.1', 'CC6.3'],
      cis: [
        { benchmark: 'CIS Amazon Web Services Foundations Benchmark', version: '6.0.0', control: '2.15' },
      ],
      evidence: { grants: ['AdministratorAccess'] },
    });
  });

  it('takes admin sources the importer found, even when their names say nothing', () => {
    const user = buildUser({ attributes: { adminVia: ['legacy-full-access via group legacy-power'] } });
    const [f] = findAdminPrivileges(contextWith([user]));
    expect(f?.evidence.grants).toEqual(['legacy-full-access via group legacy-power']);
    expect(f?.cis[0]?.control).toBe('2.15');
  });

  it('flags cluster-admin on Kubernetes, citing CIS Kubernetes 5.1.1', () => {
    const sa = buildIdentity({
      kind: 'k8s-service-account',
      provider: 'kubernetes',
      privilegeSummary: 'cluster-admin (ClusterRoleBinding ci-deployer-cluster-admin)',
    });
    expect(findAdminPrivileges(contextWith([sa]))[0]?.cis).toEqual([
      { benchmark: 'CIS Kubernetes Benchmark', version: '1.12', control: '5.1.1' },
    ]);
  });

  it('flags *:*, roles/owner and the Azure Owner role, and any identity the importer marked privileged', () => {
    const grants = ['Allow *:* (inline)', 'roles/owner on project p', 'Owner on subscription s'].map(
      (summary) =>
        findAdminPrivileges(contextWith([buildIdentity({ privilegeSummary: summary })]))[0]?.evidence.grants,
    );
    expect(grants).toEqual([['*:*'], ['roles/owner'], ['Owner']]);
    const near = buildIdentity({ privileged: true, privilegeSummary: 'near-admin via PowerUserAccess' });
    expect(findAdminPrivileges(contextWith([near]))[0]).toMatchObject({ cis: [], evidence: { grants: [] } });
  });

  it('is silent for scoped grants, lowercase "owner", root, provider-managed and inactive identities', () => {
    const quiet = [
      buildIdentity({ privilegeSummary: 'contents:write on repos of the code owner' }),
      buildUser({ privileged: true, privilegeSummary: 'root account', attributes: { root: true } }),
      buildIdentity({ privileged: true, attributes: { serviceLinked: true } }),
      buildIdentity({ privilegeSummary: 'AdministratorAccess', status: 'disabled' }),
    ];
    expect(findAdminPrivileges(contextWith(quiet))).toEqual([]);
  });
});
