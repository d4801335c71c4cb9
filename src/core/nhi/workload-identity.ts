/**
 * Kubernetes service accounts bound to cloud identities by workload-identity
 * annotations (EKS IRSA, GKE Workload Identity): issue 6 item 3. A binding
 * whose target is not in the inventory is kept with a null target: it may
 * dangle (a GKE annotation on an EKS cluster does nothing) and someone
 * should know.
 */
import { attrString, attrStringRecord, K8S_WORKLOAD_ANNOTATIONS, NHI_ATTRIBUTES } from './attributes.js';
import { compareText, sortIdentities } from './order.js';
import type { StoredNhiLike } from './stored.js';

/** One workload-identity binding of a Kubernetes service account. */
export interface WorkloadIdentityLink {
  /** External id of the Kubernetes service account (`namespace/name`, as the importer writes it). */
  serviceAccount: string;
  provider: 'aws' | 'gcp';
  /** The annotation that declares the binding. */
  annotation: string;
  /** The annotation's value: the role ARN or the GCP service-account e-mail. */
  reference: string;
  /** External id of the AWS role or GCP service account, or null when the inventory has none. */
  target: string | null;
}

/**
 * Pairs of Kubernetes service account ↔ AWS role (`eks.amazonaws.com/role-arn`)
 * or GCP service account (`iam.gke.io/gcp-service-account`), read from the
 * `awsRoleArn`/`gcpServiceAccount` attributes or the raw `annotations`.
 * Sorted by service account, then provider.
 */
export function linkWorkloadIdentities(identities: StoredNhiLike[]): WorkloadIdentityLink[] {
  const sorted = sortIdentities(identities);
  const roles = new Map<string, string>();
  const gcpAccounts = new Map<string, string>();
  for (const nhi of sorted) {
    if (nhi.provider === 'aws' && nhi.kind === 'role') {
      const arn = attrString(nhi, NHI_ATTRIBUTES.arn) ?? nhi.externalId;
      if (!roles.has(arn)) roles.set(arn, nhi.externalId);
    }
    if (nhi.provider === 'gcp' && nhi.kind === 'service-account') {
      // GCP names a service account `projects/P/serviceAccounts/EMAIL`; the annotation holds the e-mail.
      const email = (
        attrString(nhi, NHI_ATTRIBUTES.email) ??
        nhi.externalId.split('/').pop() ??
        ''
      ).toLowerCase();
      if (email && !gcpAccounts.has(email)) gcpAccounts.set(email, nhi.externalId);
    }
  }
  const links: WorkloadIdentityLink[] = [];
  for (const nhi of sorted) {
    if (nhi.kind !== 'k8s-service-account') continue;
    const annotations = attrStringRecord(nhi, NHI_ATTRIBUTES.annotations);
    const roleArn =
      attrString(nhi, NHI_ATTRIBUTES.awsRoleArn) ?? annotations[K8S_WORKLOAD_ANNOTATIONS.awsRoleArn]?.trim();
    const gcpEmail =
      attrString(nhi, NHI_ATTRIBUTES.gcpServiceAccount) ??
      annotations[K8S_WORKLOAD_ANNOTATIONS.gcpServiceAccount]?.trim();
    if (roleArn) {
      links.push({
        serviceAccount: nhi.externalId,
        provider: 'aws',
        annotation: K8S_WORKLOAD_ANNOTATIONS.awsRoleArn,
        reference: roleArn,
        target: roles.get(roleArn) ?? null,
      });
    }
    if (gcpEmail) {
      links.push({
        serviceAccount: nhi.externalId,
        provider: 'gcp',
        annotation: K8S_WORKLOAD_ANNOTATIONS.gcpServiceAccount,
        reference: gcpEmail,
        target: gcpAccounts.get(gcpEmail.toLowerCase()) ?? null,
      });
    }
  }
  // Several clusters may hold the same `namespace/name`: keep one row per distinct binding.
  const unique = new Map<string, WorkloadIdentityLink>();
  for (const link of links) {
    const key = JSON.stringify([link.serviceAccount, link.provider, link.reference]);
    if (!unique.has(key)) unique.set(key, link);
  }
  return [...unique.values()].sort(
    (a, b) =>
      compareText(a.serviceAccount, b.serviceAccount) ||
      compareText(a.provider, b.provider) ||
      compareText(a.reference, b.reference),
  );
}
