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
