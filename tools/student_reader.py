#!/usr/bin/env python3
"""
Answers as students type them, read into mistakes_sympy's tree (Node), so that tools/student_answers.py
can evaluate them with SymPy. Written from the reading rules the service documents (README's notation
section and the header of src/parse/grammar.ts), not from its code, so that the corpus is checked by a
second reader; `tools/student_answers.py --service-reading` compares the two readings on every answer.

    python3 tools/student_reader.py '2x cos x^2 + sin²x'     print the tree as explicit text

What it reads: implicit products (`2x cos x`, `(x+1)(x-1)`, `xe^x`), bare function arguments (`sin 2x` is
sin(2x), `sin x/2` is sin(x)/2, `sin x cos x` is sin(x)·cos(x)), `sin^2 x`/`sin²x` (a power of the value),
`sin^-1 x` (arcsin), `log_2 x`, `√x`, `∛x`, `|x|`, unicode operators (· × − ÷), superscripts (x², x⁻¹),
vulgar fractions (½), π and θ, brackets ( ) [ ] { }, and a left side `f'(x) =`, `y' =`, `dy/dx =`.
Binding powers as the service documents them: + - 10, * / 20, unary minus 22 (-2x is -(2x)), a bare
function argument 24, an implicit product 25 (x/2y is x/(2y)), ^ 40 right-associative with a signed
operand (x^-2). The service's documented readings of ambiguous forms are followed: 1/2x is (1/2)x,
e^2x is e^(2x) (letters written against an exponential's exponent stay in it), x^1/2 is (x^1)/2.
"""
from __future__ import annotations

import re
import sys
from typing import Optional

import sympy as sp

import mistakes_sympy as ms
from mistakes_sympy import Node

SPELLINGS = {
    'sin': 'sin', 'cos': 'cos', 'tan': 'tan', 'tg': 'tan', 'sec': 'sec', 'csc': 'csc', 'cosec': 'csc',
    'cot': 'cot', 'cotan': 'cot', 'ctg': 'cot',
    'asin': 'asin', 'arcsin': 'asin', 'acos': 'acos', 'arccos': 'acos', 'atan': 'atan', 'arctan': 'atan',
    'acot': 'acot', 'arccot': 'acot', 'asec': 'asec', 'arcsec': 'asec', 'acsc': 'acsc', 'arccsc': 'acsc',
    'sinh': 'sinh', 'cosh': 'cosh', 'tanh': 'tanh',
    'exp': 'exp', 'ln': 'log', 'log': 'log', 'log10': 'log10', 'log2': 'log2',
    'sqrt': 'sqrt', 'cbrt': 'cbrt', 'abs': 'abs', 'nthRoot': 'nthRoot', 'nthroot': 'nthRoot', 'root': 'nthRoot',
}
INVERSE = {'sin': 'asin', 'cos': 'acos', 'tan': 'atan', 'cot': 'acot', 'sec': 'asec', 'csc': 'acsc'}
CONSTANT_NAMES = {'e', 'pi'}
GREEK = {'θ': 'theta', 'π': 'pi', 'ω': 'omega', 'α': 'alpha', 'λ': 'lambda', 'τ': 'tau'}
OPERATORS = {'·': '*', '×': '*', '⋅': '*', '∗': '*', '•': '*', '÷': '/', '−': '-', '–': '-', '‐': '-', '＋': '+'}
SUPERSCRIPTS = {'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8',
                '⁹': '9', '⁺': '+', '⁻': '-', '⁽': '(', '⁾': ')', 'ⁿ': 'n', 'ˣ': 'x'}
SUBSCRIPTS = {'₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9'}
FRACTIONS = {'½': '(1/2)', '⅓': '(1/3)', '⅔': '(2/3)', '¼': '(1/4)', '¾': '(3/4)'}
ROOTS = {'√': 'sqrt', '∛': 'cbrt'}

