import { createReadStream, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { SOURCE_TYPES } from '../../core/vocabulary.js';
import type { Evidence } from '../../modules/evidence/evidence.schema.js';
import {
  addEvidence,
  type EvidenceContent,
  findEvidenceFor,
  reviewEvidenceBatch,
} from '../../modules/evidence/evidence.service.js';
import { AppError } from '../../platform/errors.js';
import { cliActor, type GlobalOptions, storesOf, withOrganization } from '../context.js';
import { printJson, printLines, printTable } from '../output.js';

function period(e: Evidence): string {
  return e.effectiveStart === e.effectiveEnd ? e.effectiveStart : `${e.effectiveStart}..${e.effectiveEnd}`;
}

function what(e: Evidence): string {
  if (e.kind === 'link') return e.url ?? '';
  return `${e.fileName ?? e.kind} (${e.sha256?.slice(0, 12)}…)`;
}

function readContent(
  file: string | undefined,
  link: string | undefined,
  record: string | undefined,
): EvidenceContent {
  const given = [file, link, record].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new AppError('invalid_input', 'give exactly one of FILE, --link URL or --record FILE.json');
  if (link !== undefined) return { kind: 'link', url: link };
  if (record !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(record, 'utf8'));
    } catch (err) {
      throw new AppError(
        'invalid_input',
        `${record}: not readable JSON (${err instanceof Error ? err.message : err})`,
      );
    }
    return { kind: 'record', json };
  }
  try {
    if (!statSync(file!).isFile()) throw new Error('not a file');
  } catch {
    throw new AppError('not_found', `${file}: no such file`);
  }
  return { kind: 'file', stream: createReadStream(file!), fileName: path.basename(file!) };
}

/** `auditready evidence add|list|review`. */
export function registerEvidence(program: Command<[], GlobalOptions>): void {
  const evidence = program.command('evidence').description('evidence: add, list, review');

  evidence
    .command('add')
    .description('add evidence (a file, a JSON record or a link) for an evidence requirement of a control')
    .argument('[file]', 'the file to store')
    .requiredOption('--control <code>', 'control code')
    .option('--requirement <code>', 'evidence requirement code (needed when the control has several)')
    .option('--link <url>', 'store a link instead of a file')
    .option('--record <file>', 'store a structured JSON record')
    .requiredOption(
      '--effective <date>',
      'the date or period it covers: 2026-10-01 or 2026-10-01..2026-12-31',
    )
    .option('--source <type>', `source type (${SOURCE_TYPES.join(', ')}); default: the requirement's`)
    .option('--description <text>', 'what this is')
    .option('--supersedes <id>', 'the evidence this corrects')
    .action(async (file, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const content = readContent(file, options.link, options.record);
      const added = await withOrganization(opts, (db, org) =>
        addEvidence(storesOf(opts, db), cliActor(), org.id, {
          metadata: {
            controlCode: options.control,
            requirementCode: options.requirement,
            effective: options.effective,
            sourceType: options.source,
            description: options.description,
            supersedes: options.supersedes,
          },
          content,
        }),
      );
      if (opts.json) printJson(added);
      else
        printLines(
          `added ${added.id} to ${added.requirementCode} (${period(added)}, ${added.sourceType}): submitted for review`,
        );
    });

  evidence
    .command('list')
    .description('list evidence, newest first')
    .option('--control <code>', 'only evidence of this control')
    .option('--current', 'hide versions that were superseded')
    .action(async (options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      const rows = await withOrganization(opts, (db, org) =>
        findEvidenceFor(db, org.id, { controlCode: options.control, currentOnly: options.current }),
      );
      if (opts.json) {
        printJson(rows);
        return;
      }
      printTable(
        rows,
        [
          { header: 'ID', value: (e) => e.id },
          { header: 'REQUIREMENT', value: (e) => e.requirementCode },
          { header: 'EFFECTIVE', value: (e) => period(e) },
          { header: 'SOURCE', value: (e) => e.sourceType },
          {
            header: 'STATE',
            value: (e) => (e.supersededById ? `${e.reviewState} (superseded)` : e.reviewState),
          },
          { header: 'COLLECTED', value: (e) => `${e.collectedAt.slice(0, 10)} by ${e.collector.label}` },
          { header: 'WHAT', value: what, max: 48 },
        ],
        'no evidence yet: add some with `auditready evidence add --control CODE FILE --effective DATE`',
      );
    });

  evidence
    .command('review')
    .description('accept or reject submitted evidence: several ids at once, all or nothing')
    .argument('<ids...>', 'evidence ids (or unique prefixes)')
    .option('--accept', 'accept them')
    .option('--reject <reason>', 'reject them, saying why')
    .addHelpText(
      'after',
      '\nEvery id is checked first: if any is unknown, already reviewed or superseded, none is reviewed\nand the error names each such id.',
    )
    .action(async (ids, options, cmd) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions;
      if (!!options.accept === !!options.reject)
        throw new AppError('invalid_input', 'give exactly one of --accept or --reject REASON');
      const decision = options.accept
        ? { decision: 'accepted' }
        : { decision: 'rejected', reason: options.reject };
      const reviewed = await withOrganization(opts, (db, org) =>
        reviewEvidenceBatch(db, cliActor(), org.id, { evidenceIds: ids, decision }),
      );
      if (opts.json) printJson(ids.length === 1 ? reviewed[0] : reviewed);
      else printLines(...reviewed.map((e) => `${e.id}: ${e.reviewState}`));
    });
}
