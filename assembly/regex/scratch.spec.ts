import { utf8Scratch, utf8Length } from "./scratch";

describe("UTF-8 scratch buffer", () => {
  it("encodes like String.UTF8.encode and grows for long strings", () => {
    let samples: Array<string> = ["", "abc", "é€😀", "x".repeat(5000), "ж".repeat(3000)];
    for (let i = 0; i < samples.length; i++) {
      let want = String.UTF8.encode(samples[i]);
      let ptr = utf8Scratch(samples[i]);
      expect(utf8Length()).toBe(want.byteLength);
      expect(memory.compare(ptr, changetype<usize>(want), <usize>want.byteLength)).toBe(0);
    }
  });
});
