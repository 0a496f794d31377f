#!/usr/bin/env python3
"""
An independent implementation of MISTAKES-BEYOND.md as README.md (*The mistakes it diagnoses*) reads it, in
SymPy, written from those two texts and not from the TypeScript. It imports tools/mistakes_sympy.py for
reading functions, values, sampling and printing, and keeps the four chain-rule codes exactly as that
tool computes them: an entry of test/fixtures/beyond-examples.json is mistakes_sympy's entry (chain
nodes, correct derivative, the four codes' candidates in their order) followed by the candidates of
every other code at every place, single places first, then the systematic forms.

    python3 tools/beyond_sympy.py --functions tools/beyond-functions.txt --out test/fixtures/beyond-examples.json
        compute the fixture (one function a line: `function` or `function ; variable`, # comments)
    python3 tools/beyond_sympy.py --check test/fixtures/beyond-examples.json
        recompute a fixture's functions and compare with it, numerically, both ways
    python3 tools/beyond_sympy.py --check test/fixtures/beyond-examples.json --service-reading
        read every text of the fixture with the service's own reader (npx tsx tools/service-reading.ts,
        needs npm ci) and require the same function as read here
    python3 tools/beyond_sympy.py 'x^2*sin(x)'          print one function's entry
    python3 tools/beyond_sympy.py --places 'x^2*sin(x)' list the places and which codes apply at each

It also gives tools/student_answers.py what it needs to verify the corpus of student answers: every
single candidate, the pairs (two mistakes at once) and the whole-answer tests.

Places, candidates, systematic forms and order are that reading's. Where its text is open, this is
the reading taken (the lead reconciles):

* Places are nodes of the function's tree, found by a pre-order walk over the same rule structure as the
  chain nodes (mistakes_sympy.classify): a reciprocal chain node c/u^k is walked into its u, and the
  power u^k of its denominator is not a place of its own (c/u^k is ONE power place c*u^(-k); a mistake
  at the inner u^k would give the same candidates anyway). One node may be several places (sin(x^2) is a
  chain and a function place, 2/(x^2+1) a chain, a reciprocal and a power place): they share the node's
  position in the order, and codes break the tie in the order of the tables.
* Reciprocal places and power places read from them take the constants of the denominator into c, as
  mistakes_sympy does for reciprocal chain nodes: 1/(2*(x^2+1)) is the power place (1/2)*(x^2+1)^(-1)
  and 1/(2*x) is (1/2)*x^(-1); c/nthRoot(u, n) is c*u^(-1/n) (the text lists sqrt and cbrt only, the
  rule is the same). reciprocal_of_derivative is c/q' with q the whole denominator, which gives the same
  value whichever way the constants are grouped.
* Roots are powers: sqrt(u), cbrt(u) and nthRoot(u, k) (k constant), u = x included, are power places
  u^(1/2), u^(1/3), u^(1/k) (MISTAKES-BEYOND.md's power rule is at u^n "x^n included", and sqrt(x) =
  x^(1/2) is where students make its mistakes: sqrt(x) -> (1/2)x^(1/2)), besides function places.
* Coefficient places are exactly the three written forms c*x^n, x^n*c and x^n/c with n written as an
  exponent, or with a root of x for x^n (c*sqrt(x) is c*x^(1/2)): 3*x (n = 1 unwritten) and 3/x^2 are
  not coefficient places. c is the whole constant factor as it stands in the tree (in `(-3)*x^4` it is
  -3; the fixture avoids a unary minus in front of c*x^n, where text and tree could disagree on whether
  the minus belongs to c).
* power_rule_on_exponential (b) "only where u' != 1": where the correct u' is not identically 1, so
  a^x and e^(x+2) have variant (a) only. Its systematic form takes (a) at those places (the same
  mistake there): e^(2x) + e^x -> 2x e^(2x-1) + x e^(x-1).
* exponential_missing_ln at e^u and exp(u) is computed like any other place and dropped as void; e^u
  still counts as a place where the code applies when deciding whether a systematic form exists (as
  mistakes_sympy counts a chain node where missing_inner_factor is void, u' = 1). In general a code and
  variant "applies at more than one place" counts the places where its rule is applied, void or not, so
  a systematic candidate can equal a single one (both are listed: ambiguity is the service's to mark).
* A candidate with no real value at any sample point where f and f' are real (ln(cos 3) from inner_only
  everywhere in ln(cos(3*x))) is dropped like a void one: no answer can be seen to equal it. One that is
  real at fewer than 8 points is kept, with a warning on stderr (none in the fixture).
* linear_extrapolation: the top-level terms of u are taken with their signs (sub and unary minus):
  sqrt(1 - x^2) -> sqrt(1) - sqrt(x^2) = 1 - x, and (2 - 3*x)^2 -> 2^2 - (3*x)^2. The student's
  simplification of F(t) applies only where F is a power or a root (u^n, c/u^k, sqrt, cbrt, nthRoot)
  and t is itself a power b^m with constant m: (b^m)^n -> b^(m*n), so sqrt(x^2) -> x, never |x|; other
  terms are evaluated as they are (sqrt(4*x^2) stays 2|x|, numbers fold: sqrt(9) = 3). The candidate is
  the correct derivative of the rewritten node, and like every other candidate it replaces only the
  node's derivative: where the node is a factor (x*(1-x)^(-1), ln(x^2+1)/x) the product and quotient
  rules still use the node's own value, not the rewritten one. Variant (b) keeps each term's minus inside
  F, F(a - b) -> F(a) + F(-b) ((5 - 2*x)^4 -> 5^4 + (-2*x)^4), F(-t) as it stands; it is listed only where
  a term of the variable has a minus and F is not odd (F(-t) = -F(t) at two numbers, in real mode), where
  its derivative differs from (a)'s. Systematic: every planned node is
  rewritten, inner ones first, and F applied to the rewritten terms (the same simplification applies to
  them; a rewritten term that is itself a sum is not distributed again: sqrt(1 + (x+1)^2) becomes
  1 + sqrt(x^2 + 1)).
* product_as_composite: f'(t) is the derivative of the left factor with x replaced by t; in the
  systematic form f' and g' are themselves computed with the mistake (as "inner derivatives" are).
* constant_as_variable: a constant term is a top-level term of the function (signs as above) that does
  not depend on the variable and is not a plain number, i.e. not made of numerals with + - * / alone
  (so 3^2 is a constant term, 1/2 is not). The atom is the first symbol in a pre-order walk of the term
  (e, pi or a parameter), every occurrence of that symbol replaced by t; with no symbol, the first
  numeral that is a function's argument or a power's base, that one occurrence replaced. `at` is the
  term without its sign. constant_of_integration_added's test (answer - correct = non-zero constant) is
  also met by every constant_as_variable candidate: the fixture lists the candidate under
  constant_as_variable only; the corpus names constant_as_variable for those answers.
* Trigonometric codes apply at sin cos tan sec csc cot and asin acos atan acot asec acsc (any spelling
  the reader accepts); hyperbolic functions have no trig code. trig_table_error (a)-(d) and
  inverse_trig_as_reciprocal follow the table exactly (arccot -> 1/cot, arcsec -> 1/sec, arccsc -> 1/csc).
* log_as_reciprocal_log applies at ln(u) and one-argument log(u) (natural); log_base_ignored at log10,
  log2 and log(u, b) (b a constant), with (b) u'*ln(b)/u as the table says.
* `at` is the place's subexpression printed from the function's own tree (explicit *, the function names
  as written): for a reciprocal chain place that includes its constant (`2/(x^2 + 1)`), while the four
  codes keep mistakes_sympy's `at`, the chain node's F(u) without the constant, as SymPy prints it.
  Systematic candidates have `at` null, as for the four codes.
* Pairs (used by the corpus, not written in the fixture): two single mutations at two different nodes,
  any codes (the four included), the inner one's derivative feeding the outer one; or one node twice
  when one mutation changes the table entry F' (trig_sign_error, trig_table_error, log_as_reciprocal_log,
  log_base_ignored, exponential_missing_ln) and the other the chain step (missing_inner_factor,
  inner_not_differentiated, inner_derivative_sign_error, outer_at_inner_derivative); the step then uses
  the mistaken entry. At most 600 a function, nearest first (by distance between the two places in the
  pre-order walk).

* The project's two variants beyond the specifications (README, "Two variants beyond MISTAKES.md"):
  missing_inner_factor (b), c*F'(u)*k where u is written k*v (mistakes_sympy.written_factor), and
  outer_not_differentiated (b), c*u' (the outer derivative left out altogether), at every chain node.

Void candidates: equal to the correct derivative at the sample points where f and f' are real (lenient
where only the candidate is undefined), as mistakes_sympy decides them.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass, field
from typing import Callable, Optional

import sympy as sp

import mistakes_sympy as ms
from mistakes_sympy import T, Node, Outer, Rule, classify

# ------------------------------------------------------------------------------------------------
# The codes, in the order of README.md's tables (the order candidates are listed in).

BEYOND = [
    # code, family, variants
    ('inner_only', 'chain', ['a']),
    ('outer_not_differentiated', 'chain', ['a', 'b']),
    ('inner_not_differentiated', 'chain', ['a']),
    ('inner_derivative_sign_error', 'chain', ['a']),
    ('linear_extrapolation', 'chain', ['a', 'b']),
    ('product_as_composite', 'chain', ['a']),
    ('product_of_derivatives', 'product', ['a']),
    ('product_rule_one_term', 'product', ['a', 'b']),
    ('product_rule_sum', 'product', ['a']),
    ('quotient_of_derivatives', 'quotient', ['a']),
    ('quotient_numerator_reversed', 'quotient', ['a']),
    ('quotient_numerator_plus', 'quotient', ['a']),
    ('quotient_denominator_not_squared', 'quotient', ['a']),
    ('quotient_numerator_derivatives_only', 'quotient', ['a']),
    ('reciprocal_of_derivative', 'quotient', ['a']),
    ('power_exponent_not_reduced', 'power', ['a']),
    ('power_exponent_increased', 'power', ['a']),
    ('power_rule_coefficient_added', 'power', ['a']),
    ('power_rule_on_exponential', 'power', ['a', 'b']),
    ('power_rule_variable_exponent', 'power', ['a']),
    ('exponential_missing_ln', 'exp-log', ['a', 'b']),
    ('log_as_reciprocal_log', 'exp-log', ['a']),
    ('log_base_ignored', 'exp-log', ['a', 'b']),
    ('trig_sign_error', 'trig', ['a']),
    ('trig_table_error', 'trig', ['a', 'b', 'c', 'd']),
    ('inverse_trig_as_reciprocal', 'trig', ['a']),
    ('constant_as_variable', 'whole', ['a']),
]
BEYOND_CODES = [c for c, _, _ in BEYOND]
BEYOND_VARIANTS = {c: v for c, _, v in BEYOND}
FAMILY = {c: fam for c, fam, _ in BEYOND}
FAMILY.update({c: 'chain' for c in ms.CODES})
ALL_VARIANTS = dict(ms.VARIANTS, **BEYOND_VARIANTS)
CODE_ORDER = {c: i for i, c in enumerate(ms.CODES + BEYOND_CODES)}

WHOLE_ANSWER = ['integrated_instead', 'constant_of_integration_added']
SYMPTOMS = ['sign_error', 'constant_factor', 'missing_term', 'not_differentiated']

TRIG = {'sin', 'cos', 'tan', 'sec', 'csc', 'cot'}
INVERSE_TRIG = {'asin': sp.sin, 'acos': sp.cos, 'atan': sp.tan, 'acot': sp.cot, 'asec': sp.sec, 'acsc': sp.csc}

# Codes that change the table entry F' at a function or power place, and codes that change the chain
# step F'(u)*u' around it: the two kinds that may meet at one node in a pair.
ENTRY_CODES = {'trig_sign_error', 'trig_table_error', 'log_as_reciprocal_log', 'log_base_ignored',
               'exponential_missing_ln', 'inverse_trig_as_reciprocal', 'power_rule_on_exponential',
               'power_exponent_not_reduced', 'power_exponent_increased'}
PAIR_ENTRY_CODES = {'trig_sign_error', 'trig_table_error', 'log_as_reciprocal_log', 'log_base_ignored',
                    'exponential_missing_ln'}
PAIR_STEP_CODES = {'missing_inner_factor', 'inner_not_differentiated', 'inner_derivative_sign_error',
                   'outer_at_inner_derivative'}
STEP_CODES = set(ms.CODES) | {'inner_not_differentiated', 'inner_derivative_sign_error'}
MAX_PAIRS = 600


# ------------------------------------------------------------------------------------------------
# Printing a subtree as the reader's text (for `at`).

def _level(n: Node) -> int:
    return {'add': 1, 'sub': 1, 'mul': 2, 'div': 2, 'neg': 2, 'pow': 4}.get(n.kind, 5)


def tree_text(n: Node) -> str:
    k = n.kind
    if k == 'num':
        return n.written or str(n.value)
    if k == 'sym':
        return n.value
    if k == 'call':
        return f"{n.written or n.value}({', '.join(tree_text(a) for a in n.args)})"
    wrap = lambda m, yes: f'({tree_text(m)})' if yes else tree_text(m)  # noqa: E731
    if k in ('add', 'sub'):
        a, b = n.args
        op = ' + ' if k == 'add' else ' - '
        return wrap(a, False) + op + wrap(b, _level(b) <= 1 or b.kind == 'neg')
    if k in ('mul', 'div'):
        a, b = n.args
        op = '*' if k == 'mul' else '/'
        right = _level(b) <= 2 if k == 'div' else (_level(b) < 2 or b.kind == 'neg')
        return wrap(a, _level(a) < 2) + op + wrap(b, right)
    if k == 'neg':
        a = n.args[0]
        return '-' + wrap(a, _level(a) <= 2)
    if k == 'pow':
        a, b = n.args
        simple_exponent = b.kind == 'sym' or (b.kind == 'num' and b.value >= 0 and b.value.is_integer)
        return wrap(a, _level(a) < 5 or (a.kind == 'num' and a.value < 0)) + '^' + wrap(b, not simple_exponent)
    raise ValueError(k)


def signed_terms(n: Node, sign: int = 1) -> list[tuple[int, Node]]:
    """The top-level terms of a sum with their signs (a - (b + c) gives +a, -b, -c; -x gives -x)."""
    if n.kind == 'add':
        return signed_terms(n.args[0], sign) + signed_terms(n.args[1], sign)
    if n.kind == 'sub':
        return signed_terms(n.args[0], sign) + signed_terms(n.args[1], -sign)
    if n.kind == 'neg':
        return signed_terms(n.args[0], -sign)
    return [(sign, n)]


def is_plain_number(n: Node) -> bool:
    if n.kind == 'num':
        return True
    return n.kind in ('add', 'sub', 'mul', 'div', 'neg') and all(is_plain_number(a) for a in n.args)


def preorder(n: Node):
    yield n
    for a in n.args:
        yield from preorder(a)


# ------------------------------------------------------------------------------------------------
# Places.

@dataclass(eq=False)
class Info:
    node: Node
    rule: Rule
    order: int = -1
    kinds: set = field(default_factory=set)
    view: Optional[tuple] = None  # (c, Outer F, inner node): chain nodes and F(x), x^n, a^x, c/x^k
    power_n: Optional[sp.Expr] = None
    exp_base: Optional[sp.Expr] = None
    fname: Optional[str] = None
    fparam: Optional[sp.Expr] = None
    coefficient: Optional[tuple] = None  # (c, n)
    parts: tuple = ()
    inner_chain: Optional[ms.Chain] = None
    term_sign: int = 1

    @property
    def at(self) -> str:
        return tree_text(self.node)


ROOT_EXPONENT = {'sqrt': sp.Rational(1, 2), 'cbrt': sp.Rational(1, 3)}


class Places:
    """The places of a function, outermost first, left to right."""

    def __init__(self, f: ms.Function):
        self.f = f
        self._rules: dict[int, Rule] = {}
        self._infos: dict[int, Info] = {}
        self.top_terms = {id(t): s for s, t in signed_terms(f.tree)}
        self.list: list[Info] = []
        self._walk(f.tree)
        for i, info in enumerate(self.list):
            info.order = i

    def rule(self, n: Node) -> Rule:
        key = id(n)
        if key not in self._rules:
            self._rules[key] = classify(self.f, n)
        return self._rules[key]

    def info(self, n: Node) -> Info:
        key = id(n)
        if key not in self._infos:
            self._infos[key] = self._analyse(n)
        return self._infos[key]

    def _walk(self, n: Node):
        info = self.info(n)
        if info.kinds:
            self.list.append(info)
        rule = info.rule
        if rule.kind == 'chain':
            self._walk(rule.chain.inner)
        elif rule.kind == 'constant_multiple':
            self._walk(rule.parts[1])
        elif rule.kind == 'constant_divide':
            self._walk(rule.parts[0])
        elif rule.kind in ('add', 'sub', 'neg', 'product', 'quotient', 'logarithmic'):
            for p in rule.parts:
                self._walk(p)

    def _analyse(self, n: Node) -> Info:
        f = self.f
        S = f.S
        rule = self.rule(n)
        info = Info(n, rule)
        k = rule.kind
        if k == 'chain':
            chain = rule.chain
            c = chain.coefficient if chain.coefficient is not None else sp.Integer(1)
            info.view = (c, chain.outer, chain.inner)
            info.kinds.add('chain')
            inner_rule = self.rule(chain.inner)
            info.inner_chain = inner_rule.chain if inner_rule.kind == 'chain' else None
            if n.kind == 'pow':
                base, exponent = n.args
                if f.depends(base):
                    info.kinds.add('power')
                    info.power_n = S(exponent)
                else:
                    info.kinds.add('exponential')
                    info.exp_base = S(base)
            elif n.kind == 'call':
                self._function(info, n)
            elif n.kind == 'div':
                info.kinds |= {'reciprocal', 'power'}
                info.parts = tuple(n.args)
                template = chain.outer.template
                assert template.is_Pow and template.base == T
                info.power_n = template.exp
        elif k == 'direct':
            if n.kind == 'pow':
                base, exponent = n.args
                if f.is_variable(base):
                    info.kinds.add('power')
                    info.power_n = S(exponent)
                    info.view = (sp.Integer(1), Outer(T ** info.power_n, 'u^n'), base)
                else:
                    info.kinds.add('exponential')
                    info.exp_base = S(base)
                    info.view = (sp.Integer(1), Outer(info.exp_base ** T, 'a^u'), exponent)
            elif n.kind == 'call':
                self._function(info, n)
                param = S(n.args[1]) if len(n.args) > 1 else None
                info.view = (sp.Integer(1), Outer(ms.apply_function(n.value, T, param), 'F(u)'), n.args[0])
            elif n.kind == 'div':
                numerator, denominator = n.args
                info.kinds |= {'reciprocal', 'power'}
                info.parts = (numerator, denominator)
                c = S(numerator)
                variable_factor = None
                for g in ms.product_factors(denominator):
                    if f.depends(g):
                        variable_factor = g
                    else:
                        c = c / S(g)
                g = variable_factor
                if f.is_variable(g):
                    m, inner = sp.Integer(1), g
                elif g.kind == 'pow':
                    m, inner = S(g.args[1]), g.args[0]
                elif g.kind == 'call' and g.value in ROOT_EXPONENT:
                    m, inner = ROOT_EXPONENT[g.value], g.args[0]
                elif g.kind == 'call' and g.value == 'nthRoot':
                    m, inner = 1 / S(g.args[1]), g.args[0]
                else:
                    raise ValueError(f'unexpected reciprocal {tree_text(n)}')
                assert f.is_variable(inner)
                info.power_n = -m
                info.view = (c, Outer(T ** (-m), 'u^(-k)'), inner)
                # c/x^k is c·x^(-k): a coefficient place too when c is not 1 (4/x^2 -> (4-2)·x^(-3)).
                if sp.simplify(c - 1) != 0:
                    info.kinds.add('coefficient')
                    info.coefficient = (c, -m)
        elif k == 'product':
            info.kinds.add('product')
            info.parts = rule.parts
        elif k == 'quotient':
            info.kinds.add('quotient')
            info.parts = rule.parts
        elif k == 'logarithmic':
            info.kinds.add('variable_power')
            info.parts = rule.parts
        elif k in ('constant_multiple', 'constant_divide'):
            const, other = rule.parts if k == 'constant_multiple' else (rule.parts[1], rule.parts[0])
            c = S(const) if k == 'constant_multiple' else 1 / S(const)
            if f.is_variable(other):
                # c·x is c·x^1: 3x -> (3+1)·x^0 = 4.
                info.kinds.add('coefficient')
                info.coefficient = (c, sp.Integer(1))
            elif other.kind == 'pow' and f.is_variable(other.args[0]) and not f.depends(other.args[1]):
                info.kinds.add('coefficient')
                info.coefficient = (c, S(other.args[1]))
            elif other.kind == 'call' and f.is_variable(other.args[0]) and self.root_exponent(other) is not None:
                info.kinds.add('coefficient')
                info.coefficient = (c, self.root_exponent(other))
        elif k == 'constant':
            if id(n) in self.top_terms and not is_plain_number(n):
                info.kinds.add('constant_term')
                info.term_sign = self.top_terms[id(n)]
        return info

    def _function(self, info: Info, n: Node):
        info.kinds.add('function')
        info.fname = n.value
        info.fparam = self.f.S(n.args[1]) if len(n.args) > 1 else None
        if n.value == 'exp':
            info.kinds.add('exponential')
            info.exp_base = sp.E
        exponent = self.root_exponent(n)
        if exponent is not None:
            info.kinds.add('power')
            info.power_n = exponent

    def root_exponent(self, n: Node) -> Optional[sp.Expr]:
        """1/k for a root sqrt(u), cbrt(u), nthRoot(u, k) with a constant k: a power place u^(1/k)."""
        if n.kind != 'call':
            return None
        if n.value in ROOT_EXPONENT:
            return ROOT_EXPONENT[n.value]
        if n.value == 'nthRoot' and len(n.args) == 2 and not self.f.depends(n.args[1]):
            return 1 / self.f.S(n.args[1])
        return None

    # Which codes and variants apply where ------------------------------------------------------

    def applies(self, code: str, variant: str, info: Info) -> bool:
        kinds = info.kinds
        if code in ms.CODES:
            if 'chain' not in kinds:
                return False
            if code == 'missing_inner_factor' and variant == 'b':
                return ms.written_factor(info.view[2]) is not None
            return not (code == 'swapped_inner_outer' and variant == 'b' and info.inner_chain is None)
        if code == 'inner_derivative_sign_error':
            # F'(u)·(-u') at every composite, as the spec defines it: a minus of u lost or doubled, or
            # one put into u' where u has none (x - 3 taken to give -1).
            return 'chain' in kinds
        if code in ('inner_only', 'outer_not_differentiated', 'inner_not_differentiated'):
            return 'chain' in kinds
        if code == 'linear_extrapolation':
            if 'chain' not in kinds or info.view[2].kind not in ('add', 'sub'):
                return False
            # (b), F(a - b) as F(a) + F(-b), differs from (a), F(a) - F(b), only where a term of the
            # variable has a minus (F(-c) and -F(c) are constants alike) and F is not odd.
            return variant == 'a' or (any(sign < 0 and self.f.depends(t) for sign, t in signed_terms(info.view[2])) and not is_odd(info.view[1]))
        if code in ('product_as_composite', 'product_of_derivatives', 'product_rule_one_term', 'product_rule_sum'):
            return 'product' in kinds
        if code.startswith('quotient_'):
            return 'quotient' in kinds
        if code == 'reciprocal_of_derivative':
            return 'reciprocal' in kinds
        if code in ('power_exponent_not_reduced', 'power_exponent_increased'):
            return 'power' in kinds
        if code == 'power_rule_coefficient_added':
            return 'coefficient' in kinds
        if code == 'power_rule_on_exponential':
            if 'exponential' not in kinds:
                return False
            return variant == 'a' or not self.unit_slope(info.view[2])
        if code == 'power_rule_variable_exponent':
            return 'variable_power' in kinds
        if code == 'exponential_missing_ln':
            return 'exponential' in kinds
        if code == 'log_as_reciprocal_log':
            return info.fname == 'log' and info.fparam is None
        if code == 'log_base_ignored':
            return info.fname in ('log10', 'log2') or (info.fname == 'log' and info.fparam is not None)
        if code == 'trig_sign_error':
            return info.fname in TRIG or info.fname in INVERSE_TRIG
        if code == 'trig_table_error':
            return info.fname == {'a': 'tan', 'b': 'cot', 'c': 'sec', 'd': 'tan'}[variant]
        if code == 'inverse_trig_as_reciprocal':
            return info.fname in INVERSE_TRIG
        if code == 'constant_as_variable':
            return 'constant_term' in kinds
        raise ValueError(code)

    def unit_slope(self, inner: Node) -> bool:
        du = Differentiator(self).d(inner, {})
        return sp.simplify(du - 1) == 0

    def mutations(self, codes=None) -> list[tuple[Info, str, str]]:
        """(place, code, variant) for every single mistake, in the fixture's order."""
        out = []
        codes = codes or BEYOND_CODES
        for info in self.list:
            for code in sorted(codes, key=CODE_ORDER.get):
                for variant in ALL_VARIANTS[code]:
                    if self.applies(code, variant, info):
                        out.append((info, code, variant))
        return out


