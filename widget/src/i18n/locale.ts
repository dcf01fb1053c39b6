// Which language the chat speaks, and loading its strings. English is part of
// the chat chunk; every other language is a chunk of its own, fetched only
// when chosen.
import { panel as english, type LauncherStrings, type PanelStrings } from './en';

export const LOCALES = ['en', 'de', 'fr', 'es', 'pt-BR', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Translation {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  /** Absent for English: the loader already has it. */
  launcher?: LauncherStrings;
  panel: PanelStrings;
}

/** A supported locale for a language tag: the exact one, else by language ("pt-PT" → pt-BR, "de-AT" → de). */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const wanted = tag.toLowerCase();
  const language = wanted.split('-')[0];
  return LOCALES.find((l) => l.toLowerCase() === wanted) ?? LOCALES.find((l) => l.split('-')[0] === language);
}

export interface LocaleChoice {
  /** The element's own `lang` attribute: the page placed the widget in that language. */
  attribute?: string | null;
  /** The website's `locale` setting; "auto" (or absent) follows the browser. */
  website?: string | null;
  /** `navigator.languages`, most preferred first. */
  browser: readonly string[];
}

/** The page's `lang` on the element, else the website's setting, else the browser's first supported language, else English. */
export function resolveLocale({ attribute, website, browser }: LocaleChoice): Locale {
  const fromWebsite = website && website !== 'auto' ? matchLocale(website) : undefined;
  return matchLocale(attribute) ?? fromWebsite ?? browser.map(matchLocale).find(Boolean) ?? 'en';
}

export function browserLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ launcher: LauncherStrings; panel: PanelStrings }>> = {
  de: () => import('./de'),
  fr: () => import('./fr'),
  es: () => import('./es'),
  'pt-BR': () => import('./pt-br'),
  ar: () => import('./ar'),
};

const loaded = new Map<Locale, Promise<Translation>>();

/** The strings of `locale`; English when its chunk cannot be fetched (the next call tries again). */
export function loadTranslation(locale: Locale): Promise<Translation> {
  if (locale === 'en') return Promise.resolve({ locale, dir: 'ltr', panel: english });
  let translation = loaded.get(locale);
  if (!translation) {
    translation = loaders[locale]().then(
      ({ launcher, panel }): Translation => ({ locale, dir: locale === 'ar' ? 'rtl' : 'ltr', launcher, panel }),
      (): Translation => {
        loaded.delete(locale);
        return { locale: 'en', dir: 'ltr', panel: english };
      },
    );
    loaded.set(locale, translation);
  }
  return translation;
}
