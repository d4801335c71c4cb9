/**
 * gitleaks `--report-format json`: one JSON array of findings (streamed
 * element by element; `[]` when clean). Git scans carry Commit, Author,
 * Date and a Link (`<remote>/blob/<commit>/<file>#L<n>`, absent in older
 * reports); directory scans leave Commit/Author/Date empty and fingerprint
 * as `file:rule:line`. `--redact` turns Secret and Match into "REDACTED".
 * The secret is read only to derive hints (AWS key id, GCP private_key_id,
 * GitHub token SHA-256, a 4-character preview) and then dropped.
 */
import type { Readable } from 'node:stream';
import type { ObservedLeak } from '../../core/nhi/types.js';
import { readCollections } from './json-collections.js';
import { hintsFromSecret, normaliseRepository, redactedPreview } from './leak-hints.js';
import { reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'a gitleaks JSON report: an array of findings {RuleID, File, StartLine, Secret, Fingerprint, …}';

/** Parses a gitleaks JSON report into leaks. */
export async function* parseGitleaks(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  for await (const ev of readCollections(input, file, { shape: SHAPE, rootArray: true })) {
    if (ev.kind === 'item') yield finding(ev.record);
  }
  reportFacts(options, { exportedAt: null, complete: false });
}

function finding(rec: JsonRecord): ObservedLeak {
  rec.object('a gitleaks finding');
  if (rec.raw('RuleID') === undefined) throw rec.error(`expected ${SHAPE}: no RuleID`);
  const rule = rec.str('RuleID');
  const path = rec.optStr('File') ?? rec.optStr('SymlinkFile');
  const line = rec.optNum('StartLine');
  if (line !== null && (!Number.isInteger(line) || line < 0))
    throw rec.error(`expected a line number, found ${line}`, 'StartLine');
  const commit = rec.optStr('Commit');
  const secret = rec.optStr('Secret');
  const location = [commit, path, rule, line].filter((p) => p !== null && p !== '').join(':');
  return {
    scanner: 'gitleaks',
    fingerprint: rec.optStr('Fingerprint') ?? location,
    rule,
    location: { repository: normaliseRepository(rec.optStr('Link')), file: path, line, commit },
    leakedAt: rec.optDate('Date'),
    verified: null,
    hints: hintsFromSecret(secret, rec.optStr('Match')),
    redacted: redactedPreview(secret),
  };
}
