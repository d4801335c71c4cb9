import type { Control, Readiness, Status } from '../api/types';

/** One row of the control matrix: the control, its readiness and mapped criteria. */
export interface MatrixRow {
  code: string;
  title: string;
  status: Status;
  ownerName: string | null;
  ownerEmail: string | null;
  cadence: string;
  criteria: Record<string, string[]>;
  reasons: number;
}

export interface MatrixFilter {
  status: string | null;
  owner: string | null;
  framework: string | null;
  search: string;
}

export type SortKey = 'code' | 'status' | 'owner' | 'cadence';
const STATUS_RANK: Record<Status, number> = {
  gap: 0,
  'at-risk': 1,
  excepted: 2,
  ready: 3,
  'not-applicable': 4,
};

/** Joins the controls with readiness (status) and the criteria that list them. */
export function buildRows(controls: Control[], readiness: Readiness | undefined): MatrixRow[] {
  const byId = new Map(readiness?.controls.map((c) => [c.controlId, c]) ?? []);
  const criteria = new Map<string, Record<string, string[]>>();
  for (const c of (readiness as { criteria?: CriterionRef[] } | undefined)?.criteria ?? []) {
    for (const id of c.controlIds) {
      const entry = criteria.get(id) ?? {};
      const list = entry[c.frameworkId] ?? [];
      list.push(c.code);
      entry[c.frameworkId] = list;
      criteria.set(id, entry);
    }
  }
  return controls.map((c) => {
    const r = byId.get(c.id);
    return {
      code: c.code,
      title: c.title,
      status: r?.status ?? (c.status === 'not-applicable' ? 'not-applicable' : 'gap'),
      ownerName: c.owner?.name ?? null,
      ownerEmail: c.owner?.email ?? null,
      cadence: c.cadence,
      criteria: criteria.get(c.id) ?? {},
      reasons: r?.reasons.filter((x) => x.severity !== 'info').length ?? 0,
    };
  });
}

interface CriterionRef {
  frameworkId: string;
  code: string;
  controlIds: string[];
}

/** Applies the filters and the search (code, title, owner), then sorts. */
export function filterRows(rows: MatrixRow[], f: MatrixFilter, sort: SortKey, desc: boolean): MatrixRow[] {
  const q = f.search.trim().toLowerCase();
  const out = rows.filter(
    (r) =>
      (!f.status || r.status === f.status) &&
      (!f.owner || (f.owner === '__none' ? r.ownerEmail === null : r.ownerEmail === f.owner)) &&
      (!f.framework || (r.criteria[f.framework]?.length ?? 0) > 0) &&
      (!q || `${r.code} ${r.title} ${r.ownerName ?? ''}`.toLowerCase().includes(q)),
  );
  const key = (r: MatrixRow): string | number =>
    sort === 'status'
      ? STATUS_RANK[r.status]
      : sort === 'owner'
        ? (r.ownerName ?? '~')
        : sort === 'cadence'
          ? r.cadence
          : r.code;
  out.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.code.localeCompare(b.code);
    return desc ? -c : c;
  });
  return out;
}
