import { internAscii, internLongAscii, MAX_INTERN, LONG_MAX } from "./intern";

function at(s: string): usize { return changetype<usize>(String.UTF8.encode(s)); }

describe("internAscii", () => {
  it("returns the same string for the same short token", () => {
    let a = internAscii(at("currency"), 8);
    let b = internAscii(at("currency"), 8);
    expect(a).toBe("currency");
    expect(changetype<usize>(b)).toBe(changetype<usize>(a));
  });
  it("never confuses different tokens, even in the same slot", () => {
    for (let i = 0; i < 5000; i++) {
      let t = "k" + i.toString();
      expect(internAscii(at(t), <usize>t.length)).toBe(t);
    }
    expect(internAscii(at("ab"), 2)).toBe("ab");
    expect(internAscii(at("ba"), 2)).toBe("ba");
  });
  it("long tokens are plain copies", () => {
    let t = "x".repeat(<i32>MAX_INTERN + 1);
    let a = internAscii(at(t), <usize>t.length);
    let b = internAscii(at(t), <usize>t.length);
    expect(a).toBe(t);
    expect(changetype<usize>(a) != changetype<usize>(b)).toBe(true);
    expect(internAscii(at(""), 0)).toBe("");
  });
  it("keeps a string that is in use when one-off tokens flood the table", () => {
    let key = internAscii(at("quantity"), 8);
    internAscii(at("quantity"), 8); // used again: it gets a second chance
    // Far more distinct one-off tokens than slots, the key used every few of them (a key of
    // an array of records): one-off tokens landing in its slot do not evict it.
    for (let i = 0; i < 4000; i++) {
      let t = "v" + i.toString();
      internAscii(at(t), <usize>t.length);
      if ((i & 3) == 0) expect(changetype<usize>(internAscii(at("quantity"), 8))).toBe(changetype<usize>(key));
    }
    expect(changetype<usize>(internAscii(at("quantity"), 8))).toBe(changetype<usize>(key));
  });
});

describe("internLongAscii", () => {
  it("returns the same string for the same header value", () => {
    let ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    let a = internLongAscii(at(ua), <usize>ua.length);
    let b = internLongAscii(at(ua), <usize>ua.length);
    expect(a).toBe(ua);
    expect(changetype<usize>(b)).toBe(changetype<usize>(a));
  });
  it("never confuses values that share length and edges (the hash sees only the edges)", () => {
    let head = "0123456789abcdef";
    for (let i = 0; i < 300; i++) {
      let t = head + "-" + (100000 + i).toString() + "-" + head;
      expect(internLongAscii(at(t), <usize>t.length)).toBe(t);
    }
    let x = head + "-middle-one-" + head;
    let y = head + "-middle-two-" + head;
    expect(internLongAscii(at(x), <usize>x.length)).toBe(x);
    expect(internLongAscii(at(y), <usize>y.length)).toBe(y);
    expect(internLongAscii(at(x), <usize>x.length)).toBe(x);
  });
  it("covers every length up to LONG_MAX", () => {
    let t = "y".repeat(<i32>LONG_MAX);
    expect(internLongAscii(at(t), <usize>t.length)).toBe(t);
    expect(changetype<usize>(internLongAscii(at(t), <usize>t.length))).toBe(changetype<usize>(internLongAscii(at(t), <usize>t.length)));
  });
});
