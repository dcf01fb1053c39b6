import { highlightsOf, prefixPattern } from './search-text';

describe('search text', () => {
  it('turns a marked headline into plain text and code point ranges', () => {
    const { snippet, highlights } = highlightsOf(
      'I want a \u0001refund\u0002 for the \u0001refunds\u0002 😀 \u0001ok\u0002',
    );
    expect(snippet).toBe('I want a refund for the refunds 😀 ok');
    const chars = Array.from(snippet);
    expect(highlights.map(([s, e]) => chars.slice(s, e).join(''))).toEqual(['refund', 'refunds', 'ok']);
  });

  it('keeps HTML in a body as text', () => {
    expect(highlightsOf('<b>\u0001bold\u0002</b>').snippet).toBe('<b>bold</b>');
  });

  it('takes LIKE wildcards literally in a prefix', () => {
    expect(prefixPattern('Ann_%\\')).toBe('ann\\_\\%\\\\%');
  });
});
