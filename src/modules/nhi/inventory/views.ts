/** How stored NHI rows are shown to the CLI and the API: identities, findings, events and leaks. */
import {
  type CisRef,
  NHI_RULE_CONTROLS,
  NHI_RULES,
  type NhiSeverity,
  type NhiStatus,
} from '../../../core/nhi/index.js';
import type {
  NhiEventsTable,
  NhiImportsTable,
  NhiLeaksTable,
  NhisTable,
} from '../../../platform/db/schema.js';
import type { Person } from '../../people/person.schema.js';
import {
  type NhiEventView,
  type NhiFindingView,
  type NhiImportCounts,
  type NhiImportView,
  type NhiLeakView,
  type NhiRecord,
  type NhiRef,
  zeroCounts,
} from '../nhi.schema.js';
import type { RuleFindingRow } from './finding.repository.js';

/**
 * An identity row as the inventory shows it, with its owner, the rules it has
 * open findings of and the import that last listed it (`lastSeen`: an
 * unchanged identity's row is not rewritten to record it, docs/decisions/0035).
 */
export function toNhiRecord(
  r: NhisTable,
  people: Map<string, Person>,
  openFindings: string[],
  lastSeen: (r: NhisTable) => string | null = (row) => row.last_seen_import_id,
): NhiRecord {
  const person = r.owner_person_id ? people.get(r.owner_person_id) : undefined;
  return {
    id: r.id,
    provider: r.provider,
    kind: r.kind,
    externalId: r.external_id,
    name: r.name,
    parentExternalId: r.parent_external_id,
    owner: person
      ? {
          personId: person.id,
          email: person.email,
          name: person.name,
          status: person.status,
          source: r.owner_source ?? 'inferred',
        }
      : null,
    ownerHint: r.owner_hint,
    ownerHintSource: r.owner_hint_source,
    purpose: r.purpose,
    environment: r.environment,
    privilegeSummary: r.privilege_summary,
    privileged: Number(r.privileged) === 1,
    authMethod: r.auth_method,
    createdAt: r.provider_created_at,
    lastUsedAt: r.last_used_at,
    lastRotatedAt: r.last_rotated_at,
    expiresAt: r.expires_at,
    rotationPolicyDays: r.rotation_policy_days === null ? null : Number(r.rotation_policy_days),
    status: r.status as NhiStatus,
    firstSeenImportId: r.first_seen_import_id,
    lastSeenImportId: lastSeen(r),
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    openFindings: [...openFindings].sort(),
    recordedAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const RULE_TITLES = new Map(NHI_RULES.map((r) => [r.meta.id, r.meta.title]));

/** An identity as another identity's page names it. */
export function toNhiRef(r: NhisTable): NhiRef {
  return { id: r.id, kind: r.kind, name: r.name, externalId: r.external_id, status: r.status };
}

/** A rule finding with its tags (OWASP NHI Top 10, CIS with benchmark and version, SOC 2) and controls. */
export function toFindingView(f: RuleFindingRow): NhiFindingView {
  const details = JSON.parse(f.details) as {
    owasp?: string[];
    cis?: CisRef[];
    soc2?: string[];
    evidence?: Record<string, unknown>;
  };
  return {
    findingId: f.finding_id,
    rule: f.rule,
    ruleTitle: RULE_TITLES.get(f.rule) ?? f.rule,
    title: f.title,
    message: f.description,
    severity: f.severity as NhiSeverity,
    openedOn: f.opened_on,
    resolvedOn: f.resolved_on,
    resolution: f.resolution,
    nhi: {
      id: f.nhi_id,
      name: f.nhi_name,
      kind: f.nhi_kind,
      provider: f.provider,
      externalId: f.external_id,
    },
    owasp: details.owasp ?? [],
    cis: details.cis ?? [],
    soc2: details.soc2 ?? [],
    controls: [...(NHI_RULE_CONTROLS[f.rule] ?? [])],
    evidence: details.evidence ?? {},
  };
}

/** A lifecycle event, with the source and file of the import that revealed it (when known). */
export function toEventView(
  e: NhiEventsTable,
  imports: Map<string, NhiImportsTable> = new Map(),
): NhiEventView {
  const run = e.import_id ? imports.get(e.import_id) : undefined;
  return {
    id: e.id,
    type: e.type,
    at: e.at,
    importId: e.import_id,
    source: run?.source ?? null,
    fileName: run?.file_name ?? null,
    details: JSON.parse(e.details) as Record<string, unknown>,
  };
}

/** An import run as the history lists it. */
export function toImportView(r: NhiImportsTable): NhiImportView {
  return {
    id: r.id,
    kind: r.kind,
    scope: r.scope,
    source: r.source,
    fileName: r.file_name,
    sha256: r.sha256,
    size: r.size === null ? null : Number(r.size),
    evidenceId: r.evidence_id,
    exportedAt: r.exported_at,
    effectiveOn: r.effective_on,
    complete: Number(r.complete) === 1,
    counts: { ...zeroCounts(), ...(JSON.parse(r.counts) as Partial<NhiImportCounts>) },
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    actor: r.actor_label,
  };
}

/** A scanner leak. */
export function toLeakView(l: NhiLeaksTable): NhiLeakView {
  return {
    id: l.id,
    scanner: l.scanner,
    fingerprint: l.fingerprint,
    rule: l.rule,
    status: l.status,
    linkVia: l.link_via,
    leakedAt: l.leaked_at,
    verified: l.verified === null ? null : Number(l.verified) === 1,
    location: JSON.parse(l.location) as Record<string, unknown>,
    redacted: l.redacted,
  };
}
