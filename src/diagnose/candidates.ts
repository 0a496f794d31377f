/**
 * The derivatives a student would write under each buggy rule (MISTAKES.md, MISTAKES-BEYOND.md): for
 * every mistake and variant, one candidate per place where the rule applies (everything else
 * differentiated correctly), and the systematic form (the rule at every such place, inner derivatives
 * mistaken inward) where there is more than one such place; and, asked for separately, two mistakes at
 * once. Each candidate is an exact derivative, computed by the same differentiator with steps replaced.
 */
import { mistakesAt } from '../differentiate/mistakes-at.js';
import { networkGroups } from './neuron.js';
import type { ChainNode, Differentiator } from '../differentiate/differentiate.js';
import type { MistakesAt, Place, Plan } from '../differentiate/places.js';
import { codeRank, isChainRuleCode, isNamedLast, type MistakeCode, type Variant } from '../mistake-codes.js';
import { expandedSize, type Expr } from '../tree/nodes.js';
import { checkpoint } from '../deadline.js';

/** One mistake, at one place or (systematic) at every place it applies to. */
export interface Mistake {
  mistake: MistakeCode;
  variant: Variant;
  systematic: boolean;
  /** Where the buggy rule replaced the step: one place, or every place it applies to. */
  places: readonly Place[];
  /** The chain nodes among those places (where the chain-rule mistakes sit). */
  nodes: readonly ChainNode[];
}

export interface Candidate extends Mistake {
  /** The derivative under the buggy rule(s) (raw tree). */
  expr: Expr;
  /** Which places got which mistakes. */
  plan: Plan;
  /** For two mistakes at once: the second one (this candidate's own fields are the first). */
  second?: Mistake;
}

/**
 * Places diagnosed one by one, outermost first, for each mistake. A function with more (far beyond any
 * exercise) is still diagnosed at its first 24 and systematically: the bound keeps the work per
 * function small whatever the input.
 */
export const MAX_DIAGNOSED_NODES = 24;
/** Pairs of mistakes tried for one function, nearest places first. */
export const MAX_PAIRS = 600;
/**
 * Pairs of a chain-rule mistake made everywhere (its systematic form) and one mistake at another place
 * (systematicPairCandidates), made for one function in the room the pairs of two places leave of MAX_PAIRS.
 */
export const MAX_SYSTEMATIC_PAIRS = 64;
/**
 * Nodes of candidate derivatives built for one function, of each kind (single mistakes, pairs), taking
 * each as large as the correct derivative: a large function is diagnosed at fewer places, so that
 * building its candidates stays bounded (a product of 20 powers of sums built hundreds of candidates of
 * thousands of nodes each: seconds, then the heap). Every worked example stays at every place.
 */
export const CANDIDATE_BUILD_NODES = 300_000;
/**
 * Nodes of the candidates of one set (single mistakes, or two at once) considered together, counted as
 * the size bound counts them, in the order they were made (pairs nearest first): past it the rest are
 * not considered. The fixtures' largest sets are 16,525 (singles) and 73,790 (pairs) nodes; a network's
 * cross-entropy loss with two hidden units has 128,557 of pairs.
 */
export const CANDIDATE_SET_NODES = 200_000;

/** How many of a set can be built within CANDIDATE_BUILD_NODES, each the correct derivative's size. */
function affordable(differentiator: Differentiator, sets = 1): number {
  const size = expandedSize(differentiator.derivative(), CANDIDATE_BUILD_NODES);
  return Math.max(1, Math.floor(CANDIDATE_BUILD_NODES / (Math.max(size, 1) * Math.max(sets, 1))));
}

interface Placed {
  place: Place;
  at: MistakesAt;
}

function chainNodesOf(places: readonly Place[]): ChainNode[] {
  return places.flatMap((place) => (place.kind === 'application' && place.chain ? [place.chain] : []));
}

