#!/usr/bin/env python3
"""
An independent implementation of MISTAKES.md (../shared/MISTAKES.md) in SymPy, written from the
specification, not from the TypeScript: it finds the chain nodes of a function, computes the correct
derivative and every candidate of every mistake and variant at every chain node, the systematic forms,
drops void candidates, and writes JSON in the format of test/fixtures/chain-rule-examples.json.

It is a development tool, not part of the test suite (it needs python3-sympy; CI has only Node):

    python3 tools/mistakes_sympy.py --check test/fixtures/chain-rule-examples.json
        recompute the functions of a fixture and compare with it, numerically, both ways
    python3 tools/mistakes_sympy.py --functions tools/more-functions.txt --out test/fixtures/more-chain-rule-examples.json
        compute a fixture (one function a line: `function` or `function ; variable`, # comments)
    python3 tools/mistakes_sympy.py 'sin(x^2)'            print one function's entry

How the specification is read (each choice is the literal text unless said otherwise):

* The function is parsed into its own tree (SymPy would rewrite exp(x)^2 as exp(2x), (x^2)^3 as x^6,
  log(u, b) as log(u)/log(b) and lose the structure the chain nodes are defined on). SymPy is used for
  values and derivatives only.
* Chain node N = c*F(u): F an elementary function of one argument (parameters such as log's base or
  nthRoot's index are part of F), a power u^n with constant n, an exponential a^u with constant a, or a
  reciprocal c/u, c/u^k, c/sqrt(u), c/cbrt(u), c/nthRoot(u, n); u depends on the variable and is not the
  variable itself. Not chain nodes: sums, products, constant multiples, quotients of two functions of
  the variable, u^v with both depending on the variable, F(x).
* Reciprocal: a choice the text leaves open. Constant factors of the denominator are taken out with the
  numerator ("constant factors are never part of the outer function"): 1/(2(x^2+1)) is (1/2)*(x^2+1)^(-1)
  and 1/(2x) is (1/2)*x^(-1), which is not a chain node. A denominator with several factors depending on
  the variable is u as a whole (1/(x*sin(x)) is (x*sin(x))^(-1)).
* Swap (b) when u is itself a reciprocal chain node with a constant, u = k*G(R): the candidate is
  d/dx k*G(F(R)) (the node k*G exchanged with F as one layer).
* Systematic form: for each code and variant, the buggy step at every node where that variant applies
  (swap (b): nodes whose u is a chain node), inner derivatives computed with the same mistake; listed
  only when it applies at more than one node.
* missing_inner_factor (b), this project's addition (README, "The mistakes it diagnoses"): F'(u)*c where
  u is written c*v (a leading minus, a number multiplying or dividing it, or a minus on every term).
* Void: equal to the correct derivative as functions (numerically, in real mode, where the function and
  its derivative are real and finite; points where only the candidate is undefined are skipped).

Numbers: expressions are evaluated at 120 sample points in the service's real mode (odd roots of negative numbers are real,
even roots and logarithms of negatives undefined) with mpmath at 40 digits.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sys
from dataclasses import dataclass, field
from typing import Callable, Optional

import mpmath as mp
import sympy as sp
from sympy.printing.str import StrPrinter

mp.mp.dps = 40

CODES = ['missing_inner_factor', 'outer_at_inner_derivative', 'swapped_inner_outer', 'missed_composite']
VARIANTS = {
    'missing_inner_factor': ['a', 'b'],
    'outer_at_inner_derivative': ['a', 'b'],
    'swapped_inner_outer': ['a', 'b'],
    'missed_composite': ['a', 'b', 'c'],
}

# ------------------------------------------------------------------------------------------------
# Reading: a small mathjs-like grammar with explicit operators.

FUNCTION_NAMES = {
    'sin': 'sin', 'cos': 'cos', 'tan': 'tan', 'sec': 'sec', 'csc': 'csc', 'cot': 'cot',
    'asin': 'asin', 'arcsin': 'asin', 'acos': 'acos', 'arccos': 'acos', 'atan': 'atan', 'arctan': 'atan',
    'acot': 'acot', 'arccot': 'acot', 'asec': 'asec', 'arcsec': 'asec', 'acsc': 'acsc', 'arccsc': 'acsc',
    'sinh': 'sinh', 'cosh': 'cosh', 'tanh': 'tanh',
    'exp': 'exp', 'ln': 'log', 'log': 'log', 'log10': 'log10', 'log2': 'log2',
    'sqrt': 'sqrt', 'cbrt': 'cbrt', 'nthRoot': 'nthRoot', 'abs': 'abs', 'sign': 'sign',
}


@dataclass(eq=False)
class Node:
    kind: str  # num sym add sub mul div neg pow call
    args: list = field(default_factory=list)
    value: object = None  # num: sympy Rational; sym: name; call: function name
    written: Optional[str] = None  # num and call: the text as written (2.5, arcsin), for printing places


TOKEN = re.compile(r'\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(\*\*|[-+*/^(),]))')


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f'cannot read {text!r} at {pos}')
        pos = m.end()
        if m.group(1):
            tokens.append(('num', m.group(1)))
        elif m.group(2):
            tokens.append(('name', m.group(2)))
        else:
            tokens.append(('op', '^' if m.group(3) == '**' else m.group(3)))
    return tokens


class Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else ('end', '')

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise ValueError(f'expected {value!r}, got {tok!r}')
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.expr()
        if self.peek()[0] != 'end':
            raise ValueError(f'trailing {self.peek()!r}')
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.peek()[1] in ('+', '-'):
            op = self.take()[1]
            node = Node('add' if op == '+' else 'sub', [node, self.term()])
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek()[1] in ('*', '/'):
            op = self.take()[1]
            node = Node('mul' if op == '*' else 'div', [node, self.unary()])
        return node

    def unary(self) -> Node:
        if self.peek()[1] == '-':
            self.take()
            return Node('neg', [self.unary()])
        if self.peek()[1] == '+':
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> Node:
        base = self.primary()
        if self.peek()[1] == '^':
            self.take()
            return Node('pow', [base, self.unary()])  # right-associative, 2^-x allowed
        return base

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == 'num':
            return Node('num', value=sp.Rational(value), written=value)
        if kind == 'name':
            if self.peek()[1] == '(':
                if value not in FUNCTION_NAMES:
                    raise ValueError(f'unknown function {value}')
                self.take('(')
                args = [self.expr()]
                while self.peek()[1] == ',':
                    self.take()
                    args.append(self.expr())
                self.take(')')
                return Node('call', args, FUNCTION_NAMES[value], written=value)
            return Node('sym', value=value)
        if value == '(':
            node = self.expr()
            self.take(')')
            return node
        raise ValueError(f'unexpected {value!r}')


# ------------------------------------------------------------------------------------------------
# Values: the tree as a SymPy expression (any form: only values matter from here on).

T = sp.Dummy('t', real=True)


class RealAbs(sp.Function):
    """|u| of a real u, with d|u|/du = sign(u) whatever SymPy knows about u (sp.Abs would bring in re,
    im and arg for an argument not known to be real, such as log(x)^2 - 4)."""
    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg.is_number and arg.is_extended_real:
            return sp.Abs(arg)
        if arg.is_extended_nonnegative:
            return arg

    def fdiff(self, argindex=1):
        return sp.sign(self.args[0])


class Function:
    """A function of one variable with its parameters, its tree and its SymPy values."""

    def __init__(self, text: str, variable: str):
        self.text = text
        self.variable = variable
        self.tree = Parser(text).parse()
        self.symbols: dict[str, sp.Symbol] = {}
        self.X = self.symbol(variable)
        self._sympy: dict[int, sp.Expr] = {}

    def symbol(self, name: str) -> sp.Symbol:
        if name not in self.symbols:
            self.symbols[name] = sp.Symbol(name, real=True)
        return self.symbols[name]

    def depends(self, node: Node) -> bool:
        if node.kind == 'sym':
            return node.value == self.variable
        return any(self.depends(a) for a in node.args)

    def is_variable(self, node: Node) -> bool:
        return node.kind == 'sym' and node.value == self.variable

    def S(self, node: Node) -> sp.Expr:
        key = id(node)
        if key not in self._sympy:
            self._sympy[key] = self._to_sympy(node)
        return self._sympy[key]

    def _to_sympy(self, n: Node) -> sp.Expr:
        k = n.kind
        if k == 'num':
            return n.value
        if k == 'sym':
            if n.value == 'e':
                return sp.E
            if n.value == 'pi':
                return sp.pi
            return self.symbol(n.value)
        a = [self.S(c) for c in n.args]
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
            return apply_function(n.value, a[0], a[1] if len(a) > 1 else None)
        raise ValueError(k)


def apply_function(name: str, arg: sp.Expr, parameter: Optional[sp.Expr]) -> sp.Expr:
    simple = {
        'sin': sp.sin, 'cos': sp.cos, 'tan': sp.tan, 'sec': sp.sec, 'csc': sp.csc, 'cot': sp.cot,
        'asin': sp.asin, 'acos': sp.acos, 'atan': sp.atan, 'acot': sp.acot, 'asec': sp.asec, 'acsc': sp.acsc,
        'sinh': sp.sinh, 'cosh': sp.cosh,
        'tanh': sp.tanh, 'exp': sp.exp, 'abs': RealAbs, 'sign': sp.sign,
    }
    if name in simple and parameter is None:
        return simple[name](arg)
    if name == 'log':
        return sp.log(arg) if parameter is None else sp.log(arg) / sp.log(parameter)
    if name == 'log10':
        return sp.log(arg) / sp.log(10)
    if name == 'log2':
        return sp.log(arg) / sp.log(2)
    if name == 'sqrt':
        return sp.sqrt(arg)
    if name == 'cbrt':
        return arg ** sp.Rational(1, 3)  # printed u^(1/3): the real cube root in the service's real mode
    if name == 'nthRoot':
        return arg ** (1 / parameter)
    raise ValueError(f'{name} with {parameter}')


# ------------------------------------------------------------------------------------------------
# Chain nodes (MISTAKES.md, "Chain nodes").

@dataclass(eq=False)
class Outer:
    """F as a function of the placeholder T."""
    template: sp.Expr
    description: str

    def at(self, arg: sp.Expr) -> sp.Expr:
        return self.template.subs(T, arg)

    def derivative_at(self, arg: sp.Expr) -> sp.Expr:
        return sp.diff(self.template, T).subs(T, arg)


@dataclass(eq=False)
class Chain:
    outer: Outer
    inner: Node
    coefficient: Optional[sp.Expr] = None  # constant outside F (c in c/(x^2+1))


@dataclass(eq=False)
class Rule:
    kind: str
    parts: tuple = ()
    chain: Optional[Chain] = None


ROOT_INDEX = {'sqrt': 2, 'cbrt': 3}


def product_factors(node: Node) -> list[Node]:
    if node.kind == 'mul':
        return product_factors(node.args[0]) + product_factors(node.args[1])
    return [node]


def multiply_nodes(nodes: list[Node]) -> Node:
    out = nodes[0]
    for n in nodes[1:]:
        out = Node('mul', [out, n])
    return out


def classify(f: Function, n: Node) -> Rule:
    if not f.depends(n):
        return Rule('constant')
    k = n.kind
    if k == 'sym':
        return Rule('variable')
    if k in ('add', 'sub'):
        return Rule(k, tuple(n.args))
    if k == 'neg':
        return Rule('neg', tuple(n.args))
    if k == 'mul':
        a, b = n.args
        if not f.depends(a):
            return Rule('constant_multiple', (a, b))
        if not f.depends(b):
            return Rule('constant_multiple', (b, a))
        return Rule('product', (a, b))
    if k == 'div':
        a, b = n.args
        if not f.depends(b):
            return Rule('constant_divide', (a, b))
        if not f.depends(a):
            chain = reciprocal_chain(f, a, b)
            return Rule('chain', chain=chain) if chain else Rule('direct')
        return Rule('quotient', (a, b))
    if k == 'pow':
        base, exponent = n.args
        db, de = f.depends(base), f.depends(exponent)
        if db and de:
            return Rule('logarithmic', (base, exponent))
        if db:
            if f.is_variable(base):
                return Rule('direct')
            e = f.S(exponent)
            return Rule('chain', chain=Chain(Outer(T ** e, f'u^({e})'), base))
        if f.is_variable(exponent):
            return Rule('direct')
        b = f.S(base)
        return Rule('chain', chain=Chain(Outer(b ** T, f'({b})^u'), exponent))
    if k == 'call':
        arg = n.args[0]
        if len(n.args) > 1 and f.depends(n.args[1]):
            raise ValueError('a base or root index depending on the variable is not supported here')
        if f.is_variable(arg):
            return Rule('direct')
        parameter = f.S(n.args[1]) if len(n.args) > 1 else None
        name = n.value
        return Rule('chain', chain=Chain(Outer(apply_function(name, T, parameter), f'{name}(u)'), arg))
    raise ValueError(k)


def reciprocal_chain(f: Function, numerator: Node, denominator: Node) -> Optional[Chain]:
    factors = product_factors(denominator)
    constants = [g for g in factors if not f.depends(g)]
    variables = [g for g in factors if f.depends(g)]
    coefficient = f.S(numerator)
    for g in constants:
        coefficient = coefficient / f.S(g)
    coefficient = None if coefficient == 1 else coefficient

    def chain(k: sp.Expr, inner: Node) -> Chain:
        return Chain(Outer(T ** (-k), f'u^(-{k})'), inner, coefficient)

    if len(variables) > 1:
        return chain(sp.Integer(1), multiply_nodes(variables))
    single = variables[0]
    if single.kind == 'pow' and not f.depends(single.args[1]):
        base = single.args[0]
        return None if f.is_variable(base) else chain(f.S(single.args[1]), base)
    if single.kind == 'call' and single.value in ('sqrt', 'cbrt', 'nthRoot'):
        index = sp.Integer(ROOT_INDEX[single.value]) if single.value in ROOT_INDEX else f.S(single.args[1])
        inner = single.args[0]
        return None if f.is_variable(inner) else chain(1 / index, inner)
    if f.is_variable(single):
        return None
    return chain(sp.Integer(1), single)


@dataclass(eq=False)
class ChainNode:
    id: int
    node: Node
    chain: Chain
    composite: sp.Expr  # F(u) without the constant
    inner_chain: Optional[Chain]


def chain_nodes(f: Function) -> list[ChainNode]:
    """Outermost first, left to right (pre-order)."""
    out: list[ChainNode] = []

    def walk(n: Node):
        rule = classify(f, n)
        if rule.kind == 'chain':
            inner = rule.chain.inner
            inner_rule = classify(f, inner)
            out.append(ChainNode(len(out), n, rule.chain, rule.chain.outer.at(f.S(inner)),
                                 inner_rule.chain if inner_rule.kind == 'chain' else None))
            walk(inner)
            return
        for part in rule.parts:
            walk(part)

    walk(f.tree)
    return out


# ------------------------------------------------------------------------------------------------
# Differentiation with a buggy rule at chosen chain nodes.

@dataclass
class Plan:
    code: str
    variant: str
    nodes: frozenset


def applies(code: str, variant: str, node: ChainNode) -> bool:
    if code == 'missing_inner_factor' and variant == 'b':
        return written_factor(node.chain.inner) is not None
    return not (code == 'swapped_inner_outer' and variant == 'b' and node.inner_chain is None)


def number(n: Node) -> Optional[sp.Expr]:
    """The value of a subtree without letters but e and pi (3, -2, 2*pi, sqrt(2)); None otherwise."""
    if n.kind == 'num':
        return n.value
    if n.kind == 'sym':
        return {'e': sp.E, 'pi': sp.pi}.get(n.value)
    args = [number(a) for a in n.args]
    if any(a is None for a in args):
        return None
    if n.kind == 'call':
        return apply_function(n.value, args[0], args[1] if len(args) > 1 else None)
    ops = {'neg': lambda a: -a, 'add': lambda a, b: a + b, 'sub': lambda a, b: a - b, 'mul': lambda a, b: a * b,
           'div': lambda a, b: a / b, 'pow': lambda a, b: a ** b}
    return ops[n.kind](*args)


def leading_minus(n: Node) -> bool:
    """A term written with a minus in front: -t, or a product or quotient whose first factor has one."""
    if n.kind == 'neg':
        return True
    if n.kind in ('mul', 'div'):
        return leading_minus(n.args[0])
    return False


def term_signs(n: Node, negative=False) -> list[bool]:
    """For each top-level term of a sum: is it written with a minus (its own or the sum's)?"""
    if n.kind == 'add':
        return term_signs(n.args[0], negative) + term_signs(n.args[1], negative)
    if n.kind == 'sub':
        return term_signs(n.args[0], negative) + term_signs(n.args[1], not negative)
    if n.kind == 'neg':
        return term_signs(n.args[0], not negative)
    return [negative != leading_minus(n)]


def leading_constant(v: Node) -> Optional[tuple]:
    """The number or minus a product's (or quotient's) first factor starts with, and the product without
    it: (-2*w)*x -> (-2, w*x), (-w)*x -> (-1, w*x), (-x)/k -> (-1, x/k); None otherwise (c/q is no multiple)."""
    if v.kind not in ('mul', 'div'):
        return None
    first, second = v.args
    join = lambda rest: Node(v.kind, [rest, second])  # noqa: E731
    if v.kind == 'mul' and number(first) is not None:
        return number(first), second
    if first.kind == 'neg':
        return sp.Integer(-1), join(first.args[0])
    inner = leading_constant(first)
    return None if inner is None else (inner[0], join(inner[1]))


def written_factor(u: Node) -> Optional[sp.Expr]:
    """missing_inner_factor (b), as the README defines it: u written as c*v -- a leading minus, a number
    multiplying or dividing, or a minus on every term of a sum -- gives c; None when c is 1."""
    c, v = sp.Integer(1), u
    while True:
        if v.kind == 'neg':
            c, v = -c, v.args[0]
        elif v.kind == 'mul' and number(v.args[0]) is not None:
            c, v = c * number(v.args[0]), v.args[1]
        elif v.kind == 'mul' and number(v.args[1]) is not None:
            c, v = c * number(v.args[1]), v.args[0]
        elif v.kind == 'div' and number(v.args[1]) is not None:
            c, v = c / number(v.args[1]), v.args[0]
        elif leading_constant(v) is not None:
            k, v = leading_constant(v)
            c = c * k
        else:
            signs = term_signs(v)
            if len(signs) > 1 and all(signs):
                c = -c
            break
    return None if sp.simplify(c - 1) == 0 else c


class Differentiator:
    def __init__(self, f: Function):
        self.f = f
        self.nodes = chain_nodes(f)
        self.by_tree = {id(c.node): c for c in self.nodes}

    def correct(self) -> sp.Expr:
        return self.d(self.f.tree, None)

    def d(self, n: Node, plan: Optional[Plan]) -> sp.Expr:
        f, X = self.f, self.f.X
        rule = classify(f, n)
        d = lambda m: self.d(m, plan)  # noqa: E731
        S = f.S
        k = rule.kind
        if k == 'constant':
            return sp.Integer(0)
        if k == 'variable':
            return sp.Integer(1)
        if k == 'add':
            return d(rule.parts[0]) + d(rule.parts[1])
        if k == 'sub':
            return d(rule.parts[0]) - d(rule.parts[1])
        if k == 'neg':
            return -d(rule.parts[0])
        if k == 'constant_multiple':
            return S(rule.parts[0]) * d(rule.parts[1])
        if k == 'constant_divide':
            return d(rule.parts[0]) / S(rule.parts[1])
        if k == 'product':
            a, b = rule.parts
            return d(a) * S(b) + S(a) * d(b)
        if k == 'quotient':
            p, q = rule.parts
            return (d(p) * S(q) - S(p) * d(q)) / S(q) ** 2
        if k == 'logarithmic':
            base, exponent = rule.parts
            return S(n) * (d(exponent) * sp.log(S(base)) + S(exponent) * d(base) / S(base))
        if k == 'direct':  # x^n, a^x, F(x), c/x^k: no chain node inside
            return sp.diff(S(n), X)
        if k == 'chain':
            step = self.chain_step(self.by_tree[id(n)], plan)
            c = rule.chain.coefficient
            return step if c is None else c * step
        raise ValueError(k)

    def chain_step(self, node: ChainNode, plan: Optional[Plan]) -> sp.Expr:
        f, X = self.f, self.f.X
        F = node.chain.outer
        u = f.S(node.chain.inner)
        du = lambda: self.d(node.chain.inner, plan)  # noqa: E731 (mistaken inward when planned so)
        if plan is None or node.id not in plan.nodes or not applies(plan.code, plan.variant, node):
            return F.derivative_at(u) * du()
        code, variant = plan.code, plan.variant
        if code == 'missing_inner_factor':
            return F.derivative_at(u) if variant == 'a' else F.derivative_at(u) * written_factor(node.chain.inner)
        if code == 'outer_at_inner_derivative':
            w = du()
            return F.derivative_at(w) if variant == 'a' else F.derivative_at(w) * w
        if code == 'swapped_inner_outer':
            if variant == 'a':
                return sp.diff(u.subs(X, F.at(X)), X)
            g = node.inner_chain
            swapped = g.outer.at(F.at(f.S(g.inner)))
            return sp.diff(swapped if g.coefficient is None else g.coefficient * swapped, X)
        if code == 'missed_composite':
            if variant == 'a':
                return F.derivative_at(X) * du()
            if variant == 'b':
                return F.derivative_at(X) * u + F.at(X) * du()
            return F.derivative_at(X)
        raise ValueError(code)


# ------------------------------------------------------------------------------------------------
# Real-mode numbers.

class Undefined(Exception):
    pass


def small_rational(x) -> Optional[tuple[int, int]]:
    try:
        fr = sp.Rational(str(mp.nstr(x, 30))).limit_denominator(1000)
    except Exception:
        return None
    return (int(fr.p), int(fr.q)) if abs(mp.mpf(fr.p) / fr.q - x) < mp.mpf('1e-12') else None


def real_pow(b, e, exact: Optional[sp.Rational]):
    if b >= 0 or (exact is not None and exact.is_integer):
        if b == 0 and e < 0:
            raise Undefined()
        return mp.power(b, e)
    if exact is not None and exact.q > 1000:
        exact = None
    pq = (int(exact.p), int(exact.q)) if exact is not None else small_rational(e)
    if pq is None or pq[1] % 2 == 0:
        raise Undefined()
    if pq[1] == 1:
        return mp.power(b, pq[0])
    magnitude = mp.power(-b, e)
    return magnitude if pq[0] % 2 == 0 else -magnitude


def checked(v):
    if not mp.isfinite(v):
        raise Undefined()
    return v


def evaluate(e: sp.Expr, env: dict) -> mp.mpf:
    if e.is_Rational:
        return mp.mpf(int(e.p)) / int(e.q)
    if e.is_Float:
        return mp.mpf(str(e))
    if e is sp.E:
        return mp.e
    if e is sp.pi:
        return mp.pi
    if e.is_Symbol:
        return env[e.name]
    if e in (sp.I, sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise Undefined()
    if isinstance(e, sp.Add):
        return checked(mp.fsum(evaluate(a, env) for a in e.args))
    if isinstance(e, sp.Mul):
        out = mp.mpf(1)
        for a in e.args:
            out *= evaluate(a, env)
        return checked(out)
    if isinstance(e, sp.Pow):
        b = evaluate(e.base, env)
        exact = e.exp if e.exp.is_Rational else None
        x = evaluate(e.exp, env)
        return checked(real_pow(b, x, exact))
    fn = e.func
    vals = [evaluate(a, env) for a in e.args]
    v = vals[0]
    try:
        if fn is sp.exp:
            return checked(mp.exp(v))
        if fn is sp.log:
            if v <= 0:
                raise Undefined()
            return mp.log(v)
        if fn in (sp.asin, sp.acos):
            if abs(v) > 1:
                raise Undefined()
            return mp.asin(v) if fn is sp.asin else mp.acos(v)
        if fn in (sp.asec, sp.acsc):  # arcsec u = arccos(1/u), arccsc u = arcsin(1/u): real for |u| >= 1
            if abs(v) < 1:
                raise Undefined()
            return mp.acos(1 / v) if fn is sp.asec else mp.asin(1 / v)
        table = {
            sp.sin: mp.sin, sp.cos: mp.cos, sp.tan: mp.tan, sp.sec: mp.sec, sp.csc: mp.csc, sp.cot: mp.cot,
            sp.atan: mp.atan, sp.acot: mp.acot, sp.sinh: mp.sinh, sp.cosh: mp.cosh, sp.tanh: mp.tanh,
            sp.sech: mp.sech, sp.csch: mp.csch, sp.coth: mp.coth, sp.asinh: mp.asinh,
            sp.Abs: abs, RealAbs: abs, sp.sign: mp.sign,
        }
        if fn in table:
            return checked(table[fn](v))
    except (ZeroDivisionError, ValueError):
        raise Undefined()
    raise ValueError(f'cannot evaluate {fn}')


def value(e: sp.Expr, env: dict):
    try:
        v = evaluate(e, env)
        return v if mp.isfinite(v) else None
    except (Undefined, ZeroDivisionError, OverflowError):
        return None


class Domain:
    """Sample points where f and f' are real and finite (and at most 1e12), as in the service."""

    def __init__(self, fn: Function, defined_by: list[sp.Expr], target=120, seed=20240601):
        rng = random.Random(seed)
        params = sorted(n for n in fn.symbols if n != fn.variable)
        draws = [
            lambda: rng.uniform(-1, 1), lambda: rng.choice([-1, 1]) * 10 ** rng.uniform(-3, 0),
            lambda: rng.uniform(-3, 3), lambda: rng.uniform(-10, 10),
            lambda: rng.choice([-1, 1]) * 10 ** rng.uniform(1, 1.7), lambda: rng.uniform(0, 1),
        ]
        self.points = []
        for i in range(20000):
            if len(self.points) >= target:
                break
            x = draws[i % len(draws)]()
            if abs(2 * x - round(2 * x)) < 1e-6:
                continue
            env = {fn.variable: mp.mpf(x)}
            for p in params:
                env[p] = mp.mpf(rng.uniform(0.3, 3.5))
            vals = [value(e, env) for e in defined_by]
            if all(v is not None and abs(v) <= 1e12 for v in vals):
                self.points.append(env)

    def values(self, e: sp.Expr):
        return [value(e, env) for env in self.points]


def agree(a, b) -> bool:
    return abs(a - b) <= mp.mpf('1e-20') * max(abs(a), abs(b)) + mp.mpf('1e-30')


def equivalent(va, vb, lenient=True, min_compared=8) -> Optional[bool]:
    """True / False / None (undetermined). Lenient: skip points where one side only is undefined."""
    compared = 0
    for a, b in zip(va, vb):
        if a is None or b is None:
            if a is None and b is None:
                continue
            if lenient:
                continue
            return False
        if not agree(a, b):
            return False
        compared += 1
    return True if compared >= min_compared else None


# ------------------------------------------------------------------------------------------------
# Output.

class ReaderPrinter(StrPrinter):
    """SymPy's str form, in the syntax chainrule's reader accepts (e, abs, ^)."""

    def _print_Exp1(self, expr):
        return 'e'

    def _print_Abs(self, expr):
        return f'abs({self._print(expr.args[0])})'

    _print_RealAbs = _print_Abs

    def _print_ImaginaryUnit(self, expr):
        raise ValueError('a non-real constant cannot be written for the reader')

    def _print_Infinity(self, expr):
        raise ValueError('infinity')

    _print_NegativeInfinity = _print_Infinity
    _print_ComplexInfinity = _print_Infinity
    _print_NaN = _print_Infinity


def show(e: sp.Expr) -> str:
    return ReaderPrinter().doprint(e).replace('**', '^')


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def tidy(e: sp.Expr, domain: Domain, seconds=4) -> sp.Expr:
    """A simpler equal form when SymPy finds one quickly and it has the same values (strictly)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        s = sp.simplify(e)
    except Timeout:
        return e
    except Exception:
        signal.alarm(0)
        return e
    finally:
        signal.alarm(0)
    if s == e or sp.count_ops(s) > sp.count_ops(e) or s.has(sp.I, sp.Piecewise, sp.zoo, sp.nan, sp.re, sp.im, sp.arg):
        return e
    # log(298023223876953125) for 25*log(5): the service reads no number over 1e12
    if any(abs(r.p) > 10 ** 12 or r.q > 10 ** 12 for r in s.atoms(sp.Rational)):
        return e
    va, vs = domain.values(e), domain.values(s)
    if any(a is not None and (b is None or not agree(a, b)) for a, b in zip(va, vs)):
        return e
    return s


def compute(text: str, variable='x', simplify=True) -> dict:
    f = Function(text, variable)
    diff = Differentiator(f)
    correct = diff.correct()
    exact = sp.diff(f.S(f.tree), f.X)
    domain = Domain(f, [f.S(f.tree), exact])
    if len(domain.points) < 8:
        raise ValueError(f'{text}: too few sample points')
    correct_values = domain.values(correct)
    if equivalent(correct_values, domain.values(exact), lenient=False) is not True:
        raise AssertionError(f'{text}: the tree differentiation disagrees with sympy.diff')
    t = (lambda e: tidy(e, domain)) if simplify else (lambda e: e)

    candidates = []

    def add(code, variant, systematic, node, expr):
        if equivalent(domain.values(expr), correct_values, lenient=True) is True:
            return  # void
        if expr.has(sp.I):
            raise ValueError(f'{text}: {code}/{variant} is nowhere real: {expr}')
        candidates.append({
            'mistake': code, 'variant': variant, 'systematic': systematic,
            'at': None if node is None else show(node.composite),
            'candidate': show(t(expr)),
        })

    for code in CODES:
        for node in diff.nodes:
            for variant in VARIANTS[code]:
                if applies(code, variant, node):
                    add(code, variant, False, node, diff.d(f.tree, Plan(code, variant, frozenset([node.id]))))
        for variant in VARIANTS[code]:
            where = [n.id for n in diff.nodes if applies(code, variant, n)]
            if len(where) > 1:
                add(code, variant, True, None, diff.d(f.tree, Plan(code, variant, frozenset(where))))

    return {
        'function': text,
        'variable': variable,
        'chain_nodes': [show(n.composite) for n in diff.nodes],
        'correct': show(t(correct)),
        'candidates': candidates,
    }


# ------------------------------------------------------------------------------------------------
# Checking against a fixture.

def read_value(text: str, f: Function) -> sp.Expr:
    """A fixture expression as SymPy, read with our own reader (same names as the function)."""
    g = Function(text, f.variable)
    g.symbols = f.symbols
    return g.S(g.tree)


def check_fixture(path: str) -> int:
    examples = json.load(open(path))
    problems = 0
    for ex in examples:
        text, variable = ex['function'], ex['variable']
        ours = compute(text, variable, simplify=False)
        f = Function(text, variable)
        exact = sp.diff(f.S(f.tree), f.X)
        domain = Domain(f, [f.S(f.tree), exact])
        val = lambda s: domain.values(read_value(s, f))  # noqa: E731
        issues = []
        if len(ours['chain_nodes']) != len(ex['chain_nodes']) or any(
            equivalent(val(a), val(b)) is not True for a, b in zip(ours['chain_nodes'], ex['chain_nodes'])
        ):
            issues.append(f"chain nodes: ours {ours['chain_nodes']} listed {ex['chain_nodes']}")
        if equivalent(val(ours['correct']), val(ex['correct']), lenient=False) is not True:
            issues.append(f"correct: ours {ours['correct']} listed {ex['correct']}")

        def same(a, b):
            return (a['mistake'], a['variant'], a['systematic']) == (b['mistake'], b['variant'], b['systematic']) and (
                a['systematic'] or equivalent(val(a['at']), val(b['at'])) is True
            ) and equivalent(val(a['candidate']), val(b['candidate'])) is True

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
        status = 'ok' if not issues else 'DIFFERS'
        print(f"{status:8} {text} ({len(ex['candidates'])} listed, {len(ours['candidates'])} ours)")
        for i in issues:
            print('         ' + i)
        problems += bool(issues)
    print(f'{len(examples) - problems} of {len(examples)} reproduced')
    return problems


def read_function_list(path: str) -> list[tuple[str, str]]:
    out = []
    for line in open(path):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        text, _, variable = line.partition(';')
        out.append((text.strip(), variable.strip() or 'x'))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('function', nargs='?')
    ap.add_argument('--variable', default='x')
    ap.add_argument('--check', metavar='FIXTURE')
    ap.add_argument('--functions', metavar='LIST')
    ap.add_argument('--out', metavar='JSON')
    ap.add_argument('--raw', action='store_true', help='do not simplify the printed expressions')
    args = ap.parse_args()
    if args.check:
        return 1 if check_fixture(args.check) else 0
    if args.functions:
        entries = []
        for text, variable in read_function_list(args.functions):
            entry = compute(text, variable, simplify=not args.raw)
            print(f"{text} ; {variable}: {len(entry['chain_nodes'])} chain nodes, {len(entry['candidates'])} candidates",
                  file=sys.stderr)
            entries.append(entry)
        out = json.dumps(entries, indent=1, ensure_ascii=False) + '\n'
        if args.out:
            open(args.out, 'w').write(out)
        else:
            sys.stdout.write(out)
        return 0
    if args.function:
        print(json.dumps(compute(args.function, args.variable, simplify=not args.raw), indent=1))
        return 0
    ap.print_help()
    return 2


if __name__ == '__main__':
    sys.exit(main())