def base_of_log(info: Info) -> sp.Expr:
    return {'log10': sp.Integer(10), 'log2': sp.Integer(2)}.get(info.fname, info.fparam)


# ------------------------------------------------------------------------------------------------
# The differentiator with buggy rules at chosen places. A plan maps id(node) to [(code, variant)].

Plan = dict


class Differentiator:
    def __init__(self, places: Places):
        self.places = places
        self.f = places.f
        self.X = places.f.X

    def d(self, n: Node, plan: Plan) -> sp.Expr:
        X, S = self.X, self.f.S
        info = self.places.info(n)
        rule = info.rule
        muts = plan.get(id(n), [])
        d = lambda m: self.d(m, plan)  # noqa: E731
        k = rule.kind
        if k == 'constant':
            for code, _ in muts:
                if code == 'constant_as_variable':
                    return self.constant_as_variable(n)
            return sp.Integer(0)
        if k == 'variable':
            return sp.Integer(1)
        if k == 'add':
            return d(rule.parts[0]) + d(rule.parts[1])
        if k == 'sub':
            return d(rule.parts[0]) - d(rule.parts[1])
        if k == 'neg':
            return -d(rule.parts[0])
        if k in ('constant_multiple', 'constant_divide'):
            if any(code == 'power_rule_coefficient_added' for code, _ in muts):
                c, e = info.coefficient
                return (c + e) * X ** (e - 1)
            if k == 'constant_multiple':
                return S(rule.parts[0]) * d(rule.parts[1])
            return d(rule.parts[0]) / S(rule.parts[1])
        if k == 'product':
            a, b = rule.parts
            for code, variant in muts:
                if code == 'product_as_composite':
                    return d(a).subs(X, S(b)) * d(b)
                if code == 'product_of_derivatives':
                    return d(a) * d(b)
                if code == 'product_rule_one_term':
                    return d(a) * S(b) if variant == 'a' else S(a) * d(b)
                if code == 'product_rule_sum':
                    return d(a) + d(b)
            return d(a) * S(b) + S(a) * d(b)
        if k == 'quotient':
            p, q = rule.parts
            for code, _ in muts:
                P, Q, dp, dq = S(p), S(q), d(p), d(q)
                if code == 'quotient_of_derivatives':
                    return dp / dq
                if code == 'quotient_numerator_reversed':
                    return (P * dq - dp * Q) / Q ** 2
                if code == 'quotient_numerator_plus':
                    return (dp * Q + P * dq) / Q ** 2
                if code == 'quotient_denominator_not_squared':
                    return (dp * Q - P * dq) / Q
                if code == 'quotient_numerator_derivatives_only':
                    return (dp - dq) / Q ** 2
            return (d(p) * S(q) - S(p) * d(q)) / S(q) ** 2
        if k == 'logarithmic':
            base, exponent = rule.parts
            if any(code == 'power_rule_variable_exponent' for code, _ in muts):
                return S(exponent) * S(base) ** (S(exponent) - 1) * d(base)
            return S(n) * (d(exponent) * sp.log(S(base)) + S(exponent) * d(base) / S(base))
        if k in ('chain', 'direct'):
            if 'coefficient' in info.kinds and any(code == 'power_rule_coefficient_added' for code, _ in muts):
                c, e = info.coefficient
                return (c + e) * X ** (e - 1)
            if info.view is None:  # every chain and direct node has a view (Places._analyse)
                raise ValueError(f'no view at {tree_text(n)}')
            return self.d_view(n, info, muts, plan)
        raise ValueError(k)

    # F(u) nodes: chain nodes and F(x), x^n, a^x, c/x^k ------------------------------------------

    def entry(self, info: Info, muts) -> sp.Expr:
        """F'(t), or the mistaken table entry."""
        c, F, _ = info.view
        E = sp.diff(F.template, T)
        for code, variant in muts:
            if code == 'trig_sign_error':
                E = -E
            elif code == 'trig_table_error':
                E = {'a': sp.sec(T), 'b': -sp.csc(T), 'c': sp.sec(T) ** 2, 'd': sp.sec(T) * sp.tan(T)}[variant]
            elif code == 'inverse_trig_as_reciprocal':
                E = sp.diff(1 / INVERSE_TRIG[info.fname](T), T)
            elif code == 'log_as_reciprocal_log':
                E = 1 / sp.log(T)
            elif code == 'log_base_ignored':
                E = 1 / T if variant == 'a' else sp.log(base_of_log(info)) / T
            elif code == 'exponential_missing_ln':
                a = info.exp_base
                E = a ** T if variant == 'a' else a ** T / sp.log(a)
            elif code == 'power_rule_on_exponential':
                a = info.exp_base
                E = T * a ** (T - 1)
            elif code == 'power_exponent_not_reduced':
                E = info.power_n * T ** info.power_n
            elif code == 'power_exponent_increased':
                E = info.power_n * T ** (info.power_n + 1)
        return E

    def d_view(self, n: Node, info: Info, muts, plan: Plan) -> sp.Expr:
        X, S = self.X, self.f.S
        c, F, inner = info.view
        u = S(inner)
        du = lambda: self.d(inner, plan)  # noqa: E731
        for code, variant in muts:
            if code == 'reciprocal_of_derivative':
                numerator, denominator = info.parts
                return S(numerator) / self.d(denominator, plan)
            if code == 'linear_extrapolation':
                return sp.diff(self.rewrite(n, plan), X)
            if code == 'inner_only':
                return c * F.at(du())
            if code == 'outer_not_differentiated':
                return c * (F.at(u) * du() if variant == 'a' else du())
            if code == 'power_rule_on_exponential' and variant == 'b':
                return c * u * info.exp_base ** (u - 1)
        E = self.entry(info, muts)
        at = lambda arg: E.subs(T, arg)  # noqa: E731
        step = next(((code, variant) for code, variant in muts if code in STEP_CODES), None)
        if step is None:
            return c * at(u) * du()
        code, variant = step
        if code == 'missing_inner_factor':
            return c * at(u) * (1 if variant == 'a' else ms.written_factor(inner))
        if code == 'outer_at_inner_derivative':
            w = du()
            return c * (at(w) if variant == 'a' else at(w) * w)
        if code == 'inner_not_differentiated':
            return c * at(u) * u
        if code == 'inner_derivative_sign_error':
            return c * at(u) * (-du())
        if code == 'swapped_inner_outer':
            if variant == 'a':
                return c * sp.diff(u.subs(X, F.at(X)), X)
            g = info.inner_chain
            swapped = g.outer.at(F.at(S(g.inner)))
            return c * sp.diff(swapped if g.coefficient is None else g.coefficient * swapped, X)
        if code == 'missed_composite':
            if variant == 'a':
                return c * at(X) * du()
            if variant == 'b':
                return c * (at(X) * u + F.at(X) * du())
            return c * at(X)
        raise ValueError(code)

    # linear extrapolation: the function as the student rewrote it ---------------------------------

    def rewrite(self, n: Node, plan: Plan) -> sp.Expr:
        f, S = self.f, self.f.S
        if not f.depends(n):
            return S(n)
        info = self.places.info(n)
        extrapolated = [variant for code, variant in plan.get(id(n), []) if code == 'linear_extrapolation']
        if extrapolated:
            c, F, inner = info.view
            if extrapolated[0] == 'b':
                # the minus kept inside F: F(-t) as it stands, never simplified
                return c * sum(student_apply(F, self.rewrite(t, plan), self.X) if sign > 0 else F.at(-self.rewrite(t, plan)) for sign, t in signed_terms(inner))
            return c * sum(sign * student_apply(F, self.rewrite(t, plan), self.X) for sign, t in signed_terms(inner))
        k = n.kind
        if k in ('num', 'sym'):
            return S(n)
        a = [self.rewrite(m, plan) for m in n.args]
        if k == 'add':
            return a[0] + a[1]
        if k == 'sub':
            return a[0] - a[1]
        if k == 'mul':
            return a[0] * a[1]
        if k == 'div':
            return a[0] / a[1]
        if k == 'neg':
            return -a[0]
        if k == 'pow':
            return a[0] ** a[1]
        if k == 'call':
            return ms.apply_function(n.value, a[0], a[1] if len(a) > 1 else None)
        raise ValueError(k)

    # constant as variable -------------------------------------------------------------------------

    def constant_as_variable(self, term: Node) -> sp.Expr:
        f = self.f
        nodes = list(preorder(term))
        symbol = next((m for m in nodes if m.kind == 'sym'), None)
        if symbol is not None:
            hit = lambda m: m.kind == 'sym' and m.value == symbol.value  # noqa: E731
            atom_value = f.S(symbol)
        else:
            parents = {}
            for m in nodes:
                for i, a in enumerate(m.args):
                    parents[id(a)] = (m, i)

            def eligible(m):
                if m.kind != 'num' or id(m) not in parents:
                    return False
                parent, i = parents[id(m)]
                return (parent.kind == 'call' and i == 0) or (parent.kind == 'pow' and i == 0)
            atom = next((m for m in nodes if eligible(m)), None)
            if atom is None:
                raise ValueError(f'no atom in the constant term {tree_text(term)}')
            hit = lambda m: m is atom  # noqa: E731
            atom_value = atom.value
        expr = build(f, term, lambda m: T if hit(m) else None)
        return sp.diff(expr, T).subs(T, atom_value)


