/**
 * Incidents as a population for sampling (issue 17): every incident detected
 * inside the window, in a stable order (detection, then id), so a recorded
 * seed picks the same sample again.
 */
import type { Database } from '../../platform/db/database.js';
import { incidentsInWindow } from './incident.service.js';

/** One member of the incident population. */
export interface IncidentPopulationItem {
  id: string;
  kind: 'incident';
  /** The day the incident was detected. */
  occurredOn: string;
  label: string;
}

/** The incidents of an organization detected inside the window (dates inclusive). */
export async function listIncidentPopulation(
  db: Database,
  orgId: string,
  window: { start: string; end: string },
): Promise<IncidentPopulationItem[]> {
  return (await incidentsInWindow(db, orgId, window)).map((i) => ({
    id: i.id,
    kind: 'incident',
    occurredOn: i.detected_at.slice(0, 10),
    label: `${i.external_id}: ${i.title} (${i.severity})`,
  }));
}
