#!/usr/bin/env node
// Regex engine benchmark: throughput (MB/s) of one pattern and of a
// 200-pattern set on 1 KB and 64 KB inputs (benign text and text with
// matches), and the compile time of that set. Uses build/regex-bench.wasm,
// the engine built with the filter's release flags (-O3 --converge --noAssert,
// incremental runtime). Targets (issue 3): set ≥ 300 MB/s, compile < 50 ms.
// Run alone with `node bench/regex.js`; bench/run.js imports run().
import { fileURLToPath } from "node:url";
import path from "node:path";
import { ensureBuilt } from "../tools/build-regex-check.mjs";
import { RegexEngine } from "../src/regex/engine.js";

/**
 * Attack-signature-like patterns written for this benchmark (SQL injection,
 * XSS, traversal, command injection, template/JNDI, NoSQL, SSRF shapes).
 * They are not taken from any rule set.
 */
export function signaturePatterns() {
  const base = [
    String.raw`(?i)\bunion\s+(all\s+)?select\b`,
    String.raw`(?i)\bselect\b[^;]{0,60}\bfrom\b`,
    String.raw`(?i)'\s*or\s+'?\d+'?\s*=\s*'?\d+`,
    String.raw`(?i)\b(sleep|benchmark|pg_sleep)\s*\(`,
    String.raw`(?i);\s*drop\s+(table|database)\b`,
    String.raw`(?i)\binformation_schema\b`,
    String.raw`(?i)\binto\s+(out|dump)file\b`,
    String.raw`(?i)\bwaitfor\s+delay\b`,
    String.raw`(?i)'\s*;\s*(shutdown|exec)\b`,
    String.raw`(?i)<script\b`,
    String.raw`(?i)javascript\s*:`,
    String.raw`(?i)vbscript\s*:`,
    String.raw`(?i)<(iframe|frame|object|embed|applet)\b`,
    String.raw`(?i)document\s*\.\s*(cookie|domain|write)`,
    String.raw`(?i)<svg[^>]{0,80}\bon[a-z]+\s*=`,
    String.raw`(?i)\bsrcdoc\s*=`,
    String.raw`(?i)expression\s*\(`,
    String.raw`(\.\.[/\\]){2,}`,
    String.raw`(?i)(%2e|\.){2}(%2f|%5c|/|\\)`,
    String.raw`(?i)/etc/(passwd|shadow|hosts)\b`,
    String.raw`(?i)c:\\windows\\`,
    String.raw`(?i)\bboot\.ini\b`,
    String.raw`;\s*(cat|ls|id|uname|whoami)\b`,
    String.raw`\$\([^)]{1,80}\)`,
    String.raw`\x60[^\x60]{1,80}\x60`,
    String.raw`(?i)\|\s*(nc|netcat|bash|sh)\b`,
    String.raw`(?i)\b(wget|curl)\s+(-\w+\s+)*https?://`,
    String.raw`\{\{[^}]{0,80}\}\}`,
    String.raw`\$\{\s*jndi\s*:`,
    String.raw`(?i)\$\{(env|sys|lower|upper):`,
    String.raw`\(\s*\|\s*\(\s*\w+\s*=`,
    String.raw`(?i)\$(where|ne|gt|regex|expr)\b`,
    String.raw`(?i)<\?php`,
    String.raw`(?i)\b169\.254\.169\.254\b`,
    String.raw`(?i)\b(gopher|dict|ldap|file)://`,
    String.raw`(?i)\bmetadata\.google\.internal\b`,
    String.raw`(?i)#\{[^}]{0,80}\}`,
    String.raw`(?i)\bcmd(\.exe)?\s*/c\b`,
    String.raw`(?i)\bpowershell(\.exe)?\s+-`,
    String.raw`(?i)%0d%0a(set-cookie|location)\s*:`,
  ];
  const sqlFunctions = ["concat", "char", "load_file", "xp_cmdshell", "sp_executesql", "group_concat", "extractvalue",
    "updatexml", "substring", "ascii", "hex", "unhex", "version", "user", "database", "schema_name", "table_name",
    "column_name", "dbms_pipe", "utl_http", "utl_inaddr", "openrowset", "opendatasource", "sysobjects", "syscolumns",
    "pg_read_file", "lo_import", "current_setting", "json_keys", "make_set"];
  const jsEvents = ["abort", "blur", "change", "click", "dblclick", "error", "focus", "input", "keydown", "keypress",
    "keyup", "load", "mousedown", "mousemove", "mouseout", "mouseover", "mouseup", "reset", "resize", "scroll",
    "select", "submit", "unload", "wheel", "drag", "drop", "copy", "paste", "animationstart", "transitionend",
    "pointerdown", "pointerup", "toggle", "beforeunload", "hashchange", "message", "pageshow", "popstate", "storage"];
  const shellCommands = ["chmod", "chown", "rm", "mkfifo", "telnet", "python", "perl", "ruby", "php", "nslookup",
    "ping", "sleep", "base64", "xxd", "crontab", "useradd", "passwd", "ifconfig", "netstat", "ps"];
  const jsSinks = ["eval", "settimeout", "setinterval", "function", "alert", "prompt", "confirm", "fromcharcode",
    "atob", "importscripts", "postmessage", "innerhtml", "outerhtml", "insertadjacenthtml", "createelement"];
  const phpSinks = ["system", "exec", "passthru", "shell_exec", "popen", "proc_open", "assert", "create_function",
    "preg_replace", "include", "require", "file_get_contents", "unserialize", "base64_decode", "phpinfo",
    "call_user_func", "fsockopen", "move_uploaded_file", "highlight_file", "show_source"];
  const out = [...base];
  for (const f of sqlFunctions) out.push(String.raw`(?i)\b${f}\s*\(`);
  for (const e of jsEvents) out.push(String.raw`(?i)\bon${e}\s*=`);
  for (const c of shellCommands) out.push(String.raw`(?i)[;&|]\s*${c}\b`);
  for (const s of jsSinks) out.push(String.raw`(?i)\b${s}\s*\(`);
  for (const s of phpSinks) out.push(String.raw`(?i)\b${s}\s*\(\s*\$`);
  const extra = ["(?i)\\bselect\\s+\\*", "(?i)\\border\\s+by\\s+\\d+", "(?i)\\bhaving\\s+\\d", "(?i)\\bcast\\s*\\(",
    "(?i)\\bconvert\\s*\\(", "(?i)\\bdeclare\\s+@", "(?i)\\bexec\\s+master\\.", "(?i)@@version\\b", "(?i)\\bnull\\s*,\\s*null\\b",
    "(?i)\\bor\\s+true\\b", "(?i)/\\*![0-9]*", "(?i)<img[^>]{0,80}\\bsrc\\s*=", "(?i)<link[^>]{0,80}\\bhref\\s*=",
    "(?i)<meta[^>]{0,80}http-equiv", "(?i)<base\\b", "(?i)<form[^>]{0,80}\\baction\\s*=", "(?i)\\bdata:text/html",
    "(?i)&#x?0*(60|3c);?", "(?i)\\\\u003c", "(?i)%3cscript", "(?i)\\.htaccess\\b", "(?i)\\bweb\\.config\\b",
    "(?i)\\bwp-config\\.php\\b", "(?i)/proc/self/environ", "(?i)\\.(bak|old|swp|orig)$", "(?i)\\bnslookup\\s",
    "(?i)\\bjava\\.lang\\.runtime\\b", "(?i)\\bclass\\.module\\.classloader\\b", "(?i)__proto__", "(?i)\\bconstructor\\s*\\[",
    "(?i)\\bunion\\b.{0,40}\\bselect\\b", "(?i)\\binsert\\s+into\\b", "(?i)\\bdelete\\s+from\\b", "(?i)\\bupdate\\s+\\w+\\s+set\\b",
    "(?i)<style[^>]{0,80}>[^<]{0,200}expression", "(?i)\\bxmlns:xsl\\b",
  ];
  for (const e of extra) out.push(e);
  return out.slice(0, 200);
}

