import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeFileName } from './safe-file-name.js';

/** The bidirectional formatting characters no stored name may keep. */
const FORMATTING = new Set([
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
]);

describe('safeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\ada\\export.csv', 'export.csv'],
    ['a"b<c>d|e:f*g?h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['line\nbreak\r\u0000.csv', 'line_break__.csv'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Ch\u202Di.txt', 'abcdefghi.txt'],
    ['mark\u200E\u200F\u061C.pdf', 'mark.pdf'],
    ['c1\u0085\u009Bend\u007F.txt', 'c1__end_.txt'],
    ['\u202E', 'evidence'],
    ['...hidden', 'hidden'],
    ['', 'evidence'],
    ['/', 'evidence'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input, 'evidence')).toBe(expected);
  });

  it('keeps names to 200 characters', () => {
    expect(safeFileName('x'.repeat(500), 'evidence')).toHaveLength(200);
  });

  it('never keeps a bidirectional formatting or control character, whatever the name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (raw) => {
        const name = safeFileName(raw, 'evidence');
        const forbidden = [...name].filter((ch) => {
          const code = ch.codePointAt(0) ?? 0;
          return (
            code < 32 || (code >= 127 && code <= 159) || FORMATTING.has(code) || ch === '/' || ch === '\\'
          );
        });
        expect(forbidden).toEqual([]);
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(200);
      }),
    );
  });

  it('uses the fallback when nothing is left', () => {
    expect(safeFileName(undefined, 'roster.csv')).toBe('roster.csv');
  });
});
