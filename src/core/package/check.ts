import {
  NoteError,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  publicKeyOfPem,
  verifyDetached,
} from '../ledger/signed-note.js';
import { PACKAGE_FILES, type PackageManifest, packageManifestSchema, parseSha256Sums } from './manifest.js';

/** What reading a package's ZIP found: every entry's hash and size, and the small files' bytes. */
export interface PackageContents {
  /** Every file entry of the ZIP: path → SHA-256 (hex) and size of its bytes. */
  entries: ReadonlyMap<string, { sha256: string; size: number }>;
  /** The bytes of the fixed files that were present (manifest, sums, signature, key, checkpoint). */
  fixed: Partial<Record<keyof typeof PACKAGE_FILES, Buffer>>;
}

/** One file that fails, and why. */
export interface PackageProblem {
  file: string;
  reason: string;
}

/** The outcome of checking a package. */
export interface PackageCheck {
  ok: boolean;
  /** Files checked against SHA256SUMS. */
  files: number;
  manifest: PackageManifest | null;
  /** The C2SP verifier key that signed it (compare with the one kept off the machine). */
  verifierKey: string | null;
  problems: PackageProblem[];
}

const SIGNED_SEPARATELY = new Set<string>([PACKAGE_FILES.sums, PACKAGE_FILES.signature]);

/**
 * Checks a package without a database (docs/decisions/0023): every file
 * against `SHA256SUMS` (and no file left out of it), the Ed25519 signature
 * of `SHA256SUMS` with `public-key.pem`, the manifest (listed in the sums)
 * against the files' hashes and sizes, and the signed checkpoint against
 * the manifest's key and chain head. Names every file that fails.
 */
export function checkPackage(contents: PackageContents): PackageCheck {
  const problems: PackageProblem[] = [];
  const fail = (file: string, reason: string) => problems.push({ file, reason });
  const { entries, fixed } = contents;
  for (const key of ['manifest', 'sums', 'signature', 'publicKey', 'checkpoint'] as const) {
    if (!fixed[key]) fail(PACKAGE_FILES[key], 'missing from the package');
  }

  // 1. SHA256SUMS: every listed file present with that hash; every file listed.
  const sumsText = fixed.sums?.toString('utf8') ?? '';
  const { sums, problems: sumProblems } = parseSha256Sums(sumsText);
  for (const p of sumProblems) fail(PACKAGE_FILES.sums, p);
  for (const [path, hash] of sums) {
    const entry = entries.get(path);
    if (!entry) fail(path, 'listed in SHA256SUMS but missing from the package');
    else if (entry.sha256 !== hash) fail(path, 'its SHA-256 differs from SHA256SUMS: the file was changed');
  }
  for (const path of entries.keys()) {
    if (!sums.has(path) && !SIGNED_SEPARATELY.has(path)) fail(path, 'not listed in SHA256SUMS');
  }
  if (fixed.manifest && !sums.has(PACKAGE_FILES.manifest)) {
    fail(PACKAGE_FILES.manifest, 'not listed in SHA256SUMS');
  }

  // 2. The signature of SHA256SUMS with the package's public key.
  let publicKey: Buffer | null = null;
  if (fixed.publicKey) {
    try {
      publicKey = publicKeyOfPem(fixed.publicKey.toString('utf8'));
    } catch (err) {
      fail(PACKAGE_FILES.publicKey, (err as Error).message);
    }
  }
  if (publicKey && fixed.sums && fixed.signature && !verifyDetached(fixed.sums, fixed.signature, publicKey)) {
    fail(
      PACKAGE_FILES.sums,
      `the signature ${PACKAGE_FILES.signature} does not verify with ${PACKAGE_FILES.publicKey}`,
    );
  }

  // 3. The manifest: its files' hashes and sizes are the package's.
  let manifest: PackageManifest | null = null;
  if (fixed.manifest) {
    let json: unknown;
    try {
      json = JSON.parse(fixed.manifest.toString('utf8'));
    } catch {
      fail(PACKAGE_FILES.manifest, 'not JSON');
    }
    if (json !== undefined) {
      const parsed = packageManifestSchema.safeParse(json);
      if (parsed.success) manifest = parsed.data;
      else {
        const issue = parsed.error.issues[0]!;
        fail(
          PACKAGE_FILES.manifest,
          `not a package manifest: ${issue.path.join('.') || 'document'}: ${issue.message}`,
        );
      }
    }
  }
  if (manifest) {
    for (const f of manifest.files) {
      const entry = entries.get(f.path);
      if (!entry) fail(f.path, 'named by the manifest but missing from the package');
      else {
        if (entry.sha256 !== f.sha256) fail(f.path, 'its SHA-256 differs from the manifest');
        if (entry.size !== f.size)
          fail(f.path, `its size ${entry.size} differs from the manifest's ${f.size}`);
      }
      if (sums.get(f.path) !== f.sha256) fail(f.path, 'SHA256SUMS and the manifest disagree on its SHA-256');
    }
  }

  // 4. The checkpoint: signed by the manifest's key (the one of public-key.pem), over the chain head.
  let verifierKey: string | null = null;
  if (manifest && fixed.checkpoint) {
    try {
      const verifier = parseVerifierKey(manifest.verifierKey);
      verifierKey = manifest.verifierKey;
      if (publicKey && !verifier.publicKey.equals(publicKey)) {
        fail(PACKAGE_FILES.publicKey, "is not the key of the manifest's verifierKey");
      }
      const opened = openNote(fixed.checkpoint.toString('utf8'), verifier);
      const checkpoint = parseCheckpoint(opened.text);
      const head = manifest.chainHead;
      if (!checkpoint.origin.endsWith(`/${head.chain}`)) {
        fail(PACKAGE_FILES.checkpoint, `signs chain ${checkpoint.origin}, not ${head.chain}`);
      }
      if (checkpoint.size !== head.seq || !checkpoint.extensions.includes(`head ${head.hash}`)) {
        fail(PACKAGE_FILES.checkpoint, `does not sign the manifest's chain head (${head.seq} ${head.hash})`);
      }
    } catch (err) {
      if (!(err instanceof NoteError)) throw err;
      fail(PACKAGE_FILES.checkpoint, err.message);
    }
  }

  return {
    ok: problems.length === 0,
    files: sums.size,
    manifest,
    verifierKey,
    problems,
  };
}
