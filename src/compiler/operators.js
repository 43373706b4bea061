// Command operators in header values and custom response bodies: the subset of Envoy's
// operators the filter renders (assembly/headers/operators.ts has the same list). Checked at
// compile time so an unsupported operator is reported with its file and line.

export const OPERATORS = ["STREAM_ID", "REQ(name)", "DOWNSTREAM_REMOTE_ADDRESS", "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "START_TIME", "RESPONSE_CODE"];

const WHY_NOT = {
  DOWNSTREAM_PEER_CERT: "the client certificate is not available to a proxy-wasm filter",
  RESP: "response headers are not available when request headers and custom responses are built",
};

/**
 * @param {string} value
 * @param {{ response: boolean }} opts  response: %RESPONSE_CODE% is allowed
 * @returns {string|null} the problem, or null when every operator is supported
 */
export function operatorProblem(value, { response }) {
  let i = 0;
  while (i < value.length) {
    const pct = value.indexOf("%", i);
    if (pct < 0) return null;
    if (value[pct + 1] === "%") { i = pct + 2; continue; }
    const close = value.indexOf("%", pct + 1);
    if (close < 0) return `unterminated command operator at offset ${pct} (write a literal % as %%)`;
    const token = value.slice(pct + 1, close);
    const problem = tokenProblem(token, response);
    if (problem) return problem;
    i = close + 1;
  }
  return null;
}

function tokenProblem(token, response) {
  if (["STREAM_ID", "DOWNSTREAM_REMOTE_ADDRESS", "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "START_TIME"].includes(token)) return null;
  if (token === "RESPONSE_CODE") return response ? null : "%RESPONSE_CODE% is only available in responses";
  if (token.startsWith("REQ(")) {
    if (!/^REQ\([^()\s"?]+(\?[^()\s"?]+)?\)(:\d{1,6})?$/.test(token)) return `malformed %${token}%: expected %REQ(name)%, %REQ(name?alternative)% or %REQ(name):N%`;
    return null;
  }
  const base = token.replace(/\(.*$/, "");
  const why = WHY_NOT[base] ? ` (${WHY_NOT[base]})` : "";
  return `unsupported command operator %${token}%${why}; supported: ${OPERATORS.map((o) => `%${o}%`).join(", ")}, and %% for a literal %`;
}

const OPERATOR_AT = /^%([A-Z][A-Z_]*(\([^()\s"]+\)(:\d+)?)?)%/;

/**
 * A page from a ConfigMap is written by hand (CSS `width: 100%`): a % that does not start a
 * command operator (or `%%`) is taken literally, i.e. doubled for the filter.
 * @param {string} text
 */
export function literalPercents(text) {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const pct = text.indexOf("%", i);
    if (pct < 0) { out += text.slice(i); break; }
    out += text.slice(i, pct);
    if (text[pct + 1] === "%") { out += "%%"; i = pct + 2; continue; }
    const m = OPERATOR_AT.exec(text.slice(pct));
    if (m) { out += m[0]; i = pct + m[0].length; continue; }
    out += "%%";
    i = pct + 1;
  }
  return out;
}
