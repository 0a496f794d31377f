/** Timing helpers for the benchmarks: medians of repeated rounds, so one slow round does not skew. */

/** Median over `rounds` of the time per call of `body`, each round calling it `repeat` times, in µs. */
export function microsPerCall(body: () => void, repeat: number, rounds = 7): number {
  for (let i = 0; i < Math.min(repeat, 1000); i++) body(); // warm-up: let the JIT compile the path
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i++) body();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / repeat);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(rounds / 2)] as number;
}

/** Milliseconds each call of `run` took, for every item in each of `rounds` passes (after a warm-up pass). */
export function millisEach<T>(items: readonly T[], run: (item: T) => void, rounds: number): number[] {
  for (const item of items) run(item);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const item of items) {
      const start = process.hrtime.bigint();
      run(item);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times;
}

/** p-th percentile (0..100) of a list of durations. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function row(label: string, value: string): void {
  console.log(`  ${label.padEnd(64)} ${value}`);
}