BP_SUM, BP_PRODUCT, BP_UNARY, BP_BARE, BP_IMPLICIT, BP_POWER = 10, 20, 22, 24, 25, 40


class Tok:
    def __init__(self, kind: str, value, space_before: bool, text: str = ''):
        self.kind, self.value, self.space_before, self.text = kind, value, space_before, text

    def __repr__(self):
        return f'{self.kind}:{self.value}'


def drop_left_side(text: str, variable: str) -> str:
    if '=' not in text:
        return text
    left, right = text.split('=', 1)
    compact = re.sub(r'\s+', '', left).replace('’', "'")
    v = variable
    allowed = {f"f'({v})", "y'", f'dy/d{v}', "f'", f'df/d{v}', f"g'({v})"}
    if compact not in allowed:
        raise ValueError(f'an equation, not an expression: {text!r}')
    return right


def segment(word: str, variable: str) -> list[tuple[str, str]]:
    """A letter run as the fewest known pieces: function spellings, e, pi, Greek names, the variable,
    single letters."""
    names = sorted(set(SPELLINGS) | {'pi', 'theta', 'omega', 'alpha', 'lambda', 'tau', variable}, key=len, reverse=True)
    best: list[Optional[list]] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        if best[i] is None:
            continue
        options = [n for n in names if word.startswith(n, i)] + [word[i]]
        for n in options:
            j = i + len(n)
            candidate = best[i] + [n]
            if best[j] is None or len(candidate) < len(best[j]):
                best[j] = candidate
    pieces = best[len(word)]
    out = []
    for p in pieces:
        if p in SPELLINGS and p != variable:
            out.append(('func', p))
        else:
            out.append(('sym', p))
    return out


def tokenize(text: str, variable: str) -> list[Tok]:
    text = drop_left_side(text, variable)
    # superscripts and subscripts become ^( ) and _( ); vulgar fractions their bracketed fraction
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch in SUPERSCRIPTS:
            j = i
            while j < len(text) and text[j] in SUPERSCRIPTS:
                j += 1
            out.append('^(' + ''.join(SUPERSCRIPTS[c] for c in text[i:j]) + ')')
            i = j
            continue
        if ch in SUBSCRIPTS:
            j = i
            while j < len(text) and text[j] in SUBSCRIPTS:
                j += 1
            out.append('_(' + ''.join(SUBSCRIPTS[c] for c in text[i:j]) + ')')
            i = j
            continue
        out.append(FRACTIONS.get(ch, OPERATORS.get(ch, GREEK.get(ch, ch))))
        i += 1
    text = ''.join(out)
    tokens: list[Tok] = []
    i, space = 0, False
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            space = True
            i += 1
            continue
        m = re.match(r'\d+(\.\d+)?', text[i:])
        if m:
            tokens.append(Tok('num', m.group(0), space, m.group(0)))
            i += m.end()
        elif ch.isalpha():
            m = re.match(r'log10|log2|[A-Za-z]+', text[i:])
            word = m.group(0)
            for k, (kind, name) in enumerate(segment(word, variable) if word not in ('log10', 'log2') else [('func', word)]):
                tokens.append(Tok(kind, name, space and k == 0, name))
            i += m.end()
        elif ch == '*' and text[i:i + 2] == '**':
            tokens.append(Tok('op', '^', space, '**'))
            i += 2
        elif ch in '+-*/^':
            tokens.append(Tok('op', ch, space, ch))
            i += 1
        elif ch in '([{':
            tokens.append(Tok('open', ch, space, ch))
            i += 1
        elif ch in ')]}':
            tokens.append(Tok('close', ch, space, ch))
            i += 1
        elif ch == ',':
            tokens.append(Tok('comma', ch, space, ch))
            i += 1
        elif ch == '|':
            tokens.append(Tok('bar', ch, space, ch))
            i += 1
        elif ch == '_':
            tokens.append(Tok('under', ch, space, ch))
            i += 1
        elif ch in ROOTS:
            tokens.append(Tok('func', ROOTS[ch], space, ch))
            i += 1
        elif ch == "'":
            raise ValueError(f'a prime outside a left side: {text!r}')
        else:
            raise ValueError(f'cannot read {ch!r} in {text!r}')
        space = False
    tokens.append(Tok('end', None, False))
    return tokens


