// Go-style durations (`60s`, `5m`, `1h30m`, `250ms`, `1.5s`), as Kubernetes APIs write them.
// Converted to milliseconds; negative durations are rejected.

const UNIT_MS = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/y;

export const DURATION_EXPECTED = "a duration such as 500ms, 60s, 5m or 1h30m";

/**
 * @param {unknown} value
 * @returns {{ ms: number } | { error: string }}
 */
export function parseDuration(value) {
  const bad = { error: `must be ${DURATION_EXPECTED}, got ${JSON.stringify(value)}` };
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return bad;
  if (value === "0") return { ms: 0 };
  let ms = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < value.length) {
    const at = PART.lastIndex;
    const m = PART.exec(value);
    if (!m || m.index !== at) return bad;
    ms += Number(m[1]) * UNIT_MS[m[2]];
  }
  if (!Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER) return { error: `is too large, got ${JSON.stringify(value)}` };
  return { ms };
}
