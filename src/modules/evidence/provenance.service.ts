import { provenanceOn, provenanceShare, provenanceTrend } from '../../core/provenance/provenance.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { listControlDetails } from '../controls/control.repository.js';
import { listProvenanceRows } from './provenance.repository.js';
import type { ProvenanceReport } from './provenance.schema.js';

/** Weeks the trend covers by default. */
export const PROVENANCE_WEEKS = 12;

/**
 * How the organization's current evidence was produced (docs/decisions/0030):
 * the share that is system-generated overall and per control (every control,
 * by code; a control without evidence has no share), and the overall share at
 * the end of each of the last `weeks` weeks, counted from the evidence history.
 */
export async function getProvenance(
  database: Database,
  orgId: string,
  options: { weeks?: number } = {},
): Promise<ProvenanceReport> {
  const at = todayIso();
  const [rows, controls] = await Promise.all([
    listProvenanceRows(database.db, orgId),
    listControlDetails(database.db, orgId),
  ]);
  const { overall, byControl } = provenanceOn(rows, at);
  return {
    at,
    overall,
    controls: controls
      .map((c) => ({
        controlId: c.id,
        code: c.code,
        title: c.title,
        ...(byControl.get(c.id) ?? provenanceShare(0, 0)),
      }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    trend: provenanceTrend(rows, at, options.weeks ?? PROVENANCE_WEEKS),
  };
}
