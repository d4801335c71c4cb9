import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { AppError } from '../errors.js';

/** The environment variable giving the SMTP server when an organization's settings name none. */
export const SMTP_URL_ENV = 'AUDITREADY_SMTP_URL';
/** The environment variable giving the sender address when the settings name none. */
export const MAIL_FROM_ENV = 'AUDITREADY_MAIL_FROM';
/**
 * `false` accepts an SMTP server's certificate that does not verify (self-signed, wrong name) on
 * STARTTLS and `smtps://`; default `true`. Prefer {@link SMTP_TLS_CA_FILE_ENV}, which keeps verifying.
 */
export const SMTP_TLS_REJECT_UNAUTHORIZED_ENV = 'AUDITREADY_SMTP_TLS_REJECT_UNAUTHORIZED';
/** A PEM file of the certificate authority (or the self-signed certificate) the SMTP server's certificate is verified against. */
export const SMTP_TLS_CA_FILE_ENV = 'AUDITREADY_SMTP_TLS_CA_FILE';

/** How the SMTP connection's TLS (STARTTLS or `smtps://`) verifies the server. */
export interface SmtpTlsOptions {
  rejectUnauthorized: boolean;
  /** PEM certificates trusted instead of the system's. */
  ca?: string;
}

/** The SMTP TLS settings of the environment; throws `invalid_input` naming the variable on a bad value. */
export function smtpTlsFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpTlsOptions {
  const reject = env[SMTP_TLS_REJECT_UNAUTHORIZED_ENV]?.trim().toLowerCase();
  if (reject !== undefined && reject !== '' && reject !== 'true' && reject !== 'false')
    throw new AppError('invalid_input', `${SMTP_TLS_REJECT_UNAUTHORIZED_ENV} is true or false`);
  const options: SmtpTlsOptions = { rejectUnauthorized: reject !== 'false' };
  const caFile = env[SMTP_TLS_CA_FILE_ENV];
  if (caFile) {
    try {
      options.ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new AppError(
        'invalid_input',
        `${SMTP_TLS_CA_FILE_ENV}: ${caFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    if (!options.ca.includes('-----BEGIN CERTIFICATE-----'))
      throw new AppError('invalid_input', `${SMTP_TLS_CA_FILE_ENV}: ${caFile} holds no PEM certificate`);
  }
  return options;
}

/** One message. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends one message through the SMTP server of the URL: `smtp://` upgrades
 * with STARTTLS whenever the server offers it (`?requireTLS=true` refuses to
 * send without), `smtps://` is TLS from the first byte; the server's
 * certificate is verified as `tls` says (default: against the system's
 * authorities). The URL may carry credentials; it is never logged, and
 * errors name the host only.
 */
export async function sendMail(
  smtpUrl: string,
  message: MailMessage,
  tls: SmtpTlsOptions = { rejectUnauthorized: true },
): Promise<void> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    tls: { rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? { ca: tls.ca } : {}) },
  });
  try {
    await transport.sendMail(message);
  } catch (err) {
    let host = 'the SMTP server';
    try {
      host = new URL(smtpUrl).host;
    } catch {}
    throw new Error(`e-mail to ${message.to} through ${host} failed: ${(err as Error).message}`);
  } finally {
    transport.close();
  }
}
