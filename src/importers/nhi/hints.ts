/**
 * Owner, environment and human-or-machine hints, inferred the same way for
 * every export. Each function is a documented heuristic: a hint, never a
 * decision (owners are confirmed against the people roster later).
 */
import type { OwnerSource } from '../../core/nhi/types.js';

/** An owner hint and where it was found. */
export interface OwnerHint {
  hint: string;
  source: OwnerSource;
}

// Tag / label / annotation keys that name an owner, best first (compared case-insensitively;
// a prefixed annotation such as `example.com/owner` counts by its last segment).
const OWNER_KEYS = [
  'owner',
  'owner-email',
  'owner_email',
  'owneremail',
  'team-owner',
  'team_owner',
  'technical-owner',
];
const CREATOR_KEYS = ['created-by', 'created_by', 'createdby', 'creator'];

/** Strips what surrounds an e-mail or name in free text (`raj@example.com.` → `raj@example.com`). */
export function cleanOwner(value: string): string | null {
  const v = value
    .trim()
    .replace(/^[<("'[]+/, '')
    .replace(/[>)"'\].,;:!?]+$/, '');
  return v === '' ? null : v;
}

/** The owner named by tags, labels or annotations (`owner`, `Owner`, `owner-email`, `team-owner`, `x/owner`, then `created-by`). */
export function ownerFromTags(
  tags: Record<string, string>,
  source: 'tag' | 'label' | 'annotation',
): OwnerHint | null {
  const byKey = new Map<string, string>();
  for (const [k, v] of Object.entries(tags)) {
    const key = k.toLowerCase();
    const last = key.slice(key.lastIndexOf('/') + 1);
    if (!byKey.has(key)) byKey.set(key, v);
    if (!byKey.has(last)) byKey.set(last, v);
  }
  for (const key of OWNER_KEYS) {
    const hint = cleanOwner(byKey.get(key) ?? '');
    if (hint) return { hint, source };
  }
  for (const key of CREATOR_KEYS) {
    const hint = cleanOwner(byKey.get(key) ?? '');
    if (hint) return { hint, source: 'created-by' };
  }
  return null;
}

/** The owner written in free text as `Owner: x` or `owner=x` (descriptions, Entra `notes`). */
export function ownerFromText(text: string | null): string | null {
  if (!text) return null;
  const m = /\bowner\s*[:=]\s*([^\s;,|]+)/i.exec(text);
  return m?.[1] ? cleanOwner(m[1]) : null;
}

/** A backup owner written as `backup: x` in free text. */
export function backupFromText(text: string | null): string | null {
  if (!text) return null;
  const m = /\bbackup(?:[ -]owner)?\s*[:=]\s*([^\s;,|]+)/i.exec(text);
  return m?.[1] ? cleanOwner(m[1]) : null;
}

const ENV_KEYS = ['env', 'environment', 'stage', 'tier'];
const ENV_WORDS: Record<string, string> = {
  prod: 'prod',
  production: 'prod',
  prd: 'prod',
  live: 'prod',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  preprod: 'staging',
  uat: 'staging',
  dev: 'dev',
  development: 'dev',
  test: 'test',
  testing: 'test',
  qa: 'test',
  sandbox: 'sandbox',
  sbx: 'sandbox',
};

/**
 * The environment of an identity. Heuristic, in order:
 * 1. a tag/label `env`, `environment`, `stage` or `tier` (case-insensitive key); its value is
 *    normalised through the word list below (`production` → `prod`), other values kept lowercased;
 * 2. otherwise the first of `names` (pass the most specific first: namespace, project id, secret
 *    path, identity name) containing an environment word as a whole token, tokens being split on
 *    `/ . _ - :` and spaces: prod|production|prd|live → prod, staging|stage|stg|preprod|uat →
 *    staging, dev|development → dev, test|testing|qa → test, sandbox|sbx → sandbox;
 * 3. otherwise null (unknown, never guessed).
 */
export function inferEnvironment(
  tags: Record<string, string> | null,
  ...names: (string | null | undefined)[]
): string | null {
  if (tags) {
    for (const [k, v] of Object.entries(tags)) {
      if (!ENV_KEYS.includes(k.toLowerCase())) continue;
      const value = v.trim().toLowerCase();
      if (value !== '') return ENV_WORDS[value] ?? value;
    }
  }
  for (const name of names) {
    if (!name) continue;
    for (const token of name.toLowerCase().split(/[/._\-:\s@]+/)) {
      const env = ENV_WORDS[token];
      if (env) return env;
    }
  }
  return null;
}

/**
 * Whether an account name looks like a person's (`first.last`, or an e-mail address) rather than a
 * machine identity. Heuristic used to flag human IAM users that show up in machine-identity exports.
 */
export function looksHuman(name: string): boolean {
  if (/^(svc|sa|bot|ci|cd|app|api|sys|system|service|automation|deploy|terraform)[._-]/i.test(name))
    return false;
  return /^[a-z]+(?:[-'][a-z]+)?\.[a-z]+(?:[-'][a-z]+)?(?:@[\w.-]+)?$/i.test(name);
}
