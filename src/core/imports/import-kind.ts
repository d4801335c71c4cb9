/**
 * What every import kind declares, whatever it imports (docs/decisions/0018):
 * one descriptor per kind, pure data, so that the CLI's help, the HTTP
 * validation, the evidence an import records, the service's scope checks
 * and the web's import dialog all read the same facts. The Node side binds a
 * parser to each descriptor (`src/importers/<domain>/index.ts`); a domain
 * adds its own fields by extending {@link ImportKind} (NHI: `NhiImportKind`).
 */

/** What the scope of an import is, and what happens without one. */
export interface ImportScopeRule {
  /** What the scope names, shown next to the field; absent: the generic wording. */
  hint?: string;
  /** The file does not say what it covers: an import without a scope is refused with this reason. */
  requiredReason?: string;
  /** Without a scope: this attribute of the records, when the whole file names exactly one value. */
  fromAttribute?: string;
}

/** One import kind, as every layer reads it. */
export interface ImportKind<Name extends string = string> {
  /** The CLI and API name (`aws-credential-report`). */
  name: Name;
  /** A short label for lists and the import dialog. */
  label: string;
  /** One line for the CLI's help: what the file is and where it comes from. */
  description: string;
  /** The command or API call that produces the export. */
  command: string;
  scope: ImportScopeRule;
  /** The evidence requirements (by code) an imported file proves; the first is the one the import points to. */
  proves: readonly string[];
}

/** True when a kind refuses an import without a scope. */
export function scopeRequired(kind: ImportKind): boolean {
  return kind.scope.requiredReason !== undefined;
}

/** The descriptors of a list indexed by name (the registry a domain's layers read). */
export function importKindRegistry<K extends ImportKind>(
  kinds: readonly K[],
): Readonly<Record<K['name'], K>> {
  const registry = {} as Record<K['name'], K>;
  for (const kind of kinds) {
    if (Object.hasOwn(registry, kind.name)) throw new Error(`import kind ${kind.name} registered twice`);
    registry[kind.name as K['name']] = kind;
  }
  return registry;
}
