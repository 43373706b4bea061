import { acceptQuality } from "./negotiate";

describe("acceptQuality", () => {
  it("takes q from the most specific range that names the type", () => {
    expect(acceptQuality("application/json", "application/json")).toBe(1000);
    expect(acceptQuality("text/html;q=0.5, */*;q=0.1", "text/html")).toBe(500);
    expect(acceptQuality("text/html;q=0.5, */*;q=0.1", "application/json")).toBe(100);
    expect(acceptQuality("text/*;q=0.3, text/plain;q=0", "text/plain")).toBe(0);
    expect(acceptQuality("text/*;q=0.3", "text/csv")).toBe(300);
    expect(acceptQuality("image/png", "text/html")).toBe(-1);
    expect(acceptQuality("Application/JSON", "application/json")).toBe(1000);
  });
});
