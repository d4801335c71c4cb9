import type { TrustCategory } from '../records.js';
import { compareText, naturalCompare } from './order.js';
import type {
  CategoryReadiness,
  ControlReadiness,
  CriterionCounts,
  CriterionReadiness,
  CriterionStatus,
  FrameworkReadiness,
} from './schema.js';
import { isCriterionInScope } from './scope.js';
import type { CriterionMapping, ReadinessFramework } from './types.js';

/** The in-scope controls of a run with their mappings. */
export interface MappedControl {
  result: ControlReadiness;
  mappings: readonly CriterionMapping[];
}

/** Roll-up order for criteria: the worst mapped control decides (gap > at-risk > excepted > ready). */
const WORST_FIRST = ['gap', 'at-risk', 'excepted', 'ready'] as const;

/** A criterion's status from the statuses of its mapped in-scope controls. */
export function criterionStatus(statuses: readonly ControlReadiness['status'][]): CriterionStatus {
  if (statuses.length === 0) return 'unmapped';
  for (const status of WORST_FIRST) if (statuses.includes(status)) return status;
  return 'not-applicable';
}

/** Empty counts of criteria by status. */
export function emptyCriterionCounts(): CriterionCounts {
  return { gap: 0, 'at-risk': 0, excepted: 0, ready: 0, 'not-applicable': 0, unmapped: 0 };
}

/**
 * Share of satisfied criteria: ready or excepted (SPEC §4: a criterion is
 * ready when every mapped control is ready or excepted) over all but the not
 * applicable ones; unmapped criteria count against it. Null when nothing counts.
 */
export function criteriaScore(c: CriterionCounts): number | null {
  const total = c.gap + c['at-risk'] + c.excepted + c.ready + c.unmapped;
  return total === 0 ? null : (c.ready + c.excepted) / total;
}

/** Criteria, group and framework roll-ups; SOC 2 limited to the engagement's categories. */
export function rollUpCriteria(
  frameworks: readonly ReadinessFramework[],
  controls: readonly MappedControl[],
  categories: ReadonlySet<TrustCategory> | null,
): { criteria: CriterionReadiness[]; categories: CategoryReadiness[]; frameworks: FrameworkReadiness[] } {
  const mapped = new Map<string, ControlReadiness[]>();
  for (const { result, mappings } of controls) {
    for (const key of new Set(mappings.map((m) => mappingKey(m.frameworkId, m.criterionCode)))) {
      const list = mapped.get(key) ?? [];
      mapped.set(key, list);
      list.push(result);
    }
  }
  const out = {
    criteria: [] as CriterionReadiness[],
    categories: [] as CategoryReadiness[],
    frameworks: [] as FrameworkReadiness[],
  };
  for (const fw of [...frameworks].sort((a, b) => compareText(a.id, b.id))) {
    const criteria = rollUpFrameworkCriteria(fw, mapped, categories);
    const counts = emptyCriterionCounts();
    for (const c of criteria) counts[c.status]++;
    out.criteria.push(...criteria);
    out.categories.push(...rollUpGroups(fw, criteria));
    out.frameworks.push({ frameworkId: fw.id, name: fw.name, counts, score: criteriaScore(counts) });
  }
  return out;
}

/** One framework's in-scope criteria, each with the status of its mapped controls, in code order. */
function rollUpFrameworkCriteria(
  fw: ReadinessFramework,
  mapped: ReadonlyMap<string, ControlReadiness[]>,
  categories: ReadonlySet<TrustCategory> | null,
): CriterionReadiness[] {
  const byCode = new Map<string, ReadinessFramework['criteria'][number]>();
  for (const c of fw.criteria) {
    if (!byCode.has(c.code) && isCriterionInScope(fw.id, c.code, categories)) byCode.set(c.code, c);
  }
  return [...byCode.values()]
    .sort((a, b) => naturalCompare(a.code, b.code))
    .map((c) => {
      const results = [...(mapped.get(mappingKey(fw.id, c.code)) ?? [])].sort(
        (a, b) => naturalCompare(a.code, b.code) || compareText(a.controlId, b.controlId),
      );
      return {
        frameworkId: fw.id,
        code: c.code,
        group: c.group,
        title: c.title,
        status: criterionStatus(results.map((r) => r.status)),
        controlIds: results.map((r) => r.controlId),
      };
    });
}

/** Counts per group, every criterion also counting towards the groups enclosing its own. */
function rollUpGroups(fw: ReadinessFramework, criteria: readonly CriterionReadiness[]): CategoryReadiness[] {
  const groups = new Map(fw.groups.map((g) => [g.code, g]));
  const counts = new Map<string, CriterionCounts>();
  for (const c of criteria) {
    const visited = new Set<string>();
    for (let code: string | undefined = c.group; code !== undefined && !visited.has(code); ) {
      visited.add(code);
      const bucket = counts.get(code) ?? emptyCriterionCounts();
      counts.set(code, bucket);
      bucket[c.status]++;
      code = groups.get(code)?.parent;
    }
  }
  return [...counts.entries()]
    .filter(([code]) => groups.has(code))
    .sort(([a], [b]) => naturalCompare(a, b))
    .map(([code, c]) => {
      const g = groups.get(code);
      return {
        frameworkId: fw.id,
        code,
        title: g?.title ?? code,
        parent: g?.parent ?? null,
        counts: c,
        score: criteriaScore(c),
      };
    });
}

function mappingKey(frameworkId: string, criterionCode: string): string {
  return `${frameworkId}\u0000${criterionCode}`;
}
