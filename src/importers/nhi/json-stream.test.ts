import { describe, expect, it } from 'vitest';
import { rejection, textStream } from '../../../test/builders/nhi-parsers.js';
import { ImportError } from '../../platform/errors.js';
import { readCollections } from './json-collections.js';
import { type JsonEvent, type JsonPick, walkJson } from './json-stream.js';

async function events(text: string, decide: Parameters<typeof walkJson>[2], size = 3): Promise<JsonEvent[]> {
  const out: JsonEvent[] = [];
  for await (const e of walkJson(textStream(text, size), 'f.json', decide)) out.push(e);
  return out;
}

const items = (path: readonly (string | number)[]): JsonPick =>
  path.length === 0
    ? 'enter'
    : path.length === 1 && path[0] === 'Users'
      ? 'enter'
      : path.length === 2
        ? 'take'
        : 'skip';

describe('walkJson', () => {
  const doc =
    '{\n  "Skip": {"a": [1, 2, {"b": "x"}]},\n  "Users": [\n    {"n": "é", "k": [true, null]},\n    {"n": 2}\n  ]\n}\n';

  it('takes records with their path and starting line, whatever the chunking', async () => {
    for (const size of [1, 2, 7, 4096]) {
      const got = (await events(doc, items, size)).filter((e) => e.kind === 'value');
      expect(got.map((e) => [e.path, e.line, e.kind === 'value' ? e.record.value : null])).toEqual([
        [['Users', 0], 4, { n: 'é', k: [true, null] }],
        [['Users', 1], 5, { n: 2 }],
      ]);
      expect(got[1]?.kind === 'value' ? got[1].record.path : '').toBe('$.Users[1]');
    }
  });

  it('streams a string in chunks without assembling it', async () => {
    const big = 'QUJD'.repeat(5000);
    const got = await events(
      `{"Content": "${big}", "x": 1}`,
      (p) => (p.length === 0 ? 'enter' : p[0] === 'Content' ? 'stream' : 'skip'),
      1000,
    );
    const chunks = got.filter((e) => e.kind === 'chunk');
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((e) => (e.kind === 'chunk' ? e.text : '')).join('')).toBe(big);
    expect(got.at(-1)?.kind).toBe('end-string');
  });

  it('names the line and path of a syntax error', async () => {
    const err = await rejection(events('{\n "Users": [\n  {"n": 1},\n  {"n": tru}\n ]\n}', items));
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).location).toMatchObject({ file: 'f.json', line: 4, path: '$.Users[1]' });
    expect((err as ImportError).reason).toMatch(/invalid JSON/);
  });

  it('rejects truncated and empty input', async () => {
    expect(((await rejection(events('{"Users": [{"n": 1}', items))) as ImportError).reason).toMatch(
      /truncated/,
    );
    expect(((await rejection(events('  \n', items))) as ImportError).reason).toMatch(/empty/);
  });

  it('skips a byte-order mark', async () => {
    const got = await events('\uFEFF{"Users": [{"n": 1}]}', items);
    expect(got.filter((e) => e.kind === 'value')).toHaveLength(1);
  });

  it('limits record size and nesting depth', async () => {
    const large = `{"Users": [{"n": "${'x'.repeat(2000)}"}]}`;
    const err = await rejection(
      (async () => {
        for await (const _ of walkJson(textStream(large), 'f', items, { maxRecordChars: 1000 })) void _;
      })(),
    );
    expect((err as ImportError).reason).toMatch(/record larger/);
    const deep = `{"Users": [${'['.repeat(200)}${']'.repeat(200)}]}`;
    expect(((await rejection(events(deep, items, 4096))) as ImportError).reason).toMatch(/nesting deeper/);
  });
});

describe('readCollections', () => {
  const spec = { shape: 'a list {"Things": [...]}', arrays: ['Things'], fields: ['Next'] };

  async function collect(text: string, s: Parameters<typeof readCollections>[2] = spec) {
    const out: unknown[] = [];
    for await (const e of readCollections(textStream(text, 5), 'c.json', s)) out.push(e);
    return out;
  }

  it('yields items and fields', async () => {
    const got = await collect('{"Next": "t", "Things": [{"a": 1}, {"a": 2}], "Other": [1]}');
    expect(got).toHaveLength(3);
    expect(got[0]).toMatchObject({ kind: 'field', key: 'Next' });
    expect(got[2]).toMatchObject({ kind: 'item', collection: 'Things', index: 1 });
  });

  it('rejects another shape with the expected one in the reason', async () => {
    const asArray = (await rejection(collect('[{"a": 1}]'))) as ImportError;
    expect(asArray.reason).toBe('expected a list {"Things": [...]}, found an array');
    const missing = (await rejection(collect('{"Stuff": []}'))) as ImportError;
    expect(missing.reason).toMatch(/has no "Things"/);
    const scalar = (await rejection(collect('42'))) as ImportError;
    expect(scalar.reason).toMatch(/found a number/);
    const notArray = (await rejection(collect('{"Things": {"a": 1}}'))) as ImportError;
    expect(notArray.location.path).toBe('$.Things');
  });

  it('accepts a root array when allowed, and a lenient single object', async () => {
    expect(await collect('[{"a": 1}]', { ...spec, rootArray: true })).toHaveLength(1);
    expect(await collect('{"Things": {"a": 1}}', { ...spec, lenient: ['Things'] })).toHaveLength(1);
  });
});
