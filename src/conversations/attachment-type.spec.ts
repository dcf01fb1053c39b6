import { cleanFileName, sniffType } from './attachment-type';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('sniffType', () => {
  it('knows the allowed kinds by their first bytes', () => {
    expect(sniffType(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0]))).toBe('image/png');
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffType(bytes('GIF89a...'))).toBe('image/gif');
    expect(sniffType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(Buffer.from('héllo\tworld\r\n🙂'))).toBe('text/plain');
  });

  it('refuses everything else, whatever it is called', () => {
    expect(sniffType(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toBeNull();
    expect(sniffType(bytes([0x50, 0x4b, 0x03, 0x04]))).toBeNull(); // zip
    expect(sniffType(bytes([0x7f], 'ELF'))).toBeNull();
    expect(sniffType(bytes([0xc3, 0x28]))).toBeNull(); // broken UTF-8
    expect(sniffType(bytes('a\u0000b'))).toBeNull();
    expect(sniffType(new Uint8Array())).toBeNull();
  });

  it('refuses text a browser would sniff as markup: HTML, SVG, XML', () => {
    for (const markup of [
      '<!doctype html><script>alert(1)</script>',
      '\n  <HTML><body>hi</body></HTML>',
      '<script>alert(1)</script>',
      '<iframe src="https://example.com">',
      '<svg onload="alert(1)"/>',
      '<!-- hidden -->',
      '<?xml version="1.0"?><x/>',
      '<a href="javascript:alert(1)">x</a>',
    ]) {
      expect(sniffType(Buffer.from(markup))).toBeNull();
    }
    // Text that merely mentions markup is still text.
    expect(sniffType(Buffer.from('Use <b> for bold.\n<html> starts a page.'))).toBe('text/plain');
    expect(sniffType(Buffer.from('<3 thanks'))).toBe('text/plain');
  });
});

describe('cleanFileName', () => {
  it('keeps the last path part, without control or format characters, NFC, bounded', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\a\\shot.png')).toBe('shot.png');
    expect(cleanFileName('re\u202Egnp.exe')).toBe('regnp.exe');
    expect(cleanFileName('e\u0301.txt')).toBe('\u00e9.txt');
    expect([...cleanFileName('😀'.repeat(300))]).toHaveLength(200);
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName('..')).toBe('file');
    expect(cleanFileName(undefined)).toBe('file');
  });
});
