import { describe, expect, it } from 'vitest';
import { pageContext } from '../../src/page-context';

describe('pageContext', () => {
  it('gives the page’s URL and trimmed title', () => {
    expect(pageContext('https://shop.example/a?b=1#c', '  Checkout – Shop \n')).toEqual({
      pageUrl: 'https://shop.example/a?b=1#c',
      pageTitle: 'Checkout – Shop',
    });
  });

  it('sends no URL for a page that is not http(s), and no empty title', () => {
    expect(pageContext('file:///home/me/page.html', '   ')).toEqual({});
    expect(pageContext('about:srcdoc', '')).toEqual({});
  });

  it('cuts the URL to 2048 and the title to 300 characters, never inside one', () => {
    const url = pageContext('https://shop.example/?q=' + 'x'.repeat(3000), '').pageUrl!;
    expect(url).toHaveLength(2048);
    const title = pageContext('https://a.example/', '😀'.repeat(400)).pageTitle!;
    expect([...title]).toHaveLength(300);
    expect(title).toBe('😀'.repeat(300));
  });

  it('drops what the API refuses: lone surrogates and control characters, NFC-normalised', () => {
    const { pageTitle } = pageContext('https://a.example/', 'Caf\u0065\u0301\u0000 \uD800menu\u0007\tplan\uDC00');
    expect(pageTitle).toBe('Caf\u00e9  menu \tplan');
  });
});
