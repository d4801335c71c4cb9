import { z } from 'zod';

/**
 * The evidence package of an engagement (SPEC §8, docs/decisions/0023): what
 * its manifest says, where each file lies in the ZIP, and the `SHA256SUMS`
 * text. Pure: the module streams the files, these rules name and list them.
 */

/** The manifest's format tag; a reader refuses any other. */
export const PACKAGE_FORMAT = 'auditready-package/1';

/** The fixed files of a package beside the evidence. */
export const PACKAGE_FILES = {
  manifest: 'manifest.json',
  sums: 'SHA256SUMS',
  signature: 'SHA256SUMS.sig',
  publicKey: 'public-key.pem',
  requests: 'requests.json',
  checkpoint: 'checkpoint.txt',
  index: 'index.html',
  readme: 'README.txt',
} as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** One evidence file in the package, with what an auditor asks of it. */
export const packageFileSchema = z.object({
  path: z.string().min(1),
  sha256,
  size: z.number().int().min(0),
  evidenceId: z.string(),
  control: z.string(),
  requirement: z.string(),
  /** The request whose answer attached it (files under `requests/`); null under `controls/`. */
  request: z.string().nullable(),
  effectivePeriod: z.object({ start: isoDate, end: isoDate }),
  sourceType: z.string(),
  mediaType: z.string().nullable(),
  collectedAt: z.string(),
  collectedBy: z.string(),
  reviewState: z.enum(['submitted', 'accepted', 'rejected']),
  reviewedBy: z.object({ reviewer: z.string(), decision: z.string(), reviewedAt: z.string() }).nullable(),
});
/** One evidence file in the package. */
export type PackageFile = z.infer<typeof packageFileSchema>;

/** Evidence that is a link (no file): listed, not packaged. */
export const packageLinkSchema = z.object({
  evidenceId: z.string(),
  control: z.string(),
  requirement: z.string(),
  url: z.string(),
  effectivePeriod: z.object({ start: isoDate, end: isoDate }),
  sourceType: z.string(),
  collectedBy: z.string(),
  reviewState: z.enum(['submitted', 'accepted', 'rejected']),
});
/** A link in the package's manifest. */
export type PackageLink = z.infer<typeof packageLinkSchema>;

/** `manifest.json`: the engagement, the log's head and checkpoint at export time, and every file. */
export const packageManifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  generatedAt: z.string(),
  organization: z.object({ name: z.string(), slug: z.string() }),
  engagement: z.object({
    id: z.string(),
    type: z.string(),
    firmName: z.string().nullable(),
    categories: z.array(z.string()),
    auditPeriod: z.object({ start: isoDate, end: isoDate }),
  }),
  /** What was asked for: the whole engagement, one control, or one request. */
  scope: z.object({ control: z.string().nullable(), request: z.string().nullable() }),
  /** The organization's activity-log chain at export time (the checkpoint signs it). */
  chainHead: z.object({ chain: z.string(), seq: z.number().int().min(0), hash: sha256 }),
  /** The C2SP verifier key (`name+keyid+base64`) of `checkpoint.txt` and `SHA256SUMS.sig`. */
  verifierKey: z.string().min(1),
  files: z.array(packageFileSchema),
  links: z.array(packageLinkSchema),
  requests: z.number().int().min(0),
});
/** The package manifest. */
export type PackageManifest = z.infer<typeof packageManifestSchema>;

/** One message of a request's thread as the package carries it. */
export interface PackageThreadEntry {
  at: string;
  author: string;
  kind: string;
  body: string;
  evidenceIds: string[];
}

/** A request with its thread as the package carries it (`requests.json`). */
export interface PackageRequest {
  id: string;
  reference: string;
  text: string;
  status: string;
  dueOn: string | null;
  controlCodes: string[];
  evidenceIds: string[];
  thread: PackageThreadEntry[];
}

// Control characters, path separators and the characters file systems and shells treat specially.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const UNSAFE_SEGMENT = /[\u0000-\u001f\u007f-\u009f"<>|:*?\\/\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * One path segment of the ZIP from a code, a reference or a file name: no
 * separators, no control or bidirectional characters, no leading dots (so
 * never `..`), at most 120 characters; `fallback` when nothing is left.
 */
export function pathSegment(raw: string, fallback: string): string {
  const cleaned = raw.normalize('NFC').replace(UNSAFE_SEGMENT, '_').replace(/^\.+/, '').trim().slice(0, 120);
  return cleaned || fallback;
}

/** `controls/<CODE>/<REQ-CODE>/<evidence-id>-<name>`: an evidence file under its control and requirement. */
export function controlFilePath(
  control: string,
  requirement: string,
  evidenceId: string,
  name: string,
): string {
  return `controls/${pathSegment(control, 'control')}/${pathSegment(requirement, 'requirement')}/${evidenceId}-${pathSegment(name, 'file')}`;
}

/** `requests/<REF>/<evidence-id>-<name>`: a file an answer to the request attached. */
export function requestFilePath(reference: string, evidenceId: string, name: string): string {
  return `requests/${pathSegment(reference, 'request')}/${evidenceId}-${pathSegment(name, 'file')}`;
}

/** The `SHA256SUMS` text (GNU coreutils format: hash, two spaces, path), sorted by path. */
export function sha256SumsText(entries: ReadonlyArray<{ path: string; sha256: string }>): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.sha256}  ${e.path}\n`)
    .join('');
}

/** The lines of a `SHA256SUMS` text, path → hash; malformed lines named by number. */
export function parseSha256Sums(text: string): { sums: Map<string, string>; problems: string[] } {
  const sums = new Map<string, string>();
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) problems.push(`SHA256SUMS line ${i + 1}: not "<sha256>  <path>"`);
    else if (sums.has(match[2]!)) problems.push(`SHA256SUMS line ${i + 1}: ${match[2]} listed twice`);
    else sums.set(match[2]!, match[1]!);
  });
  return { sums, problems };
}
