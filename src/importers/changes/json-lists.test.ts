import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPagedList, withRecordLine } from './json-lists.js';

const TEXT = '[\n  {"n": 1},\n  {"n": 2},\n  {"n": "three"}\n]\n';

async function numbers(input: Readable | string, file: string): Promise<number[]> {
  const out: number[] = [];
  for await (const rec of readPagedList(input, file, 'a list of {n}')) {
    const n = rec.raw('n');
    if (typeof n !== 'number') throw rec.error('expected a number', 'n');
    out.push(n);
  }
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
      for await (const rec of readPagedList(text, 'c.json', 'check runs', 'check_runs'))
        if (typeof rec.raw('n') !== 'number') throw rec.error('expected a number', 'n');
    }).catch((e: Error) => e);
    expect(err).toMatchObject({ details: { line: 3, path: '$.check_runs[1].n' } });
  });
});
