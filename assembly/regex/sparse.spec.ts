import { SparseSet, Marks, sortRange } from "./sparse";

describe("SparseSet", () => {
  it("adds once, keeps insertion order, clears in O(1)", () => {
    let s = new SparseSet(10);
    s.add(7); s.add(3); s.add(7); s.add(0);
    expect(s.size).toBe(3);
    expect(s.dense[0]).toBe(7);
    expect(s.has(3)).toBe(true);
    expect(s.has(4)).toBe(false);
    s.clear();
    expect(s.has(7)).toBe(false);
    s.add(4);
    expect(s.has(4)).toBe(true);
    expect(s.size).toBe(1);
  });
});

describe("sortRange", () => {
  it("sorts short and long ranges in place", () => {
    let a = new StaticArray<i32>(100);
    let seed: u32 = 99;
    for (let i = 0; i < 100; i++) { seed = seed * 1103515245 + 12345; a[i] = <i32>((seed >> 8) % 1000); }
    sortRange(a, 10, 90);
    for (let i = 11; i < 90; i++) expect(a[i - 1] <= a[i]).toBe(true);
    let b: StaticArray<i32> = [5, 1, 4];
    sortRange(b, 0, 3);
    expect(b[0]).toBe(1);
    expect(b[2]).toBe(5);
  });
});

describe("Marks", () => {
  it("tests, sets and clears membership", () => {
    let m = new Marks(8);
    expect(m.has(3)).toBe(false);
    m.add(3);
    m.add(7);
    expect(m.has(3)).toBe(true);
    expect(m.has(7)).toBe(true);
    expect(m.has(0)).toBe(false);
    m.clear();
    expect(m.has(3)).toBe(false);
    m.add(0);
    expect(m.has(0)).toBe(true);
    expect(m.has(7)).toBe(false);
  });

  it("stays correct when the generation wraps", () => {
    let m = new Marks(4);
    m.add(1);
    m.gen = 0xffffffff;
    m.add(2);
    m.clear();
    expect(m.gen).toBe(1);
    expect(m.has(1)).toBe(false);
    expect(m.has(2)).toBe(false);
  });
});
