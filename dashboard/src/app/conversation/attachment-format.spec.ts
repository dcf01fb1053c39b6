import { ApiError } from '../core/api/api-error';
import { humanSize, isImage, uploadErrorText } from './attachment-format';

describe('attachment format', () => {
  it('writes sizes as people read them', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(1023)).toBe('1023 B');
    expect(humanSize(1536)).toBe('1.5 KB');
    expect(humanSize(200 * 1024)).toBe('200 KB');
    expect(humanSize(10 * 1024 * 1024)).toBe('10 MB');
  });

  it('shows only the types served inline as pictures', () => {
    expect(isImage({ type: 'image/png' })).toBe(true);
    expect(isImage({ type: 'image/webp' })).toBe(true);
    expect(isImage({ type: 'image/svg+xml' })).toBe(false);
    expect(isImage({ type: 'application/pdf' })).toBe(false);
  });

  it('turns the server’s refusals into words with the limit and the allowed types', () => {
    const tooBig = new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Files may be up to 5242880 bytes');
    expect(uploadErrorText(tooBig)).toBe('File is larger than 5 MB.');
    const noLimit = new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Request Entity Too Large');
    expect(uploadErrorText(noLimit)).toBe('File is larger than 10 MB.');
    const wrongType = new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'nope');
    expect(uploadErrorText(wrongType)).toBe(
      'This type of file cannot be attached. Allowed: images (PNG, JPEG, GIF, WebP), PDF and plain text.',
    );
    expect(uploadErrorText(new ApiError(404, 'NOT_FOUND', 'Conversation not found'))).toBe(
      'Conversation not found',
    );
  });
});
