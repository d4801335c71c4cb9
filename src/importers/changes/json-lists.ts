/**
 * The records of a GitHub list answer as `gh api --paginate` writes it: one
 * array, or its pages concatenated (`[…][…]`), or objects that carry the list
 * under a key (`{"total_count": n, "check_runs": […]}` per page). Streamed
 * one record at a time; a record's JSON path counts across pages (`$[17]` is
 * the 18th record of the file), its line says where it starts.
 */
import type { Readable } from 'node:stream';
import { ImportError } from '../../platform/errors.js';
import type { JsonPick, JsonType } from '../nhi/json-stream.js';
import { walkJson } from '../nhi/json-stream.js';
import { JsonRecord } from '../nhi/record.js';

/** Streams the records of a (possibly paginated) list; `key` names the array inside page objects. */
export async function* readPagedList(
  input: Readable,
  file: string,
  shape: string,
  key?: string,
): AsyncGenerator<JsonRecord> {
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
