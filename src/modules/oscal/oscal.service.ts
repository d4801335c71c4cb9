import type { Readable } from 'node:stream';
import { FRAMEWORK_CATALOGS } from '../../catalogs/frameworks/index.js';
import { findingDueOn, isFindingOpenOn, isPlanItemOpenOn } from '../../core/at-date.js';
import { inputDateProblem } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import {
  buildAssessmentResults,
  buildControlCatalog,
  buildMappingCollection,
  buildPoam,
  frameworkIdOf,
  type ImportedCatalog,
  type OscalAssessmentInput,
  type OscalAssessmentResultsDocument,
  type OscalCatalogDocument,
  type OscalCatalogInput,
  type OscalDocumentContext,
  OscalImportProblem,
  type OscalMappingCollectionDocument,
  type OscalPoamDocument,
  readOscalCatalog,
} from '../../core/oscal/index.js';
import { FRAMEWORK_IDS } from '../../core/vocabulary.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, ImportError, notFound } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { listControlDetails } from '../controls/control.repository.js';
import { toMatrixRow } from '../controls/control-matrix.js';
import { listEvidence } from '../evidence/evidence.repository.js';
import { getFindings } from '../findings/finding.service.js';
import { findOrganization } from '../organizations/organization.service.js';
import { getReadiness, loadReadinessContext } from '../readiness/readiness.service.js';
import {
  controlCriteria,
  countMappings,
  criterionCodesOf,
  danglingMappings,
  frameworkOrigin,
  ledgerHead,
  replaceControlCriteria,
  replaceImportedFramework,
} from './oscal.repository.js';
import { checkOscal } from './oscal-schema.js';

/** The OSCAL exports, by the name the CLI and API use. */
export const OSCAL_EXPORTS = [
  'oscal-catalog',
  'oscal-mapping',
  'oscal-assessment-results',
  'oscal-poam',
] as const;

/** An OSCAL export's name. */
export type OscalExport = (typeof OSCAL_EXPORTS)[number];

async function orgOf(database: Database, orgId: string) {
  const org = await findOrganization(database.db, orgId);
  if (!org) throw notFound('organization', orgId);
  return org;
}

function checkAt(at: string | undefined): string {
  const value = at ?? todayIso();
  const problem = inputDateProblem(value);
  if (problem) throw new AppError('invalid_input', `at: ${problem}`);
  return value;
}

/** Our controls as an OSCAL catalog (their latest change is its last-modified time). */
export async function exportOscalCatalog(database: Database, orgId: string): Promise<OscalCatalogDocument> {
  const org = await orgOf(database, orgId);
  const controls = await listControlDetails(database.db, orgId);
  const lastModified = [org.createdAt, ...controls.map((c) => c.updatedAt)].sort().at(-1)!;
  const ctx: OscalDocumentContext = { org, lastModified, version: lastModified.slice(0, 10) };
  return buildControlCatalog(ctx, controls.map(toMatrixRow));
}

/** Our crosswalk (controls ↔ the shipped frameworks) as an OSCAL mapping-collection. */
export async function exportOscalMapping(
  database: Database,
  orgId: string,
): Promise<OscalMappingCollectionDocument> {
  const org = await orgOf(database, orgId);
  const controls = await listControlDetails(database.db, orgId);
  const lastModified = [org.createdAt, ...controls.map((c) => c.updatedAt)].sort().at(-1)!;
  const frameworks = FRAMEWORK_CATALOGS.map((f) => ({
    id: f.id,
    name: f.name,
    version: f.version,
    url: f.url,
  }));
  return buildMappingCollection(
    { org, lastModified, version: lastModified.slice(0, 10) },
    controls.map(toMatrixRow),
    frameworks,
  );
}

async function assessmentInput(
  database: Database,
  orgId: string,
  options: { at?: string; engagementId?: string },
): Promise<{ input: OscalAssessmentInput; context: Awaited<ReturnType<typeof loadReadinessContext>> }> {
  const at = checkAt(options.at);
  const org = await orgOf(database, orgId);
  const context = await loadReadinessContext(database, orgId, { at, ...options });
  const readiness = await getReadiness(database, orgId, {
    at,
    ...(context.engagement ? { engagementId: context.engagement.id } : { engagementId: null }),
  });
  const head = await ledgerHead(database.db, orgId);
  const inScope = new Set(readiness.controls.map((c) => c.code));
  // Current evidence effective by T of the in-scope controls, recorded by T.
  const evidence = (await listEvidence(database.db, orgId, { currentOnly: true })).filter(
    (e) => inScope.has(e.controlCode) && e.effectiveStart <= at && e.collectedAt.slice(0, 10) <= at,
  );
  return {
    context,
    input: {
      ctx: { org, lastModified: at, version: head ? `${at}+${head.seq}` : at },
      at,
      engagementId: readiness.engagementId,
      ledgerHead: head,
      controls: readiness.controls,
      evidence,
      evidenceHref: (id) => `/api/v1/orgs/${org.slug}/evidence/${id}/content`,
    },
  };
}

