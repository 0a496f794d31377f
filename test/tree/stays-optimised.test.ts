import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** V8's %GetOptimizationStatus bit (also in the script) for a function that runs optimised code. */
const OPTIMIZED = 16;

// Regression: on Node 20 every TurboFan compilation of the tree builders was aborted and retried
// without end (see OPTIMISATION_ANCHORS in src/tree/nodes.ts), so they never ran optimised.
describe('the tree builders', () => {
  it('run optimised once warm, and stay so', () => {
    const script = fileURLToPath(new URL('./stays-optimised.script.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--allow-natives-syntax', script], { encoding: 'utf8', timeout: 60_000 });
    const status = JSON.parse(output) as Record<string, number>;
    for (const [name, flags] of Object.entries(status)) expect({ name, optimised: (flags & OPTIMIZED) !== 0 }).toEqual({ name, optimised: true });
  }, 70_000);
});
