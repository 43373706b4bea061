// The Limits cases shared by the in-process suite (limits.test.js, through host.simulate) and the
// socket suite (serve-matrix.test.js, through bulwark serve): every limit with a request just under
// and one just over it.
import { post, get } from "./support.js";

export const nest = (n) => "[".repeat(n) + "]".repeat(n);
export const obj = (keys) => JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 1])));
export const query = (n, name = "p", value = "v") => Array.from({ length: n }, (_, i) => `${name}${i}=${value}`).join("&");
const multipart = (size) => {
  const head = "--XyZ\r\ncontent-disposition: form-data; name=\"f\"\r\n\r\n";
  const tail = "\r\n--XyZ--\r\n";
  return head + "a".repeat(size - head.length - tail.length) + tail;
};
const MP = "multipart/form-data; boundary=XyZ";
const gqlJson = (q) => JSON.stringify({ query: q });
const depthQuery = (d) => "{" + "a{".repeat(d - 1) + "b" + "}".repeat(d);

// [subtype, edit(limits), under request, over request, expected location (regex)]
export const CASES = [
  ["path_length", (l) => { l.general.pathLength = 20; }, get("/" + "a".repeat(19)), get("/" + "a".repeat(20)), /^path$/],
  ["parameter_count", (l) => { l.parameter.count = 5; }, get(`/s?${query(5)}`), get(`/s?${query(6)}`), /^query$/],
  ["parameter_count", (l) => { l.parameter.count = 5; }, post(`/s?${query(2)}`, "application/x-www-form-urlencoded", query(3, "b")),
    post(`/s?${query(2)}`, "application/x-www-form-urlencoded", query(4, "b")), /^body$/],
  ["parameter_name_length", (l) => { l.parameter.nameLength = 8; }, get("/s?abcdefgh=1"), get("/s?abcdefghi=1"), /^query:abcdefghi$/],
  ["parameter_value_length", (l) => { l.parameter.valueLength = 8; }, get("/s?q=12345678"), get("/s?q=123456789"), /^query:q$/],
  ["parameter_value_length", (l) => { l.parameter.valueLength = 8; }, post("/s", "application/x-www-form-urlencoded", "q=%41%41%41%41%41%41%41%41"),
    post("/s", "application/x-www-form-urlencoded", "q=AAAAAAAAA"), /^post:q$/],
  ["parameter_body_size", (l) => { l.parameter.bodySize = 100; }, post("/s", "application/x-www-form-urlencoded", "q=" + "a".repeat(98)),
    post("/s", "application/x-www-form-urlencoded", "q=" + "a".repeat(99)), /^body$/],
  ["json_body_size", (l) => { l.json.bodySize = 100; }, post("/j", "application/json", JSON.stringify("a".repeat(98))),
    post("/j", "application/json", JSON.stringify("a".repeat(99))), /^body$/],
  ["json_nesting_depth", (l) => { l.json.nestingDepth = 10; }, post("/j", "application/json", nest(10)), post("/j", "application/json", nest(11)), /^\$/],
  ["json_key_count", (l) => { l.json.keyCount = 5; }, post("/j", "application/json", obj(5)), post("/j", "application/json", obj(6)), /^\$/],
  ["json_element_count", (l) => { l.json.elementCount = 10; }, post("/j", "application/json", JSON.stringify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])),
    post("/j", "application/json", JSON.stringify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])), /^\$/],
  ["json_key_length", (l) => { l.json.keyLength = 4; }, post("/j", "application/json", '{"abcd":1}'), post("/j", "application/json", '{"abcde":1}'), /^\$\.abcde$/],
  ["json_value_length", (l) => { l.json.valueLength = 4; }, post("/j", "application/json", '{"a":"\\u0041bcd"}'), post("/j", "application/json", '{"a":"abcde"}'), /^\$\.a$/],
  ["multipart_body_size", (l) => { l.multipart.bodySize = 200; }, post("/m", MP, multipart(200)), post("/m", MP, multipart(201)), /^body$/],
  ["general_body_size", (l) => { l.general.bodySize = 50; }, post("/b", "application/octet-stream", "x".repeat(50)), post("/b", "application/octet-stream", "x".repeat(51)), /^body$/],
  ["graphql_query_size", (l) => { l.graphQL.querySize = 30; }, post("/graphql", "application/json", gqlJson("{" + "a".repeat(28) + "}")),
    post("/graphql", "application/json", gqlJson("{" + "a".repeat(29) + "}")), /^\$\.query$/],
  ["graphql_query_size", (l) => { l.graphQL.querySize = 30; }, get(`/graphql?query=${encodeURIComponent("{" + "a".repeat(28) + "}")}`),
    get(`/graphql?query=${encodeURIComponent("{" + "a".repeat(29) + "}")}`), /^query:query$/],
  ["graphql_query_size", (l) => { l.graphQL.querySize = 30; }, post("/api", "application/graphql", "{" + "a".repeat(28) + "}"),
    post("/api", "application/graphql", "{" + "a".repeat(29) + "}"), /^body$/],
  ["graphql_nesting_depth", (l) => { l.graphQL.nestingDepth = 3; }, post("/graphql", "application/json", gqlJson(depthQuery(3))),
    post("/graphql", "application/json", gqlJson(depthQuery(4))), /./],
  ["graphql_value_length", (l) => { l.graphQL.valueLength = 5; }, post("/graphql", "application/json", gqlJson('{ user(name: "abcde") { id } }')),
    post("/graphql", "application/json", gqlJson('{ user(name: "abcdef") { id } }')), /./],
];

