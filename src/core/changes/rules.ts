/**
 * The change-management rules: each returns findings naming the pull
 * request, commit or release at fault; the rule → starter control map says
 * which controls (all mapped to SOC 2 CC8.1) the findings land on, so that
 * readiness of those controls moves with the imported history.
 */
import { compareText } from '../nhi/order.js';
import { shortSha } from './history.js';
import type { Change, ChangeFinding, ChangeSettings, Release } from './types.js';

/** The starter controls each rule's findings are linked to. */
export const CHANGE_RULE_CONTROLS: Readonly<Record<string, readonly string[]>> = {
  'change-unapproved': ['CM-02', 'CM-04'],
  'change-self-approved': ['CM-02'],
  'change-checks-failed': ['CM-03'],
  'change-direct-push': ['CM-02', 'CM-04'],
  'change-emergency-no-retro': ['CM-05'],
  'release-no-change': ['CM-04'],
};

/** The criteria the findings are tagged with. */
export const CHANGE_RULE_CRITERIA = ['CC8.1'] as const;

/** The `source` of a finding raised by a change rule (`change-rule:change-unapproved`). */
export function changeFindingSource(rule: string): string {
  return `change-rule:${rule}`;
}

const finding = (
  rule: string,
  subject: Change | Release,
  label: string,
  title: string,
  message: string,
  severity: ChangeFinding['severity'] = 'high',
): ChangeFinding => ({
  rule,
  subjectKey: subject.key,
  subjectKind: 'changeKeys' in subject ? 'release' : 'change',
  subjectLabel: label,
  title: `${title}: ${label}`,
  severity,
  message,
});

/** One change's findings: at most one approval finding, plus one for its checks. */
export function changeFindings(change: Change, settings: ChangeSettings): ChangeFinding[] {
  const out: ChangeFinding[] = [];
  const what = `${change.label} "${change.title}" by ${change.author}, merged ${change.occurredAt}`;
  if (change.kind === 'commit') {
    out.push(
      finding(
        'change-direct-push',
        change,
        change.label,
        'Direct push to the default branch',
        `Commit ${shortSha(change.ref)} "${change.title}" by ${change.author} (${change.occurredAt}) reached the default branch without a pull request, so nobody reviewed it before it could ship.`,
      ),
    );
    return out;
  }
  if (change.approval === 'self-approved') {
    out.push(
      finding(
        'change-self-approved',
        change,
        change.label,
        'Change approved only by its author',
        `${what}: the only approval came from its author; no one else approved it before the merge.`,
      ),
    );
  } else if (change.approval === 'unapproved' && change.emergency) {
    out.push(
      finding(
        'change-emergency-no-retro',
        change,
        change.label,
        'Emergency change without a retrospective approval',
        `${what}: labelled "${settings.emergencyLabel}" and merged without approval, and nobody other than its author approved it within ${settings.retroDays} days after the merge.`,
      ),
    );
  } else if (change.approval === 'unapproved') {
    out.push(
      finding(
        'change-unapproved',
        change,
        change.label,
        'Change merged without independent approval',
        `${what}: no one other than its author approved it before the merge.`,
      ),
    );
  }
  if (change.checks === 'failed' || change.checks === 'missing') {
    const required =
      settings.requiredChecks.length > 0 ? ` (required: ${settings.requiredChecks.join(', ')})` : '';
    out.push(
      finding(
        'change-checks-failed',
        change,
        change.label,
        change.checks === 'failed' ? 'Change merged with failing checks' : 'Change merged without its checks',
        change.checks === 'failed'
          ? `${what}: a check of its head commit failed${required}.`
          : `${what}: its head commit has no completed check run${required}.`,
      ),
    );
  }
  return out;
}

/** Every finding of a repository's history, sorted by rule and subject. */
export function evaluateChangeRules(
  history: { repository: string; changes: Change[]; releases: Release[] },
  settings: ChangeSettings,
): ChangeFinding[] {
  const out = history.changes.flatMap((c) => changeFindings(c, settings));
  for (const r of history.releases) {
    if (r.changeKeys.length > 0) continue;
    const label = releaseLabel(history.repository, r);
    out.push(
      finding(
        'release-no-change',
        r,
        label,
        'Production release with no linked change',
        `The ${r.environment} release ${label} of ${r.deployedAt} contains no change: ${r.emptyReason ?? 'no commit in its range'}.`,
        'medium',
      ),
    );
  }
  return out.sort((a, b) => compareText(a.rule, b.rule) || compareText(a.subjectKey, b.subjectKey));
}

/** How a release is named: `owner/repo deployment 610000412 (abc1234)`. */
export function releaseLabel(
  repository: string,
  r: Pick<Release, 'source' | 'externalId' | 'name' | 'sha'>,
): string {
  const what = r.source === 'deployment' ? `deployment ${r.externalId}` : `release ${r.name ?? r.externalId}`;
  return `${repository} ${what}${r.sha ? ` (${shortSha(r.sha)})` : ''}`;
}

/** An open finding a change rule raised earlier, as stored. */
export interface OpenChangeFinding {
  findingId: string;
  subjectKey: string;
  rule: string;
  severity: string;
  openedOn: string;
}

/** What to do to the stored findings of one repository so that they match the rules. */
export interface ChangeFindingSyncPlan {
  open: ChangeFinding[];
  resolve: OpenChangeFinding[];
  update: { existing: OpenChangeFinding; detected: ChangeFinding }[];
}

const keyOf = (rule: string, subject: string) => `${rule}\u0000${subject}`;

/**
 * One finding per rule and subject: open what is detected and not open,
 * resolve what is open and no longer detected (duplicates too), update a
 * changed severity; an unchanged finding is left alone.
 */
export function planChangeFindingSync(
  open: readonly OpenChangeFinding[],
  detected: readonly ChangeFinding[],
): ChangeFindingSyncPlan {
  const plan: ChangeFindingSyncPlan = { open: [], resolve: [], update: [] };
  const existing = new Map<string, OpenChangeFinding>();
  for (const f of [...open].sort((a, b) => compareText(a.findingId, b.findingId))) {
    const key = keyOf(f.rule, f.subjectKey);
    if (existing.has(key)) plan.resolve.push(f);
    else existing.set(key, f);
  }
  const seen = new Set<string>();
  for (const d of detected) {
    const key = keyOf(d.rule, d.subjectKey);
    if (seen.has(key)) continue;
    seen.add(key);
    const stored = existing.get(key);
    if (!stored) plan.open.push(d);
    else if (stored.severity !== d.severity) plan.update.push({ existing: stored, detected: d });
  }
  for (const [key, f] of existing) if (!seen.has(key)) plan.resolve.push(f);
  plan.open.sort((a, b) => compareText(keyOf(a.rule, a.subjectKey), keyOf(b.rule, b.subjectKey)));
  plan.resolve.sort((a, b) => compareText(a.findingId, b.findingId));
  return plan;
}
