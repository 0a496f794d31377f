/**
 * Where a function changes piece, and the x where that happens: the sites found in a tree, the exact
 * solver for polynomials of degree 2 wrapped in constant shifts, multiples, powers and invertible
 * functions, and the numeric scan where no closed form applies.
 */
import { describe, expect, it } from 'vitest';
import { breakpointSites, centreSites, exactSolver, scanForRoots, scanForRootsOrNearest } from '../../src/compare/breakpoints.js';
import { compile } from '../../src/compare/compile.js';
import { tree } from '../helpers/mathjs-tree.js';

const NO_PARAMETERS = Float64Array.from([0]);

/** Every x where a piece of `text` changes, in increasing order (undefined if not all can be found). */
function breakpoints(text: string, symbols: string[] = ['x'], point: Float64Array = NO_PARAMETERS): number[] | undefined {
  const roots: number[] = [];
  for (const site of breakpointSites(tree(text), 'x', symbols)) {
    const solve = exactSolver(site.argument, 'x', symbols);
    for (const y of site.values(point)) {
      const found = solve?.(point, y) ?? scanForRoots(compile(site.argument, symbols), point, y);
      if (found === undefined) return undefined;
      roots.push(...found);
    }
  }
  return [...new Set(roots.map((r) => Number(r.toPrecision(12))))].sort((a, b) => a - b);
}

describe('breakpoint sites', () => {
  it('finds the arguments of kinks, jumps, domain edges and denominators, each once', () => {
    const keys = breakpointSites(tree('x*abs(x-60) + sign(x-60) + sqrt(x+1)/(x-2) + abs(x-60)'), 'x', ['x']).map((s) => s.key);
    expect(keys).toEqual(['abs:(x-#60)', 'sign:(x-#60)', 'zero:(x-#2)', 'sqrt:(x+#1)']);
  });

  it('ignores smooth functions, integer powers and arguments without the variable', () => {
    expect(breakpointSites(tree('sin(x)^2 + e^(3x) + x^5 + atan(x) + abs(a) + sqrt(2)'), 'x', ['x', 'a'])).toEqual([]);
  });

  it('takes a fractional or negative constant power, and a variable power, at the zero of its base', () => {
    expect(breakpointSites(tree('(x-3)^(1/3) + (x+4)^(-2) + (x-5)^x'), 'x', ['x']).map((s) => s.key)).toEqual([
      'zero:(x-#3)',
      'zero:(x+#4)',
      'zero:(x-#5)',
    ]);
  });
});

describe('solving for the breakpoints', () => {
  it.each([
    ['x*abs(x-60)', [60]],
    ['abs(x+100)-100', [-100]],
    ['abs(2*(x - 60))', [60]],
    ['abs(3 - x/4)', [12]],
    ['sqrt(x^2 - 9)', [-3, 3]],
    ['abs(x^2 - 2*x + 1)', [1]],
    ['sqrt((x - 7)^2)', [7]],
    ['abs((x - 7)^3)', [7]],
    ['log(2*x - 5)', [2.5]],
    ['asin((x - 100)/3)', [97, 103]],
    ['abs(e^x - 5)', [Math.log(5)]],
    ['sign(log(x) - 2)', [0, Math.E ** 2]], // ln's own domain edge at 0 too
    ['abs(sqrt(x) - 3)', [0, 9]],
    ['abs(2^(x - 1) - 8)', [4]],
    ['1/(x - 1000)', [1000]],
    ['abs(1/x - 2)', [0, 0.5]],
    ['abs(x^(2/3) - 4)', [-8, 0, 8]], // and the cusp of x^(2/3)
    ['acosh(x/5)', [5]],
    ['abs(cbrt(x + 1) - 2)', [-1, 7]],
    ['abs(-x - 9000)', [-9000]],
  ])('%s changes piece at %j', (text, expected) => {
    const found = breakpoints(text);
    expect(found).toBeDefined();
    expect(found).toHaveLength(expected.length);
    found!.forEach((x, i) => expect(x).toBeCloseTo(expected[i] as number, 9));
  });

  it('solves with the parameters of the point: |a·x - 3| at x = 3/a', () => {
    const point = Float64Array.from([0, 1.7]);
    const [x] = breakpoints('abs(a*x - 3)', ['x', 'a'], point) ?? [];
    expect(x).toBeCloseTo(3 / 1.7, 10);
  });

  it('finds roots numerically where no closed form applies', () => {
    const [x] = breakpoints('abs(x^3 - 2*x - 5)') ?? [];
    expect(x).toBeCloseTo(2.0945514815423265, 9);
  });

  it('gives up on a periodic argument rather than place a few of its breakpoints', () => {
    expect(breakpoints('abs(sin(x))')).toBeUndefined();
  });

  it('finds no breakpoint where the argument never reaches the value', () => {
    expect(breakpoints('sqrt(x^2 + 1)')).toEqual([]);
    expect(breakpoints('log(e^x)')).toEqual([]);
  });
});