/** Readiness at T as OSCAL assessment-results (one result; evidence linked with SHA-256; gaps as findings). */
export async function exportOscalAssessmentResults(
  database: Database,
  orgId: string,
  options: { at?: string; engagementId?: string } = {},
): Promise<OscalAssessmentResultsDocument> {
  return buildAssessmentResults((await assessmentInput(database, orgId, options)).input);
}

/** Open gaps and open findings at T as an OSCAL POA&M, with the plan's and the findings' due dates. */
export async function exportOscalPoam(
  database: Database,
  orgId: string,
  options: { at?: string; engagementId?: string } = {},
): Promise<OscalPoamDocument> {
  const { input, context } = await assessmentInput(database, orgId, options);
  const planDue = new Map<string, string>();
  for (const item of context.plan?.items ?? []) {
    if (!isPlanItemOpenOn(item, input.at)) continue;
    const current = planDue.get(item.controlCode);
    if (current === undefined || item.dueOn < current) planDue.set(item.controlCode, item.dueOn);
  }
  const findings = (await getFindings(database, orgId))
    .filter((f) => isFindingOpenOn(f, input.at))
    .map((f) => ({
      id: f.id,
      title: f.title,
      description: f.description,
      severity: f.severity,
      source: f.source,
      ownerEmail: f.ownerEmail,
      dueOn: findingDueOn(f),
      openedOn: f.openedOn,
      controlCodes: f.controls.map((c) => c.code),
    }));
  return buildPoam({ ...input, findings, planDue });
}

/** One OSCAL export by name. */
export async function exportOscal(
  database: Database,
  orgId: string,
  kind: OscalExport,
  options: { at?: string; engagementId?: string } = {},
): Promise<object> {
  switch (kind) {
    case 'oscal-catalog':
      return exportOscalCatalog(database, orgId);
    case 'oscal-mapping':
      return exportOscalMapping(database, orgId);
    case 'oscal-assessment-results':
      return exportOscalAssessmentResults(database, orgId, options);
    case 'oscal-poam':
      return exportOscalPoam(database, orgId, options);
  }
}

/** The largest OSCAL catalog file the import reads (NIST SP 800-53 rev5 with 53A is about 10 MB). */
export const MAX_OSCAL_CATALOG_BYTES = 64 * 1024 * 1024;

/** What importing an OSCAL catalog did. */
export interface OscalCatalogImportResult {
  frameworkId: string;
  status: 'installed' | 'updated' | 'unchanged';
  title: string;
  version: string;
  previousVersion: string | null;
  groups: number;
  criteria: number;
  /** Mappings to this framework (all organizations) kept through the update. */
  mappingsKept: number;
  /** Mappings to criteria the new version no longer has (kept, listed so they can be remapped). */
  mappingsDangling: { controlId: string; code: string }[];
}

