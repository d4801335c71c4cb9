import type { FastifyReply } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/app.js';
import { fileDelivery } from '../../platform/http/content-disposition.js';
import type { Evidence } from './evidence.schema.js';

/**
 * Sends the stored file of a piece of evidence: inline with its own type
 * when that type is safe to show (PDF, images, plain text, CSV, JSON),
 * else as an octet-stream attachment (HTML and SVG are never rendered;
 * `fileDelivery`, docs/decisions/0020), never sniffed, with its hash in
 * `X-Content-SHA256`. Every evidence download (members' and the auditor's) goes through it.
 */
export async function sendEvidenceContent(
  reply: FastifyReply,
  blobs: App['deps']['blobs'],
  evidence: Evidence,
) {
  if (!evidence.sha256)
    throw new AppError('not_found', `evidence ${evidence.id} is a link: it has no stored file`);
  const stream = await blobs.open(evidence.sha256);
  const delivery = fileDelivery(evidence.mediaType, evidence.fileName ?? 'evidence');
  return reply
    .type(delivery.contentType)
    .header('content-disposition', delivery.contentDisposition)
    .header('x-content-type-options', 'nosniff')
    .header('x-content-sha256', evidence.sha256)
    .send(stream);
}
