import type { FastifyReply } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/app.js';
import { attachmentDisposition } from '../../platform/http/content-disposition.js';
import type { Evidence } from './evidence.schema.js';

/** Media types sent back as they were stored; anything else is downloaded as bytes (never rendered). */
const SAFE_MEDIA = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'application/json',
  'text/plain',
]);
/**
 * Sends the stored file of a piece of evidence as an attachment (never
 * rendered inline), its media type only when it is one of the safe ones,
 * and its hash in `X-Content-SHA256`. Every evidence download goes through it.
 */
export async function sendEvidenceContent(
  reply: FastifyReply,
  blobs: App['deps']['blobs'],
  evidence: Evidence,
) {
  if (!evidence.sha256)
    throw new AppError('not_found', `evidence ${evidence.id} is a link: it has no stored file`);
  const stream = await blobs.open(evidence.sha256);
  const media =
    evidence.mediaType && SAFE_MEDIA.has(evidence.mediaType)
      ? evidence.mediaType
      : 'application/octet-stream';
  return reply
    .type(media)
    .header('content-disposition', attachmentDisposition(evidence.fileName ?? 'evidence'))
    .header('x-content-sha256', evidence.sha256)
    .send(stream);
}
