import { latestAccepted, latestSubmitted } from '../../evidence-index.js';
import { importsProving } from '../../provenance/provenance.js';
import { makeReason } from '../reason.js';
import type { Reason } from '../schema.js';
import type { ControlSubject } from './subject.js';

const HANDMADE = { screenshot: 'a screenshot', document: 'a document' } as const;

/**
 * Info (never a gap, docs/decisions/0030): a requirement whose source of
 * truth is a system auditready imports or collects from (its collection is
 * `import` or `connector`), but whose latest evidence is a screenshot or a
 * document: the import would give the auditor system-generated evidence.
 */
export function* importSuggested(s: ControlSubject): Generator<Reason> {
  const { ctx } = s;
  for (const e of s.requirements) {
    const r = e.requirement;
    if (r.collection !== 'import' && r.collection !== 'connector') continue;
    const latest = latestAccepted(e, ctx.asOf, ctx.at) ?? latestSubmitted(e, ctx.asOf, ctx.at);
    const source = latest ? ctx.sourceOf(latest) : undefined;
    if (source !== 'screenshot' && source !== 'document') continue;
    const imports = importsProving(r.code);
    const how =
      imports.length > 0
        ? `import the ${imports.map((k) => k.label).join(' or ')} instead (auditready import ${imports[0]!.name})`
        : r.collection === 'connector'
          ? 'collect it from the system instead'
          : 'import the system export instead';
    yield makeReason(s, {
      code: 'import-suggested',
      severity: 'info',
      message: `The latest evidence of ${r.code} is ${HANDMADE[source]}; its source of truth is a system: ${how}, so the auditor sees system-generated evidence.`,
      requirementId: r.id,
      requirementCode: r.code,
      ...(latest?.evidenceId === undefined ? {} : { evidenceId: latest.evidenceId }),
      // Like every reason it names a date: the readiness assessment, by which the evidence is best settled.
      dueOn: ctx.readinessAssessmentOn ?? ctx.at,
    });
  }
}
