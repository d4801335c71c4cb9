/**
 * AWS IAM credential report (`aws iam get-credential-report`): the raw
 * 22-column CSV, or the CLI's JSON wrapper `{Content, ReportFormat,
 * GeneratedTime}` whose `Content` is the base64 CSV. The wrapper is not
 * decoded in memory: the `Content` string is streamed out of the JSON
 * tokenizer in chunks, base64-decoded incrementally (4-character groups) and
 * piped into the shared CSV reader, so a million-row report never sits in
 * memory. One row yields the user (or `<root_account>`), then one
 * `access-key` per existing key slot and one `certificate` per existing
 * signing certificate, each with the user's ARN as parent (the report has
 * no key ids: a slot's external id is `<user arn>#access_key_<n>`).
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import { ImportError } from '../../platform/errors.js';
import { type CsvRecord, readCsvRecords } from '../csv/read-csv.js';
import { unwrapCredentialReport } from './aws-credential-report-wrapper.js';
import { DATE_PLACEHOLDERS, latest, parseTimestamp } from './dates.js';
import { inferEnvironment, looksHuman } from './hints.js';
import { compact, nhi, reportFacts } from './observation.js';
import { peekFirstChar } from './streams.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

/** The 22 columns of the report, in AWS order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const SHAPE =
  'an IAM credential report: the CSV with columns user, arn, user_creation_time … cert_2_last_rotated, or the JSON of `aws iam get-credential-report` ({"Content": base64 CSV, "ReportFormat": "text/csv", "GeneratedTime"})';
const ARN = /^arn:aws[\w-]*:iam::(\d{12}):(root|user(\/.*\/|\/)([^/]+))$/;
const ROOT = '<root_account>';

/** Parses an IAM credential report (raw CSV or the base64 JSON wrapper). */
export async function* parseAwsCredentialReport(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  const { first, stream } = await peekFirstChar(input);
  if (first === '[') throw new ImportError({ file, line: 1 }, `expected ${SHAPE}, found a JSON array`);
  if (first !== '{') {
    yield* rows(stream, file);
    reportFacts(options, { exportedAt: null, complete: true });
    return;
  }
  const generatedAt = yield* unwrapCredentialReport(stream, file, SHAPE, (csv) => rows(csv, file));
  reportFacts(options, { exportedAt: generatedAt, complete: true });
}

async function* rows(input: Readable, file: string): AsyncGenerator<ObservedNhi> {
  try {
    for await (const rec of readCsvRecords(input, file, { required: CREDENTIAL_REPORT_COLUMNS })) {
      yield* rowObservations(rec);
    }
  } catch (err) {
    if (err instanceof ImportError && /missing required column|file is empty/.test(err.reason)) {
      throw new ImportError(err.location, `${err.reason}; expected ${SHAPE}`);
    }
    throw err;
  }
}

function rowObservations(rec: CsvRecord): ObservedNhi[] {
  const user = rec.get('user');
  if (user === '') throw rec.error('user', 'empty user name');
  const arn = rec.get('arn');
  const m = ARN.exec(arn);
  if (!m)
    throw rec.error('arn', `expected an IAM user or root ARN, found ${JSON.stringify(arn.slice(0, 80))}`);
  const isRoot = user === ROOT || m[2] === 'root';
  const accountId = m[1];
  const path = isRoot ? null : (m[3] ?? '/');
  const date = (column: string): string | null => {
    const value = rec.get(column);
    if (DATE_PLACEHOLDERS.has(value)) return null;
    const iso = parseTimestamp(value);
    if (iso === undefined)
      throw rec.error(
        column,
        `expected a timestamp, N/A, no_information or not_supported, found ${JSON.stringify(value.slice(0, 40))}`,
      );
    return iso;
  };
  const bool = (column: string): boolean | null => {
    const value = rec.get(column).toLowerCase();
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (value === 'not_supported' || value === 'n/a') return null;
    throw rec.error(column, `expected true or false, found ${JSON.stringify(rec.get(column).slice(0, 40))}`);
  };
  const text = (column: string): string | null => {
    const value = rec.get(column);
    return DATE_PLACEHOLDERS.has(value) ? null : value;
  };
  const name = isRoot ? ROOT : user;
  const environment = inferEnvironment(null, path, user);
  const passwordEnabled = bool('password_enabled');
  const passwordLastUsed = date('password_last_used');
  const out: ObservedNhi[] = [];
  const keys: ObservedNhi[] = [];
  const certs: ObservedNhi[] = [];
  for (const n of [1, 2] as const) {
    const active = bool(`access_key_${n}_active`);
    const rotated = date(`access_key_${n}_last_rotated`);
    const lastUsed = date(`access_key_${n}_last_used_date`);
    const region = text(`access_key_${n}_last_used_region`);
    const service = text(`access_key_${n}_last_used_service`);
    // A slot exists when its key is active, or inactive but dated (AWS docs say N/A, fixtures show dates).
    if (!active && rotated === null) continue;
    keys.push(
      nhi({
        kind: 'access-key',
        provider: 'aws',
        externalId: `${arn}#access_key_${n}`,
        name: `${name} access key ${n}`,
        parentExternalId: arn,
        environment,
        privileged: isRoot,
        privilegeSummary: isRoot ? 'root account access key' : null,
        authMethod: 'static-key',
        status: active ? 'active' : 'disabled',
        createdAt: rotated,
        lastUsedAt: lastUsed,
        lastRotatedAt: rotated,
        attributes: compact({
          slot: n,
          userArn: arn,
          accountId,
          root: isRoot || null,
          usageTracked: true,
          lastUsedRegion: region,
          lastUsedService: service,
        }),
      }),
    );
  }
  for (const n of [1, 2] as const) {
    const active = bool(`cert_${n}_active`);
    const rotated = date(`cert_${n}_last_rotated`);
    if (!active && rotated === null) continue;
    certs.push(
      nhi({
        kind: 'certificate',
        provider: 'aws',
        externalId: `${arn}#cert_${n}`,
        name: `${name} signing certificate ${n}`,
        parentExternalId: arn,
        environment,
        authMethod: 'certificate',
        status: active ? 'active' : 'disabled',
        createdAt: rotated,
        lastRotatedAt: rotated,
        attributes: compact({ slot: n, userArn: arn, accountId, signingCertificate: true }),
      }),
    );
  }
  const keyActive = keys.some((k) => k.status === 'active');
  out.push(
    nhi({
      kind: 'iam-user',
      provider: 'aws',
      externalId: arn,
      name,
      environment,
      privileged: isRoot,
      privilegeSummary: isRoot ? 'root account' : null,
      authMethod: keyActive ? 'static-key' : passwordEnabled ? 'password' : 'unknown',
      createdAt: date('user_creation_time'),
      lastUsedAt: latest(passwordLastUsed, ...keys.map((k) => k.lastUsedAt)),
      lastRotatedAt: date('password_last_changed'),
      attributes: compact({
        accountId,
        path,
        root: isRoot || null,
        usageTracked: true,
        likelyHuman: !isRoot && looksHuman(user) ? true : null,
        passwordEnabled,
        passwordLastUsed,
        passwordNoInformation: rec.get('password_last_used') === 'no_information' ? true : null,
        passwordNextRotation: date('password_next_rotation'),
        mfaActive: bool('mfa_active'),
        activeAccessKeys: keys.filter((k) => k.status === 'active').length,
      }),
    }),
  );
  return [...out, ...keys, ...certs];
}