async function readAll(input: Readable, file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > MAX_OSCAL_CATALOG_BYTES) {
      throw new ImportError({ file }, `the catalog is larger than ${MAX_OSCAL_CATALOG_BYTES} bytes`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Parses and checks an OSCAL catalog file: JSON, valid against the OSCAL 1.2.1 catalog schema, 1.1.x or 1.2.x. */
export function parseOscalCatalogFile(bytes: Buffer, file: string): ImportedCatalog {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportError({ file }, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof doc !== 'object' || doc === null || !('catalog' in doc)) {
    throw new ImportError(
      { file, path: '$' },
      'not an OSCAL catalog: expected a "catalog" object at the top',
    );
  }
  const problems = checkOscal('catalog', doc);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new ImportError({ file, path: first.path }, `not a valid OSCAL catalog: ${first.message}`);
  }
  try {
    return readOscalCatalog(doc as OscalCatalogInput);
  } catch (err) {
    if (err instanceof OscalImportProblem) throw new ImportError({ file, path: err.path }, err.reason);
    throw err;
  }
}

/**
 * Imports an OSCAL catalog (1.1.x or 1.2.x JSON) as a framework controls can
 * map to, installation-wide, recorded on the installation chain. The same
 * framework id again replaces its groups and criteria in place (a newer
 * version) and keeps every mapping, which references criteria by code;
 * mappings whose code the new version lacks are kept and listed. The same
 * catalog version again changes nothing. A shipped framework's id is refused.
 */
export async function importOscalCatalog(
  database: Database,
  actor: Actor,
  source: { file: string; input: Readable; frameworkId?: string; url?: string },
): Promise<OscalCatalogImportResult> {
  const catalog = parseOscalCatalogFile(await readAll(source.input, source.file), source.file);
  const frameworkId = source.frameworkId?.trim() || frameworkIdOf(catalog.title);
  if (!/^[a-z0-9][a-z0-9._-]{0,39}$/.test(frameworkId)) {
    throw new AppError(
      'invalid_input',
      `framework id "${frameworkId}": 1–40 lowercase letters, digits, dots, dashes`,
    );
  }
  if ((FRAMEWORK_IDS as readonly string[]).includes(frameworkId)) {
    throw new AppError('conflict', `${frameworkId} is a framework auditready ships; import under another id`);
  }
  return write(database, { actor, orgId: null }, async (w) => {
    const before = await frameworkOrigin(w.tx, frameworkId);
    if (before && before.source !== 'oscal') {
      throw new AppError(
        'conflict',
        `framework ${frameworkId} was not imported from OSCAL; import under another id`,
      );
    }
    const base = {
      frameworkId,
      title: catalog.title,
      version: catalog.version,
      previousVersion: before?.version ?? null,
      groups: catalog.groups.length,
      criteria: catalog.criteria.length,
    };
    if (before && before.version === catalog.version && before.oscalUuid === catalog.uuid) {
      return {
        ...base,
        status: 'unchanged' as const,
        mappingsKept: await countMappings(w.tx, frameworkId),
        mappingsDangling: [],
      };
    }
    await replaceImportedFramework(w.tx, frameworkId, catalog, {
      url: source.url ?? '',
      installedAt: nowIso(),
    });
    const dangling = await danglingMappings(w.tx, frameworkId);
    const total = await countMappings(w.tx, frameworkId);
    const result: OscalCatalogImportResult = {
      ...base,
      status: before ? 'updated' : 'installed',
      mappingsKept: total - dangling.length,
      mappingsDangling: dangling.map(({ controlId, code }) => ({ controlId, code })),
    };
    w.record({
      action: before ? 'upgrade' : 'install',
      recordType: 'framework',
      recordId: frameworkId,
      change: {
        source: 'oscal',
        file: source.file,
        oscalUuid: catalog.uuid,
        version: [before?.version ?? null, catalog.version],
        groups: catalog.groups.length,
        criteria: catalog.criteria.length,
        mappingsDangling: dangling.length,
      },
    });
    return result;
  });
}

/**
 * Maps a control to criteria of an imported (OSCAL) framework, replacing
 * its earlier mappings to that framework. Shipped frameworks are mapped
 * through the control itself (its crosswalk); unknown codes are refused
 * naming the first one.
 */
export async function mapControlToImportedFramework(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { code: string; frameworkId: string; criteria: readonly string[] },
): Promise<{ code: string; frameworkId: string; criteria: string[] }> {
  const codes = [...new Set(input.criteria.map((c) => c.trim()).filter(Boolean))].sort();
  return write(database, { actor, orgId }, async (w) => {
    const origin = await frameworkOrigin(w.tx, input.frameworkId);
    if (!origin) throw notFound('framework', input.frameworkId);
    if (origin.source !== 'oscal') {
      throw new AppError(
        'invalid_input',
        `${input.frameworkId} is a shipped framework: change the control's crosswalk instead`,
      );
    }
    const [control] = await listControlDetails(w.tx, orgId, { codes: [input.code] });
    if (!control) throw notFound('control', input.code);
    const known = await criterionCodesOf(w.tx, input.frameworkId);
    const unknown = codes.find((c) => !known.has(c));
    if (unknown !== undefined)
      throw new AppError('invalid_input', `unknown ${input.frameworkId} criterion "${unknown}"`);
    const before = await controlCriteria(w.tx, orgId, control.id, input.frameworkId);
    if (before.join('\n') !== codes.join('\n')) {
      await replaceControlCriteria(w.tx, orgId, control.id, input.frameworkId, codes);
      w.record({
        action: 'map',
        recordType: 'control',
        recordId: control.id,
        change: { framework: input.frameworkId, criteria: [before, codes] },
      });
    }
    return { code: control.code, frameworkId: input.frameworkId, criteria: codes };
  });
}

/** A control's criteria in an imported framework. */
export async function getImportedMappings(
  database: Database,
  orgId: string,
  code: string,
  frameworkId: string,
): Promise<string[]> {
  const [control] = await listControlDetails(database.db, orgId, { codes: [code] });
  if (!control) throw notFound('control', code);
  return controlCriteria(database.db, orgId, control.id, frameworkId);
}
