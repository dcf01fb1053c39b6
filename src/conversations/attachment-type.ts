/**
 * What a file is, judged by its bytes, never by its name or declared type: the allowlist is
 * images (PNG, JPEG, GIF, WebP), PDF and plain UTF-8 text. Anything else is refused, so nothing
 * a browser might run as HTML or script is ever stored.
 */
export type AttachmentType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'application/pdf' | 'text/plain';

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** For a look at the first bytes only: a character cut in half there is no error. */
const head = new TextDecoder('utf-8');

/** Plain text: valid UTF-8 without NUL or control characters other than tab, line feed, form feed and return. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
}

/**
 * Text a browser would take for markup if it ever sniffed it: what the WHATWG MIME sniffing
 * standard calls HTML (a known tag or a comment first, after white space), and XML or SVG.
 * Served as a plain-text download it could not run anyway; refusing it keeps it out entirely.
 */
const MARKUP =
  /^[\ufeff\t\n\f\r ]*(<!doctype html|<(html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg)[ >/\t\n\f\r]|<!--|<\?xml)/i;

export function sniffType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (bytes.length > 0 && isPlainText(bytes) && !MARKUP.test(head.decode(bytes.subarray(0, 512)))) return 'text/plain';
  return null;
}

export const isImage = (type: string) => type.startsWith('image/');

/**
 * A file name safe to show and to put in Content-Disposition: NFC, no path, no control or
 * format characters, at most 200 code points; `file` when nothing is left.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const limited = [...cleaned].slice(0, 200).join('');
  return limited === '' || limited === '.' || limited === '..' ? 'file' : limited;
}
