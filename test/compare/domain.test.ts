import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compare/compile.js';
import { domainAt, pointRecord, sampleDomain } from '../../src/compare/domain.js';
import { tree } from '../helpers/mathjs-tree.js';

const xs = (points: readonly Float64Array[]) => points.map((point) => point[0] as number);
const nearHalfMultiple = (x: number) => Math.abs(2 * x - Math.round(2 * x)) <= 1e-6;

describe('sampleDomain', () => {
  it('is deterministic: the same options give the same points', () => {
    const options = { definedBy: [tree('log(x) * a')], variable: 'x', parameters: ['a'] };
    const first = sampleDomain(options);
    const second = sampleDomain(options);
    expect(second.tried).toBe(first.tried);
    expect(second.points.map((p) => [...p])).toEqual(first.points.map((p) => [...p]));
    const reseeded = sampleDomain({ ...options, seed: 7 });
    expect(reseeded.points.map((p) => [...p])).not.toEqual(first.points.map((p) => [...p]));
  });

  it('spreads over signs and scales, never on integers or multiples of 1/2', () => {
    const domain = sampleDomain({ definedBy: [tree('sin(x)')], variable: 'x' });
    const values = xs(domain.points);
    expect(values.length).toBe(24);
    // Further: one in each far band of each sign, 1e2..1e3, 1e3..1e4, 1e4..1e6, and no breakpoint.
    const far = xs(domain.further?.points ?? []);
    expect(far).toHaveLength(6);
    expect(domain.further).toMatchObject({ far: 6, atBreakpoints: 0 });
    for (const [lo, hi] of [[1e2, 1e3], [1e3, 1e4], [1e4, 1e6]] as const) {
      expect(far.filter((x) => x > lo && x < hi)).toHaveLength(1);
      expect(far.filter((x) => -x > lo && -x < hi)).toHaveLength(1);
    }
    expect(values.some((x) => x < 0)).toBe(true);
    expect(values.some((x) => x > 0)).toBe(true);
    expect(values.some((x) => Math.abs(x) < 0.1)).toBe(true);
    expect(values.some((x) => Math.abs(x) > 1 && Math.abs(x) < 10)).toBe(true);
    expect(values.some((x) => Math.abs(x) >= 10)).toBe(true);
    expect(values.filter(nearHalfMultiple)).toEqual([]);
  });

  it('draws positive, non-integer parameters afresh for every point', () => {
    const domain = sampleDomain({ definedBy: [tree('exp(-k*t) * w')], variable: 't', parameters: ['k', 'w'] });
    expect(domain.symbols).toEqual(['t', 'k', 'w']);
    for (const point of domain.points) {
      for (const p of [point[1], point[2]] as number[]) {
        expect(p).toBeGreaterThan(0.29);
        expect(p).toBeLessThan(3.51);
        expect(nearHalfMultiple(p)).toBe(false);
      }
    }
    expect(new Set(domain.points.map((p) => p[1])).size).toBe(domain.points.length);
  });

  it('samples arcsin(2x) and its derivative only where |x| < 1/2', () => {
    const domain = sampleDomain({ definedBy: [tree('asin(2x)'), tree('2 / sqrt(1 - 4 x^2)')], variable: 'x' });
    expect(domain.points.length).toBe(24);
    for (const x of xs([...domain.points, ...(domain.further?.points ?? [])])) expect(Math.abs(x)).toBeLessThan(0.5);
  });

  it('samples ln(ln(ln x)) only where x > e', () => {
    const domain = sampleDomain({ definedBy: [tree('log(log(log(x)))')], variable: 'x' });
    expect(domain.points.length).toBe(24);
    for (const x of xs([...domain.points, ...(domain.further?.points ?? [])])) expect(x).toBeGreaterThan(Math.E);
  });

  it('fills a domain as narrow as (0.49, 0.51) by searching around the points it hits', () => {
    const domain = sampleDomain({ definedBy: [tree('sqrt(0.0001 - (x - 0.5)^2)')], variable: 'x' });
    expect(domain.points.length).toBe(24);
    for (const x of xs(domain.points)) {
      expect(x).toBeGreaterThan(0.49);
      expect(x).toBeLessThan(0.51);
    }
    expect(new Set(xs(domain.points)).size).toBe(24);
  });

  it('skips points where a value is beyond 1e12', () => {
    const domain = sampleDomain({ definedBy: [tree('exp(x)')], variable: 'x' });
    for (const x of xs(domain.points)) expect(Math.exp(x)).toBeLessThanOrEqual(1e12);
  });

  it('gives up, within a bounded number of tries, on a function defined nowhere', () => {
    const domain = sampleDomain({ definedBy: [tree('sqrt(-1 - x^2)')], variable: 'x' });
    expect(domain.points).toEqual([]);
    expect(domain.tried).toBeGreaterThan(64);
    expect(domain.tried).toBeLessThanOrEqual(64 + 428 + 512);
  });

  it('keeps the work bounded for a domain of isolated points', () => {
    // Defined only where sin(pi x) = 0 exactly, i.e. at integers, which are never sampled.
    const domain = sampleDomain({ definedBy: [tree('sqrt(-(sin(pi*x))^2)')], variable: 'x' });
    expect(domain.tried).toBeLessThanOrEqual(64 + 428 + 512);
  });

  it('only returns points where every expression is real and finite', () => {
    const definedBy = [tree('log(x - 1)'), tree('sqrt(3 - x)'), tree('1 / (x - 2)')];
    const domain = sampleDomain({ definedBy, variable: 'x' });
    const evaluators = definedBy.map((expr) => compile(expr, ['x']));
    for (const point of [...domain.points, ...(domain.further?.points ?? [])]) for (const f of evaluators) expect(Number.isFinite(f(point))).toBe(true);
    // Beside each edge (x = 1, 3 and the pole at 2), on the sides where the domain goes on.
    expect(domain.further?.atBreakpoints).toBeGreaterThan(0);
    expect(domain.points.length).toBe(24);
  });

  it('rejects a parameter that repeats the variable', () => {
    expect(() => sampleDomain({ definedBy: [tree('x')], variable: 'x', parameters: ['x'] })).toThrow(TypeError);
  });
});

