// Recorded requests for `bulwark replay`: HAR files (browser and proxy exports) and the JSONL
// record format of the development corpus. Both become the same plain request record:
//   { id, file, method, path, authority, headers: [[name, value], ...], body: Buffer | null,
//     label?, source?, category? }
// Header names are lower-cased (Envoy hands the filter lower-case names); Content-Length is
// computed from the body, as the client would have sent it.
import { readFileSync } from "node:fs";
import path from "node:path";

export class InputError extends Error {
  constructor(message) {
    super(message);
    this.userError = true;
  }
}

/** The format of `file` from its extension, else from its first non-blank character. */
export function detectFormat(file, text) {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".har") return "har";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  const t = text.trimStart();
  if (t.startsWith("{")) {
    // A HAR document is one JSON object with `log.entries`; JSONL is one object per line.
    try {
      const doc = JSON.parse(t);
      if (doc && doc.log && Array.isArray(doc.log.entries)) return "har";
      return "jsonl";
    } catch {
      return "jsonl";
    }
  }
  throw new InputError(`${file}: neither a HAR file nor JSONL records (expected a JSON object or one object per line)`);
}

/** Reads every file; returns the records in file order. */
export function readInputs(files) {
  const out = [];
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new InputError(`${file}: cannot read (${err.code ?? err.message})`);
    }
    const format = detectFormat(file, text);
    const recs = format === "har" ? fromHar(file, text) : fromJsonl(file, text);
    for (const r of recs) out.push(r);
  }
  return out;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "upgrade", "te"]);

/** Header list without Content-Length (recomputed), plus the authority from Host. */
function normaliseHeaders(pairs, bodyLength, authorityHint) {
  const headers = [];
  let authority = null;
  let te = false;
  for (const [rawName, rawValue] of pairs) {
    const name = String(rawName).toLowerCase();
    const value = String(rawValue ?? "");
    if (name === ":authority" || name === "host") {
      if (authority === null) authority = value;
      continue;
    }
    if (name.startsWith(":")) continue; // HTTP/2 pseudo-headers recorded by browsers: rebuilt below
    if (name === "content-length") continue;
    if (HOP_BY_HOP.has(name)) continue;
    if (name === "transfer-encoding") te = true;
    headers.push([name, value]);
  }
  // A chunked request carries no Content-Length; any other body does.
  if (bodyLength !== null && !te) headers.push(["content-length", String(bodyLength)]);
  return { headers, authority: authority ?? authorityHint ?? "" };
}

/** JSONL records (/work/shared/corpus/README.md): method, path, headers object, body string. */
export function fromJsonl(file, text) {
  const out = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let rec;
    try {
      rec = JSON.parse(line);
    } catch (err) {
      throw new InputError(`${file}:${i + 1}: not a JSON object (${err.message})`);
    }
    if (!rec || typeof rec !== "object" || Array.isArray(rec)) throw new InputError(`${file}:${i + 1}: not a JSON object`);
    if (typeof rec.path !== "string") throw new InputError(`${file}:${i + 1}: "path" must be a string (the request target as sent)`);
    const body = rec.body === null || rec.body === undefined ? null : Buffer.from(String(rec.body), "utf8");
    const pairs = Array.isArray(rec.headers) ? rec.headers : Object.entries(rec.headers ?? {});
    const { headers, authority } = normaliseHeaders(pairs, body === null ? null : body.length, null);
    out.push({
      id: rec.id !== undefined ? String(rec.id) : `${path.basename(file)}:${i + 1}`,
      file,
      method: typeof rec.method === "string" ? rec.method : "GET",
      path: rec.path,
      authority,
      headers,
      body,
      label: rec.label === "attack" || rec.label === "benign" ? rec.label : undefined,
      source: rec.source !== undefined ? String(rec.source) : undefined,
      category: rec.category !== undefined && rec.category !== null ? String(rec.category) : undefined,
    });
  }
  return out;
}

/** The body of a HAR request: postData.text, or postData.params as a form. */
function harBody(postData) {
  if (!postData) return null;
  if (typeof postData.text === "string") {
    // HAR 1.2 allows "encoding": "base64" on postData in some exporters.
    return postData.encoding === "base64" ? Buffer.from(postData.text, "base64") : Buffer.from(postData.text, "utf8");
  }
  if (Array.isArray(postData.params)) {
    const form = postData.params.map((p) => `${encodeURIComponent(p.name ?? "")}=${encodeURIComponent(p.value ?? "")}`).join("&");
    return Buffer.from(form, "utf8");
  }
  return null;
}

/** HAR 1.2 (log.entries[].request). */
export function fromHar(file, text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${err.message})`);
  }
  const entries = doc?.log?.entries;
  if (!Array.isArray(entries)) throw new InputError(`${file}: not a HAR file (no log.entries array)`);
  const out = [];
  entries.forEach((e, i) => {
    const req = e?.request;
    if (!req || typeof req.url !== "string") throw new InputError(`${file}: log.entries[${i}].request.url missing`);
    let url;
    try {
      url = new URL(req.url);
    } catch {
      throw new InputError(`${file}: log.entries[${i}].request.url is not an absolute URL`);
    }
    const body = harBody(req.postData);
    const pairs = (Array.isArray(req.headers) ? req.headers : []).map((h) => [h.name, h.value]);
    // A recorded Content-Type on postData only: the request sent it.
    if (body !== null && req.postData?.mimeType && !pairs.some(([n]) => String(n).toLowerCase() === "content-type")) {
      pairs.push(["content-type", req.postData.mimeType]);
    }
    const { headers, authority } = normaliseHeaders(pairs, body === null ? null : body.length, url.host);
    // The request target as sent: the URL's path and query, not re-encoded.
    const target = rawTarget(req.url, url);
    out.push({
      id: `${path.basename(file)}#${i}`,
      file,
      method: typeof req.method === "string" ? req.method : "GET",
      path: target,
      authority,
      headers,
      body,
      label: e._label === "attack" || e._label === "benign" ? e._label : undefined,
      source: e._source !== undefined ? String(e._source) : undefined,
      category: e._category !== undefined ? String(e._category) : undefined,
      scheme: url.protocol.replace(/:$/, ""),
    });
  });
  return out;
}

// new URL() re-encodes some characters; take path and query from the original text instead.
function rawTarget(text, url) {
  const afterScheme = text.indexOf("//");
  if (afterScheme < 0) return url.pathname + url.search;
  let end = text.length;
  for (const c of ["/", "?", "#"]) {
    const k = text.indexOf(c, afterScheme + 2);
    if (k >= 0 && k < end) end = k;
  }
  let t = text.slice(end);
  const hash = t.indexOf("#");
  if (hash >= 0) t = t.slice(0, hash);
  if (!t.startsWith("/")) t = `/${t}`;
  return t;
}
