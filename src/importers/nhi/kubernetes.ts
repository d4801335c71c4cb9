/**
 * `kubectl get sa,secrets,rolebindings,clusterrolebindings -A -o json` (a
 * `List` with `items`). Service accounts yield `k8s-service-account`;
 * Secrets of type `kubernetes.io/service-account-token` yield `k8s-token`
 * (long-lived legacy tokens; `legacy-token-last-used` is the last use,
 * `legacy-token-invalid-since` means the token was invalidated → disabled);
 * other Secrets are not identities and are skipped. (Cluster)RoleBindings
 * are read to mark service accounts bound to `cluster-admin` (or to a
 * (Cluster)Role in the file whose rules allow `*` on `*`) as privileged,
 * including bindings through the `system:serviceaccounts[:ns]` groups and
 * `system:serviceaccount:ns:name` users. Bindings come after the accounts in
 * kubectl's output, so accounts and tokens are kept as compact observations
 * and emitted at the end. Workload-identity annotations
 * (`eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`) become
 * `awsRoleArn` / `gcpServiceAccount` for linking.
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { inferEnvironment, ownerFromTags } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'the `List` printed by `kubectl get sa,secrets,rolebindings,clusterrolebindings -A -o json`: {"kind": "List", "items": […]}';
const TOKEN_TYPE = 'kubernetes.io/service-account-token';
const ADMIN_CLUSTER_ROLES = new Set(['cluster-admin']);

interface Binding {
  label: string;
  roleKey: string;
  clusterWide: boolean;
  subjects: string[];
}

/** Parses a kubectl List of service accounts, secrets and bindings. */
export async function* parseKubernetes(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  const prefix = options?.scope ? `${options.scope}/` : '';
  const accounts = new Map<string, ObservedNhi>();
  const tokens: ObservedNhi[] = [];
  const bindings: Binding[] = [];
  const adminRoles = new Set<string>([...ADMIN_CLUSTER_ROLES].map((r) => `ClusterRole/${r}`));
  for await (const ev of readCollections(input, file, {
    shape: SHAPE,
    arrays: ['items'],
    fields: ['kind'],
  })) {
    if (ev.kind === 'field') {
      if (typeof ev.record.value === 'string' && !ev.record.value.endsWith('List')) {
        throw ev.record.error(`expected ${SHAPE}, found a single ${ev.record.value}`);
      }
      continue;
    }
    const rec = ev.record;
    rec.object('a Kubernetes object');
    const kind = rec.str('kind');
    const meta = rec.child('metadata');
    meta.object('metadata');
    const name = meta.str('name');
    const namespace = meta.optStr('namespace');
    if (kind === 'ServiceAccount') {
      const sa = serviceAccount(rec, meta, `${namespace ?? 'default'}/${name}`, prefix, options?.scope);
      accounts.set(sa.externalId, sa);
    } else if (kind === 'Secret') {
      if (rec.optStr('type') === TOKEN_TYPE)
        tokens.push(token(meta, namespace ?? 'default', prefix, options?.scope));
    } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      bindings.push(binding(rec, kind, name, namespace, prefix));
    } else if ((kind === 'Role' || kind === 'ClusterRole') && grantsEverything(rec)) {
      adminRoles.add(kind === 'Role' ? `Role/${namespace}/${name}` : `ClusterRole/${name}`);
    }
  }
  // Bindings → service accounts (directly, or through the service-account groups).
  const boundTo = new Map<string, Binding[]>();
  for (const b of bindings) {
    for (const subject of b.subjects) {
      const targets = subject.endsWith('/*')
        ? [...accounts.keys()].filter((k) => subject === `${prefix}*/*` || k.startsWith(subject.slice(0, -1)))
        : [subject];
      for (const t of targets) boundTo.set(t, [...(boundTo.get(t) ?? []), b]);
    }
  }
  const withLongLivedToken = new Set(tokens.map((t) => t.parentExternalId));
  for (const sa of accounts.values()) {
    const own = boundTo.get(sa.externalId) ?? [];
    const admin = own.filter(
      (b) => adminRoles.has(b.roleKey) || (b.clusterWide && b.roleKey === 'ClusterRole/admin'),
    );
    sa.privileged = admin.length > 0;
    sa.privilegeSummary =
      admin.length > 0
        ? `${admin.map((b) => `${b.roleKey.split('/').pop()} via ${b.label}`).join(', ')}`
        : null;
    sa.authMethod = withLongLivedToken.has(sa.externalId) ? 'static-key' : 'oidc';
    sa.attributes = compact({
      ...sa.attributes,
      bindings: own.map((b) => `${b.label} → ${b.roleKey}`),
      adminVia: admin.map((b) => `${b.roleKey.split('/').pop()} via ${b.label}`),
    });
    yield sa;
  }
  for (const t of tokens) {
    const sa = t.parentExternalId === null ? undefined : accounts.get(t.parentExternalId);
    if (sa) {
      t.privileged = sa.privileged;
      t.privilegeSummary = sa.privilegeSummary;
      t.ownerHint ??= sa.ownerHint;
      t.ownerSource ??= sa.ownerSource;
      const generated = (sa.attributes.legacyTokenSecrets as string[] | undefined)?.includes(t.name) ?? false;
      t.attributes = compact({ ...t.attributes, autoGenerated: generated, adminVia: sa.attributes.adminVia });
    }
    yield t;
  }
  reportFacts(options, { exportedAt: null, complete: true });
}

