/**
 * Messages rendered in a language: ICU MessageFormat (intl-messageformat), one catalogue per language
 * in src/messages/, plural rules and number formats from the runtime's Intl (CLDR). A code missing
 * from a language falls back to English; a code missing from English is a bug (the tests look for it).
 */
import { isArgumentElement, isLiteralElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import de from '../messages/de.json' with { type: 'json' };
import en from '../messages/en.json' with { type: 'json' };
import es from '../messages/es.json' with { type: 'json' };
import fr from '../messages/fr.json' with { type: 'json' };
import ptBR from '../messages/pt-BR.json' with { type: 'json' };
import zhHans from '../messages/zh-Hans.json' with { type: 'json' };
import { LANGUAGES, type Language } from './languages.js';
import { isMessage, type Message, type MessageList, type MessageParam } from './message.js';

export type Catalogue = Readonly<Record<string, string>>;

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, de, es, fr, 'pt-BR': ptBR, 'zh-Hans': zhHans };

/**
 * The locale whose CLDR list patterns join `and` and `or` lists. English is written with British
 * lists ("a, b and c", no serial comma), as every text of the service always was.
 */
const LIST_LOCALE: Readonly<Record<Language, string>> = { en: 'en-GB', de: 'de', es: 'es', fr: 'fr', 'pt-BR': 'pt-BR', 'zh-Hans': 'zh-Hans' };

/**
 * A message compiled once per language: ICU's formatter, and for a message that only puts values into
 * text (no plural, select or number format: most of the catalogue) its pieces, literal text and
 * argument names in order. Those are rendered by joining the pieces, which is what the formatter does
 * for them (a plain argument is `String(value)`), without building its parts on every request.
 */
interface Compiled {
  readonly format: IntlMessageFormat;
  readonly pieces?: readonly Piece[];
  /** The whole text of a message without arguments ("Correct: your answer equals the derivative."). */
  readonly text?: string;
}
type Piece = { readonly text: string } | { readonly argument: string };

const compiled = new Map<Language, Map<string, Compiled>>();
const lists = new Map<string, Intl.ListFormat>();

/** The message's ICU text in a language (English when the language lacks it). */
export function sourceOf(code: string, language: Language, catalogues: Readonly<Record<Language, Catalogue>> = CATALOGUES): { text: string; language: Language } {
  const own = catalogues[language][code];
  if (own !== undefined) return { text: own, language };
  const english = catalogues.en[code];
  if (english === undefined) throw new RangeError(`no message ${code}`);
  return { text: english, language: 'en' };
}

function compiledFor(code: string, language: Language): Compiled {
  let byCode = compiled.get(language);
  if (!byCode) {
    byCode = new Map();
    compiled.set(language, byCode);
  }
  let found = byCode.get(code);
  if (!found) {
    const source = sourceOf(code, language);
    // Tags are not markup here: "<math>" and "x < 1" are text.
    const format = new IntlMessageFormat(source.text, source.language, undefined, { ignoreTag: true });
    found = { format, ...piecesOf(format) };
    byCode.set(code, found);
  }
  return found;
}

/** The pieces of a message made only of text and plain arguments (and its text, when it has no argument); nothing for any other. */
function piecesOf(format: IntlMessageFormat): { pieces?: Piece[]; text?: string } {
  const pieces: Piece[] = [];
  for (const element of format.getAst()) {
    if (isLiteralElement(element)) pieces.push({ text: element.value });
    else if (isArgumentElement(element)) pieces.push({ argument: element.value });
    else return {};
  }
  const text = pieces.every((piece) => 'text' in piece) ? pieces.map((piece) => (piece as { text: string }).text).join('') : undefined;
  return text === undefined ? { pieces } : { pieces, text };
}

export function renderMessage(message: Message, language: Language = 'en'): string {
  const { format, pieces, text: whole } = compiledFor(message.code, language);
  // Nothing of its parameters shows in it: written once.
  if (whole !== undefined) return whole;
  const values: Record<string, string | number> = {};
  for (const [name, param] of Object.entries(message.params)) values[name] = renderParam(param, language);
  if (pieces && pieces.every((piece) => 'text' in piece || piece.argument in values)) {
    let text = '';
    for (const piece of pieces) text += 'text' in piece ? piece.text : String(values[piece.argument]);
    return text;
  }
  // The formatter's own way, and its error for a value missing.
  const text = format.format(values);
  return typeof text === 'string' ? text : String(text);
}

function renderParam(param: MessageParam, language: Language): string | number {
  if (typeof param === 'string' || typeof param === 'number') return param;
  if (isMessage(param)) return renderMessage(param, language);
  return renderList(param, language);
}

function renderList(param: MessageList, language: Language): string {
  const items = param.list.map((item) => String(renderParam(item, language)));
  if (param.join === 'and' || param.join === 'or') {
    const key = `${language}\u0000${param.join}`;
    let format = lists.get(key);
    if (!format) {
      format = new Intl.ListFormat(LIST_LOCALE[language], { type: param.join === 'and' ? 'conjunction' : 'disjunction', style: 'long' });
      lists.set(key, format);
    }
    return format.format(items);
  }
  return items.join(renderMessage({ code: `list.${param.join}`, params: {} }, language));
}

export { LANGUAGES };
