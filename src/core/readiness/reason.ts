import { type DateRange, formatRange } from '../dates.js';
import type { ResponsibleOwner } from './owner.js';
import type { Reason, ReasonCode, ReasonSeverity } from './schema.js';
import type { ReadinessControl } from './types.js';

/**
 * The parts of a reason a rule decides; control and owner are filled in by
 * `makeReason`. Optional fields are left out, never set to undefined, so the
 * JSON and deep equality are the same everywhere.
 */
export type ReasonDraft = Omit<Reason, 'controlId' | 'controlCode' | 'ownerId' | 'ownerName' | 'unowned'>;

/** The control a rule is looking at and who answers for it. */
export interface ReasonSubject {
  control: ReadinessControl;
  owner: ResponsibleOwner;
}

const ABOUT_OWNERSHIP: ReadonlySet<ReasonCode> = new Set(['no-owner', 'owner-not-active']);

/**
 * Complete a draft with the control and its responsible owner. A control
 * nobody active owns sends its reasons to the compliance lead (or an admin),
 * flagged `unowned`, and says so in the message. The draft becomes the
 * reason (every rule passes a fresh object literal): completing it in place
 * keeps the draft's fields first, as a copy would, without copying tens of
 * thousands of reasons on a large Type II result.
 */
export function makeReason(subject: ReasonSubject, draft: ReasonDraft): Reason {
  const reason = draft as Reason;
  reason.controlId = subject.control.id;
  reason.controlCode = subject.control.code;
  reason.ownerId = subject.owner.id;
  reason.ownerName = subject.owner.name;
  if (subject.owner.unowned) {
    reason.unowned = true;
    if (!ABOUT_OWNERSHIP.has(draft.code) && draft.severity !== 'info') {
      reason.message = `${reason.message} ${subject.control.code} has no active owner: assign one.`;
    }
  }
  return reason;
}

const SEVERITY_RANK: Record<ReasonSeverity, number> = { gap: 0, 'at-risk': 1, info: 2 };

/** Order reasons by severity, code, requirement code, period, then stable ids. */
export function compareReasons(a: Reason, b: Reason): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    text(a.code, b.code) ||
    text(a.requirementCode, b.requirementCode) ||
    text(a.period?.start, b.period?.start) ||
    text(a.controlCode, b.controlCode) ||
    text(a.controlId, b.controlId) ||
    text(a.findingId, b.findingId) ||
    text(a.exceptionId, b.exceptionId) ||
    text(a.requestId, b.requestId) ||
    text(a.evidenceId, b.evidenceId) ||
    text(a.requirementId, b.requirementId) ||
    text(a.message, b.message)
  );
}

function text(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Names of products and companies that start artifacts and keep their capital in running text. */
const PROPER_NAMES = new Set([
  'Jira',
  'Okta',
  'Slack',
  'Google',
  'Drive',
  'Azure',
  'Terraform',
  'Kubernetes',
  'Confluence',
  'Datadog',
  'Snyk',
  'Jamf',
  'Intune',
  'Workday',
  'Rippling',
  'Gusto',
  'Zendesk',
  'Sentry',
  'Grafana',
  'Cloudflare',
  'Microsoft',
  'Entra',
  'Splunk',
  'Opsgenie',
  'Jenkins',
  'Buildkite',
  'Bitbucket',
  'Vault',
  'Linear',
  'Notion',
  'Salesforce',
]);

/**
 * The artifact in running text: `Access review record` → `access review record`; acronyms (`IAM export`),
 * names with inner capitals (`GitHub`, `PagerDuty`) and product names (`Jira tickets`) keep their case.
 */
export function artifactPhrase(artifact: string): string {
  let phrase = phrases.get(artifact);
  if (phrase === undefined) {
    if (phrases.size >= MAX_PHRASES) phrases.clear();
    phrase = phraseOf(artifact);
    phrases.set(artifact, phrase);
  }
  return phrase;
}

/** Artifacts are a few hundred texts an organization reuses in every reason: their phrases are kept. */
const phrases = new Map<string, string>();
const MAX_PHRASES = 10_000;

function phraseOf(artifact: string): string {
  const trimmed = artifact.trim();
  const first = /^[^\s,:;(]+/.exec(trimmed)?.[0] ?? '';
  const plainWord = /^[A-Z][a-z]+(-[a-z]+)*$/.test(first) && !PROPER_NAMES.has(first.split('-')[0]!);
  return plainWord ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}

/**
 * The artifact after a cadence word, not repeating it: `weekly` + `Weekly drift run output` →
 * `drift run output` (the message reads "the weekly drift run output").
 */
export function artifactAfterCadence(cadence: string, artifact: string): string {
  const phrase = artifactPhrase(artifact);
  const lead = `${cadence} `;
  return phrase.toLowerCase().startsWith(lead) ? phrase.slice(lead.length).trimStart() : phrase;
}

/** A sentence's end: the text with one full stop, never two (`…columns.` + `.`). */
export function endSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `2026-07-01..2026-09-30`, or a single date when the period is one day. */
export function periodText(period: DateRange): string {
  return period.start === period.end ? period.start : formatRange(period);
}
