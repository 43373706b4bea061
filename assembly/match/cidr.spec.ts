import { CidrSet, parseCidr, parseIp, parseClientAddress } from "./cidr";

function inRanges(ranges: Array<string>, addr: string): bool {
  let r = CidrSet.parse(ranges);
  if (r.ranges === null) throw new Error(r.error);
  let ip = parseClientAddress(addr);
  return ip !== null && r.ranges!.contains(ip);
}

describe("CIDR parsing", () => {
  it("accepts v4, v6 and bare addresses", () => {
    expect(parseCidr("10.0.0.0/8")).not.toBeNull();
    expect(parseCidr("192.168.1.1")!.prefix).toBe(32);
    expect(parseCidr("2001:db8::/32")).not.toBeNull();
    expect(parseCidr("::1")!.prefix).toBe(128);
    expect(parseCidr("::/0")).not.toBeNull();
    expect(parseCidr("::ffff:10.0.0.0/104")!.prefix).toBe(8);
  });
  it("rejects malformed ranges", () => {
    expect(parseCidr("10.0.0.0/33")).toBeNull();
    expect(parseCidr("10.0.0/8")).toBeNull();
    expect(parseCidr("256.0.0.0/8")).toBeNull();
    expect(parseCidr("010.0.0.1")).toBeNull();
    expect(parseCidr("10.0.0.0/")).toBeNull();
    expect(parseCidr("1::2::3")).toBeNull();
    expect(parseCidr("2001:db8::/129")).toBeNull();
    expect(parseCidr("12345::")).toBeNull();
    expect(parseCidr("1:2:3:4:5:6:7:8:9")).toBeNull();
    expect(parseCidr("")).toBeNull();
  });
  it("names the bad entry", () => {
    let r = CidrSet.parse(["10.0.0.0/8", "nope"]);
    expect(r.ranges).toBeNull();
    expect(r.index).toBe(1);
    expect(CidrSet.parse([]).error.length).toBeGreaterThan(0);
  });
});

describe("CIDR matching", () => {
  it("matches v4 clients with and without port", () => {
    expect(inRanges(["10.0.0.0/8"], "10.1.2.3")).toBe(true);
    expect(inRanges(["10.0.0.0/8"], "10.1.2.3:5555")).toBe(true);
    expect(inRanges(["10.0.0.0/8"], "11.1.2.3")).toBe(false);
    expect(inRanges(["192.168.1.0/25"], "192.168.1.127")).toBe(true);
    expect(inRanges(["192.168.1.0/25"], "192.168.1.128")).toBe(false);
    expect(inRanges(["0.0.0.0/0"], "8.8.8.8")).toBe(true);
  });
  it("matches v6 clients", () => {
    expect(inRanges(["2001:db8::/32"], "[2001:db8:1::5]:443")).toBe(true);
    expect(inRanges(["2001:db8::/32"], "2001:db9::1")).toBe(false);
    expect(inRanges(["fe80::/10"], "fe80::1%eth0")).toBe(true);
  });
  it("keeps families apart, treating IPv4-mapped clients as v4", () => {
    expect(inRanges(["::/0"], "1.2.3.4")).toBe(false);
    expect(inRanges(["0.0.0.0/0"], "::1")).toBe(false);
    expect(inRanges(["10.0.0.0/8"], "[::ffff:10.9.8.7]:80")).toBe(true);
  });
  it("masks host bits of the range", () => {
    expect(inRanges(["10.1.2.3/8"], "10.200.0.1")).toBe(true);
  });
  it("unknown client addresses are in no range", () => {
    expect(parseClientAddress("garbage")).toBeNull();
    expect(parseIp("1.2.3")).toBeNull();
  });
});