def is_odd(F: Outer) -> bool:
    """F(-t) = -F(t) at two numbers, in real mode (cbrt odd, sqrt and ln undefined at -t: not odd)."""
    for t in (sp.Rational(3, 10), sp.Rational(7, 10)):
        try:
            plus, minus = ms.value(F.at(t), {}), ms.value(F.at(-t), {})
        except (KeyError, ValueError, TypeError):
            return False  # a letter of F's own (a^t): not known to be odd
        if plus is None or minus is None or abs(plus + minus) > 1e-12 * max(1, abs(plus)):
            return False
    return True


def student_apply(F: Outer, t: sp.Expr, X: sp.Symbol) -> sp.Expr:
    """F(t) simplified as a student would: a root or power of a power b^m (m constant) is b^(m*n)."""
    template = F.template
    if template.is_Pow and template.base == T and t.is_Pow and t.base.has(X) and not t.exp.has(X):
        return sp.Pow(t.base, t.exp * template.exp)
    return F.at(t)


def build(f: ms.Function, n: Node, replace: Callable[[Node], Optional[sp.Expr]]) -> sp.Expr:
    """The SymPy value of a subtree with some nodes replaced."""
    r = replace(n)
    if r is not None:
        return r
    if n.kind in ('num', 'sym'):
        return f.S(n)
    a = [build(f, m, replace) for m in n.args]
    k = n.kind
    if k == 'add':
        return a[0] + a[1]
    if k == 'sub':
        return a[0] - a[1]
    if k == 'mul':
        return a[0] * a[1]
    if k == 'div':
        return a[0] / a[1]
    if k == 'neg':
        return -a[0]
    if k == 'pow':
        return a[0] ** a[1]
    if k == 'call':
        return ms.apply_function(n.value, a[0], a[1] if len(a) > 1 else None)
    raise ValueError(k)


