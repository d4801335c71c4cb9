/**
 * Streaming JSON with JSON paths and line numbers, on stream-json's
 * tokenizer. The input is decoded as UTF-8 and fed to the tokenizer one line
 * at a time (long lines in 64 KiB pieces), so every token is known to come
 * from the current line. A `decide` callback says, for each value as it
 * starts, whether to walk into it (`enter`), assemble it into one JS value
 * (`take`, one record), drop it unassembled (`skip`) or hand a string over
 * in chunks (`stream`, e.g. a large base64 payload). Memory therefore stays
 * bounded by the largest taken record, never by the file.
 */
import type { Readable } from 'node:stream';
import { none } from 'stream-chain/defs.js';
import Assembler from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/parser.js';
import { ImportError } from '../../platform/errors.js';
import { JsonRecord, pathText } from './record.js';

/** A JSON path as keys and array indexes. */
export type JsonPath = readonly (string | number)[];
/** What to do with a value that starts at a path. */
export type JsonPick = 'enter' | 'take' | 'skip' | 'stream';
/** The type of a value that starts. */
export type JsonType = 'object' | 'array' | 'string' | 'scalar';

/** One event of a walk: a taken value, an entered container, or a piece of a streamed string. */
export type JsonEvent =
  | { kind: 'value'; path: JsonPath; line: number; record: JsonRecord }
  | { kind: 'enter'; path: JsonPath; line: number; type: 'object' | 'array' }
  | { kind: 'chunk'; path: JsonPath; line: number; text: string }
  | { kind: 'end-string'; path: JsonPath; line: number };

/** Limits that keep a hostile file from taking unbounded memory or stack. */
export interface JsonLimits {
  /** Characters of keys, strings and numbers in one taken record (default 32 Mi). */
  maxRecordChars: number;
  /** Nesting depth of the whole document (default 128). */
  maxDepth: number;
  /**
   * Accept several top-level values one after the other (JSON Streaming: the
   * pages `gh api --paginate` concatenates, `[…][…]`); each starts again at
   * the root path `[]` (default false).
   */
  multipleRoots: boolean;
}

const DEFAULT_LIMITS: JsonLimits = { maxRecordChars: 32 * 1024 * 1024, maxDepth: 128, multipleRoots: false };
const PIECE = 64 * 1024;
const TOKENIZER = {
  packKeys: true,
  streamKeys: false,
  packStrings: false,
  streamStrings: true,
  packNumbers: true,
  streamNumbers: false,
} as const;

interface Frame {
  type: 'object' | 'array';
  key: string | number;
}

/**
 * Walks a JSON document. `decide(path, type)` is asked at the start of every
 * value outside taken/skipped ones; the root has the path `[]`.
 */
