import { Transformed, Transform, canonicalMask, get, CACHE_SLOTS } from "./cache";
import { Item, Source } from "../parse/items";
import { ItemFlag } from "./flags";

describe("Transformed", () => {
  it("applies the steps in the canonical order", () => {
    let t = new Transformed("%26LT%3BScript%26gt%3B+%2500");
    // Lowercase runs after HTML decoding: "&LT;" is decoded before folding.
    expect(t.get(Transform.UrlDecode | Transform.HtmlEntity | Transform.Lowercase | Transform.PlusAsSpace))
      .toBe("<script> %00");
    expect(t.get(Transform.UrlDecodeRepeated | Transform.RemoveNul | Transform.PlusAsSpace)).toBe("&LT;Script&gt; ");
    expect(t.flags & ItemFlag.DoubleEncoded).toBe(ItemFlag.DoubleEncoded);
  });

  it("computes each chain at most once and reuses cached prefixes", () => {
    let t = new Transformed("A%41");
    let a = t.get(Transform.UrlDecode);
    expect(t.steps).toBe(1);
    expect(changetype<usize>(t.get(Transform.UrlDecode))).toBe(changetype<usize>(a));
    expect(t.steps).toBe(1);
    expect(t.get(Transform.UrlDecode | Transform.Lowercase)).toBe("aa");
    expect(t.steps).toBe(2); // reused the decoded prefix, ran Lowercase only
    expect(t.get(Transform.UrlDecode | Transform.Lowercase)).toBe("aa");
    expect(t.steps).toBe(2);
  });

  it("keeps only the strongest URL decoding of a mask", () => {
    expect(canonicalMask(Transform.UrlDecode | Transform.UrlDecodeUni)).toBe(Transform.UrlDecodeUni);
    expect(canonicalMask(Transform.UrlDecode | Transform.UrlDecodeRepeated | Transform.Lowercase))
      .toBe(Transform.UrlDecodeRepeated | Transform.Lowercase);
    let t = new Transformed("%u0041");
    expect(t.get(Transform.UrlDecode | Transform.UrlDecodeUni)).toBe("A");
  });

  it("stays correct when the cache is full", () => {
    let t = new Transformed("A B\t%41&amp;");
    let masks: u32[] = [Transform.Lowercase, Transform.UrlDecode, Transform.HtmlEntity, Transform.CompressWhitespace,
      Transform.RemoveNul, Transform.PlusAsSpace, Transform.UrlDecodeUni, Transform.UrlDecode | Transform.HtmlEntity | Transform.Lowercase];
    expect(masks.length > CACHE_SLOTS).toBe(true);
    for (let i = 0; i < masks.length; i++) t.get(masks[i]);
    expect(t.get(Transform.UrlDecode | Transform.HtmlEntity | Transform.Lowercase | Transform.CompressWhitespace)).toBe("a b a&");
    expect(t.get(Transform.None)).toBe("A B\t%41&amp;");
  });

  it("get(item, mask) caches on the item", () => {
    let it = new Item(Source.Query, "q", "%3Cb%3E", "%253Cb%253E");
    expect(get(it, Transform.UrlDecode)).toBe("<b>");
    expect(it.transformed).not.toBeNull();
    let steps = it.transformed!.steps;
    get(it, Transform.UrlDecode);
    expect(it.transformed!.steps).toBe(steps);
  });
});
