import { scanValue, valuesScanned } from "./scan";
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
