/**
 * Typed, path-aware access to one JSON record of an export. Every getter
 * either returns a value of the promised type or throws an ImportError that
 * names the file, the line where the record starts, the JSON path of the
 * bad value (`$.Users[12].AttachedManagedPolicies[0]`) and the reason.
 */
import { ImportError } from '../../platform/errors.js';
import { DATE_PLACEHOLDERS, parseTimestamp } from './dates.js';

/** Appends a key or index to a JSONPath-like text (`$.a[0]["x/y"]`). */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** A JSON path as an array of keys and indexes, rendered as text. */
export function pathText(path: readonly (string | number)[]): string {
  let text = '$';
  for (const k of path) text = joinPath(text, k);
  return text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** One JSON value with where it came from. */
export class JsonRecord {
  constructor(
    readonly value: unknown,
    readonly file: string,
    readonly path: string,
    readonly line: number | undefined,
  ) {}

  /** An ImportError at this value (or at one of its keys). */
  error(reason: string, key?: string | number): ImportError {
    const path = key === undefined ? this.path : joinPath(this.path, key);
    return new ImportError(
      { file: this.file, ...(this.line === undefined ? {} : { line: this.line }), path },
      reason,
    );
  }

  /** True when the value is a JSON object. */
  get isObject(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  /** This value as an object; throws naming `what` was expected otherwise. */
  object(what = 'an object'): Record<string, unknown> {
    if (!this.isObject) throw this.error(`expected ${what}, found ${describe(this.value)}`);
    return this.value as Record<string, unknown>;
  }

  /** The raw value of an own property (undefined when absent or when this is not an object). */
  raw(key: string): unknown {
    if (!this.isObject) return undefined;
    const o = this.value as Record<string, unknown>;
    return Object.hasOwn(o, key) ? o[key] : undefined;
  }

  /** A property as a record (its value may be undefined). */
  child(key: string | number): JsonRecord {
    const value =
      typeof key === 'number' ? (Array.isArray(this.value) ? this.value[key] : undefined) : this.raw(key);
    return new JsonRecord(value, this.file, joinPath(this.path, key), this.line);
  }

  /** A required non-empty string. */
  str(key: string): string {
    const v = this.raw(key);
    if (typeof v !== 'string' || v.trim() === '') {
      throw this.error(
        `expected a non-empty string, found ${v === undefined ? 'nothing' : describe(v)}`,
        key,
      );
    }
    return v;
  }

  /** An optional string: null when absent, null or empty. */
  optStr(key: string): string | null {
    const v = this.raw(key);
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') throw this.error(`expected a string, found ${describe(v)}`, key);
    return v;
  }

  /** A required identifier: a non-empty string or an integer, as text. */
  id(key: string): string {
    const v = this.raw(key);
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    throw this.error(
      `expected an id (string or integer), found ${v === undefined ? 'nothing' : describe(v)}`,
      key,
    );
  }

  /** An optional boolean (null when absent or null). */
  optBool(key: string): boolean | null {
    const v = this.raw(key);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') throw this.error(`expected true or false, found ${describe(v)}`, key);
    return v;
  }

  /** An optional finite number (null when absent or null). */
  optNum(key: string): number | null {
    const v = this.raw(key);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw this.error(`expected a number, found ${describe(v)}`, key);
    return v;
  }

  /** An optional timestamp as ISO-8601 UTC: null when absent, null or a placeholder. */
  optDate(key: string): string | null {
    const v = this.raw(key);
    if (v === undefined || v === null || (typeof v === 'string' && DATE_PLACEHOLDERS.has(v.trim())))
      return null;
    const iso = parseTimestamp(v);
    if (iso === undefined) throw this.error(`expected a timestamp, found ${describe(v)}`, key);
    return iso;
  }

  /** The elements of an optional array (absent or null: none). A single object is accepted as a one-element list when `lenient`. */
  list(key: string, lenient = false): JsonRecord[] {
    const v = this.raw(key);
    const at = joinPath(this.path, key);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      if (lenient && typeof v === 'object') return [new JsonRecord(v, this.file, at, this.line)];
      throw this.error(`expected an array, found ${describe(v)}`, key);
    }
    return v.map((e, i) => new JsonRecord(e, this.file, joinPath(at, i), this.line));
  }

  /** An optional array of strings. */
  strings(key: string): string[] {
    return this.list(key).map((e) => {
      if (typeof e.value !== 'string') throw e.error(`expected a string, found ${describe(e.value)}`);
      return e.value;
    });
  }

  /** An optional object of string values (labels, annotations, permissions). */
  stringMap(key: string): Record<string, string> {
    const v = this.raw(key);
    if (v === undefined || v === null) return {};
    const child = this.child(key);
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(child.object('an object of strings'))) {
      if (typeof val !== 'string') throw child.error(`expected a string, found ${describe(val)}`, k);
      out[k] = val;
    }
    return out;
  }

  /** AWS tags `[{Key, Value}]` as an object (absent: empty). */
  awsTags(key = 'Tags'): Record<string, string> {
    const out: Record<string, string> = {};
    for (const tag of this.list(key, true)) {
      tag.object('a tag {Key, Value}');
      const value = tag.raw('Value');
      if (value !== undefined && value !== null && typeof value !== 'string')
        throw tag.error(`expected a string, found ${describe(value)}`, 'Value');
      out[tag.str('Key')] = typeof value === 'string' ? value : '';
    }
    return out;
  }
}
