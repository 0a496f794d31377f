/**
 * Where a mistake sits, shown in the function itself: the function's LaTeX with each place of the
 * diagnosis wrapped in \htmlClass{place}{…} (KaTeX renders it as a span the stylesheet marks).
 *
 * The service prints the function and each place from the same tree with the same printer, so a
 * place's LaTeX is, token for token, a part of the function's, with one exception: a function power
 * is printed around its argument (sin(x)^2 is \sin^{2}\left(x\right), where the place sin(x) is
 * \sin\left(x\right)); there the power is taken into the marked part. Pure: no DOM.
 */

/** The class KaTeX puts on a marked place (the only one the page lets \htmlClass set). */
export const PLACE_CLASS = 'place';

interface Token {
  text: string;
  start: number;
  end: number;
}

/** LaTeX as tokens: control words (\sin), control symbols (\{, \,), and single characters; spaces dropped. */
export function latexTokens(latex: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\\[A-Za-z]+|\\.|\S/gsu;
  for (const match of latex.matchAll(pattern)) {
    tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

const isDigit = (token: Token | undefined) => token !== undefined && /^[0-9.]$/.test(token.text);
const isControlWord = (token: Token | undefined) => token !== undefined && /^\\[A-Za-z]+$/.test(token.text);

/** The index just past a group starting at `i` (a braced group, or one token). */
function groupEnd(tokens: Token[], i: number): number {
  if (tokens[i]?.text !== '{') return i + 1;
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (tokens[j]?.text === '{') depth++;
    else if (tokens[j]?.text === '}' && --depth === 0) return j + 1;
  }
  return tokens.length;
}

/**
 * Where `part` occurs in `whole` starting at token `at`: the index past the match, or -1. A power
 * written right after a function name in `whole` but not in `part` (\sin^{2}) is stepped over.
 */
function matchAt(whole: Token[], part: Token[], at: number): number {
  let i = at;
  for (let k = 0; k < part.length; k++) {
    if (whole[i]?.text !== part[k]?.text) return -1;
    i++;
    if (isControlWord(part[k]) && whole[i]?.text === '^' && part[k + 1]?.text !== '^') i = groupEnd(whole, i + 1);
  }
  return i;
}

interface Range {
  start: number;
  end: number;
}

/** Every place `part` occurs in `whole` as a whole expression part (never half a number), as character ranges. */
function occurrences(whole: Token[], part: Token[]): Range[] {
  const ranges: Range[] = [];
  if (part.length === 0) return ranges;
  for (let at = 0; at < whole.length; ) {
    const end = matchAt(whole, part, at);
    // 12x does not hold the place 2x; x^{23} does not hold x^{2} (its closing brace would differ).
    const splitsNumber = (isDigit(whole[at - 1]) && isDigit(part[0])) || (isDigit(whole[end]) && isDigit(part[part.length - 1]));
    if (end > at && !splitsNumber) {
      ranges.push({ start: (whole[at] as Token).start, end: (whole[end - 1] as Token).end });
      at = end;
    } else {
      at++;
    }
  }
  return ranges;
}

/**
 * The function's LaTeX with every occurrence of each place marked, or undefined when none of them is
 * found. Places nested in one another (a mistake made at every chain node) are marked inside each
 * other; a place that would cross another one's edge is left unmarked.
 */
export function markPlaces(functionLatex: string, placesLatex: readonly string[]): string | undefined {
  const whole = latexTokens(functionLatex);
  const ranges: Range[] = [];
  for (const place of placesLatex) {
    for (const range of occurrences(whole, latexTokens(place))) {
      const crosses = ranges.some((r) => (range.start < r.start && range.end > r.start && range.end < r.end) || (range.start > r.start && range.start < r.end && range.end > r.end));
      const same = ranges.some((r) => r.start === range.start && r.end === range.end);
      if (!crosses && !same) ranges.push(range);
    }
  }
  if (ranges.length === 0) return undefined;
  // Inserted from the end, so earlier offsets stay valid. At one offset the text inserted last lands
  // leftmost, and the result must read: closings of inner places, of outer ones, then openings of
  // outer places, of inner ones. So openings go first (inner before outer), then closings (outer first).
  const edits = ranges.flatMap((r) => [
    { at: r.start, text: `{\\htmlClass{${PLACE_CLASS}}{`, opening: true, size: r.end - r.start },
    { at: r.end, text: '}}', opening: false, size: r.end - r.start },
  ]);
  edits.sort((a, b) => b.at - a.at || (a.opening ? 0 : 1) - (b.opening ? 0 : 1) || (a.opening ? a.size - b.size : b.size - a.size));
  let out = functionLatex;
  for (const edit of edits) out = out.slice(0, edit.at) + edit.text + out.slice(edit.at);
  return out;
}
