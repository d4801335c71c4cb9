/**
 * `importNhi`: one export file into the inventory (SPEC §7, issue 6 item 2).
 * The file is streamed once into the blob store, then parsed from the stored
 * blob (read once more, never held in memory) inside ONE transaction that
 * stages, applies, records the evidence, re-evaluates the rules and writes
 * the ledger — or, on any error, writes nothing. The same content of the same
 * source twice is "unchanged" and writes nothing at all.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { inputDateProblem } from '../../../core/dates.js';
import { inputProblem } from '../../../core/json-bounds.js';
import type { Actor } from '../../../core/ledger/chain.js';
import type { ExportFacts } from '../../../core/nhi/index.js';
import { NHI_IMPORT_KINDS } from '../../../importers/nhi/index.js';
import { todayIso } from '../../../platform/clock.js';
import type { NhiImportsTable } from '../../../platform/db/schema.js';
import { AppError, ImportError } from '../../../platform/errors.js';
import { safeFileName } from '../../../platform/files/safe-file-name.js';
import { write } from '../../../platform/ledger/ledger.js';
import { closeAccessReviewFollowUpsOnNhis } from '../../access-reviews/access-review-refresh.service.js';
import { type EvidenceStores, storeEvidenceContent } from '../../evidence/evidence.service.js';
import {
  type NhiImportCounts,
  type NhiImportProgress,
  type NhiImportResult,
  nhiImportInputSchema,
  zeroCounts,
} from '../nhi.schema.js';
import { recordImportEvidence } from './evidence.js';
import { latestImportOf, latestImportWithContent } from './import.repository.js';
import { applyRun, finishRun } from './run.js';

/** What to import and how to report progress. */
export interface ImportNhiOptions {
  /** An import kind (`aws-credential-report` …). */
  kind: string;
  /** The file's path (read from disk), or its name when `input` carries the content (an upload). */
  file: string;
  input?: Readable;
  /** What the export is scoped to when the file does not say (repository, cluster, tenant). */
  scope?: string | undefined;
  /** The date T the rules judge the inventory at (default today). */
  at?: string;
  /** Largest accepted file (an upload): the blob store refuses more with `payload_too_large`, before any row is written. */
  maxBytes?: number;
  onProgress?: (progress: NhiImportProgress) => void;
}

const MEDIA_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
};

