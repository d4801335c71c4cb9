import { oscalDateTime, oscalUuid } from './ids.js';

/** The OSCAL version auditready writes. */
export const OSCAL_VERSION = '1.2.1';

/** Our own properties' namespace (OSCAL's own property names need none). */
export const AUDITREADY_NS = 'https://auditready.dev/ns/oscal';

/** A property of an OSCAL object (`name` is a token, `value` a non-empty string). */
export interface OscalProperty {
  name: string;
  value: string;
  ns?: string;
  class?: string;
}

/** A link of an OSCAL object. */
export interface OscalLink {
  href: string;
  rel?: string;
  'media-type'?: string;
  text?: string;
}

/** OSCAL document metadata (the parts auditready fills). */
export interface OscalMetadata {
  title: string;
  'last-modified': string;
  version: string;
  'oscal-version': string;
  props?: OscalProperty[];
  roles?: { id: string; title: string }[];
  parties?: { uuid: string; type: 'person' | 'organization'; name: string }[];
  'responsible-parties'?: { 'role-id': string; 'party-uuids': string[] }[];
  remarks?: string;
}

/** Who a document is about and when it was made. */
export interface OscalDocumentContext {
  /** The organization (its id keys the UUIDs, its name titles the document). */
  org: { id: string; name: string };
  /** The document's last-modified time: a date T or an ISO date-time with a zone. */
  lastModified: string;
  /** The document's version (a library version, a ledger head, a date). */
  version: string;
}

/** An auditready property (namespaced), or none when the value is empty (OSCAL refuses empty values). */
export function prop(name: string, value: string | null | undefined): OscalProperty[] {
  return value ? [{ name, value, ns: AUDITREADY_NS }] : [];
}

/** The organization as an OSCAL party. */
export function orgPartyUuid(orgId: string): string {
  return oscalUuid('party', orgId);
}

/** Metadata naming the organization as the party the document is prepared for. */
export function documentMetadata(ctx: OscalDocumentContext, title: string): OscalMetadata {
  const party = orgPartyUuid(ctx.org.id);
  return {
    title,
    'last-modified': oscalDateTime(ctx.lastModified),
    version: ctx.version,
    'oscal-version': OSCAL_VERSION,
    props: [{ name: 'generator', value: 'auditready', ns: AUDITREADY_NS }],
    roles: [{ id: 'prepared-for', title: 'Prepared for' }],
    parties: [{ uuid: party, type: 'organization', name: ctx.org.name }],
    'responsible-parties': [{ 'role-id': 'prepared-for', 'party-uuids': [party] }],
  };
}
