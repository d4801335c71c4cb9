/**
 * Releases and changes as sampling populations (issue 16: "Releases and
 * changes are populations for sampling"): the sampler calls
 * {@link listChangePopulation} with a kind and a date window and gets the
 * records in one stable order (day, then id).
 */

import {
  type ChangePopulationKind,
  type PopulationRecord,
  populationWithin,
} from '../../core/changes/populations.js';
import { releaseLabel } from '../../core/changes/rules.js';
import type { DateRange } from '../../core/dates.js';
import { inputDateProblem } from '../../core/dates.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { listChangeRows, listReleaseRows } from './changes.repository.js';

export type { PopulationRecord } from '../../core/changes/populations.js';

/** The releases or changes of an organization inside the window (both days included), sorted stably. */
export async function listChangePopulation(
  database: Database,
  orgId: string,
  kind: ChangePopulationKind,
  window: DateRange,
): Promise<PopulationRecord[]> {
  for (const [field, day] of [
    ['start', window.start],
    ['end', window.end],
  ] as const) {
    const problem = inputDateProblem(day);
    if (problem) throw new AppError('invalid_input', `${field}: ${problem}`, { field });
  }
  if (window.end < window.start) throw new AppError('invalid_input', 'end: before start', { field: 'end' });
  const filter = { from: window.start, to: window.end };
  const records: PopulationRecord[] =
    kind === 'release'
      ? (await listReleaseRows(database.db, orgId, filter)).map((r) => ({
          id: r.id,
          kind,
          occurredOn: r.deployed_at.slice(0, 10),
          label: releaseLabel(r.repository, {
            source: r.source as 'deployment' | 'github-release',
            externalId: r.external_id,
            name: r.name,
            sha: r.sha,
          }),
        }))
      : (await listChangeRows(database.db, orgId, filter)).map((c) => ({
          id: c.id,
          kind,
          occurredOn: c.occurred_at.slice(0, 10),
          label: `${c.label} ${c.title}`.slice(0, 300),
        }));
  return populationWithin(records, kind, window);
}
