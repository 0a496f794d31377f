/**
 * The catalogues (src/messages/*.json): every key of the English one in every language and no other;
 * each message valid ICU MessageFormat whose arguments (names and kinds, read from the parsed AST)
 * are those of the English message, so the core's `{code, params}` fill every language alike; every
 * message renders in every language; and what falls back to English does.
 */
import {
  isArgumentElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isPoundElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, matchLanguage, requestLanguage, type Language } from '../../src/i18n/languages.js';
import { list, msg, type MessageParam } from '../../src/i18n/message.js';
import { CATALOGUES, renderMessage, sourceOf } from '../../src/i18n/render.js';

const english = CATALOGUES.en;
const keys = Object.keys(english);
const others = LANGUAGES.filter((language) => language !== 'en');

/**
 * What each argument of a message must be given: `text` (a plain argument: mathematics, a name,
 * another message), `number` (number format, plural or selectordinal), `select` with its options,
 * `date` or `time`. Plural categories differ between languages (Chinese has only `other`), so they
 * are not compared; select options are.
 */
function argumentsOf(elements: MessageFormatElement[], into = new Map<string, string>()): Map<string, string> {
  const add = (name: string, kind: string) => {
    const seen = into.get(name);
    // A number may be used both as a plural and as a number in one message (French agreement).
    if (seen !== undefined && seen !== kind) into.set(name, `${seen}|${kind}`);
    else into.set(name, kind);
  };
  for (const element of elements) {
    if (isArgumentElement(element)) add(element.value, 'text');
    else if (isNumberElement(element)) add(element.value, 'number');
    else if (isDateElement(element)) add(element.value, 'date');
    else if (isTimeElement(element)) add(element.value, 'time');
    else if (isPluralElement(element)) {
      add(element.value, 'number');
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    } else if (isSelectElement(element)) {
      add(element.value, `select(${Object.keys(element.options).sort().join(',')})`);
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    } else if (isTagElement(element)) argumentsOf(element.children, into);
  }
  return into;
}

function parsed(text: string): MessageFormatElement[] {
  // As the renderer reads them: tags are text ("<math>", "x < 1").
  return parse(text, { ignoreTag: true, requiresOtherClause: true, shouldParseSkeletons: true });
}

