import type { OscalControlInput } from './catalog.js';
import { oscalToken, oscalUuid } from './ids.js';
import {
  documentMetadata,
  type OscalDocumentContext,
  type OscalMetadata,
  type OscalProperty,
} from './types.js';

/** A framework our controls map to, as the mapping-collection names it. */
export interface OscalFrameworkRef {
  id: string;
  name: string;
  version: string;
  url: string;
}

/** A back-matter resource: a document the OSCAL file refers to by `#uuid`. */
export interface OscalResource {
  uuid: string;
  title: string;
  props?: OscalProperty[];
  rlinks?: { href: string; 'media-type'?: string; hashes?: { algorithm: string; value: string }[] }[];
  remarks?: string;
}

interface MappingItem {
  type: 'control';
  'id-ref': string;
}

/** One OSCAL map entry: one of our controls related to one criterion. */
export interface OscalMap {
  uuid: string;
  relationship: string;
  sources: MappingItem[];
  targets: MappingItem[];
}

/** An OSCAL mapping-collection document (`{ "mapping-collection" }`). */
export interface OscalMappingCollectionDocument {
  'mapping-collection': {
    uuid: string;
    metadata: OscalMetadata;
    provenance: {
      method: 'human';
      'matching-rationale': 'semantic';
      status: 'complete';
      'mapping-description': string;
    };
    mappings: {
      uuid: string;
      'source-resource': { type: 'catalog'; href: string };
      'target-resource': { type: 'catalog'; href: string };
      maps: OscalMap[];
    }[];
    'back-matter': { resources: OscalResource[] };
  };
}

/**
 * The relationship every map states: our controls and the criteria share
 * part of their requirements (NIST IR 8477 set theory: a control supports a
 * criterion without claiming to be equal to it, a subset or a superset).
 */
export const CROSSWALK_RELATIONSHIP = 'intersects-with';

/**
 * Our crosswalk as an OSCAL mapping-collection: one mapping per framework
 * that at least one control maps to (source: our control catalog, target:
 * the framework's catalog, both back-matter resources), one map per
 * control–criterion pair in control then criterion order. Criterion codes
 * are the published ids (`CC6.1`, `GV.RM-01`, `A.5.15`, `NHI7:2025`).
 */
export function buildMappingCollection(
  ctx: OscalDocumentContext,
  controls: readonly OscalControlInput[],
  frameworks: readonly OscalFrameworkRef[],
): OscalMappingCollectionDocument {
  const catalogResource: OscalResource = {
    uuid: oscalUuid('resource', ctx.org.id, 'catalog'),
    title: `${ctx.org.name}: control catalog`,
    props: [{ name: 'type', value: 'catalog' }],
    rlinks: [
      {
        href: `urn:uuid:${oscalUuid('catalog', ctx.org.id)}`,
        'media-type': 'application/oscal.catalog+json',
      },
    ],
  };
  const resources: OscalResource[] = [catalogResource];
  const mappings: OscalMappingCollectionDocument['mapping-collection']['mappings'] = [];
  for (const fw of frameworks) {
    const maps: OscalMap[] = [];
    for (const c of controls) {
      for (const code of c.mappings[fw.id] ?? []) {
        maps.push({
          uuid: oscalUuid('map', ctx.org.id, fw.id, c.code, code),
          relationship: CROSSWALK_RELATIONSHIP,
          sources: [{ type: 'control', 'id-ref': oscalToken(c.code) }],
          targets: [{ type: 'control', 'id-ref': code }],
        });
      }
    }
    if (maps.length === 0) continue;
    const resource: OscalResource = {
      uuid: oscalUuid('resource', 'framework', fw.id),
      title: `${fw.name} ${fw.version}`,
      props: [
        { name: 'type', value: 'catalog' },
        { name: 'framework-id', value: fw.id, ns: 'https://auditready.dev/ns/oscal' },
      ],
      ...(fw.url ? { rlinks: [{ href: fw.url }] } : {}),
    };
    resources.push(resource);
    mappings.push({
      uuid: oscalUuid('mapping', ctx.org.id, fw.id),
      'source-resource': { type: 'catalog', href: `#${catalogResource.uuid}` },
      'target-resource': { type: 'catalog', href: `#${resource.uuid}` },
      maps,
    });
  }
  return {
    'mapping-collection': {
      uuid: oscalUuid('mapping-collection', ctx.org.id),
      metadata: documentMetadata(ctx, `${ctx.org.name}: control crosswalk`),
      provenance: {
        method: 'human',
        'matching-rationale': 'semantic',
        status: 'complete',
        'mapping-description':
          'Each control of the catalog is related to the criteria it helps meet, by criterion id; the crosswalk is our own work.',
      },
      mappings,
      'back-matter': { resources },
    },
  };
}
