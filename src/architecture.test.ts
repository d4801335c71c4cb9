import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayers, folderMapPaths, importsOf, missingMapPaths, readSources } from '../test/layers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARCHITECTURE = readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');

describe('layers (docs/decisions/0014)', () => {
  it('src/ breaks no layer rule', () => {
    const sources = readSources(ROOT, 'src');
    expect(sources.length).toBeGreaterThan(100);
    expect(checkLayers(sources)).toEqual([]);
  });

  it('reads static, type-only, re-exported and dynamic imports, not comments or strings', () => {
    const text = [
      "import type { A } from './a.js';",
      "export { b } from '../b.js';",
      '// import { c } from "./commented.js";',
      'const s = "import d from \'./in-a-string.js\'";',
      "const e = await import('./e.js');",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: '../b.js', line: 2 },
      { specifier: './e.js', line: 5 },
    ]);
  });

  it('reports a deliberately wrong import with its file, line and specifier', () => {
    const violations = checkLayers([
      {
        file: 'src/core/plan/wrong.ts',
        text: "import { ok } from '../dates.js';\nimport { write } from '../../platform/ledger/ledger.js';",
      },
      { file: 'src/core/io.ts', text: "import { readFileSync } from 'node:fs';\nimport { z } from 'zod';" },
      {
        file: 'src/platform/http/wrong.ts',
        text: "import type { X } from '../../modules/people/person.service.js';",
      },
      { file: 'src/platform/db/wrong.ts', text: "const s = await import('../../server/server.js');" },
      { file: 'src/modules/people/wrong.ts', text: "import { run } from '../../cli/main.js';" },
      { file: 'src/modules/people/routes.ts', text: "export { guard } from '../../server/guard.js';" },
      {
        file: 'src/catalogs/wrong.ts',
        text: "import { id } from '../platform/ids.js';\nimport { z } from 'zod';",
      },
      {
        file: 'src/modules/demo/wrong.ts',
        text: "import { buildInput } from '../../../test/builders/readiness-input.js';",
      },
      { file: 'src/importers/nhi/wrong.ts', text: "import { fixtureText } from './test-support.js';" },
      { file: 'src/modules/people/wrong.test.ts', text: "import { app } from '../../server/server.js';" },
      { file: 'src/core/nhi/build.fixtures.ts', text: "import { readFileSync } from 'node:fs';" },
    ]);
    expect(
      violations.map(({ file, line, specifier, target }) => ({ file, line, specifier, target })),
    ).toEqual([
      {
        file: 'src/core/plan/wrong.ts',
        line: 2,
        specifier: '../../platform/ledger/ledger.js',
        target: 'src/platform/ledger/ledger.ts',
      },
      { file: 'src/core/io.ts', line: 1, specifier: 'node:fs', target: 'node:fs' },
      {
        file: 'src/platform/http/wrong.ts',
        line: 1,
        specifier: '../../modules/people/person.service.js',
        target: 'src/modules/people/person.service.ts',
      },
      {
        file: 'src/platform/db/wrong.ts',
        line: 1,
        specifier: '../../server/server.js',
        target: 'src/server/server.ts',
      },
      {
        file: 'src/modules/people/wrong.ts',
        line: 1,
        specifier: '../../cli/main.js',
        target: 'src/cli/main.ts',
      },
      {
        file: 'src/modules/people/routes.ts',
        line: 1,
        specifier: '../../server/guard.js',
        target: 'src/server/guard.ts',
      },
      {
        file: 'src/catalogs/wrong.ts',
        line: 1,
        specifier: '../platform/ids.js',
        target: 'src/platform/ids.ts',
      },
      { file: 'src/catalogs/wrong.ts', line: 2, specifier: 'zod', target: 'zod' },
      {
        file: 'src/modules/demo/wrong.ts',
        line: 1,
        specifier: '../../../test/builders/readiness-input.js',
        target: 'test/builders/readiness-input.ts',
      },
      {
        file: 'src/importers/nhi/wrong.ts',
        line: 1,
        specifier: './test-support.js',
        target: 'src/importers/nhi/test-support.ts',
      },
    ]);
    expect(violations[0]?.rule).toMatch(/src\/core imports only/);
  });
});

describe('ARCHITECTURE.md folder map', () => {
  it('names only paths that exist', () => {
    const named = folderMapPaths(ARCHITECTURE);
    expect(named).toEqual(
      expect.arrayContaining(['src/core', 'src/server', 'src/modules/integrity', 'test/builders']),
    );
    expect(missingMapPaths(ROOT, ARCHITECTURE)).toEqual([]);
  });

  it('reports a folder the tree does not have', () => {
    const map = [
      '## Folder map',
      '',
      '```',
      'src/                   sources',
      '  core/                pure rules',
      '    nowhere/           a folder that is not there,',
      '                       described on two lines',
      '    dates.ts, gone.ts  two files',
      '  modules/<concept>/   one folder per concept',
      '    *.schema.ts        a pattern',
      '    integrity/         verify',
      '```',
    ].join('\n');
    expect(folderMapPaths(map)).toEqual([
      'src',
      'src/core',
      'src/core/nowhere',
      'src/core/dates.ts',
      'src/core/gone.ts',
      'src/modules',
      'src/modules/integrity',
    ]);
    expect(missingMapPaths(ROOT, map)).toEqual(['src/core/nowhere', 'src/core/gone.ts']);
  });
});
