import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  byId,
  fixtureStream,
  fixtureText,
  rejection,
  runParser,
  textStream,
} from '../../../test/builders/nhi-parsers.js';
import { ImportError } from '../../platform/errors.js';
import { CREDENTIAL_REPORT_COLUMNS, parseAwsCredentialReport } from './aws-credential-report.js';

const FILE = 'aws_iam_credential_report.csv';
const ACCOUNT = 'arn:aws:iam::418273645091';

describe('AWS credential report (sample)', () => {
  it('yields every user, key slot and signing certificate', async () => {
    const r = await runParser(parseAwsCredentialReport, fixtureStream(FILE), FILE);
    const kinds = r.identities.map((i) => i.kind);
    expect(kinds.filter((k) => k === 'iam-user')).toHaveLength(15);
    expect(kinds.filter((k) => k === 'access-key')).toHaveLength(14);
    expect(kinds.filter((k) => k === 'certificate')).toHaveLength(1);
    expect(r.facts).toEqual({ exportedAt: null, complete: true });
    expect(r.factCalls).toBe(1);
  });

  it('reads the root account with not_supported placeholders', async () => {
    const { identities } = await runParser(parseAwsCredentialReport, fixtureStream(FILE));
    const root = byId(identities, `${ACCOUNT}:root`);
    expect(root).toMatchObject({
      name: '<root_account>',
      privileged: true,
      lastRotatedAt: null,
      createdAt: '2019-04-02T17:21:09.000Z',
    });
    expect(root.attributes).toMatchObject({ root: true, mfaActive: true, accountId: '418273645091' });
    expect(root.attributes).not.toHaveProperty('passwordEnabled');
    const rootKey = byId(identities, `${ACCOUNT}:root#access_key_1`);
    expect(rootKey).toMatchObject({
      status: 'active',
      privileged: true,
      parentExternalId: `${ACCOUNT}:root`,
    });
    expect(rootKey.attributes).toMatchObject({ root: true, lastUsedService: 'iam' });
  });

  it('gives each of two active keys its own identity under the user', async () => {
    const { identities } = await runParser(parseAwsCredentialReport, fixtureStream(FILE));
    const arn = `${ACCOUNT}:user/automation/svc-ci-deployer`;
    const keys = identities.filter((i) => i.parentExternalId === arn);
    expect(keys.map((k) => [k.externalId, k.status, k.lastRotatedAt, k.lastUsedAt])).toEqual([
      [`${arn}#access_key_1`, 'active', '2026-06-01T08:12:44.000Z', '2026-08-20T02:15:00.000Z'],
      [`${arn}#access_key_2`, 'active', '2024-02-10T19:05:13.000Z', '2024-09-03T12:00:00.000Z'],
    ]);
    expect(byId(identities, arn).attributes.activeAccessKeys).toBe(2);
    expect(byId(identities, arn).lastUsedAt).toBe('2026-08-20T02:15:00.000Z');
  });

  it('handles N/A, no_information, inactive keys with dates, regionless use and certificates', async () => {
    const { identities } = await runParser(parseAwsCredentialReport, fixtureStream(FILE));
    const backup = byId(identities, `${ACCOUNT}:user/automation/svc-backup-s3#access_key_1`);
    expect(backup).toMatchObject({ lastUsedAt: null, status: 'active' });
    expect(backup.attributes).not.toHaveProperty('lastUsedRegion');
    const contractor = byId(identities, `${ACCOUNT}:user/contractors/contractor-jdoe`);
    expect(contractor).toMatchObject({ authMethod: 'password', lastUsedAt: null });
    expect(contractor.attributes).toMatchObject({ passwordEnabled: true, passwordNoInformation: true });
    expect(identities.some((i) => i.parentExternalId === contractor.externalId)).toBe(false);
    const legacy = byId(identities, `${ACCOUNT}:user/automation/svc-legacy-etl#access_key_1`);
    expect(legacy).toMatchObject({ status: 'disabled', lastRotatedAt: '2019-01-15T08:30:00.000Z' });
    const snowflake = byId(identities, `${ACCOUNT}:user/integrations/svc-snowflake-loader#access_key_1`);
    expect(snowflake.attributes).toMatchObject({ lastUsedService: 's3' });
    expect(snowflake.attributes).not.toHaveProperty('lastUsedRegion');
    const cert = byId(identities, `${ACCOUNT}:user/svc-old-jenkins#cert_1`);
    expect(cert).toMatchObject({
      kind: 'certificate',
      status: 'active',
      lastRotatedAt: '2019-07-01T10:02:11.000Z',
    });
    const uploader = identities.filter(
      (i) => i.parentExternalId === `${ACCOUNT}:user/integrations/mobile-app-uploader`,
    );
    expect(uploader.map((k) => k.externalId)).toEqual([
      `${ACCOUNT}:user/integrations/mobile-app-uploader#access_key_2`,
    ]);
  });

  it('flags person-looking users and keeps svc users as machines', async () => {
    const { identities } = await runParser(parseAwsCredentialReport, fixtureStream(FILE));
    expect(byId(identities, `${ACCOUNT}:user/alice.nguyen`).attributes.likelyHuman).toBe(true);
    expect(byId(identities, `${ACCOUNT}:user/automation/svc-terraform`).attributes).not.toHaveProperty(
      'likelyHuman',
    );
  });
});

