import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../platform/errors.js';
import { csvDelimiter, readCsvRecords, readCsvRows } from './read-csv.js';

async function rows(text: string) {
  const out = [];
  for await (const r of readCsvRows(Readable.from([text]), 'x.csv')) out.push(r);
  return out;
}

describe('readCsvRows', () => {
  it('numbers lines, counting newlines inside quoted fields and blank lines', async () => {
    const text = 'a,b\n1,"two\nlines"\n\n3,4\n5,6';
    expect(await rows(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 5, fields: ['3', '4'] },
      { line: 6, fields: ['5', '6'] },
    ]);
  });

  it('reads CRLF files with the same line numbers', async () => {
    expect(await rows('a,b\r\n1,"x\r\ny"\r\n2,3\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\r\ny'] },
      { line: 4, fields: ['2', '3'] },
    ]);
  });

  it('strips a UTF-8 byte order mark from the first cell', async () => {
    expect((await rows('\uFEFFemail,name\n'))[0]?.fields).toEqual(['email', 'name']);
  });

  it('reads a file delivered in many small chunks the same way', async () => {
    const text = 'a,b\n"x,y",2\n3,"z"\n';
    const chunks = text.split('');
    const out = [];
    for await (const r of readCsvRows(Readable.from(chunks), 'x.csv')) out.push(r);
    expect(out).toEqual(await rows(text));
  });
});

describe('readCsvRecords', () => {
  async function records(text: string, required: string[], known?: string[]) {
    const out: Record<string, string | number>[] = [];
    for await (const r of readCsvRecords(Readable.from([text]), 'r.csv', { required, known })) {
      out.push({ line: r.line, email: r.get('email'), name: r.get('name') });
    }
    return out;
  }

  it('maps cells by header name, case-insensitively, trimming values', async () => {
    expect(await records('Email , NAME\n a@b.c , Ann \n', ['email'])).toEqual([
      { line: 2, email: 'a@b.c', name: 'Ann' },
    ]);
  });

  it('names a missing required column', async () => {
    await expect(records('name\nAnn\n', ['email'])).rejects.toThrow(
      'r.csv, line 1: missing required column "email"',
    );
  });

  it('names an unknown column with its position', async () => {
    await expect(records('email,nmae\n', ['email'], ['email', 'name'])).rejects.toThrow(/column 2 \(nmae\)/);
  });

  it('rejects a row with more cells than the header, naming line and column', async () => {
    const err = await records('email,name\na@b.c,Ann,extra\n', ['email']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).location).toMatchObject({ file: 'r.csv', line: 2, column: 3 });
  });

  it('rejects an empty file', async () => {
    await expect(records('', ['email'])).rejects.toThrow('the file is empty');
  });
});

describe('delimiter', () => {
  it('is a comma unless named, and never guessed from the cells', async () => {
    // Papaparse would pick "|" here: every data line has more of them than commas.
    const text = 'code,reqs\nA,x | y | z | w\nB,p | q | r | s\n';
    expect(await rows(text)).toEqual([
      { line: 1, fields: ['code', 'reqs'] },
      { line: 2, fields: ['A', 'x | y | z | w'] },
      { line: 3, fields: ['B', 'p | q | r | s'] },
    ]);
    const out = [];
    for await (const r of readCsvRows(Readable.from(['a;b\n1;2\n']), 'x.csv', ';')) out.push(r.fields);
    expect(out).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('is named by word or character; anything else is refused', () => {
    expect(csvDelimiter(undefined)).toBe(',');
    expect(csvDelimiter('semicolon')).toBe(';');
    expect(csvDelimiter('TAB')).toBe('\t');
    expect(csvDelimiter('\\t')).toBe('\t');
    expect(csvDelimiter('|')).toBe('|');
    expect(() => csvDelimiter('auto')).toThrow(
      /delimiter "auto": expected one of comma, semicolon, tab, pipe/,
    );
  });
});
