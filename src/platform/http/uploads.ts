import { PassThrough, type Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { safeFileName } from '../files/safe-file-name.js';
import type { RouteError } from './errors.js';

/** An uploaded file as a stream (never buffered whole) with a safe base name and the fields sent before it. */
export interface Upload {
  fileName: string;
  input: Readable;
  /** The media type the client declared for the file part. */
  mediaType: string;
  /** The form fields that came before the file part. */
  fields: Record<string, string>;
}

export interface UploadOptions {
  /** The name used when the client sends none (or only unsafe characters), from the fields sent before it. */
  fallbackName: string | ((fields: Record<string, string>) => string);
  /** The largest file accepted, in bytes; without it the server's multipart limit applies. */
  maxBytes?: number;
  /** What the route expects, for the error that answers a request of another kind. */
  expects?: string;
}

/** The errors {@link withUpload} answers an upload route with (the OpenAPI document lists them). */
export const UPLOAD_ERRORS: ReadonlyArray<RouteError> = [
  { code: 'unsupported_media_type', reason: 'the request is not multipart/form-data' },
  { code: 'invalid_input', reason: 'no file part named "file"' },
  { code: 'payload_too_large', reason: 'the file is larger than the upload limit (nothing is stored)' },
];

/**
 * Streams the multipart file part (named `file`) of a request into `fn`,
 * with the fields that precede it. The size limit is enforced while
 * streaming: the byte past it makes the stream `fn` reads fail (a stream
 * merely cut at the limit would read as a complete, shorter file), so an
 * all-or-nothing `fn` stores nothing, and the request is refused with 413.
 */
export async function withUpload<T>(
  request: FastifyRequest,
  options: UploadOptions,
  fn: (upload: Upload) => Promise<T>,
): Promise<T> {
  const expects = options.expects ?? 'the file as multipart/form-data in the part "file"';
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', `send ${expects}`);
  const limits = options.maxBytes === undefined ? {} : { limits: { fileSize: options.maxBytes } };
  const fields: Record<string, string> = {};
  for await (const part of request.parts(limits)) {
    if (part.type === 'field') {
      const value = String(part.value);
      if (value.includes('\u0000') || part.fieldname.includes('\u0000'))
        throw new AppError(
          'invalid_input',
          `${part.fieldname.replaceAll('\u0000', '')}: contains the NUL character (U+0000)`,
        );
      fields[part.fieldname] = value;
      continue;
    }
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw new AppError('invalid_input', 'the file part must be named "file"');
    }
    const fallback =
      typeof options.fallbackName === 'function' ? options.fallbackName(fields) : options.fallbackName;
    const tooLarge = () =>
      new AppError(
        'payload_too_large',
        options.maxBytes === undefined
          ? 'the file is larger than the upload limit'
          : `the file is larger than the upload limit of ${options.maxBytes} bytes`,
      );
    const input = new PassThrough();
    // `fn` may stop reading (or never start) before the limit is met: the error then has no reader but this.
    input.on('error', () => {});
    // The parser may have met the limit already (the whole body arrived before this part was handed on).
    if (part.file.truncated) input.destroy(tooLarge());
    else part.file.once('limit', () => input.destroy(tooLarge()));
    part.file.pipe(input);
    try {
      const result = await fn({
        fileName: safeFileName(part.filename, fallback),
        input,
        mediaType: part.mimetype,
        fields,
      });
      if (part.file.truncated) throw tooLarge();
      return result;
    } catch (err) {
      if (part.file.truncated) throw tooLarge();
      throw err;
    } finally {
      part.file.unpipe(input);
      part.file.resume();
    }
  }
  throw new AppError('invalid_input', `no "file" part: send ${expects}`);
}