# ------------------------------------------------------------------------------------------------
# One function: its places, values and candidates.

class Analysis:
    def __init__(self, text: str, variable: str = 'x'):
        self.text, self.variable = text, variable
        self.f = ms.Function(text, variable)
        self.places = Places(self.f)
        self.diff = Differentiator(self.places)
        self.correct = self.diff.d(self.f.tree, {})
        self.exact = sp.diff(self.f.S(self.f.tree), self.f.X)
        self.domain = ms.Domain(self.f, [self.f.S(self.f.tree), self.exact])
        if len(self.domain.points) < 8:
            raise ValueError(f'{text}: too few sample points')
        self.correct_values = self.values(self.correct)
        if ms.equivalent(self.correct_values, self.values(self.exact), lenient=False) is not True:
            raise AssertionError(f'{text}: the tree differentiation disagrees with sympy.diff')
        self._extra: dict[str, list] = {}

    def values(self, e: sp.Expr) -> list:
        """Values at the sample points; letters the function does not have (C, K) get values of their own."""
        known = self.domain.points[0]
        extra = sorted(s.name for s in e.free_symbols if s.name not in known)
        if not extra:
            return self.domain.values(e)
        out = []
        for i, env in enumerate(self.domain.points):
            env = dict(env)
            for name in extra:
                env[name] = ms.mp.mpf(1.7 + 0.37 * ((i * 7 + sum(map(ord, name))) % 11))
            out.append(ms.value(e, env))
        return out

    def equal(self, a: sp.Expr, b: sp.Expr, lenient=True) -> bool:
        return ms.equivalent(self.values(a), self.values(b), lenient=lenient) is True

    def void(self, e: sp.Expr) -> bool:
        return ms.equivalent(self.values(e), self.correct_values, lenient=True) is True

    def single(self, info: Info, code: str, variant: str) -> sp.Expr:
        return self.diff.d(self.f.tree, {id(info.node): [(code, variant)]})

    def systematic_plans(self, codes=None) -> list[tuple[str, str, Plan]]:
        out = []
        for code in codes or BEYOND_CODES:
            # Distributing F over a sum rewrites the function itself: at every place at once, each
            # rewrite would change the sums the others distribute over, so there is no one systematic form.
            if code == 'linear_extrapolation':
                continue
            for variant in ALL_VARIANTS[code]:
                where = [i for i in self.places.list if self.places.applies(code, variant, i)]
                plan = {id(i.node): [(code, variant)] for i in where}
                if (code, variant) == ('power_rule_on_exponential', 'b') and where:
                    # (b) is not made where u' = 1 (a^x, e^(x+2)), where it is (a): a student applying the
                    # power rule to every exponential follows (a) there, so the systematic form takes it.
                    same = [i for i in self.places.list if self.places.applies(code, 'a', i) and id(i.node) not in plan]
                    plan.update({id(i.node): [(code, 'a')] for i in same})
                    where = where + same
                if len(where) > 1:
                    out.append((code, variant, plan))
        return out

    def pairs(self) -> list[tuple[tuple, tuple, sp.Expr]]:
        """Two mistakes at once, nearest places first, at most MAX_PAIRS."""
        singles = self.places.mutations(ms.CODES + BEYOND_CODES)
        found = []
        for m1, m2 in itertools.combinations(singles, 2):
            (i1, c1, v1), (i2, c2, v2) = m1, m2
            if i1 is i2:
                if not (((c1 in PAIR_ENTRY_CODES and c2 in PAIR_STEP_CODES) or
                         (c2 in PAIR_ENTRY_CODES and c1 in PAIR_STEP_CODES)) and 'chain' in i1.kinds):
                    continue
                plan = {id(i1.node): [(c1, v1), (c2, v2)]}
            else:
                plan = {id(i1.node): [(c1, v1)], id(i2.node): [(c2, v2)]}
            found.append((abs(i1.order - i2.order), m1, m2, plan))
        found.sort(key=lambda p: p[0])
        self.pair_count = len(found)
        return [(m1, m2, plan) for _, m1, m2, plan in found[:MAX_PAIRS]]

    def pair_value(self, plan: Plan) -> sp.Expr:
        return self.diff.d(self.f.tree, plan)


