/**
 * Re-evaluates an organization's whole inventory at T inside a write: owners
 * matched again against the roster, leaks and workload identities linked,
 * the NHI rules run, and rule findings synced into the findings table
 * (opened, severity updated, resolved when a rule stops firing; manual
 * findings untouched). Writes only what changed, so running it twice on the
 * same day writes nothing the second time.
 */
import { ruleKeyOf } from '../../../catalogs/rule-links.js';
import type { IsoDate } from '../../../core/dates.js';
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import type { Actor } from '../../../core/ledger/chain.js';
import {
  buildOwnerIndex,
  type DetectedFinding,
  evaluateFamilyBatch,
  isSharedAcrossFamilies,
  matchOwner,
  NHI_RULE_CONTROLS,
  type NhiRuleIdentity,
  type NhiThresholds,
  type OpenRuleFinding,
  type OwnerIndex,
  planFindingSync,
  remediationDueOn,
  resolveNhiThresholds,
  ruleFindingSource,
  ruleOwner,
} from '../../../core/nhi/index.js';
import { identityKey } from '../../../core/nhi/order.js';
import { dialectOf, refreshPlannerStatistics } from '../../../platform/db/insert-batches.js';
import type { FindingsTable, NhisTable } from '../../../platform/db/schema.js';
import { lockUntilCommit } from '../../../platform/db/transaction.js';
import { newId } from '../../../platform/ids.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import { listControls } from '../../controls/control.repository.js';
import { insertFindings, resolveFindingRow, updateFindingRow } from '../../findings/finding.repository.js';
import { criterionCodes } from '../../frameworks/framework.repository.js';
import { findPersonById, listPeople } from '../../people/person.repository.js';
import { insertEvents, lastReviewsOf } from '../import/import.repository.js';
import { NhiChangeBatch } from './change-batch.js';
import {
  insertFindingLinks,
  openRuleFindings,
  readThresholds,
  updateFindingLink,
} from './finding.repository.js';
import { createLeakScratch, dropLeakScratch, hasLeaks, type ScratchTx } from './leak.repository.js';
import {
  indexLeakKeys,
  isWorkloadCandidate,
  leakLinksOf,
  offerLeakLinks,
  syncLeakLinks,
  syncWorkloadLinks,
} from './links.js';
import { nhiFamilies, nhisOfFamilies, sharedFamilyRows, updateNhiOwner } from './nhi.repository.js';
import {
  type EvaluationScope,
  evaluationTally,
  planEvaluation,
  recordEvaluation,
  sharedDigestOf,
} from './reevaluation.js';
import { rowToObserved, rowToRuleIdentity } from './rows.js';

/** Who the ledger names for what the NHI rules do on their own (findings, links, roster-driven owners). */
export const NHI_RULES_ACTOR: Actor = { type: 'system', id: 'nhi-rules', label: 'auditready NHI rules' };

/** Families read, evaluated and synced per round. */
const FAMILIES_PER_BATCH = 2000;
/** Findings written (and their ledger entries appended) per round. */
const FINDINGS_BATCH = 500;

type StoredIdentity = NhiRuleIdentity & { id: string };

/** What a refresh changed. */
export interface RefreshCounts {
  findingsOpened: number;
  findingsResolved: number;
  findingsUpdated: number;
  ownersChanged: number;
  leaksChanged: number;
  linksChanged: number;
}

/** The roster as owner matching reads it. */
export async function ownerIndexOf(w: Write, orgId: string): Promise<OwnerIndex> {
  const people = await listPeople(w.tx, orgId);
  return buildOwnerIndex(
    people.map((p) => ({
      id: p.id,
      email: p.email,
      name: p.name,
      status: p.status,
      departedOn: p.departedOn,
    })),
  );
}

/**
 * Makes an organization's NHI writes (imports, token syncs, refreshes) one at
 * a time across connections and processes: each reads the inventory whole
 * before it writes, and two at once on PostgreSQL applied the same new
 * identity twice (a foreign-key failure with two `serve` processes).
 */
export function lockNhiInventory(w: Write, orgId: string): Promise<void> {
  return lockUntilCommit(w.tx, `nhi-inventory:${orgId}`);
}

/**
 * Re-evaluates the inventory at T (see the module comment), a batch of
 * families at a time so that memory grows neither with the inventory nor
 * with the leaks: first every leak's link (each batch offers links to the
 * leaks whose keys meet it, found through a scratch index; the best per
 * leak is kept in a scratch table), then the rules and the findings sync
 * batch by batch; `importId` names the import that triggered it, if any.
 */
