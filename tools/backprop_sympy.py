#!/usr/bin/env python3
"""
Checks test/fixtures/backprop-exercises.json with SymPy, independently of src/: every exercise's
gradient is the derivative of its function, and every mistake's answer is exactly the derivative under
the buggy chain rule it is listed with (and not the gradient), and under each rule its `also` lists (the
coincidences: other mistakes, at their nodes, that give the same answer).

    python3 tools/backprop_sympy.py test/fixtures/backprop-exercises.json

A development tool (it needs python3-sympy; the tests only read the JSON).

How a buggy rule is computed: at a listed node N = F(u), N is replaced in the function by G(H(w)), with G
and H undefined functions, and SymPy differentiates that; its result holds G'(H(w)) and H'(w) as
unknowns, which are then replaced by what the rule says the student wrote:

    rule                              G'(·) becomes              H'(w) becomes
    correct                           F'(u)                      u'
    missing_inner_factor (a)          F'(u)                      1
    missing_inner_factor (b)          F'(u)                      c, where u = c·v (the listed factor)
    outer_at_inner_derivative (a)     F'(u')                     1
    outer_at_inner_derivative (b)     F'(u')                     u'
    swapped_inner_outer (a)           d/dw u(F(w))               1
    missed_composite (a)              F'(w)                      u'
    missed_composite (c)              F'(w)                      1
    outer_not_differentiated (a)      F(u)                       u'
    outer_not_differentiated (b)      1                          u'
    inner_not_differentiated (a)      F'(u)                      u
    inner_only (a)                    F(u')                      1
    inner_derivative_sign_error (a)   F'(u)                      -u'
    linear_extrapolation (a)          d/dw of F(t1) + F(t2) + …  1      (t1 + t2 + … = u, its terms)

then G(H(w)) becomes F(u). Every occurrence of N is replaced at once (the same node written twice, as
σ(z) in the cross-entropy), and with several nodes listed (one per layer) u' of an outer one is computed
with the rule at the inner ones: the systematic form. Values are compared at random points (parameters
in 0.3..3.5 as the service draws them, the variable in -3..3), to 1e-9 relative.
"""
from __future__ import annotations

import json
import random
import sys

