import { mediaType, mediaTypeParameter } from "./media_type";

describe("mediaType", () => {
  it("lowercases and drops parameters and whitespace", () => {
    expect(mediaType(" Application/JSON ; charset=UTF-8")).toBe("application/json");
    expect(mediaType("multipart/form-data;boundary=x")).toBe("multipart/form-data");
    expect(mediaType("")).toBe("");
  });
  it("reads parameters, quoted or not, case-insensitively", () => {
    expect(mediaTypeParameter("multipart/form-data; Boundary=\"a b\\\"c\"", "boundary")).toBe("a b\"c");
    expect(mediaTypeParameter("text/plain; charset=utf-8 ; q=1", "charset")).toBe("utf-8");
    expect(mediaTypeParameter("text/plain; charset=utf-8", "boundary")).toBeNull();
    expect(mediaTypeParameter("form-data; name=\"f\"; filename=\"C:\\dir\\a.txt\"", "filename")).toBe("C:\\dir\\a.txt");
    expect(mediaTypeParameter("text/plain; novalue; x=1", "x")).toBe("1");
  });
});
