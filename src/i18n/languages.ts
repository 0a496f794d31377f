/**
 * The languages the service writes, and which one a request gets: the body's `lang`, else the best
 * match in Accept-Language (q-values honoured), else English. Matching follows CLDR's language
 * distances (@formatjs/intl-localematcher): de-AT gets German, pt and pt-PT Brazilian Portuguese,
 * zh-CN and zh-SG Simplified Chinese; a language not served (zh-TW, Traditional Chinese, among them)
 * falls through to the next one asked for, and finally to English.
 */
import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';

export const LANGUAGES = ['en', 'de', 'es', 'fr', 'pt-BR', 'zh-Hans'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

const matched = new Map<string, Language>();

/** The served language closest to the ones asked for, in order of preference (English if none is close). */
export function matchLanguage(requested: readonly string[]): Language {
  const key = requested.join(',');
  let language = matched.get(key);
  if (language === undefined) {
    const tags = requested.filter(isWellFormed);
    language = tags.length === 0 ? DEFAULT_LANGUAGE : (match(tags, [...LANGUAGES], DEFAULT_LANGUAGE, { algorithm: 'best fit' }) as Language);
    // Bounded: clients send few distinct headers, but a hostile one could send endless new ones.
    if (matched.size > 1000) matched.clear();
    matched.set(key, language);
  }
  return language;
}

/** The languages of an Accept-Language header, most preferred first (q=0 and * left out). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (header === undefined || header.trim() === '') return [];
  return new Negotiator({ headers: { 'accept-language': header.slice(0, 1000) } }).languages().filter((tag) => tag !== '*');
}

/** The language of a request: its body's `lang` if it has one, else its Accept-Language header. */
export function requestLanguage(lang: string | undefined, acceptLanguage: string | undefined): Language {
  if (lang !== undefined) return matchLanguage([lang]);
  return matchLanguage(acceptedLanguages(acceptLanguage));
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** A BCP 47 tag Intl accepts (so matching never throws on what a client sent). */
export function isWellFormed(tag: string): boolean {
  if (tag.length > 64) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
