/**
 * A place of the function (a product, a quotient, F(u), c·x^n…) in words a student reads: the place
 * itself, the rule's pieces there, its correct derivative and the derivative a mistake gave there.
 * Rendered lazily and once per place, since feedback needs only the places an answer's mistakes sit at.
 */
import type { Differentiator } from '../differentiate/differentiate.js';
import { applyOuterDerivative, applyTemplate, outerWithPlaceholder, type OuterMistake } from '../differentiate/outer-function.js';
import type { Place, Plan } from '../differentiate/places.js';
import { pow, sym, type Expr } from '../tree/nodes.js';
import { toLatex } from '../tree/print-latex.js';
import { toText } from '../tree/print-text.js';
import { asWritten, render, type Rendered } from '../tree/render.js';
import { simplify } from '../tree/simplify.js';

/** A formula in u, the placeholder for a function's argument. */
const inU = (expr: Expr): Rendered => render(expr, 'u');

export class PlaceText {
  private readonly cache = new Map<string, Rendered>();

  constructor(
    readonly place: Place,
    private readonly differentiator: Differentiator,
  ) {}

  private get variable(): string {
    return this.differentiator.variable;
  }

  /** `make`'s expression rendered once: simplified (a result), or `asWritten` (a piece of the function). */
  private memo(key: string, make: () => Expr, show: (expr: Expr) => Rendered = (expr) => render(expr, this.variable)): Rendered {
    let value = this.cache.get(key);
    if (!value) {
      value = show(make());
      this.cache.set(key, value);
    }
    return value;
  }

  /** The place as it stands in the function (a chain node's composite without its constant factor). */
  get node(): Rendered {
    return this.memo('node', () => {
      const place = this.place;
      return place.kind === 'application' && place.chain ? place.chain.composite : place.node;
    }, asWritten);
  }

  /** The correct derivative of the place's node. */
  get derivative(): Rendered {
    return this.memo('derivative', () => this.differentiator.derivativeAt(this.place.node));
  }

  /** The derivative of the place's node under a plan (what the student wrote for this part). */
  derivativeWith(plan: Plan): Rendered {
    return render(this.differentiator.derivativeAt(this.place.node, plan), this.variable);
  }

  /** F(u) with u for the argument: sin(u), u^3, 2^u (applications only). */
  get outer(): Rendered {
    return this.memo('outer', () => (this.place.kind === 'application' ? outerWithPlaceholder(this.place.outer) : this.place.node), inU);
  }

  /** F'(u), the table's entry (applications only). */
  get outerDerivative(): Rendered {
    return this.memo('outerDerivative', () => (this.place.kind === 'application' ? applyOuterDerivative(this.place.outer, sym('u')) : this.place.node), inU);
  }

  /** A root F(u) written as the power it is, u^(1/2) for sqrt(u); undefined at any other place. */
  get rootAsPower(): Rendered | undefined {
    const place = this.place;
    if (place.kind !== 'application' || place.outer.kind !== 'function' || place.outer.exponent === undefined) return undefined;
    // Printed as written, not simplified: simplify() would turn u^(1/2) back into sqrt(u).
    const power = pow(sym('u'), simplify(place.outer.exponent, { variable: 'u' }));
    return { text: toText(power), latex: toLatex(power) };
  }

  /** A wrong F'(u), as the mistake has it. */
  wrongOuterDerivative(mistake: OuterMistake): Rendered {
    return render(applyTemplate(mistake.derivativeTemplate, sym('u')), 'u');
  }

  /** c·F(u) times nothing: the place's node with its coefficient, as the function writes it (5/x^2). */
  get whole(): Rendered {
    return this.memo('whole', () => this.place.node, asWritten);
  }
}
