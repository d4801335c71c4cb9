/**
 * A file name safe to store and to send back in Content-Disposition: the base
 * name only (no directories, so no traversal), no control characters or
 * characters that are special in shells and file systems, no leading dots,
 * at most 200 characters. Letters of any script are kept.
 */
export function safeFileName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .split('')
    .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 || '"<>|:*?'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || fallback;
}
