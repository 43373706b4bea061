import { parseMultipart, multipartBoundary } from "./multipart";
import { Item, ParseError, Source, ItemFlag } from "./items";

function run(s: string, boundary: string, out: Array<Item>): ParseError | null {
  return parseMultipart(Uint8Array.wrap(String.UTF8.encode(s)), boundary, out);
}
function sub(s: string, boundary: string = "XyZ"): string {
  let e = run(s, boundary, new Array<Item>());
  return e === null ? "" : e.subtype;
}
const FIELD = "Content-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";

describe("multipartBoundary", () => {
  it("reads the boundary parameter of multipart types only", () => {
    expect(multipartBoundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk")).toBe("----WebKitFormBoundary7MA4YWxk");
    expect(multipartBoundary("Multipart/Form-Data; charset=x; BOUNDARY=\"a b:c\"")).toBe("a b:c");
    expect(multipartBoundary("application/json; boundary=x")).toBeNull();
  });
  it("refuses missing, empty, too long or invalid boundaries", () => {
    expect(multipartBoundary("multipart/form-data")).toBeNull();
    expect(multipartBoundary("multipart/form-data; boundary=")).toBeNull();
    expect(multipartBoundary("multipart/form-data; boundary=\"\"")).toBeNull();
    expect(multipartBoundary("multipart/form-data; boundary=" + "a".repeat(71))).toBeNull();
    expect(multipartBoundary("multipart/form-data; boundary=a" + "a".repeat(69))).not.toBeNull();
    expect(multipartBoundary("multipart/form-data; boundary=\"a<b\"")).toBeNull();
    expect(multipartBoundary("multipart/form-data; boundary=\"ab \"")).toBeNull();
  });
});

describe("parseMultipart", () => {
  it("fields, files and part headers", () => {
    let body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\nworld\r\n" +
      "--XyZ\r\nContent-Disposition: form-data; name=\"up\"; filename=\"../../etc/passwd\"\r\nContent-Type: text/plain\r\n\r\n" +
      "<?php system($_GET['c']); ?>\r\n--XyZ--\r\nepilogue";
    let out = new Array<Item>();
    expect(run(body, "XyZ", out)).toBeNull();
    expect(out.length).toBe(5);
    expect(out[0].source).toBe(Source.MultipartHeader);
    expect(out[0].name).toBe("content-disposition");
    expect(out[1].source).toBe(Source.Post);
    expect(out[1].name).toBe("title");
    expect(out[1].value).toBe("Hello\r\nworld");
    expect(out[1].index).toBe(0);
    expect(out[3].name).toBe("content-type");
    expect(out[4].source).toBe(Source.MultipartFile);
    expect(out[4].name).toBe("up");
    expect(out[4].value).toBe("../../etc/passwd");
    expect(out[4].flags & ItemFlag.NotInspected).toBe(ItemFlag.NotInspected);
    expect(out[4].index).toBe(1);
  });

  it("filename* (RFC 5987) wins over filename; folded headers are joined", () => {
    let body = "--b\r\nContent-Disposition: form-data; name=\"u\";\r\n filename=\"a.txt\"; filename*=UTF-8''%C3%A9%2Ephp\r\n\r\nx\r\n--b--";
    let out = new Array<Item>();
    expect(run(body, "b", out)).toBeNull();
    expect(out[1].value).toBe("é.php");
  });

  it("empty field values and transport padding", () => {
    let out = new Array<Item>();
    expect(run("--b  \r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--b--\r\n", "b", out)).toBeNull();
    expect(out[1].value).toBe("");
  });

  it("missing or invalid boundary", () => {
    expect(sub("--XyZ\r\n" + FIELD + "--XyZ--", "")).toBe("multipart_boundary");
    expect(sub("no delimiter at all", "XyZ")).toBe("multipart_boundary");
    expect(sub("--Other\r\n" + FIELD + "--Other--", "XyZ")).toBe("multipart_boundary");
  });

  it("missing closing delimiter and broken structure", () => {
    expect(sub("--XyZ\r\n" + FIELD)).toBe("multipart_syntax");
    expect(sub("--XyZ\r\n" + FIELD + "--XyZ")).toBe("multipart_syntax");
    expect(sub("--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\nv\r\n--XyZ--")).toBe("multipart_syntax");
    expect(sub("--XyZjunk\r\n" + FIELD + "--XyZ--")).toBe("multipart_syntax");
    expect(sub("--XyZ\r\nBroken header\r\n\r\nv\r\n--XyZ--")).toBe("multipart_syntax");
  });

  it("a part without Content-Disposition, or without a name, or not form-data", () => {
    expect(sub("--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--")).toBe("multipart_syntax");
    expect(sub("--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--")).toBe("multipart_syntax");
    expect(sub("--XyZ\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nv\r\n--XyZ--")).toBe("multipart_syntax");
  });

  it("nested multipart parts are refused", () => {
    let body = "--XyZ\r\nContent-Disposition: form-data; name=\"files\"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n" +
      "--inner\r\nContent-Disposition: file; filename=\"a.txt\"\r\n\r\nA\r\n--inner--\r\n--XyZ--";
    let e = run(body, "XyZ", new Array<Item>());
    expect(e!.subtype).toBe("multipart_nested");
    expect(e!.location).toBe("part 0");
  });

  it("invalid UTF-8 in a field is flagged, not fatal", () => {
    let head = String.UTF8.encode("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n");
    let tail = String.UTF8.encode("\r\n--b--");
    let b = new Uint8Array(head.byteLength + 2 + tail.byteLength);
    b.set(Uint8Array.wrap(head), 0);
    b[head.byteLength] = 0xC0; b[head.byteLength + 1] = 0xAF;
    b.set(Uint8Array.wrap(tail), head.byteLength + 2);
    let out = new Array<Item>();
    expect(parseMultipart(b, "b", out)).toBeNull();
    expect(out[1].flags & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
  });

  it("hostile: many parts and a 1 MB field", () => {
    let parts = new Array<string>();
    for (let i = 0; i < 2000; i++) parts.push("--b\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\n" + i.toString() + "\r\n");
    let out = new Array<Item>();
    expect(run(parts.join("") + "--b--", "b", out)).toBeNull();
    expect(out.length).toBe(4000);
    let big = new Array<Item>();
    expect(run("--b\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\n" + "\r-".repeat(1 << 19) + "\r\n--b--", "b", big)).toBeNull();
    expect(big[1].value.length).toBe(1 << 20);
  });
});
