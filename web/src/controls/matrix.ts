import type { Cadence, FrameworkId } from '@server/core/vocabulary';
import { CADENCES } from '../../../src/core/vocabulary';
import type { ControlListItem, PersonRef, Readiness, Status } from '../api/types';

/** One row of the control matrix: the control, its readiness, crosswalk and next due date. */
export interface MatrixRow {
  code: string;
  title: string;
  status: Status;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  /** The owner's roster status (`active`, `departed`), null without an owner. */
  ownerStatus: string | null;
  cadence: Cadence;
  /** Criterion codes per framework id. */
  criteria: Record<string, string[]>;
  /** SOC 2 categories (CC1…CC9, A1, C1, PI1, P1–P8) of the mapped SOC 2 criteria. */
  categories: string[];
  nextDue: { dueOn: string; requirementCode: string } | null;
  reasons: number;
}

export interface MatrixFilter {
  status: string | null;
  owner: string | null;
  category: string | null;
  framework: string | null;
  search: string;
}

/** Every column the matrix sorts by. */
export type SortKey = 'code' | 'title' | 'status' | 'owner' | 'cadence' | 'nextDue' | 'criteria';

/** The review cadences, shortest first (the order the cadence column sorts in): the core's own list (src/core is pure, safe to bundle). */
export { CADENCES };

/** The frameworks a control maps to, with the names people use. */
export const FRAMEWORKS: { value: FrameworkId; label: string }[] = [
  { value: 'soc2', label: 'SOC 2' },
  { value: 'iso27001', label: 'ISO 27001' },
  { value: 'nist-csf', label: 'NIST CSF' },
  { value: 'owasp-nhi', label: 'OWASP NHI' },
  { value: 'nist-ai-rmf', label: 'NIST AI RMF' },
];

const STATUS_RANK: Record<Status, number> = {
  gap: 0,
  'at-risk': 1,
  excepted: 2,
  ready: 3,
  'not-applicable': 4,
};
const CODES = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Joins the listed controls with readiness (status and open reasons). */
export function buildRows(controls: ControlListItem[], readiness: Readiness | undefined): MatrixRow[] {
  const byId = new Map(readiness?.controls.map((c) => [c.controlId, c]) ?? []);
  return controls.map((c) => {
    const r = byId.get(c.id);
    return {
      code: c.code,
      title: c.title,
      status: r?.status ?? (c.status === 'not-applicable' ? 'not-applicable' : 'gap'),
      ownerId: c.owner?.id ?? null,
      ownerName: c.owner?.name ?? null,
      ownerEmail: c.owner?.email ?? null,
      ownerStatus: c.owner?.status ?? null,
      cadence: c.cadence,
      criteria: c.mappings ?? {},
      categories: c.categories ?? [],
      nextDue: c.nextDue ?? null,
      reasons: r?.reasons.filter((x) => x.severity !== 'info').length ?? 0,
    };
  });
}

const CATEGORY_FAMILIES = ['CC', 'A', 'C', 'PI', 'P'];

/** Orders SOC 2 categories the way the catalog does: CC1…CC9, A1, C1, PI1, P1…P8. */
export function compareCategories(a: string, b: string): number {
  const rank = (code: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(code);
    const family = m ? CATEGORY_FAMILIES.indexOf(m[1]!) : -1;
    return [family === -1 ? CATEGORY_FAMILIES.length : family, m ? Number(m[2]) : 0] as const;
  };
  const [fa, na] = rank(a);
  const [fb, nb] = rank(b);
  return fa - fb || na - nb || a.localeCompare(b);
}

/** The SOC 2 categories the listed controls map to, as filter options (`CC6 · title` when the title is known). */
export function categoryOptions(
  rows: MatrixRow[],
  titles: Map<string, string>,
): { value: string; label: string }[] {
  const codes = new Set(rows.flatMap((r) => r.categories));
  return [...codes].sort(compareCategories).map((code) => ({
    value: code,
    label: titles.has(code) ? `${code} · ${titles.get(code)}` : code,
  }));
}

/** Whether a due date has passed (overdue), is within two weeks (soon) or later, at `today`. */
export function dueState(dueOn: string, today: string): 'overdue' | 'soon' | 'later' {
  if (dueOn < today) return 'overdue';
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + 14);
  return dueOn <= soon.toISOString().slice(0, 10) ? 'soon' : 'later';
}

/** Applies the filters and the search (code, title, owner, criterion codes), then sorts. */
export function filterRows(rows: MatrixRow[], f: MatrixFilter, sort: SortKey, desc: boolean): MatrixRow[] {
  const q = f.search.trim().toLowerCase();
  const shown = f.framework ?? 'soc2';
  const out = rows.filter(
    (r) =>
      (!f.status || r.status === f.status) &&
      (!f.owner || (f.owner === '__none' ? needsOwner(r) : r.ownerEmail === f.owner)) &&
      (!f.category || r.categories.includes(f.category)) &&
      (!f.framework || (r.criteria[f.framework]?.length ?? 0) > 0) &&
      (!q ||
        `${r.code} ${r.title} ${r.ownerName ?? ''} ${Object.values(r.criteria).flat().join(' ')}`
          .toLowerCase()
          .includes(q)),
  );
  // Rows without a value (no owner, nothing due, no criteria) go last in either direction.
  const key = (r: MatrixRow): string | number | null => {
    switch (sort) {
      case 'status':
        return STATUS_RANK[r.status];
      case 'owner':
        return r.ownerName;
      case 'cadence':
        return CADENCES.indexOf(r.cadence);
      case 'nextDue':
        return r.nextDue?.dueOn ?? null;
      case 'criteria':
        return r.criteria[shown]?.[0] ?? null;
      case 'title':
        return r.title;
      default:
        return r.code;
    }
  };
  const keys = new Map(out.map((r) => [r, key(r)]));
  out.sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    if (ka === null || kb === null) {
      if (ka === kb) return CODES.compare(a.code, b.code);
      return ka === null ? 1 : -1;
    }
    const c =
      typeof ka === 'number' && typeof kb === 'number' ? ka - kb : CODES.compare(String(ka), String(kb));
    const ordered = c !== 0 ? c : CODES.compare(a.code, b.code);
    return desc ? -ordered : ordered;
  });
  return out;
}

/** A change made by hand in the matrix, applied to the cached list before the server answers. */
export type ControlChange = { kind: 'owner'; owner: PersonRef } | { kind: 'cadence'; cadence: Cadence };

/** The listed controls with one control changed (a new array; the others are the same objects). */
export function applyChange(
  controls: ControlListItem[],
  code: string,
  change: ControlChange,
): ControlListItem[] {
  return controls.map((c) => {
    if (c.code !== code) return c;
    return change.kind === 'owner' ? { ...c, owner: change.owner } : { ...c, cadence: change.cadence };
  });
}

/** A control needs an owner when it has none or its owner is no longer active (departed). */
export function needsOwner(r: Pick<MatrixRow, 'ownerEmail' | 'ownerStatus'>): boolean {
  return r.ownerEmail === null || (r.ownerStatus !== null && r.ownerStatus !== 'active');
}
