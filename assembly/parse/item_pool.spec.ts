import { Item, Source, ValueType } from "./items";
import { releaseItems, pooledCount, POOL_CAP } from "./item_pool";
import { PathNode } from "./json_path";
import { parseJson, JsonLimits } from "./json";
import { get } from "../transform/cache";

function jsonItems(text: string): Array<Item> {
  let out = new Array<Item>();
  let err = parseJson(Uint8Array.wrap(String.UTF8.encode(text)), new JsonLimits(), out);
  expect(err).toBeNull();
  return out;
}

describe("item pool", () => {
  test("released items are reused with nothing left of their request", () => {
    let first = jsonItems('{"secret":"s3cr3t"}');
    let form = new Item(Source.Post, "n", "v", "v%20");
    form.rawName = "n%20";
    form.field = "f";
    form.index = 4;
    get(first[1], 1); // a cached transformation
    first.push(form);
    let before = pooledCount();
    releaseItems(first);
    expect(first.length).toBe(0);
    expect(pooledCount()).toBe(before + 3);
    // Every pooled item is cleared: no strings, no path, no cache, no extras.
    let again = jsonItems("[1]");
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
    expect(pooledCount()).toBe(before + 2);
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

  test("the pool never holds more than POOL_CAP items", () => {
    let many = new Array<Item>();
    for (let i = 0; i < POOL_CAP + 100; i++) many.push(Item.json("v", "v", new PathNode(null, null, -1), null, i, ValueType.Text, 0, false));
    releaseItems(many);
    expect(pooledCount()).toBe(POOL_CAP);
    expect(many.length).toBe(0);
  });
});
