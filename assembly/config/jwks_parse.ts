// Reads the root `jwks` array (schema $defs.jwks): every entry has a unique name
// and exactly one of `keys` (a JWKS document, compiled in) or `remote`.
import { ObjectFields, itemPath } from "./reader";
import { JwksConfig, JwksSource, RemoteJwks } from "./jwks";
import { parseJwks } from "../jwt/jwk";

export const MAX_JWKS_SOURCES: i32 = 256;
const DEFAULT_TIMEOUT_MS: i64 = 5000;
const DEFAULT_REFRESH_MS: i64 = 300000;

export function readJwks(root: ObjectFields): JwksConfig {
  let items = root.optionalArray("jwks", 0, MAX_JWKS_SOURCES);
  let reader = root.reader;
  let out = new Array<JwksSource>();
  let base = root.fieldPath("jwks");
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let path = itemPath(base, i);
    let o = reader.objectAt(items[i], path);
    if (o === null) break;
    let name = o.requiredString("name", 1, 512);
    for (let j = 0; j < out.length; j++) {
      if (out[j].name == name) { reader.fail(o.fieldPath("name"), "duplicate JWKS name \"" + name + "\" (also jwks[" + j.toString() + "])"); break; }
    }
    let hasKeys = o.has("keys"), hasRemote = o.has("remote");
    if (hasKeys == hasRemote) { o.field("keys"); o.field("remote"); reader.fail(path, "set exactly one of keys, remote"); break; }
    if (hasKeys) {
      let doc = o.field("keys")!;
      let r = parseJwks(doc, true);
      if (r.set === null) { reader.fail(o.fieldPath("keys"), r.error); break; }
      o.finish();
      out.push(new JwksSource(name, out.length, r.set, null));
      continue;
    }
    let ro = o.requiredObject("remote");
    o.finish();
    if (ro === null) break;
    let uri = ro.requiredString("uri", 1, 2048);
    let cluster = ro.requiredString("cluster", 1, 256);
    let authority = ro.requiredString("authority", 1, 256);
    let p = ro.requiredString("path", 1, 2048);
    let timeout = ro.optionalInteger("timeoutMs", DEFAULT_TIMEOUT_MS, 1, 600000);
    let refresh = ro.optionalInteger("refreshIntervalMs", DEFAULT_REFRESH_MS, 1000, 86400000);
    ro.finish();
    if (!reader.failed && !uri.startsWith("http://") && !uri.startsWith("https://")) reader.fail(ro.fieldPath("uri"), "must be an http:// or https:// URI");
    if (!reader.failed && p.charCodeAt(0) != 0x2F) reader.fail(ro.fieldPath("path"), "must start with /");
    out.push(new JwksSource(name, out.length, null, new RemoteJwks(uri, cluster, authority, p, <u32>timeout, <u32>refresh)));
  }
  return new JwksConfig(out);
}
