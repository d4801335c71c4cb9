import nodemailer from 'nodemailer';

/** The environment variable giving the SMTP server when an organization's settings name none. */
export const SMTP_URL_ENV = 'AUDITREADY_SMTP_URL';
/** The environment variable giving the sender address when the settings name none. */
export const MAIL_FROM_ENV = 'AUDITREADY_MAIL_FROM';

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
 * send without), `smtps://` is TLS from the first byte. The URL may carry
 * credentials; it is never logged, and errors name the host only.
 */
export async function sendMail(smtpUrl: string, message: MailMessage): Promise<void> {
  const transport = nodemailer.createTransport(smtpUrl);
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
