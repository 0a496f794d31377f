/**
 * MathLive, loaded as a chunk of its own once the page is usable, set up to fetch nothing: its fonts
 * are KaTeX's, which the page's stylesheet already declares (MathLive finds them in document.fonts
 * and loads none of its own), and its keyboard sounds are off.
 */
import { convertAsciiMathToLatex, MathfieldElement } from 'mathlive';
import type { MathLive } from './expression-field.js';

export function configured(): MathLive {
  MathfieldElement.fontsDirectory = null;
  MathfieldElement.soundsDirectory = null;
  MathfieldElement.keypressSound = null;
  MathfieldElement.plonkSound = null;
  return { MathfieldElement, convertAsciiMathToLatex };
}
