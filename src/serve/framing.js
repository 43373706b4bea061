// Content-length consistency between what the filter let through and what it released.

/**
 * Keeps the body the filter releases consistent with the content-length it let through. A filter
 * that changes a body must drop or fix content-length (in Envoy too); if it does not, sending the
 * bytes anyway would desynchronise the keep-alive connection (request smuggling on the upstream
 * side, a corrupted stream on the client side), so the exchange fails instead.
 */
export class Framing {
  constructor(declared, side) {
    this.declared = declared;
    this.side = side;
    this.sent = 0;
  }

  add(n) {
    this.sent += n;
    if (this.declared !== null && this.sent > this.declared) {
      throw new Error(`the filter released ${this.sent} ${this.side} body bytes but left content-length: ${this.declared}`);
    }
  }

  end() {
    if (this.declared !== null && this.sent !== this.declared) {
      throw new Error(`the filter released ${this.sent} ${this.side} body bytes but left content-length: ${this.declared}`);
    }
  }
}

/** @returns {number | null} the content-length in a flat header list, null if absent */
export function contentLength(flat) {
  for (let i = 0; i < flat.length; i += 2) {
    if (flat[i] === "content-length") {
      const n = /^\d{1,15}$/.test(flat[i + 1].trim()) ? Number(flat[i + 1].trim()) : NaN;
      if (Number.isNaN(n)) throw new Error(`the filter let through an invalid content-length: ${JSON.stringify(flat[i + 1])}`);
      return n;
    }
  }
  return null;
}
