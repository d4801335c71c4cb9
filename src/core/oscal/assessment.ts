import type { ControlReadiness, Reason } from '../readiness/types.js';
import { oscalDateTime, oscalToken, oscalUuid } from './ids.js';
import type { OscalResource } from './mapping.js';
import {
  documentMetadata,
  type OscalDocumentContext,
  type OscalMetadata,
  type OscalProperty,
  prop,
} from './types.js';

/** A piece of current evidence, as an observation links it. */
export interface OscalEvidenceInput {
  id: string;
  controlCode: string;
  requirementCode: string;
  fileName: string | null;
  url: string | null;
  description: string | null;
  mediaType: string | null;
  sha256: string | null;
  effectiveStart: string;
  effectiveEnd: string;
  collectedAt: string;
  reviewState: string;
}

/** What an assessment-results or POA&M export is computed from. */
export interface OscalAssessmentInput {
  ctx: OscalDocumentContext;
  /** The date T. */
  at: string;
  engagementId: string | null;
  /** The ledger head the readiness was computed from (chain, sequence, hash). */
  ledgerHead: { seq: number; hash: string } | null;
  controls: readonly ControlReadiness[];
  evidence: readonly OscalEvidenceInput[];
  /** The API path of an evidence file's content, for the observation's link. */
  evidenceHref: (evidenceId: string) => string;
}

interface OscalObservation {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProperty[];
  methods: string[];
  types: string[];
  'relevant-evidence'?: { href: string; description: string; props?: OscalProperty[] }[];
  collected: string;
  remarks?: string;
}

interface OscalFinding {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProperty[];
  target: {
    type: 'objective-id';
    'target-id': string;
    status: { state: 'satisfied' | 'not-satisfied'; reason?: string };
  };
  'related-observations'?: { 'observation-uuid': string }[];
}

/** An OSCAL assessment-results document. */
export interface OscalAssessmentResultsDocument {
  'assessment-results': {
    uuid: string;
    metadata: OscalMetadata;
    'import-ap': { href: string; remarks?: string };
    results: {
      uuid: string;
      title: string;
      description: string;
      start: string;
      end: string;
      props?: OscalProperty[];
      'reviewed-controls': {
        'control-selections': (
          | { 'include-controls': { 'control-id': string }[] }
          | { 'include-all': object }
        )[];
      };
      observations?: OscalObservation[];
      findings?: OscalFinding[];
    }[];
    'back-matter'?: { resources: OscalResource[] };
  };
}

/** The stable key of a result: organization, engagement and T. */
function resultKey(input: OscalAssessmentInput): string[] {
  return [input.ctx.org.id, input.engagementId ?? 'none', input.at];
}

/** The UUID of a control's observation in the result at T. */
export function observationUuid(input: OscalAssessmentInput, controlCode: string): string {
  return oscalUuid('observation', ...resultKey(input), controlCode);
}

/** The UUID of a control's gap finding in the result at T (shared by assessment-results and the POA&M). */
export function gapFindingUuid(input: OscalAssessmentInput, controlCode: string): string {
  return oscalUuid('gap-finding', ...resultKey(input), controlCode);
}

/** The gap reasons of a control as one plain description. */
export function gapDescription(c: ControlReadiness): string {
  const gaps = c.reasons.filter((r) => r.severity === 'gap');
  return gaps.length > 0 ? gaps.map((r) => `- ${r.message}`).join('\n') : `${c.code} is a gap.`;
}

/** The earliest due date among a control's gap reasons. */
export function earliestGapDue(reasons: readonly Reason[]): string | null {
  let due: string | null = null;
  for (const r of reasons)
    if (r.severity === 'gap' && r.dueOn && (due === null || r.dueOn < due)) due = r.dueOn;
  return due;
}

function evidenceResource(e: OscalEvidenceInput, href: string): OscalResource {
  return {
    uuid: oscalUuid('evidence', e.id),
    title: e.fileName ?? e.url ?? e.description ?? `evidence ${e.id}`,
    props: [
      { name: 'type', value: 'artifact' },
      { name: 'evidence-id', value: e.id, ns: 'https://auditready.dev/ns/oscal' },
    ],
    rlinks: [
      {
        href: e.url ?? href,
        ...(e.mediaType ? { 'media-type': e.mediaType } : {}),
        ...(e.sha256 ? { hashes: [{ algorithm: 'SHA-256', value: e.sha256 }] } : {}),
      },
    ],
  };
}