def check_four_codes(A: Analysis, entry: dict):
    """The four codes as this module's differentiator computes them equal mistakes_sympy's (the pairs
    rely on them)."""
    ours = []
    for info, code, variant in A.places.mutations(ms.CODES):
        e = A.single(info, code, variant)
        if not A.void(e):
            ours.append((code, variant, e))
    listed = [c for c in entry['candidates'] if not c['systematic']]
    if len(ours) != len(listed):
        raise AssertionError(f"{A.text}: {len(ours)} four-code candidates here, {len(listed)} in mistakes_sympy")
    for (code, variant, e), c in zip(sorted(ours, key=lambda o: CODE_ORDER[o[0]]), listed):
        if (code, variant) != (c['mistake'], c['variant']) or not A.equal(e, ms.read_value(c['candidate'], A.f)):
            raise AssertionError(f"{A.text}: {code}/{variant} differs from mistakes_sympy's {c}")


def compute(text: str, variable: str = 'x', simplify: bool = True) -> dict:
    entry = ms.compute(text, variable, simplify=simplify)
    A = Analysis(text, variable)
    check_four_codes(A, entry)
    tidy = (lambda e: ms.tidy(e, A.domain, seconds=3)) if simplify else (lambda e: e)
    if not A.equal(A.correct, ms.read_value(entry['correct'], A.f), lenient=False):
        raise AssertionError(f'{text}: correct derivative differs from mistakes_sympy')

    def add(code, variant, systematic, at, expr):
        if A.void(expr):
            return
        compared = sum(v is not None and c is not None for v, c in zip(A.values(expr), A.correct_values))
        if compared == 0 or expr.has(sp.I):
            # ln(cos(3)) and the like: no real value where f' has one, so no answer can be seen to equal it
            print(f'note: {text}: {code}/{variant}{" S" if systematic else ""} at {at} is nowhere real: dropped',
                  file=sys.stderr)
            return
        if compared < 8:
            print(f'warning: {text}: {code}/{variant} at {at} is real at only {compared} sample points', file=sys.stderr)
        entry['candidates'].append({
            'mistake': code, 'variant': variant, 'systematic': systematic, 'at': at,
            'candidate': ms.show(tidy(expr)),
        })

    for info, code, variant in A.places.mutations():
        add(code, variant, False, info.at, A.single(info, code, variant))
    for code, variant, plan in A.systematic_plans():
        add(code, variant, True, None, A.diff.d(A.f.tree, plan))
    return entry