describe('domainAt and pointRecord', () => {
  it('names the coordinates of a point', () => {
    const domain = domainAt('t', ['k'], [[0.25, 1.5]]);
    expect(pointRecord(domain, 0)).toEqual({ t: 0.25, k: 1.5 });
    expect(() => domainAt('t', ['k'], [[1]])).toThrow(RangeError);
  });
});

describe('pointsAtNewBreakpoints with a memo', () => {
  const home = sampleDomain({ definedBy: [tree('sin(x)')], variable: 'x' });
  const definedBy = [tree('sin(x)'), tree('cos(x)')];
  const record = (domain: ReturnType<typeof sampleDomain>) => ({ ...domain, points: domain.points.map((p) => [...p]), solved: undefined, sites: [...domain.sites] });

  it('finds the same points as without one, and keeps them by the new sites', async () => {
    const { pointsAtNewBreakpoints } = await import('../../src/compare/domain.js');
    const memo = new Map();
    const first = pointsAtNewBreakpoints(home, [tree('cos(x) + abs(x - 3000)')], definedBy, memo);
    expect(first.points.length).toBeGreaterThan(0);
    expect(record(first)).toEqual(record(pointsAtNewBreakpoints(home, [tree('cos(x) + abs(x - 3000)')], definedBy)));
    // Another answer with the same new site (written otherwise around it) shares them.
    expect(pointsAtNewBreakpoints(home, [tree('2 * abs(x - 3000) - sin(x)')], definedBy, memo)).toBe(first);
    // Other sites, other points.
    const other = pointsAtNewBreakpoints(home, [tree('abs(x - 4000)')], definedBy, memo);
    expect(other).not.toBe(first);
    expect(xs(other.points).some((x) => Math.abs(x - 4000) < 1)).toBe(true);
    expect(xs(first.points).some((x) => Math.abs(x - 4000) < 1)).toBe(false);
    // No new site: the empty domain, kept too.
    const none = pointsAtNewBreakpoints(home, [tree('cos(x)')], definedBy, memo);
    expect(none.points).toHaveLength(0);
    expect(pointsAtNewBreakpoints(home, [tree('3 * cos(x)')], definedBy, memo)).toBe(none);
  });

  it('keeps at most MAX_NEW_BREAKPOINT_SETS sets, and finds the others anew each time', async () => {
    const { MAX_NEW_BREAKPOINT_SETS, pointsAtNewBreakpoints } = await import('../../src/compare/domain.js');
    const memo = new Map();
    for (let k = 0; k < MAX_NEW_BREAKPOINT_SETS + 5; k++) pointsAtNewBreakpoints(home, [tree(`abs(x - ${1000 + k})`)], definedBy, memo);
    expect(memo.size).toBe(MAX_NEW_BREAKPOINT_SETS);
    const late = tree(`abs(x - ${1000 + MAX_NEW_BREAKPOINT_SETS + 2})`);
    const again = pointsAtNewBreakpoints(home, [late], definedBy, memo);
    expect(pointsAtNewBreakpoints(home, [late], definedBy, memo)).not.toBe(again);
    expect(record(pointsAtNewBreakpoints(home, [late], definedBy, memo))).toEqual(record(again));
  });
});