function signature(text: string): Record<string, string> {
  return Object.fromEntries([...argumentsOf(parsed(text))].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Number styles the renderer understands: a skeleton (`::…`, parsed) or a named style. Anything else
 * (a skeleton after a non-breaking space, say) is silently ignored by the formatter.
 */
function unknownNumberStyles(elements: MessageFormatElement[]): string[] {
  const found: string[] = [];
  for (const element of elements) {
    if (isNumberElement(element) && typeof element.style === 'string' && !['integer', 'percent', 'currency'].includes(element.style)) found.push(element.style);
    if (isPluralElement(element) || isSelectElement(element)) for (const option of Object.values(element.options)) found.push(...unknownNumberStyles(option.value));
    if (isTagElement(element)) found.push(...unknownNumberStyles(element.children));
  }
  return found;
}

/** A `#` outside a plural is a literal in ICU, and almost always a mistake in a catalogue. */
function poundsOutsidePlural(elements: MessageFormatElement[], inPlural = false): number {
  let count = 0;
  for (const element of elements) {
    if (isPoundElement(element) && !inPlural) count++;
    if (isPluralElement(element)) for (const option of Object.values(element.options)) count += poundsOutsidePlural(option.value, true);
    if (isSelectElement(element)) for (const option of Object.values(element.options)) count += poundsOutsidePlural(option.value, inPlural);
  }
  return count;
}

describe('every language has every message', () => {
  it.each(others)('%s has exactly the keys of English', (language) => {
    const own = Object.keys(CATALOGUES[language]);
    expect(keys.filter((key) => !own.includes(key)), `missing from ${language}`).toEqual([]);
    expect(own.filter((key) => !(key in english)), `in ${language} only`).toEqual([]);
  });

  it.each(LANGUAGES)('every %s message is valid ICU MessageFormat with an `other` in each plural and select', (language) => {
    const invalid: string[] = [];
    for (const [key, text] of Object.entries(CATALOGUES[language])) {
      try {
        const elements = parsed(text);
        if (poundsOutsidePlural(elements) > 0) invalid.push(`${key}: # outside a plural`);
        for (const style of unknownNumberStyles(elements)) invalid.push(`${key}: unknown number style ${JSON.stringify(style)}`);
      } catch (error) {
        invalid.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it.each(others)('every %s message takes the arguments of the English one, of the same kinds', (language) => {
    const differing: string[] = [];
    for (const key of keys) {
      const own = CATALOGUES[language][key];
      if (own === undefined) continue;
      const want = signature(english[key] as string);
      const got = signature(own);
      if (JSON.stringify(want) !== JSON.stringify(got)) differing.push(`${key}: English ${JSON.stringify(want)}, ${language} ${JSON.stringify(got)}`);
    }
    expect(differing).toEqual([]);
  });

  it('no message is empty, and none of another language is left as the English text where English has words', () => {
    // Separators may be a space (English between sentences) or nothing (Chinese): the others have text.
    const textual = keys.filter((key) => (english[key] as string).trim() !== '');
    for (const language of LANGUAGES) {
      for (const key of textual) expect((CATALOGUES[language][key] ?? '').trim(), `${language} ${key}`).not.toBe('');
    }
    // Pure punctuation, formulas and arguments are the same everywhere; a sentence left in English is not.
    const wordy = keys.filter((key) => /[a-z]{4,}\s+[a-z]{3,}\s+[a-z]{3,}/i.test((english[key] as string).replace(/\{[^{}]*\}/g, '')));
    for (const language of others) {
      const untranslated = wordy.filter((key) => CATALOGUES[language][key] === english[key]);
      expect(untranslated, `${language}: left in English`).toEqual([]);
    }
  });
});

/** Sample values for a message's arguments, of the kinds it takes. */
function sampleParams(text: string): Record<string, MessageParam> {
  const params: Record<string, MessageParam> = {};
  for (const [name, kind] of argumentsOf(parsed(text))) {
    if (kind.startsWith('select(')) params[name] = kind.slice(7, -1).split(',').find((option) => option !== 'other') ?? 'other';
    else if (kind.includes('number')) params[name] = 3;
    else params[name] = `⟨${name}⟩`;
  }
  return params;
}

describe('rendering', () => {
  it.each(LANGUAGES)('renders every message in %s with the arguments it takes, each text argument in it', (language) => {
    for (const key of keys) {
      const params = sampleParams(english[key] as string);
      const text = renderMessage(msg(key, params), language);
      for (const [name, value] of Object.entries(params)) {
        // A select's value chooses a branch and is not itself shown.
        if (typeof value === 'string' && value.startsWith('⟨')) expect(text, `${language} ${key} shows {${name}}`).toContain(value);
      }
    }
  });

  // renderMessage joins the pieces of a message made only of text and plain arguments itself: the same
  // text as ICU's formatter, for text and for number values, in every language.
  it.each(LANGUAGES)('renders every message in %s exactly as ICU MessageFormat does', (language) => {
    for (const key of keys) {
      const source = sourceOf(key, language);
      const format = new IntlMessageFormat(source.text, source.language, undefined, { ignoreTag: true });
      const asText = sampleParams(english[key] as string);
      const asNumbers = Object.fromEntries(Object.entries(asText).map(([name, value]) => [name, typeof value === 'string' && value.startsWith('⟨') ? -1234.5 : value]));
      for (const params of [asText, asNumbers]) {
        expect(renderMessage(msg(key, params), language), `${language} ${key}`).toBe(format.format(params as Record<string, string | number>));
      }
    }
  });

  it('refuses a message given too few values, as ICU MessageFormat does', () => {
    expect(() => renderMessage(msg('check.extra_letters', { variable: 'x' }), 'en')).toThrow(/names/);
  });

  it('formats numbers and chooses plural forms per locale', () => {
    const value = msg('number.short', { value: -1234.567 });
    expect(renderMessage(value, 'en')).toBe('-1235');
    expect(renderMessage(msg('number.short', { value: 0.4344 }), 'en')).toBe('0.4344');
    expect(renderMessage(msg('number.short', { value: 0.4344 }), 'de')).toBe('0,4344');
    expect(renderMessage(msg('number.short', { value: 0.4344 }), 'fr')).toBe('0,4344');
    expect(renderMessage(msg('number.short', { value: 0.4344 }), 'zh-Hans')).toBe('0.4344');
    expect(renderMessage(msg('request.at_least', { limit: 10000 }), 'en')).toBe('expected at least 10,000');
    expect(renderMessage(msg('request.at_least', { limit: 10000 }), 'de')).toMatch(/10\.000/);
    expect(renderMessage(msg('duration.minutes', { count: 1 }), 'en')).toBe('1 minute');
    expect(renderMessage(msg('duration.minutes', { count: 2 }), 'en')).toBe('2 minutes');
    expect(renderMessage(msg('duration.minutes', { count: 2 }), 'de')).toBe('2 Minuten');
    expect(renderMessage(msg('duration.minutes', { count: 1 }), 'de')).toBe('1 Minute');
  });

  it('joins lists the language’s way, and renders messages inside messages in the same language', () => {
    const names = list(['a', 'b', 'c'], 'and');
    const sentence = msg('check.extra_letters', { names, variable: 'x' });
    expect(renderMessage(sentence, 'en')).toBe('Your answer uses a, b and c, which the function does not (the variable is x).');
    expect(renderMessage(sentence, 'de')).toContain('a, b und c');
    expect(renderMessage(sentence, 'fr')).toContain('a, b et c');
    expect(renderMessage(msg('sentences', { sentences: list([msg('check.correct'), msg('check.correct')], 'sentence') }), 'zh-Hans')).not.toContain(' ');
  });

  it('falls back to English for a message a language lacks', () => {
    const catalogues = { ...CATALOGUES, de: { ...CATALOGUES.de } } as Record<Language, Record<string, string>>;
    delete catalogues.de['check.correct'];
    expect(sourceOf('check.correct', 'de', catalogues)).toEqual({ text: english['check.correct'], language: 'en' });
    expect(sourceOf('check.unexplained', 'de', catalogues)).toEqual({ text: CATALOGUES.de['check.unexplained'], language: 'de' });
    expect(() => sourceOf('no.such.message', 'de')).toThrow(RangeError);
  });
});

describe('choosing the language', () => {
  it.each([
    [['de-AT'], 'de'],
    [['de-CH', 'fr'], 'de'],
    [['pt'], 'pt-BR'],
    [['pt-PT'], 'pt-BR'],
    [['zh-CN'], 'zh-Hans'],
    [['zh-Hans-SG'], 'zh-Hans'],
    [['es-419'], 'es'],
    [['fr-CA'], 'fr'],
    [['tlh'], 'en'],
    [['zh-TW', 'fr'], 'fr'],
    [['not a tag!'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (requested, expected) => {
    expect(matchLanguage(requested)).toBe(expected);
  });

  it('honours Accept-Language q-values, and the body’s lang over the header', () => {
    expect(requestLanguage(undefined, 'fr;q=0.4, de;q=0.9, en;q=0.1')).toBe('de');
    expect(requestLanguage(undefined, 'de;q=0, fr')).toBe('fr');
    expect(requestLanguage(undefined, '*')).toBe('en');
    expect(requestLanguage(undefined, 'tlh, es;q=0.5')).toBe('es');
    expect(requestLanguage('zh-Hans', 'de')).toBe('zh-Hans');
    expect(requestLanguage(undefined, undefined)).toBe('en');
  });
});