# ------------------------------------------------------------------------------------------------
# Checking a fixture.

def check_fixture(path: str) -> int:
    examples = json.load(open(path))
    problems = 0
    for ex in examples:
        text, variable = ex['function'], ex['variable']
        ours = compute(text, variable, simplify=False)
        A = Analysis(text, variable)
        val = lambda s: A.values(ms.read_value(s, A.f))  # noqa: E731
        issues = []
        if len(ours['chain_nodes']) != len(ex['chain_nodes']) or any(
            ms.equivalent(val(a), val(b)) is not True for a, b in zip(ours['chain_nodes'], ex['chain_nodes'])
        ):
            issues.append(f"chain nodes: ours {ours['chain_nodes']} listed {ex['chain_nodes']}")
        if ms.equivalent(val(ours['correct']), val(ex['correct']), lenient=False) is not True:
            issues.append(f"correct: ours {ours['correct']} listed {ex['correct']}")

        def same(a, b):
            return (a['mistake'], a['variant'], a['systematic']) == (b['mistake'], b['variant'], b['systematic']) and (
                a['systematic'] or ms.equivalent(val(a['at']), val(b['at'])) is True
            ) and ms.equivalent(val(a['candidate']), val(b['candidate'])) is True

        for c in ex['candidates']:
            n = sum(same(o, c) for o in ours['candidates'])
            if n != 1:
                issues.append(f"listed {c['mistake']}/{c['variant']}{' S' if c['systematic'] else ''} at {c['at']}: "
                              f"{c['candidate']} -> {n} of ours")
        for o in ours['candidates']:
            n = sum(same(o, c) for c in ex['candidates'])
            if n != 1:
                issues.append(f"ours {o['mistake']}/{o['variant']}{' S' if o['systematic'] else ''} at {o['at']}: "
                              f"{o['candidate']} -> {n} listed")
        order = [(c['mistake'], c['variant'], c['systematic']) for c in ex['candidates']]
        if order != [(c['mistake'], c['variant'], c['systematic']) for c in ours['candidates']]:
            issues.append('the candidates are listed in another order')
        status = 'ok' if not issues else 'DIFFERS'
        print(f"{status:8} {text} ({len(ex['candidates'])} listed, {len(ours['candidates'])} ours)")
        for i in issues:
            print('         ' + i)
        problems += bool(issues)
    print(f'{len(examples) - problems} of {len(examples)} reproduced')
    return problems