/** Every single-mistake candidate (one place, and systematic), in no particular order. */
export function mistakeCandidates(differentiator: Differentiator, maxPlaces = MAX_DIAGNOSED_NODES, maxNodes = Number.POSITIVE_INFINITY): Candidate[] {
  const groups = new Map<string, { mistake: MistakeCode; variant: Variant; placed: Placed[] }>();
  for (const place of differentiator.places) {
    for (const { code, variant, at } of mistakesAt(place, differentiator.variable)) {
      const key = `${code}/${variant}`;
      let group = groups.get(key);
      if (!group) {
        group = { mistake: code, variant, placed: [] };
        groups.set(key, group);
      }
      group.placed.push({ place, at });
    }
  }
  const candidates: Candidate[] = [];
  const places = Math.min(maxPlaces, affordable(differentiator, groups.size));
  for (const { mistake, variant, placed } of groups.values()) {
    const make = (chosen: readonly Placed[], systematic: boolean) => {
      const plan: Plan = new Map(chosen.map(({ place, at }) => [place.id, at]));
      const places = chosen.map((c) => c.place);
      candidates.push({ mistake, variant, systematic, places, nodes: chainNodesOf(places), expr: differentiator.derivativeWith(plan), plan });
    };
    for (const one of placed.slice(0, places)) make([one], false);
    // Distributing F over a sum rewrites the function itself: at several places at once, each rewrite
    // would change the sums the others distribute over, so there is no one systematic form (nor a
    // network's group of places, below).
    if (mistake === 'linear_extrapolation') continue;
    const everywhere = [...placed, ...sameWhereNotMade(groups, mistake, variant, placed)].sort((a, b) => a.place.id - b.place.id);
    if (everywhere.length > 1 && withinSize(differentiator, everywhere, maxNodes)) make(everywhere, true);
    // A network (neuron.ts): the same mistake at every occurrence of a node, or at every activation.
    for (const group of networkGroups(differentiator, placed)) make(group, true);
  }
  return candidates;
}

/**
 * Whether a mistake made at many places at once stays within the size bound, tried on the first 4, 8,
 * 16… places before all of them: a rule that uses a subtree twice grows the derivative twofold at each
 * nested place (a product seen as a composite at every level of a product of 20 factors is millions of
 * nodes), and building it whole only to drop it cost seconds and the heap.
 */
function withinSize(differentiator: Differentiator, chosen: readonly Placed[], maxNodes: number): boolean {
  if (!Number.isFinite(maxNodes)) return true;
  for (let n = 4; n < chosen.length; n *= 2) {
    const plan: Plan = new Map(chosen.slice(0, n).map(({ place, at }) => [place.id, at]));
    if (expandedSize(differentiator.derivativeWith(plan), maxNodes) > maxNodes) return false;
  }
  return true;
}

/**
 * Variants that are one and the same mistake where the other is not made: the power rule taken for a^u
 * without u' (b) is not made at a^x, where u' = 1 makes it (a). A student who applies the power rule to
 * every exponential writes 2x·e^(2x-1) + x·e^(x-1) for e^(2x) + e^x: the systematic form of (b) takes
 * (a) at the places (b) has none.
 */
const SAME_WHERE_NOT_MADE: ReadonlyMap<string, Variant> = new Map([['power_rule_on_exponential/b', 'a']]);

function sameWhereNotMade(groups: ReadonlyMap<string, { placed: Placed[] }>, mistake: MistakeCode, variant: Variant, placed: readonly Placed[]): Placed[] {
  const same = SAME_WHERE_NOT_MADE.get(`${mistake}/${variant}`);
  const others = same === undefined ? undefined : groups.get(`${mistake}/${same}`);
  if (!others || placed.length === 0) return [];
  const made = new Set(placed.map(({ place }) => place.id));
  return others.placed.filter(({ place }) => !made.has(place.id));
}

/**
 * Two single mistakes at once (MISTAKES-BEYOND.md): at two different places, or at one application
 * where one changes the table entry F' and the other the chain step. Nearest places first, at most
 * MAX_PAIRS; without those `leftToSearch` takes (the pairs the two-sum search is sure to find).
 */
