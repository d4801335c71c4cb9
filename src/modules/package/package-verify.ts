import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { checkPackage, type PackageCheck, type PackageContents } from '../../core/package/check.js';
import { PACKAGE_FILES } from '../../core/package/manifest.js';
import { AppError } from '../../platform/errors.js';

/** The largest fixed file (the manifest lists every file) read into memory to check it. */
const FIXED_FILE_MAX = 256 * 1024 * 1024;
const FIXED_BY_PATH = new Map(
  (Object.entries(PACKAGE_FILES) as [keyof typeof PACKAGE_FILES, string][])
    .filter(([key]) => key !== 'index' && key !== 'readme' && key !== 'requests')
    .map(([key, path]) => [path, key]),
);

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: true }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

/**
 * Reads a package's ZIP once, streaming: every entry hashed (SHA-256) and
 * counted, the small fixed files kept; a second entry of the same name, or
 * an entry whose stored size is wrong, is a problem of that file.
 */
async function readContents(
  file: string,
): Promise<{ contents: PackageContents; problems: PackageCheck['problems'] }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    throw new AppError('invalid_input', `${file}: not a readable ZIP (${(err as Error).message})`);
  }
  const entries = new Map<string, { sha256: string; size: number }>();
  const fixed: PackageContents['fixed'] = {};
  const problems: PackageCheck['problems'] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (name.endsWith('/')) {
        zip.readEntry();
        return;
      }
      if (entries.has(name)) problems.push({ file: name, reason: 'appears twice in the ZIP' });
      const key = FIXED_BY_PATH.get(name);
      const keep = key !== undefined && entry.uncompressedSize <= FIXED_FILE_MAX;
      openEntry(zip, entry)
        .then(
          (stream) =>
            new Promise<void>((done) => {
              const hash = createHash('sha256');
              const chunks: Buffer[] = [];
              let size = 0;
              stream.on('data', (chunk: Buffer) => {
                hash.update(chunk);
                size += chunk.length;
                if (keep) chunks.push(chunk);
              });
              stream.on('error', (err) => {
                problems.push({ file: name, reason: `cannot be read from the ZIP: ${err.message}` });
                done();
              });
              stream.on('end', () => {
                entries.set(name, { sha256: hash.digest('hex'), size });
                if (keep) fixed[key] = Buffer.concat(chunks);
                done();
              });
            }),
          (err: Error) => {
            problems.push({ file: name, reason: `cannot be read from the ZIP: ${err.message}` });
          },
        )
        .then(() => zip.readEntry(), reject);
    });
    zip.readEntry();
  }).catch((err: Error) => {
    throw new AppError('invalid_input', `${file}: the ZIP is damaged (${err.message})`);
  });
  return { contents: { entries, fixed }, problems };
}

/**
 * `auditready verify PACKAGE.zip`: checks an evidence package without a
 * database (docs/decisions/0023). Every file's SHA-256 and size against the
 * manifest and SHA256SUMS, the manifest listed in SHA256SUMS, the signature
 * of SHA256SUMS, the checkpoint's signature; every file that fails is named.
 */
export async function verifyPackageFile(file: string): Promise<PackageCheck> {
  const { contents, problems } = await readContents(file);
  const check = checkPackage(contents);
  const all = [...problems, ...check.problems];
  return { ...check, ok: all.length === 0, problems: all };
}
