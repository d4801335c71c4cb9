/** RFC 6266/5987 `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name. */
export function attachmentDisposition(fileName: string): string {
  return disposition('attachment', fileName);
}

/** RFC 6266/5987 `Content-Disposition` of either kind, with an ASCII fallback and the UTF-8 name. */
function disposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Media types a browser may show in its own tab: documents and images it renders without running
 * anything of the file's. HTML, SVG (scriptable), XML and everything else are never among them.
 */
const INLINE_MEDIA: Readonly<Record<string, string>> = {
  'application/pdf': 'application/pdf',
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'text/plain': 'text/plain; charset=utf-8',
  'text/csv': 'text/csv; charset=utf-8',
  'application/json': 'application/json; charset=utf-8',
};

/** The inline type of a file whose upload declared no useful type, by its name's extension. */
const INLINE_BY_EXTENSION: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
};

/** Declared types that say nothing about the content: the name's extension decides then. */
const GENERIC_MEDIA = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** How a stored file is sent back: its Content-Type and Content-Disposition. */
export interface FileDelivery {
  contentType: string;
  contentDisposition: string;
  inline: boolean;
}

/**
 * Inline (opens in the browser's tab) for PDF, PNG/JPEG/GIF/WebP, plain text, CSV and JSON, sent with
 * their own safe type; everything else (HTML, SVG, archives, office files, unknown) as an attachment of
 * type application/octet-stream, so a browser never renders it. The declared type decides; a generic
 * one (octet-stream or none) falls back to the name's extension. Pair with `X-Content-Type-Options:
 * nosniff` so the browser keeps to the type sent.
 */
export function fileDelivery(mediaType: string | null | undefined, fileName: string): FileDelivery {
  const declared = (mediaType ?? '').split(';')[0]!.trim().toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const base = GENERIC_MEDIA.has(declared) ? INLINE_BY_EXTENSION[extension] : declared;
  const inlineType = base ? INLINE_MEDIA[base] : undefined;
  return inlineType
    ? { contentType: inlineType, contentDisposition: disposition('inline', fileName), inline: true }
    : {
        contentType: 'application/octet-stream',
        contentDisposition: disposition('attachment', fileName),
        inline: false,
      };
}
