// Helpers for the deny-rule tests: the release filter in the Node host with the default
// policy's sections plus a denyRules section, and requests that carry one value at one
// location (query, form, JSON, multipart file name, header, cookie, path, GraphQL).
import { defaultConfig } from "../../src/compiler/index.js";
import { checkConfig } from "../../src/compiler/emit.js";
import { startFilter } from "../filter/support.js";

export { events, counter, blockedCounter, loggedCounter } from "../limits/support.js";

/** The default configuration with `denyRules` (null: no section) on the default policy; checked against the schema. */
export function denyConfig(denyRules = { level: "Standard", threatHandlingMode: "Block" }) {
  const cfg = defaultConfig();
  if (denyRules) cfg.policies[0].denyRules = denyRules;
  else delete cfg.policies[0].denyRules;
  checkConfig(cfg);
  return cfg;
}

export function denyFilter(denyRules, opts = {}) {
  return startFilter(denyConfig(denyRules), opts);
}

const BASE_HEADERS = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  accept: "text/html,application/json;q=0.9,*/*;q=0.8",
  "x-request-id": "0f6b1c1e-5d55-4c1e-9d0b-6a7f8f9e0a11",
};

export function get(path, headers = {}) {
  return { method: "GET", path, authority: "shop.example.com", headers: { ...BASE_HEADERS, ...headers } };
}

export function post(path, contentType, body, headers = {}) {
  return { method: "POST", path, authority: "shop.example.com", headers: { ...BASE_HEADERS, "content-type": contentType, ...headers }, body };
}

const multipart = (field, filename) => {
  const b = "----bulwarktest";
  const body = `--${b}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\ndata\r\n--${b}--\r\n`;
  return post("/upload", `multipart/form-data; boundary=${b}`, body);
};

/** A request carrying `value` at `where`. */
export const at = {
  query: (v) => get(`/search?q=${encodeURIComponent(v)}&page=1`),
  form: (v) => post("/comments", "application/x-www-form-urlencoded", `name=ada&comment=${encodeURIComponent(v)}`),
  json: (v) => post("/api/comments", "application/json", JSON.stringify({ comment: { author: "ada", body: v } })),
  header: (v) => get("/", { referer: v }),
  userAgent: (v) => get("/", { "user-agent": v }),
  cookie: (v) => get("/", { cookie: `theme=dark; pref=${encodeURIComponent(v)}` }),
  path: (v) => get(`/files/${v}`),
  graphql: (v) => post("/graphql", "application/json", JSON.stringify({ query: `query($t: String) { search(text: ${JSON.stringify(v)}) { id } }` })),
  filename: (v) => multipart("upload", v),
};
