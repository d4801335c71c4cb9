import type { ControlReadiness } from '../readiness/types.js';
import { earliestGapDue, gapDescription, gapFindingUuid, type OscalAssessmentInput } from './assessment.js';
import { oscalDateTime, oscalToken, oscalUuid } from './ids.js';
import { documentMetadata, type OscalMetadata, type OscalProperty, prop } from './types.js';

/** An open finding of ours (a rule's or an auditor's), as the POA&M lists it. */
export interface OscalOpenFinding {
  id: string;
  title: string;
  description: string | null;
  severity: string;
  source: string;
  ownerEmail: string | null;
  dueOn: string | null;
  openedOn: string;
  controlCodes: readonly string[];
}

/** A plan due date: the earliest open evidence due date of a control (from the back-plan). */
export type PlanDueByControl = ReadonlyMap<string, string>;

interface PoamFinding {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProperty[];
  target: { type: 'objective-id'; 'target-id': string; status: { state: 'not-satisfied' } };
}

interface PoamRisk {
  uuid: string;
  title: string;
  description: string;
  statement: string;
  props?: OscalProperty[];
  status: 'open';
  deadline?: string;
}

interface PoamItem {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProperty[];
  'related-findings'?: { 'finding-uuid': string }[];
  'related-risks'?: { 'risk-uuid': string }[];
}

/** An OSCAL plan-of-action-and-milestones document. */
export interface OscalPoamDocument {
  'plan-of-action-and-milestones': {
    uuid: string;
    metadata: OscalMetadata;
    'system-id': { 'identifier-type': string; id: string };
    findings?: PoamFinding[];
    risks?: PoamRisk[];
    'poam-items': PoamItem[];
  };
}

/** The POA&M's input: readiness at T, open findings, and the plan's due dates per control. */
export interface OscalPoamInput extends OscalAssessmentInput {
  findings: readonly OscalOpenFinding[];
  planDue: PlanDueByControl;
}

function item(
  key: string[],
  title: string,
  description: string,
  findingUuid: string,
  deadline: string | null,
  props: OscalProperty[],
): { risk: PoamRisk; poam: PoamItem } {
  const riskUuid = oscalUuid('poam-risk', ...key);
  return {
    risk: {
      uuid: riskUuid,
      title,
      description,
      statement: description,
      props,
      status: 'open',
      ...(deadline ? { deadline: oscalDateTime(deadline) } : {}),
    },
    poam: {
      uuid: oscalUuid('poam-item', ...key),
      title,
      description,
      props: [...props, ...prop('due-date', deadline)],
      'related-findings': [{ 'finding-uuid': findingUuid }],
      'related-risks': [{ 'risk-uuid': riskUuid }],
    },
  };
}

/**
 * Open gaps and open findings at T as an OSCAL POA&M: one poam-item each,
 * related to an OSCAL finding (a gap's has the same UUID as in the
 * assessment-results at T) and to an open risk whose deadline is the due
 * date (a gap: its earliest gap reason's due date, else the plan's earliest
 * open due date for the control; a finding: its own due date). Items come in
 * control code order, then findings by opening date and id. The POA&M
 * always has at least one item: with nothing open it says so.
 */
export function buildPoam(input: OscalPoamInput): OscalPoamDocument {
  const { ctx, at } = input;
  const findings: PoamFinding[] = [];
  const risks: PoamRisk[] = [];
  const items: PoamItem[] = [];
  const gaps: ControlReadiness[] = input.controls
    .filter((c) => c.status === 'gap')
    .sort((a, b) => a.code.localeCompare(b.code));
  for (const c of gaps) {
    const findingUuid = gapFindingUuid(input, c.code);
    const description = gapDescription(c);
    findings.push({
      uuid: findingUuid,
      title: `${c.code} ${c.title}: gap`,
      description,
      target: {
        type: 'objective-id',
        'target-id': `${oscalToken(c.code)}_obj`,
        status: { state: 'not-satisfied' },
      },
    });
    const due = earliestGapDue(c.reasons) ?? input.planDue.get(c.code) ?? null;
    const { risk, poam } = item(
      ['gap', ctx.org.id, input.engagementId ?? 'none', c.code],
      `${c.code} ${c.title}`,
      description,
      findingUuid,
      due,
      [...prop('control', c.code), ...prop('owner', c.ownerName), ...prop('kind', 'readiness-gap')],
    );
    risks.push(risk);
    items.push(poam);
  }
  const open = [...input.findings].sort(
    (a, b) => a.openedOn.localeCompare(b.openedOn) || a.id.localeCompare(b.id),
  );
  for (const f of open) {
    const findingUuid = oscalUuid('finding', f.id);
    const description = f.description?.trim() || f.title;
    findings.push({
      uuid: findingUuid,
      title: f.title,
      description,
      props: [...prop('severity', f.severity), ...prop('source', f.source), ...prop('opened-on', f.openedOn)],
      target: {
        type: 'objective-id',
        'target-id': f.controlCodes.length > 0 ? `${oscalToken(f.controlCodes[0]!)}_obj` : 'organization',
        status: { state: 'not-satisfied' },
      },
    });
    const { risk, poam } = item(['finding', f.id], f.title, description, findingUuid, f.dueOn, [
      ...prop('severity', f.severity),
      ...prop('owner', f.ownerEmail),
      ...prop('controls', f.controlCodes.join(' ')),
      ...prop('kind', 'finding'),
    ]);
    risks.push(risk);
    items.push(poam);
  }
  if (items.length === 0) {
    items.push({
      uuid: oscalUuid('poam-item', ctx.org.id, 'nothing-open'),
      title: 'Nothing open',
      description: `No readiness gap and no open finding at ${at}.`,
    });
  }
  return {
    'plan-of-action-and-milestones': {
      uuid: oscalUuid('poam', ctx.org.id, input.engagementId ?? 'none', at),
      metadata: documentMetadata(ctx, `${ctx.org.name}: plan of action and milestones at ${at}`),
      'system-id': { 'identifier-type': 'https://auditready.dev/ns/oscal', id: ctx.org.id },
      ...(findings.length ? { findings } : {}),
      ...(risks.length ? { risks } : {}),
      'poam-items': items,
    },
  };
}
