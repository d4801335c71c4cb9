import { oscalToken, oscalUuid } from './ids.js';
import {
  documentMetadata,
  type OscalDocumentContext,
  type OscalMetadata,
  type OscalProperty,
  prop,
} from './types.js';

/** An evidence requirement of a control, as the catalog lists it. */
export interface OscalRequirementInput {
  code: string;
  artifact: string;
  cadence: string;
  sourceType: string;
  collection: string;
}

/** A control of ours, as the OSCAL builders read it (a control matrix row fits). */
export interface OscalControlInput {
  code: string;
  title: string;
  description: string;
  status: string;
  cadence: string;
  sourceOfTruth: string | null;
  suggestedOwnerRole: string | null;
  requirements: readonly OscalRequirementInput[];
  /** Criterion codes per framework id. */
  mappings: Readonly<Record<string, readonly string[]>>;
}

/** A group of our controls: the domain prefix of their codes (`AC` of `AC-03`) and its title. */
export interface OscalDomain {
  prefix: string;
  title: string;
}

/** The domains of the starter library, in its order; other prefixes follow alphabetically. */
export const STARTER_DOMAINS: readonly OscalDomain[] = [
  { prefix: 'GOV', title: 'Governance, risk management and policies' },
  { prefix: 'HR', title: 'People security' },
  { prefix: 'AC', title: 'Access control' },
  { prefix: 'NHI', title: 'Non-human identities' },
  { prefix: 'CM', title: 'Change management and secure development' },
  { prefix: 'OPS', title: 'Operations, logging, monitoring and vulnerability management' },
  { prefix: 'IR', title: 'Incident response' },
  { prefix: 'BC', title: 'Backup, disaster recovery and availability' },
  { prefix: 'VM', title: 'Vendor and supply-chain risk' },
  { prefix: 'DP', title: 'Data protection and confidentiality' },
  { prefix: 'AI', title: 'AI governance' },
  { prefix: 'EX', title: 'Exceptions, deficiencies and control monitoring' },
];

/** The domain prefix of a control code: what comes before the first `-` (the whole code without one). */
export function domainOf(code: string): string {
  const dash = code.indexOf('-');
  return dash > 0 ? code.slice(0, dash) : code;
}

/** An OSCAL control part. */
export interface OscalPart {
  id?: string;
  name: string;
  title?: string;
  prose?: string;
  props?: OscalProperty[];
  parts?: OscalPart[];
}

/** An OSCAL catalog control. */
export interface OscalCatalogControl {
  id: string;
  class?: string;
  title: string;
  props?: OscalProperty[];
  parts?: OscalPart[];
  controls?: OscalCatalogControl[];
}

/** An OSCAL catalog group. */
export interface OscalCatalogGroup {
  id?: string;
  class?: string;
  title: string;
  props?: OscalProperty[];
  parts?: OscalPart[];
  groups?: OscalCatalogGroup[];
  controls?: OscalCatalogControl[];
}

/** An OSCAL catalog document (`{ catalog }`). */
export interface OscalCatalogDocument {
  catalog: {
    uuid: string;
    metadata: OscalMetadata;
    groups?: OscalCatalogGroup[];
    controls?: OscalCatalogControl[];
  };
}

/** Our control as an OSCAL control: statement, requirements as assessment objectives, our fields as properties. */
export function oscalControlOf(c: OscalControlInput): OscalCatalogControl {
  const id = oscalToken(c.code);
  const props: OscalProperty[] = [
    { name: 'label', value: c.code },
    ...prop('status', c.status),
    ...prop('cadence', c.cadence),
    ...prop('source-of-truth', c.sourceOfTruth),
    ...prop('suggested-owner-role', c.suggestedOwnerRole),
  ];
  const parts: OscalPart[] = [];
  if (c.description.trim() !== '') parts.push({ id: `${id}_smt`, name: 'statement', prose: c.description });
  if (c.requirements.length > 0) {
    parts.push({
      id: `${id}_obj`,
      name: 'assessment-objective',
      title: 'Evidence requirements',
      parts: c.requirements.map((r) => ({
        id: `${id}_obj.${oscalToken(r.code)}`,
        name: 'assessment-objective',
        title: r.code,
        prose: r.artifact,
        props: [
          { name: 'label', value: r.code },
          ...prop('cadence', r.cadence),
          ...prop('source-type', r.sourceType),
          ...prop('collection', r.collection),
        ],
      })),
    });
  }
  return { id, class: 'auditready-control', title: c.title, props, ...(parts.length ? { parts } : {}) };
}

/**
 * Our controls as an OSCAL catalog: one group per domain prefix (in the
 * starter library's order, other prefixes after it alphabetically), each
 * control with its description as the statement and its evidence
 * requirements as assessment objectives. UUIDs derive from the organization.
 */
export function buildControlCatalog(
  ctx: OscalDocumentContext,
  controls: readonly OscalControlInput[],
  domains: readonly OscalDomain[] = STARTER_DOMAINS,
): OscalCatalogDocument {
  const byDomain = new Map<string, OscalControlInput[]>();
  for (const c of controls) {
    const d = domainOf(c.code);
    byDomain.set(d, [...(byDomain.get(d) ?? []), c]);
  }
  const known = domains.map((d) => d.prefix);
  const order = [
    ...known.filter((p) => byDomain.has(p)),
    ...[...byDomain.keys()].filter((p) => !known.includes(p)).sort(),
  ];
  const groups = order.map((prefix) => ({
    id: oscalToken(prefix.toLowerCase()),
    class: 'domain',
    title: domains.find((d) => d.prefix === prefix)?.title ?? prefix,
    props: [{ name: 'label', value: prefix }],
    controls: byDomain.get(prefix)!.map(oscalControlOf),
  }));
  return {
    catalog: {
      uuid: oscalUuid('catalog', ctx.org.id),
      metadata: documentMetadata(ctx, `${ctx.org.name}: control catalog`),
      ...(groups.length ? { groups } : {}),
    },
  };
}
