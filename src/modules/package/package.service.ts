import { createHash } from 'node:crypto';
import { PassThrough, type Readable, Transform, type TransformCallback } from 'node:stream';
import yazl from 'yazl';
import { auditPeriod, isEvidenceInAuditPeriod } from '../../core/audit/scope.js';
import { inScopeCategories } from '../../core/engagement.js';
import {
  encodeVerifierKey,
  type NoteSigner,
  publicKeyPem,
  signDetached,
  verifierOf,
} from '../../core/ledger/signed-note.js';
import {
  controlFilePath,
  PACKAGE_FILES,
  PACKAGE_FORMAT,
  type PackageFile,
  type PackageLink,
  type PackageManifest,
  type PackageRequest,
  requestFilePath,
  sha256SumsText,
} from '../../core/package/manifest.js';
import { renderIndexHtml, renderReadme } from '../../core/package/render.js';
import { isInScope } from '../../core/readiness/scope.js';
import { nowIso } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import { safeFileName } from '../../platform/files/safe-file-name.js';
import { listControlDetails } from '../controls/control.repository.js';
import { getEngagements, toCoreEngagement } from '../engagements/engagement.service.js';
import { listEvidence } from '../evidence/evidence.repository.js';
import type { Evidence } from '../evidence/evidence.schema.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { checkpointOfChain } from '../integrity/checkpoint.service.js';
import { findOrganization } from '../organizations/organization.service.js';
import type { PackageRequestSource } from './package-sources.js';

/** What a package covers: the whole engagement, one control (by code), or one request (id or reference). */
export interface PackageFilter {
  controlCode?: string | undefined;
  requestId?: string | undefined;
}

/** A package ready to stream: its name, exact size, manifest, and the ZIP's bytes on demand. */
export interface PreparedPackage {
  fileName: string;
  /** The ZIP's size in bytes, known before the first byte (every entry is stored, not deflated). */
  size: number;
  manifest: PackageManifest;
  /** The ZIP as a stream; each evidence file is read from the blob store as the stream reaches it. */
  open(): Readable;
}

/** One ZIP entry of an evidence file: where it goes and which stored blob fills it. */
interface BlobEntry {
  path: string;
  sha256: string;
  size: number;
  evidenceId: string;
}

/** Regular file, rw-r--r--. */
const FILE_MODE = 0o100644;

/**
 * A pass-through that hashes what flows and, at its end, fails unless the
 * bytes are the stored SHA-256 and size: a changed blob aborts the export
 * naming its evidence.
 */
function verifyingStream(entry: BlobEntry): Transform {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const actual = hash.digest('hex');
      if (actual !== entry.sha256 || bytes !== entry.size) {
        callback(
          new AppError(
            'integrity_failed',
            `evidence ${entry.evidenceId} (${entry.path}): the stored file does not match its SHA-256 ${entry.sha256}: run auditready verify`,
            { evidenceId: entry.evidenceId, path: entry.path },
          ),
        );
      } else callback();
    },
  });
}

