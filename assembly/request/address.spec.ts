import { asciiLower, hostFromAuthority, addressWithoutPort } from "./address";

describe("hosts and addresses", () => {
  it("lowercases ASCII without copying lowercase input", () => {
    let s = "shop.example.com";
    expect(changetype<usize>(asciiLower(s))).toBe(changetype<usize>(s));
    expect(asciiLower("Shop.EXAMPLE.com")).toBe("shop.example.com");
    expect(asciiLower("ÄB")).toBe("Äb");
  });

  it("strips the port from :authority, keeps IPv6 brackets, drops a trailing dot", () => {
    expect(hostFromAuthority("Shop.Example.com:8443")).toBe("shop.example.com");
    expect(hostFromAuthority("shop.example.com")).toBe("shop.example.com");
    expect(hostFromAuthority("[::1]:8080")).toBe("[::1]");
    expect(hostFromAuthority("[2001:DB8::1]")).toBe("[2001:db8::1]");
    expect(hostFromAuthority("example.com.:80")).toBe("example.com");
    expect(hostFromAuthority("")).toBe("");
    expect(hostFromAuthority(":80")).toBe("");
  });

  it("strips the port from source.address in IPv4 and IPv6 forms", () => {
    expect(addressWithoutPort("10.1.2.3:5678")).toBe("10.1.2.3");
    expect(addressWithoutPort("[::1]:5678")).toBe("::1");
    expect(addressWithoutPort("[2001:db8::7]:1")).toBe("2001:db8::7");
    expect(addressWithoutPort("10.1.2.3")).toBe("10.1.2.3");
    expect(addressWithoutPort("2001:db8::7")).toBe("2001:db8::7");
    expect(addressWithoutPort("[broken")).toBe("[broken");
    expect(addressWithoutPort("/var/run/envoy.sock")).toBe("/var/run/envoy.sock");
  });
});
