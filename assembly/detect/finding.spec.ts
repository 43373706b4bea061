import { Finding, Level, Detector, better, levelName } from "./finding";

describe("finding", () => {
  it("keeps the more certain finding, the earlier one on a tie", () => {
    let a = new Finding(<u8>Detector.Sql, <u8>Level.Standard, "A", 0, 1);
    let b = new Finding(<u8>Detector.Sql, <u8>Level.Basic, "B", 2, 1);
    let c = new Finding(<u8>Detector.Sql, <u8>Level.Standard, "C", 4, 1);
    expect(better(a, b)!.id).toBe("B");
    expect(better(b, a)!.id).toBe("B");
    expect(better(a, c)!.id).toBe("A");
    expect(better(null, c)!.id).toBe("C");
    expect(better(a, null)!.id).toBe("A");
    expect(better(null, null)).toBeNull();
  });
  it("names levels", () => {
    expect(levelName(<u8>Level.Basic)).toBe("Basic");
    expect(levelName(<u8>Level.Standard)).toBe("Standard");
    expect(levelName(<u8>Level.Strict)).toBe("Strict");
  });
});
