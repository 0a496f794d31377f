/**
 * Run by stays-optimised.test.ts with --allow-natives-syntax: builds trees the way the readers and the
 * differentiator do for a while, then prints V8's optimisation status of the tree builders.
 */
import { binary, mul, neg, num, sym } from '../../src/tree/nodes.js';

const status = new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number;
const builders = { num, binary, mul };
const optimised = () => Object.values(builders).every((builder) => (status(builder) & 16) !== 0);
let kept: unknown[] = [];
// A busy machine may finish the background compilations late: build until they hold or 10 s have passed.
const started = performance.now();
for (let round = 0; round < 300 || (!optimised() && performance.now() - started < 10_000); round++) {
  for (let k = 0; k < 2000; k++) {
    const a = num(k % 3 === 0 ? k + 0.5 : k);
    const b = mul(a, binary('+', sym('x'), num(2)));
    if (k % 50 === 0) kept.push(neg(b));
  }
  if (kept.length > 5000) kept = [];
}
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(builders).map(([name, builder]) => [name, status(builder)]))));