export function pairCandidates<C extends Candidate>(
  differentiator: Differentiator,
  singles: readonly C[],
  maxPairs = MAX_PAIRS,
  leftToSearch: (a: C, b: C) => boolean = () => false,
): Candidate[] {
  const ones = singles.filter(isPairable);
  const pairs: Array<[Candidate, Candidate]> = [];
  for (let i = 0; i < ones.length; i++) {
    for (let j = i + 1; j < ones.length; j++) {
      checkpoint();
      const a = ones[i] as C;
      const b = ones[j] as C;
      if (combinable(a, b) && !leftToSearch(a, b)) pairs.push(placeOrder(a, b) <= 0 ? [a, b] : [b, a]);
    }
  }
  const distance = ([a, b]: [Candidate, Candidate]) => {
    checkpoint();
    return Math.abs(firstId(a) - firstId(b));
  };
  pairs.sort((p, q) => distance(p) - distance(q) || firstId(p[0]) - firstId(q[0]) || byReportOrder(p[0], q[0]) || byReportOrder(p[1], q[1]));
  return pairs.slice(0, Math.min(maxPairs, affordable(differentiator))).map(([a, b]) => pairOf(differentiator, a, b));
}

/**
 * Two mistakes at once where one of them is a chain-rule mistake made everywhere (MISTAKES.md: "a
 * student who makes a mistake usually makes it everywhere"): the systematic form of one of the four
 * codes with a single mistake at a place it does not already change, or at one of its chain nodes when
 * the single changes the table entry F' and the systematic form the step (combinable). The student who
 * leaves out every inner derivative and multiplies the derivatives of a product writes
 * 3(x^2+1)^2·2(2x-1) for (x^2+1)^3·(2x-1)^2, which no pair of two single places explains. Outer places
 * of the single first, at most MAX_SYSTEMATIC_PAIRS; the pair is the single first, the systematic form second.
 */
export function systematicPairCandidates(
  differentiator: Differentiator,
  singles: readonly Candidate[],
  systematic: readonly Candidate[],
  maxPairs = MAX_SYSTEMATIC_PAIRS,
  /** Pairs already made for the function (pairCandidates): they share the size bound. */
  made = 0,
): Candidate[] {
  const everywhere = systematic.filter((c) => c.systematic && !c.second && isChainRuleCode(c.mistake));
  if (everywhere.length === 0) return [];
  const ones = singles.filter(isPairable).sort((a, b) => firstId(a) - firstId(b) || codeRank(a.mistake) - codeRank(b.mistake) || a.variant.localeCompare(b.variant));
  const pairs: Candidate[] = [];
  const limit = Math.min(maxPairs, affordable(differentiator) - made);
  if (limit <= 0) return [];
  for (const one of ones) {
    for (const all of everywhere) {
      checkpoint();
      if (pairs.length >= limit) return pairs;
      if (one.mistake === all.mistake || !combinableWithEverywhere(one, all)) continue;
      const plan = new Map(all.plan);
      for (const [id, at] of one.plan) {
        const there = plan.get(id);
        plan.set(id, there ? { ...there, ...at } : at);
      }
      const second: Mistake = { mistake: all.mistake, variant: all.variant, systematic: true, places: all.places, nodes: all.nodes };
      pairs.push({ ...one, plan, second, expr: differentiator.derivativeWith(plan) });
    }
  }
  return pairs;
}

/** A single's place is not one of the systematic form's, or is, with F' and the step split between them. */
function combinableWithEverywhere(one: Candidate, all: Candidate): boolean {
  const [place] = one.places;
  if (!place) return false;
  const step = all.plan.get(place.id);
  if (!step) return true;
  const entry = one.plan.get(place.id);
  return Boolean(entry && entry.outer && !entry.step && step.step && !step.outer);
}

/** Two singles that can be made together (canPair), made together in place order (the outer place first). */
export function pairInPlaceOrder(differentiator: Differentiator, a: Candidate, b: Candidate): Candidate {
  return placeOrder(a, b) <= 0 ? pairOf(differentiator, a, b) : pairOf(differentiator, b, a);
}

