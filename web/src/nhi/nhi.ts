import { AUDITREADY_TOKENS_SYNC } from '../../../src/core/nhi/import-kinds';
import { viaParentWords } from '../../../src/core/nhi/scope-words';
import { ApiError } from '../api/client';
import { importProblemOf } from '../people/roster';
import type { CisRef, Nhi, NhiEvent, NhiImportResult } from './types';
import { IMPORT_KINDS, PROVIDERS, RULES } from './types';

/** `2026-11-28` from an ISO timestamp or date; `—` when unknown. */
export function dayOf(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** How the owner column reads: a person, or a badge saying why there is none that counts. */
export type OwnerState =
  | { kind: 'owner'; name: string; email: string; source: string }
  | { kind: 'orphaned'; reason: string }
  | { kind: 'parent'; parent: string; words: string }
  | { kind: 'none'; reason: string };

/**
 * The owner of an identity as the table shows it. "Orphaned" follows the
 * rule (no owner, a departed owner, or an owner the roster does not know);
 * a key or token without an owner of its own answers to its parent's owner
 * ("via svc-ci (IAM user)");
 * identities the rule leaves alone (people's own accounts, deleted ones)
 * without an owner show "No owner".
 */
export function ownerState(
  n: Pick<Nhi, 'kind' | 'owner' | 'ownerHint' | 'openFindings' | 'parentExternalId'>,
): OwnerState {
  const orphaned = n.openFindings.includes('nhi-orphaned');
  if (n.owner && n.owner.status !== 'departed' && !orphaned)
    return { kind: 'owner', name: n.owner.name, email: n.owner.email, source: n.owner.source };
  if (!n.owner && !orphaned && n.parentExternalId)
    return { kind: 'parent', parent: n.parentExternalId, words: viaParentWords(n.kind, n.parentExternalId) };
  const reason = n.owner
    ? `${n.owner.name} (${n.owner.email}) has left`
    : n.ownerHint
      ? `the export names ${n.ownerHint}, who is not in the roster`
      : 'nobody is named as its owner';
  return orphaned ? { kind: 'orphaned', reason } : { kind: 'none', reason };
}

/** What the `?` before an owner means: the export names this owner and nobody in the roster matches it. */
export const OWNER_HINT_MEANING =
  'named by the export (a tag, label or "added by"), not matched to anyone in the roster: assign an owner or add them to the roster';

/** The short label of a rule id. */
export function ruleLabel(rule: string): string {
  return RULES.find((r) => r.value === rule)?.label ?? rule.replace(/^nhi-/, '');
}

/** The label of a provider id. */
export function providerLabel(provider: string): string {
  return PROVIDERS.find((p) => p.value === provider)?.label ?? provider;
}

/** What an import run may be: an import kind, or the sync of auditready's own tokens. */
const RUN_KINDS = [
  ...IMPORT_KINDS,
  { value: AUDITREADY_TOKENS_SYNC.name, label: AUDITREADY_TOKENS_SYNC.label },
];

/** The label of an import kind (or of the sync of auditready's own tokens). */
export function importKindLabel(kind: string): string {
  return RUN_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

const SHORT_BENCHMARK: Record<string, string> = {
  'CIS Amazon Web Services Foundations Benchmark': 'CIS AWS Foundations',
  'CIS Google Cloud Platform Foundation Benchmark': 'CIS GCP Foundation',
  'CIS Microsoft Azure Foundations Benchmark': 'CIS Azure Foundations',
  'CIS Kubernetes Benchmark': 'CIS Kubernetes',
};

/** A CIS reference in one short line: `CIS AWS Foundations v6.0.0 · 2.13` (the full name goes in a tooltip). */
export function cisLabel(c: CisRef): string {
  return `${SHORT_BENCHMARK[c.benchmark] ?? c.benchmark.replace(/ Benchmark$/, '')} v${c.version} · ${c.control}`;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

/** Words for each lifecycle event type (the timeline's headings). */
export const EVENT_LABEL: Record<string, string> = {
  created: 'Created',
  rotated: 'Rotated',
  disabled: 'Disabled',
  're-enabled': 'Re-enabled',
  offboarded: 'Offboarded',
  'owner-changed': 'Owner changed',
  reviewed: 'Reviewed',
};

/**
 * What one lifecycle event says, in a sentence. `names` maps person ids to
 * names (owner changes carry ids); unknown ids are left out.
 */
export function eventSummary(e: NhiEvent, names: Map<string, string> = new Map()): string {
  const d = e.details;
  const person = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? null) : null);
  switch (e.type) {
    case 'created':
      return `First seen${text(d.status) ? `, ${d.status}` : ''}${text(d.createdAt) ? `; the provider created it on ${dayOf(text(d.createdAt))}` : ''}.`;
    case 'rotated': {
      const parts: string[] = [];
      if (text(d.to))
        parts.push(
          `rotated on ${dayOf(text(d.to))}${text(d.from) ? ` (before: ${dayOf(text(d.from))})` : ''}`,
        );
      const added = list(d.addedKeys);
      const removed = list(d.removedKeys);
      if (added.length || removed.length)
        parts.push(`${removed.length} key(s) replaced by ${added.length} new`);
      return parts.length ? `${parts.join('; ')}.` : 'Credential rotated.';
    }
    case 'disabled':
      return `Disabled${text(d.from) ? ` (was ${d.from})` : ''}.`;
    case 're-enabled':
      return `Enabled again${text(d.from) ? ` (was ${d.from})` : ''}.`;
    case 'offboarded':
      return d.reason === 'absent'
        ? 'No longer listed by a complete export: offboarded.'
        : `Deleted at the provider${text(d.from) ? ` (was ${d.from})` : ''}.`;
    case 'owner-changed': {
      if (d.reason === 'assigned') {
        const to = person(d.toPersonId) ?? text(d.toEmail) ?? 'someone';
        return `Owner assigned: ${to}${text(d.toEmail) && person(d.toPersonId) ? ` (${d.toEmail})` : ''}.`;
      }
      if (d.reason === 'roster') {
        const to = person(d.toPersonId);
        return to
          ? `Owner matched to ${to} from the roster (the export names ${text(d.hint) ?? 'them'}).`
          : `Owner no longer matches anyone in the roster${text(d.hint) ? ` (the export names ${d.hint})` : ''}.`;
      }
      return `The export now names ${text(d.to) ?? 'nobody'} as owner${text(d.from) ? ` (was ${d.from})` : ''}.`;
    }
    case 'reviewed':
      return `Reviewed by ${text(d.by) ?? 'someone'}${text(d.note) ? `: “${d.note}”` : '.'}`;
    default:
      return JSON.stringify(d);
  }
}

/** Where an event came from: the import's source and file, or a person. */
export function eventOrigin(e: NhiEvent): string {
  if (e.source)
    return `import of ${importKindLabel(e.source.split(':')[0]!)}${e.fileName ? ` (${e.fileName})` : ''}`;
  return e.type === 'reviewed' || e.type === 'owner-changed'
    ? 'recorded by a person'
    : 'recorded by auditready';
}

/** The result of an upload in words. */
export function importSummary(r: NhiImportResult): string {
  if (r.status === 'unchanged')
    return `${r.fileName ?? 'This file'} was already imported with exactly this content: nothing changed.`;
  const c = r.counts;
  const parts = [
    `${c.records} records`,
    `${c.created} new`,
    `${c.updated} changed`,
    `${c.offboarded} offboarded`,
    `${c.events} lifecycle events`,
  ];
  if (c.leaks > 0) parts.push(`${c.leaks} leaks (${c.leaksNew} new)`);
  parts.push(`findings: ${c.findingsOpened} opened, ${c.findingsResolved} resolved`);
  return `${r.fileName ?? 'The export'}: ${parts.join(', ')}.`;
}

/** Where a failed import stopped: file, line or JSON path, column, reason; null for other errors. */
export function nhiImportProblem(
  error: unknown,
): { file: string; line: number | null; column: string | null; path: string | null; reason: string } | null {
  const problem = importProblemOf(error);
  if (!problem || !(error instanceof ApiError)) return null;
  const details = error.details as { path?: unknown } | null;
  return { ...problem, path: typeof details?.path === 'string' ? details.path : null };
}
