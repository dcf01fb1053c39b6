import { describe, expect, it } from 'vitest';
import * as ar from '../../src/i18n/ar';
import * as de from '../../src/i18n/de';
import * as en from '../../src/i18n/en';
import * as es from '../../src/i18n/es';
import * as fr from '../../src/i18n/fr';
import { loadTranslation, LOCALES, matchLocale, resolveLocale } from '../../src/i18n/locale';
import * as ptBR from '../../src/i18n/pt-br';

const translations = { de, fr, es, 'pt-BR': ptBR, ar };

/** Every string of a table, functions called with sample arguments. */
function texts(table: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(table).map(([key, value]) => [
      key,
      typeof value === 'function' ? (value as (...a: unknown[]) => string)('Ada', 'a@b.example') : String(value),
    ]),
  );
}

describe('translations', () => {
  it('cover every locale the contract names', () => {
    expect([...LOCALES].sort()).toEqual(['en', ...Object.keys(translations)].sort());
  });

  for (const [locale, t] of Object.entries(translations)) {
    it(`${locale} has exactly the English keys, each of the same kind`, () => {
      for (const part of ['launcher', 'panel'] as const) {
        expect(Object.keys(t[part]).sort(), part).toEqual(Object.keys(en[part]).sort());
        for (const [key, value] of Object.entries(en[part])) {
          const theirs = (t[part] as Record<string, unknown>)[key];
          expect(typeof theirs, key).toBe(typeof value);
          if (typeof value === 'function') expect((theirs as () => string).length, key).toBe(value.length);
        }
      }
    });

    it(`${locale} is translated: non-empty, mostly unlike English, arguments kept`, () => {
      const mine = texts(t.panel);
      const english = texts(en.panel);
      for (const [key, text] of Object.entries(mine)) expect(text.trim(), key).not.toBe('');
      const same = Object.keys(mine).filter((key) => mine[key] === english[key]);
      // "Chat", "Message(s)", "Support" and the like may be the same word.
      expect(same.length, same.join(', ')).toBeLessThanOrEqual(4);
      expect(mine.typing).toContain('Ada');
      expect(mine.newMessage).toContain('Ada');
      expect(mine.newMessage).toContain('a@b.example');
      expect(t.panel.emailSaved('a@b.example')).toContain('a@b.example');
    });
  }
});

describe('plurals', () => {
  it('counts unread messages in each language’s own forms', () => {
    expect([1, 2, 5].map(en.launcher.openWithUnread)).toEqual([
      'Open chat, 1 unread message',
      'Open chat, 2 unread messages',
      'Open chat, 5 unread messages',
    ]);
    expect([1, 2].map(de.launcher.openWithUnread)).toEqual([
      'Chat öffnen, 1 ungelesene Nachricht',
      'Chat öffnen, 2 ungelesene Nachrichten',
    ]);
    expect([1, 2].map(fr.launcher.openWithUnread)).toEqual([
      'Ouvrir le chat, 1 message non lu',
      'Ouvrir le chat, 2 messages non lus',
    ]);
    expect([1, 2].map(es.launcher.openWithUnread)).toEqual([
      'Abrir chat, 1 mensaje sin leer',
      'Abrir chat, 2 mensajes sin leer',
    ]);
    expect([1, 2].map(ptBR.launcher.openWithUnread)).toEqual([
      'Abrir chat, 1 mensagem não lida',
      'Abrir chat, 2 mensagens não lidas',
    ]);
  });

  it('uses the Arabic dual and the few/many forms, after an Arabic comma', () => {
    const unread = (n: number) => ar.launcher.openWithUnread(n).replace('فتح الدردشة، ', '');
    expect(ar.launcher.openWithUnread(1)).toBe('فتح الدردشة، رسالة واحدة غير مقروءة');
    expect(unread(2)).toBe('رسالتان غير مقروءتين');
    expect(unread(3)).toBe('3 رسائل غير مقروءة');
    expect(unread(10)).toBe('10 رسائل غير مقروءة');
    expect(unread(11)).toBe('11 رسالة غير مقروءة');
    expect(unread(100)).toBe('100 رسالة غير مقروءة');
  });
});

describe('choosing the locale', () => {
  it('matches a tag exactly, then by language', () => {
    expect(matchLocale('pt-BR')).toBe('pt-BR');
    expect(matchLocale('pt-br')).toBe('pt-BR');
    expect(matchLocale('pt-PT')).toBe('pt-BR');
    expect(matchLocale('de-AT')).toBe('de');
    expect(matchLocale('AR-eg')).toBe('ar');
    expect(matchLocale('nl')).toBeUndefined();
    expect(matchLocale('')).toBeUndefined();
  });

  it('follows the browser’s first supported language when the website says auto', () => {
    expect(resolveLocale({ website: 'auto', browser: ['nl-NL', 'fr-CA', 'de'] })).toBe('fr');
    expect(resolveLocale({ browser: ['es-MX'] })).toBe('es');
    expect(resolveLocale({ website: null, browser: ['ja', 'ko'] })).toBe('en');
  });

  it('takes the website’s locale over the browser’s, and the page’s lang on the element over both', () => {
    expect(resolveLocale({ website: 'ar', browser: ['de'] })).toBe('ar');
    expect(resolveLocale({ website: 'pt-BR', browser: ['en-US'] })).toBe('pt-BR');
    expect(resolveLocale({ attribute: 'de', website: 'ar', browser: ['fr'] })).toBe('de');
    // An attribute or setting the widget cannot speak falls through.
    expect(resolveLocale({ attribute: 'nl', website: 'it', browser: ['es'] })).toBe('es');
  });
});

describe('loadTranslation', () => {
  it('has English at hand, with the loader’s own launcher names', async () => {
    expect(await loadTranslation('en')).toEqual({ locale: 'en', dir: 'ltr', panel: en.panel });
  });

  it('loads another language with its launcher names, right to left for Arabic', async () => {
    expect(await loadTranslation('de')).toEqual({ locale: 'de', dir: 'ltr', launcher: de.launcher, panel: de.panel });
    expect(await loadTranslation('ar')).toMatchObject({ locale: 'ar', dir: 'rtl', panel: ar.panel });
  });
});
