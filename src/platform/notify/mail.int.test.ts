import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOwnerDigests } from '../../core/digests/build.js';
import { renderOwnerDigest } from '../../core/digests/render.js';
import {
  type MailMessage,
  SMTP_TLS_CA_FILE_ENV,
  SMTP_TLS_REJECT_UNAUTHORIZED_ENV,
  sendMail,
  smtpTlsFromEnv,
} from './mail.js';

const TLS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'tls');
const CERT_FILE = path.join(TLS_DIR, 'smtp-test.cert.pem');

/** Quoted-printable soft breaks and escapes undone, so the text can be searched. */
function decodeQp(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Issue 18 item 3: digests by e-mail through an SMTP server that requires STARTTLS (self-signed certificate). */
describe('e-mail over STARTTLS', () => {
  let smtp: SMTPServer;
  let port = 0;
  const arrived: { to: string; secure: boolean; raw: string }[] = [];
  const refusedPlain: string[] = [];

  // A real digest, rendered as the weekly run renders it.
  const [digest] = buildOwnerDigests({
    today: '2026-12-07',
    people: [{ id: 'alice', name: 'Alice', status: 'active' }],
    planItems: [
      {
        key: 'req:R1:2026-12-10',
        kind: 'evidence',
        requirementId: 'r',
        requirementCode: 'R1',
        controlId: 'c',
        controlCode: 'C-1',
        dueOn: '2026-12-10',
        ownerId: 'alice',
        doneOn: null,
        doneBy: null,
      },
    ],
    rejected: [],
    findings: [],
    addressed: [],
  });
  const rendered = renderOwnerDigest(digest!, 'https://ar.example/o/acme');
  const message: MailMessage = {
    from: 'auditready@ar.example',
    to: 'alice@ar.example',
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
  };

  beforeAll(async () => {
    smtp = new SMTPServer({
      secure: false,
      key: readFileSync(path.join(TLS_DIR, 'smtp-test.key.pem')),
      cert: readFileSync(CERT_FILE),
      authOptional: true,
      disabledCommands: ['AUTH'],
      logger: false,
      // The server requires STARTTLS: no mail is accepted on a plaintext session.
      onMailFrom(address, session, callback) {
        if (!session.secure) {
          refusedPlain.push(address.address);
          const err = new Error('Must issue a STARTTLS command first') as Error & { responseCode: number };
          err.responseCode = 530;
          return callback(err);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          for (const rcpt of session.envelope.rcptTo)
            arrived.push({
              to: rcpt.address,
              secure: session.secure,
              raw: decodeQp(Buffer.concat(chunks).toString('utf8')),
            });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('refuses a self-signed certificate by default, and sends nothing in plaintext', async () => {
    await expect(sendMail(`smtp://127.0.0.1:${port}`, message, smtpTlsFromEnv({}))).rejects.toThrow(
      /e-mail to alice@ar\.example through 127\.0\.0\.1:\d+ failed: .*(self[- ]signed|certificate)/i,
    );
    expect(arrived).toEqual([]);
    // A client that skips STARTTLS is refused by the server.
    await expect(sendMail(`smtp://127.0.0.1:${port}?ignoreTLS=true`, message)).rejects.toThrow(/STARTTLS/);
    expect(refusedPlain).toEqual(['auditready@ar.example']);
    expect(arrived).toEqual([]);
  });

  it(`delivers the digest over the upgraded connection with ${SMTP_TLS_REJECT_UNAUTHORIZED_ENV}=false`, async () => {
    const tls = smtpTlsFromEnv({ [SMTP_TLS_REJECT_UNAUTHORIZED_ENV]: 'false' });
    expect(tls).toEqual({ rejectUnauthorized: false });
    await sendMail(`smtp://127.0.0.1:${port}?requireTLS=true`, message, tls);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.to).toBe('alice@ar.example');
    expect(arrived[0]!.secure).toBe(true);
    expect(arrived[0]!.raw).toContain(`Subject: ${rendered.subject}`);
    expect(arrived[0]!.raw).toContain(
      'Evidence R1 for C-1 (due 2026-12-10) <https://ar.example/o/acme/controls/C-1>',
    );
  });

  it(`verifies against the certificate of ${SMTP_TLS_CA_FILE_ENV} (verification stays on)`, async () => {
    const tls = smtpTlsFromEnv({ [SMTP_TLS_CA_FILE_ENV]: CERT_FILE });
    expect(tls.rejectUnauthorized).toBe(true);
    await sendMail(`smtp://localhost:${port}?requireTLS=true`, message, tls);
    expect(arrived).toHaveLength(2);
    expect(arrived[1]!.secure).toBe(true);
  });

  it('names the variable of a bad TLS setting', () => {
    expect(() => smtpTlsFromEnv({ [SMTP_TLS_REJECT_UNAUTHORIZED_ENV]: 'no' })).toThrow(
      `${SMTP_TLS_REJECT_UNAUTHORIZED_ENV} is true or false`,
    );
    expect(() => smtpTlsFromEnv({ [SMTP_TLS_CA_FILE_ENV]: path.join(TLS_DIR, 'missing.pem') })).toThrow(
      /AUDITREADY_SMTP_TLS_CA_FILE: .*missing\.pem cannot be read \(ENOENT\)/,
    );
    expect(() => smtpTlsFromEnv({ [SMTP_TLS_CA_FILE_ENV]: path.join(TLS_DIR, 'README.md') })).toThrow(
      /holds no PEM certificate/,
    );
  });
});
