import { describe, expect, it } from 'vitest';
import { safeFileName } from './safe-file-name.js';

describe('safeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\ada\\export.csv', 'export.csv'],
    ['a"b<c>d|e:f*g?h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['line\nbreak\r\u0000.csv', 'line_break__.csv'],
    ['...hidden', 'hidden'],
    ['', 'evidence'],
    ['/', 'evidence'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input, 'evidence')).toBe(expected);
  });

  it('keeps names to 200 characters', () => {
    expect(safeFileName('x'.repeat(500), 'evidence')).toHaveLength(200);
  });

  it('uses the fallback when nothing is left', () => {
    expect(safeFileName(undefined, 'roster.csv')).toBe('roster.csv');
  });
});
