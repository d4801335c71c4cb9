/**
 * The records of a GitHub list answer as `gh api --paginate` writes it: one
 * array, or its pages concatenated (`[…][…]`), or objects that carry the list
 * under a key (`{"total_count": n, "check_runs": […]}` per page). Streamed
 * one record at a time; a record's JSON path counts across pages (`$[17]` is
 * the 18th record of the file), its line says where it starts.
 */
import { Readable } from 'node:stream';
import { ImportError } from '../../platform/errors.js';
import type { JsonPick, JsonType } from '../nhi/json-stream.js';
import { walkJson } from '../nhi/json-stream.js';
import { JsonRecord } from '../nhi/record.js';

/**
 * Streams the records of a (possibly paginated) list; `key` names the array
 * inside page objects. A small file given whole as text is parsed at once
 * when it is one well-formed page (its records then carry no line: see
 * {@link withRecordLine}); anything else goes through the streaming walker.
 */
export async function* readPagedList(
  input: Readable | string,
  file: string,
  shape: string,
  key?: string,
): AsyncGenerator<JsonRecord> {
  if (typeof input === 'string') {
    const whole = parsedPage(input, key);
    if (whole) {
      for (let i = 0; i < whole.records.length; i++)
        yield new JsonRecord(whole.records[i], file, `${whole.prefix}[${i}]`, undefined);
      return;
    }
    input = Readable.from([input]);
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
    yield new JsonRecord(ev.record.value, file, path, ev.line);
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
    for await (const rec of readPagedList(Readable.from([text]), file, 'a list', key)) {
      if (i++ === index) throw new ImportError({ ...err.location, line: rec.line }, err.reason);
    }
    throw err;
  }
}
