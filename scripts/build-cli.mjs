// Bundles the CLI (src/cli/main.ts and everything it imports from src/) into dist/cli/, one chunk per
// command module so a run loads only its command. npm packages stay external (loaded from
// node_modules). Run by `npm ci` (prepare) and `npm run build:cli`; bin/auditready uses the bundle
// only while it is newer than every file in src/. The new bundle is written beside the old one and
// swapped in with a rename, so a CLI starting meanwhile never sees half a bundle.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const target = 'dist/cli';
const fresh = `dist/.cli-${process.pid}-${randomBytes(4).toString('hex')}`;
const old = `${fresh}-old`;
try {
  await build({
    entryPoints: ['src/cli/main.ts'],
    outdir: fresh,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  try {
    renameSync(target, old);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  renameSync(fresh, target);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