export async function refreshNhiInventory(
  w: Write,
  orgId: string,
  opts: {
    at: IsoDate;
    now: string;
    importId: string | null;
    afterBulkWrite?: boolean;
    /** The import's batch; without one the refresh is its own batch, with its own ledger entry when it changed something. */
    batch?: NhiChangeBatch;
    /**
     * The time every row the import wrote carries (`created_at` / `updated_at`): the refresh may then
     * re-evaluate only what can have changed since the last evaluation (`planEvaluation`).
     */
    writtenAt?: string;
  },
): Promise<RefreshCounts> {
  await lockNhiInventory(w, orgId);
  const batch = opts.batch ?? new NhiChangeBatch(newId(), orgId);
  // After an import's bulk writes, the planner must know how big the inventory now is (PostgreSQL only).
  if (opts.afterBulkWrite) {
    await refreshPlannerStatistics(w.tx, ['nhis', 'nhi_events', 'nhi_findings', 'findings', 'nhi_leaks']);
  }
  const owners = await ownerIndexOf(w, orgId);
  const thresholdsText = (await readThresholds(w.tx, orgId)) ?? '{}';
  const thresholds = resolveNhiThresholds(JSON.parse(thresholdsText));
  let ownersChanged = 0;
  const identitiesOf = async (rows: NhisTable[]): Promise<StoredIdentity[]> => {
    ownersChanged += await rematchOwners(w, orgId, rows, owners, { ...opts, batch });
    const reviews = await lastReviewsOf(
      w.tx,
      orgId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const person = r.owner_person_id ? (owners.byId.get(r.owner_person_id) ?? null) : null;
      return {
        ...rowToRuleIdentity(r, ruleOwner(person, r.owner_hint)),
        lastReviewedAt: reviews.get(r.id) ?? null,
      };
    });
  };
  const shared = await identitiesOf(
    await sharedFamilyRows(w.tx, orgId, (r) => isSharedAcrossFamilies(rowToObserved(r))),
  );
  const sharedDigest = sharedDigestOf(shared);
  const scope: EvaluationScope =
    opts.writtenAt === undefined
      ? { kind: 'whole', reason: 'not an import' }
      : await planEvaluation(w, orgId, {
          at: opts.at,
          writtenAt: opts.writtenAt,
          thresholdsText,
          thresholds,
          sharedDigest,
        });
  evaluationTally[scope.kind]++;
  const batches = async function* () {
    if (scope.kind === 'families') {
      for (let i = 0; i < scope.families.length; i += FAMILIES_PER_BATCH) {
        yield await identitiesOf(
          await nhisOfFamilies(w.tx, orgId, scope.families.slice(i, i + FAMILIES_PER_BATCH)),
        );
      }
      return;
    }
    for (let after: string | null = null; ; ) {
      const families = await nhiFamilies(w.tx, orgId, after, FAMILIES_PER_BATCH);
      if (families.length === 0) return;
      yield await identitiesOf(await nhisOfFamilies(w.tx, orgId, families));
      after = families[families.length - 1]!;
    }
  };
  // Leaks are linked through a scratch index of their keys, so neither they nor their links are held whole.
  const scratch =
    scope.kind === 'whole' && (await hasLeaks(w.tx, orgId))
      ? await createLeakScratch(w.tx, dialectOf(w.tx))
      : null;
  if (scratch && (await indexLeakKeys(w, orgId, scratch))) {
    for await (const batch of batches()) await offerLeakLinks(w, orgId, scratch, { batch, shared });
  }
  const leaksChanged = scratch ? await syncLeakLinks(w, orgId, scratch, opts.at, opts.now, batch) : 0;
  const rules = await evaluateInventory(w, orgId, {
    ...opts,
    thresholds,
    shared,
    batches,
    scratch,
    batch,
    // A partial evaluation is planned only when no workload link can change (`planEvaluation`).
    workloadLinks: scope.kind === 'whole',
  });
  // On failure the rollback takes the scratch tables with it (both engines' DDL is transactional).
  if (scratch) await dropLeakScratch(w.tx);
  await batch.flush(w.tx);
  await recordEvaluation(w, orgId, {
    at: opts.at,
    now: opts.now,
    batchId: batch.id,
    thresholdsText,
    sharedDigest,
    scan: scope.kind === 'families' ? scope.scan : null,
  });
  // A refresh of its own that changed something: one entry committing to all of it (an import's entry does that).
  if (!opts.batch && batch.size > 0) {
    w.record({
      action: 'refresh',
      recordType: 'nhi-refresh',
      recordId: batch.id,
      change: { at: opts.at, ...batch.commitment() },
    });
  }
  return { ...rules, ownersChanged, leaksChanged };
}

