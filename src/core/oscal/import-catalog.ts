/**
 * An OSCAL catalog (1.1.x or 1.2.x JSON, already schema-valid) as a
 * framework: its groups (nested groups keep their parent), its controls as
 * criteria of their innermost group, and control enhancements (controls
 * nested in a control) as criteria whose parent is that control.
 * Withdrawn controls (`props: status = withdrawn`) are left out.
 */

/** The parts of an OSCAL catalog the import reads. */
export interface OscalCatalogInput {
  catalog: {
    uuid: string;
    metadata: {
      title: string;
      version: string;
      'oscal-version': string;
      parties?: { type?: string; name?: string }[];
    };
    groups?: OscalGroupInput[];
    controls?: OscalControlIn[];
  };
}

interface OscalPropIn {
  name: string;
  value: string;
}

interface OscalPartIn {
  name: string;
  prose?: string;
  parts?: OscalPartIn[];
}

interface OscalControlIn {
  id: string;
  title: string;
  props?: OscalPropIn[];
  parts?: OscalPartIn[];
  controls?: OscalControlIn[];
}

interface OscalGroupInput {
  id?: string;
  title: string;
  props?: OscalPropIn[];
  parts?: OscalPartIn[];
  groups?: OscalGroupInput[];
  controls?: OscalControlIn[];
}

/** A group of an imported framework. */
export interface ImportedGroup {
  code: string;
  title: string;
  parent: string | null;
  description: string | null;
}

/** A criterion of an imported framework. */
export interface ImportedCriterion {
  code: string;
  group: string;
  /** The control this one enhances (its parent control's id), or null. */
  parent: string | null;
  title: string;
  description: string | null;
}

/** A catalog read into framework form. */
export interface ImportedCatalog {
  uuid: string;
  title: string;
  version: string;
  oscalVersion: string;
  publisher: string;
  groups: ImportedGroup[];
  criteria: ImportedCriterion[];
}

/** The group code of the controls a catalog lists outside any group. */
export const UNGROUPED = '(ungrouped)';

/** The OSCAL versions the import reads. */
export const IMPORTABLE_OSCAL_VERSIONS = /^1\.[12]\.\d+$/;

function labelOf(props: readonly OscalPropIn[] | undefined): string | undefined {
  return props?.find((p) => p.name === 'label')?.value;
}

function withdrawn(props: readonly OscalPropIn[] | undefined): boolean {
  return props?.some((p) => p.name === 'status' && p.value === 'withdrawn') ?? false;
}

/** The prose of a control's statement part (and its sub-parts), one paragraph per part, or null. */
export function statementProse(parts: readonly OscalPartIn[] | undefined): string | null {
  const statement = parts?.find((p) => p.name === 'statement');
  if (!statement) return null;
  const lines: string[] = [];
  const walk = (p: OscalPartIn) => {
    if (p.prose?.trim()) lines.push(p.prose.trim());
    for (const child of p.parts ?? []) walk(child);
  };
  walk(statement);
  return lines.length > 0 ? lines.join('\n') : null;
}

/**
 * Reads a schema-valid OSCAL catalog into a framework's groups and
 * criteria, in document order. Codes are the OSCAL ids (`ac-2`, `ac-2.1`,
 * `GV.OC-01`), the ids mappings keep across versions. A group without an id
 * gets its label, else `group-N` (N its 1-based position). Fails with the
 * JSON path on a duplicate id or an OSCAL version other than 1.1.x or 1.2.x.
 */
export function readOscalCatalog(doc: OscalCatalogInput): ImportedCatalog {
  const { catalog } = doc;
  const oscalVersion = catalog.metadata['oscal-version'];
  if (!IMPORTABLE_OSCAL_VERSIONS.test(oscalVersion)) {
    throw new OscalImportProblem(
      '$.catalog.metadata.oscal-version',
      `OSCAL ${oscalVersion} is not supported: expected 1.1.x or 1.2.x`,
    );
  }
  const groups: ImportedGroup[] = [];
  const criteria: ImportedCriterion[] = [];
  const groupCodes = new Set<string>();
  const criterionCodes = new Set<string>();
  let position = 0;

  const addControl = (c: OscalControlIn, group: string, parent: string | null, path: string) => {
    if (withdrawn(c.props)) return;
    if (criterionCodes.has(c.id))
      throw new OscalImportProblem(`${path}.id`, `control id "${c.id}" appears twice`);
    criterionCodes.add(c.id);
    const label = labelOf(c.props);
    criteria.push({
      code: c.id,
      group,
      parent,
      title: label && label !== c.id ? `${label} ${c.title}` : c.title,
      description: statementProse(c.parts),
    });
    for (const [i, child] of (c.controls ?? []).entries())
      addControl(child, group, c.id, `${path}.controls[${i}]`);
  };

  const addGroup = (g: OscalGroupInput, parent: string | null, path: string) => {
    position++;
    const code = g.id ?? labelOf(g.props) ?? `group-${position}`;
    if (groupCodes.has(code)) throw new OscalImportProblem(`${path}.id`, `group id "${code}" appears twice`);
    groupCodes.add(code);
    groups.push({ code, title: g.title, parent, description: statementProse(g.parts) });
    for (const [i, child] of (g.groups ?? []).entries()) addGroup(child, code, `${path}.groups[${i}]`);
    for (const [i, c] of (g.controls ?? []).entries()) addControl(c, code, null, `${path}.controls[${i}]`);
  };

  for (const [i, g] of (catalog.groups ?? []).entries()) addGroup(g, null, `$.catalog.groups[${i}]`);
  if (catalog.controls?.length) {
    groups.push({ code: UNGROUPED, title: 'Controls outside any group', parent: null, description: null });
    for (const [i, c] of catalog.controls.entries())
      addControl(c, UNGROUPED, null, `$.catalog.controls[${i}]`);
  }
  if (criteria.length === 0)
    throw new OscalImportProblem('$.catalog', 'the catalog has no (current) controls');
  const publisher = catalog.metadata.parties?.find((p) => p.type === 'organization' && p.name)?.name ?? '';
  return {
    uuid: catalog.uuid,
    title: catalog.metadata.title,
    version: catalog.metadata.version,
    oscalVersion,
    publisher,
    groups,
    criteria,
  };
}

/** A problem in an OSCAL catalog at a JSON path. */
export class OscalImportProblem extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'OscalImportProblem';
  }
}

/** A framework id from a catalog title when none is given: lowercase words joined by dashes, at most 40 characters. */
export function frameworkIdOf(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug || 'imported-catalog';
}