def check_service_reading(path: str) -> int:
    """Every text of a fixture (function, correct derivative, candidates, places) read by the service's
    own reader (tools/service-reading.ts, needs npm ci) is the same function as read here."""
    import os
    import subprocess
    import student_reader
    examples = json.load(open(path))
    requests = []
    for ex in examples:
        texts = [(ex['function'], 'function'), (ex['correct'], 'answer')]
        texts += [(c['candidate'], 'answer') for c in ex['candidates']]
        texts += [(c['at'], 'answer') for c in ex['candidates'] if c['at']]
        requests += [(ex, text, role) for text, role in texts]
    here = os.path.dirname(os.path.abspath(__file__))
    lines = ''.join(json.dumps({'text': t, 'variable': ex['variable'], 'role': role}) + '\n' for ex, t, role in requests)
    run = subprocess.run(['npx', 'tsx', os.path.join(here, 'service-reading.ts')], input=lines, text=True,
                         capture_output=True, cwd=os.path.dirname(here), check=True)
    problems, analyses = 0, {}
    for (ex, text, _), line in zip(requests, run.stdout.splitlines()):
        key = (ex['function'], ex['variable'])
        if key not in analyses:
            analyses[key] = Analysis(*key)
        A = analyses[key]
        read = json.loads(line)
        if 'error' in read:
            problems += 1
            print(f"{ex['function']}: the service does not read {text!r}: {read['error']}")
        elif read['warnings']:
            problems += 1
            print(f"{ex['function']}: the service warns on {text!r}: {read['warnings']}")
        elif not A.equal(student_reader.read(read['text'], ex['variable'], A.f.symbols), ms.read_value(text, A.f)):
            problems += 1
            print(f"{ex['function']}: the service reads {text!r} as {read['text']}")
    print(f'{len(requests) - problems} of {len(requests)} texts read the same by the service')
    return problems


