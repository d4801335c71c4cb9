/**
 * Sending a weekly run's stored digests (docs/decisions/0025): each to the
 * channels its person chose (e-mail, webhook, both), the lead's summary to
 * the organization's webhook once per run whatever the lead's own channel.
 * Each digest's delivery outcome is written back on it with a ledger entry,
 * so a retried finish sends only what has not gone yet.
 */
import { renderLeadDigest, renderOwnerDigest } from '../../core/digests/render.js';
import type { DigestContent } from '../../core/digests/schema.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { Database } from '../../platform/db/database.js';
import { write } from '../../platform/ledger/ledger.js';
import {
  MAIL_FROM_ENV,
  SMTP_URL_ENV,
  type SmtpTlsOptions,
  sendMail,
  smtpTlsFromEnv,
} from '../../platform/notify/mail.js';
import { postWebhook } from '../../platform/notify/webhook.js';
import { listDigestsOfRun, updateDigestDelivery } from './cadence.repository.js';
import { cadenceSecretContext, type cadenceSettingsRow } from './cadence.service.js';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Sends the run's digests not sent yet; counts the deliveries made and failed. */
export async function deliverDigests(
  deps: { database: Database; secretBox: SecretBox | null },
  env: NodeJS.ProcessEnv,
  actor: Actor,
  run: {
    orgId: string;
    runId: string;
    settings: Awaited<ReturnType<typeof cadenceSettingsRow>>;
    /** The links' base: the public URL and the organization. */
    base: string;
    emailOf: (personId: string) => string;
  },
): Promise<{ sent: number; failed: number }> {
  const { database } = deps;
  const { orgId, runId, settings, base } = run;
  const smtpUrl = settings.smtp_url
    ? deps.secretBox?.open(settings.smtp_url, cadenceSecretContext(orgId, 'smtp'))
    : env[SMTP_URL_ENV];
  const webhookUrl =
    settings.webhook_url && deps.secretBox
      ? deps.secretBox.open(settings.webhook_url, cadenceSecretContext(orgId, 'webhook'))
      : null;
  const from = settings.mail_from ?? env[MAIL_FROM_ENV] ?? 'auditready@localhost';
  // A bad TLS setting fails each e-mail delivery with its reason (the webhook still goes).
  let tls: SmtpTlsOptions | Error;
  try {
    tls = smtpTlsFromEnv(env);
  } catch (err) {
    tls = err as Error;
  }
  let sent = 0;
  let failed = 0;
  let leadPosted = false;
  for (const d of await listDigestsOfRun(database.db, runId)) {
    const delivery = JSON.parse(d.delivery) as Record<string, string>;
    const content = JSON.parse(d.content) as DigestContent;
    const rendered =
      content.kind === 'owner' ? renderOwnerDigest(content, base) : renderLeadDigest(content, base);
    const channels = new Set(JSON.parse(d.channels) as string[]);
    // The lead's summary goes to the organization's webhook once per run, whatever the lead's own channel.
    if (content.kind === 'lead' && !leadPosted) {
      channels.add('webhook');
      leadPosted = true;
    }
    for (const channel of channels) {
      if (delivery[channel] === 'sent') continue;
      try {
        if (channel === 'email') {
          if (!smtpUrl) throw new Error('no SMTP server configured');
          if (tls instanceof Error) throw tls;
          await sendMail(
            smtpUrl,
            {
              from,
              to: run.emailOf(d.person_id),
              subject: rendered.subject,
              text: rendered.text,
              html: rendered.html,
            },
            tls,
          );
        } else {
          if (!webhookUrl) throw new Error('no webhook configured');
          await postWebhook(webhookUrl, rendered.webhook);
        }
        delivery[channel] = 'sent';
        sent += 1;
      } catch (err) {
        delivery[channel] = errorText(err);
        failed += 1;
      }
    }
    await write(database, { actor, orgId }, async (w) => {
      await updateDigestDelivery(w.tx, d.id, JSON.stringify(delivery));
      w.record({
        action: 'send',
        recordType: 'digest',
        recordId: d.id,
        change: { kind: d.kind, person: d.person_id, delivery },
      });
    });
  }
  return { sent, failed };
}
