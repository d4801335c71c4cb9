import { matchRuleKey, type RuleDomain } from '../../catalogs/rule-links.js';
import type { FindingSyncPlan, KeyedFinding } from '../../core/access-reviews/rules.js';
import { nowIso } from '../../platform/clock.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import type { Write } from '../../platform/ledger/ledger.js';
import { listControls } from '../controls/control.repository.js';
import { insertFindings, resolveFindingRow } from './finding.repository.js';

/** A wanted rule finding as it is stored: its words, owner and the controls (by code) it is linked to. */
export interface StorableRuleFinding extends KeyedFinding {
  title: string;
  description: string;
  ownerId: string | null;
  controlCodes: readonly string[];
}

/** A link of a finding to the rule and subject it is about, in the rule's own table. */
export interface RuleFindingLink {
  finding_id: string;
  org_id: string;
  rule: string;
  subject_key: string;
}

/**
 * Carries out a rule-finding sync plan inside the caller's write (access
 * reviews, policies): opens each wanted finding on its controls (through its
 * key in the rule link map; link rows only for a control set the map lacks) and links it
 * to its rule and subject (`link`), resolves the findings no longer wanted,
 * and writes one ledger entry when anything changed.
 */
export async function applyRuleFindingSync<F extends StorableRuleFinding>(
  w: Write,
  orgId: string,
  at: string,
  plan: FindingSyncPlan<F>,
  options: {
    /** The rule family: the findings link to controls through its keys in the rule link map. */
    domain: RuleDomain;
    source: (finding: F) => string;
    resolution: string;
    recordType: string;
    link: (tx: WriteTx, rows: RuleFindingLink[]) => Promise<void>;
  },
): Promise<{ opened: number; resolved: number }> {
  if (plan.open.length === 0 && plan.resolve.length === 0) return { opened: 0, resolved: 0 };
  const db = w.tx;
  const codes = [...new Set(plan.open.flatMap((o) => o.finding.controlCodes))];
  const controls = new Map((await listControls(db, orgId, { codes })).map((c) => [c.code, c.id]));
  const now = nowIso();
  const created = plan.open.map(({ finding, dueOn }) => ({
    row: {
      id: newId(),
      org_id: orgId,
      title: finding.title,
      description: finding.description,
      severity: finding.severity,
      source: options.source(finding),
      owner_id: finding.ownerId,
      due_on: dueOn,
      opened_on: at,
      resolved_on: null,
      resolution: null,
      created_at: now,
      updated_at: now,
    },
    ruleKey: matchRuleKey(options.domain, finding.rule, { controls: finding.controlCodes, criteria: [] }),
    controlIds: finding.controlCodes
      .map((c) => controls.get(c))
      .filter((id): id is string => id !== undefined),
    criteria: [],
    rule: finding.rule,
    key: finding.key,
  }));
  await insertFindings(db, created);
  await options.link(
    db,
    created.map((c) => ({ finding_id: c.row.id, org_id: orgId, rule: c.rule, subject_key: c.key })),
  );
  for (const id of plan.resolve)
    await resolveFindingRow(db, orgId, id, {
      resolved_on: at,
      resolution: options.resolution,
      updated_at: now,
    });
  w.record({
    action: 'sync',
    recordType: options.recordType,
    recordId: orgId,
    change: {
      at,
      opened: created.map((c) => ({ id: c.row.id, rule: c.rule, key: c.key, title: c.row.title })),
      resolved: plan.resolve,
    },
  });
  return { opened: created.length, resolved: plan.resolve.length };
}
