/**
 * The pure core, in process: reading, differentiating, simplifying and the equivalence test.
 */
import { compile } from '../src/compare/compile.js';
import { domainAt, sampleDomain } from '../src/compare/domain.js';
import { compare, equivalent, prepare } from '../src/compare/equivalence.js';
import { Differentiator } from '../src/differentiate/differentiate.js';
import { readExpression } from '../src/parse/read.js';
import { size, type Expr } from '../src/tree/nodes.js';
import { simplify } from '../src/tree/simplify.js';
import { microsPerCall, row } from './timing.js';

const read = (text: string): Expr => readExpression(text).expr;
let sink = 0;

export function benchCore(): void {
  console.log('core (in process)');
  const midSize = '(x^2+1)^10*sin(3x)^2/(1+e^(-x)) + x^x*arctan(sqrt(x))';
  row(`read '${midSize}'`, `${microsPerCall(() => { sink += size(read(midSize)); }, 2_000).toFixed(1)} µs`);
  row(`read the same in LaTeX`, `${microsPerCall(() => {
    sink += size(read('\\frac{\\left(x^{2}+1\\right)^{10}\\sin^{2}(3x)}{1+e^{-x}} + x^{x}\\arctan\\sqrt{x}'));
  }, 2_000).toFixed(1)} µs`);
  const f = read(midSize);
  row('differentiate it (raw tree)', `${microsPerCall(() => { sink += size(new Differentiator(f, 'x').derivative()); }, 2_000).toFixed(1)} µs`);
  const raw = new Differentiator(f, 'x').derivative();
  row(`simplify its ${size(raw)}-node derivative for display`, `${microsPerCall(() => { sink += size(simplify(raw)); }, 500).toFixed(1)} µs`);

  const original = read('sin(x^2)*e^(3x)');
  const reference = read('2*x*cos(x^2)*e^(3x) + 3*sin(x^2)*e^(3x)');
  const answer = read('e^(3x)*(3*sin(x^2) + 2x*cos(x^2))');
  const point = new Float64Array(1);
  const evaluate = compile(reference, ['x']);
  let x = 0.3;
  const ns = microsPerCall(() => {
    x += 1e-7;
    point[0] = x;
    sink += evaluate(point);
  }, 1_000_000) * 1000;
  row(`evaluate a ${size(reference)}-node derivative at one point`, `${ns.toFixed(0)} ns`);

  const domain = sampleDomain({ definedBy: [original, reference], variable: 'x' });
  const preparedReference = prepare(reference, domain);
  row(`compare a typical pair at all ${domain.points.length} points (compile + evaluate + compare)`,
    `${microsPerCall(() => { sink += compare(prepare(answer, domain), preparedReference).compared; }, 20_000).toFixed(1)} µs`);
  const wrong = read('e^(3x)*(3*sin(x^2) + 2x*cos(x^2)) + 0.001');
  row('the same for a wrong answer (stops at the first disagreement)',
    `${microsPerCall(() => { sink += compare(prepare(wrong, domain), preparedReference).compared; }, 20_000).toFixed(1)} µs`);
  const slowDomain = domainAt('x', [], Array.from({ length: 24 }, (_, i) => [1e-4 * 0.8 ** i]));
  const square = prepare(read('sin(x)^2'), slowDomain);
  const cancel = read('(1 - cos(2x))/2');
  row('(1 - cos 2x)/2 vs sin(x)^2 at 24 tiny x (every point on the error-bound path)',
    `${microsPerCall(() => { sink += compare(prepare(cancel, slowDomain), square).compared; }, 5_000).toFixed(1)} µs`);
  row('equivalent() from scratch, sampling the domain included',
    `${microsPerCall(() => { sink += equivalent(answer, reference, { variable: 'x', definedBy: [original, reference] }).compared; }, 2_000).toFixed(1)} µs`);
  const narrow = read('sqrt(0.0001 - (x - 0.5)^2)');
  row('sampling a narrow domain (0.49 < x < 0.51)',
    `${microsPerCall(() => { sink += sampleDomain({ definedBy: [narrow], variable: 'x' }).points.length; }, 200).toFixed(0)} µs`);
  if (sink === 42) console.log('');
}
