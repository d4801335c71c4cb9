// Policies and their versions: created, a new version added, a version approved (its text then system
// evidence) (docs/decisions/0029).
import type { Actor } from '../../core/ledger/chain.js';
import { POLICY_CONTROLS } from '../../core/policies/rules.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { PoliciesTable, PolicyVersionsTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { listControls } from '../controls/control.repository.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { listPeople } from '../people/person.repository.js';
import {
  approveVersionRow,
  findPolicyRow,
  insertPolicy,
  insertVersion,
  listVersionRows,
} from './policy.repository.js';
import {
  approveInputSchema,
  type PolicyView,
  policyInputSchema,
  versionInputSchema,
} from './policy.schema.js';
import {
  checkDate,
  currentVersion,
  getPolicy,
  invalid,
  POLICY_REVIEWER,
  parse,
  personByEmail,
  requirePolicy,
  storeText,
  syncPolicyFindings,
} from './policy.service.js';

/** Creates a policy with its first version (a draft until approved). */
export async function createPolicy(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<PolicyView> {
  const p = parse(policyInputSchema, input);
  const at = checkDate(options.at ?? todayIso(), 'at');
  const { database } = stores;
  if (await findPolicyRow(database.db, orgId, p.key))
    throw new AppError('conflict', `a policy with the key ${p.key} exists already`, { field: 'key' });
  const owner = await personByEmail(database, orgId, p.owner, 'owner');
  const approver = p.approver ? await personByEmail(database, orgId, p.approver, 'approver') : null;
  const codes = [...new Set(p.controls)];
  const controls = await listControls(database.db, orgId, { codes });
  const missing = codes.filter((c) => !controls.some((k) => k.code === c));
  if (missing.length > 0)
    throw new AppError('not_found', `controls: ${missing.join(', ')} not found`, { field: 'controls' });
  const stored = await storeText(stores, p.text);
  const now = nowIso();
  const policy: PoliciesTable = {
    id: newId(),
    org_id: orgId,
    key: p.key,
    title: p.title,
    owner_id: owner.id,
    approver_id: approver?.id ?? null,
    review_cadence: p.reviewCadence,
    created_at: now,
    updated_at: now,
  };
  const version: PolicyVersionsTable = {
    id: newId(),
    org_id: orgId,
    policy_id: policy.id,
    version: 1,
    sha256: stored.sha256,
    size: stored.size,
    summary: p.summary,
    created_on: at,
    approved_on: null,
    approved_by: null,
    created_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertPolicy(
      w.tx,
      policy,
      controls.map((c) => ({ policy_id: policy.id, org_id: orgId, control_id: c.id })),
      version,
    );
    w.record({
      action: 'create',
      recordType: 'policy',
      recordId: policy.id,
      change: { ...policy, controls: codes, version: { ...version } },
    });
    await syncPolicyFindings(w, orgId, at);
  });
  return getPolicy(stores, orgId, policy.id, { at });
}

/** Adds a new version of a policy's text (a draft until approved); the same text as the latest is refused. */
export async function addPolicyVersion(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrKey: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<PolicyView> {
  const v = parse(versionInputSchema, input);
  const at = checkDate(options.at ?? todayIso(), 'at');
  const policy = await requirePolicy(stores.database.db, orgId, idOrKey);
  const versions = await listVersionRows(stores.database.db, orgId, policy.id);
  const latest = versions[versions.length - 1]!;
  const stored = await storeText(stores, v.text);
  if (stored.sha256 === latest.sha256)
    throw new AppError('conflict', `the text is the same as version ${latest.version} of ${policy.key}`, {
      field: 'text',
    });
  const row: PolicyVersionsTable = {
    id: newId(),
    org_id: orgId,
    policy_id: policy.id,
    version: latest.version + 1,
    sha256: stored.sha256,
    size: stored.size,
    summary: v.summary,
    created_on: at,
    approved_on: null,
    approved_by: null,
    created_at: nowIso(),
  };
  await write(stores.database, { actor, orgId }, async (w) => {
    await insertVersion(w.tx, row);
    w.record({ action: 'create', recordType: 'policy-version', recordId: row.id, change: { ...row } });
  });
  return getPolicy(stores, orgId, policy.id, { at });
}

/**
 * Approves a version (the latest unless named) by the policy's approver
 * unless another person is named: it becomes the version in force, so every
 * active person is asked to acknowledge it again, and its text is recorded
 * as system evidence on the approved-policies requirement (GOV-07-E2).
 */
export async function approvePolicy(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrKey: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<PolicyView> {
  const a = parse(approveInputSchema, input);
  const at = checkDate(options.at ?? todayIso(), 'at');
  const approvedOn = a.approvedOn ?? at;
  const { database } = stores;
  const policy = await requirePolicy(database.db, orgId, idOrKey);
  const versions = await listVersionRows(database.db, orgId, policy.id);
  const version =
    a.version === undefined ? versions[versions.length - 1]! : versions.find((v) => v.version === a.version);
  if (!version) throw new AppError('not_found', `version ${a.version} of ${policy.key} not found`);
  if (version.approved_on !== null)
    throw new AppError(
      'conflict',
      `version ${version.version} of ${policy.key} was approved on ${version.approved_on}`,
    );
  const current = currentVersion(versions, policy.id);
  if (current && current.version > version.version)
    throw new AppError(
      'conflict',
      `version ${current.version} of ${policy.key} is in force already: approve a newer version, not version ${version.version}`,
    );
  if (current && approvedOn < current.approved_on!)
    throw invalid('approvedOn', `before the approval of version ${current.version} (${current.approved_on})`);
  if (approvedOn > todayIso()) throw invalid('approvedOn', `${approvedOn} is in the future`);
  if (approvedOn < version.created_on)
    throw invalid('approvedOn', `before version ${version.version} was written (${version.created_on})`);
  const approverId = a.approver
    ? (await personByEmail(database, orgId, a.approver, 'approver')).id
    : policy.approver_id;
  if (!approverId)
    throw invalid('approver', `${policy.key} has no approver: name the person who approves it`);
  const approver = (await listPeople(database.db, orgId)).find((p) => p.id === approverId)!;
  if (approver.status !== 'active') throw invalid('approver', `${approver.email} has departed`);
  await write(database, { actor, orgId }, async (w) => {
    await approveVersionRow(
      w.tx,
      orgId,
      { id: version.id, policyId: policy.id },
      { approved_on: approvedOn, approved_by: approverId, updated_at: nowIso() },
    );
    w.record({
      action: 'approve',
      recordType: 'policy-version',
      recordId: version.id,
      change: {
        policyId: policy.id,
        version: version.version,
        approvedOn: [null, approvedOn],
        approvedBy: approverId,
        sha256: version.sha256,
      },
    });
    await recordSystemEvidence(w, orgId, {
      requirementCodes: [POLICY_CONTROLS.approvedText],
      stored: {
        sha256: version.sha256,
        size: version.size,
        fileName: `${policy.key}-v${version.version}.md`,
        mediaType: 'text/markdown',
        url: null,
      },
      effectiveOn: approvedOn,
      description: `${policy.title} version ${version.version}, approved on ${approvedOn} by ${approver.email}`,
      reviewer: POLICY_REVIEWER,
    });
    await syncPolicyFindings(w, orgId, at);
  });
  return getPolicy(stores, orgId, policy.id, { at });
}
