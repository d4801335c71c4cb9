import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  encodeVerifierKey,
  formatCheckpoint,
  publicKeyPem,
  signDetached,
  signerFromSeed,
  signNote,
  verifierOf,
} from '../ledger/signed-note.js';
import { checkPackage, type PackageContents } from './check.js';
import {
  controlFilePath,
  PACKAGE_FORMAT,
  type PackageManifest,
  parseSha256Sums,
  pathSegment,
  requestFilePath,
  sha256SumsText,
} from './manifest.js';
import { escapeHtml, renderIndexHtml } from './render.js';

const signer = signerFromSeed('auditready-unit', Buffer.alloc(32, 3));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const HEAD = 'ab'.repeat(32);

function build(evidence: Record<string, string>): Map<string, Buffer> {
  const files = Object.entries(evidence).map(([path, text]) => ({ path, bytes: Buffer.from(text) }));
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    generatedAt: '2026-12-07T08:00:00.000Z',
    organization: { name: 'Acme', slug: 'acme' },
    engagement: {
      id: 'e1',
      type: 'type2',
      firmName: null,
      categories: ['security'],
      auditPeriod: { start: '2026-01-01', end: '2026-06-30' },
    },
    scope: { control: null, request: null },
    chainHead: { chain: 'org-1', seq: 7, hash: HEAD },
    verifierKey: encodeVerifierKey(verifierOf(signer)),
    files: files.map((f, i) => ({
      path: f.path,
      sha256: sha(f.bytes),
      size: f.bytes.length,
      evidenceId: `ev${i}`,
      control: 'AC-01',
      requirement: 'AC-01-E1',
      request: null,
      effectivePeriod: { start: '2026-02-01', end: '2026-02-28' },
      sourceType: 'document',
      mediaType: null,
      collectedAt: '2026-03-01T00:00:00Z',
      collectedBy: 'a@example.test',
      reviewState: 'submitted',
      reviewedBy: null,
    })),
    links: [],
    requests: 0,
  };
  const checkpoint = signNote(
    formatCheckpoint({
      origin: `${signer.name}/org-1`,
      size: 7,
      rootHash: Buffer.alloc(32, 1),
      extensions: [`head ${HEAD}`, 'time 2026-12-07T08:00:00Z'],
    }),
    signer,
  );
  const out = new Map<string, Buffer>(files.map((f) => [f.path, f.bytes]));
  out.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  out.set('checkpoint.txt', Buffer.from(checkpoint));
  out.set('public-key.pem', Buffer.from(publicKeyPem(signer.publicKey)));
  const sums = Buffer.from(sha256SumsText([...out].map(([path, bytes]) => ({ path, sha256: sha(bytes) }))));
  out.set('SHA256SUMS', sums);
  out.set('SHA256SUMS.sig', signDetached(sums, signer));
  return out;
}

function contents(files: Map<string, Buffer>): PackageContents {
  const keys = {
    manifest: 'manifest.json',
    sums: 'SHA256SUMS',
    signature: 'SHA256SUMS.sig',
    publicKey: 'public-key.pem',
    checkpoint: 'checkpoint.txt',
  } as const;
  const fixed: PackageContents['fixed'] = {};
  for (const [key, path] of Object.entries(keys)) {
    const bytes = files.get(path);
    if (bytes) fixed[key as keyof typeof keys] = bytes;
  }
  return {
    entries: new Map([...files].map(([path, bytes]) => [path, { sha256: sha(bytes), size: bytes.length }])),
    fixed,
  };
}

const A = 'controls/AC-01/AC-01-E1/ev0-a.csv';
const B = 'controls/AC-01/AC-01-E1/ev1-b.csv';

