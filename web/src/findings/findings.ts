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
  /** Raised by hand, by an NHI rule, or by anything else; null for any source. */
  source?: Finding['sourceKind'] | null;
  /** Open findings by due date (the default) or by severity, most severe first. */
  sort?: 'due' | 'severity';
}

/** The source filter's choices, in words. */
export const SOURCE_CHOICES: { value: Finding['sourceKind']; label: string }[] = [
  { value: 'manual', label: 'Raised by hand' },
  { value: 'nhi-rule', label: 'NHI rules' },
  { value: 'other', label: 'Other sources' },
];

const SEVERITY_RANK = Object.fromEntries(RISKS.map((r, i) => [r, i])) as Record<Risk, number>;

/**
 * Applies the filters and orders the list: open findings first, by due date
 * (none last), the most severe first on the same day — or, sorted by
 * severity, the most severe first, the earliest due first within one
 * severity; then resolved ones, most recently resolved first.
 */
export function filterFindings(items: Finding[], f: FindingFilter): Finding[] {
  const out = items.filter(
    (x) =>
      (f.status === 'all' || (f.status === 'open') === (x.resolvedOn === null)) &&
      (!f.severity || x.severity === f.severity) &&
      (!f.owner || (f.owner === '__none' ? x.ownerEmail === null : x.ownerEmail === f.owner)) &&
      (!f.source || x.sourceKind === f.source),
  );
  return out.sort((a, b) => {
    const openA = a.resolvedOn === null;
    const openB = b.resolvedOn === null;
    if (openA !== openB) return openA ? -1 : 1;
    if (!openA) return (b.resolvedOn ?? '').localeCompare(a.resolvedOn ?? '') || a.id.localeCompare(b.id);
    const due = (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31');
    const severity = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
    const [first, second] = f.sort === 'severity' ? [severity, due] : [due, severity];
    return first || second || a.title.localeCompare(b.title);
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

/** A bulk triage as the API takes it: only the fields the lead chose to change. */
export interface TriageChange {
  ownerEmail?: string | null;
  severity?: Risk;
  dueOn?: string | null;
}

/** What a triage will do, in words ("set severity to high and due date to 2026-12-31 on 3 findings"). */
export function triageSummary(change: TriageChange, count: number, ownerName?: string): string {
  const parts: string[] = [];
  if (change.ownerEmail !== undefined)
    parts.push(change.ownerEmail === null ? 'remove the owner' : `assign ${ownerName ?? change.ownerEmail}`);
  if (change.severity) parts.push(`set severity to ${change.severity}`);
  if (change.dueOn !== undefined)
    parts.push(change.dueOn === null ? 'clear the due date' : `set the due date to ${change.dueOn}`);
  if (parts.length === 0) return 'Pick what to change.';
  const what = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${what[0]!.toUpperCase()}${what.slice(1)} on ${count === 1 ? '1 finding' : `${count} findings`}.`;
}