/** Imports one export file (see the module comment). */
export async function importNhi(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: ImportNhiOptions,
): Promise<NhiImportResult> {
  const parsed = nhiImportInputSchema.safeParse({ kind: options.kind, scope: options.scope });
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues[0]!.message);
  const { kind, scope } = parsed.data;
  const descriptor = NHI_IMPORT_KINDS[kind];
  if (scope === null && descriptor.scope.requiredReason !== undefined) {
    // The field, not a flag: the CLI names it --scope, the API and the web the scope field.
    throw new AppError('invalid_input', descriptor.scope.requiredReason, { field: 'scope' });
  }
  const at = options.at ?? todayIso();
  const atProblem = inputDateProblem(at);
  if (atProblem) throw new AppError('invalid_input', `${at}: ${atProblem}`);
  const fileName = safeFileName(path.basename(options.file), `${options.kind}.export`);
  let totalBytes: number | null = null;
  if (!options.input) {
    try {
      totalBytes = statSync(options.file).size;
    } catch {
      throw new AppError('not_found', `${options.file}: no such file`);
    }
  }
  const progress = (phase: NhiImportProgress['phase'], bytes: number, records = 0) =>
    options.onProgress?.({ phase, bytes, totalBytes, records });

  const stored = await storeEvidenceContent(
    stores.blobs,
    {
      kind: 'file',
      stream: counting(options.input ?? createReadStream(options.file), (b) => progress('storing', b)),
      fileName,
      mediaType: MEDIA_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream',
    },
    options.maxBytes,
  );
  const sha256 = stored.sha256!;
  const same = await latestImportWithContent(stores.database.db, orgId, kind, sha256, scope);
  if (same && (await latestImportOf(stores.database.db, orgId, same.source))?.id === same.id) {
    return resultOf(same, 'unchanged', same.evidence_id ? [same.evidence_id] : []);
  }

  let bytesRead = 0;
  let records = 0;
  const result = await write(stores.database, { actor, orgId }, async (w) => {
    let facts: ExportFacts | null = null;
    const blob = counting(await stores.blobs.open(sha256), (b) => {
      bytesRead = b;
      progress('parsing', b, records);
    });
    const observations = boundedRecords(
      fileName,
      descriptor.parse(blob, fileName, {
        ...(scope === null ? {} : { scope }),
        onFacts: (f) => {
          facts = f;
        },
      }),
    );
    try {
      const run = await applyRun(
        w,
        orgId,
        {
          kind,
          scope,
          scopeFromAttribute: descriptor.scope.fromAttribute ?? null,
          fileName,
          sha256,
          size: stored.size,
          at,
          onRecords: (n) => {
            records = n;
          },
          onWriting: () => progress('writing', bytesRead, records),
        },
        observations,
        () => facts,
      );
      const evidenceIds = await recordImportEvidence(w, orgId, {
        kind,
        stored: { ...stored, sha256 },
        effectiveOn: run.row.effective_on,
        description: `${kind} export${run.row.scope ? ` of ${run.row.scope}` : ''} imported into the NHI inventory: ${run.counts.records} records${run.exportedAt ? `, taken at ${run.exportedAt}` : ''}`,
      });
      const { row } = await finishRun(w, orgId, run, at, evidenceIds[0] ?? null);
      return resultOf(row, 'imported', evidenceIds);
    } finally {
      blob.destroy();
    }
  });
  // Revoke/change follow-ups of access reviews on these identities close when the inventory shows them done.
  if (result.status === 'imported') await closeAccessReviewFollowUpsOnNhis(stores, actor, orgId, { at });
  return result;
}

/** The result of an import run as stored. */
function resultOf(
  row: NhiImportsTable,
  status: NhiImportResult['status'],
  evidenceIds: string[],
): NhiImportResult {
  return {
    status,
    importId: row.id,
    kind: row.kind,
    scope: row.scope,
    fileName: row.file_name,
    sha256: row.sha256,
    exportedAt: row.exported_at,
    effectiveOn: row.effective_on,
    complete: Number(row.complete) === 1,
    evidenceIds,
    counts: { ...zeroCounts(), ...(JSON.parse(row.counts) as Partial<NhiImportCounts>) },
  };
}

/** A stream that reports how many bytes went through it. */
function counting(input: Readable, report: (bytes: number) => void): Readable {
  let bytes = 0;
  let reported = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes - reported >= 256 * 1024) {
        reported = bytes;
        report(bytes);
      }
      done(null, chunk);
    },
    flush(done) {
      report(bytes);
      done();
    },
  });
  input.on('error', (err) => counter.destroy(err));
  return input.pipe(counter);
}

/** Nesting an export's record may have: far beyond any provider's, well below canonical JSON's limit. */
const MAX_RECORD_DEPTH = 100;

/**
 * The parser's records, refusing (all or nothing, like any bad record) one
 * that holds U+0000 in a string (PostgreSQL cannot store it, SQLite would)
 * or nests deeper than {@link MAX_RECORD_DEPTH}, naming the record and field.
 */
async function* boundedRecords<T>(file: string, records: AsyncIterable<T>): AsyncGenerator<T> {
  let n = 0;
  for await (const record of records) {
    n += 1;
    const problem = inputProblem(record, MAX_RECORD_DEPTH);
    if (problem)
      throw new ImportError(
        { file, path: `record ${n}${problem.path ? `, ${problem.path}` : ''}` },
        problem.reason,
      );
    yield record;
  }
}
