import { dayCount, daysBetween } from '../components/days';
import { RISKS, type Risk } from '../components/RiskBadge';
import type { Finding } from './queries';

/** Framework ids as people say them. */
export const FRAMEWORK_LABEL: Record<string, string> = {
  soc2: 'SOC 2',
  'nist-csf': 'NIST CSF',
  iso27001: 'ISO 27001',
  'owasp-nhi': 'OWASP NHI',
  'nist-ai-rmf': 'NIST AI RMF',
};

/** How the findings list is narrowed. */
export interface FindingFilter {
  status: 'open' | 'resolved' | 'all';
  severity: Risk | null;
  /** An owner's e-mail, `__none` for unowned, or null for anyone. */
  owner: string | null;
}

const SEVERITY_RANK = Object.fromEntries(RISKS.map((r, i) => [r, i])) as Record<Risk, number>;

/**
 * Applies the filters and orders the list: open findings first, by due date
 * (none last), the most severe first on the same day; then resolved ones,
 * most recently resolved first.
 */
export function filterFindings(items: Finding[], f: FindingFilter): Finding[] {
  const out = items.filter(
    (x) =>
      (f.status === 'all' || (f.status === 'open') === (x.resolvedOn === null)) &&
      (!f.severity || x.severity === f.severity) &&
      (!f.owner || (f.owner === '__none' ? x.ownerEmail === null : x.ownerEmail === f.owner)),
  );
  return out.sort((a, b) => {
    const openA = a.resolvedOn === null;
    const openB = b.resolvedOn === null;
    if (openA !== openB) return openA ? -1 : 1;
    if (!openA) return (b.resolvedOn ?? '').localeCompare(a.resolvedOn ?? '') || a.id.localeCompare(b.id);
    const due = (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31');
    return due || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.title.localeCompare(b.title);
  });
}

/** How pressing a due date is. */
export type DueUrgency = 'overdue' | 'soon' | 'later' | 'none' | 'done';

/** The due date of a finding in words ("overdue by 3 days", "due in 5 days", …) with its urgency. */
export function dueText(
  f: Pick<Finding, 'dueOn' | 'resolvedOn'>,
  today: string,
): { text: string; urgency: DueUrgency } {
  if (f.resolvedOn !== null) return { text: `resolved on ${f.resolvedOn}`, urgency: 'done' };
  if (f.dueOn === null) return { text: 'no due date', urgency: 'none' };
  const days = daysBetween(today, f.dueOn);
  if (days < 0) return { text: `overdue by ${dayCount(-days)}`, urgency: 'overdue' };
  if (days === 0) return { text: 'due today', urgency: 'soon' };
  return { text: `due in ${dayCount(days)}`, urgency: days <= 14 ? 'soon' : 'later' };
}

/** Due-date colours (words carry the same meaning). */
export const DUE_COLOR: Record<DueUrgency, string> = {
  overdue: 'red.9',
  soon: '#a63a0b',
  later: 'gray.8',
  none: 'gray.7',
  done: 'teal.9',
};

/**
 * Whether to offer "Resolve": leads may resolve any open finding, a
 * contributor only the findings they own (the server decides in the end and
 * its refusal is shown in words).
 */
export function mayResolve(
  grant: boolean | 'own' | 'engagement' | undefined,
  personId: string | null | undefined,
  f: Finding,
): boolean {
  if (f.resolvedOn !== null) return false;
  if (grant === true) return true;
  return grant === 'own' && !!personId && f.ownerId === personId;
}

/** Where a finding came from, in words. */
export function sourceLabel(source: string): string {
  if (source === 'manual') return 'raised by hand';
  if (source === 'auditor') return 'auditor';
  if (source.startsWith('rule:')) return `rule ${source.slice(5)}`;
  return source;
}
