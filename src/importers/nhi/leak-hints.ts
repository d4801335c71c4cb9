/**
 * What identifies a leaked credential without keeping it: the AWS access key
 * id (`AKIA…` long-term, `ASIA…` temporary), the `private_key_id` of a GCP
 * service-account key file, the SHA-256 of a GitHub token, and a redacted
 * preview (first 4 characters and the length). Callers drop the secret
 * right after.
 */
import { createHash } from 'node:crypto';
import type { ObservedLeak } from '../../core/nhi/types.js';

/** Linking hints of a leak. */
export type LeakHints = ObservedLeak['hints'];

const AWS_KEY_ID = /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/;
const GCP_KEY_ID = /"private_key_id"\s*:\s*"([0-9a-fA-F]{40})"/;
const GITHUB_TOKEN = /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/;

/** The hints found in secret text (and the surrounding match, when given). */
export function hintsFromSecret(...texts: (string | null | undefined)[]): LeakHints {
  const hints: LeakHints = {};
  for (const text of texts) {
    if (!text || text === 'REDACTED') continue;
    hints.awsAccessKeyId ??= AWS_KEY_ID.exec(text)?.[1];
    hints.gcpPrivateKeyId ??= GCP_KEY_ID.exec(text)?.[1]?.toLowerCase();
    const gh = GITHUB_TOKEN.exec(text)?.[1];
    if (gh && !hints.githubTokenSha256) hints.githubTokenSha256 = sha256(gh);
  }
  return withoutUndefined(hints);
}

/** SHA-256 of a string, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A preview that never reveals the secret: its first 4 characters and its length, or null when redacted/empty. */
export function redactedPreview(secret: string | null | undefined): string | null {
  if (!secret || secret === 'REDACTED') return null;
  return `${[...secret].slice(0, 4).join('')}… (${secret.length} chars)`;
}

/** Drops undefined members so hints compare and serialise cleanly. */
export function withoutUndefined(hints: LeakHints): LeakHints {
  const out: LeakHints = {};
  for (const [k, v] of Object.entries(hints) as [keyof LeakHints, string | undefined][])
    if (v !== undefined) out[k] = v;
  return out;
}

/** `https://github.com/org/repo` from a remote or blob URL (`.git` and `/blob/…` removed). */
export function normaliseRepository(url: string | null): string | null {
  if (!url) return null;
  const cut = url
    .replace(/\/(?:blob|tree)\/.*$/, '')
    .replace(/\.git$/, '')
    .replace(/\/$/, '');
  return cut === '' ? null : cut;
}