describe('centres of polynomial pieces', () => {
  /** Every centre of the pieces of `text`, rounded and each once, in increasing order. */
  const centres = (text: string) =>
    [...new Set(centreSites(tree(text), 'x', ['x']).flatMap((site) => site.solve?.(NO_PARAMETERS) ?? []).map((r) => Number(r.toPrecision(9))))].sort((a, b) => a - b);

  it('looks at a constant multiple, a negation, a quotient by a constant and a natural power once, as the piece inside', () => {
    const keys = (text: string) => centreSites(tree(text), 'x', ['x']).map((s) => s.key);
    expect(keys('7*(15*(3*x+1)^4)/7')).toEqual(['centre:((#3*x)+#1)']);
    expect(keys('-(x^2-4)*3')).toEqual(['centre:((x^#2)-#4)']);
    // A product of two pieces has centres of its own (the vertex of (x - 1)(x - 5) is 3).
    expect(keys('(x-1)*(x-5)')).toEqual(['centre:(x-#1)', 'centre:(x-#5)', 'centre:((x-#1)*(x-#5))']);
    expect(centres('(x-1)*(x-5)')).toEqual([1, 3, 5]);
  });

  it('keeps every piece with parameters, each solved at parameter values of its own', () => {
    const keys = centreSites(tree('-(x^2-k)*k'), 'x', ['x', 'k']).map((s) => s.key);
    expect(keys).toHaveLength(3);
  });

  it('finds the same centres as solving every piece would: those of the pieces inside', () => {
    // Each written with its scalings and powers, and alone.
    const cases: Array<[string, string]> = [
      ['7*(15*(3*x+1)^4)/7', '3*x+1'],
      ['-((x-30)^2 - 4)^3/2', '(x-30)^2 - 4'],
      ['(x^2 - 2*x - 8)^5 * 3', 'x^2 - 2*x - 8'],
      ['(2*x - 50)^2', '2*x - 50'],
    ];
    for (const [scaled, inside] of cases) {
      expect(centres(scaled), scaled).toEqual(centres(inside));
      expect(centres(scaled).length, scaled).toBeGreaterThan(0);
    }
  });
});

describe('centres of shifted pieces', () => {
  const keys = (text: string) => centreSites(tree(text), 'x', ['x']).map((s) => s.key);

  it('are the zeros of u(x) ± c that solve exactly', () => {
    expect(keys('e^(-((sqrt(x) - 7)/0.01)^2)')).toEqual(['centre:(sqrt(x)-#7)']);
    // ln x - 2 is 0 at e^2; sin x - 0.5 has no exact inverse (periodic), so it takes no site.
    const sites = centreSites(tree('(ln(x) - 2) * (sin(x) - 0.5)'), 'x', ['x']);
    expect(sites).toHaveLength(1);
    expect(sites[0]?.solve?.(NO_PARAMETERS)?.[0]).toBeCloseTo(Math.exp(2), 12);
  });

  it('are looked for a bounded number of times (regression: e^x + 1 - 1 + 1 - 1 …, every partial sum a shifted piece solved afresh, took 20 s at 1,600 characters)', () => {
    // Each partial sum's u is itself a sum: only the first, e^x + 1, is a piece of its own.
    expect(keys(`e^x${' + 1 - 1'.repeat(200)}`)).toEqual(['centre:((e^x)+#1)']);
    // Each of these is one, so the number solved is bounded instead.
    let nested = 'sqrt(x)';
    for (let k = 0; k < 40; k++) nested = `(${nested} - 1)*2`;
    expect(keys(nested).length).toBeLessThanOrEqual(24);
  });
});

