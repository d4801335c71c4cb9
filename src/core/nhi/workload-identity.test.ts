import { describe, expect, it } from 'vitest';
import { buildNhi } from '../../../test/builders/nhi-records.js';
import { K8S_WORKLOAD_ANNOTATIONS } from './attributes.js';
import { linkWorkloadIdentities } from './workload-identity.js';

const roleArn = 'arn:aws:iam::111122223333:role/eks-irsa-payments-api';
const role = buildNhi({ kind: 'role', externalId: roleArn, parentExternalId: null });
const gcpSa = buildNhi({
  kind: 'service-account',
  provider: 'gcp',
  externalId: 'projects/data/serviceAccounts/bq-exporter@data.iam.gserviceaccount.com',
  parentExternalId: null,
});
const sa = (name: string, attributes: Record<string, unknown>) =>
  buildNhi({
    kind: 'k8s-service-account',
    provider: 'kubernetes',
    externalId: name,
    parentExternalId: null,
    attributes,
  });

describe('linkWorkloadIdentities', () => {
  it('pairs a service account with the AWS role of its IRSA annotation', () => {
    const payments = sa('payments/payments-api', {
      annotations: { [K8S_WORKLOAD_ANNOTATIONS.awsRoleArn]: roleArn },
    });
    expect(linkWorkloadIdentities([payments, role, gcpSa])).toEqual([
      {
        serviceAccount: 'payments/payments-api',
        provider: 'aws',
        annotation: 'eks.amazonaws.com/role-arn',
        reference: roleArn,
        target: roleArn,
      },
    ]);
  });

  it('pairs a service account with the GCP service account of its GKE annotation (or attribute)', () => {
    const email = 'Bq-Exporter@data.iam.gserviceaccount.com';
    const fromAnnotation = sa('data/a', { annotations: { 'iam.gke.io/gcp-service-account': email } });
    const fromAttribute = sa('data/b', { gcpServiceAccount: email });
    expect(
      linkWorkloadIdentities([fromAttribute, fromAnnotation, gcpSa]).map((l) => [l.serviceAccount, l.target]),
    ).toEqual([
      ['data/a', gcpSa.externalId],
      ['data/b', gcpSa.externalId],
    ]);
  });

  it('keeps a binding whose target is not in the inventory, with a null target', () => {
    const dangling = sa('data/bq-exporter', { gcpServiceAccount: 'missing@x.iam.gserviceaccount.com' });
    expect(linkWorkloadIdentities([dangling])).toMatchObject([{ provider: 'gcp', target: null }]);
  });

  it('ignores service accounts without workload identity, and is order-independent', () => {
    const both = sa('x/both', {
      awsRoleArn: roleArn,
      gcpServiceAccount: 'bq-exporter@data.iam.gserviceaccount.com',
    });
    const all = [sa('x/plain', { annotations: { other: 'x' } }), both, role, gcpSa];
    const links = linkWorkloadIdentities(all);
    expect(links.map((l) => l.provider)).toEqual(['aws', 'gcp']);
    expect(linkWorkloadIdentities([...all].reverse())).toEqual(links);
  });
});
