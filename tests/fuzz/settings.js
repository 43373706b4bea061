// Run settings shared by the fuzz tests: a fixed seed and few runs in `npm test`, many more
// under `npm run fuzz` (FUZZ_RUNS=n, FUZZ_SEED=n to reproduce a failure it printed).

/** Linear memory one VM may reach under hostile input (docs/performance.md). */
export const MEMORY_BOUND_BYTES = 8 << 20;

export function fuzzSettings(defaultRuns) {
  const runs = Number(process.env.FUZZ_RUNS ?? defaultRuns);
  const seed = Number(process.env.FUZZ_SEED ?? 20261123);
  return { numRuns: runs, seed, endOnFailure: true, verbose: 1 };
}