describe('scanForRootsOrNearest', () => {
  it('finds every root where scanForRoots does, and says so', () => {
    const evaluate = compile(tree('(x - 3) * (x + 40)'), ['x']);
    const found = scanForRootsOrNearest(evaluate, NO_PARAMETERS, 0);
    expect(found.complete).toBe(true);
    expect(found.roots).toEqual(scanForRoots(evaluate, NO_PARAMETERS, 0));
    expect(found.roots.map((r) => Math.round(r))).toEqual([-40, 3]);
  });

  it('gives the 8 roots nearest 0, not complete, where there are too many to place', () => {
    const evaluate = compile(tree('sin(x) - 0.99'), ['x']);
    expect(scanForRoots(evaluate, NO_PARAMETERS, 0)).toBeUndefined();
    const found = scanForRootsOrNearest(evaluate, NO_PARAMETERS, 0);
    expect(found.complete).toBe(false);
    expect(found.roots).toHaveLength(8);
    for (const root of found.roots) expect(Math.abs(Math.sin(root) - 0.99)).toBeLessThan(1e-9);
    // The nearest ones the grid sees: the first two crossings, either side of π/2, among them.
    for (const first of [Math.asin(0.99), Math.PI - Math.asin(0.99)]) expect(found.roots.some((root) => Math.abs(root - first) < 1e-9)).toBe(true);
  });
});

describe('a site solved once per memo', () => {
  it('keeps one entry for a periodic site, its nearest roots with it', async () => {
    const { sampleDomain } = await import('../../src/compare/domain.js');
    const domain = sampleDomain({ definedBy: [tree('relu(sin(x) - 0.99)')], variable: 'x' });
    expect([...domain.solved.keys()]).toEqual(['relu:(sin(x)-#0.99)']);
    const found = domain.solved.get('relu:(sin(x)-#0.99)');
    expect(found?.complete).toBe(false);
    expect(found?.roots).toHaveLength(8);
    expect(domain.unsolved).toHaveLength(1);
  });

  it('keeps, for a site with too many roots to place, the roots the scan finds for every value, one solved exactly included', async () => {
    const { sampleDomain } = await import('../../src/compare/domain.js');
    // arcsin's argument is 1 at x = ±129 only, where the square touches 0 (no sign change shows it),
    // and -1 at more points than are solved exactly or placed: before one memo entry held both, the
    // site's roots were the scan's for both values, and the points are placed by them.
    let nested = 'abs(x)';
    for (const shift of [64, 32, 16, 8, 4, 2, 1]) nested = `abs(${nested} - ${shift})`;
    const argument = `1 - (${nested} - 2)^2`;
    const domain = sampleDomain({ definedBy: [tree(`asin(${argument})`)], variable: 'x' });
    const found = [...domain.solved.entries()].find(([key]) => key.startsWith('asin:'))?.[1];
    expect(found?.complete).toBe(false);
    const evaluate = compile(tree(argument), ['x']);
    const scanned = [-1, 1].flatMap((y) => scanForRootsOrNearest(evaluate, NO_PARAMETERS, y).roots);
    expect(found?.roots).toEqual(scanned);
    expect(found?.roots.some((root) => Math.abs(Math.abs(root) - 129) < 1e-6)).toBe(false);
  });
});
