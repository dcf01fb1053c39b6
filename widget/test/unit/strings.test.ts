import { afterEach, describe, expect, it } from 'vitest';
import { panelStrings, pickStrings, resolveLang } from '../../src/strings';

afterEach(() => document.documentElement.removeAttribute('lang'));

describe('strings', () => {
  const table = { en: { hi: 'Hello' }, pt: { hi: 'Olá' }, 'pt-br': { hi: 'Oi' } };

  it('picks the exact tag, then the base language, then English', () => {
    expect(pickStrings(table, 'pt-BR').hi).toBe('Oi');
    expect(pickStrings(table, 'pt-PT').hi).toBe('Olá');
    expect(pickStrings(table, 'fr').hi).toBe('Hello');
    expect(pickStrings(panelStrings, 'xx').send).toBe('Send');
  });

  it('takes lang from the element, else the document, else English', () => {
    const element = document.createElement('zendo-chat');
    expect(resolveLang(element)).toBe('en');
    document.documentElement.lang = 'de';
    expect(resolveLang(element)).toBe('de');
    element.setAttribute('lang', 'pt-BR');
    expect(resolveLang(element)).toBe('pt-BR');
  });
});
