import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../platform/errors.js';
import { readPagedList, withRecordLine } from './json-lists.js';

const TEXT = '[\n  {"n": 1},\n  {"n": 2},\n  {"n": "three"}\n]\n';

async function numbers(input: Readable | string, file: string): Promise<number[]> {
  const out: number[] = [];
  await readPagedList(input, file, 'a list of {n}', (rec) => {
    const n = rec.raw('n');
    if (typeof n !== 'number') throw rec.error('expected a number', 'n');
    out.push(n);
  });
  return out;
}

describe('readPagedList on a file given whole', () => {
  it('reads the same records as the stream, and the failing record gets the line the stream would give', async () => {
    const streamed = await numbers(Readable.from([TEXT]), 'a.json').catch((e: Error) => e);
    const whole = await withRecordLine(TEXT, 'a.json', undefined, () => numbers(TEXT, 'a.json')).catch(
      (e: Error) => e,
    );
    expect(streamed).toMatchObject({ details: { file: 'a.json', line: 4, path: '$[2].n' } });
    expect(whole).toMatchObject({ details: { file: 'a.json', line: 4, path: '$[2].n' } });
    expect((whole as Error).message).toBe((streamed as Error).message);
  });

  it('counts records across concatenated pages, and names the line under a key', async () => {
    expect(await numbers('[{"n": 1}]\n[{"n": 2}]', 'p.json')).toEqual([1, 2]);
    const text = '{"total_count": 2,\n "check_runs": [{"n": 1},\n {"n": "x"}]}';
    const err = await withRecordLine(text, 'c.json', 'check_runs', async () => {
      await readPagedList(
        text,
        'c.json',
        'check runs',
        (rec) => {
          if (typeof rec.raw('n') !== 'number') throw rec.error('expected a number', 'n');
        },
        { key: 'check_runs' },
      );
    }).catch((e: Error) => e);
    expect(err).toMatchObject({ details: { line: 3, path: '$.check_runs[1].n' } });
  });
});

/** Every record of a list read one way, or the error it ends with (message and location). */
async function readAll(
  text: string,
  options: { key?: string; sliced: boolean; piece: number },
): Promise<{ records: [string, number | undefined, unknown][]; error: unknown }> {
  const pieces = (): Readable => {
    const parts: Buffer[] = [];
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += options.piece) parts.push(bytes.subarray(i, i + options.piece));
    return Readable.from(parts);
  };
  const records: [string, number | undefined, unknown][] = [];
  try {
    await readPagedList(
      pieces(),
      'big.json',
      'a list',
      (rec) => {
        if (typeof rec.raw('n') !== 'number') throw rec.error('expected a number', 'n');
        records.push([rec.path, rec.line, rec.value]);
      },
      { key: options.key, reopen: options.sliced ? pieces : undefined },
    );
    return { records, error: null };
  } catch (err) {
    return { records, error: err instanceof ImportError ? [err.message, err.location] : String(err) };
  }
}

describe('readPagedList on a large file (the record scanner, the walker where it gives up)', () => {
  const cases: [string, string, string?][] = [
    [
      'one page over lines',
      '[\n  {"n": 1, "s": "a ] } [ { \\" \\\\"},\n  {"n": 2, "deep": [[{"x": []}]]}\n]\n',
    ],
    [
      'runs of backslashes before quotes, split at every byte',
      String.raw`[{"n": 1, "s": "\\\"\\", "u": "\"]}"},` +
        '\n' +
        String.raw`{"n": 2, "t": "x\\\\", "v": ""}]`,
    ],
    ['concatenated pages', '[{"n": 1},\n{"n": 2}]\n[\n{"n": 3}]\n[]\n[{"n": 4}]'],
    ['a bad value after good records', '[{"n": 1},\n{"n": 2},\n{"n": "three"},\n{"n": 4}]'],
    ['a syntax error inside a record', '[{"n": 1},\n{"n": 2},\n{"n": 3,, "x": 1},\n{"n": 4}]'],
    ['a missing comma between records', '[{"n": 1}\n{"n": 2}]'],
    ['a trailing comma', '[{"n": 1},\n]'],
    ['a record that is not an object', '[{"n": 1},\n5,\n{"n": 2}]'],
    [
      'an object page with the list under a key',
      '{"total_count": 2,\n "items": [{"n": 1},\n {"n": 2}]}',
      'items',
    ],
    ['not a list', '{"n": 1}'],
    ['garbage after the pages', '[{"n": 1}]\nnope'],
    ['an unclosed page', '[{"n": 1},\n{"n": 2}'],
    ['nothing at all', '  \n'],
  ];
  for (const [name, text, key] of cases) {
    it(`${name}: the same records and the same error as the walker`, async () => {
      const walked = await readAll(text, { sliced: false, piece: 7, ...(key ? { key } : {}) });
      for (const piece of [3, 64 * 1024]) {
        const sliced = await readAll(text, { sliced: true, piece, ...(key ? { key } : {}) });
        expect(sliced).toEqual(walked);
      }
    });
  }

  it('names the line where a record starts, like the walker', async () => {
    const text = '[\n{"n": 1},\n\n  {"n": 2,\n "s": "x"},\n{"n": "bad"}]';
    const sliced = await readAll(text, { sliced: true, piece: 5 });
    expect(sliced.records.map((r) => r[1])).toEqual([2, 4]);
    expect(sliced.error).toEqual([
      expect.stringContaining('line 6'),
      { file: 'big.json', line: 6, path: '$[2].n' },
    ]);
  });
});

describe('the record scanner', () => {
  it('reads well-formed pages without opening the file again, and opens it once when it gives up', async () => {
    const opened: number[] = [];
    const read = async (text: string) => {
      let reopened = 0;
      const out: unknown[] = [];
      try {
        await readPagedList(Readable.from([text]), 'f.json', 'a list', (rec) => out.push(rec.value), {
          reopen: () => {
            reopened++;
            return Readable.from([text]);
          },
        });
      } catch {
        // the walker's error: counted below by the reopen
      }
      opened.push(reopened);
      return out;
    };
    expect(await read('[{"n": 1},\n{"n": [2]}]\n[{"n": 3}]')).toEqual([{ n: 1 }, { n: [2] }, { n: 3 }]);
    expect(await read('[{"n": 1},\n{"n": 2,}]')).toEqual([{ n: 1 }]);
    const escapes = String.raw`[{"s": "\\\"\\", "u": "\"]}"}, {"t": "x\\\\", "v": ""}]`;
    expect(await read(escapes)).toEqual([
      { s: '\\"\\', u: '"]}' },
      { t: 'x\\\\', v: '' },
    ]);
    expect(opened).toEqual([0, 1, 0]);
  });
});
