/**
 * The one signature every NHI export parser shares: a file stream in,
 * observations out, nothing stored. Parsers are pure apart from reading
 * their input; the import layer matches what they yield to stored records.
 */
import type { Readable } from 'node:stream';
import type { ExportFacts, ObservedLeak, ObservedNhi } from '../../core/nhi/types.js';

/** What a parser yields: an identity, or a scanner finding. */
export type NhiObservation = ObservedNhi | ObservedLeak;

/** Options of one parse. */
export interface NhiParseOptions {
  /**
   * Receives the export's facts exactly once, after the last observation and
   * before the generator completes (some facts, such as truncation or the
   * credential report's `GeneratedTime`, are known only at the end).
   */
  onFacts?: (facts: ExportFacts) => void;
  /**
   * What the export is scoped to when the file does not say: the repository
   * (`org/repo`) of GitHub deploy keys and Actions secrets, the cluster name
   * of a Kubernetes list (prefixes its external ids), the Entra tenant id of
   * a service-principal list (to tell third-party apps).
   */
  scope?: string;
}

/**
 * A streaming parser of one export format. Throws ImportError (file, line or
 * JSON path, reason) on the first malformed record; never anything else.
 */
export type NhiParser = (
  input: Readable,
  file: string,
  options?: NhiParseOptions,
) => AsyncGenerator<NhiObservation>;

/** True when an observation is a scanner finding. */
export function isObservedLeak(o: NhiObservation): o is ObservedLeak {
  return 'scanner' in o;
}
