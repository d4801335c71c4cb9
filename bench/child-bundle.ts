/**
 * A benchmark's child script bundled as the CLI is (esbuild, npm packages
 * external: scripts/build-cli.mjs), so that the import it measures runs
 * the code the way `auditready import` does. Run through tsx instead, the
 * child's resident memory held the TypeScript loader's too (about 30–40
 * MiB: a 100,000-row NHI import peaked at 262–273 MiB there against 232 MiB
 * under the bundled CLI), and its first use of each module compiled it
 * inside the timed import. Built once per benchmark process, into
 * node_modules/.cache (inside the project, so the bundle's imports resolve
 * from its node_modules), and removed when the benchmark process exits.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'node_modules', '.cache', 'auditready-bench');
const built = new Map<string, Promise<string>>();

/** The path of `entry` (a .ts file of bench/) bundled to plain JavaScript, built on first request. */
export function bundledChild(entry: string): Promise<string> {
  let out = built.get(entry);
  if (!out) {
    const file = path.join(OUT, `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
    mkdirSync(OUT, { recursive: true });
    out = build({
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    }).then(() => file);
    built.set(entry, out);
    process.once('exit', () => rmSync(file, { force: true }));
  }
  return out;
}
