/**
 * The common shape of JSON exports: records in a root array (`gcloud …
 * --format=json`, GitHub lists) and/or in arrays under keys of a root object
 * (`{"SecretList": […]}`, `{"installations": […]}`), plus a few small
 * top-level fields (`IsTruncated`, `total_count`). Streams the records one at
 * a time and rejects a file of another shape with a reason naming the
 * expected one.
 */
import type { Readable } from 'node:stream';
import { ImportError } from '../../platform/errors.js';
import { type JsonPick, type JsonType, walkJson } from './json-stream.js';
import { reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiParseOptions } from './types.js';

/** What a collection export looks like. */
export interface CollectionSpec {
  /** The expected shape in words, used in errors. */
  shape: string;
  /** Records may sit directly in a root array. */
  rootArray?: boolean;
  /** Keys of a root object whose arrays hold records. */
  arrays?: readonly string[];
  /** Keys of `arrays` that must be present when the root is an object (default: all of them). */
  required?: readonly string[];
  /** Keys of `arrays` that tolerate a single object instead of an array. */
  lenient?: readonly string[];
  /** Small top-level fields taken whole. */
  fields?: readonly string[];
}

/** One record of a collection, or one top-level field. */
export type CollectionEvent =
  | { kind: 'item'; collection: string; index: number; record: JsonRecord }
  | { kind: 'field'; key: string; record: JsonRecord };

/** Streams the records of a collection export in file order. */
export async function* readCollections(
  input: Readable,
  file: string,
  spec: CollectionSpec,
): AsyncGenerator<CollectionEvent> {
  const arrays = new Set(spec.arrays ?? []);
  const fields = new Set(spec.fields ?? []);
  const lenient = new Set(spec.lenient ?? []);
  let rootType: JsonType | null = null;
  const seen = new Set<string>();
  let lastLine = 1;
  const shapeError = (line: number, path: string, found: string): ImportError =>
    new ImportError({ file, line, path }, `expected ${spec.shape}, found ${found}`);

  const decide = (path: readonly (string | number)[], type: JsonType): JsonPick => {
    if (path.length === 0) {
      rootType = type;
      return type === 'object' || type === 'array' ? 'enter' : 'take';
    }
    if (rootType === 'array') return path.length === 1 ? 'take' : 'skip';
    const key = path[0] as string;
    if (path.length === 1) {
      if (arrays.has(key)) return type === 'array' ? 'enter' : 'take';
      return fields.has(key) ? 'take' : 'skip';
    }
    return path.length === 2 && arrays.has(key) ? 'take' : 'skip';
  };

  for await (const event of walkJson(input, file, decide)) {
    lastLine = event.line;
    if (event.kind === 'enter') {
      if (event.path.length === 0) {
        if (event.type === 'array' && !spec.rootArray) throw shapeError(event.line, '$', 'an array');
        if (event.type === 'object' && arrays.size === 0) throw shapeError(event.line, '$', 'an object');
      } else seen.add(event.path[0] as string);
      continue;
    }
    if (event.kind !== 'value') continue;
    const { path, record } = event;
    if (path.length === 0) {
      throw shapeError(event.line, '$', typeName(typeof record.value === 'string' ? 'string' : 'scalar'));
    }
    if (rootType === 'array') {
      yield { kind: 'item', collection: '$', index: path[0] as number, record };
      continue;
    }
    const key = path[0] as string;
    if (path.length === 2) {
      yield { kind: 'item', collection: key, index: path[1] as number, record };
    } else if (arrays.has(key)) {
      if (lenient.has(key) && record.isObject) {
        seen.add(key);
        yield { kind: 'item', collection: key, index: 0, record };
      } else if (record.value !== null) {
        throw record.error(`expected an array (${spec.shape})`);
      } else seen.add(key);
    } else {
      yield { kind: 'field', key, record };
    }
  }
  if (rootType === 'object') {
    const missing = (spec.required ?? spec.arrays ?? []).filter((k) => !seen.has(k));
    if (missing.length > 0) {
      throw new ImportError(
        { file, line: lastLine, path: '$' },
        `expected ${spec.shape}, but the object has no ${missing.map((k) => `"${k}"`).join(', ')}`,
      );
    }
  }
}

const TYPE_NAMES: Record<JsonType, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  scalar: 'a number, boolean or null',
};

/** Describes the type of a value for shape errors ("an object", "an array" …). */
function typeName(type: JsonType): string {
  return TYPE_NAMES[type];
}

/**
 * The records of a GitHub list answer (`{"total_count": n, "<array>": […]}`, or
 * a bare array where `rootArray`), in file order; then tells `options` whether
 * the file is complete: every one of `total_count` records listed (a page of a
 * longer list is not).
 */
export async function* readGithubList(
  input: Readable,
  file: string,
  spec: Omit<CollectionSpec, 'fields'>,
  options: NhiParseOptions | undefined,
): AsyncGenerator<JsonRecord> {
  let total: number | null = null;
  let seen = 0;
  for await (const ev of readCollections(input, file, { ...spec, fields: ['total_count'] })) {
    if (ev.kind === 'field') {
      total = typeof ev.record.value === 'number' ? ev.record.value : null;
      continue;
    }
    seen++;
    yield ev.record;
  }
  reportFacts(options, { exportedAt: null, complete: total === null || seen >= total });
}