import sympy as sp
from sympy.parsing.sympy_parser import (
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

T = sp.Symbol('t')
A = sp.Symbol('a_slope')
G = sp.Function('G')
H = sp.Function('H')

FUNCTIONS = {
    'sigmoid': sp.Lambda(T, 1 / (1 + sp.exp(-T))),
    'softplus': sp.Lambda(T, sp.log(1 + sp.exp(T))),
    'relu': sp.Lambda(T, sp.Max(0, T)),
    'step': sp.Lambda(T, sp.Heaviside(T)),
    'leaky_relu': sp.Lambda((T, A), sp.Piecewise((T, T > 0), (A * T, True))),
    'swish': sp.Lambda(T, T / (1 + sp.exp(-T))),
    'gelu': sp.Lambda(T, T * (1 + sp.erf(T / sp.sqrt(2))) / 2),
    'erf': sp.erf,
    'ln': sp.log,
    'log': sp.log,
    'exp': sp.exp,
    'sqrt': sp.sqrt,
    'sin': sp.sin,
    'cos': sp.cos,
    'tanh': sp.tanh,
    'sech': sp.sech,
    'cosh': sp.cosh,
    'e': sp.E,
    'pi': sp.pi,
}


def read(text: str, names: dict) -> sp.Expr:
    """The fixture's notation: σ for the sigmoid, ^ for powers, products by juxtaposition allowed."""
    source = text.replace('σ', 'sigmoid').replace('^', '**')
    return parse_expr(source, local_dict={**names, **FUNCTIONS},
                      transformations=standard_transformations + (implicit_multiplication_application,))


def buggy(expr: sp.Expr, nodes: list, rule: tuple, w: sp.Symbol, names: dict) -> sp.Expr:
    """d expr/dw with the rule at the listed nodes (outermost first), every occurrence of each."""
    if not nodes:
        return sp.diff(expr, w)
    spec, rest = nodes[0], nodes[1:]
    node = read(spec['node'], names)
    inner = read(spec['inner'], names)
    outer = sp.Lambda(T, read(spec['outer'], {**names, 't': T}))
    replaced = expr.subs(node, G(H(w)))
    if replaced == expr:
        raise ValueError(f"{spec['node']} is not a part of {expr}")
    inside = [n for n in rest if read(n['node'], names) in sp.preorder_traversal(inner) or inner.has(read(n['node'], names))]
    du = buggy(inner, inside, rule, w, names)
    d_outer = sp.Lambda(T, sp.diff(outer(T), T))
    code, variant = rule
    if code == 'missing_inner_factor':
        new_outer, new_inner = d_outer(inner), (1 if variant == 'a' else factor(spec, names))
    elif code == 'outer_at_inner_derivative':
        new_outer, new_inner = d_outer(du), (1 if variant == 'a' else du)
    elif code == 'swapped_inner_outer':
        new_outer, new_inner = sp.diff(inner.subs(w, outer(w)), w), 1
    elif code == 'missed_composite':
        new_outer, new_inner = d_outer(w), (du if variant == 'a' else 1)
    elif code == 'outer_not_differentiated':
        new_outer, new_inner = (outer(inner) if variant == 'a' else 1), du
    elif code == 'inner_not_differentiated':
        new_outer, new_inner = d_outer(inner), inner
    elif code == 'inner_only':
        new_outer, new_inner = outer(du), 1
    elif code == 'inner_derivative_sign_error':
        new_outer, new_inner = d_outer(inner), -du
    elif code == 'linear_extrapolation':
        new_outer, new_inner = sp.diff(sum(outer(term) for term in sp.Add.make_args(inner)), w), 1
    else:
        raise ValueError(f'no buggy rule {code}/{variant} here')
    d = sp.diff(replaced, w)
    # G'(H(w)) is Derivative(G(H(w)), H(w)) in SymPy 1.14 (a Subs in older versions).
    d = d.xreplace({s: new_outer for s in d.atoms(sp.Subs)})
    d = d.xreplace({sp.Derivative(G(H(w)), H(w)): new_outer, sp.Derivative(H(w), w): new_inner})
    return d.xreplace({G(H(w)): outer(inner)}).xreplace({H(w): inner})


def factor(spec: dict, names: dict) -> sp.Expr:
    """c of u = c·v, as listed with the node."""
    if 'factor' in spec:
        return read(spec['factor'], names)
    return sp.Integer(-1)


def values(expr: sp.Expr, points: list) -> list:
    out = []
    for p in points:
        try:
            v = complex(expr.evalf(30, subs=p))
        except (TypeError, ValueError, ZeroDivisionError):
            v = None
        out.append(v)
    return out


def same(a: list, b: list) -> bool:
    compared = 0
    for x, y in zip(a, b):
        if x is None or y is None or abs(x.imag) > 1e-12 or abs(y.imag) > 1e-12:
            continue
        compared += 1
        if abs(x.real - y.real) > 1e-9 * max(1.0, abs(x.real), abs(y.real)):
            return False
    return compared >= 10


def check(path: str) -> int:
    exercises = json.load(open(path, encoding='utf-8'))
    problems = 0
    rng = random.Random(14)
    for ex in exercises:
        letters = set()
        for text in [ex['function'], ex['gradient']] + [m['answer'] for m in ex['mistakes']]:
            letters |= {s.name for s in read(text, {}).free_symbols}
        names = {name: sp.Symbol(name, real=True) for name in letters}
        w = names[ex['variable']]
        f = read(ex['function'], names)
        points = []
        for _ in range(32):
            p = {s: rng.uniform(0.3, 3.5) for s in names.values()}
            p[w] = rng.uniform(-3, 3)
            points.append(p)
        exact = values(sp.diff(f, w), points)
        issues = []
        if not same(values(read(ex['gradient'], names), points), exact):
            issues.append(f"gradient {ex['gradient']} is not d/d{w} {ex['function']}")
        for m in ex['mistakes']:
            answer = values(read(m['answer'], names), points)
            if same(answer, exact):
                issues.append(f"{m['mistake']}/{m['variant']}: {m['answer']} is the gradient itself")
            # The mistake itself, then each coincidence listed with it: the answer is the derivative under each.
            for listed, label in [(m, '')] + [(also, 'also ') for also in m.get('also', [])]:
                rule = (listed['mistake'], listed['variant'])
                try:
                    candidate = buggy(f, listed['at'], rule, w, names)
                except ValueError as error:
                    issues.append(f"{label}{rule}: {error}")
                    continue
                if not same(answer, values(candidate, points)):
                    issues.append(f"{label}{rule} at {[n['node'] for n in listed['at']]}: {m['answer']} is not the buggy derivative {sp.simplify(candidate)}")
        status = 'ok' if not issues else 'WRONG'
        print(f"{status:6} {ex['id']} ({len(ex['mistakes'])} mistakes)")
        for issue in issues:
            print('       ' + issue)
        problems += bool(issues)
    print(f'{len(exercises) - problems} of {len(exercises)} exercises check out')
    return problems


if __name__ == '__main__':
    sys.exit(1 if check(sys.argv[1] if len(sys.argv) > 1 else 'test/fixtures/backprop-exercises.json') else 0)
