/**
 * The JSON wrapper of the IAM credential report (`aws iam
 * get-credential-report`: `{Content, ReportFormat, GeneratedTime}`). The
 * base64 `Content` is never held in memory: the JSON tokenizer hands it over
 * in chunks, which are decoded in 4-character groups and piped as a byte
 * stream into the CSV row parser, so a million-row report streams like the
 * raw CSV. Errors of the decoded CSV name their decoded line and `$.Content`.
 */
import { Readable } from 'node:stream';
import { ImportError } from '../../platform/errors.js';
import { parseTimestamp } from './dates.js';
import { type JsonEvent, walkJson } from './json-stream.js';
import type { JsonRecord } from './record.js';

interface WrapperState {
  generatedAt: string | null;
  sawContent: boolean;
  innerError: unknown;
}

/**
 * Streams the CSV inside a wrapper through `rows`, yielding what it yields,
 * and returns the wrapper's `GeneratedTime` (ISO-8601) or null.
 */
export async function* unwrapCredentialReport<T>(
  stream: Readable,
  file: string,
  shape: string,
  rows: (csv: Readable) => AsyncGenerator<T>,
): AsyncGenerator<T, string | null> {
  const wrapper: WrapperState = { generatedAt: null, sawContent: false, innerError: null };
  const events = walkJson(stream, file, (path, type) => {
    if (path.length === 0) return type === 'object' ? 'enter' : 'take';
    if (path.length === 1 && path[0] === 'Content' && type === 'string') return 'stream';
    const known = path[0] === 'GeneratedTime' || path[0] === 'ReportFormat' || path[0] === 'Content';
    return path.length === 1 && known ? 'take' : 'skip';
  })[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      const ev = next.value;
      if (ev.kind === 'enter') continue;
      if (ev.kind === 'end-string') {
        // Reached only when Content is "" (a non-empty string is consumed by decodeBase64).
        throw new ImportError(
          { file, line: ev.line, path: '$.Content' },
          'Content is empty: expected the base64 CSV report',
        );
      }
      if (ev.kind === 'value') {
        handleWrapperField(ev.record, ev.path, wrapper, shape);
        continue;
      }
      // The first chunk of Content: decode the rest of the string as a CSV stream.
      wrapper.sawContent = true;
      const csv = Readable.from(decodeBase64(ev.text, events, file, wrapper), { objectMode: false });
      try {
        yield* rows(csv);
      } catch (err) {
        throw wrapper.innerError ?? inContent(err);
      }
      if (wrapper.innerError) throw wrapper.innerError;
    }
  } finally {
    await events.return(undefined);
  }
  if (!wrapper.sawContent)
    throw new ImportError({ file, path: '$.Content' }, `expected ${shape}: no Content`);
  return wrapper.generatedAt;
}

function handleWrapperField(
  record: JsonRecord,
  path: readonly (string | number)[],
  wrapper: WrapperState,
  shape: string,
): void {
  if (path.length === 0) throw record.error(`expected ${shape}`);
  if (path[0] === 'GeneratedTime') wrapper.generatedAt = record.value === null ? null : requiredDate(record);
  else if (path[0] === 'ReportFormat' && record.value !== 'text/csv')
    throw record.error(`unsupported ReportFormat ${JSON.stringify(record.value)}; expected "text/csv"`);
  else if (path[0] === 'Content') throw record.error('expected Content to be the report as a base64 string');
}

function requiredDate(record: JsonRecord): string {
  const iso = parseTimestamp(record.value);
  if (iso === undefined) throw record.error('expected a timestamp');
  return iso;
}

function inContent(err: unknown): unknown {
  if (!(err instanceof ImportError)) return err;
  return new ImportError(
    { ...err.location, path: '$.Content' },
    `${err.reason} (line of the decoded Content)`,
  );
}

/** Decodes base64 text arriving in chunks; stops at the end of the Content string. */
async function* decodeBase64(
  firstChunk: string,
  events: AsyncIterator<JsonEvent>,
  file: string,
  wrapper: WrapperState,
): AsyncGenerator<Buffer> {
  let carry = '';
  let text = firstChunk;
  for (;;) {
    const clean = carry + text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
      wrapper.innerError = new ImportError({ file, path: '$.Content' }, 'Content is not valid base64');
      return;
    }
    const whole = clean.length - (clean.length % 4);
    if (whole > 0) yield Buffer.from(clean.slice(0, whole), 'base64');
    carry = clean.slice(whole);
    let next: IteratorResult<JsonEvent>;
    try {
      next = await events.next();
    } catch (err) {
      wrapper.innerError = err;
      return;
    }
    if (next.done || next.value.kind !== 'chunk') break;
    text = next.value.text;
  }
  if (carry !== '') {
    wrapper.innerError = new ImportError(
      { file, path: '$.Content' },
      'Content is not valid base64 (truncated)',
    );
  }
}