function fileName(e: Evidence): string {
  return safeFileName(e.fileName ?? undefined, e.kind === 'record' ? 'record.json' : 'file');
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Prepares the evidence package of an engagement (SPEC §8, docs/decisions/0023):
 * the evidence an auditor of it sees (in-scope controls, effective period in
 * the audit period, current and not rejected), by control and by request,
 * with its manifest, SHA256SUMS signed with the installation's key, the
 * requests with their threads, a checkpoint of the organization's activity
 * log signed now, an offline index.html and a README. Everything but the
 * files' bytes is built here; `open()` streams them from the blob store.
 */
export async function preparePackage(
  stores: EvidenceStores,
  signer: NoteSigner,
  orgId: string,
  engagementId: string,
  filter: PackageFilter = {},
  options: { requests?: PackageRequestSource | undefined } = {},
): Promise<PreparedPackage> {
  const { database, blobs } = stores;
  if (filter.controlCode && filter.requestId) {
    throw new AppError('invalid_input', 'a package covers one control or one request, not both', {
      field: 'request',
    });
  }
  const org = await findOrganization(database.db, orgId);
  if (!org) throw notFound('organization', orgId);
  const stored = (await getEngagements(database, orgId)).find((e) => e.id === engagementId);
  if (!stored) throw notFound('engagement', engagementId);
  const engagement = toCoreEngagement(stored);
  const categories = inScopeCategories(engagement);

  const controls = (await listControlDetails(database.db, orgId)).filter((c) =>
    isInScope(
      { ...c, mappings: c.mappings.soc2.map((criterionCode) => ({ frameworkId: 'soc2', criterionCode })) },
      categories,
    ),
  );
  const inScope = new Map(controls.map((c) => [c.id, c]));
  let controlId: string | undefined;
  if (filter.controlCode) {
    const control = controls.find((c) => c.code === filter.controlCode);
    if (!control) throw notFound('control', filter.controlCode);
    controlId = control.id;
  }

  // Requests (when a source is given), narrowed to the one asked for or to the control's.
  let requests: PackageRequest[] = [];
  if (options.requests) {
    requests = await collect(
      options.requests(
        database,
        orgId,
        engagementId,
        filter.requestId ? { requestId: filter.requestId } : {},
      ),
    );
    if (filter.controlCode) requests = requests.filter((r) => r.controlCodes.includes(filter.controlCode!));
  }
  if (filter.requestId && requests.length === 0) throw notFound('request', filter.requestId);

  const visible = (await listEvidence(database.db, orgId, { currentOnly: true })).filter(
    (e) =>
      inScope.has(e.controlId) &&
      e.reviewState !== 'rejected' &&
      isEvidenceInAuditPeriod({ effectiveStart: e.effectiveStart, effectiveEnd: e.effectiveEnd }, engagement),
  );
  const byId = new Map(visible.map((e) => [e.id, e]));
  const requested = new Set(
    requests.flatMap((r) => [...r.evidenceIds, ...r.thread.flatMap((t) => t.evidenceIds)]),
  );
  const packaged = visible.filter((e) =>
    filter.requestId ? requested.has(e.id) : controlId === undefined || e.controlId === controlId,
  );
  packaged.sort(
    (a, b) =>
      a.controlCode.localeCompare(b.controlCode) ||
      a.requirementCode.localeCompare(b.requirementCode) ||
      a.effectiveStart.localeCompare(b.effectiveStart) ||
      a.id.localeCompare(b.id),
  );

  const files: PackageFile[] = [];
  const links: PackageLink[] = [];
  const describe = (e: Evidence, path: string, request: string | null): PackageFile => ({
    path,
    sha256: e.sha256!,
    size: e.size ?? 0,
    evidenceId: e.id,
    control: e.controlCode,
    requirement: e.requirementCode,
    request,
    effectivePeriod: { start: e.effectiveStart, end: e.effectiveEnd },
    sourceType: e.sourceType,
    mediaType: e.mediaType,
    collectedAt: e.collectedAt,
    collectedBy: e.collector.label,
    reviewState: e.reviewState,
    reviewedBy: e.review
      ? { reviewer: e.review.reviewer, decision: e.review.decision, reviewedAt: e.review.reviewedAt }
      : null,
  });
  for (const e of packaged) {
    if (e.sha256 === null) {
      links.push({
        evidenceId: e.id,
        control: e.controlCode,
        requirement: e.requirementCode,
        url: e.url ?? '',
        effectivePeriod: { start: e.effectiveStart, end: e.effectiveEnd },
        sourceType: e.sourceType,
        collectedBy: e.collector.label,
        reviewState: e.reviewState,
      });
    } else
      files.push(describe(e, controlFilePath(e.controlCode, e.requirementCode, e.id, fileName(e)), null));
  }
  for (const r of requests) {
    const ids = [...new Set([...r.evidenceIds, ...r.thread.flatMap((t) => t.evidenceIds)])];
    for (const id of ids) {
      const e = byId.get(id);
      if (e?.sha256) files.push(describe(e, requestFilePath(r.reference, e.id, fileName(e)), r.reference));
    }
  }
  // Requests carry only the evidence ids the auditor may see.
  const shownRequests = requests.map((r) => ({
    ...r,
    evidenceIds: r.evidenceIds.filter((id) => byId.has(id)),
    thread: r.thread.map((t) => ({ ...t, evidenceIds: t.evidenceIds.filter((id) => byId.has(id)) })),
  }));

  const checkpoint = await checkpointOfChain(database, signer, orgId);
  const generatedAt = nowIso();
  const verifierKey = encodeVerifierKey(verifierOf(signer));
  const period = auditPeriod(engagement);
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    generatedAt,
    organization: { name: org.name, slug: org.slug },
    engagement: {
      id: stored.id,
      type: stored.type,
      firmName: stored.firmName,
      categories: [...categories],
      auditPeriod: { start: period.start, end: period.end },
    },
    scope: {
      control: filter.controlCode ?? null,
      request: filter.requestId ? (requests[0]?.reference ?? filter.requestId) : null,
    },
    chainHead: { chain: orgId, seq: checkpoint.size, hash: checkpoint.headHash },
    verifierKey,
    files,
    links,
    requests: shownRequests.length,
  };

  const texts = new Map<string, Buffer>([
    [PACKAGE_FILES.manifest, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
    [PACKAGE_FILES.requests, Buffer.from(`${JSON.stringify(shownRequests, null, 2)}\n`)],
    [PACKAGE_FILES.checkpoint, Buffer.from(checkpoint.note)],
    [PACKAGE_FILES.publicKey, Buffer.from(publicKeyPem(signer.publicKey))],
    [PACKAGE_FILES.index, Buffer.from(renderIndexHtml(manifest, shownRequests))],
    [PACKAGE_FILES.readme, Buffer.from(renderReadme(manifest))],
  ]);
  const sums = Buffer.from(
    sha256SumsText([
      ...files,
      ...[...texts].map(([path, bytes]) => ({
        path,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      })),
    ]),
  );
  texts.set(PACKAGE_FILES.sums, sums);
  texts.set(PACKAGE_FILES.signature, signDetached(sums, signer));

  const mtime = new Date(generatedAt);
  // `sizeOnly`: the entries are described and never read (their streams are never asked for),
  // which is all yazl needs to tell the ZIP's exact size.
  const build = (sizeOnly: boolean): { zip: yazl.ZipFile; size: number } => {
    const zip = new yazl.ZipFile();
    for (const f of files) {
      const entry: BlobEntry = { path: f.path, sha256: f.sha256, size: f.size, evidenceId: f.evidenceId };
      zip.addReadStreamLazy(f.path, { compress: false, size: f.size, mtime, mode: FILE_MODE }, (cb) => {
        if (sizeOnly) return;
        blobs.open(f.sha256).then(
          (stream) => {
            const check = verifyingStream(entry);
            // yazl pipes the stream and does not listen for its errors: the ZIP fails with them.
            stream.on('error', (err) => check.destroy(err));
            check.on('error', (err) => zip.emit('error', err));
            cb(null, stream.pipe(check));
          },
          () =>
            cb(
              new AppError(
                'integrity_failed',
                `evidence ${f.evidenceId} (${f.path}): its stored file ${f.sha256} is missing: run auditready verify`,
                { evidenceId: f.evidenceId, path: f.path },
              ),
              null as unknown as Readable,
            ),
        );
      });
    }
    for (const [path, bytes] of texts)
      zip.addBuffer(bytes, path, { compress: false, mtime, mode: FILE_MODE });
    let size = -1;
    // (@types/yazl types the callback without its argument: the calculated total size, -1 when unknown.)
    const onSize = (total: number) => {
      size = total;
    };
    zip.end({ forceZip64Format: false, comment: '' }, onSize as unknown as () => void);
    return { zip, size };
  };
  // The size is known without reading a byte (every entry stored, each size given).
  const { size } = build(true);
  if (size < 0) throw new AppError('internal', 'the package size could not be computed');

  const scopeName = filter.controlCode
    ? `-${filter.controlCode}`
    : filter.requestId
      ? `-${manifest.scope.request}`
      : '';
  return {
    fileName: safeFileName(
      `evidence-package-${org.slug}-${stored.id.slice(0, 8)}${scopeName}-${generatedAt.slice(0, 10)}.zip`,
      'evidence-package.zip',
    ),
    size,
    manifest,
    open() {
      const { zip } = build(false);
      const out = new PassThrough();
      zip.on('error', (err: Error) => out.destroy(err));
      zip.outputStream.on('error', (err: Error) => out.destroy(err));
      zip.outputStream.pipe(out);
      return out;
    },
  };
}