class Reader:
    def __init__(self, text: str, variable: str = 'x'):
        self.text, self.variable = text, variable
        self.tokens = tokenize(text, variable)
        self.i = 0
        self.bare = False
        self.abs_depth = 0
        self.bare_numbers: set[int] = set()
        self.grouped: set[int] = set()

    def peek(self, k=0) -> Tok:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def take(self) -> Tok:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def expect(self, kind: str):
        t = self.take()
        if t.kind != kind:
            raise ValueError(f'expected {kind}, got {t} in {self.text!r}')
        return t

    def read(self) -> Node:
        node = self.expr(0)
        if self.peek().kind != 'end':
            raise ValueError(f'trailing {self.peek()} in {self.text!r}')
        return node

    def starts_operand(self, t: Tok) -> bool:
        return t.kind in ('num', 'sym', 'func', 'open') or (t.kind == 'bar' and self.abs_depth == 0)

    def lbp(self, t: Tok) -> int:
        if t.kind == 'op':
            return {'+': BP_SUM, '-': BP_SUM, '*': BP_PRODUCT, '/': BP_PRODUCT, '^': BP_POWER}[t.value]
        if t.kind in ('func', 'num') and self.bare:
            return 0
        return BP_IMPLICIT if self.starts_operand(t) else 0

    def expr(self, rbp: int) -> Node:
        left = self.nud(self.take())
        while self.lbp(self.peek()) > rbp:
            left = self.led(left, self.peek())
        return left

    def nud(self, t: Tok) -> Node:
        if t.kind == 'num':
            node = Node('num', value=sp.Rational(t.value), written=t.value)
            self.bare_numbers.add(id(node))
            return node
        if t.kind == 'sym':
            return Node('sym', value=t.value)
        if t.kind == 'func':
            return self.function(t)
        if t.kind == 'open':
            node = self.fresh(lambda: self.expr(0))
            self.expect('close')
            self.grouped.add(id(node))
            return node
        if t.kind == 'bar':
            self.abs_depth += 1
            node = self.fresh(lambda: self.expr(0), keep_abs=True)
            self.expect('bar')
            self.abs_depth -= 1
            return Node('call', [node], 'abs', written='abs')
        if t.kind == 'op' and t.value in '+-':
            operand = self.expr(BP_UNARY)
            return Node('neg', [operand]) if t.value == '-' else operand
        raise ValueError(f'unexpected {t} in {self.text!r}')

    def fresh(self, parse, keep_abs=False):
        saved = (self.bare, self.abs_depth)
        self.bare = False
        if not keep_abs:
            self.abs_depth = 0
        try:
            return parse()
        finally:
            self.bare, self.abs_depth = saved[0], (self.abs_depth if keep_abs else saved[1])

    def led(self, left: Node, t: Tok) -> Node:
        if t.kind == 'op':
            self.take()
            if t.value in '+-':
                right = self.expr(BP_SUM)
                return Node('add' if t.value == '+' else 'sub', [left, right])
            if t.value == '*':
                return Node('mul', [left, self.expr(BP_PRODUCT)])
            if t.value == '/':
                return self.division(left)
            return Node('pow', [left, self.exponent(left)])
        if t.kind == 'num' and id(left) in self.bare_numbers:
            raise ValueError(f'two numbers in a row in {self.text!r}')
        return Node('mul', [left, self.expr(BP_IMPLICIT)])

    def division(self, left: Node) -> Node:
        numerator = left.args[0] if left.kind == 'neg' else left
        d, after = self.peek(), self.peek(1)
        if id(numerator) in self.bare_numbers and d.kind == 'num' and self.starts_operand(after) and after.kind != 'num':
            self.take()  # 1/2x: a fraction of two numbers is a coefficient
            return Node('div', [left, Node('num', value=sp.Rational(d.value), written=d.value)])
        return Node('div', [left, self.expr(BP_PRODUCT)])

    def mentions_variable(self, n: Node) -> bool:
        return (n.kind == 'sym' and n.value == self.variable) or any(self.mentions_variable(a) for a in n.args)

    def exponent(self, base: Node) -> Node:
        t = self.peek()
        if t.kind == 'op' and t.value in '+-':
            self.take()
            inner = self.exponent(base)
            return Node('neg', [inner]) if t.value == '-' else inner
        first = t
        exponent = self.expr(BP_POWER - 1)
        plain = id(exponent) in self.bare_numbers or (first.kind == 'sym' and exponent.kind == 'sym')
        if plain and not self.mentions_variable(base):
            # e^2x, e^kx: letters written against the exponent stay in it (the constants start a factor)
            while self.peek().kind == 'sym' and not self.peek().space_before and self.peek().value not in CONSTANT_NAMES:
                exponent = Node('mul', [exponent, self.expr(BP_POWER - 1)])
        return exponent

    def function(self, t: Tok) -> Node:
        written = t.value
        name = SPELLINGS.get(written, written)
        base = None
        power = None
        if name == 'log' and self.peek().kind == 'under':
            self.take()
            b = self.take()
            if b.kind == 'open':
                base = self.fresh(lambda: self.expr(0))
                self.expect('close')
            else:
                base = self.nud(b)
        if self.peek().kind == 'op' and self.peek().value == '^':
            self.take()
            sign = 1
            if self.peek().kind == 'op' and self.peek().value in '+-':
                sign = -1 if self.take().value == '-' else 1
            p = self.take()
            if p.kind == 'open':
                inner = self.fresh(lambda: self.expr(0))
                self.expect('close')
            else:
                inner = self.nud(p)
            if sign < 0:
                inner = Node('neg', [inner])
            value = ms.Function('0', self.variable).S(inner) if not self.mentions_variable(inner) else None
            if value == -1:
                if written not in INVERSE and name not in INVERSE:
                    raise ValueError(f'{written}^-1 has no inverse here')
                name = INVERSE.get(name)
                written = name
            else:
                power = inner
        if self.peek().kind == 'open':
            self.take()
            args = [self.fresh(lambda: self.expr(0))]
            while self.peek().kind == 'comma':
                self.take()
                args.append(self.fresh(lambda: self.expr(0)))
            self.expect('close')
        else:
            saved = self.bare
            self.bare = True
            try:
                args = [self.expr(BP_BARE)]
            finally:
                self.bare = saved
        if base is not None:
            b = ms.Function('0', self.variable).S(base)
            if b == 10:
                node = Node('call', args, 'log10', written='log10')
            elif b == 2:
                node = Node('call', args, 'log2', written='log2')
            elif b == sp.E:
                node = Node('call', args, 'log', written='ln')
            else:
                node = Node('call', args + [base], 'log', written='log')
        else:
            node = Node('call', args, name, written=written)
        if power is not None:
            node = Node('pow', [node, power])
        return node


class Answer(ms.Function):
    """A student's answer as a function of the variable (mistakes_sympy's Function, another reader)."""

    def __init__(self, text: str, variable: str, symbols: Optional[dict] = None):
        self.text = text
        self.variable = variable
        self.tree = Reader(text, variable).read()
        self.symbols = symbols if symbols is not None else {}
        self.X = self.symbol(variable)
        self._sympy = {}


def read(text: str, variable: str = 'x', symbols: Optional[dict] = None) -> sp.Expr:
    a = Answer(text, variable, symbols)
    return a.S(a.tree)


if __name__ == '__main__':
    import beyond_sympy
    for arg in sys.argv[1:]:
        print(beyond_sympy.tree_text(Reader(arg).read()))
