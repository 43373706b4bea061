import { percentDecodeRepeated, lastRepeatedFlags } from "./percent_repeated";
import { ItemFlag } from "./flags";

describe("percentDecodeRepeated", () => {
  it("decodes until stable and flags double encoding", () => {
    expect(percentDecodeRepeated("%252e%252e%252f")).toBe("../");
    expect(lastRepeatedFlags() & ItemFlag.DoubleEncoded).toBe(ItemFlag.DoubleEncoded);
  });

  it("a single encoding is not double", () => {
    expect(percentDecodeRepeated("%2e%2e")).toBe("..");
    expect(lastRepeatedFlags() & ItemFlag.DoubleEncoded).toBe(0);
  });

  it("stops after maxRounds", () => {
    // "%25" * 3 deep: three rounds are needed to reach "A".
    expect(percentDecodeRepeated("%25252541", 2)).toBe("%2541");
    expect(percentDecodeRepeated("%25252541", 4)).toBe("A");
    expect(percentDecodeRepeated("%41", 0)).toBe("%41");
  });

  it("stops on a value that decoding leaves unchanged (invalid escapes)", () => {
    expect(percentDecodeRepeated("%zz", 100)).toBe("%zz");
    expect(lastRepeatedFlags() & ItemFlag.InvalidPercent).toBe(ItemFlag.InvalidPercent);
  });
});
