import { describe, expect, it } from 'vitest';
import {
  byId,
  fixtureStream,
  fixtureText,
  rejection,
  runParser,
  textStream,
} from '../../../test/builders/nhi-parsers.js';
import type { ImportError } from '../../platform/errors.js';
import { parseAwsCredentialReport } from './aws-credential-report.js';
import { parseGcpServiceAccountKeys } from './gcp-service-account-keys.js';
import { parseGitleaks } from './gitleaks.js';
import { sha256 } from './leak-hints.js';
import { parseTrufflehog } from './trufflehog.js';

const GITLEAKS = 'gitleaks_report.json';
const TRUFFLEHOG = 'trufflehog_results.jsonl';

describe('gitleaks report', () => {
  it('yields 11 leaks with location, date and fingerprint, never the secret', async () => {
    const r = await runParser(parseGitleaks, fixtureStream(GITLEAKS), GITLEAKS);
    expect(r.leaks).toHaveLength(11);
    expect(r.identities).toHaveLength(0);
    expect(r.facts).toEqual({ exportedAt: null, complete: false });
    expect(r.leaks[0]).toEqual({
      scanner: 'gitleaks',
      fingerprint: '4b825dc642cb6eb9a060e54bf8d69288fbee4904:deploy/terraform.tfvars:aws-access-token:14',
      rule: 'aws-access-token',
      location: {
        repository: 'https://github.com/acme/payments-api',
        file: 'deploy/terraform.tfvars',
        line: 14,
        commit: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      },
      leakedAt: '2025-03-18T16:02:11.000Z',
      verified: null,
      hints: { awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      redacted: 'AKIA… (20 chars)',
    });
    const serialized = JSON.stringify(r.leaks);
    for (const secret of [
      'ghp_EXAMPLEexample0000EXAMPLEexample0000',
      'sk_live_EXAMPLEexample00EXAMPLEe',
      'MIIEpAIBAAKCAQEA',
      '8f14e45fceea167a5a36dedd4bea2543EXAMPLE',
    ]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it('hashes GitHub tokens and handles directory-scan and redacted rows', async () => {
    const { leaks } = await runParser(parseGitleaks, fixtureStream(GITLEAKS));
    expect(leaks[1]?.hints).toEqual({
      githubTokenSha256: sha256('ghp_EXAMPLEexample0000EXAMPLEexample0000'),
    });
    const dir = leaks.find((l) => l.rule === 'npm-access-token');
    expect(dir).toMatchObject({
      fingerprint: 'home/runner/.npmrc:npm-access-token:1',
      leakedAt: null,
      location: { repository: null, commit: null, file: 'home/runner/.npmrc', line: 1 },
    });
    const redacted = leaks.at(-1);
    expect(redacted).toMatchObject({ rule: 'aws-access-token', hints: {}, redacted: null });
  });

  it('accepts an empty report and rejects a non-finding element with its path', async () => {
    expect((await runParser(parseGitleaks, textStream('[]'))).leaks).toEqual([]);
    const err = (await rejection(
      runParser(parseGitleaks, textStream('[\n {"RuleID": "x", "StartLine": 1},\n {"File": "a"}\n]')),
    )) as ImportError;
    expect(err.location).toMatchObject({ line: 3, path: '$[1]' });
    expect(err.reason).toMatch(/gitleaks/);
  });

  it('reads a GCP private_key_id out of a leaked key file', async () => {
    const secret = JSON.stringify({
      type: 'service_account',
      private_key_id: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C',
      private_key: '-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----\n',
    });
    const text = JSON.stringify([
      { RuleID: 'gcp-service-account', File: 'key.json', StartLine: 1, Secret: secret, Match: secret },
    ]);
    const { leaks } = await runParser(parseGitleaks, textStream(text));
    expect(leaks[0]?.hints).toEqual({ gcpPrivateKeyId: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c' });
    expect(leaks[0]?.fingerprint).toBe('key.json:gcp-service-account:1');
  });
});

describe('trufflehog JSON lines', () => {
  it('yields 10 leaks with verification, git and filesystem locations', async () => {
    const r = await runParser(parseTrufflehog, fixtureStream(TRUFFLEHOG), TRUFFLEHOG);
    expect(r.leaks).toHaveLength(10);
    expect(r.leaks.filter((l) => l.verified === true)).toHaveLength(6);
    const fs = r.leaks.find((l) => l.location.file === '/home/runner/work/payments-api/.env.ci');
    expect(fs).toMatchObject({
      rule: 'Github',
      location: { repository: null, commit: null, line: 3 },
      leakedAt: null,
    });
    expect(fs?.fingerprint).toBe('/home/runner/work/payments-api/.env.ci:Github:3');
    const serialized = JSON.stringify(r.leaks);
    for (const secret of ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'EXAMPLEpassw0rd', 'BEGIN PRIVATE KEY'])
      expect(serialized).not.toContain(secret);
  });

  it('names the line of a malformed finding and skips blank lines', async () => {
    const lines = fixtureText(TRUFFLEHOG).split('\n');
    lines.splice(2, 0, '');
    lines[4] = (lines[4] ?? '').slice(0, 50);
    const err = (await rejection(
      runParser(parseTrufflehog, textStream(lines.join('\n'), 100), 't.jsonl'),
    )) as ImportError;
    expect(err.location).toEqual({ file: 't.jsonl', line: 5 });
    expect(err.reason).toMatch(/invalid JSON/);
    const gitleaks = (await rejection(runParser(parseTrufflehog, fixtureStream(GITLEAKS)))) as ImportError;
    expect(gitleaks.reason).toMatch(/gitleaks report/);
  });
});

describe('linking data between scanners and the inventory', () => {
  it("carries svc-terraform's ARN on the trufflehog AWS finding and on its key", async () => {
    const { leaks } = await runParser(parseTrufflehog, fixtureStream(TRUFFLEHOG));
    const aws = leaks.filter((l) => l.hints.awsArn !== undefined);
    expect(aws).toHaveLength(2);
    const arn = 'arn:aws:iam::418273645091:user/automation/svc-terraform';
    for (const leak of aws)
      expect(leak.hints).toEqual({ awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE', awsArn: arn });
    const { identities } = await runParser(
      parseAwsCredentialReport,
      fixtureStream('aws_iam_credential_report.csv'),
    );
    expect(byId(identities, arn)).toMatchObject({ kind: 'iam-user', name: 'svc-terraform' });
    const keys = identities.filter((i) => i.kind === 'access-key' && i.parentExternalId === arn);
    expect(keys.map((k) => [k.externalId, k.status])).toEqual([[`${arn}#access_key_1`, 'active']]);
  });

  it("carries bq-exporter's private_key_id on the trufflehog GCP finding and as the key's id", async () => {
    const { leaks } = await runParser(parseTrufflehog, fixtureStream(TRUFFLEHOG));
    const gcp = leaks.find((l) => l.rule === 'GCP');
    expect(gcp?.hints).toEqual({ gcpPrivateKeyId: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c' });
    expect(gcp?.leakedAt).toBe('2022-06-21T07:31:45.000Z');
    const { identities } = await runParser(
      parseGcpServiceAccountKeys,
      fixtureStream('gcloud_iam_service_accounts_keys_list.json'),
    );
    const key = byId(identities, gcp?.hints.gcpPrivateKeyId ?? '');
    expect(key).toMatchObject({ parentExternalId: 'bq-exporter@acme-prod-4821.iam.gserviceaccount.com' });
    expect(key.attributes.keyId).toBe(gcp?.hints.gcpPrivateKeyId);
  });
});
