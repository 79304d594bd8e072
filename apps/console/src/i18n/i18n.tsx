import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { codeLabel, names, type CodeList, type NamedCodes, type Option } from './codes';
import { en, type MessageKey, type Messages } from './en';

/**
 * The console's languages. English is bundled (the reference and every message's fallback); the others are lazy
 * chunks, loaded when chosen (`loadLocale`), so a first visit downloads one catalogue, not four. `t()` stays
 * synchronous: the page switches language once the chosen catalogue is in memory.
 */
export const LOCALES = {
  en: { name: 'English', dir: 'ltr', load: async (): Promise<Messages> => en },
  fr: { name: 'Français', dir: 'ltr', load: async (): Promise<Messages> => (await import('./fr')).fr },
  es: { name: 'Español', dir: 'ltr', load: async (): Promise<Messages> => (await import('./es')).es },
  ar: { name: 'العربية', dir: 'rtl', load: async (): Promise<Messages> => (await import('./ar')).ar },
} as const;
export type Locale = keyof typeof LOCALES;

const loaded = new Map<Locale, Messages>([['en', en]]);

/** The catalogue of `locale`, fetched once (its chunk); English when it cannot be loaded (offline, a stale build). */
export async function loadLocale(locale: Locale): Promise<Messages> {
  const known = loaded.get(locale);
  if (known) return known;
  try {
    const messages = await LOCALES[locale].load();
    loaded.set(locale, messages);
    return messages;
  } catch {
    return en;
  }
}

const STORAGE_KEY = 'wco.console.locale';
const isLocale = (value: unknown): value is Locale => typeof value === 'string' && value in LOCALES;

/** `{name}` placeholders filled from params; a missing one stays visible rather than silently empty. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  date(value: string | number | Date, withTime?: boolean): string;
  number(value: number): string;
  money(amount: number, currency: string): string;
  /** A value of one of the platform's code lists (`codes.ts`) in this language; an unknown value is its own code. */
  code(list: CodeList, value: string | number | null | undefined): string;
  /** Country, currency and language names from the browser's CLDR data (`Intl.DisplayNames`); unknown: the code. */
  country(code: string): string;
  /** "France (FR)": the country's name with its code, for an officer who works with the codes. */
  countryLabel(code: string): string;
  currency(code: string): string;
  language(code: string): string;
  /** A select's options for countries, currencies or languages, in this language's order (`Intl.Collator`). */
  named(kind: NamedCodes, codes: readonly (string | number)[]): Option[];
}

/** The language the console opens in: the one chosen before (kept), else the browser's, else English. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  const browser = navigator.language.slice(0, 2);
  return isLocale(browser) ? browser : 'en';
}

const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  // The language shown: only one whose catalogue is loaded (main.tsx loads the first one before the first render).
  const [locale, setLocaleState] = useState<Locale>(() => {
    const first = initialLocale();
    return loaded.has(first) ? first : 'en';
  });
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = LOCALES[locale].dir;
    document.title = (loaded.get(locale) ?? en)['app.title'];
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const messages = loaded.get(locale) ?? en;
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
    const numberFormat = new Intl.NumberFormat(locale);
    const localNames = names(locale);
    return {
      locale,
      setLocale(next) {
        localStorage.setItem(STORAGE_KEY, next);
        // Shown once its catalogue has loaded (at once when it already has); English if it cannot be.
        void loadLocale(next).then(() => setLocaleState(loaded.has(next) ? next : 'en'));
      },
      // A message missing at run time (a key typed from an API value) reads in English, else as its key: never a crash.
      t: (key, params) => format(messages[key] ?? en[key] ?? String(key), params),
      date: (value, withTime = false) => (withTime ? dateTimeFormat : dateFormat).format(new Date(value)),
      number: (value) => numberFormat.format(value),
      money: (amount, currency) => {
        try {
          return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
        } catch {
          // Not an ISO 4217 code (RangeError): the amount, then the code as the API gave it.
          return `${numberFormat.format(amount)} ${currency}`;
        }
      },
      code: (list, value) => codeLabel(messages, list, value),
      country: localNames.country,
      countryLabel: localNames.countryLabel,
      currency: localNames.currency,
      language: localNames.language,
      named: localNames.options,
    };
  }, [locale]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
