import { sanitizeDetails } from "./local_reply";

describe("local reply details", () => {
  it("keeps a valid token unchanged (same string)", () => {
    let d = "bulwark_denied_by_rule";
    expect(changetype<usize>(sanitizeDetails(d))).toBe(changetype<usize>(d));
  });

  it("replaces whitespace and control characters, which Envoy forbids in response code details", () => {
    expect(sanitizeDetails("denied by rule\t7\n")).toBe("denied_by_rule_7_");
  });
});
