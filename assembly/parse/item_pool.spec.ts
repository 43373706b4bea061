import { Item, Source, ValueType } from "./items";
import { releaseItems, pooledCount, POOL_CAP } from "./item_pool";
import { parseJson, JsonLimits } from "./json";
import { get } from "../transform/cache";
import { trimPool } from "./json_doc";

function jsonItems(text: string, limits: JsonLimits = new JsonLimits()): Array<Item> {
  let out = new Array<Item>();
  let err = parseJson(Uint8Array.wrap(String.UTF8.encode(text)), limits, out);
  expect(err).toBeNull();
  return out;
}

function unlimited(): JsonLimits {
  let l = new JsonLimits();
  l.nestingDepth = 0; l.keyCount = 0; l.elementCount = 0;
  return l;
}

describe("item pool", () => {
  test("released JSON items are reused with nothing left of their request", () => {
    let first = jsonItems('{"secret":"s3cr3t","n":"a\\u0041"}');
    expect(first[1].value).toBe("s3cr3t");
    expect(first[3].raw).toBe("a\\u0041");
    first[1].name = "renamed";
    get(first[1], 1); // a cached transformation
    let form = new Item(Source.Post, "n", "v", "v%20");
    form.rawName = "n%20";
    form.field = "f";
    first.push(form);
    let before = pooledCount();
    releaseItems(first);
    expect(first.length).toBe(0);
    // The document's four items are pooled; the form item is left to the GC.
    expect(pooledCount()).toBe(before + 4);
    // Every recycled item is cleared: no strings, no name, no cache, no extras.
    let again = jsonItems("[1,\"x\"]");
    expect(pooledCount()).toBe(before);
    let it = again[0];
    expect(it.value).toBe("1");
    expect(it.raw).toBe("1");
    expect(it.name).toBe("$[0]");
    expect(it.valueType).toBe(ValueType.Number);
    expect(it.isKey).toBe(false);
    expect(it.index).toBe(-1);
    expect(it.transformed).toBeNull();
    expect(it.rawName).toBe("");
    expect(it.field).toBe("");
    expect(it.argument).toBe("");
    let second = again[1];
    expect(second.name).toBe("$[1]");
    expect(second.value).toBe("x");
    expect(second.raw).toBe("x");
    expect(second.transformed).toBeNull();
    releaseItems(again);
  });

  test("recycled key items keep their own path", () => {
    releaseItems(jsonItems('{"a":{"b":true}}'));
    let items = jsonItems('{"x":[{"y":null}]}');
    expect(items.length).toBe(3);
    expect(items[0].name).toBe("$");
    expect(items[0].value).toBe("x");
    expect(items[0].isKey).toBe(true);
    expect(items[1].name).toBe("$.x[0]");
    expect(items[1].value).toBe("y");
    expect(items[2].name).toBe("$.x[0].y");
    expect(items[2].valueType).toBe(ValueType.Null);
    releaseItems(items);
  });

  test("releasing twice, or a list without JSON items, is harmless", () => {
    let items = jsonItems("[true,false]");
    let copy = new Array<Item>();
    copy.push(items[0]);
    let before = pooledCount();
    releaseItems(items);
    let after = pooledCount();
    expect(after).toBeGreaterThanOrEqual(before + 2);
    releaseItems(copy); // the same document: pooled once
    expect(pooledCount()).toBe(after);
    let plain = new Array<Item>();
    plain.push(new Item(Source.Query, "a", "b", "b"));
    releaseItems(plain);
    expect(plain.length).toBe(0);
    expect(pooledCount()).toBe(after);
  });

  test("the pool never holds more than POOL_CAP items", () => {
    let big = "[" + "0,".repeat(POOL_CAP + 99) + "0]";
    let a = jsonItems(big, unlimited());
    let b = jsonItems(big, unlimited());
    expect(a.length).toBe(POOL_CAP + 100);
    releaseItems(a);
    releaseItems(b);
    expect(pooledCount()).toBe(POOL_CAP);
    // A document refilled from the pool grows past what it kept.
    let c = jsonItems(big, unlimited());
    expect(c.length).toBe(POOL_CAP + 100);
    expect(c[POOL_CAP + 99].name).toBe("$[" + (POOL_CAP + 99).toString() + "]");
    releaseItems(c);
    expect(pooledCount()).toBe(POOL_CAP);
  });

  test("trimming before a collection keeps what documents since the last trim needed", () => {
    let big = "[" + "0,".repeat(POOL_CAP + 99) + "0]";
    releaseItems(jsonItems(big, unlimited()));
    expect(pooledCount()).toBe(POOL_CAP);
    // A large document since the last trim: the pool stays full.
    trimPool();
    expect(pooledCount()).toBe(POOL_CAP);
    // Only small documents since: down to the floor (256 items), and their items still come back.
    for (let i = 0; i < 3; i++) releaseItems(jsonItems('{"a":[1,2,3]}'));
    trimPool();
    expect(pooledCount()).toBe(256);
    let mid = "[" + "0,".repeat(999) + "0]";
    releaseItems(jsonItems(mid, unlimited()));
    trimPool();
    expect(pooledCount()).toBe(1000);
    trimPool();
    expect(pooledCount()).toBe(256);
    // What the trimmed pool hands out is as good as new.
    let again = jsonItems('{"k":"v"}');
    expect(again[1].value).toBe("v");
    expect(again[1].name).toBe("$.k");
    releaseItems(again);
  });
});
