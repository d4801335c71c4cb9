import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder of auditready's package.json: the one way to find files shipped beside the code
 * (the built web UI, the demo's sample files), whether the code runs from `src/` through tsx or
 * from the bundled CLI in `dist/cli/` (where paths relative to a source file no longer hold).
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'auditready'
    ) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('auditready: package.json not found above the running code');
    dir = parent;
  }
}

/** A path inside the package, from its root: `shippedFile('web', 'dist')`. */
export function shippedFile(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}
