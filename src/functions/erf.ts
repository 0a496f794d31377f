/**
 * The error function and its complement in double precision: W. J. Cody's rational Chebyshev
 * approximations (ACM TOMS algorithm 715, netlib specfun `calerf`), the algorithm behind most
 * libraries' erf. JavaScript has no Math.erf. mathjs ships Cody's erf too, but not erfc, and GELU
 * needs erfc: Φ(t) = erfc(-t/√2)/2 keeps its relative precision for very negative t, where
 * (1 + erf(t/√2))/2 cancels to 0. Both agree with mpmath to within a few units in the last place
 * (test/functions/erf.test.ts).
 */

const THRESH = 0.46875;
/** Below this, y² is negligible beside the constant term. */
const XSMALL = 1.11e-16;
/** erfc underflows to 0 beyond this. */
const XBIG = 26.543;
/** 1/√π. */
const SQRPI = 5.6418958354775628695e-1;

// erf(y) = y·A(y²)/B(y²) for |y| <= 0.46875.
const A = [3.1611237438705656, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
const B = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
// erfc(y) = e^(-y²)·C(y)/D(y) for 0.46875 < y <= 4.
const C = [
  5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.8195222124176909e2,
  1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
];
const D = [
  1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
  4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
];
// erfc(y) = e^(-y²)/y·(1/√π + P(1/y²)/(y²·Q(1/y²))) for y > 4.
const P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
const Q = [2.56852019228982242, 1.87295284992346047, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

/** erf(y)/y's rational part for 0 <= y <= THRESH. */
function small(y: number): number {
  const ysq = y > XSMALL ? y * y : 0;
  let num = (A[4] as number) * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + (A[i] as number)) * ysq;
    den = (den + (B[i] as number)) * ysq;
  }
  return (num + (A[3] as number)) / (den + (B[3] as number));
}

/**
 * e^(-y²) computed as e^(-s²)·e^(-(y-s)(y+s)) with s = y rounded down to 1/16: y² itself would carry
 * a rounding error that e^(-y²) multiplies by y² (Cody's device).
 */
function gaussian(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s));
}

/** erfc(y) for y > THRESH. */
function complementOfPositive(y: number): number {
  if (y <= 4) {
    let num = (C[8] as number) * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + (C[i] as number)) * y;
      den = (den + (D[i] as number)) * y;
    }
    return gaussian(y) * ((num + (C[7] as number)) / (den + (D[7] as number)));
  }
  if (y >= XBIG) return 0;
  const ysq = 1 / (y * y);
  let num = (P[5] as number) * ysq;
  let den = ysq;
  for (let i = 0; i < 4; i++) {
    num = (num + (P[i] as number)) * ysq;
    den = (den + (Q[i] as number)) * ysq;
  }
  const tail = (ysq * (num + (P[4] as number))) / (den + (Q[4] as number));
  return gaussian(y) * ((SQRPI - tail) / y);
}

/** The error function, 2/√π ∫₀ˣ e^(-t²) dt. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) return x * small(y);
  const value = 0.5 - complementOfPositive(y) + 0.5;
  return x < 0 ? -value : value;
}

/** The complementary error function, 1 - erf(x), accurate where erf(x) is close to 1. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) return 0.5 - x * small(y) + 0.5;
  const value = complementOfPositive(y);
  return x < 0 ? 2 - value : value;
}

/** 1/√(2π). */
const INVERSE_ROOT_TWO_PI = 0.3989422804014327;

/**
 * The standard normal density φ(t) = e^(-t²/2)/√(2π), e^(-t²/2) split as gaussian's is (with s = t
 * rounded down to 1/16, s²/2 is exact and (t - s)(t + s) small): t² would carry a rounding error that
 * the exponential multiplies by t²/2.
 */
export function normalDensity(t: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? t : 0;
  const s = Math.trunc(t * 16) / 16;
  return INVERSE_ROOT_TWO_PI * Math.exp((-s * s) / 2) * Math.exp((-(t - s) * (t + s)) / 2);
}

/** The standard normal distribution function Φ(t) = erfc(-t/√2)/2. */
export function normalCdf(t: number): number {
  return erfc(-t / Math.SQRT2) / 2;
}
