import { ApiError } from '../core/api/api-error';
import { Attachment } from '../core/api/api.models';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** The server's limit when it does not say otherwise (`ATTACHMENT_MAX_BYTES`' default). */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const MB = 1024 * 1024;

/** What may be attached, in words, as the server judges it by the file's content. */
export const ALLOWED_TYPES_TEXT = 'images (PNG, JPEG, GIF, WebP), PDF and plain text';
/** The `accept` of the file input: a hint for the picker; the server has the last word. */
export const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain';

/** Only types the server serves inline are shown as pictures. */
export function isImage(attachment: Pick<Attachment, 'type'>): boolean {
  return IMAGE_TYPES.has(attachment.type);
}

/** A size as people read it: "512 B", "3.4 KB", "12 MB". */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${units[unit]}`;
}

/** The server's "Files may be up to N bytes", as whole megabytes. */
function limitInMb(message: string): number {
  const bytes = Number(/up to (\d+) bytes/.exec(message)?.[1] ?? DEFAULT_MAX_BYTES);
  return Math.max(1, Math.round(bytes / MB));
}

/** Why an upload was refused, in words the agent can act on. */
export function uploadErrorText(error: ApiError): string {
  switch (error.code) {
    case 'PAYLOAD_TOO_LARGE':
      return `File is larger than ${limitInMb(error.message)} MB.`;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return `This type of file cannot be attached. Allowed: ${ALLOWED_TYPES_TEXT}.`;
    default:
      return error.message;
  }
}
