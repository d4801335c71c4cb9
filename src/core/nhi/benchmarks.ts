/**
 * The benchmark controls the NHI rules cite. Control numbers move between
 * benchmark versions (CIS AWS 1.14 became 2.13 in v6.0.0), so each reference
 * carries benchmark + version + control, and a rule cites every version an
 * auditor is likely to hold. Sources: shared/reference/nhi-formats.md §2.
 */

/** One control of one version of a benchmark. */
export interface CisRef {
  benchmark: string;
  version: string;
  control: string;
}

const AWS = 'CIS Amazon Web Services Foundations Benchmark';
const GCP = 'CIS Google Cloud Platform Foundation Benchmark';
const K8S = 'CIS Kubernetes Benchmark';

const aws = (legacy: string, v6: string): CisRef[] => [
  { benchmark: AWS, version: '3.0.0', control: legacy },
  { benchmark: AWS, version: '6.0.0', control: v6 },
];

/** The CIS controls the NHI rules cite, by topic. */
export const CIS = {
  /** No access key for the root user (v1.4–v3.0.0: 1.4; v6.0.0: 2.3). */
  awsRootAccessKey: aws('1.4', '2.3'),
  /** Credentials unused for 45 days or more are disabled (v1.4–v3.0.0: 1.12; v6.0.0 and v7.0.0: 2.11). */
  awsUnusedCredentials: aws('1.12', '2.11'),
  /** Only one active access key per IAM user (v1.4–v3.0.0: 1.13; v6.0.0: 2.12). */
  awsOneActiveKey: aws('1.13', '2.12'),
  /** Access keys rotated every 90 days or less (v1.4–v3.0.0: 1.14; v6.0.0: 2.13). */
  awsKeyRotation: aws('1.14', '2.13'),
  /** No IAM policy allowing full `*:*` administrative privileges (v6.0.0: 2.15). */
  awsNoStarStar: [{ benchmark: AWS, version: '6.0.0', control: '2.15' }] as CisRef[],
  /** Only GCP-managed service-account keys; user-managed keys expire 10 years after creation (v4.0.0: 1.4). */
  gcpNoUserManagedKeys: [{ benchmark: GCP, version: '4.0.0', control: '1.4' }] as CisRef[],
  /** User-managed service-account keys rotated every 90 days or less (1.7). */
  gcpKeyRotation: [{ benchmark: GCP, version: '4.0.0', control: '1.7' }] as CisRef[],
  /** cluster-admin only where required (v1.12: 5.1.1). */
  k8sClusterAdmin: [{ benchmark: K8S, version: '1.12', control: '5.1.1' }] as CisRef[],
} as const;