export async function* walkJson(
  input: Readable,
  file: string,
  decide: (path: JsonPath, type: JsonType) => JsonPick,
  limits: Partial<JsonLimits> = {},
): AsyncGenerator<JsonEvent> {
  const { maxRecordChars, maxDepth, multipleRoots } = { ...DEFAULT_LIMITS, ...limits };
  const tokenize = jsonParser(multipleRoots ? { ...TOKENIZER, jsonStreaming: true } : TOKENIZER);
  const decoder = new TextDecoder('utf-8');
  const frames: Frame[] = [];
  let line = 1;
  let first = true;
  let sawToken = false;
  // State of the value being taken, skipped or streamed (depth 0 = walking).
  let mode: 'walk' | 'take' | 'skip' | 'stream' = 'walk';
  let depth = 0;
  let asm: Assembler | null = null;
  let pending: string[] = [];
  let chars = 0;
  let valuePath: JsonPath = [];
  let valueLine = 1;
  const events: JsonEvent[] = [];

  // Inside a record, errors name the line where the record starts (the tokenizer may notice a
  // syntax error up to a few characters later, possibly on a following line).
  const fail = (reason: string): ImportError => {
    const inRecord = mode !== 'walk';
    const at = inRecord ? valueLine : line;
    const where = inRecord && line !== valueLine ? ` (noticed on line ${line})` : '';
    return new ImportError(
      { file, line: at, path: pathText(inRecord ? valuePath : currentPath()) },
      reason + where,
    );
  };
  const currentPath = (): (string | number)[] => frames.map((f) => f.key);
  const afterValue = (): void => {
    const top = frames[frames.length - 1];
    if (top?.type === 'array') top.key = (top.key as number) + 1;
  };
  const count = (n: number): void => {
    chars += n;
    if (chars > maxRecordChars) throw fail(`record larger than ${maxRecordChars} characters`);
  };
  const finishTaken = (value: unknown): void => {
    events.push({
      kind: 'value',
      path: valuePath,
      line: valueLine,
      record: new JsonRecord(value, file, pathText(valuePath), valueLine),
    });
    mode = 'walk';
    asm = null;
    afterValue();
  };

  const startValue = (token: Token): void => {
    const type: JsonType =
      token.name === 'startObject'
        ? 'object'
        : token.name === 'startArray'
          ? 'array'
          : token.name === 'startString'
            ? 'string'
            : 'scalar';
    valuePath = currentPath();
    valueLine = line;
    const pick = decide(valuePath, type);
    if ((type === 'object' || type === 'array') && pick === 'enter') {
      if (frames.length >= maxDepth) throw fail(`nesting deeper than ${maxDepth} levels`);
      frames.push({ type, key: type === 'array' ? 0 : '' });
      events.push({ kind: 'enter', path: valuePath, line, type });
      return;
    }
    if (type === 'scalar') {
      if (pick === 'skip') afterValue();
      else finishTaken(scalarOf(token));
      return;
    }
    if (type === 'string' && pick === 'stream') {
      mode = 'stream';
      return;
    }
    mode = pick === 'skip' ? 'skip' : 'take';
    depth = type === 'string' ? 0 : 1;
    chars = 0;
    pending = [];
    if (mode === 'take' && type !== 'string') asm = new Assembler().consume(token);
  };

  const onToken = (token: Token): void => {
    if (mode === 'stream') {
      if (token.name === 'stringChunk')
        events.push({ kind: 'chunk', path: valuePath, line, text: token.value });
      else if (token.name === 'endString') {
        events.push({ kind: 'end-string', path: valuePath, line });
        mode = 'walk';
        afterValue();
      }
      return;
    }
    if (mode === 'take' || mode === 'skip') {
      const take = mode === 'take';
      switch (token.name) {
        case 'startObject':
        case 'startArray':
          depth++;
          if (frames.length + depth > maxDepth) throw fail(`nesting deeper than ${maxDepth} levels`);
          asm?.consume(token);
          return;
        case 'endObject':
        case 'endArray':
          depth--;
          asm?.consume(token);
          if (depth === 0) {
            if (take) finishTaken(asm?.current);
            else {
              mode = 'walk';
              afterValue();
            }
          }
          return;
        case 'startString':
          pending = [];
          return;
        case 'stringChunk':
          if (take) {
            count(token.value.length);
            pending.push(token.value);
          }
          return;
        case 'endString': {
          const value = pending.join('');
          pending = [];
          if (depth > 0) asm?.consume({ name: 'stringValue', value });
          else if (take) finishTaken(value);
          else {
            mode = 'walk';
            afterValue();
          }
          return;
        }
        case 'keyValue':
          if (take) count(token.value.length);
          asm?.consume(token);
          return;
        default:
          if (take && token.name === 'numberValue') count(token.value.length);
          asm?.consume(token);
          return;
      }
    }
    // Walking an entered container.
    switch (token.name) {
      case 'keyValue': {
        const top = frames[frames.length - 1];
        if (top) top.key = token.value;
        return;
      }
      case 'endObject':
      case 'endArray':
        frames.pop();
        afterValue();
        return;
      case 'stringChunk':
      case 'endString':
      case 'startKey':
      case 'endKey':
      case 'startNumber':
      case 'endNumber':
      case 'numberChunk':
      case 'whitespace':
        return;
      default:
        startValue(token);
    }
  };

  const feed = (text: string): void => {
    let out: ReturnType<typeof tokenize>;
    try {
      out = tokenize(text);
    } catch (err) {
      throw fail(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (out !== none) {
      sawToken = true;
      for (const token of out.values) onToken(token);
    }
  };
  const feedText = function* (text: string): Generator<JsonEvent> {
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      const end = Math.min(nl === -1 ? text.length : nl + 1, start + PIECE);
      feed(text.slice(start, end));
      if (end === nl + 1) line++;
      start = end;
      if (events.length > 0) {
        yield* events;
        events.length = 0;
      }
    }
  };

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    yield* feedText(text);
  }
  yield* feedText(decoder.decode());
  try {
    // A flushable stage is flushed by calling it with `none` (stream-chain's protocol).
    const out = (tokenize as unknown as (end: typeof none) => ReturnType<typeof tokenize>)(none);
    if (out !== none) for (const token of out.values) onToken(token);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw fail(sawToken ? `invalid JSON (truncated?): ${reason}` : 'the file is empty: expected JSON');
  }
  yield* events;
}

function scalarOf(token: Token): unknown {
  switch (token.name) {
    case 'numberValue':
      return Number(token.value);
    case 'trueValue':
      return true;
    case 'falseValue':
      return false;
    default:
      return null;
  }
}