function metaMaps(meta: JsonRecord): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels = meta.stringMap('labels');
  const annotations = Object.fromEntries(
    Object.entries(meta.stringMap('annotations')).filter(
      ([k, v]) => !k.startsWith('kubectl.kubernetes.io/') && v.length <= 512,
    ),
  );
  return { labels, annotations };
}

function serviceAccount(
  rec: JsonRecord,
  meta: JsonRecord,
  id: string,
  prefix: string,
  cluster?: string,
): ObservedNhi {
  const { labels, annotations } = metaMaps(meta);
  const [namespace = '', name = ''] = id.split('/');
  const automount = rec.optBool('automountServiceAccountToken');
  return nhi({
    kind: 'k8s-service-account',
    provider: 'kubernetes',
    externalId: `${prefix}${id}`,
    name: id,
    owner: ownerFromTags(annotations, 'annotation') ?? ownerFromTags(labels, 'label'),
    environment: inferEnvironment(labels, namespace, name, cluster),
    createdAt: meta.optDate('creationTimestamp'),
    attributes: compact({
      namespace,
      uid: meta.optStr('uid'),
      labels,
      annotations,
      defaultServiceAccount: name === 'default' || null,
      automountServiceAccountToken: automount,
      automountByDefault: automount === null ? true : null,
      legacyTokenSecrets: rec.list('secrets').map((s) => s.str('name')),
      awsRoleArn: annotations['eks.amazonaws.com/role-arn'] ?? null,
      gcpServiceAccount: annotations['iam.gke.io/gcp-service-account'] ?? null,
      cluster: cluster ?? null,
      accountId: cluster ?? null,
    }),
  });
}

function token(meta: JsonRecord, namespace: string, prefix: string, cluster?: string): ObservedNhi {
  const { labels, annotations } = metaMaps(meta);
  const name = meta.str('name');
  const saName = annotations['kubernetes.io/service-account.name'];
  if (!saName)
    throw meta.error(
      'a service-account token without the kubernetes.io/service-account.name annotation',
      'annotations',
    );
  const day = (label: string): string | null => {
    const v = labels[label];
    if (v === undefined) return null;
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
    if (!iso || Number.isNaN(iso.getTime()))
      throw meta.error(`expected a date YYYY-MM-DD, found "${v.slice(0, 40)}"`, 'labels');
    return iso.toISOString();
  };
  const invalidSince = day('kubernetes.io/legacy-token-invalid-since');
  const created = meta.optDate('creationTimestamp');
  return nhi({
    kind: 'k8s-token',
    provider: 'kubernetes',
    externalId: `${prefix}${namespace}/${name}`,
    name,
    parentExternalId: `${prefix}${namespace}/${saName}`,
    owner: ownerFromTags(annotations, 'annotation') ?? ownerFromTags(labels, 'label'),
    environment: inferEnvironment(labels, namespace, saName, cluster),
    authMethod: 'static-key',
    status: invalidSince ? 'disabled' : 'active',
    createdAt: created,
    lastUsedAt: day('kubernetes.io/legacy-token-last-used'),
    lastRotatedAt: created,
    attributes: compact({
      namespace,
      serviceAccount: saName,
      serviceAccountUid: annotations['kubernetes.io/service-account.uid'] ?? null,
      legacyTokenInvalidSince: invalidSince,
      // No last-used label: never used since the label was introduced (Kubernetes 1.26).
      noUsageRecord: labels['kubernetes.io/legacy-token-last-used'] === undefined ? true : null,
      usageTracked: true,
      cluster: cluster ?? null,
      accountId: cluster ?? null,
    }),
  });
}

function binding(
  rec: JsonRecord,
  kind: string,
  name: string,
  namespace: string | null,
  prefix: string,
): Binding {
  const ref = rec.child('roleRef');
  ref.object('a roleRef');
  const roleKind = ref.str('kind');
  const roleName = ref.str('name');
  const subjects: string[] = [];
  for (const s of rec.list('subjects')) {
    s.object('a subject');
    const subjectKind = s.str('kind');
    const subjectName = s.str('name');
    if (subjectKind === 'ServiceAccount') {
      subjects.push(`${prefix}${s.optStr('namespace') ?? namespace ?? 'default'}/${subjectName}`);
    } else if (subjectKind === 'User') {
      const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subjectName);
      if (m) subjects.push(`${prefix}${m[1]}/${m[2]}`);
    } else if (subjectKind === 'Group') {
      if (subjectName === 'system:serviceaccounts') subjects.push(`${prefix}*/*`);
      const m = /^system:serviceaccounts:([^:]+)$/.exec(subjectName);
      if (m) subjects.push(`${prefix}${m[1]}/*`);
    }
  }
  if (kind === 'RoleBinding' && namespace === null)
    throw rec.error('a RoleBinding without metadata.namespace', 'metadata');
  return {
    label: `${kind} ${kind === 'RoleBinding' ? `${namespace}/` : ''}${name}`,
    roleKey: roleKind === 'Role' ? `Role/${namespace}/${roleName}` : `ClusterRole/${roleName}`,
    clusterWide: kind === 'ClusterRoleBinding',
    subjects,
  };
}

function grantsEverything(rec: JsonRecord): boolean {
  return rec.list('rules').some((r) => {
    r.object('a policy rule');
    const all = (key: string): boolean => r.strings(key).includes('*');
    return all('verbs') && all('resources') && all('apiGroups');
  });
}