/** Second pass: the rules on every batch, findings synced, then the workload-identity links. */
async function evaluateInventory(
  w: Write,
  orgId: string,
  opts: {
    at: IsoDate;
    now: string;
    thresholds: NhiThresholds;
    shared: StoredIdentity[];
    batches: () => AsyncGenerator<StoredIdentity[]>;
    scratch: ScratchTx | null;
    batch: NhiChangeBatch;
    workloadLinks: boolean;
  },
): Promise<Omit<RefreshCounts, 'ownersChanged' | 'leaksChanged'>> {
  const { thresholds, shared, scratch } = opts;
  const counts = { findingsOpened: 0, findingsResolved: 0, findingsUpdated: 0 };
  const workload: StoredIdentity[] = [];
  for await (const batch of opts.batches()) {
    const links = scratch ? await leakLinksOf(w, orgId, scratch, batch) : new Map();
    const findings = evaluateFamilyBatch({ at: opts.at, thresholds, batch, shared }, links);
    const byKey = new Map(batch.map((i) => [identityKey(i), i]));
    const detected = findings.flatMap((finding) => {
      const identity = byKey.get(
        identityKey({ provider: finding.provider, externalId: finding.nhiExternalId }),
      );
      return identity ? [{ nhiId: identity.id, finding, identity }] : [];
    });
    const open = await openRuleFindings(
      w.tx,
      orgId,
      [...byKey.values()].map((i) => i.id),
    );
    const synced = await syncRuleFindings(w, orgId, open, detected, opts);
    counts.findingsOpened += synced.findingsOpened;
    counts.findingsResolved += synced.findingsResolved;
    counts.findingsUpdated += synced.findingsUpdated;
    workload.push(...batch.filter(isWorkloadCandidate));
  }
  const linksChanged = opts.workloadLinks ? await syncWorkloadLinks(w, orgId, workload, opts.batch) : 0;
  return { ...counts, linksChanged };
}

/** Identities whose hint now names another person of the roster (or nobody); assigned owners stay. */
async function rematchOwners(
  w: Write,
  orgId: string,
  rows: NhisTable[],
  owners: OwnerIndex,
  opts: { now: string; importId: string | null; batch: NhiChangeBatch },
): Promise<number> {
  const events = [];
  for (const r of rows) {
    if (r.owner_source === 'assigned') continue;
    const person = matchOwner(owners, r.owner_hint);
    const next = person?.id ?? null;
    if (next === r.owner_person_id) continue;
    const change = { owner_person_id: next, owner_source: person ? 'inferred' : null, updated_at: opts.now };
    await updateNhiOwner(w.tx, orgId, r.id, change);
    const details = {
      fromPersonId: r.owner_person_id,
      toPersonId: next,
      hint: r.owner_hint,
      reason: 'roster',
    };
    events.push(
      opts.batch.event({
        id: newId(),
        org_id: orgId,
        nhi_id: r.id,
        import_id: opts.importId,
        type: 'owner-changed',
        at: opts.now,
        details: canonicalJson(details),
      }),
    );
    Object.assign(r, change);
  }
  await insertEvents(w.tx, events);
  return events.length;
}

/** The starter control of the NHI inventory: its owner answers for rule findings of identities without one. */
const NHI_INVENTORY_CONTROL = 'NHI-01';

