import { createContext, useContext, type ReactNode } from 'react';
import { CATALOGUES, DEFAULT_LOCALE } from './catalogues';
import type { Catalogue, MessageKey } from './en';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A translator over one catalogue; `{name}` placeholders are filled from `values`. */
export function createTranslator(catalogue: Catalogue, locale: string): Translate {
  const numbers = new Intl.NumberFormat(locale);
  return (key, values) =>
    catalogue[key].replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = values?.[name];
      return v === undefined ? `{${name}}` : typeof v === 'number' ? numbers.format(v) : v;
    });
}

const I18nContext = createContext<{ t: Translate; locale: string }>({ t: createTranslator(CATALOGUES[DEFAULT_LOCALE], DEFAULT_LOCALE), locale: DEFAULT_LOCALE });

export function I18nProvider({ locale, children }: { locale: string; children: ReactNode }) {
  const catalogue = CATALOGUES[locale] ?? CATALOGUES[DEFAULT_LOCALE];
  return <I18nContext.Provider value={{ t: createTranslator(catalogue, locale), locale }}>{children}</I18nContext.Provider>;
}

export function useT(): Translate {
  return useContext(I18nContext).t;
}

export function useLocale(): string {
  return useContext(I18nContext).locale;
}
