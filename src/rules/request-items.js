// Splits a recorded request (the JSONL record format: method, path, headers,
// body) into inspection items { location, value, header? } the way the filter's
// parsers do, in plain JS. For rule evaluation and tests, not for the filter.
// Names (parameters, headers, cookies, JSON keys) are items of their location
// too, as the filter's parsers emit them.
//   Path       the request target before '?', as sent (rules decode it)
//   Query/Post form pairs, '+' as space and percent-decoded once
//   Cookie     Cookie header pairs, as sent
//   Header     every other header value, with its lower-case name
//   JSON       string values, numbers and keys of a JSON body
//   MultipartHeader / MultipartFile  a part's file name / file contents
// A body that is none of these (XML, text, broken JSON) is one Post item.

/** Percent-decodes to UTF-8 text (invalid escapes kept, bad UTF-8 replaced). */
export function percentDecode(s, plus) {
  if (plus) s = s.replace(/\+/g, " ");
  if (!s.includes("%")) return s;
  const bytes = [];
  const src = Buffer.from(s, "utf8");
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === 0x25 && i + 2 < src.length + 0 && /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(src[i + 1], src[i + 2] ?? 0))) {
      bytes.push(parseInt(String.fromCharCode(src[i + 1], src[i + 2]), 16));
      i += 2;
    } else bytes.push(c);
  }
  return Buffer.from(bytes).toString("utf8");
}

function formItems(text, location, out) {
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq), true);
    const value = eq < 0 ? "" : percentDecode(pair.slice(eq + 1), true);
    if (name) out.push({ location, value: name });
    if (value) out.push({ location, value });
  }
}

function jsonItems(v, out, depth = 0) {
  if (depth > 64) return;
  if (typeof v === "string") out.push({ location: "JSON", value: v });
  else if (typeof v === "number" || typeof v === "boolean") out.push({ location: "JSON", value: String(v) });
  else if (Array.isArray(v)) for (const x of v) jsonItems(x, out, depth + 1);
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      out.push({ location: "JSON", value: k });
      jsonItems(x, out, depth + 1);
    }
  }
}

function multipartItems(body, boundary, out) {
  for (const part of body.split(`--${boundary}`)) {
    const sep = part.indexOf("\r\n\r\n") >= 0 ? "\r\n\r\n" : "\n\n";
    const at = part.indexOf(sep);
    if (at < 0) continue;
    const head = part.slice(0, at);
    const content = part.slice(at + sep.length).replace(/\r?\n$/, "");
    const name = /\bname="([^"]*)"/i.exec(head)?.[1];
    const filename = /\bfilename\*?="?([^";\r\n]*)"?/i.exec(head)?.[1];
    if (filename !== undefined) {
      out.push({ location: "MultipartHeader", value: filename });
      out.push({ location: "MultipartFile", value: content });
    } else {
      if (name) out.push({ location: "Post", value: name });
      if (content) out.push({ location: "Post", value: content });
    }
  }
}

/** @param {{path: string, headers?: Record<string,string>, body?: string|null}} rec */
export function requestItems(rec) {
  const out = [];
  const target = rec.path ?? "/";
  const q = target.indexOf("?");
  out.push({ location: "Path", value: q < 0 ? target : target.slice(0, q) });
  if (q >= 0) formItems(target.slice(q + 1).split("#")[0], "Query", out);
  let contentType = "";
  for (const [name, value] of Object.entries(rec.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === "cookie") {
      for (const c of String(value).split(";")) {
        const eq = c.indexOf("=");
        const n = (eq < 0 ? c : c.slice(0, eq)).trim();
        const v = eq < 0 ? "" : c.slice(eq + 1).trim();
        if (n) out.push({ location: "Cookie", value: n });
        if (v) out.push({ location: "Cookie", value: v });
      }
      continue;
    }
    if (lower === "content-type") contentType = String(value);
    out.push({ location: "Header", value: lower, header: "" });
    out.push({ location: "Header", value: String(value), header: lower });
  }
  const body = rec.body;
  if (body) {
    const ct = contentType.toLowerCase();
    if (ct.includes("application/x-www-form-urlencoded")) formItems(body, "Post", out);
    else if (ct.includes("multipart/form-data") && /boundary=/.test(ct)) {
      multipartItems(body, /boundary="?([^";]+)"?/i.exec(contentType)[1], out);
    } else if (ct.includes("json")) {
      try { jsonItems(JSON.parse(body), out); } catch { out.push({ location: "Post", value: body }); }
    } else out.push({ location: "Post", value: body });
  }
  return out;
}
