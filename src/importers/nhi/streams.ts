/**
 * Small stream helpers shared by the NHI parsers: look at the first
 * character of an input without consuming it, and read text lines with a
 * length limit (JSON lines).
 */
import { Readable } from 'node:stream';
import { ImportError } from '../../platform/errors.js';

/** The first non-whitespace character of `input` ('' for an empty input) and a stream that replays everything. */
export async function peekFirstChar(input: Readable): Promise<{ first: string; stream: Readable }> {
  const iterator = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: (Buffer | string)[] = [];
  let first = '';
  let seen = 0;
  while (first === '' && seen < 1024 * 1024) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    const text = typeof next.value === 'string' ? next.value : next.value.toString('latin1');
    seen += text.length;
    const m = /[^\s\uFEFF\u00EF\u00BB\u00BF]/.exec(text);
    if (m) first = m[0];
  }
  async function* replay(): AsyncGenerator<Buffer | string> {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { first, stream: Readable.from(replay(), { objectMode: false }) };
}

/** One line of text with its 1-based number. */
export interface TextLine {
  line: number;
  text: string;
}

/** Streams the lines of `input` (UTF-8, `\n` or `\r\n`); a line longer than `maxLength` characters aborts. */
export async function* readLines(
  input: Readable,
  file: string,
  maxLength = 16 * 1024 * 1024,
): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder('utf-8');
  let partial: string[] = [];
  let partialLength = 0;
  let line = 1;
  const take = (tail: string): string => {
    const text = partial.length === 0 ? tail : partial.join('') + tail;
    partial = [];
    partialLength = 0;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  const push = function* (text: string): Generator<TextLine> {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (partialLength + nl - start > maxLength)
        throw new ImportError({ file, line }, `line longer than ${maxLength} characters`);
      yield { line, text: take(text.slice(start, nl)) };
      line++;
      start = nl + 1;
    }
    const rest = text.slice(start);
    partialLength += rest.length;
    if (partialLength > maxLength)
      throw new ImportError({ file, line }, `line longer than ${maxLength} characters`);
    if (rest !== '') partial.push(rest);
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    yield* push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* push(decoder.decode());
  if (partialLength > 0) yield { line, text: take('') };
}
