/**
 * Bidirectional formatting characters: the embeddings and overrides
 * U+202A–U+202E, the isolates U+2066–U+2069, and the marks U+200E, U+200F,
 * U+061C. In a file name they make `invoice‮fdp.exe` read as `invoiceexe.pdf`.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** C0 and C1 control characters and DEL, and characters special in shells and file systems. */
function isUnsafe(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 32 || (code >= 127 && code <= 159) || '"<>|:*?'.includes(ch);
}

/**
 * A file name safe to store and to send back in Content-Disposition: the base
 * name only (no directories, so no traversal), bidirectional formatting
 * characters removed (a name cannot disguise its extension), control
 * characters and characters that are special in shells and file systems
 * replaced by `_`, no leading dots, at most 200 characters. Letters of any
 * script are kept.
 */
export function safeFileName(raw: string | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .split('')
    .map((ch) => (isUnsafe(ch) ? '_' : ch))
    .join('')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || fallback;
}
