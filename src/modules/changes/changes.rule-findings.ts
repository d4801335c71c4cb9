/**
 * The change rules' findings of one repository after an import: each rule
 * violation the rules detected (src/core/changes/rules.ts) is one finding,
 * opened once, resolved when it is no longer detected, updated when its
 * severity changes (docs/decisions/0024). Set-based: the repository's open
 * rule findings are read in one query, the new ones written in batches.
 */
import { ruleKeyOf } from '../../catalogs/rule-links.js';
import { remediationDueOn } from '../../core/at-date.js';
import {
  CHANGE_RULE_CONTROLS,
  CHANGE_RULE_CRITERIA,
  changeFindingSource,
  planChangeFindingSync,
} from '../../core/changes/rules.js';
import type { ChangeFinding } from '../../core/changes/types.js';
import { maxDate } from '../../core/dates.js';
import type { FindingsTable } from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
import type { Write } from '../../platform/ledger/ledger.js';
import { listControls } from '../controls/control.repository.js';
import { insertFindings, resolveFindingRow, updateFindingRow } from '../findings/finding.repository.js';
import { criterionCodes } from '../frameworks/framework.repository.js';
import { insertChangeFindingLinks, openChangeFindings } from './changes.repository.js';
import type { ChangeImportCounts } from './changes.schema.js';

/** Opens, resolves and updates the change rules' findings of a repository (one per rule and subject). */
export async function syncChangeFindings(
  w: Write,
  orgId: string,
  repositoryId: string,
  detected: ChangeFinding[],
  opts: { at: string; now: string },
): Promise<Pick<ChangeImportCounts, 'findingsOpened' | 'findingsResolved' | 'findingsUpdated'>> {
  const plan = planChangeFindingSync(await openChangeFindings(w.tx, orgId, repositoryId), detected);
  if (plan.open.length > 0) {
    const codes = [...new Set(Object.values(CHANGE_RULE_CONTROLS).flat())];
    const controlIds = new Map((await listControls(w.tx, orgId, { codes })).map((c) => [c.code, c.id]));
    const catalog = await criterionCodes(w.tx);
    const criteria = CHANGE_RULE_CRITERIA.filter((code) => catalog.get('soc2')?.has(code)).map((code) => ({
      frameworkId: 'soc2',
      code,
    }));
    const created = plan.open.map((f) => {
      const row: FindingsTable = {
        id: newId(),
        org_id: orgId,
        title: f.title.slice(0, 300),
        description: f.message.slice(0, 5000),
        severity: f.severity,
        source: changeFindingSource(f.rule),
        owner_id: null,
        due_on: remediationDueOn(f.severity, opts.at),
        opened_on: opts.at,
        resolved_on: null,
        resolution: null,
        created_at: opts.now,
        updated_at: opts.now,
      };
      const controls = (CHANGE_RULE_CONTROLS[f.rule] ?? []).filter((c) => controlIds.has(c));
      w.record({
        action: 'create',
        recordType: 'finding',
        recordId: row.id,
        change: { ...row, controls, criteria, subject: f.subjectLabel, rule: f.rule },
      });
      return {
        row,
        ruleKey: ruleKeyOf('change', f.rule),
        controlIds: controls.map((c) => controlIds.get(c)!),
        criteria,
        link: {
          finding_id: row.id,
          org_id: orgId,
          repository_id: repositoryId,
          subject_key: f.subjectKey,
          rule: f.rule,
        },
      };
    });
    await insertFindings(w.tx, created);
    await insertChangeFindingLinks(
      w.tx,
      created.map((c) => c.link),
    );
  }
  for (const f of plan.resolve) {
    const fields = {
      resolved_on: maxDate(f.openedOn, opts.at),
      resolution: `no longer detected by rule ${f.rule}`,
      updated_at: opts.now,
    };
    await resolveFindingRow(w.tx, orgId, f.findingId, fields);
    w.record({ action: 'resolve', recordType: 'finding', recordId: f.findingId, change: fields });
  }
  for (const { existing, detected: d } of plan.update) {
    const fields = {
      severity: d.severity,
      description: d.message.slice(0, 5000),
      due_on: remediationDueOn(d.severity, existing.openedOn),
      updated_at: opts.now,
    };
    await updateFindingRow(w.tx, orgId, existing.findingId, fields);
    w.record({
      action: 'update',
      recordType: 'finding',
      recordId: existing.findingId,
      change: { severity: [existing.severity, d.severity], dueOn: fields.due_on },
    });
  }
  return {
    findingsOpened: plan.open.length,
    findingsResolved: plan.resolve.length,
    findingsUpdated: plan.update.length,
  };
}
