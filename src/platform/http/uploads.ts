import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { safeFileName } from '../files/safe-file-name.js';

/** An uploaded file as a stream (never buffered whole) with a safe base name. */
export interface Upload {
  fileName: string;
  input: Readable;
}

/**
 * Streams the multipart file of a request into `fn`. The size limit is
 * enforced while streaming; a file over it is refused with 413, and since
 * imports validate everything before writing, nothing is stored.
 */
export async function withUpload<T>(
  request: FastifyRequest,
  fallbackName: string,
  fn: (upload: Upload) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'send the file as multipart/form-data in the field "file"');
  }
  const part = await request.file();
  if (part?.fieldname !== 'file') {
    throw new AppError('invalid_input', 'send the file as multipart/form-data in the field "file"');
  }
  try {
    return await fn({ fileName: safeFileName(part.filename, fallbackName), input: part.file });
  } catch (err) {
    if (part.file.truncated)
      throw new AppError('payload_too_large', 'the file is larger than the upload limit');
    throw err;
  } finally {
    part.file.resume();
  }
}
