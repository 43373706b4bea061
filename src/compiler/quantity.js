// Kubernetes quantities for byte sizes: `128`, `8Ki`, `100Mi`, `1.5Gi`, `2k`, `1e3`.
// The result must be a whole number of bytes; milli-units and negative sizes make no
// sense for a size limit and are rejected.

const BINARY = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL = { "": 1n, k: 10n ** 3n, M: 10n ** 6n, G: 10n ** 9n, T: 10n ** 12n, P: 10n ** 15n, E: 10n ** 18n };
const SHAPE = /^\+?([0-9]+)(?:\.([0-9]+))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)|[eE]\+?([0-9]{1,2}))?$/;

export const QUANTITY_EXPECTED = "a byte size: an integer or a quantity such as 8Ki, 100Mi, 1.5Gi, 64k";

/**
 * @param {unknown} value integer or quantity string
 * @returns {{ bytes: number } | { error: string }}
 */
export function parseQuantity(value) {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) return { error: `must be ${QUANTITY_EXPECTED}, got ${value}` };
    return { bytes: value };
  }
  if (typeof value !== "string") return { error: `must be ${QUANTITY_EXPECTED}` };
  const m = SHAPE.exec(value.trim());
  if (!m || value.length > 64) return { error: `must be ${QUANTITY_EXPECTED}, got ${JSON.stringify(value)}` };
  const [, whole, frac = "", suffix = "", exp] = m;
  const mult = exp !== undefined ? 10n ** BigInt(exp) : (BINARY[suffix] ?? DECIMAL[suffix]);
  const scale = 10n ** BigInt(frac.length);
  const scaled = BigInt(whole + frac) * mult;
  if (scaled % scale !== 0n) {
    return { error: `must be a whole number of bytes, got ${JSON.stringify(value)}` };
  }
  const bytes = scaled / scale;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) return { error: `is too large, got ${JSON.stringify(value)}` };
  return { bytes: Number(bytes) };
}
