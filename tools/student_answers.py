#!/usr/bin/env python3
"""
The corpus of wrong answers as students type them: reads tools/student-answers.txt, verifies every item
with the SymPy implementation (tools/beyond_sympy.py, tools/student_reader.py) and writes
test/fixtures/beyond-student-answers.json.

    python3 tools/student_answers.py --out test/fixtures/beyond-student-answers.json
    python3 tools/student_answers.py --check test/fixtures/beyond-student-answers.json
        re-verify a written corpus (the same checks, nothing written)
    python3 tools/student_answers.py --service-reading ...
        also read every answer with the service's own reader (npx tsx tools/service-reading.ts; needs
        npm ci) and require the two readings to be equal as functions
    python3 tools/student_answers.py --only 'x^2*sin(x)'  verify the items of one function, verbosely

An item is {family, function, variable, answer, expect, also, source}:
  family   chain, product, quotient, power, exp-log, trig, whole, pair or symptom;
  function the function as the reader reads it (explicit syntax); variable its variable;
  answer   the wrong answer as a student types it;
  expect   the codes a careful teacher names: one cause (its code), two for a pair, or one symptom;
  also     other codes whose candidate (single or systematic) the answer equals too, found by this tool
           (for a pair item: the other pairs that explain it, as "code+code"): a diagnosis may name
           them as well, marked ambiguous, and must name nothing else;
  source   where the pattern comes from.

What is verified, for every item: the answer reads (by tools/student_reader.py), is not the correct
derivative (not even leniently), and
  cause items   each expected code has a candidate (single or systematic, at any place, the four
                chain-rule codes included) equal to the answer as functions; for integrated_instead the
                answer's derivative is the function; for constant_of_integration_added answer minus the
                correct derivative has derivative 0, is not 0, and uses none of the function's own
                letters (a number, or C, c, K: in a*x^2, `2ax + a` is not "+ C"). As README.md's reading
                words it, "a number" also takes in answers that are off by a constant for another
                reason (x*ln(x) -> ln x, x^3 - 4x + 1 -> 3x^2, every constant_as_variable candidate):
                those show up in `also`, and no symptom item is built on one;
  pair items    no single candidate and no whole-answer test matches, and a pair of the two expected
                codes (beyond_sympy.Analysis.pairs: two places, or one chain place with a table-entry
                mistake and a chain-step mistake, at most 600 nearest first) equals the answer;
  symptom items no single candidate, no whole-answer test and no pair matches, and the symptom holds:
                sign_error (the answer is -f'), constant_factor (k*f', k not 0 or +-1), missing_term (the
                derivative of some, not all, top-level terms of f), not_differentiated (f itself).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from itertools import combinations

import sympy as sp

import beyond_sympy as by
import mistakes_sympy as ms
import student_reader

HERE = os.path.dirname(os.path.abspath(__file__))
FAMILIES = ['chain', 'product', 'quotient', 'power', 'exp-log', 'trig', 'whole', 'pair', 'symptom']
CAUSE_CODES = set(ms.CODES) | set(by.BEYOND_CODES) | set(by.WHOLE_ANSWER)


@dataclass
class Item:
    family: str
    function: str
    variable: str
    answer: str
    expect: list
    source: str
    line: int


def read_items(path: str) -> list[Item]:
    sources: dict[str, str] = {}
    items: list[Item] = []
    for number, raw in enumerate(open(path, encoding='utf-8'), 1):
        line = raw.rstrip('\n')
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        if line.startswith('@'):
            key, _, text = line[1:].partition('=')
            sources[key.strip()] = text.strip()
            continue
        fields = [f.strip() for f in line.split('||')]
        if len(fields) != 5:
            raise ValueError(f'{path}:{number}: expected 5 fields separated by ||, got {len(fields)}')
        family, function, answer, codes, source = fields
        text, _, variable = function.partition(';')
        if family not in FAMILIES:
            raise ValueError(f'{path}:{number}: unknown family {family}')
        expect = [c.strip() for c in codes.split(',') if c.strip()]
        for c in expect:
            if c not in CAUSE_CODES and c not in by.SYMPTOMS:
                raise ValueError(f'{path}:{number}: unknown code {c}')
        if source not in sources:
            raise ValueError(f'{path}:{number}: unknown source key {source}')
        items.append(Item(family, text.strip(), variable.strip() or 'x', answer, expect, sources[source], number))
    return items


# ------------------------------------------------------------------------------------------------
# Everything a function's wrong answer may be matched against, computed once per function.

class Function:
    def __init__(self, text: str, variable: str):
        self.A = by.Analysis(text, variable)
        A = self.A
        self.singles: list[tuple[str, sp.Expr]] = []
        for info, code, variant in A.places.mutations(ms.CODES + by.BEYOND_CODES):
            e = A.single(info, code, variant)
            if not A.void(e):
                self.singles.append((code, e))
        for code, variant, plan in A.systematic_plans(ms.CODES + by.BEYOND_CODES):
            e = A.diff.d(A.f.tree, plan)
            if not A.void(e):
                self.singles.append((code, e))
        self._single_values = [(code, A.values(e)) for code, e in self.singles]
        self._pairs = None

    def pairs(self):
        if self._pairs is None:
            A = self.A
            self._pairs = []
            for (i1, c1, v1), (i2, c2, v2), plan in A.pairs():
                e = A.pair_value(plan)
                self._pairs.append(((c1, c2), A.values(e)))
        return self._pairs

    def read(self, answer: str) -> sp.Expr:
        return student_reader.read(answer, self.A.variable, self.A.f.symbols)

    def single_matches(self, values) -> set[str]:
        return {code for code, v in self._single_values if ms.equivalent(values, v) is True}

    def whole_matches(self, answer: sp.Expr, values) -> set[str]:
        A = self.A
        out = set()
        X = A.f.X
        if ms.equivalent(A.values(sp.diff(answer, X)), A.values(A.f.S(A.f.tree))) is True:
            out.add('integrated_instead')
        # answer - f' a non-zero constant: a number, or letters the function does not have (+ C)
        difference = answer - A.correct
        own = {s for s in difference.free_symbols if s.name in A.domain.points[0] and s != X}
        if not own and vanishes(A.values(sp.diff(difference, X)), A.values(sp.diff(answer, X)), A.correct_values) \
                and not vanishes(A.values(difference), values, A.correct_values):
            out.add('constant_of_integration_added')
        return out

    def pair_matches(self, values) -> list[tuple[str, str]]:
        found = []
        for codes, v in self.pairs():
            if ms.equivalent(values, v) is True:
                key = tuple(sorted(codes))
                if key not in found:
                    found.append(key)
        return found

    def symptoms(self, answer: sp.Expr, values) -> set[str]:
        A = self.A
        out = set()
        if ms.equivalent(values, A.values(-A.correct)) is True:
            out.add('sign_error')
        ratios = [a / c for a, c in zip(values, A.correct_values)
                  if a is not None and c is not None and abs(c) > 1e-9]
        if ratios and all(abs(r - ratios[0]) <= 1e-15 * max(1, abs(ratios[0])) for r in ratios):
            k = ratios[0]
            if abs(k) > 1e-12 and abs(abs(k) - 1) > 1e-12:
                out.add('constant_factor')
        terms = by.signed_terms(A.f.tree)
        if 2 <= len(terms) <= 6:
            for r in range(1, len(terms)):
                for kept in combinations(terms, r):
                    part = sum(s * A.f.S(t) for s, t in kept)
                    d = sp.diff(part, A.f.X)
                    if ms.equivalent(A.values(d), A.correct_values) is True:
                        continue
                    if ms.equivalent(values, A.values(d)) is True:
                        out.add('missing_term')
        if ms.equivalent(values, A.values(A.f.S(A.f.tree))) is True:
            out.add('not_differentiated')
        return out


def vanishes(values, *scales) -> bool:
    """Zero (to 40-digit rounding of the terms it came from) at every point where it is real, and real at 8."""
    count = 0
    for k, v in enumerate(values):
        if v is None:
            continue
        scale = max([abs(s[k]) for s in scales if s[k] is not None] + [1])
        if abs(v) > ms.mp.mpf('1e-25') * scale:
            return False
        count += 1
    return count >= 8


def verify(item: Item, fn: Function, verbose=False) -> tuple[list[str], list[str]]:
    """(problems, also) for one item."""
    A = fn.A
    problems: list[str] = []
    try:
        answer = fn.read(item.answer)
    except Exception as error:  # noqa: BLE001
        return [f'does not read: {error}'], []
    values = A.values(answer)
    if sum(v is not None for v in values) < 8:
        return ['the answer is real at fewer than 8 sample points'], []
    if ms.equivalent(values, A.correct_values, lenient=True) is True or \
            ms.equivalent(values, A.correct_values, lenient=False) is True:
        return ['the answer is correct'], []
    singles = fn.single_matches(values)
    whole = fn.whole_matches(answer, values)
    causes = singles | whole
    if verbose:
        print(f'    single {sorted(singles)} whole {sorted(whole)}')
    also: list[str] = []
    if item.family == 'pair':
        if causes:
            problems.append(f'a single cause explains it: {sorted(causes)}')
        pairs = fn.pair_matches(values)
        want = tuple(sorted(item.expect))
        if len(item.expect) != 2:
            problems.append('a pair item names two codes')
        elif want not in pairs:
            problems.append(f'no pair {want} explains it; pairs that do: {pairs}')
        also = ['+'.join(p) for p in pairs if p != want]
    elif item.family == 'symptom':
        if causes:
            problems.append(f'a cause explains it: {sorted(causes)}')
        pairs = fn.pair_matches(values)
        if pairs:
            problems.append(f'a pair explains it: {pairs}')
        symptoms = fn.symptoms(answer, values)
        if len(item.expect) != 1 or item.expect[0] not in symptoms:
            problems.append(f'symptom {item.expect} does not hold; found {sorted(symptoms)}')
        also = sorted(symptoms - set(item.expect))
    else:
        for code in item.expect:
            if code not in causes:
                problems.append(f'{code} does not explain it; found {sorted(causes)}')
            if by.FAMILY.get(code, 'whole') != item.family:
                problems.append(f'{code} is not of the family {item.family}')
        also = sorted(causes - set(item.expect), key=lambda c: by.CODE_ORDER.get(c, 99))
    return problems, also


def service_readings(items: list[Item]) -> list[dict]:
    lines = ''.join(json.dumps({'text': i.answer, 'variable': i.variable}) + '\n' for i in items)
    root = os.path.dirname(HERE)
    run = subprocess.run(['npx', 'tsx', os.path.join(HERE, 'service-reading.ts')], input=lines, text=True,
                         capture_output=True, cwd=root, check=True)
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--items', default=os.path.join(HERE, 'student-answers.txt'))
    ap.add_argument('--out', metavar='JSON')
    ap.add_argument('--check', metavar='JSON', help='verify a written corpus instead of the source list')
    ap.add_argument('--service-reading', action='store_true')
    ap.add_argument('--only', metavar='FUNCTION')
    args = ap.parse_args()
    if args.check:
        data = json.load(open(args.check, encoding='utf-8'))
        items = [Item(d['family'], d['function'], d['variable'], d['answer'], d['expect'], d['source'], k + 1)
                 for k, d in enumerate(data)]
    else:
        items = read_items(args.items)
    if args.only:
        items = [i for i in items if i.function == args.only]
    readings = service_readings(items) if args.service_reading else None
    functions: dict[tuple[str, str], Function] = {}
    out, failures = [], 0
    seen = set()
    for k, item in enumerate(items):
        key = (item.function, item.variable)
        if key not in functions:
            functions[key] = Function(*key)
        fn = functions[key]
        if args.only:
            print(f'  {item.answer!r} expect {item.expect}')
        problems, also = verify(item, fn, verbose=bool(args.only))
        if (key, item.answer) in seen:
            problems.append('a duplicate item')
        seen.add((key, item.answer))
        if readings is not None:
            r = readings[k]
            if 'error' in r:
                problems.append(f"the service does not read it: {r['error']}")
            else:
                theirs = student_reader.read(r['text'], item.variable, fn.A.f.symbols)
                if not fn.A.equal(theirs, fn.read(item.answer)):
                    problems.append(f"the service reads it as {r['text']}")
        if problems:
            failures += 1
            print(f'FAIL line {item.line}: [{item.family}] {item.function} <- {item.answer!r} {item.expect}')
            for p in problems:
                print('     ' + p)
        out.append({
            'family': item.family, 'function': item.function, 'variable': item.variable, 'answer': item.answer,
            'expect': item.expect, 'also': also, 'source': item.source,
        })
    counts = {f: sum(i.family == f for i in items) for f in FAMILIES}
    print(f'{len(items) - failures} of {len(items)} items verified; per family: {counts}', file=sys.stderr)
    if args.out and not failures:
        open(args.out, 'w', encoding='utf-8').write(json.dumps(out, indent=1, ensure_ascii=False) + '\n')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
