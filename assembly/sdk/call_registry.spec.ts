import { registerCall, takeCall, forgetContext, pendingCallCount } from "./call_registry";

describe("HTTP call registry", () => {
  it("routes a token back to the context that made the call, once", () => {
    registerCall(11, 5);
    registerCall(12, 6);
    expect(takeCall(11)).toBe(5);
    expect(takeCall(11)).toBe(0);
    expect(takeCall(12)).toBe(6);
    expect(pendingCallCount()).toBe(0);
  });

  it("drops the calls of a deleted context so late answers go nowhere", () => {
    registerCall(21, 8);
    registerCall(22, 8);
    registerCall(23, 9);
    forgetContext(8);
    expect(takeCall(21)).toBe(0);
    expect(takeCall(22)).toBe(0);
    expect(takeCall(23)).toBe(9);
    expect(pendingCallCount()).toBe(0);
  });

  it("returns 0 for unknown tokens and ignores unknown contexts", () => {
    forgetContext(12345);
    expect(takeCall(999)).toBe(0);
  });
});