async function syncRuleFindings(
  w: Write,
  orgId: string,
  open: OpenRuleFinding[],
  detected: (DetectedFinding & { identity: NhiRuleIdentity })[],
  opts: { at: IsoDate; now: string; batch: NhiChangeBatch },
): Promise<Pick<RefreshCounts, 'findingsOpened' | 'findingsResolved' | 'findingsUpdated'>> {
  const plan = planFindingSync(open, detected);
  const identityOf = new Map(detected.map((d) => [d.nhiId, d.identity]));
  if (plan.open.length + plan.resolve.length + plan.update.length === 0) {
    return { findingsOpened: 0, findingsResolved: 0, findingsUpdated: 0 };
  }
  const codes = [...new Set([...Object.values(NHI_RULE_CONTROLS).flat(), NHI_INVENTORY_CONTROL])];
  const ruleControls = await listControls(w.tx, orgId, { codes });
  const controlIds = new Map(ruleControls.map((c) => [c.code, c.id]));
  // A rule finding without an active identity owner goes to the NHI inventory control's active owner.
  const inventoryOwnerId = ruleControls.find((c) => c.code === NHI_INVENTORY_CONTROL)?.ownerId ?? null;
  const inventoryOwner = inventoryOwnerId ? await findPersonById(w.tx, orgId, inventoryOwnerId) : undefined;
  const fallbackOwnerId = inventoryOwner?.status === 'active' ? inventoryOwner.id : null;
  const catalog = plan.open.length > 0 ? await criterionCodes(w.tx) : new Map<string, Set<string>>();
  for (let i = 0; i < plan.open.length; i += FINDINGS_BATCH) {
    const created = plan.open.slice(i, i + FINDINGS_BATCH).map(({ nhiId, finding }) => {
      const identity = identityOf.get(nhiId);
      const row: FindingsTable = {
        id: newId(),
        org_id: orgId,
        title: `${finding.title}: ${identity?.name ?? finding.nhiExternalId}`.slice(0, 300),
        description: finding.message.slice(0, 5000),
        severity: finding.severity,
        source: ruleFindingSource(finding.rule),
        owner_id:
          (identity?.owner.status === 'active' ? (identity.owner.personId ?? null) : null) ?? fallbackOwnerId,
        due_on: remediationDueOn(finding.severity, opts.at),
        opened_on: opts.at,
        resolved_on: null,
        resolution: null,
        created_at: opts.now,
        updated_at: opts.now,
      };
      const controls = (NHI_RULE_CONTROLS[finding.rule] ?? []).filter((c) => controlIds.has(c));
      const criteria = [
        ...finding.soc2.map((code) => ({ frameworkId: 'soc2', code })),
        ...finding.owasp.map((code) => ({ frameworkId: 'owasp-nhi', code })),
      ].filter((c) => catalog.get(c.frameworkId)?.has(c.code));
      opts.batch.change({
        action: 'create',
        recordType: 'finding',
        recordId: row.id,
        change: { ...row, controls, criteria, nhiId, rule: finding.rule },
      });
      const link = {
        finding_id: row.id,
        org_id: orgId,
        nhi_id: nhiId,
        rule: finding.rule,
        details: findingDetails(finding),
      };
      return {
        row,
        ruleKey: ruleKeyOf('nhi', finding.rule),
        controlIds: controls.map((c) => controlIds.get(c) ?? ''),
        criteria,
        link,
      };
    });
    await insertFindings(w.tx, created);
    await insertFindingLinks(
      w.tx,
      created.map((c) => c.link),
    );
    await opts.batch.flush(w.tx);
  }
  for (const f of plan.resolve) {
    const fields = {
      resolved_on: f.openedOn && f.openedOn > opts.at ? f.openedOn : opts.at,
      resolution: `no longer detected by rule ${f.rule}`,
      updated_at: opts.now,
    };
    await resolveFindingRow(w.tx, orgId, f.findingId, fields);
    opts.batch.change({ action: 'resolve', recordType: 'finding', recordId: f.findingId, change: fields });
  }
  for (const { existing, detected: d } of plan.update) {
    const fields = {
      severity: d.finding.severity,
      description: d.finding.message.slice(0, 5000),
      due_on: remediationDueOn(d.finding.severity, existing.openedOn ?? opts.at),
      updated_at: opts.now,
    };
    await updateFindingRow(w.tx, orgId, existing.findingId, fields);
    await updateFindingLink(w.tx, orgId, existing.findingId, findingDetails(d.finding));
    opts.batch.change({
      action: 'update',
      recordType: 'finding',
      recordId: existing.findingId,
      change: { severity: [existing.severity, d.finding.severity], dueOn: fields.due_on },
    });
  }
  await opts.batch.flush(w.tx);
  return {
    findingsOpened: plan.open.length,
    findingsResolved: plan.resolve.length,
    findingsUpdated: plan.update.length,
  };
}

function findingDetails(f: DetectedFinding['finding']): string {
  return canonicalJson({ owasp: f.owasp, cis: f.cis, soc2: f.soc2, evidence: f.evidence });
}
