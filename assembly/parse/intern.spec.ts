import { internAscii, MAX_INTERN } from "./intern";

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
});