/** Deterministic pseudo-text: words, query strings and JSON, like request data. */
function benignText(n, seed) {
  const words = ["the", "customer", "order", "id", "name", "value", "page", "size", "sort", "filter", "price",
    "shipping", "address", "street", "city", "country", "email", "user", "profile", "settings", "theme", "dark",
    "light", "language", "en", "de", "fr", "product", "category", "books", "music", "2024", "42", "true", "false",
    "description", "a", "nice", "item", "with", "good", "quality", "and", "fast", "delivery", "search", "query"];
  let s = "";
  let a = seed >>> 0;
  const rnd = () => ((a = (Math.imul(a ^ (a >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 4294967296);
  while (s.length < n) {
    const w = words[Math.floor(rnd() * words.length)];
    const r = rnd();
    s += r < 0.1 ? `&${w}=` : r < 0.2 ? `{"${w}": "` : r < 0.25 ? `", ` : r < 0.3 ? "/" : " ";
    s += w;
  }
  return Buffer.from(s.slice(0, n));
}

function withMatches(n, seed) {
  const buf = benignText(n, seed);
  const attacks = ["' or 1=1", "<script>alert(1)</script>", "../../etc/passwd", "; cat /etc/passwd", "${jndi:ldap://x}",
    "union select password from users", "onerror=alert(1)", "{{7*7}}"];
  // one attack every ~512 bytes
  for (let pos = 100, i = 0; pos + 40 < n; pos += 512, i++) buf.write(attacks[i % attacks.length], pos);
  return buf;
}

function measure(fn, bytesPerCall, minMs = 300) {
  for (let i = 0; i < 20; i++) fn(); // warm the DFA cache and the JIT
  let calls = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 50; i++) fn();
    calls += 50;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return (bytesPerCall * calls) / (1 << 20) / (elapsed / 1000);
}

/** @returns {Promise<{name: string, value: number, unit: string}[]>} */
export async function run() {
  const engine = new RegexEngine(await ensureBuilt("bench"));
  const x = engine.x;
  const rows = [];
  const patterns = signaturePatterns();

  // compile time of the 200-pattern set (parse + compile; the DFA is lazy)
  engine.compileSet(patterns); // warm up the JIT
  const reps = 10;
  const t0 = process.hrtime.bigint();
  let set = -1;
  for (let i = 0; i < reps; i++) set = engine.compileSet(patterns);
  const compileMs = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  rows.push({ name: `regex: compile ${patterns.length}-pattern set`, value: round(compileMs), unit: "ms" });
  rows.push({ name: `regex: ${patterns.length}-pattern set program size`, value: x.setProgramSize(set), unit: "instructions" });

  const single = engine.compile(String.raw`(?i)<script[^>]*>`);
  for (const size of [1024, 64 * 1024]) {
    const label = size === 1024 ? "1 KB" : "64 KB";
    for (const [kind, make] of [["benign", benignText], ["with matches", withMatches]]) {
      // several distinct inputs so the cache sees realistic variety
      const inputs = [0, 1, 2, 3].map((s) => make(size, s + 1));
      // The single pattern stops at its first match: its "with matches" input
      // has one match at the very end, so the whole input is scanned too.
      const singleInputs = kind === "benign" ? inputs : inputs.map((b, s) => {
        const t = benignText(size, s + 1);
        t.write("<script>", size - 8);
        return t;
      });
      let k = 0;
      const setFn = () => { x.setMatch(set, size); };
      const singleFn = () => { x.match(single, size); };
      // the scratch buffer holds one input at a time: rotate inputs between measurements
      let setMBs = 0, singleMBs = 0;
      for (let j = 0; j < inputs.length; j++) {
        engine.put(inputs[j]);
        setMBs += measure(setFn, size, 100);
        engine.put(singleInputs[j]);
        if (!x.match(single, size) && kind !== "benign") throw new Error("benchmark input lost its match");
        singleMBs += measure(singleFn, size, 100);
        k++;
      }
      rows.push({ name: `regex: ${patterns.length}-pattern set, ${label}, ${kind}`, value: round(setMBs / k), unit: "MB/s" });
      rows.push({ name: `regex: single pattern, ${label}, ${kind}`, value: round(singleMBs / k), unit: "MB/s" });
    }
  }
  rows.push({ name: "regex: set DFA cache in use", value: x.setCacheMemory(set), unit: "bytes" });

  // Cold cache: a freshly compiled set scanning 64 KB once, so every DFA state
  // it needs is built on the way. The first rounds only warm up V8's wasm tiers.
  const cold = withMatches(64 * 1024, 9);
  let coldMs = 0;
  const rounds = 10;
  for (let i = 0; i < 2 * rounds; i++) {
    const fresh = engine.compileSet(patterns);
    engine.put(cold);
    const t = process.hrtime.bigint();
    x.setMatch(fresh, cold.length);
    if (i >= rounds) coldMs += Number(process.hrtime.bigint() - t) / 1e6;
  }
  rows.push({ name: `regex: ${patterns.length}-pattern set, 64 KB, cold cache`, value: round(64 / 1024 / (coldMs / rounds / 1000)), unit: "MB/s" });
  return rows;
}

function round(v) {
  return Math.round(v * 10) / 10;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(52)} ${String(r.value).padStart(10)} ${r.unit}`);
}
