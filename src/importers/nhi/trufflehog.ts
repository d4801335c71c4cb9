/**
 * trufflehog `--json`: one finding per line (read line by line; blank lines
 * skipped). `SourceMetadata.Data` holds one source (`Git`, `Github`,
 * `Filesystem` …) with file, line, commit, repository and a commit
 * timestamp (`2006-01-02 15:04:05 -0700`). AWS findings name the key id in
 * `Raw` and the IAM ARN in `ExtraData.arn`; GCP findings the key's
 * `ExtraData.private_key_id` (also inside `RawV2`). Those become hints that
 * join the inventory; the secret itself (Raw, RawV2, SecretParts) is dropped.
 * trufflehog has no fingerprint, so one is built like gitleaks':
 * `commit:file:detector:line`.
 */
import type { Readable } from 'node:stream';
import type { ObservedLeak } from '../../core/nhi/types.js';
import { ImportError } from '../../platform/errors.js';
import { hintsFromSecret, normaliseRepository, redactedPreview, withoutUndefined } from './leak-hints.js';
import { reportFacts } from './observation.js';
import { JsonRecord } from './record.js';
import { readLines } from './streams.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'trufflehog --json output: one JSON finding per line {SourceMetadata, DetectorName, Verified, Raw, …}';
/** Detector names of the DetectorType enum values seen most (used when DetectorName is absent). */
const DETECTORS: Record<number, string> = {
  2: 'AWS',
  6: 'GCP',
  8: 'Github',
  15: 'PrivateKey',
  16: 'Stripe',
  30: 'SlackWebhook',
};

/** Parses trufflehog JSON lines into leaks. */
export async function* parseTrufflehog(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  for await (const { line, text } of readLines(input, file)) {
    const trimmed = text.trim();
    if (trimmed === '' || (line === 1 && trimmed === '\uFEFF')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line === 1 ? trimmed.replace(/^\uFEFF/, '') : trimmed);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const hint = trimmed.startsWith('[')
        ? ` (a JSON array: is this a gitleaks report? expected ${SHAPE})`
        : '';
      throw new ImportError({ file, line }, `invalid JSON: ${reason}${hint}`);
    }
    yield finding(new JsonRecord(value, file, '$', line));
  }
  reportFacts(options, { exportedAt: null, complete: false });
}

function text(rec: JsonRecord, key: string): string | null {
  const v = rec.raw(key);
  return typeof v === 'string' && v !== '' ? v : null;
}

function finding(rec: JsonRecord): ObservedLeak {
  rec.object(SHAPE);
  if (rec.raw('SourceMetadata') === undefined && rec.raw('DetectorName') === undefined)
    throw rec.error(`expected ${SHAPE}`);
  const data = rec.child('SourceMetadata').child('Data');
  let source = new JsonRecord({}, rec.file, data.path, rec.line);
  if (data.isObject) {
    const key = Object.keys(data.object()).find((k) => data.child(k).isObject);
    if (key) source = data.child(key);
  }
  const detectorType = rec.optNum('DetectorType');
  const detector =
    rec.optStr('DetectorName') ??
    (detectorType === null ? null : (DETECTORS[detectorType] ?? `detector-${detectorType}`));
  if (detector === null) throw rec.error('expected a DetectorName or DetectorType', 'DetectorName');
  const lineNo = source.raw('line');
  const line = typeof lineNo === 'number' && Number.isInteger(lineNo) && lineNo >= 0 ? lineNo : null;
  const commit = text(source, 'commit');
  const path = text(source, 'file') ?? text(source, 'path');
  const extra = rec.child('ExtraData');
  const raw = text(rec, 'Raw');
  const fromSecret = hintsFromSecret(raw, text(rec, 'RawV2'));
  const arn = extra.isObject ? text(extra, 'arn') : null;
  const keyId = extra.isObject ? text(extra, 'private_key_id') : null;
  const hints = withoutUndefined({
    ...fromSecret,
    awsArn: arn?.startsWith('arn:') ? arn : undefined,
    gcpPrivateKeyId: keyId?.toLowerCase() ?? fromSecret.gcpPrivateKeyId,
  });
  return {
    scanner: 'trufflehog',
    fingerprint: [commit, path, detector, line].filter((p) => p !== null).join(':'),
    rule: detector,
    location: {
      repository: normaliseRepository(text(source, 'repository') ?? text(source, 'link')),
      file: path,
      line,
      commit,
    },
    leakedAt: source.optDate('timestamp'),
    verified: rec.optBool('Verified'),
    hints,
    redacted: redactedPreview(raw),
  };
}
