import type { Status } from '../api/types';
import type { CriterionStatus, GroupReadiness, RollupReadiness } from './queries';

/** What the framework view can narrow to; `gaps` includes the unmapped criteria (SPEC §4: they are gaps). */
export const CRITERION_FILTERS = ['all', 'gaps', 'unmapped', 'at-risk', 'ready'] as const;
/** One of {@link CRITERION_FILTERS}. */
export type CriterionFilter = (typeof CRITERION_FILTERS)[number];

/** The framework route's search: which criteria to show (`all` is the default and stays out of the URL). */
export function validateFrameworkSearch(search: Record<string, unknown>): { show?: CriterionFilter } {
  const show = search.show as CriterionFilter;
  return CRITERION_FILTERS.includes(show) && show !== 'all' ? { show } : {};
}

/** A control mapped to a criterion, as the criterion row lists it. */
export interface MappedControlRef {
  code: string;
  title: string;
  status: Status;
}

/** One criterion with its mapped in-scope controls, worst first. */
export interface CriterionRow {
  code: string;
  title: string;
  group: string;
  status: CriterionStatus;
  controls: MappedControlRef[];
}

/** Consecutive criteria of one group, with the group's title and its parent's (CSF: function › category). */
export interface CriterionSection {
  code: string;
  title: string;
  parentTitle: string | null;
  rows: CriterionRow[];
}

const WORST_FIRST: Record<Status, number> = {
  gap: 0,
  'at-risk': 1,
  excepted: 2,
  ready: 3,
  'not-applicable': 4,
};

/** The framework's in-scope criteria in catalog order, each joined with its mapped controls. */
export function criterionRows(
  readiness: Pick<RollupReadiness, 'controls' | 'criteria'>,
  frameworkId: string,
): CriterionRow[] {
  const controls = new Map(readiness.controls.map((c) => [c.controlId, c]));
  return readiness.criteria
    .filter((c) => c.frameworkId === frameworkId)
    .map((c) => ({
      code: c.code,
      title: c.title,
      group: c.group,
      status: c.status,
      controls: c.controlIds
        .flatMap((id) => {
          const control = controls.get(id);
          return control ? [{ code: control.code, title: control.title, status: control.status }] : [];
        })
        .sort((a, b) => WORST_FIRST[a.status] - WORST_FIRST[b.status] || a.code.localeCompare(b.code)),
    }));
}

/** Whether a criterion passes the filter. */
export function matchesFilter(status: CriterionStatus, filter: CriterionFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'gaps') return status === 'gap' || status === 'unmapped';
  return status === filter;
}

/** Applies the filter and the search (criterion ID or title, or a mapped control's code or title). */
export function filterCriteria(
  rows: readonly CriterionRow[],
  filter: CriterionFilter,
  search: string,
): CriterionRow[] {
  const q = search.trim().toLowerCase();
  return rows.filter(
    (r) =>
      matchesFilter(r.status, filter) &&
      (!q ||
        `${r.code} ${r.title}`.toLowerCase().includes(q) ||
        r.controls.some((c) => `${c.code} ${c.title}`.toLowerCase().includes(q))),
  );
}

/** Groups rows (already in catalog order) into sections by their group, keeping the order. */
export function sectionsOf(
  rows: readonly CriterionRow[],
  groups: readonly GroupReadiness[],
): CriterionSection[] {
  const byCode = new Map(groups.map((g) => [g.code, g]));
  const sections: CriterionSection[] = [];
  for (const row of rows) {
    const current = sections.at(-1);
    if (current?.code === row.group) {
      current.rows.push(row);
      continue;
    }
    const group = byCode.get(row.group);
    const parent = group?.parent ? byCode.get(group.parent) : undefined;
    sections.push({
      code: row.group,
      title: group?.title ?? row.group,
      parentTitle: parent ? `${parent.code} ${parent.title}` : null,
      rows: [row],
    });
  }
  return sections;
}
