// Shared by the benchmarks: order statistics of samples, timing loops (wall or CPU time),
// and the JWS signing input the crypto suites verify.

export function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Median and p99 of the samples (sorted in place). */
export function summarize(samples) {
  samples.sort((a, b) => a - b);
  return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

// Wall time by default; "cpu" (process.cpuUsage, user + system) where a shared machine makes
// wall-clock medians measure the scheduler as much as the code. Both in µs.
function clock(kind) {
  if (kind === "cpu") return { start: () => process.cpuUsage(), since: (t0) => { const d = process.cpuUsage(t0); return d.user + d.system; } };
  return { start: () => process.hrtime.bigint(), since: (t0) => Number(process.hrtime.bigint() - t0) / 1000 };
}

/** Runs `fn(i)` (which may return a promise) `warmup` times, then times `iterations` runs. */
export async function timeAsync(fn, iterations, warmup, kind = "wall") {
  const c = clock(kind);
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = c.start();
    await fn(warmup + i);
    samples[i] = c.since(t0);
  }
  return summarize(samples);
}

/** The same for synchronous work, without an await per call. */
export function timeSync(fn, iterations, warmup, kind = "wall") {
  const c = clock(kind);
  for (let i = 0; i < warmup; i++) fn(i);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = c.start();
    fn(warmup + i);
    samples[i] = c.since(t0);
  }
  return summarize(samples);
}

/**
 * Times contenders side by side: each `contenders[name](i)` runs `warmup` times, then in
 * rounds, every contender one batch of `batch` calls per round, until `iterations` calls
 * each and at least `seconds` have passed. The shared machines this project runs on
 * alternate between normal speed and throttled phases of several seconds at half speed;
 * contenders measured one after the other differ by the phase they fell in, and a single
 * median reflects how much of the run was throttled. Interleaved in short rounds spread
 * over many seconds, each round compares the contenders on the same machine, and the
 * median of the round medians is the normal-speed cost as long as throttling covers less
 * than half of the run. Returns per contender the median of its round medians and the
 * p99 of all its samples, and ratio(f): the median over rounds of f({name: round median}).
 */
export async function interleaved(contenders, iterations, warmup, { kind = "wall", batch = 100, seconds = 0 } = {}) {
  const c = clock(kind);
  const names = Object.keys(contenders);
  for (const k of names) for (let i = 0; i < warmup; i++) await contenders[k](i);
  const all = Object.fromEntries(names.map((k) => [k, []]));
  const medians = [];
  const until = Date.now() + seconds * 1000;
  let i = warmup;
  for (let done = 0; done < iterations || Date.now() < until; done += batch) {
    const round = {};
    for (const k of names) {
      const samples = new Float64Array(batch);
      for (let j = 0; j < batch; j++, i++) {
        const t0 = c.start();
        await contenders[k](i);
        samples[j] = c.since(t0);
      }
      samples.sort();
      round[k] = quantile(samples, 0.5);
      all[k].push(...samples);
    }
    medians.push(round);
  }
  const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);
  const out = { ratio: (f) => median(medians.map(f)), rounds: medians.length };
  for (const k of names) out[k] = { median: median(medians.map((r) => r[k])), p99: quantile(all[k].sort((a, b) => a - b), 0.99) };
  return out;
}

/** The signing input of a typical access token (header.payload) for algorithm `alg`. */
export function signingInput(alg) {
  const header = Buffer.from(JSON.stringify({ alg, typ: "JWT", kid: "2024-05-key-1" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({
    iss: "https://idp.example.com/realms/main", sub: "4f1c2a9e-7b3d-4e8a-9c1f-2d5e6f7a8b9c", aud: ["orders-api", "billing-api"],
    exp: 1767225600, iat: 1767222000, nbf: 1767222000, jti: "a1b2c3d4e5f6", scope: "orders:read orders:write profile email",
    email: "jane.doe@example.com", roles: ["customer", "beta"],
  })).toString("base64url");
  return Buffer.from(`${header}.${payload}`);
}
