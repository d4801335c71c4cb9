import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layers of ARCHITECTURE.md as an import-graph check (docs/decisions/0014).
 * Every import of every source file under src/ (static, `export … from`,
 * `import type` and dynamic `import()`; read by the TypeScript scanner, so
 * comments and strings are not imports) is resolved and held against the rules
 * below. Test code (`isTestCode`) is not part of a layer: it may import test
 * helpers and test libraries, and production code may not import it.
 */

/** Packages src/core may use: pure computation, no I/O. Anything else (node:fs, a driver) is refused. */
export const CORE_PACKAGES: readonly string[] = [
  'zod',
  '@zxcvbn-ts/core',
  '@zxcvbn-ts/language-common',
  '@zxcvbn-ts/language-en',
  'node:crypto',
  // Name-based UUIDs (v5) for OSCAL's stable identifiers: a hash of the name, no clock, no randomness.
  'uuid',
];

export interface SourceText {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  text: string;
}

export interface ImportRef {
  specifier: string;
  line: number;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  /** The resolved repository path of a relative import, else the package name. */
  target: string;
  rule: string;
}

/** The module specifiers a source text imports, with their 1-based lines. */
export function importsOf(text: string): ImportRef[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map((f) => ({
    specifier: f.fileName,
    line: text.slice(0, f.pos).split('\n').length,
  }));
}

/** `zod/v4` → `zod`, `@scope/pkg/x` → `@scope/pkg`, `node:fs/promises` → `node:fs`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.slice(0, 2).join('/');
  return parts[0] as string;
}

function resolveTarget(
  file: string,
  specifier: string,
): { kind: 'file'; path: string } | { kind: 'package'; name: string } {
  if (!specifier.startsWith('.')) return { kind: 'package', name: packageOf(specifier) };
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return { kind: 'file', path: resolved.replace(/\.js$/, '.ts') };
}

const under = (p: string, folder: string) => p.startsWith(`${folder}/`);

/** Test code by place or name: test/, e2e/, `*.test.ts`, `*.fixtures.ts`, `*test-support.ts`. */
export const isTestCode = (p: string) =>
  under(p, 'test') || under(p, 'e2e') || /(\.test|\.fixtures|test-support)\.tsx?$/.test(p);

/** The rule an import breaks, or null. `file` and `target` are repository paths. */
function ruleBroken(
  file: string,
  target: { kind: 'file'; path: string } | { kind: 'package'; name: string },
) {
  const t = target.kind === 'file' ? target.path : null;
  if (t !== null && isTestCode(t)) return 'production code imports no test code';
  if (under(file, 'src/core')) {
    if (
      t !== null
        ? !under(t, 'src/core')
        : !CORE_PACKAGES.includes(target.kind === 'package' ? target.name : '')
    )
      return 'src/core imports only src/core and the pure packages of CORE_PACKAGES';
  }
  if (under(file, 'src/catalogs')) {
    if (t === null || !(under(t, 'src/core') || under(t, 'src/catalogs')))
      return 'src/catalogs imports only src/core and src/catalogs';
  }
  if (under(file, 'src/platform') && t !== null) {
    if (['src/modules', 'src/server', 'src/cli'].some((f) => under(t, f)))
      return 'src/platform imports no src/modules, src/server or src/cli';
  }
  if (under(file, 'src/modules') && t !== null) {
    if (under(t, 'src/server') || under(t, 'src/cli')) return 'src/modules imports no src/server or src/cli';
  }
  return null;
}

/** Every import of `files` that breaks a layer rule. */
export function checkLayers(files: readonly SourceText[]): Violation[] {
  const violations: Violation[] = [];
  for (const { file, text } of files) {
    if (isTestCode(file)) continue;
    for (const ref of importsOf(text)) {
      const target = resolveTarget(file, ref.specifier);
      const rule = ruleBroken(file, target);
      if (rule !== null) {
        violations.push({
          file,
          line: ref.line,
          specifier: ref.specifier,
          target: target.kind === 'file' ? target.path : target.name,
          rule,
        });
      }
    }
  }
  return violations;
}

/** Every .ts/.tsx file under `folder` (relative to `root`). */
export function readSources(root: string, folder: string): SourceText[] {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => {
      const file = path.posix.join(folder, f.split(path.sep).join('/'));
      return { file, text: readFileSync(path.join(root, file), 'utf8') };
    });
}

/**
 * The paths the folder map of ARCHITECTURE.md names: the first code block
 * after `## Folder map`, one entry per line at the indentation of its folder
 * (wrapped descriptions sit further right and are skipped), `a, b` naming two
 * entries; `<concept>/` stands for each of the folder's children and adds no
 * segment; wildcard names (`*.schema.ts`) are patterns, not paths.
 */
export function folderMapPaths(markdown: string): string[] {
  const section = markdown.split(/^## Folder map\s*$/m)[1];
  const block = section?.match(/```\n([\s\S]*?)\n```/)?.[1];
  if (block === undefined) throw new Error('ARCHITECTURE.md has no code block under "## Folder map"');
  const stack: { indent: number; path: string }[] = [];
  const paths: string[] = [];
  for (const line of block.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (line.trim() === '' || indent >= 20) continue;
    const names = (line.trim().split(/\s{2,}/)[0] as string).split(/,\s*/);
    while (stack.length > 0 && (stack.at(-1) as { indent: number }).indent >= indent) stack.pop();
    const parent = stack.at(-1)?.path ?? '';
    for (const name of names) {
      const cleaned = name.replace(/<[^>]+>\/$/, '').replace(/\/<[^>]+>\//, '/');
      const full = path.posix.join(parent, cleaned);
      if (name.endsWith('/')) stack.push({ indent, path: full });
      if (!name.includes('*')) paths.push(full.replace(/\/$/, ''));
    }
  }
  return paths;
}

/** The folder-map paths that do not exist under `root`. */
export function missingMapPaths(root: string, markdown: string): string[] {
  return folderMapPaths(markdown).filter((p) => !existsSync(path.join(root, p)));
}
