/**
 * The records of a GitHub list answer as `gh api --paginate` writes it: one
 * array, or its pages concatenated (`[…][…]`), or objects that carry the list
 * under a key (`{"total_count": n, "check_runs": […]}` per page). Streamed,
 * each record handed to a callback as it is cut out (synchronously: no
 * promise per record); a record's JSON path counts across pages (`$[17]` is
 * the 18th record of the file), its line says where it starts.
 *
 * Three ways to read, fastest first: a small file given whole is parsed at
 * once (`JSON.parse`); a large file that can be opened again is cut into its
 * records by a scanner that only tracks strings and brackets (`RecordScanner`,
 * jumping from quote to quote inside strings) and each record is given to
 * `JSON.parse`; anything else, and any input the
 * scanner does not accept (a syntax error, a page that is an object, a
 * record that is not an object or array), goes through the streaming walker,
 * which names the line and path of the problem. The walker takes over where
 * the scanner stopped (the records already read are not read twice), so the
 * records and errors are the same whichever way a file is read.
 */
import { Readable } from 'node:stream';
import { ImportError } from '../../platform/errors.js';
import type { JsonPick, JsonType } from '../nhi/json-stream.js';
import { walkJson } from '../nhi/json-stream.js';
import { JsonRecord } from '../nhi/record.js';

/** The walker's bound on one record in characters; the scanner counts bytes (never fewer), so it gives up first. */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;

/** The scanner met what it does not handle: the walker reads the file again (and finds the problem, if any). */
class NotSliceable extends Error {}

/**
 * Hands each record of a (possibly paginated) list to `onRecord`, in order
 * and synchronously (no promise per record); `key` names the array inside
 * page objects. A small file given whole as text is parsed at once when it
 * is one well-formed page (its records then carry no line: see
 * {@link withRecordLine}); other text, and a stream that `reopen` can open
 * again, goes through the scanner, with the walker where it gives up; a
 * stream without `reopen` goes through the walker. An error `onRecord`
 * throws ends the read.
 */
export async function readPagedList(
  input: Readable | string,
  file: string,
  shape: string,
  onRecord: (rec: JsonRecord) => void,
  options: { key?: string | undefined; reopen?: (() => Readable) | undefined } = {},
): Promise<void> {
  const { key } = options;
  let reopen = options.reopen;
  let skip = 0;
  if (typeof input === 'string') {
    const whole = parsedPage(input, key);
    if (whole) {
      for (let i = 0; i < whole.records.length; i++)
        onRecord(new JsonRecord(whole.records[i], file, `${whole.prefix}[${i}]`, undefined));
      return;
    }
    // Concatenated pages (or a problem): the scanner cuts them, the walker judges what it does not accept.
    const text = input;
    input = Readable.from([text]);
    reopen = () => Readable.from([text]);
  }
  if (reopen) {
    const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
    const scanner = new RecordScanner(file);
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        for (const rec of scanner.feed(
          typeof next.value === 'string' ? Buffer.from(next.value) : next.value,
        )) {
          skip++;
          onRecord(rec);
        }
      }
      scanner.end();
      return;
    } catch (err) {
      if (!(err instanceof NotSliceable)) throw err;
    }
    // Read the rest of the first stream (whoever hashes it sees the whole file), then walk a new one.
    while (!(await chunks.next()).done) {}
    input = reopen();
  }
  let rootType: JsonType | null = null;
  let index = 0;
  const decide = (path: readonly (string | number)[], type: JsonType): JsonPick => {
    if (path.length === 0) {
      rootType = type;
      if (type === 'array' || (key !== undefined && type === 'object')) return 'enter';
      return 'take';
    }
    if (rootType === 'array') return path.length === 1 ? 'take' : 'skip';
    if (path.length === 1) return path[0] === key && type === 'array' ? 'enter' : 'skip';
    return path.length === 2 ? 'take' : 'skip';
  };
  for await (const ev of walkJson(input, file, decide, { multipleRoots: true })) {
    if (ev.kind !== 'value') continue;
    if (ev.path.length === 0) {
      throw new ImportError({ file, line: ev.line, path: '$' }, `expected ${shape}`);
    }
    const path = key !== undefined && ev.path.length === 2 ? `$.${key}[${index}]` : `$[${index}]`;
    index++;
    if (index <= skip) continue;
    onRecord(new JsonRecord(ev.record.value, file, path, ev.line));
  }
}