/**
 * Readiness at T as OSCAL assessment-results: one result (T, the ledger head
 * it was computed from), one observation per in-scope control whose
 * `relevant-evidence` links each current piece of evidence (a back-matter
 * resource carrying the file's SHA-256), and one finding per control that
 * is a gap (target: the control's objective, not satisfied; the gap reasons
 * as its description). Our readiness rules are the assessment plan; there
 * is no OSCAL plan to import, so `import-ap` points at a back-matter
 * resource that says so.
 */
export function buildAssessmentResults(input: OscalAssessmentInput): OscalAssessmentResultsDocument {
  const { ctx, at } = input;
  const byControl = new Map<string, OscalEvidenceInput[]>();
  for (const e of input.evidence) byControl.set(e.controlCode, [...(byControl.get(e.controlCode) ?? []), e]);
  const resources: OscalResource[] = [];
  const planResource: OscalResource = {
    uuid: oscalUuid('resource', ctx.org.id, 'readiness-rules'),
    title: 'auditready readiness rules',
    remarks:
      'Readiness is assessed by the readiness rules of auditready (evidence freshness, coverage of the audit window, review state, owners, findings and exceptions); no OSCAL assessment plan exists.',
  };
  resources.push(planResource);
  const observations: OscalObservation[] = [];
  const findings: OscalFinding[] = [];
  const controls = [...input.controls].sort((a, b) => a.code.localeCompare(b.code));
  for (const c of controls) {
    const evidence = (byControl.get(c.code) ?? []).sort(
      (a, b) => a.requirementCode.localeCompare(b.requirementCode) || a.id.localeCompare(b.id),
    );
    const relevant = evidence.map((e) => {
      const resource = evidenceResource(e, input.evidenceHref(e.id));
      resources.push(resource);
      return {
        href: `#${resource.uuid}`,
        description: `${e.requirementCode}: ${resource.title} (effective ${e.effectiveStart} to ${e.effectiveEnd}, ${e.reviewState})`,
        props: [
          ...prop('requirement', e.requirementCode),
          ...prop('sha256', e.sha256),
          ...prop('review-state', e.reviewState),
        ],
      };
    });
    const obsUuid = observationUuid(input, c.code);
    observations.push({
      uuid: obsUuid,
      title: `${c.code} ${c.title}`,
      description: `Readiness of ${c.code} at ${at}: ${c.status}.`,
      props: [...prop('readiness-status', c.status), ...prop('owner', c.ownerName)],
      methods: ['EXAMINE'],
      types: ['control-objective'],
      ...(relevant.length ? { 'relevant-evidence': relevant } : {}),
      collected: oscalDateTime(at),
      ...(c.reasons.length ? { remarks: c.reasons.map((r) => `- ${r.message}`).join('\n') } : {}),
    });
    if (c.status !== 'gap') continue;
    const due = earliestGapDue(c.reasons);
    findings.push({
      uuid: gapFindingUuid(input, c.code),
      title: `${c.code} ${c.title}: gap`,
      description: gapDescription(c),
      props: [...prop('owner', c.ownerName), ...prop('due-date', due)],
      target: {
        type: 'objective-id',
        'target-id': `${oscalToken(c.code)}_obj`,
        status: { state: 'not-satisfied', reason: 'fail' },
      },
      'related-observations': [{ 'observation-uuid': obsUuid }],
    });
  }
  const head = input.ledgerHead;
  return {
    'assessment-results': {
      uuid: oscalUuid('assessment-results', ...resultKey(input)),
      metadata: documentMetadata(ctx, `${ctx.org.name}: readiness at ${at}`),
      'import-ap': {
        href: `#${planResource.uuid}`,
        remarks: 'auditready readiness rules; there is no OSCAL assessment plan.',
      },
      results: [
        {
          uuid: oscalUuid('result', ...resultKey(input)),
          title: `Readiness at ${at}`,
          description: `Readiness of the in-scope controls at ${at}, computed by auditready from its records.`,
          start: oscalDateTime(at),
          end: oscalDateTime(at),
          props: [
            ...prop('engagement-id', input.engagementId),
            ...prop('ledger-seq', head ? String(head.seq) : null),
            ...prop('ledger-head', head?.hash),
          ],
          'reviewed-controls': {
            'control-selections': [
              controls.length > 0
                ? { 'include-controls': controls.map((c) => ({ 'control-id': oscalToken(c.code) })) }
                : { 'include-all': {} },
            ],
          },
          ...(observations.length ? { observations } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
      'back-matter': { resources },
    },
  };
}