/**
 * Whether two singles can be made together: each pairable, at different places or F' and the step at
 * one place, two different codes.
 */
export function canPair(a: Candidate, b: Candidate): boolean {
  return isPairable(a) && isPairable(b) && combinable(a, b);
}

/** A single that can be one of a pair: one place, not systematic, not itself a pair. */
export function isPairable(c: Candidate): boolean {
  return !c.systematic && c.places.length === 1 && !c.second;
}

function pairOf(differentiator: Differentiator, a: Candidate, b: Candidate): Candidate {
  const plan = new Map(a.plan);
  for (const [id, at] of b.plan) {
    const there = plan.get(id);
    plan.set(id, there ? { ...there, ...at } : at);
  }
  const second: Mistake = { mistake: b.mistake, variant: b.variant, systematic: false, places: b.places, nodes: b.nodes };
  return { ...a, plan, second, expr: differentiator.derivativeWith(plan) };
}

/**
 * Two mistakes can be made together: at different places (the same code too: the inner factor left out
 * in two terms of three is two mistakes, which the systematic form, every place at once, does not
 * explain), or two codes at one place, one in F' and one in the step.
 */
function combinable(a: Candidate, b: Candidate): boolean {
  const [pa] = a.places;
  const [pb] = b.places;
  if (!pa || !pb) return false;
  if (pa.id !== pb.id) return true;
  if (a.mistake === b.mistake) return false;
  const ma = a.plan.get(pa.id);
  const mb = b.plan.get(pb.id);
  return Boolean(ma && mb && ((ma.outer && !ma.step && mb.step && !mb.outer) || (mb.outer && !mb.step && ma.step && !ma.outer)));
}

const firstId = (c: Candidate) => (c.places[0] as Place).id;

function placeOrder(a: Candidate, b: Candidate): number {
  return firstId(a) - firstId(b) || codeRank(a.mistake) - codeRank(b.mistake);
}

/**
 * Report order: the four chain-rule mistakes first as MISTAKES.md orders them (single-node before
 * systematic, outer nodes before inner, then code and variant); then the others, single before
 * systematic before two at once, a code named last (isNamedLast) after the other singles (and a pair with
 * one after the other pairs), outer places
 * before inner, then code and variant.
 */
export function byReportOrder(a: Candidate, b: Candidate): number {
  const chainA = isChainRuleCode(a.mistake) && !a.second;
  const chainB = isChainRuleCode(b.mistake) && !b.second;
  if (chainA !== chainB) return chainA ? -1 : 1;
  if (chainA) {
    const first = (c: Candidate) => c.nodes[0] as ChainNode;
    return (
      Number(a.systematic) - Number(b.systematic) ||
      first(a).depth - first(b).depth ||
      first(a).id - first(b).id ||
      codeRank(a.mistake) - codeRank(b.mistake) ||
      a.variant.localeCompare(b.variant)
    );
  }
  const kind = (c: Candidate) => (c.second ? 2 : c.systematic ? 1 : 0);
  // A code named last stays last inside a pair too: a pair with u''s sign turned gives the same answer
  // as the same pair with the table's minus forgotten (cos(x^2) + atan(x^2) → 2x·sin(x^2) + 1/(1 + 4x^2)),
  // and the pair reported first is the one the feedback tells the student.
  const last = (c: Candidate) => Number(isNamedLast(c.mistake) || (c.second !== undefined && isNamedLast(c.second.mistake)));
  return (
    kind(a) - kind(b) ||
    last(a) - last(b) ||
    firstId(a) - firstId(b) ||
    codeRank(a.mistake) - codeRank(b.mistake) ||
    a.variant.localeCompare(b.variant) ||
    (a.second && b.second
      ? Number(a.second.systematic) - Number(b.second.systematic) || firstId2(a) - firstId2(b) || codeRank(a.second.mistake) - codeRank(b.second.mistake) || a.second.variant.localeCompare(b.second.variant)
      : 0)
  );
}

const firstId2 = (c: Candidate) => ((c.second as Mistake).places[0] as Place).id;
