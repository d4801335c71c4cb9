import { createReadStream, existsSync } from 'node:fs';
import { Argument, type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { NHI_IMPORT_KINDS, type NhiImportKindName } from '../../importers/nhi/index.js';
import { importNhi } from '../../modules/nhi/import/import.service.js';
import { NHI_IMPORT_KIND_NAMES, type NhiImportResult } from '../../modules/nhi/nhi.schema.js';
import { importOscalCatalog, type OscalCatalogImportResult } from '../../modules/oscal/oscal.service.js';
import { AppError } from '../../platform/errors.js';
import { boundHeapGrowth } from '../../platform/heap.js';
import { cliActor, type GlobalOptions, storesOf, withDatabase, withOrganization } from '../context.js';
import { printJson, printLines } from '../output.js';
import { announceWriteLock, byteProgress } from '../progress.js';

function kindsHelp(): string {
  const width = Math.max(...NHI_IMPORT_KIND_NAMES.map((k) => k.length));
  return [
    '',
    'Kinds:',
    ...NHI_IMPORT_KIND_NAMES.map((k) => `  ${k.padEnd(width)}  ${NHI_IMPORT_KINDS[k].description}`),
    `  ${OSCAL_CATALOG.padEnd(width)}  an OSCAL 1.1/1.2 catalog (JSON) as a framework controls can map to (--framework-id)`,
    '',
    'The original file is kept as evidence (NHI-01-E1; scanner reports on NHI-11-E2). Importing the',
    'same content again changes nothing; a bad record aborts the whole import with its line or JSON path.',
  ].join('\n');
}

/** The import kind that reads an OSCAL catalog into a framework (installation-wide, not the NHI inventory). */
const OSCAL_CATALOG = 'oscal-catalog';

function kindOf(value: string): NhiImportKindName | typeof OSCAL_CATALOG {
  if (value === OSCAL_CATALOG) return value;
  if (!(NHI_IMPORT_KIND_NAMES as string[]).includes(value)) {
    throw new InvalidArgumentError(
      `unknown kind; see \`auditready import --help\` for the ${NHI_IMPORT_KIND_NAMES.length + 1} kinds`,
    );
  }
  return value as NhiImportKindName;
}

function oscalSummary(r: OscalCatalogImportResult): string[] {
  if (r.status === 'unchanged')
    return [`unchanged: ${r.frameworkId} ${r.version} is already installed; nothing written`];
  return [
    `${r.status} framework ${r.frameworkId}: ${r.title} ${r.version}${r.previousVersion ? ` (was ${r.previousVersion})` : ''}`,
    `  ${r.groups} groups, ${r.criteria} criteria; ${r.mappingsKept} mappings kept`,
    ...(r.mappingsDangling.length > 0
      ? [
          `  ${r.mappingsDangling.length} mappings name criteria this version lacks: ${r.mappingsDangling.map((m) => m.code).join(', ')}`,
        ]
      : []),
  ];
}

function summary(r: NhiImportResult): string[] {
  if (r.status === 'unchanged') {
    return [`unchanged: this ${r.kind} content was already imported (import ${r.importId}); nothing written`];
  }
  const c = r.counts;
  return [
    `imported ${r.fileName} (${r.kind}${r.scope ? `, ${r.scope}` : ''}): ${c.records} records`,
    `  identities: ${c.identities} listed, ${c.created} created, ${c.updated} updated, ${c.offboarded} offboarded; ${c.events} lifecycle events`,
    ...(c.leaks > 0 ? [`  leaks: ${c.leaks} listed, ${c.leaksNew} new`] : []),
    `  findings: ${c.findingsOpened} opened, ${c.findingsResolved} resolved, ${c.findingsUpdated} changed severity`,
    `  evidence: ${r.evidenceIds.join(', ') || 'none (no NHI control to attach it to)'}, effective ${r.effectiveOn}`,
  ];
}

/** `auditready import <kind> FILE [--scope S]`: an NHI export or secret-scanner report into the inventory. */
export function registerImport(program: Command<[], GlobalOptions>): void {
  program
    .command('import')
    .description('import a provider export or secret-scanner report into the NHI inventory')
    .addArgument(new Argument('<kind>', 'what the file is (one of the kinds below)').argParser(kindOf))
    .argument('<file>', 'the export file')
    .option(
      '--scope <scope>',
      'what the export covers when the file does not say: org/repo, cluster name, Entra tenant id',
    )
    .option(
      '--framework-id <id>',
      'oscal-catalog: the framework id (default: from the catalog title; keep it for newer versions)',
    )
    .addHelpText('after', kindsHelp())
    .addHelpText(
      'after',
      "\nOn SQLite the import holds the write lock until it ends: the server's writes wait meanwhile\n(the API answers 503 busy with Retry-After; the web UI retries and says so).",
    )
    .action(async (kind, file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      if (kind === OSCAL_CATALOG) {
        if (!existsSync(file)) throw new AppError('not_found', `${file}: no such file`);
        const result = await withDatabase(opts, (db) =>
          importOscalCatalog(db, cliActor(), {
            file,
            input: createReadStream(file),
            ...(options.frameworkId ? { frameworkId: options.frameworkId } : {}),
          }),
        );
        if (opts.json) printJson(result);
        else printLines(...oscalSummary(result));
        return;
      }
      boundHeapGrowth();
      const progress = byteProgress(opts);
      try {
        const result = await withOrganization(opts, (db, org) => {
          announceWriteLock(opts, db);
          return importNhi(storesOf(opts, db), cliActor(), org.id, {
            kind,
            file,
            scope: options.scope,
            onProgress: (p) => progress.report(p),
          });
        });
        progress.stop();
        if (opts.json) printJson(result);
        else printLines(...summary(result));
      } finally {
        progress.stop();
      }
    });
}
