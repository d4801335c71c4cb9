/**
 * Helpers for the NHI parser tests: open a fixture as a stream, run a parser
 * to the end, and chunk text to exercise streaming boundaries.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { ExportFacts, ObservedLeak, ObservedNhi } from '../../src/core/nhi/types.js';
import type { NhiImportKindName } from '../../src/importers/nhi/index.js';
import { isObservedLeak, type NhiParseOptions, type NhiParser } from '../../src/importers/nhi/types.js';

/** Absolute path of a fixture file (copies of the shared samples). */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../src/importers/nhi/fixtures/${name}`, import.meta.url));
}

/** A fixture as a byte stream, read in small chunks so records straddle chunk boundaries. */
export function fixtureStream(name: string): Readable {
  return createReadStream(fixturePath(name), { highWaterMark: 257 });
}

/** A fixture's text. */
export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** A stream of `text` cut into pieces of `size` bytes (1 = byte by byte). */
export function textStream(text: string | Buffer, size = 4096): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces, { objectMode: false });
}

/** Everything a parse yielded, split into identities and leaks, with the reported facts. */
export interface ParseResult {
  identities: ObservedNhi[];
  leaks: ObservedLeak[];
  facts: ExportFacts | null;
  factCalls: number;
}

/** Runs a parser to completion. */
export async function runParser(
  parse: NhiParser,
  input: Readable,
  file = 'input',
  options: Omit<NhiParseOptions, 'onFacts'> = {},
): Promise<ParseResult> {
  const result: ParseResult = { identities: [], leaks: [], facts: null, factCalls: 0 };
  const onFacts = (facts: ExportFacts): void => {
    result.facts = facts;
    result.factCalls++;
  };
  for await (const o of parse(input, file, { ...options, onFacts })) {
    if (isObservedLeak(o)) result.leaks.push(o);
    else result.identities.push(o);
  }
  return result;
}

/** The identity with this external id; throws when absent, so tests read plainly. */
export function byId(items: ObservedNhi[], externalId: string): ObservedNhi {
  const found = items.find((i) => i.externalId === externalId);
  if (!found) throw new Error(`no identity ${externalId}`);
  return found;
}

/** The first identity with this name. */
export function byName(items: ObservedNhi[], name: string): ObservedNhi {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no identity named ${name}`);
  return found;
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the parse to fail');
}

/** The sample file of every import kind (copies of the shared samples in ./fixtures). */
export const SAMPLE_OF: Record<NhiImportKindName, string> = {
  'aws-credential-report': 'aws_iam_credential_report.csv',
  'aws-authorization-details': 'aws_get_account_authorization_details.json',
  'aws-secrets': 'aws_secretsmanager_list_secrets.json',
  'gcp-service-accounts': 'gcloud_iam_service_accounts_list.json',
  'gcp-service-account-keys': 'gcloud_iam_service_accounts_keys_list.json',
  'azure-service-principals': 'azure_ad_sp_list.json',
  kubernetes: 'kubectl_get_sa_secrets_bindings.json',
  'github-pats': 'github_org_personal_access_tokens.json',
  'github-installations': 'github_org_installations.json',
  'github-deploy-keys': 'github_repo_deploy_keys.json',
  'github-actions-secrets': 'github_repo_actions_secrets.json',
  'okta-api-tokens': 'okta_api_tokens.json',
  gitleaks: 'gitleaks_report.json',
  trufflehog: 'trufflehog_results.jsonl',
};

// Characters that break structure in JSON and CSV, to make mutations bite.
const NASTY = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\n',
  '\r',
  '\\',
  'null',
  'true',
  '-1e999',
  '\u0000',
  '\uFEFF',
  'é',
  '\ud800',
  '0x',
  '""',
  '{}',
  '[]',
  'N/A',
);
/** Random edits of a text (position, characters removed, what is inserted), to fuzz importers with near-valid input. */
export const MUTATIONS = fc.array(
  fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat({ max: 40 }),
    insert: fc.oneof(NASTY, fc.string({ maxLength: 8 })),
  }),
  { minLength: 1, maxLength: 6 },
);

/** Applies edits of MUTATIONS to a text. */
export function mutate(text: string, mutations: { at: number; remove: number; insert: string }[]): string {
  let out = text;
  for (const m of mutations) {
    const pos = Math.floor(m.at * out.length);
    out = out.slice(0, pos) + m.insert + out.slice(pos + m.remove);
  }
  return out;
}