describe('checkPackage', () => {
  it('accepts an intact package', () => {
    const check = checkPackage(contents(build({ [A]: 'alpha', [B]: 'beta' })));
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.files).toBe(5);
  });

  it('names the one evidence file whose bytes changed', () => {
    const files = build({ [A]: 'alpha', [B]: 'beta' });
    files.set(B, Buffer.from('betA'));
    const check = checkPackage(contents(files));
    expect(check.ok).toBe(false);
    expect(new Set(check.problems.map((p) => p.file))).toEqual(new Set([B]));
  });

  it('names the manifest when it changed, and a file added outside SHA256SUMS', () => {
    const files = build({ [A]: 'alpha' });
    files.set('manifest.json', Buffer.from(files.get('manifest.json')!.toString().replace('Acme', 'Acmf')));
    files.set('extra.txt', Buffer.from('x'));
    const check = checkPackage(contents(files));
    expect(check.problems).toEqual([
      { file: 'manifest.json', reason: 'its SHA-256 differs from SHA256SUMS: the file was changed' },
      { file: 'extra.txt', reason: 'not listed in SHA256SUMS' },
    ]);
  });

  it('refuses SHA256SUMS rewritten to match a changed file: the signature fails', () => {
    const files = build({ [A]: 'alpha' });
    files.set(A, Buffer.from('alphA'));
    const sums = files
      .get('SHA256SUMS')!
      .toString()
      .replace(sha(Buffer.from('alpha')), sha(Buffer.from('alphA')));
    files.set('SHA256SUMS', Buffer.from(sums));
    const check = checkPackage(contents(files));
    expect(check.problems.map((p) => p.file)).toContain('SHA256SUMS');
    expect(check.problems.map((p) => p.file)).toContain(A); // the manifest still has the old hash
  });

  it('refuses a checkpoint of another head or another key, and a missing file the manifest names', () => {
    const files = build({ [A]: 'alpha' });
    const other = signerFromSeed('auditready-other', Buffer.alloc(32, 9));
    files.set(
      'checkpoint.txt',
      Buffer.from(
        signNote(
          formatCheckpoint({ origin: 'x/org-1', size: 7, rootHash: Buffer.alloc(32), extensions: [] }),
          other,
        ),
      ),
    );
    files.delete(A);
    const check = checkPackage(contents(files));
    const byFile = new Map(check.problems.map((p) => [p.file, p.reason]));
    expect(byFile.get('checkpoint.txt')).toMatch(/no signature of auditready-unit/);
    expect(byFile.get(A)).toMatch(/missing from the package/);
  });
});

describe('package paths and sums', () => {
  it('keeps every path inside its folder', () => {
    expect(pathSegment('../../etc/passwd', 'x')).toBe('_.._etc_passwd');
    expect(pathSegment('..', 'x')).toBe('x');
    expect(pathSegment('a\u202Egpj.exe', 'x')).toBe('a_gpj.exe');
    expect(controlFilePath('AC/01', 'E1', 'id', 'r.pdf')).toBe('controls/AC_01/E1/id-r.pdf');
    expect(requestFilePath('1.3', 'id', '')).toBe('requests/1.3/id-file');
  });

  it('writes and reads SHA256SUMS in the coreutils format, sorted', () => {
    const text = sha256SumsText([
      { path: 'b', sha256: '1'.repeat(64) },
      { path: 'a b', sha256: '2'.repeat(64) },
    ]);
    expect(text).toBe(`${'2'.repeat(64)}  a b\n${'1'.repeat(64)}  b\n`);
    expect([...parseSha256Sums(text).sums]).toEqual([
      ['a b', '2'.repeat(64)],
      ['b', '1'.repeat(64)],
    ]);
    expect(parseSha256Sums('nope\n').problems).toEqual(['SHA256SUMS line 1: not "<sha256>  <path>"']);
  });

  it('renders an index with escaped text and no reference to anything outside the package', () => {
    const manifest = JSON.parse(
      build({ [A]: 'alpha' })
        .get('manifest.json')!
        .toString(),
    ) as PackageManifest;
    manifest.organization.name = '<script>alert(1)</script>';
    const html = renderIndexHtml(manifest, []);
    expect(html).toContain(escapeHtml('<script>alert(1)</script>'));
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain(`href="controls/AC-01/AC-01-E1/ev0-a.csv"`);
  });
});
