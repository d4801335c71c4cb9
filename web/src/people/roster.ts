import { ApiError } from '../api/client';
import type { Control } from '../api/types';
import type { RosterPerson } from './queries';

/** One roster row: the person, their manager's name and the controls they own or back up. */
export interface RosterRow extends RosterPerson {
  managerName: string | null;
  /** Codes of the controls this person owns (each a gap while the owner is departed). */
  owns: string[];
  /** Codes of the controls this person is the backup owner of. */
  backs: string[];
}

/** How the roster is narrowed: search (name, e-mail, team, manager), status and team. */
export interface RosterFilter {
  search: string;
  status: 'all' | 'active' | 'departed';
  team: string | null;
}

/** Joins people with their manager's name and the controls they own and back up. */
export function rosterRows(people: RosterPerson[], controls: Control[]): RosterRow[] {
  const names = new Map(people.map((p) => [p.email, p.name]));
  const owns = new Map<string, string[]>();
  const backs = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, email: string | undefined, code: string) => {
    if (!email) return;
    const list = map.get(email) ?? [];
    list.push(code);
    map.set(email, list);
  };
  for (const c of controls) {
    add(owns, c.owner?.email, c.code);
    add(backs, c.backupOwner?.email, c.code);
  }
  return people.map((p) => ({
    ...p,
    managerName: p.managerEmail ? (names.get(p.managerEmail) ?? null) : null,
    owns: owns.get(p.email) ?? [],
    backs: backs.get(p.email) ?? [],
  }));
}

/** Applies the roster filters; departed people who still own controls come first (they break readiness). */
export function filterRoster(rows: RosterRow[], f: RosterFilter): RosterRow[] {
  const q = f.search.trim().toLowerCase();
  const out = rows.filter(
    (r) =>
      (f.status === 'all' || r.status === f.status) &&
      (!f.team || r.team === f.team) &&
      (!q ||
        `${r.name} ${r.email} ${r.team ?? ''} ${r.managerName ?? ''} ${r.managerEmail ?? ''}`
          .toLowerCase()
          .includes(q)),
  );
  const broken = (r: RosterRow) => (r.status === 'departed' && r.owns.length > 0 ? 0 : 1);
  return out.sort((a, b) => broken(a) - broken(b) || a.name.localeCompare(b.name));
}

/** Departed people who still own controls, and those controls (each one a gap until it is reassigned). */
export function departuresThatBreak(rows: RosterRow[]): { people: RosterRow[]; controls: string[] } {
  const people = rows.filter((r) => r.status === 'departed' && r.owns.length > 0);
  return { people, controls: people.flatMap((r) => r.owns).sort() };
}

/** Where an all-or-nothing import failed, as the API's error details give it. */
export interface ImportProblem {
  file: string;
  line: number | null;
  column: string | null;
  reason: string;
}

/** The file, line, column and reason of a failed import, or null when the error is of another kind. */
export function importProblemOf(error: unknown): ImportProblem | null {
  if (!(error instanceof ApiError) || error.code !== 'import_failed') return null;
  const d = error.details as { file?: unknown; line?: unknown; column?: unknown; reason?: unknown } | null;
  if (!d || typeof d.reason !== 'string') return null;
  return {
    file: typeof d.file === 'string' ? d.file : 'the file',
    line: typeof d.line === 'number' ? d.line : null,
    column: d.column === undefined || d.column === null ? null : String(d.column),
    reason: d.reason,
  };
}
