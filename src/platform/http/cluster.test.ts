import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HTTP_PROCESSES_ENV, httpProcessesFrom, MAX_HTTP_PROCESSES, parseHttpProcesses } from './cluster.js';

describe('parseHttpProcesses', () => {
  it('is 1 when nothing is asked', () => {
    expect(parseHttpProcesses(undefined, 8)).toBe(1);
    expect(parseHttpProcesses('', 8)).toBe(1);
    expect(parseHttpProcesses('  ', 8)).toBe(1);
  });

  it('auto is the cores, at least 1 and at most the bound', () => {
    expect(parseHttpProcesses('auto', 2)).toBe(2);
    expect(parseHttpProcesses(' AUTO ', 3)).toBe(3);
    expect(parseHttpProcesses('auto', 0)).toBe(1);
    expect(parseHttpProcesses('auto', 1000)).toBe(MAX_HTTP_PROCESSES);
  });

  it('takes every whole number 1 to the bound as it is', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_HTTP_PROCESSES }),
        fc.integer({ min: 0, max: 512 }),
        (n, cores) => {
          expect(parseHttpProcesses(String(n), cores)).toBe(n);
        },
      ),
    );
  });

  it('refuses anything else, naming the value', () => {
    for (const bad of ['0', '-1', '1.5', '2x', 'two', String(MAX_HTTP_PROCESSES + 1), '1e1', '0x2']) {
      expect(() => parseHttpProcesses(bad, 2), bad).toThrow(`HTTP processes: ${bad} is not a whole number`);
    }
  });
});

describe('httpProcessesFrom', () => {
  it('the flag wins over the environment, which wins over the default', () => {
    expect(httpProcessesFrom('3', { [HTTP_PROCESSES_ENV]: '2' })).toBe(3);
    expect(httpProcessesFrom(undefined, { [HTTP_PROCESSES_ENV]: '2' })).toBe(2);
    expect(httpProcessesFrom(undefined, {})).toBe(1);
  });
});
