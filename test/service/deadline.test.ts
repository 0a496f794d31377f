/**
 * The core's own deadline (src/deadline.ts), which lets the service's thread try a check and give it
 * up: DeadlinePassed reaches the caller from anywhere the work grows, nothing is left set after it, and
 * work abandoned at any point leaves the prepared function as if it had never started — the next check
 * of it answers exactly what a fresh core answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkpoint, DeadlinePassed, withinDeadline } from '../../src/deadline.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { lexLatex } from '../../src/parse/lex-latex.js';
import { lexMathml } from '../../src/parse/lex-mathml.js';
import { lexText } from '../../src/parse/lex-text.js';
import { checkCore, type CheckRequest } from '../../src/service/checker.js';
import { EXAMPLES } from '../fixtures/examples.js';
import { product } from '../helpers/costly-work.js';

describe('withinDeadline', () => {
  it('returns what the work returns, and a checkpoint outside a deadline never throws', () => {
    expect(withinDeadline(1000, () => 42)).toBe(42);
    for (let i = 0; i < 10_000; i++) checkpoint();
  });

  it('throws DeadlinePassed out of a costly check, and sets nothing after it', () => {
    const core = checkCore();
    const started = performance.now();
    const error = (() => {
      try {
        withinDeadline(20, () => core.check({ function: product(30), answer: '1' }));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DeadlinePassed);
    expect((error as DeadlinePassed).ms).toBe(20);
    // Stopped near its deadline, not at the end of the work (which takes seconds): a generous bound
    // for a loaded machine, far below the work's own time.
    expect(performance.now() - started).toBeLessThan(1000);
    for (let i = 0; i < 10_000; i++) checkpoint();
    expect(withinDeadline(1000, () => 'again')).toBe('again');
  });

  it('passes the work’s own errors through and does not nest', () => {
    expect(() => withinDeadline(1000, () => checkCore().check({ function: 'sin(', answer: '1' }))).toThrow(/./);
    expect(() => withinDeadline(1000, () => withinDeadline(1000, () => 1))).toThrow('withinDeadline does not nest');
    expect(withinDeadline(1000, () => 1)).toBe(1);
  });
});

describe('reading (POST /v1/validate reads and nothing more)', () => {
  const long = {
    text: '2xx'.repeat(660),
    latex: '\\frac{1}{2}x'.repeat(150),
    mathml: `<math>${'<mn>2</mn><mi>x</mi><mi>x</mi>'.repeat(60)}</math>`,
  };

  it('each lexer looks at the clock as it goes, so a deadline can stop a long read there', () => {
    for (const [format, lex] of [['text', lexText], ['latex', lexLatex], ['mathml', lexMathml]] as const) {
      expect(() => withinDeadline(0, () => lex(long[format], DEFAULT_LIMITS)), format).toThrow(DeadlinePassed);
      expect(lex(long[format], DEFAULT_LIMITS).length, format).toBeGreaterThan(100);
    }
  });

  it('a costly validation stops near its deadline in every format, and answers the same afterwards', () => {
    // Each read 16 ways: 30 ms (MathML) to 450 ms uninterrupted, measured on the 2-core machine.
    const costly = [
      { answer: '2xx'.repeat(660) },
      { answer: '2xx'.repeat(660), format: 'latex' as const },
      { answer: `<math>${'<mn>2</mn><mi>x</mi><mi>x</mi>'.repeat(70)}</math>` },
    ];
    for (const request of costly) {
      const core = checkCore();
      const expected = core.validate(request);
      expect(expected.readings).toHaveLength(16);
      const started = performance.now();
      expect(() => withinDeadline(2, () => core.validate(request)), expected.format ?? '').toThrow(DeadlinePassed);
      // Stopped near its deadline (a generous bound for a loaded machine), not at the end of the reading.
      expect(performance.now() - started).toBeLessThan(100);
      expect(core.validate(request)).toEqual(expected);
    }
  });
});

describe('a breakpoint solver whose roots double at every layer (review: 16 nested |…| held the thread 25 s)', () => {
  const nested = (n: number) => `${'ln(abs('.repeat(n)}x${'))'.repeat(n)}`;

  it('stops at its deadline, in the function or in the answer', () => {
    for (const request of [
      { function: nested(16), answer: '1' },
      { function: 'sin(x)', answer: `cos(x)+0*${nested(16)}` },
    ]) {
      const core = checkCore();
      const started = performance.now();
      try {
        withinDeadline(50, () => core.check(request));
      } catch (error) {
        if (!(error instanceof DeadlinePassed)) throw error;
      }
      // Seconds before; a generous bound for a loaded machine.
      expect(performance.now() - started, request.function).toBeLessThan(2000);
    }
  });

  it('leaves a site with too many roots unsolved, said in the evidence, rather than overflowing the stack', () => {
    const result = checkCore().check({ function: nested(24), answer: '1' });
    expect(result.verdict).toBe('incorrect');
    expect(result.evidence.unsolved?.length).toBeGreaterThan(0);
  });
});

describe('work abandoned at its deadline leaves nothing half-done', () => {
  const items: CheckRequest[] = EXAMPLES.slice(0, 12).flatMap((example) => [
    { function: example.function, answer: example.correct, variable: example.variable },
    ...example.candidates.slice(0, 2).map((candidate) => ({ function: example.function, answer: candidate.candidate, variable: example.variable })),
    // Explained by no single candidate: the pairs of mistakes are built for it.
    { function: example.function, answer: `2*(${example.correct})+1`, variable: example.variable },
  ]);
  const fresh = checkCore();
  const expected = new Map(items.map((item) => [item, fresh.checkSerialized(item).json]));

  it('gives the same answers after interruptions at arbitrary points', () => {
    // Both outcomes must occur, or the property says nothing.
    let interrupted = 0;
    let finished = 0;
    fc.assert(
      fc.property(
        // Deadlines within a check's first milliseconds (interrupted at arbitrary points), and some
        // past any check's end: with 0–3 ms alone, a loaded CI machine (.ci/run, 1 December) prepared
        // no function in time, so nothing finished and the property said nothing.
        fc.array(fc.record({ item: fc.constantFrom(...items), ms: fc.oneof(fc.double({ min: 0, max: 3, noNaN: true }), fc.constant(10_000)) }), { minLength: 1, maxLength: 12 }),
        (attempts) => {
          const core = checkCore();
          for (const { item, ms } of attempts) {
            try {
              withinDeadline(ms, () => core.checkSerialized(item));
              finished++;
            } catch (error) {
              if (!(error instanceof DeadlinePassed)) throw error;
              interrupted++;
            }
          }
          for (const { item } of attempts) expect(core.checkSerialized(item).json).toBe(expected.get(item));
        },
      ),
      { numRuns: 40 },
    );
    expect(interrupted).toBeGreaterThan(0);
    expect(finished).toBeGreaterThan(0);
  }, 120_000);
});