def describe_places(text: str, variable: str) -> str:
    A = Analysis(text, variable)
    lines = [f'{A.text}: correct {ms.show(A.correct)}']
    for info in A.places.list:
        codes = [f'{c}/{v}' for i, c, v in A.places.mutations(ms.CODES + BEYOND_CODES) if i is info]
        lines.append(f"  {info.order:2} {info.at:30} {sorted(info.kinds)}: {', '.join(codes)}")
    return '\n'.join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('function', nargs='?')
    ap.add_argument('--variable', default='x')
    ap.add_argument('--check', metavar='FIXTURE')
    ap.add_argument('--functions', metavar='LIST')
    ap.add_argument('--out', metavar='JSON')
    ap.add_argument('--places', action='store_true', help='list the places of the function')
    ap.add_argument('--service-reading', action='store_true',
                    help='with --check: the service reads every text of the fixture as the same function')
    ap.add_argument('--raw', action='store_true', help='do not simplify the printed expressions')
    args = ap.parse_args()
    if args.check and args.service_reading:
        return 1 if check_service_reading(args.check) else 0
    if args.check:
        return 1 if check_fixture(args.check) else 0
    if args.functions:
        entries = []
        for text, variable in ms.read_function_list(args.functions):
            entry = compute(text, variable, simplify=not args.raw)
            print(f"{text} ; {variable}: {len(entry['candidates'])} candidates", file=sys.stderr)
            entries.append(entry)
        out = json.dumps(entries, indent=1, ensure_ascii=False) + '\n'
        if args.out:
            open(args.out, 'w').write(out)
        else:
            sys.stdout.write(out)
        return 0
    if args.function and args.places:
        print(describe_places(args.function, args.variable))
        return 0
    if args.function:
        print(json.dumps(compute(args.function, args.variable, simplify=not args.raw), indent=1))
        return 0
    ap.print_help()
    return 2


if __name__ == '__main__':
    sys.exit(main())