/**
 * The scanner of {@link readPagedList}: a plain loop over the bytes, in local
 * variables (an async generator keeps its variables in a heap context, and
 * a string grown by concatenation is slow to index). Bytes of UTF-8 above
 * 0x7f never equal the ASCII brackets, quotes and newlines it looks for.
 */
class RecordScanner {
  private rest: Buffer | null = null;
  private pos = 0;
  private line = 1;
  /** 0 between pages, 1 inside a page, 2 and more inside a record. */
  private depth = 0;
  /** Inside a page: 0 after `[`, 1 after a record, 2 after a comma. */
  private expect = 0;
  private inString = false;
  private start = 0;
  private startLine = 0;
  private index = 0;
  private pages = 0;
  private first = true;

  constructor(private readonly file: string) {}

  /** The records completed by one more piece of the file. */
  feed(piece: Buffer): JsonRecord[] {
    const out: JsonRecord[] = [];
    const bytes = this.rest === null ? piece : Buffer.concat([this.rest, piece]);
    const end = bytes.length;
    let { pos, line, depth, expect, inString, start, startLine } = this;
    if (this.first && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3;
    if (end > 0) this.first = false;
    for (; pos < end; pos++) {
      const c = bytes[pos]!;
      if (depth >= 2) {
        if (inString) {
          // Jump to the next quote; it closes the string unless an odd run of backslashes precedes it (the
          // run lies inside this record, which `bytes` holds from its start). A raw line break inside a
          // string is not JSON: the record's JSON.parse refuses it and the walker names it.
          const quote = bytes.indexOf(34, pos);
          if (quote === -1) {
            pos = end - 1;
            continue;
          }
          let backslashes = 0;
          while (bytes[quote - 1 - backslashes] === 92) backslashes++;
          pos = quote;
          if (backslashes % 2 === 0) inString = false;
        } else if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          if (--depth === 1) {
            let value: unknown;
            try {
              value = JSON.parse(bytes.toString('utf8', start, pos + 1));
            } catch {
              throw new NotSliceable();
            }
            out.push(new JsonRecord(value, this.file, `$[${this.index++}]`, startLine));
            expect = 1;
          }
        } else if (c === 10) line++;
        continue;
      }
      if (c === 32 || c === 9 || c === 13) continue;
      if (c === 10) {
        line++;
        continue;
      }
      if (depth === 0) {
        if (c !== 91) throw new NotSliceable();
        depth = 1;
        expect = 0;
        this.pages++;
      } else if (c === 93 && expect !== 2) depth = 0;
      else if (c === 44 && expect === 1) expect = 2;
      else if ((c === 123 || c === 91) && expect !== 1) {
        depth = 2;
        start = pos;
        startLine = line;
      } else throw new NotSliceable();
    }
    if (depth >= 2) {
      if (pos - start > MAX_RECORD_CHARS) throw new NotSliceable();
      this.rest = Buffer.from(bytes.subarray(start));
      pos -= start;
      start = 0;
    } else {
      this.rest = null;
      pos = 0;
    }
    Object.assign(this, { pos, line, depth, expect, inString, start, startLine });
    return out;
  }

  /** Throws NotSliceable unless the file ended after a whole page. */
  end(): void {
    if (this.depth !== 0 || this.pages === 0) throw new NotSliceable();
  }
}

/** One page parsed whole, or null when the text is several pages, not JSON, or of another shape. */
function parsedPage(text: string, key: string | undefined): { records: unknown[]; prefix: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(value)) return { records: value, prefix: '$' };
  if (key !== undefined && typeof value === 'object' && value !== null) {
    const inner = (value as Record<string, unknown>)[key];
    if (Array.isArray(inner)) return { records: inner, prefix: `$.${key}` };
  }
  return null;
}

/**
 * Runs `read` over a file given whole as text and, when it fails at a record
 * read without its line (see {@link readPagedList}), adds the line where that
 * record starts, found by walking the text again: the error is the one the
 * streaming read would have given.
 */
export async function withRecordLine<T>(
  text: string,
  file: string,
  key: string | undefined,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof ImportError) || err.location.line !== undefined || err.location.file !== file)
      throw err;
    const m = /^\$(?:\.([A-Za-z_$][\w$]*))?\[(\d+)\]/.exec(err.location.path ?? '');
    if (!m) throw err;
    const index = Number(m[2]);
    let i = 0;
    await readPagedList(
      Readable.from([text]),
      file,
      'a list',
      (rec) => {
        if (i++ === index) throw new ImportError({ ...err.location, line: rec.line }, err.reason);
      },
      { key },
    );
    throw err;
  }
}