describe('AWS credential report (JSON wrapper)', () => {
  const csv = fixtureText(FILE);
  const wrapper = (content: string, extra = ''): string =>
    `{\n    "Content": "${content}",\n    "ReportFormat": "text/csv",\n    "GeneratedTime": "2026-08-20T10:00:00+00:00"${extra}\n}\n`;

  it('streams the base64 Content through the CSV reader, in any chunking', async () => {
    const raw = await runParser(parseAwsCredentialReport, textStream(csv));
    for (const size of [1, 3, 1000]) {
      const r = await runParser(
        parseAwsCredentialReport,
        textStream(wrapper(Buffer.from(csv).toString('base64')), size),
      );
      expect(r.identities).toEqual(raw.identities);
      expect(r.facts).toEqual({ exportedAt: '2026-08-20T10:00:00.000Z', complete: true });
    }
  });

  it('rejects bad base64 and a non-CSV ReportFormat', async () => {
    const bad = (await rejection(
      runParser(parseAwsCredentialReport, textStream(wrapper('dXNlcixhcm4K!!!!'))),
    )) as ImportError;
    expect(bad).toBeInstanceOf(ImportError);
    expect(bad.location.path).toBe('$.Content');
    const format = wrapper(Buffer.from(csv).toString('base64')).replace('text/csv', 'text/plain');
    expect(
      ((await rejection(runParser(parseAwsCredentialReport, textStream(format)))) as ImportError).reason,
    ).toMatch(/ReportFormat/);
  });

  it('names the decoded line of a bad row inside Content', async () => {
    const broken = csv.replace(
      'svc-terraform,arn:aws:iam::418273645091:user/automation/svc-terraform,2021',
      'svc-terraform,arn:aws:iam::418273645091:user/automation/svc-terraform,20x1',
    );
    const err = (await rejection(
      runParser(parseAwsCredentialReport, textStream(wrapper(Buffer.from(broken).toString('base64')))),
    )) as ImportError;
    expect(err.location).toMatchObject({ line: 4, path: '$.Content', column: '3 (user_creation_time)' });
  });

  it('rejects an empty Content', async () => {
    const err = (await rejection(
      runParser(parseAwsCredentialReport, textStream(wrapper(''))),
    )) as ImportError;
    expect(err.location.path).toBe('$.Content');
    expect(err.reason).toMatch(/empty/);
  });

  it('rejects a wrapper without Content and JSON of another shape', async () => {
    expect(
      (
        (await rejection(
          runParser(parseAwsCredentialReport, textStream('{"GeneratedTime": "2026-08-20T10:00:00Z"}')),
        )) as ImportError
      ).reason,
    ).toMatch(/no Content/);
    expect(
      ((await rejection(runParser(parseAwsCredentialReport, textStream('[{"name": "x"}]')))) as ImportError)
        .reason,
    ).toMatch(/credential report/);
  });
});

describe('AWS credential report (errors)', () => {
  const header = CREDENTIAL_REPORT_COLUMNS.join(',');
  const row = (i: number): string =>
    `svc-${i},arn:aws:iam::111122223333:user/svc-${i},2021-06-14T09:44:10+00:00,false,N/A,N/A,N/A,false,true,2025-11-02T13:20:05+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;

  function report(rows: number, corrupt: (line: number) => string | null): Readable {
    return Readable.from(
      (function* () {
        yield `${header}\n`;
        for (let i = 2; i <= rows + 1; i++) yield `${corrupt(i) ?? row(i)}\n`;
      })(),
      { objectMode: false },
    );
  }

  it('aborts a 100,000-row report at the exact corrupted line', async () => {
    const bad = 73_457;
    const err = await rejection(
      runParser(
        parseAwsCredentialReport,
        report(100_000, (i) => (i === bad ? row(i).replace('2025-11-02T13:20:05+00:00', 'yesterday') : null)),
        'big.csv',
      ),
    );
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).location).toEqual({
      file: 'big.csv',
      line: bad,
      column: '10 (access_key_1_last_rotated)',
    });
    expect((err as ImportError).message).toContain(`big.csv, line ${bad}`);
  }, 60_000);

  it('rejects truncated rows, unknown booleans, bad ARNs and a missing column', async () => {
    const cases: [string, RegExp][] = [
      [`${header}\n${row(2).split(',').slice(0, 9).join(',')}\n`, /expected/],
      [
        `${header}\n${row(2).replace(',false,N/A,N/A,N/A,false', ',maybe,N/A,N/A,N/A,false')}\n`,
        /true or false/,
      ],
      [
        `${header}\n${row(2).replace('arn:aws:iam::111122223333:user/svc-2', 'not-an-arn')}\n`,
        /IAM user or root ARN/,
      ],
      [
        `${header.replace(',mfa_active', '')}\n`,
        /missing required column "mfa_active"; expected an IAM credential report/,
      ],
    ];
    for (const [text, reason] of cases) {
      const err = (await rejection(runParser(parseAwsCredentialReport, textStream(text)))) as ImportError;
      expect(err).toBeInstanceOf(ImportError);
      expect(err.reason).toMatch(reason);
    }
  });
});
